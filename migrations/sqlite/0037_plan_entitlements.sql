-- What a plan lets its holder do besides open the items that require it: streams at once,
-- devices signed in, the tallest rung (in lines) and whether downloads are allowed. 0 is no
-- limit, so plans made before keep none.

ALTER TABLE plans ADD COLUMN max_streams BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN max_devices BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN max_height BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN downloads BIGINT NOT NULL DEFAULT 1;
