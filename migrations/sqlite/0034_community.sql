-- What viewers say about items: a reaction per profile and item (1 like, -1 dislike) with each
-- item's totals kept beside them, and comments with one level of replies. A comment taken back
-- by its writer keeps its row (`deleted_at`), so a thread's replies keep their place and a
-- report about it keeps its evidence; `replies` counts a comment's replies that are shown.
-- Notifications gain what they tell (`kind`: NULL for a new item or a failure, as before;
-- `comment`, `reply`) and the comment they are about. `videos.comments_off` is the owner's switch.
CREATE TABLE reactions (
    profile_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    video_id   TEXT NOT NULL,
    value      BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (profile_id, video_id)
);
CREATE INDEX reactions_by_profile ON reactions (profile_id, value, created_at DESC, video_id DESC);
CREATE INDEX reactions_by_video ON reactions (video_id);
CREATE INDEX reactions_by_user ON reactions (user_id);

CREATE TABLE reaction_counts (
    video_id TEXT PRIMARY KEY,
    likes    BIGINT NOT NULL DEFAULT 0,
    dislikes BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE comments (
    id          TEXT PRIMARY KEY,
    video_id    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    parent_id   TEXT,
    body        TEXT NOT NULL,
    replies     BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    edited_at   BIGINT,
    pinned_at   BIGINT,
    hidden_at   BIGINT,
    deleted_at  BIGINT
);
CREATE INDEX comments_newest ON comments (video_id, parent_id, created_at DESC, id DESC);
CREATE INDEX comments_top ON comments (video_id, replies DESC, created_at DESC, id DESC) WHERE parent_id IS NULL;
CREATE INDEX comments_replies ON comments (parent_id, created_at, id);
CREATE INDEX comments_by_user ON comments (user_id, created_at);

ALTER TABLE notifications ADD COLUMN kind TEXT;
ALTER TABLE notifications ADD COLUMN comment_id TEXT;
ALTER TABLE videos ADD COLUMN comments_off BIGINT NOT NULL DEFAULT 0;
