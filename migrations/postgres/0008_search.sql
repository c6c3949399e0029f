-- Full-text search: one document per item, its text folded (lower-case, no accents) by Reel
-- before it is written and rewritten in the transaction of every edit. The title weighs A,
-- people and labels B, the description D; the GIN index answers prefix queries too.
-- The engines differ here (SQLite keeps an FTS5 table); what is indexed and how a query
-- reads are the same on both.

CREATE TABLE video_search (
    video_id TEXT PRIMARY KEY,
    document TSVECTOR NOT NULL
);
CREATE INDEX video_search_document ON video_search USING GIN (document);
