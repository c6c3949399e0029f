//! Idempotency keys: what a request sent with one answered, per account and key, so a retry
//! gets the same answer instead of doing the work twice.

use crate::domain::UserId;

use super::Db;

/// A key's row as another request with the same key finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// `METHOD /path` of the request that claimed it.
    pub route: String,
    /// What identifies that request's content (see `platform::idempotency`).
    pub fingerprint: String,
    /// Its answer's status; none while it is still being served.
    pub status: Option<i64>,
    /// Its answer's body.
    pub body: Option<String>,
    /// The answer's headers worth repeating, as a JSON list of `[name, value]`.
    pub headers: Option<String>,
    /// When it was claimed (ms).
    pub created_at: i64,
}

from_row!(KeyRecord { route, fingerprint, status, body, headers, created_at });

/// Claims `key` for `account`'s request on `route`: `None` when this request claimed it, else
/// the row another request made. A row claimed before `stale_before`, or left unanswered since
/// before `abandoned_before` (its process died), is replaced. Two requests racing with one key:
/// the insert lets one win; a row let go between the insert and the read is claimed again.
pub async fn claim(
    db: &Db,
    account: UserId,
    key: &str,
    route: &str,
    fingerprint: &str,
    stale_before: i64,
    abandoned_before: i64,
) -> sqlx::Result<Option<KeyRecord>> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE account_id = $1 AND idem_key = $2 \
         AND (created_at < $3 OR (status IS NULL AND created_at < $4))",
    )
    .bind(account)
    .bind(key)
    .bind(stale_before)
    .bind(abandoned_before)
    .execute(db.pool())
    .await?;
    for _ in 0..3 {
        if let Some(found) = try_claim(db, account, key, route, fingerprint).await? {
            return Ok(found);
        }
    }
    Err(sqlx::Error::Protocol("an idempotency key was claimed and let go three times in a row".into()))
}

/// One try: `Some(None)` claimed, `Some(Some(row))` another request's row, `None` when the row
/// that stopped the insert was gone by the time it was read.
async fn try_claim(db: &Db, account: UserId, key: &str, route: &str, fingerprint: &str) -> sqlx::Result<Option<Option<KeyRecord>>> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (account_id, idem_key, route, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (account_id, idem_key) DO NOTHING",
    )
    .bind(account)
    .bind(key)
    .bind(route)
    .bind(fingerprint)
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Some(None));
    }
    let found: Option<KeyRecord> = sqlx::query_as(
        "SELECT route, fingerprint, status, body, headers, created_at FROM idempotency_keys WHERE account_id = $1 AND idem_key = $2",
    )
    .bind(account)
    .bind(key)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.map(Some))
}

/// Keeps the answer of the request that claimed `key`.
pub async fn finish(db: &Db, account: UserId, key: &str, status: u16, body: &str, headers: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, body = $2, headers = $3 WHERE account_id = $4 AND idem_key = $5 AND status IS NULL",
    )
    .bind(i64::from(status))
    .bind(body)
    .bind(headers)
    .bind(account)
    .bind(key)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Lets `key` go unanswered (its request failed or was dropped), so a retry does the work.
pub async fn release(db: &Db, account: UserId, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE account_id = $1 AND idem_key = $2 AND status IS NULL")
        .bind(account)
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets every key claimed before `before` (ms); how many.
pub async fn forget_before(db: &Db, before: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1").bind(before).execute(db.pool()).await?.rows_affected())
}
