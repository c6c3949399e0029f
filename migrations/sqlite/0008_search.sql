-- Full-text search: one document per item, its text folded (lower-case, no accents) by Reel
-- before it is written and rewritten in the transaction of every edit. FTS5 ranks with BM25;
-- the prefix indexes make "as you type" matching of two- and three-letter starts cheap.
-- The engines differ here (PostgreSQL keeps a tsvector with a GIN index); what is indexed
-- and how a query reads are the same on both.

CREATE VIRTUAL TABLE video_search USING fts5(
    title, people, labels, description,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Which document is whose: FTS5 rows are found by rowid, videos by their text id.
CREATE TABLE video_search_rows (
    doc      INTEGER PRIMARY KEY AUTOINCREMENT,
    video_id TEXT NOT NULL UNIQUE
);
