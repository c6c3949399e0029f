-- Watch history: the rows of `watch_progress` a viewer sees as their history. An entry they
-- remove (or clear) leaves it, but its row stays, so a view is still counted once per six
-- hours; a view while history is paused writes a row that is not in it.

ALTER TABLE watch_progress ADD COLUMN in_history BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN history_paused BIGINT NOT NULL DEFAULT 0;
