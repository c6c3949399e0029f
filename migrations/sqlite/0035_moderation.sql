-- The moderation queue: members' reports of an item, a comment or an account, and owners'
-- appeals of a takedown, each with what it was about as it was then (`excerpt`: the title,
-- the comment's text, the account's name), so that evidence outlives an edit or a deletion;
-- resolved with an outcome its reporter is told. A taken-down item keeps everything it has
-- and disappears from everyone but its owner and the moderators; its owner may appeal once.
-- A suspended account cannot sign in, use a session or a token until `suspended_until`.
-- A notification of kind `report`, `takedown` or `restored` names its report (`report_id`).
CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    reporter_id TEXT,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    video_id    TEXT,
    account_id  TEXT,
    reason      TEXT NOT NULL,
    excerpt     TEXT NOT NULL,
    status      TEXT NOT NULL,
    outcome     TEXT,
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by TEXT
);
CREATE INDEX reports_queue ON reports (status, created_at, id);
CREATE INDEX reports_target ON reports (target_type, target_id, status);
CREATE INDEX reports_by_reporter ON reports (reporter_id, created_at);

ALTER TABLE videos ADD COLUMN taken_down_at BIGINT;
ALTER TABLE videos ADD COLUMN takedown_reason TEXT;
ALTER TABLE videos ADD COLUMN appealed_at BIGINT;
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
ALTER TABLE users ADD COLUMN suspension_reason TEXT;
ALTER TABLE notifications ADD COLUMN report_id TEXT;
