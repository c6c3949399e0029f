-- A search ranks the newest matches of its words. With each document's age beside it, the
-- search table alone answers "the newest n matches": PostgreSQL walks this index for a word
-- in many items and stops after n, or reads a rare word's few matches from the GIN index and
-- sorts them, choosing by how common the word is. (The age never changes: an item's
-- `created_at` is set once.)
-- The engines differ here: SQLite's FTS5 rows are already numbered in the order items were
-- made.

ALTER TABLE video_search ADD COLUMN created_at BIGINT;
UPDATE video_search SET created_at = videos.created_at FROM videos WHERE videos.id = video_search.video_id;
DELETE FROM video_search WHERE created_at IS NULL;
ALTER TABLE video_search ALTER COLUMN created_at SET NOT NULL;
CREATE INDEX video_search_newest ON video_search (created_at DESC, video_id DESC);
