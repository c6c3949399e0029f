//! Devices of accounts: each signed-in browser and each app token. A device counts while it is
//! not removed and one of its sessions or tokens is live; it was last seen when its newest
//! session or token was last used.

use crate::domain::UserId;

use super::Db;

/// A device as its account's list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRecord {
    /// 32 hex digits (`domain::device::DeviceId`).
    pub id: String,
    /// The account.
    pub user_id: UserId,
    /// `browser` or `app`.
    pub kind: String,
    /// The member's name for it, if they gave one (else it is named from `user_agent`, or an
    /// app by its token's name).
    pub name: Option<String>,
    /// What the browser said it is at its last sign-in.
    pub user_agent: Option<String>,
    /// First signed in (ms).
    pub first_seen_at: i64,
    /// Last used (ms).
    pub last_seen_at: i64,
}

from_row!(DeviceRecord { id, user_id, kind, name, user_agent, first_seen_at, last_seen_at });

/// A device about to be recorded.
pub struct NewDevice<'a> {
    /// Its id.
    pub id: &'a str,
    /// The account.
    pub user_id: UserId,
    /// `browser` or `app`.
    pub kind: &'a str,
    /// A name (an app: its token's).
    pub name: Option<&'a str>,
    /// A browser's user agent.
    pub user_agent: Option<&'a str>,
    /// SHA-256 of a browser's `reel_device` cookie.
    pub secret_hash: Option<&'a str>,
}

/// Whether device `d` is in use at `$2`: not removed, with a live session or token.
const LIVE: &str = "d.removed_at IS NULL AND (\
     EXISTS (SELECT 1 FROM sessions s WHERE s.device_id = d.id AND s.revoked_at IS NULL AND s.expires_at > $2) \
     OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.device_id = d.id AND t.revoked_at IS NULL \
     AND (t.expires_at IS NULL OR t.expires_at > $2)))";

/// The columns of [`DeviceRecord`], `last_seen_at` made from the sessions' and tokens' uses.
const COLUMNS: &str = "id, user_id, kind, name, user_agent, first_seen_at, CASE WHEN sl >= tl THEN sl ELSE tl END AS last_seen_at";
const WITH_USES: &str = "SELECT d.*, \
     COALESCE((SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.device_id = d.id), d.first_seen_at) AS sl, \
     COALESCE((SELECT MAX(COALESCE(t.last_used_at, t.created_at)) FROM api_tokens t WHERE t.device_id = d.id), d.first_seen_at) AS tl \
     FROM devices d";

/// Records a device, first seen now.
pub async fn insert(db: &Db, new: &NewDevice<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO devices (id, user_id, kind, name, user_agent, secret_hash, first_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.kind)
    .bind(new.name)
    .bind(new.user_agent)
    .bind(new.secret_hash)
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The id of `user`'s browser whose `reel_device` cookie hashes to `secret_hash`, unless it
/// was removed.
pub async fn browser_of(db: &Db, user: UserId, secret_hash: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM devices WHERE secret_hash = $1 AND user_id = $2 AND kind = 'browser' AND removed_at IS NULL")
        .bind(secret_hash)
        .bind(user)
        .fetch_optional(db.pool())
        .await
}

/// Notes what a browser says it is as it signs in again.
pub async fn seen_as(db: &Db, id: &str, user_agent: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE devices SET user_agent = $1 WHERE id = $2").bind(user_agent).bind(id).execute(db.pool()).await?;
    Ok(())
}

/// `user`'s devices in use, first signed in first.
pub async fn live_of(db: &Db, user: UserId) -> sqlx::Result<Vec<DeviceRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM ({WITH_USES} WHERE d.user_id = $1 AND {LIVE}) d ORDER BY first_seen_at, id"))
        .bind(user)
        .bind(db.now_ms())
        .fetch_all(db.pool())
        .await
}

/// Whether device `id` is in use.
pub async fn is_live(db: &Db, id: &str) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(&format!("SELECT 1 FROM devices d WHERE d.id = $1 AND {LIVE}"))
        .bind(id)
        .bind(db.now_ms())
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// The place of device `id` among `user`'s devices in use, first signed in first (1 is the
/// first): one more than the others that were first seen before it or in the same
/// millisecond. With every sign-in recording its device and session before it counts, two
/// new devices signing in at once may both be refused, never both let in past the limit.
pub async fn rank(db: &Db, user: UserId, id: &str) -> sqlx::Result<i64> {
    let before: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM devices d, devices me WHERE me.id = $3 AND d.user_id = $1 AND d.id <> me.id \
         AND d.first_seen_at <= me.first_seen_at AND {LIVE}"
    ))
    .bind(user)
    .bind(db.now_ms())
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    Ok(before + 1)
}

/// Names one of `user`'s devices; false when it has no such device in use.
pub async fn rename(db: &Db, user: UserId, id: &str, name: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE devices SET name = $1 WHERE id = $2 AND user_id = $3 AND removed_at IS NULL")
        .bind(name)
        .bind(id)
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes one of `user`'s devices and signs it out: its sessions and tokens are revoked. False
/// when it had no such device.
pub async fn remove(db: &Db, user: UserId, id: &str) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let done = sqlx::query("UPDATE devices SET removed_at = $1 WHERE id = $2 AND user_id = $3 AND removed_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(user)
        .execute(db.pool())
        .await?;
    for table in ["sessions", "api_tokens"] {
        sqlx::query(&format!("UPDATE {table} SET revoked_at = $1 WHERE device_id = $2 AND user_id = $3 AND revoked_at IS NULL"))
            .bind(now)
            .bind(id)
            .bind(user)
            .execute(db.pool())
            .await?;
    }
    Ok(done.rows_affected() == 1)
}
