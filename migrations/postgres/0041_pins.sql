-- PINs: a profile's own lock, and the account's parental PIN (which leaving a kids profile
-- asks for where it is set, and which opens any of the account's locked profiles). Each is a
-- keyed hash of the four digits, never the digits; NULL is no PIN.

ALTER TABLE profiles ADD COLUMN pin_hash TEXT;
ALTER TABLE users ADD COLUMN parental_pin_hash TEXT;
