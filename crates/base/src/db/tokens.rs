//! API token rows: owned by an account, with scopes; only a hash of each token is stored.

use crate::domain::{ProfileId, TokenId, UserId};

use super::Db;

/// An API token as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct TokenRecord {
    /// Its id.
    pub id: TokenId,
    /// A name for people.
    pub name: String,
    /// The owning account.
    pub user_id: Option<UserId>,
    /// Comma-separated scopes.
    pub scopes: String,
    /// Created (ms).
    pub created_at: i64,
    /// Revoked (ms), if it was.
    pub revoked_at: Option<i64>,
    /// When it stops working (ms), if it was made to.
    pub expires_at: Option<i64>,
    /// When it last authenticated a request (ms, to within [`TOUCH_EVERY_MS`]), if ever.
    pub last_used_at: Option<i64>,
}

from_row!(TokenRecord { id, name, user_id, scopes, created_at, revoked_at, expires_at, last_used_at });

impl TokenRecord {
    /// `live`, `revoked` or `expired` at `now` (ms).
    pub fn state(&self, now: i64) -> &'static str {
        match (self.revoked_at, self.expires_at) {
            (Some(_), _) => "revoked",
            (None, Some(at)) if at <= now => "expired",
            _ => "live",
        }
    }
}

/// How stale a token's `last_used_at` may get before a request writes it again: reads stay
/// reads for a busy token.
pub const TOUCH_EVERY_MS: i64 = 60_000;

/// A live token resolved to its account.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveToken {
    /// The token's id.
    pub id: TokenId,
    /// The owning account.
    pub user_id: UserId,
    /// Comma-separated scopes.
    pub scopes: String,
    /// The profile it acts as (none: the account's main profile).
    pub profile_id: Option<ProfileId>,
    /// When it last authenticated a request (ms), if ever.
    pub last_used_at: Option<i64>,
    /// When it stops working (ms), if it was made to.
    pub expires_at: Option<i64>,
    /// The device it is (`db::devices`), for a token made since devices were.
    pub device_id: Option<String>,
}

from_row!(LiveToken { id, user_id, scopes, profile_id, last_used_at, expires_at, device_id });

/// What a new token is stored with (its hash, never the token).
pub struct NewTokenRow<'a> {
    /// Its id.
    pub id: TokenId,
    /// A name for people.
    pub name: &'a str,
    /// SHA-256 of the token.
    pub token_hash: &'a str,
    /// The owning account.
    pub user_id: UserId,
    /// Comma-separated scopes.
    pub scopes: &'a str,
    /// The profile it acts as: a token made while acting as a kids profile stays one.
    pub profile_id: Option<ProfileId>,
    /// When it stops working (ms); none: until revoked.
    pub expires_at: Option<i64>,
    /// The device it is.
    pub device_id: Option<&'a str>,
}

/// Stores a new token's hash.
pub async fn insert(db: &Db, new: &NewTokenRow<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, name, token_hash, user_id, scopes, created_at, profile_id, expires_at, device_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new.id)
    .bind(new.name)
    .bind(new.token_hash)
    .bind(new.user_id)
    .bind(new.scopes)
    .bind(db.now_ms())
    .bind(new.profile_id)
    .bind(new.expires_at)
    .bind(new.device_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The live token with this hash (neither revoked nor expired), if its account is enabled.
pub async fn find_live(db: &Db, token_hash: &str) -> sqlx::Result<Option<LiveToken>> {
    sqlx::query_as(
        "SELECT t.id, t.user_id, t.scopes, t.profile_id, t.last_used_at, t.expires_at, t.device_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) \
         AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(db.now_ms())
    .fetch_optional(db.pool())
    .await
}

/// Records that `token` authenticated a request now, unless that was recorded within
/// [`TOUCH_EVERY_MS`]: the caller decides from the `last_used_at` it read, so most requests
/// write nothing.
pub async fn touch(db: &Db, token: &LiveToken) -> sqlx::Result<()> {
    let now = db.now_ms();
    if token.last_used_at.is_some_and(|at| now - at < TOUCH_EVERY_MS) {
        return Ok(());
    }
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)")
        .bind(now)
        .bind(token.id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Tokens, newest first: an account's, or every one when `user_id` is None.
pub async fn list(db: &Db, user_id: Option<UserId>) -> sqlx::Result<Vec<TokenRecord>> {
    sqlx::query_as(
        "SELECT id, name, user_id, scopes, created_at, revoked_at, expires_at, last_used_at FROM api_tokens \
         WHERE $1 = '' OR user_id = $1 ORDER BY created_at DESC",
    )
    .bind(super::codec::or_any(user_id))
    .fetch_all(db.pool())
    .await
}

/// The account and device of token `id`, if it has both.
pub async fn device_of(db: &Db, id: TokenId) -> sqlx::Result<Option<(UserId, String)>> {
    let row: Option<(Option<UserId>, Option<String>)> =
        sqlx::query_as("SELECT user_id, device_id FROM api_tokens WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(row.and_then(|(user, device)| Some((user?, device?))))
}

/// Revokes a token (of `user_id` when given); false when there is no such live token.
pub async fn revoke(db: &Db, id: TokenId, user_id: Option<UserId>) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL AND ($3 = '' OR user_id = $3)")
        .bind(db.now_ms())
        .bind(id)
        .bind(super::codec::or_any(user_id))
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every live token of `user`; returns how many.
pub async fn revoke_all(db: &Db, user: UserId) -> sqlx::Result<u64> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(db.now_ms())
        .bind(user)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
