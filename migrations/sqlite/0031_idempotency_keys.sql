-- What a POST sent with an Idempotency-Key answered, per account and key, for a day: a client
-- that retries after a timeout gets the first answer again instead of a second item. A row
-- whose status is NULL is a request still being served.
CREATE TABLE idempotency_keys (
    account_id  TEXT NOT NULL,
    idem_key    TEXT NOT NULL,
    route       TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER,
    body        TEXT,
    headers     TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
