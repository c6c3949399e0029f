-- Subscriptions: who follows which channel (a channel is an account), and since when. A
-- subscriber's feed reads their channels by the first key; a channel's subscriber count
-- and, later, its notifications by the second.

CREATE TABLE subscriptions (
    subscriber_id TEXT NOT NULL,
    channel_id    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (subscriber_id, channel_id)
);
CREATE INDEX subscriptions_by_channel ON subscriptions (channel_id, created_at);
