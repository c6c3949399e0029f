-- Uploads that go straight to the bucket: the S3 multipart upload they belong to.

ALTER TABLE uploads ADD COLUMN direct_upload_id TEXT;
