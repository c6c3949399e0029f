-- A search ranks the newest matches of its words. SQLite's FTS5 rows are numbered in the
-- order their items were made (the backfill indexes oldest first), so FTS5 already walks
-- them newest first and nothing is added here.
-- The engines differ here: PostgreSQL keeps each document's age beside it, with an index.
SELECT 1;
