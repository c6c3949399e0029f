-- When and where an item may be watched: its window (ms; until is exclusive) and an allow or
-- deny list of countries, stored as `allow`/`deny` and the codes between commas (`,FR,BE,`).
-- NULL is no limit, so every item made before stays always and everywhere.

ALTER TABLE videos ADD COLUMN available_from BIGINT;
ALTER TABLE videos ADD COLUMN available_until BIGINT;
ALTER TABLE videos ADD COLUMN country_rule TEXT;
ALTER TABLE videos ADD COLUMN country_list TEXT;

-- The "coming soon" and "leaving soon" rows look items up by the edges of their window.
CREATE INDEX videos_available_from ON videos (available_from) WHERE available_from IS NOT NULL;
CREATE INDEX videos_available_until ON videos (available_until) WHERE available_until IS NOT NULL;
