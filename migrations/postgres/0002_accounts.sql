-- Accounts, sessions, one-time login codes, invitations, the audit log; owners and
-- visibility for videos; owners and scopes for API tokens.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT UNIQUE,
    phone           TEXT UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    channel         TEXT NOT NULL UNIQUE,
    totp_secret     TEXT,
    totp_pending    TEXT,
    totp_enabled_at BIGINT,
    totp_last_step  BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    mfa_pending  BIGINT NOT NULL DEFAULT 0,
    mfa_failures BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE otp_challenges (
    id           TEXT PRIMARY KEY,
    attempt_hash TEXT NOT NULL,
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    user_id      TEXT,
    code_hash    TEXT NOT NULL,
    failures     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT,
    ip           TEXT
);
CREATE INDEX otp_by_address ON otp_challenges (address, created_at);
CREATE INDEX otp_by_ip ON otp_challenges (ip, created_at);

CREATE TABLE invitations (
    email      TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE audit_log (
    id     BIGSERIAL PRIMARY KEY,
    at     BIGINT NOT NULL,
    actor  TEXT,
    action TEXT NOT NULL,
    target TEXT,
    ip     TEXT,
    detail TEXT
);
CREATE INDEX audit_by_time ON audit_log (at);

ALTER TABLE api_tokens ADD COLUMN user_id TEXT;
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read,upload';
ALTER TABLE videos ADD COLUMN visibility TEXT NOT NULL DEFAULT 'members';
CREATE INDEX videos_by_owner ON videos (created_by, created_at DESC);
ALTER TABLE uploads ADD COLUMN visibility TEXT;
