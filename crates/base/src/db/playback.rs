//! Player-side quality: playback sessions' folded totals and the daily aggregates beacons add
//! to (`video_daily`, `rendition_daily`). Each beacon is one transaction whose first statement
//! writes, so on SQLite it holds the one write lock from the start and on PostgreSQL it locks the
//! rows it reads: two beacons of one session or item never add the same growth twice.

use crate::domain::qoe::{Folded, Growth, RETENTION_BUCKETS, STARTUP_BUCKETS_MS};
use crate::domain::{ProfileId, UserId, VideoId};

use super::watch::Viewer;
use super::{Backend, Db};

/// What one beacon did.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// What it added.
    pub growth: Growth,
    /// Whether the session has just passed the time played that makes a view (so the caller
    /// counts one, once).
    pub became_view: bool,
    /// The session's owner as first recorded.
    pub owner: Option<Viewer>,
}

/// Folds a beacon of session `id` (of `video`, begun on `day`) into the aggregates: `fold`
/// gets the session's totals so far and returns the growth and the totals to keep. A session
/// becomes a view once its time played reaches `view_after_ms`; a new one counts `viewer_key`
/// among the day's active viewers of the item's channel.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &Db,
    id: &str,
    video: VideoId,
    day: i64,
    owner: Option<Viewer>,
    viewer_key: &str,
    view_after_ms: u64,
    fold: impl FnOnce(&Folded) -> (Growth, Folded),
) -> sqlx::Result<Recorded> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    let fresh = sqlx::query(
        "INSERT INTO playback_sessions (id, video_id, day, user_id, profile_id, folded, viewed, started_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, '{}', 0, $6, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(video)
    .bind(day)
    .bind(owner.map(|o| o.user))
    .bind(owner.map(|o| o.profile))
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if fresh {
        sqlx::query(
            "INSERT INTO viewer_days (day, owner_id, viewer) SELECT $1, COALESCE(created_by, ''), $2 FROM videos WHERE id = $3 \
             ON CONFLICT (day, owner_id, viewer) DO NOTHING",
        )
        .bind(day)
        .bind(viewer_key)
        .bind(video)
        .execute(&mut *tx)
        .await?;
    }
    let lock = if db.backend() == Backend::Postgres { " FOR UPDATE" } else { "" };
    let (folded, viewed, day, user, profile): (String, i64, i64, Option<UserId>, Option<ProfileId>) =
        sqlx::query_as(&format!("SELECT folded, viewed, day, user_id, profile_id FROM playback_sessions WHERE id = $1{lock}"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let before: Folded = serde_json::from_str(&folded).unwrap_or_default();
    let (growth, after) = fold(&before);
    let became_view = viewed == 0 && after.watch_ms >= view_after_ms;
    sqlx::query("UPDATE playback_sessions SET folded = $1, viewed = $2, updated_at = $3 WHERE id = $4")
        .bind(serde_json::to_string(&after).expect("totals serialise"))
        .bind(i64::from(viewed != 0 || became_view))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;

    sqlx::query("INSERT INTO video_daily (video_id, day) VALUES ($1, $2) ON CONFLICT (video_id, day) DO NOTHING")
        .bind(video)
        .bind(day)
        .execute(&mut *tx)
        .await?;
    let (hist, retention): (String, String) =
        sqlx::query_as(&format!("SELECT startup_hist, retention FROM video_daily WHERE video_id = $1 AND day = $2{lock}"))
            .bind(video)
            .bind(day)
            .fetch_one(&mut *tx)
            .await?;
    let mut hist = counts(&hist, STARTUP_BUCKETS_MS.len());
    if let Some(ms) = growth.startup_ms {
        hist[crate::domain::qoe::startup_bucket(ms)] += 1;
    }
    let mut retention = counts(&retention, RETENTION_BUCKETS);
    for &i in &growth.newly_watched {
        retention[i] += 1;
    }
    sqlx::query(
        "UPDATE video_daily SET sessions = sessions + $1, watch_ms = watch_ms + $2, rebuffers = rebuffers + $3, \
         rebuffer_ms = rebuffer_ms + $4, switches = switches + $5, errors = errors + $6, error_sessions = error_sessions + $7, \
         startup_hist = $8, retention = $9 WHERE video_id = $10 AND day = $11",
    )
    .bind(i64::from(fresh))
    .bind(to_i64(growth.watch_ms))
    .bind(to_i64(growth.rebuffers))
    .bind(to_i64(growth.rebuffer_ms))
    .bind(to_i64(growth.switches))
    .bind(to_i64(growth.errors))
    .bind(i64::from(growth.first_error))
    .bind(serde_json::to_string(&hist).expect("counts serialise"))
    .bind(serde_json::to_string(&retention).expect("counts serialise"))
    .bind(video)
    .bind(day)
    .execute(&mut *tx)
    .await?;
    for (rendition, (watch_ms, rebuffer_ms, kbps_ms)) in &growth.renditions {
        sqlx::query(
            "INSERT INTO rendition_daily (video_id, day, rendition, watch_ms, rebuffer_ms, kbps_ms) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (video_id, day, rendition) DO UPDATE SET watch_ms = rendition_daily.watch_ms + $4, \
             rebuffer_ms = rendition_daily.rebuffer_ms + $5, kbps_ms = rendition_daily.kbps_ms + $6",
        )
        .bind(video)
        .bind(day)
        .bind(rendition)
        .bind(to_i64(*watch_ms))
        .bind(to_i64(*rebuffer_ms))
        .bind(*kbps_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let owner = match (user, profile) {
        (Some(user), Some(profile)) => Some(Viewer { user, profile }),
        _ => None,
    };
    Ok(Recorded { growth, became_view, owner })
}

/// Adds a counted view to an item's day.
pub async fn add_view(db: &Db, video: VideoId, day: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE video_daily SET views = views + 1 WHERE video_id = $1 AND day = $2")
        .bind(video)
        .bind(day)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Deletes sessions no player has reported on since `before` (ms), and active-viewer rows of
/// days before `before_day`; returns how many sessions.
pub async fn forget_sessions(db: &Db, before: i64, before_day: i64) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM viewer_days WHERE day < $1").bind(before_day).execute(db.pool()).await?;
    Ok(sqlx::query("DELETE FROM playback_sessions WHERE updated_at < $1").bind(before).execute(db.pool()).await?.rows_affected())
}

/// A session's last beacon time (ms), if it is known.
pub async fn session_updated_at(db: &Db, id: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT updated_at FROM playback_sessions WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}

/// A JSON array of counts, `len` long (shorter or unreadable ones are padded with zeros).
pub fn counts(json: &str, len: usize) -> Vec<u64> {
    let mut v: Vec<u64> = serde_json::from_str(json).unwrap_or_default();
    v.resize(len, 0);
    v
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One item's aggregates of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoDay {
    /// UTC days since the epoch.
    pub day: i64,
    /// Playback sessions begun.
    pub sessions: i64,
    /// Views counted.
    pub views: i64,
    /// Time played (ms).
    pub watch_ms: i64,
    /// Stalls.
    pub rebuffers: i64,
    /// Time stalled (ms).
    pub rebuffer_ms: i64,
    /// Rendition changes.
    pub switches: i64,
    /// Errors.
    pub errors: i64,
    /// Sessions with at least one error.
    pub error_sessions: i64,
    /// The startup-time histogram, a JSON array (see `STARTUP_BUCKETS_MS`).
    pub startup_hist: String,
    /// Sessions that played each percent, a JSON array of 100.
    pub retention: String,
}

from_row!(VideoDay { day, sessions, views, watch_ms, rebuffers, rebuffer_ms, switches, errors, error_sessions, startup_hist, retention });

/// An item's days from `from` to `to` (inclusive), oldest first; days without playback are
/// absent.
pub async fn video_days(db: &Db, video: VideoId, from: i64, to: i64) -> sqlx::Result<Vec<VideoDay>> {
    sqlx::query_as(
        "SELECT day, sessions, views, watch_ms, rebuffers, rebuffer_ms, switches, errors, error_sessions, startup_hist, retention \
         FROM video_daily WHERE video_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
    )
    .bind(video)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// One rendition's totals over a range of days.
#[derive(Debug, Clone, PartialEq)]
pub struct RenditionTotal {
    /// Its name.
    pub rendition: String,
    /// Time played there (ms).
    pub watch_ms: i64,
    /// Time stalled there (ms).
    pub rebuffer_ms: i64,
    /// kbit/s × ms played.
    pub kbps_ms: f64,
}

from_row!(RenditionTotal { rendition, watch_ms, rebuffer_ms, kbps_ms });

/// An item's renditions' totals from `from` to `to` (inclusive), most played first.
pub async fn rendition_totals(db: &Db, video: VideoId, from: i64, to: i64) -> sqlx::Result<Vec<RenditionTotal>> {
    sqlx::query_as(
        "SELECT rendition, CAST(SUM(watch_ms) AS BIGINT) AS watch_ms, CAST(SUM(rebuffer_ms) AS BIGINT) AS rebuffer_ms, \
         CAST(SUM(kbps_ms) AS DOUBLE PRECISION) AS kbps_ms \
         FROM rendition_daily WHERE video_id = $1 AND day >= $2 AND day <= $3 GROUP BY rendition ORDER BY 2 DESC, rendition",
    )
    .bind(video)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}
