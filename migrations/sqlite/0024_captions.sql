-- An item's text tracks: captions, subtitles and descriptions. Each one's cues are kept as
-- clean WebVTT at media/{video}/captions/{id}.vtt; this row is what lists and labels it.
CREATE TABLE captions (
    id          TEXT PRIMARY KEY,
    video_id    TEXT NOT NULL,
    language    TEXT NOT NULL,
    label       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    origin      TEXT NOT NULL,
    cues        BIGINT NOT NULL,
    bytes       BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX captions_by_video ON captions (video_id, created_at);
