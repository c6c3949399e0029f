-- The parts of an item encoded apart (chunks of its video, and its audio), while they are made.
-- `plan` names one cut of the item: a part whose plan is not the item's latest is stale and
-- never recorded. `outputs` holds what the part made so far (its renditions' segments on the
-- item's timeline, and a hash of each init segment), so whichever job records a part rebuilds
-- the item's index from every part. The rows go once the item is published or deleted.
CREATE TABLE video_parts (
    video_id    TEXT NOT NULL,
    plan        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    part        BIGINT NOT NULL,
    done        BIGINT NOT NULL DEFAULT 0,
    outputs     TEXT,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (video_id, kind, part)
);
