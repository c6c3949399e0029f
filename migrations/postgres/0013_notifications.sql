-- Notifications: one row per account and item a followed channel published, read or not,
-- emailed or not. The key makes "once" hold however often the fan-out runs.
-- `users.email_uploads` is the account's opt-in (1) to an email about them.

CREATE TABLE notifications (
    user_id    TEXT NOT NULL,
    video_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    emailed_at BIGINT,
    PRIMARY KEY (user_id, video_id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC, video_id DESC);
CREATE INDEX notifications_by_video ON notifications (video_id);

ALTER TABLE users ADD COLUMN email_uploads BIGINT NOT NULL DEFAULT 0;
