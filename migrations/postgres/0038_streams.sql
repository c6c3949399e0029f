-- Playback sessions ("screens"): one per token that played, so a plan's max_streams can be
-- counted and a member can see and stop what plays on their account. The id is derived from
-- the token (see reel_core::audience::streams), so the origin finds it without a lookup table.
-- A stream is live while ended_at is null and it showed a sign of life within
-- [entitlements] session_idle_secs.

CREATE TABLE streams (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    profile_id    TEXT,
    video_id      TEXT NOT NULL,
    device        TEXT NOT NULL,
    started_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    ended_at      BIGINT,
    end_reason    TEXT
);
CREATE INDEX streams_user ON streams (user_id, ended_at);
CREATE INDEX streams_video ON streams (video_id);
