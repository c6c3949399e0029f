-- A channel's own watermark: the logo Reel made from its upload (its version names
-- `watermarks/{account}/{version}.png`; the upload itself is never used), why the last upload
-- could not be used, and where the logo goes (JSON; NULL: where the site puts its own).
ALTER TABLE users ADD COLUMN watermark_version TEXT;
ALTER TABLE users ADD COLUMN watermark_error TEXT;
ALTER TABLE users ADD COLUMN watermark_placement TEXT;
