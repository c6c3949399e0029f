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
    // One live code per address and client: a new code voids that client's previous one, but
    // not codes someone else asked for (so strangers cannot void a person's code).
    sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE address = $2 AND ip = $3 AND used_at IS NULL")
        .bind(now)
        .bind(c.address)
        .bind(c.ip)
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

/// How many codes were asked for recently, for the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// For the address, from anyone.
    pub address: i64,
    /// For the address, from this client.
    pub address_from_client: i64,
    /// From this client, for any address.
    pub client: i64,
    /// When this client last asked for the address (ms).
    pub newest_from_client: Option<i64>,
}

/// Codes asked for since `since` (ms), by address and by client (IP bucket).
pub async fn recent(db: &Db, address: &str, client: &str, since: i64) -> sqlx::Result<Recent> {
    let pool = db.pool();
    let address_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE address = $1 AND created_at > $2")
        .bind(address)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let address_from_client: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE address = $1 AND ip = $2 AND created_at > $3")
            .bind(address)
            .bind(client)
            .bind(since)
            .fetch_one(pool)
            .await?;
    let client_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE ip = $1 AND created_at > $2")
        .bind(client)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let newest_from_client: Option<i64> = sqlx::query_scalar("SELECT MAX(created_at) FROM otp_challenges WHERE address = $1 AND ip = $2")
        .bind(address)
        .bind(client)
        .fetch_one(pool)
        .await?;
    Ok(Recent { address: address_total, address_from_client, client: client_total, newest_from_client })
}

/// Wrong codes entered since `since` (ms) for an address: from anyone, and from one client.
pub async fn failures_since(db: &Db, address: &str, client: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    let all: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) FROM otp_challenges WHERE address = $1 AND created_at > $2")
            .bind(address)
            .bind(since)
            .fetch_one(db.pool())
            .await?;
    let mine: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) FROM otp_challenges WHERE address = $1 AND ip = $2 AND created_at > $3",
    )
    .bind(address)
    .bind(client)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok((all, mine))
}
