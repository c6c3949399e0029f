-- Player-side quality. A session's running totals as last folded into the aggregates, kept
-- while its player may still report (analytics.session_keep_hours), then deleted.
CREATE TABLE playback_sessions (
    id         TEXT PRIMARY KEY,
    video_id   TEXT NOT NULL,
    day        BIGINT NOT NULL,
    user_id    TEXT,
    profile_id TEXT,
    folded     TEXT NOT NULL,
    viewed     INTEGER NOT NULL DEFAULT 0,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX playback_sessions_by_update ON playback_sessions (updated_at);

-- Per item and day (UTC days since the epoch): sessions, views (10 s of playback), time played,
-- stalls, errors, the startup-time histogram and the retention counts (sessions that played
-- each percent of the duration), as JSON arrays.
CREATE TABLE video_daily (
    video_id       TEXT NOT NULL,
    day            BIGINT NOT NULL,
    sessions       BIGINT NOT NULL DEFAULT 0,
    views          BIGINT NOT NULL DEFAULT 0,
    watch_ms       BIGINT NOT NULL DEFAULT 0,
    rebuffers      BIGINT NOT NULL DEFAULT 0,
    rebuffer_ms    BIGINT NOT NULL DEFAULT 0,
    switches       BIGINT NOT NULL DEFAULT 0,
    errors         BIGINT NOT NULL DEFAULT 0,
    error_sessions BIGINT NOT NULL DEFAULT 0,
    startup_hist   TEXT NOT NULL DEFAULT '[]',
    retention      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (video_id, day)
);
CREATE INDEX video_daily_by_day ON video_daily (day);

-- Per item, day and rendition: time played and stalled there, and kbit/s × ms played (the
-- average bitrate is that over the time played).
CREATE TABLE rendition_daily (
    video_id    TEXT NOT NULL,
    day         BIGINT NOT NULL,
    rendition   TEXT NOT NULL,
    watch_ms    BIGINT NOT NULL DEFAULT 0,
    rebuffer_ms BIGINT NOT NULL DEFAULT 0,
    kbps_ms     DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (video_id, day, rendition)
);

-- Who watched on a day, for active-viewer counts: one row per viewer (a hash of the account,
-- or of an anonymous session) per channel whose items they played, per day.
CREATE TABLE viewer_days (
    day      BIGINT NOT NULL,
    owner_id TEXT NOT NULL,
    viewer   TEXT NOT NULL,
    PRIMARY KEY (day, owner_id, viewer)
);
