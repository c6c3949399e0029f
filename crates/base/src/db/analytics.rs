//! Reads for the analytics pages: the daily aggregates summed over a channel's items or all of
//! them, active viewers, top items and channels, and the pipeline and sign-in records by time.
//! `owner` narrows every read to one channel's items (a creator's own figures); `None` is every
//! item (an admin's).

use crate::domain::{UserId, VideoId};

use super::Db;

/// Binds the owner only when the query has a placeholder for it: PostgreSQL refuses a
/// parameter the statement does not use.
trait BindOwner: Sized {
    fn bind_owner(self, owner: Option<UserId>) -> Self;
}

impl<'q, O> BindOwner for sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    fn bind_owner(self, owner: Option<UserId>) -> Self {
        match owner {
            Some(o) => self.bind(o),
            None => self,
        }
    }
}

impl<'q, O> BindOwner for sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    fn bind_owner(self, owner: Option<UserId>) -> Self {
        match owner {
            Some(o) => self.bind(o),
            None => self,
        }
    }
}

/// The join and condition that keep a read to `owner`'s items (`$3`), or to nothing extra.
fn scope(owner: Option<UserId>) -> (&'static str, &'static str) {
    match owner {
        Some(_) => (" JOIN videos v ON v.id = d.video_id", " AND v.created_by = $3"),
        None => ("", ""),
    }
}

/// The placeholder after the range and the owner, when there is one.
fn next(owner: Option<UserId>) -> &'static str {
    if owner.is_some() {
        "$4"
    } else {
        "$3"
    }
}

/// One day's rows of `video_daily` for the items in scope (one per item that was played).
#[derive(Debug, Clone, PartialEq)]
pub struct DayRow {
    /// UTC day.
    pub day: i64,
    /// Sessions begun.
    pub sessions: i64,
    /// Views counted.
    pub views: i64,
    /// Time played (ms).
    pub watch_ms: i64,
    /// Time stalled (ms).
    pub rebuffer_ms: i64,
    /// Sessions with an error.
    pub error_sessions: i64,
    /// Startup histogram, JSON.
    pub startup_hist: String,
}

from_row!(DayRow { day, sessions, views, watch_ms, rebuffer_ms, error_sessions, startup_hist });

/// Every item-day row of the range for the items in scope, by day.
pub async fn day_rows(db: &Db, owner: Option<UserId>, from: i64, to: i64) -> sqlx::Result<Vec<DayRow>> {
    let (join, only) = scope(owner);
    sqlx::query_as(&format!(
        "SELECT d.day, d.sessions, d.views, d.watch_ms, d.rebuffer_ms, d.error_sessions, d.startup_hist \
         FROM video_daily d{join} WHERE d.day >= $1 AND d.day <= $2{only} ORDER BY d.day"
    ))
    .bind(from)
    .bind(to)
    .bind_owner(owner)
    .fetch_all(db.pool())
    .await
}

/// Distinct viewers of the items in scope on each day of the range: `(day, viewers)`.
pub async fn active_viewers_by_day(db: &Db, owner: Option<UserId>, from: i64, to: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    let only = if owner.is_some() { " AND owner_id = $3" } else { "" };
    sqlx::query_as(&format!(
        "SELECT day, COUNT(DISTINCT viewer) FROM viewer_days WHERE day >= $1 AND day <= $2{only} GROUP BY day ORDER BY day"
    ))
    .bind(from)
    .bind(to)
    .bind_owner(owner)
    .fetch_all(db.pool())
    .await
}

/// Distinct viewers of the items in scope over the days `from..=to` together.
pub async fn active_viewers(db: &Db, owner: Option<UserId>, from: i64, to: i64) -> sqlx::Result<i64> {
    let only = if owner.is_some() { " AND owner_id = $3" } else { "" };
    sqlx::query_scalar(&format!("SELECT COUNT(DISTINCT viewer) FROM viewer_days WHERE day >= $1 AND day <= $2{only}"))
        .bind(from)
        .bind(to)
        .bind_owner(owner)
        .fetch_one(db.pool())
        .await
}

/// Items in scope created between `from_ms` and `to_ms`: `(created_at, source_bytes)`; with
/// `from_ms` 0, every item up to `to_ms` (for the stored bytes over time).
pub async fn uploads(db: &Db, owner: Option<UserId>, from_ms: i64, to_ms: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    let only = if owner.is_some() { " AND created_by = $3" } else { "" };
    sqlx::query_as(&format!(
        "SELECT created_at, source_bytes FROM videos WHERE created_at >= $1 AND created_at < $2{only} ORDER BY created_at"
    ))
    .bind(from_ms)
    .bind(to_ms)
    .bind_owner(owner)
    .fetch_all(db.pool())
    .await
}

/// One item's or channel's totals over a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The item or channel's account id.
    pub id: String,
    /// Views counted.
    pub views: i64,
    /// Time played (ms).
    pub watch_ms: i64,
}

