-- Plans and who holds them. An item may require a plan (`videos.required_plan`); a grant
-- runs until `ends_at`; every grant, renewal and end is also a row of `plan_events`, with
-- its amount and the period it pays for, so revenue per plan and month can be reported.

CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    price_minor BIGINT NOT NULL,
    currency    TEXT NOT NULL,
    period      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE plan_grants (
    user_id   TEXT NOT NULL,
    plan_id   TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, plan_id)
);
CREATE INDEX plan_grants_by_plan ON plan_grants (plan_id, ends_at);

CREATE TABLE plan_events (
    id           BIGSERIAL PRIMARY KEY,
    user_id      TEXT NOT NULL,
    plan_id      TEXT NOT NULL,
    action       TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    period_start BIGINT NOT NULL,
    period_end   BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    by_user      TEXT
);
CREATE INDEX plan_events_by_plan ON plan_events (plan_id, at);

ALTER TABLE videos ADD COLUMN required_plan TEXT;
