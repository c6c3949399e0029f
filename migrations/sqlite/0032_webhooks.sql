-- Webhook endpoints an account registered, the events queued for each (one delivery per
-- event and endpoint, its id the `webhook-id` a receiver deduplicates by) and every attempt
-- to deliver one, with what the receiver answered.
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    owner_id        TEXT NOT NULL,
    url             TEXT NOT NULL,
    -- Space-separated event types.
    events          TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    secret          TEXT NOT NULL,
    -- The secret before the last rotation, still signed with until previous_until (ms).
    previous_secret TEXT,
    previous_until  BIGINT,
    created_at      BIGINT NOT NULL,
    -- When a delivery last succeeded (ms).
    last_success_at BIGINT,
    disabled_at     BIGINT,
    disabled_reason TEXT
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id);

CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    endpoint_id  TEXT NOT NULL,
    event        TEXT NOT NULL,
    -- The JSON body, as signed and sent on every attempt.
    payload      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    -- pending, delivered or failed.
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- When the next attempt is due (ms), while pending.
    next_at      BIGINT
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT NOT NULL,
    n            INTEGER NOT NULL,
    at           BIGINT NOT NULL,
    -- The HTTP status, or NULL when no answer came (refused, timed out, no connection).
    status       INTEGER,
    latency_ms   BIGINT NOT NULL,
    -- The start of the answer's body, or what went wrong.
    excerpt      TEXT NOT NULL,
    PRIMARY KEY (delivery_id, n)
);
