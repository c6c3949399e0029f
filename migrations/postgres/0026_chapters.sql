-- An item's chapters, as one list: read and replaced whole, so it is kept whole, as JSON
-- `[{"start_ms": 0, "title": "…"}, …]` in order of start. `origin` says whether the list came
-- from the uploaded file (`source`: processing reads it again) or from its owner (`edited`:
-- processing leaves it, even empty).
CREATE TABLE chapters (
    video_id    TEXT PRIMARY KEY,
    origin      TEXT NOT NULL,
    marks       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
