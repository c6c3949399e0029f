-- Series and playlists. A series' episodes are videos that name it, with their season and
-- episode numbers (one item per number); a playlist's items are rows of their own, in the
-- order their owner gave them.

CREATE TABLE series (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT,
    visibility  TEXT NOT NULL DEFAULT 'members',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX series_by_owner ON series (created_by, created_at);

ALTER TABLE videos ADD COLUMN series_id TEXT;
ALTER TABLE videos ADD COLUMN season BIGINT;
ALTER TABLE videos ADD COLUMN episode BIGINT;
CREATE UNIQUE INDEX videos_by_episode ON videos (series_id, season, episode);

CREATE TABLE playlists (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT,
    visibility  TEXT NOT NULL DEFAULT 'private',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX playlists_by_owner ON playlists (created_by, created_at);

CREATE TABLE playlist_items (
    playlist_id TEXT NOT NULL,
    video_id    TEXT NOT NULL,
    position    BIGINT NOT NULL,
    added_at    BIGINT NOT NULL,
    PRIMARY KEY (playlist_id, video_id)
);
CREATE INDEX playlist_items_by_video ON playlist_items (video_id);
