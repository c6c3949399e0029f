-- Viewer profiles inside one account. Each account has a main profile with the account's
-- own id; others are added by the account (a kids one sees only items at or under the
-- configured rating). Positions, history and playlists belong to a profile; a session and
-- an API token act as one (none: the main profile).

CREATE TABLE profiles (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    avatar         TEXT NOT NULL DEFAULT 'teal',
    kids           BIGINT NOT NULL DEFAULT 0,
    history_paused BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);
CREATE INDEX profiles_by_user ON profiles (user_id, created_at);

INSERT INTO profiles (id, user_id, name, history_paused, created_at)
SELECT id, id, display_name, history_paused, created_at FROM users;
ALTER TABLE users DROP COLUMN history_paused;

-- Positions move from one row per account and item to one per profile and item.
CREATE TABLE watch_progress_by_profile (
    user_id      TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    video_id     TEXT NOT NULL,
    position_s   DOUBLE PRECISION NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL,
    last_view_at BIGINT NOT NULL DEFAULT 0,
    in_history   BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (profile_id, video_id)
);
INSERT INTO watch_progress_by_profile (user_id, profile_id, video_id, position_s, updated_at, last_view_at, in_history)
SELECT user_id, user_id, video_id, position_s, updated_at, last_view_at, in_history FROM watch_progress;
DROP TABLE watch_progress;
ALTER TABLE watch_progress_by_profile RENAME TO watch_progress;
CREATE INDEX watch_progress_recent ON watch_progress (profile_id, updated_at DESC);
CREATE INDEX watch_progress_by_user ON watch_progress (user_id);
CREATE INDEX watch_progress_by_video ON watch_progress (video_id);

ALTER TABLE sessions ADD COLUMN profile_id TEXT;
ALTER TABLE api_tokens ADD COLUMN profile_id TEXT;

ALTER TABLE playlists ADD COLUMN profile_id TEXT;
UPDATE playlists SET profile_id = created_by;
CREATE INDEX playlists_by_profile ON playlists (profile_id, created_at);
