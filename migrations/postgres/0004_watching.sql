-- What viewers watch: a view count per video, and each viewer's place in each video
-- (for "continue watching" and resuming).

ALTER TABLE videos ADD COLUMN views BIGINT NOT NULL DEFAULT 0;

CREATE TABLE watch_progress (
    user_id      TEXT NOT NULL,
    video_id     TEXT NOT NULL,
    position_s   DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL,
    last_view_at BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, video_id)
);
CREATE INDEX watch_progress_recent ON watch_progress (user_id, updated_at DESC);
