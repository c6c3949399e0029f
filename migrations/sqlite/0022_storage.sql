-- Storage accounting: every object Reel keeps, with its item, kind, rendition and tier, written
-- by the store itself after each write, move and delete (storage/ledger.rs).
CREATE TABLE stored_objects (
    key        TEXT PRIMARY KEY,
    video_id   TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    rendition  TEXT NOT NULL DEFAULT '',
    tier       TEXT NOT NULL,
    bytes      BIGINT NOT NULL,
    stored_at  BIGINT NOT NULL
);
CREATE INDEX stored_objects_by_video ON stored_objects (video_id, kind);

-- An item its owner or an admin keeps hot (no lifecycle rule moves or drops its objects), and
-- when a rule removed its original (a re-transcode is then refused).
ALTER TABLE videos ADD COLUMN storage_pinned BIGINT NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN original_removed_at BIGINT;

-- When the item was last viewed: the lifecycle rules' measure of idleness.
ALTER TABLE videos ADD COLUMN last_viewed_at BIGINT;
