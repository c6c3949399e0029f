-- What became of a sign-in code's message: sent (the transport took it), failed (it did not),
-- then, where the SMS provider reports back, delivered or undelivered. NULL until the
-- transport answers, and for codes never sent (an address without an account).
ALTER TABLE otp_challenges ADD COLUMN delivery TEXT;
ALTER TABLE otp_challenges ADD COLUMN delivery_at BIGINT;
-- The built-in alarms read codes and items of the last minutes by time.
CREATE INDEX otp_by_time ON otp_challenges (created_at);
CREATE INDEX videos_by_playable_at ON videos (playable_at);

-- The state of each built-in alarm (one row per alarm), and what happened to them.
CREATE TABLE alarms (
    name        TEXT PRIMARY KEY,
    state       TEXT NOT NULL,
    since       BIGINT NOT NULL,
    value       DOUBLE PRECISION,
    detail      TEXT NOT NULL DEFAULT '',
    fired_at    BIGINT,
    resolved_at BIGINT,
    updated_at  BIGINT NOT NULL
);
CREATE TABLE alarm_events (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    state  TEXT NOT NULL,
    value  DOUBLE PRECISION,
    detail TEXT NOT NULL DEFAULT '',
    at     BIGINT NOT NULL
);
CREATE INDEX alarm_events_by_time ON alarm_events (at);
