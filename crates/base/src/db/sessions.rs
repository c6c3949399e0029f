//! Server-side sessions: only a hash of each session id is stored.

use crate::domain::{ProfileId, UserId};

use super::Db;

/// A live session joined with what the request needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// SHA-256 of the session id.
    pub id_hash: String,
    /// The account.
    pub user_id: UserId,
    /// The CSRF token bound to this session.
    pub csrf_token: String,
    /// Whether a second factor is still owed (1) before the session counts.
    pub mfa_pending: i64,
    /// Created (ms).
    pub created_at: i64,
    /// Last used (ms).
    pub last_seen_at: i64,
    /// Client IP at sign-in.
    pub ip: Option<String>,
    /// Browser at sign-in.
    pub user_agent: Option<String>,
    /// The profile it acts as (none: the account's main profile).
    pub profile_id: Option<ProfileId>,
    /// The browser it was signed in on (`db::devices`).
    pub device_id: Option<String>,
}

from_row!(SessionRecord { id_hash, user_id, csrf_token, mfa_pending, created_at, last_seen_at, ip, user_agent, profile_id, device_id });

const COLUMNS: &str = "id_hash, user_id, csrf_token, mfa_pending, created_at, last_seen_at, ip, user_agent, profile_id, device_id";

/// A session about to be stored.
pub struct NewSessionRow<'a> {
    /// SHA-256 of the session id.
    pub id_hash: &'a str,
    /// The account.
    pub user_id: UserId,
    /// Its CSRF token.
    pub csrf_token: &'a str,
    /// Whether a second factor is still owed.
    pub mfa_pending: bool,
    /// When it stops working (ms).
    pub expires_at: i64,
    /// Client IP.
    pub ip: Option<&'a str>,
    /// Browser.
    pub user_agent: Option<&'a str>,
    /// The browser's device.
    pub device_id: Option<&'a str>,
}

/// Stores a new session.
pub async fn insert(db: &Db, new: &NewSessionRow<'_>) -> sqlx::Result<()> {
    let now = db.now_ms();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, mfa_pending, created_at, last_seen_at, expires_at, ip, user_agent, device_id) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9)",
    )
    .bind(new.id_hash)
    .bind(new.user_id)
    .bind(new.csrf_token)
    .bind(i64::from(new.mfa_pending))
    .bind(now)
    .bind(new.expires_at)
    .bind(new.ip)
    .bind(new.user_agent)
    .bind(new.device_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A session that is neither expired nor revoked.
pub async fn live(db: &Db, id_hash: &str) -> sqlx::Result<Option<SessionRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM sessions WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > $2"))
        .bind(id_hash)
        .bind(db.now_ms())
        .fetch_optional(db.pool())
        .await
}

/// Records use of a session, at most once a minute (keeps reads from becoming writes).
pub async fn touch(db: &Db, id_hash: &str) -> sqlx::Result<()> {
    let now = db.now_ms();
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2 AND last_seen_at < $3")
        .bind(now)
        .bind(id_hash)
        .bind(now - 60_000)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Counts a wrong second-factor code; at `max` the session is revoked. Returns the failures.
pub async fn fail_mfa(db: &Db, id_hash: &str, max: i64) -> sqlx::Result<i64> {
    sqlx::query("UPDATE sessions SET mfa_failures = mfa_failures + 1 WHERE id_hash = $1").bind(id_hash).execute(db.pool()).await?;
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND mfa_failures >= $3 AND revoked_at IS NULL")
        .bind(db.now_ms())
        .bind(id_hash)
        .bind(max)
        .execute(db.pool())
        .await?;
    sqlx::query_scalar("SELECT mfa_failures FROM sessions WHERE id_hash = $1").bind(id_hash).fetch_one(db.pool()).await
}

/// Revokes one session.
pub async fn revoke(db: &Db, id_hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL")
        .bind(db.now_ms())
        .bind(id_hash)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every session of an account ("sign out everywhere"); returns how many.
pub async fn revoke_all(db: &Db, user_id: UserId) -> sqlx::Result<u64> {
    let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(db.now_ms())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// An account's live sessions, newest first.
pub async fn for_user(db: &Db, user_id: UserId) -> sqlx::Result<Vec<SessionRecord>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC"
    ))
    .bind(user_id)
    .bind(db.now_ms())
    .fetch_all(db.pool())
    .await
}
