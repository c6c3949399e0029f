-- Videos, their status history, the durable job queue, API tokens and resumable uploads.
-- Timestamps are milliseconds since the Unix epoch (BIGINT), ids are UUID text.

CREATE TABLE videos (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    error           TEXT,
    progress        DOUBLE PRECISION NOT NULL DEFAULT 0,
    duration_s      DOUBLE PRECISION,
    source_filename TEXT,
    source_bytes    BIGINT NOT NULL DEFAULT 0,
    package         TEXT,
    created_by      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    uploaded_at     BIGINT,
    playable_at     BIGINT,
    ready_at        BIGINT
);
CREATE INDEX videos_by_created ON videos (created_at DESC, id);

CREATE TABLE video_events (
    id        BIGSERIAL PRIMARY KEY,
    video_id  TEXT NOT NULL,
    status    TEXT NOT NULL,
    detail    TEXT,
    at        BIGINT NOT NULL
);
CREATE INDEX video_events_by_video ON video_events (video_id, id);

CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    dedupe_key       TEXT UNIQUE,
    state            TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    max_attempts     BIGINT NOT NULL,
    run_after        BIGINT NOT NULL,
    lease_owner      TEXT,
    lease_expires_at BIGINT,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX jobs_claimable ON jobs (state, run_after);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE TABLE uploads (
    id            TEXT PRIMARY KEY,
    length        BIGINT NOT NULL,
    received      BIGINT NOT NULL DEFAULT 0,
    filename      TEXT,
    title         TEXT,
    description   TEXT,
    created_by    TEXT,
    video_id      TEXT,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    completed_at  BIGINT
);
