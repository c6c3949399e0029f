-- Resumable uploads whose bytes wait in the object store, so that any API process can take
-- the next PATCH: the multipart upload they go to, the parts stored so far, and which request
-- holds the right to write (a lease, so a crashed process does not hold it for ever).

ALTER TABLE uploads ADD COLUMN staging_id TEXT;
ALTER TABLE uploads ADD COLUMN writer TEXT;
ALTER TABLE uploads ADD COLUMN writer_until BIGINT;

CREATE TABLE upload_parts (
    upload_id TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    etag TEXT NOT NULL,
    PRIMARY KEY (upload_id, number)
);
