-- Whether an item's audio is brought to `[audio] loudness_target` (1) or left as uploaded (0):
-- an owner's choice, applied the next time the item is processed.
ALTER TABLE videos ADD COLUMN normalize_audio BIGINT NOT NULL DEFAULT 1;
