-- An API token may be made to stop working at a set time (ms); none means until revoked.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
