-- Accounts being deleted: the pseudonym the deletion job (and the records kept afterwards:
-- revenue, the audit log) know the account by, until the job has erased it and this row.

CREATE TABLE account_deletions (
    pseudonym    TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL UNIQUE,
    requested_at BIGINT NOT NULL
);
