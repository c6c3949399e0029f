-- Devices: each signed-in browser and each app token of an account, so a plan's max_devices
-- can be counted and a member can see, rename and sign out what is signed in. A browser keeps
-- its device across sign-ins through the reel_device cookie, of which only a hash is stored.
-- A device counts while it is not removed and one of its sessions or tokens is live.

CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT,
    user_agent    TEXT,
    secret_hash   TEXT UNIQUE,
    first_seen_at BIGINT NOT NULL,
    removed_at    BIGINT
);
CREATE INDEX devices_user ON devices (user_id);

ALTER TABLE sessions ADD COLUMN device_id TEXT;
ALTER TABLE api_tokens ADD COLUMN device_id TEXT;
ALTER TABLE streams ADD COLUMN device_id TEXT;
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX api_tokens_device ON api_tokens (device_id);
CREATE INDEX streams_device ON streams (device_id);

-- What is signed in already becomes a device each: a session's is named by the start of its
-- hash, a token's by the start of the token's.
UPDATE sessions SET device_id = substr(id_hash, 1, 32) WHERE revoked_at IS NULL;
INSERT INTO devices (id, user_id, kind, user_agent, first_seen_at)
    SELECT device_id, user_id, 'browser', user_agent, created_at FROM sessions WHERE device_id IS NOT NULL;
UPDATE api_tokens SET device_id = substr(token_hash, 1, 32) WHERE revoked_at IS NULL AND user_id IS NOT NULL;
INSERT INTO devices (id, user_id, kind, name, first_seen_at)
    SELECT device_id, user_id, 'app', name, created_at FROM api_tokens WHERE device_id IS NOT NULL;
