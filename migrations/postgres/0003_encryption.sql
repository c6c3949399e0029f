-- HLS content encryption: each encrypted video's AES-128 key, wrapped with AES-256-GCM under
-- the master key (hex of nonce ‖ ciphertext ‖ tag). Never the plain key.

ALTER TABLE videos ADD COLUMN content_key TEXT;
