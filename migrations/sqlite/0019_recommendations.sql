-- Recommendations, computed by the periodic `compute_recommendations` job and replaced whole
-- by each run: the items related to each item ("up next"), and each profile's picks
-- ("recommended for you"). Served through the cache, filtered by what the viewer may see
-- (a deleted item's id left in another item's list is simply not found).

CREATE TABLE related_items (
    video_id   TEXT NOT NULL,
    related_id TEXT NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (video_id, related_id)
);

CREATE TABLE profile_recommendations (
    profile_id TEXT NOT NULL,
    video_id   TEXT NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (profile_id, video_id)
);
CREATE INDEX profile_recommendations_by_video ON profile_recommendations (video_id);
