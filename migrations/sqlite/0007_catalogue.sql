-- The catalogue: what an item is (kind, year, language, rating, credits, music fields) on the
-- video row, and its genres and tags in tables of their own so listings filter by index.

ALTER TABLE videos ADD COLUMN kind TEXT NOT NULL DEFAULT 'video';
ALTER TABLE videos ADD COLUMN year BIGINT;
ALTER TABLE videos ADD COLUMN language TEXT;
ALTER TABLE videos ADD COLUMN content_rating TEXT;
ALTER TABLE videos ADD COLUMN credits TEXT;
ALTER TABLE videos ADD COLUMN artist TEXT;
ALTER TABLE videos ADD COLUMN album TEXT;
ALTER TABLE videos ADD COLUMN album_artist TEXT;
ALTER TABLE videos ADD COLUMN track_number BIGINT;
ALTER TABLE videos ADD COLUMN disc_number BIGINT;

CREATE TABLE video_genres (
    video_id TEXT NOT NULL,
    genre    TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (video_id, genre)
);
CREATE INDEX video_genres_by_genre ON video_genres (genre, video_id);

CREATE TABLE video_tags (
    video_id TEXT NOT NULL,
    tag      TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (video_id, tag)
);
CREATE INDEX video_tags_by_tag ON video_tags (tag, video_id);

CREATE INDEX videos_by_kind ON videos (kind, created_at DESC);
CREATE INDEX videos_by_artist ON videos (artist, album);