from_row!(Ranked { id, views, watch_ms });

/// Which total ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// Views counted.
    Views,
    /// Time played.
    WatchTime,
}

impl RankBy {
    fn column(self) -> &'static str {
        match self {
            RankBy::Views => "views",
            RankBy::WatchTime => "watch_ms",
        }
    }
}

/// The items in scope with the most views or time played over the range.
pub async fn top_items(db: &Db, owner: Option<UserId>, from: i64, to: i64, by: RankBy, limit: u32) -> sqlx::Result<Vec<Ranked>> {
    let (join, only) = scope(owner);
    let (order, limit_at) = (by.column(), next(owner));
    sqlx::query_as(&format!(
        "SELECT d.video_id AS id, CAST(SUM(d.views) AS BIGINT) AS views, CAST(SUM(d.watch_ms) AS BIGINT) AS watch_ms \
         FROM video_daily d{join} WHERE d.day >= $1 AND d.day <= $2{only} \
         GROUP BY d.video_id ORDER BY {order} DESC, d.video_id LIMIT {limit_at}"
    ))
    .bind(from)
    .bind(to)
    .bind_owner(owner)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// The channels (accounts whose items were played) with the most views or time played.
pub async fn top_channels(db: &Db, owner: Option<UserId>, from: i64, to: i64, by: RankBy, limit: u32) -> sqlx::Result<Vec<Ranked>> {
    let only = if owner.is_some() { " AND v.created_by = $3" } else { "" };
    let (order, limit_at) = (by.column(), next(owner));
    sqlx::query_as(&format!(
        "SELECT v.created_by AS id, CAST(SUM(d.views) AS BIGINT) AS views, CAST(SUM(d.watch_ms) AS BIGINT) AS watch_ms \
         FROM video_daily d JOIN videos v ON v.id = d.video_id WHERE d.day >= $1 AND d.day <= $2 \
         AND v.created_by IS NOT NULL{only} GROUP BY v.created_by ORDER BY {order} DESC, v.created_by LIMIT {limit_at}"
    ))
    .bind(from)
    .bind(to)
    .bind_owner(owner)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// Renditions of the items in scope over the range: `(rendition, watch_ms, rebuffer_ms, kbps_ms)`.
pub async fn renditions(db: &Db, owner: Option<UserId>, from: i64, to: i64) -> sqlx::Result<Vec<(String, i64, i64, f64)>> {
    let (join, only) = scope(owner);
    sqlx::query_as(&format!(
        "SELECT d.rendition, CAST(SUM(d.watch_ms) AS BIGINT), CAST(SUM(d.rebuffer_ms) AS BIGINT), CAST(SUM(d.kbps_ms) AS DOUBLE PRECISION) \
         FROM rendition_daily d{join} WHERE d.day >= $1 AND d.day <= $2{only} GROUP BY d.rendition ORDER BY 2 DESC"
    ))
    .bind(from)
    .bind(to)
    .bind_owner(owner)
    .fetch_all(db.pool())
    .await
}

/// Items uploaded between `from_ms` and `to_ms` (every one, for admins): when uploaded, when
/// playable and ready, and why it failed if it did.
pub async fn pipeline(db: &Db, from_ms: i64, to_ms: i64) -> sqlx::Result<Vec<(i64, Option<i64>, Option<i64>, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT uploaded_at, playable_at, ready_at, status, error FROM videos \
         WHERE uploaded_at >= $1 AND uploaded_at < $2 ORDER BY uploaded_at",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db.pool())
    .await
}

/// Sign-in codes asked for between `from_ms` and `to_ms`: `(created_at, channel, delivery)`.
pub async fn codes(db: &Db, from_ms: i64, to_ms: i64) -> sqlx::Result<Vec<(i64, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT created_at, channel, delivery FROM otp_challenges WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(db.pool())
    .await
}

/// Sign-in outcomes of the audit log between `from_ms` and `to_ms`: `(at, action)`.
pub async fn signin_events(db: &Db, from_ms: i64, to_ms: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT at, action FROM audit_log WHERE at >= $1 AND at < $2 AND action LIKE 'login.%' ORDER BY at")
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(db.pool())
        .await
}

/// Accounts holding each plan now: `(plan id, subscribers)`.
pub async fn subscribers(db: &Db, now_ms: i64) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT plan_id, COUNT(DISTINCT user_id) FROM plan_grants WHERE ends_at > $1 GROUP BY plan_id ORDER BY plan_id")
        .bind(now_ms)
        .fetch_all(db.pool())
        .await
}

/// Titles and owners of items, for naming the ranked ones.
pub async fn titles(db: &Db, ids: &[VideoId]) -> sqlx::Result<Vec<(VideoId, String, Option<UserId>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id, title, created_by FROM videos WHERE id IN ({})", marks.join(", "));
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(db.pool()).await
}
