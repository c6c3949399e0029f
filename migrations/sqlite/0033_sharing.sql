-- Links an item's owner hands out so that someone without an account may watch it until the
-- link expires (only a hash of each link's token is kept), and the origins an item's own
-- embeds may be framed by (space-separated), beside the site's `embed.allowed_origins`.
CREATE TABLE share_links (
    id          TEXT PRIMARY KEY,
    video_id    TEXT NOT NULL,
    created_by  TEXT,
    token_hash  TEXT NOT NULL UNIQUE,
    start_s     DOUBLE PRECISION,
    expires_at  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX share_links_video ON share_links (video_id);

ALTER TABLE videos ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
