-- What became of a sign-in code's message: sent (the transport took it), failed (it did not),
-- then, where the SMS provider reports back, delivered or undelivered. NULL until the
-- transport answers, and for codes never sent (an address without an account).
ALTER TABLE otp_challenges ADD COLUMN delivery TEXT;
ALTER TABLE otp_challenges ADD COLUMN delivery_at BIGINT;
