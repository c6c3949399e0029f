//! Subscriptions: which channels (accounts) each account follows, and how many follow each.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::domain::UserId;

use super::users::UserRecord;
use super::Db;

/// A channel someone follows, with when they started and how many follow it.
#[derive(Debug, Clone)]
pub struct Followed {
    /// The channel's account.
    pub channel: UserRecord,
    /// When the subscription began (ms).
    pub subscribed_at: i64,
    /// Everyone subscribed to the channel.
    pub subscribers: i64,
}

impl<'r> FromRow<'r, AnyRow> for Followed {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        Ok(Self {
            channel: UserRecord::from_row(row)?,
            subscribed_at: row.try_get("subscribed_at")?,
            subscribers: row.try_get("subscribers")?,
        })
    }
}

/// Subscribes `subscriber` to `channel`; false when it already was (nothing changes, the
/// first date stays).
pub async fn add(db: &Db, subscriber: UserId, channel: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO subscriptions (subscriber_id, channel_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (subscriber_id, channel_id) DO NOTHING",
    )
    .bind(subscriber)
    .bind(channel)
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends `subscriber`'s subscription to `channel`; false when there was none.
pub async fn remove(db: &Db, subscriber: UserId, channel: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM subscriptions WHERE subscriber_id = $1 AND channel_id = $2")
        .bind(subscriber)
        .bind(channel)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `subscriber` follows `channel`.
pub async fn follows(db: &Db, subscriber: UserId, channel: UserId) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM subscriptions WHERE subscriber_id = $1 AND channel_id = $2")
        .bind(subscriber)
        .bind(channel)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// How many channels `subscriber` follows.
pub async fn count_of(db: &Db, subscriber: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE subscriber_id = $1").bind(subscriber).fetch_one(db.pool()).await
}

/// How many accounts follow `channel`.
pub async fn subscribers(db: &Db, channel: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE channel_id = $1").bind(channel).fetch_one(db.pool()).await
}

/// `SELECT` of [`Followed`] rows of `s` (subscriptions) joined to `u` (the channels).
fn select_followed() -> String {
    let columns = super::users::COLUMNS.split(',').map(|c| format!("u.{}", c.trim())).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {columns}, s.created_at AS subscribed_at, \
         (SELECT COUNT(*) FROM subscriptions n WHERE n.channel_id = s.channel_id) AS subscribers \
         FROM subscriptions s JOIN users u ON u.id = s.channel_id"
    )
}

/// The enabled channels `subscriber` follows, most recently followed first, at most `limit`.
pub async fn channels(db: &Db, subscriber: UserId, limit: u32) -> sqlx::Result<Vec<Followed>> {
    let sql = format!(
        "{} WHERE s.subscriber_id = $1 AND u.disabled_at IS NULL ORDER BY s.created_at DESC, u.channel LIMIT $2",
        select_followed()
    );
    sqlx::query_as(&sql).bind(subscriber).bind(i64::from(limit)).fetch_all(db.pool()).await
}

/// The handles and names of the enabled channels `subscriber` follows, most recently followed
/// first, at most `limit`: the guide's short list, without the counts a subscriptions page shows.
pub async fn names(db: &Db, subscriber: UserId, limit: u32) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT u.channel, u.display_name FROM subscriptions s JOIN users u ON u.id = s.channel_id \
         WHERE s.subscriber_id = $1 AND u.disabled_at IS NULL ORDER BY s.created_at DESC, u.channel LIMIT $2",
    )
    .bind(subscriber)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// `subscriber`'s subscription to `channel`, if there is one.
pub async fn followed(db: &Db, subscriber: UserId, channel: UserId) -> sqlx::Result<Option<Followed>> {
    let sql = format!("{} WHERE s.subscriber_id = $1 AND s.channel_id = $2", select_followed());
    sqlx::query_as(&sql).bind(subscriber).bind(channel).fetch_optional(db.pool()).await
}
