-- What a one-time code is for: `sign-in` (every code so far, and a kids profile's way back to
-- the account), or `delete-account`, which the signed-in session asks for itself and which is
-- bound to it (`session_hash`, the hash of its id): a code works only for its purpose, so a
-- sign-in code never deletes an account and a deletion code never signs in.
ALTER TABLE otp_challenges ADD COLUMN purpose TEXT NOT NULL DEFAULT 'sign-in';
ALTER TABLE otp_challenges ADD COLUMN session_hash TEXT;
