-- An account's public profile (shown on its channel page) and its viewing preferences.
-- The avatar is an image Reel made from an upload (never the upload itself): its version
-- (which names its object), or why the last upload could not be used.

ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN avatar_version TEXT;
ALTER TABLE users ADD COLUMN avatar_error TEXT;
ALTER TABLE users ADD COLUMN pref_language TEXT;
ALTER TABLE users ADD COLUMN pref_autoplay BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN pref_quality TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE users ADD COLUMN pref_captions BIGINT NOT NULL DEFAULT 0;
