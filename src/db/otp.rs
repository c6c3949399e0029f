//! One-time login code challenges: a keyed hash of the code, its login attempt, its tries.

use sqlx::FromRow;

use crate::domain::now_ms;

use super::Db;

/// A challenge as stored.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct ChallengeRecord {
    /// Its id (part of what the code hash covers).
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Where the code went.
    pub address: String,
    /// The account, when the address has one.
    pub user_id: Option<String>,
    /// HMAC of the code.
    pub code_hash: String,
    /// Wrong tries so far.
    pub failures: i64,
    /// Expiry (ms).
    pub expires_at: i64,
}

/// A new challenge.
pub struct NewChallenge<'a> {
    /// Its id.
    pub id: &'a str,
    /// Hash of the login attempt it is bound to.
    pub attempt_hash: &'a str,
    /// `email` or `sms`.
    pub channel: &'a str,
    /// Where the code went.
    pub address: &'a str,
    /// The account, if any.
    pub user_id: Option<&'a str>,
    /// HMAC of the code.
    pub code_hash: &'a str,
    /// Expiry (ms).
    pub expires_at: i64,
    /// Client IP.
    pub ip: &'a str,
}

/// Stores a challenge; earlier unused ones for the same address stop counting.
pub async fn insert(db: &Db, c: &NewChallenge<'_>) -> sqlx::Result<()> {
    let now = now_ms();
    let mut tx = db.pool().begin().await?;
    // One live code per address: a new code voids the previous one.
    sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE address = $2 AND used_at IS NULL")
        .bind(now)
        .bind(c.address)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO otp_challenges (id, attempt_hash, channel, address, user_id, code_hash, failures, created_at, expires_at, ip) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)",
    )
    .bind(c.id)
    .bind(c.attempt_hash)
    .bind(c.channel)
    .bind(c.address)
    .bind(c.user_id)
    .bind(c.code_hash)
    .bind(now)
    .bind(c.expires_at)
    .bind(c.ip)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The unused, unexpired challenge for this address and login attempt.
pub async fn live(db: &Db, address: &str, attempt_hash: &str) -> sqlx::Result<Option<ChallengeRecord>> {
    sqlx::query_as(
        "SELECT id, channel, address, user_id, code_hash, failures, expires_at FROM otp_challenges \
         WHERE address = $1 AND attempt_hash = $2 AND used_at IS NULL AND expires_at > $3 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(address)
    .bind(attempt_hash)
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await
}

/// Counts a wrong try; voids the challenge at `max_failures`. Returns the failures now.
pub async fn fail(db: &Db, id: &str, max_failures: i64) -> sqlx::Result<i64> {
    let now = now_ms();
    sqlx::query("UPDATE otp_challenges SET failures = failures + 1 WHERE id = $1").bind(id).execute(db.pool()).await?;
    sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE id = $2 AND failures >= $3 AND used_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(max_failures)
        .execute(db.pool())
        .await?;
    sqlx::query_scalar("SELECT failures FROM otp_challenges WHERE id = $1").bind(id).fetch_one(db.pool()).await
}

/// Uses a challenge up; true only for the one caller that got there first.
pub async fn consume(db: &Db, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Challenges made for an address, and from an IP, since `since` (ms); and the newest's time.
pub async fn recent(db: &Db, address: &str, ip: &str, since: i64) -> sqlx::Result<(i64, i64, Option<i64>)> {
    let by_address: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE address = $1 AND created_at > $2")
        .bind(address)
        .bind(since)
        .fetch_one(db.pool())
        .await?;
    let by_ip: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE ip = $1 AND created_at > $2")
        .bind(ip)
        .bind(since)
        .fetch_one(db.pool())
        .await?;
    let newest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(created_at) FROM otp_challenges WHERE address = $1").bind(address).fetch_one(db.pool()).await?;
    Ok((by_address, by_ip, newest))
}
