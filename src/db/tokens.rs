//! API token rows: only a hash of each token is stored.

use sqlx::FromRow;

use crate::domain::{now_ms, TokenId};

use super::Db;

/// An API token as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct TokenRecord {
    /// Its id.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Created (ms).
    pub created_at: i64,
    /// Revoked (ms), if it was.
    pub revoked_at: Option<i64>,
}

/// Stores a new token's hash.
pub async fn insert(db: &Db, id: TokenId, name: &str, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id.to_string())
        .bind(name)
        .bind(token_hash)
        .bind(now_ms())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The id of the live token with this hash.
pub async fn find_live(db: &Db, token_hash: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .fetch_optional(db.pool())
        .await
}

/// Every token, newest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<TokenRecord>> {
    sqlx::query_as("SELECT id, name, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC").fetch_all(db.pool()).await
}

/// Revokes a token; false when there is no live token with that id.
pub async fn revoke(db: &Db, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}
