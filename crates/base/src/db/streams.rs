//! Playback sessions ("screens"): who plays what, on which device, since when, and whether
//! the stream still counts. A stream is live while it is not ended and it showed a sign of
//! life after the cutoff the caller passes (now less `[entitlements] session_idle_secs`).

use crate::domain::{ProfileId, UserId, VideoId};

use super::Db;

/// Why a stream no longer plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The member stopped it (from another screen's dialog or the API).
    Stopped,
    /// No sign of life for `session_idle_secs`.
    Idle,
    /// The device it played on was signed out.
    SignedOut,
}

impl Ended {
    /// As stored and as the API says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stopped => "stopped",
            Self::Idle => "idle",
            Self::SignedOut => "signed-out",
        }
    }

    /// Reads a stored reason (none stored: the sweep has not yet marked an idle stream).
    pub fn from_stored(text: Option<&str>) -> Self {
        match text {
            Some("stopped") => Self::Stopped,
            Some("signed-out") => Self::SignedOut,
            _ => Self::Idle,
        }
    }
}

/// One stream, with the title of what it plays.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    /// Drawn afresh for the playback token that opened it.
    pub id: String,
    /// The account it counts against.
    pub user_id: UserId,
    /// The profile that plays, if not the account's main one.
    pub profile_id: Option<ProfileId>,
    /// The item played.
    pub video_id: VideoId,
    /// The item's title (empty once the item is gone).
    pub title: String,
    /// A name for the device, from its user agent.
    pub device: String,
    /// Opened (ms).
    pub started_at: i64,
    /// Its last sign of life (ms).
    pub last_seen_at: i64,
    /// Ended (ms), if it did.
    pub ended_at: Option<i64>,
    /// Why it ended: `stopped`, `idle` or `signed-out`.
    pub end_reason: Option<String>,
}

from_row!(StreamRecord { id, user_id, profile_id, video_id, title, device, started_at, last_seen_at, ended_at, end_reason });

const COLUMNS: &str = "s.id, s.user_id, s.profile_id, s.video_id, COALESCE(v.title, '') AS title, s.device, s.started_at, \
     s.last_seen_at, s.ended_at, s.end_reason";

/// A stream about to be opened.
pub struct NewStream<'a> {
    /// The token's stream id.
    pub id: &'a str,
    /// The account.
    pub user_id: UserId,
    /// The profile, if not the main one.
    pub profile_id: Option<ProfileId>,
    /// The item.
    pub video_id: VideoId,
    /// The device's name.
    pub device: &'a str,
    /// The signed-in device it plays on (see `db::devices`), when the token named one.
    pub device_id: Option<&'a str>,
}

/// Records a stream as started now; false when one with this id exists already (another
/// request of the same token opened it first).
pub async fn insert(db: &Db, new: &NewStream<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO streams (id, user_id, profile_id, video_id, device, started_at, last_seen_at, device_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.profile_id)
    .bind(new.video_id)
    .bind(new.device)
    .bind(db.now_ms())
    .bind(new.device_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The place of stream `id` among its account's live streams, oldest first (1 is the oldest):
/// one more than the others that started before it or in the same millisecond. With every
/// process inserting before it counts, two screens starting at once may both be refused but
/// never both let through past the limit.
pub async fn rank(db: &Db, user: UserId, id: &str, live_since: i64) -> sqlx::Result<i64> {
    let before: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM streams s, streams me WHERE me.id = $2 AND s.user_id = $1 AND s.id <> me.id AND s.ended_at IS NULL \
         AND s.last_seen_at >= $3 AND s.started_at <= me.started_at",
    )
    .bind(user)
    .bind(id)
    .bind(live_since)
    .fetch_one(db.pool())
    .await?;
    Ok(before + 1)
}

/// Forgets a stream that was refused as it opened: it never played.
pub async fn remove(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM streams WHERE id = $1").bind(id).execute(db.pool()).await?;
    Ok(())
}

/// One stream, live or not.
pub async fn get(db: &Db, id: &str) -> sqlx::Result<Option<StreamRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM streams s LEFT JOIN videos v ON v.id = s.video_id WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// The account's live streams, oldest first.
pub async fn live_of(db: &Db, user: UserId, live_since: i64) -> sqlx::Result<Vec<StreamRecord>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM streams s LEFT JOIN videos v ON v.id = s.video_id \
         WHERE s.user_id = $1 AND s.ended_at IS NULL AND s.last_seen_at >= $2 ORDER BY s.started_at, s.id"
    ))
    .bind(user)
    .bind(live_since)
    .fetch_all(db.pool())
    .await
}

/// Notes a sign of life of a live stream; false when it is not live (ended, idle or unknown).
pub async fn touch(db: &Db, id: &str, live_since: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE streams SET last_seen_at = $1 WHERE id = $2 AND ended_at IS NULL AND last_seen_at >= $3")
        .bind(db.now_ms())
        .bind(id)
        .bind(live_since)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a live stream of `user` for `reason`; false when there was none to end.
pub async fn end(db: &Db, user: UserId, id: &str, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE streams SET ended_at = $1, end_reason = $2 WHERE id = $3 AND user_id = $4 AND ended_at IS NULL")
        .bind(db.now_ms())
        .bind(reason)
        .bind(id)
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every live stream played on device `device` of `user` for `reason` (the device was
/// signed out); returns their ids, for the caches that remember them.
pub async fn end_on_device(db: &Db, user: UserId, device: &str, reason: Ended) -> sqlx::Result<Vec<String>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM streams WHERE user_id = $1 AND device_id = $2 AND ended_at IS NULL ORDER BY id")
            .bind(user)
            .bind(device)
            .fetch_all(db.pool())
            .await?;
    for id in &ids {
        end(db, user, id, reason.as_str()).await?;
    }
    Ok(ids)
}

/// Marks streams with no sign of life since `live_since` as ended for being idle, and deletes
/// those that ended before `forget_before`; returns how many of each.
pub async fn sweep(db: &Db, live_since: i64, forget_before: i64) -> sqlx::Result<(u64, u64)> {
    let idle = sqlx::query("UPDATE streams SET ended_at = last_seen_at, end_reason = 'idle' WHERE ended_at IS NULL AND last_seen_at < $1")
        .bind(live_since)
        .execute(db.pool())
        .await?;
    let forgotten = sqlx::query("DELETE FROM streams WHERE ended_at < $1").bind(forget_before).execute(db.pool()).await?;
    Ok((idle.rows_affected(), forgotten.rows_affected()))
}
