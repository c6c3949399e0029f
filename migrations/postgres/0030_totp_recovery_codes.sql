-- Single-use codes that stand in for the authenticator app when it is lost. Only a keyed hash
-- of each is kept; a code is spent by setting used_at, and a new set replaces the old one.
CREATE TABLE totp_recovery_codes (
    user_id    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
