-- Recorded usage, what the cost report prices: per UTC day (days since the epoch), resource and
-- item ('' for what belongs to none). Quantities are whole units: bytes held that day
-- (storage_hot, storage_cold: the day's snapshot), bytes delivered (origin_egress, cdn_egress),
-- milliseconds of CPU (transcode_cpu), messages (email, sms), requests (store_reads,
-- store_writes).
CREATE TABLE usage_daily (
    day       BIGINT NOT NULL,
    resource  TEXT NOT NULL,
    video_id  TEXT NOT NULL DEFAULT '',
    quantity  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, resource, video_id)
);
CREATE INDEX usage_daily_by_video ON usage_daily (video_id, day);
