//! Share link rows: one item, an expiry, an optional start time; only a hash of each link's
//! token is stored.

use crate::domain::{ShareId, UserId, VideoId};

use super::Db;

/// A share link as stored (never its token).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ShareLink {
    /// Its id.
    pub id: ShareId,
    /// The item it opens.
    pub video_id: VideoId,
    /// Who made it.
    pub created_by: Option<UserId>,
    /// Where playing starts, seconds.
    pub start_s: Option<f64>,
    /// When it stops working (ms).
    pub expires_at: i64,
    /// Made (ms).
    pub created_at: i64,
    /// Revoked (ms), if it was.
    pub revoked_at: Option<i64>,
}

from_row!(ShareLink { id, video_id, created_by, start_s, expires_at, created_at, revoked_at });

const COLUMNS: &str = "id, video_id, created_by, start_s, expires_at, created_at, revoked_at";

/// Stores a new link under the hash of its token.
pub async fn insert(db: &Db, link: &ShareLink, token_hash: &str) -> sqlx::Result<()> {
    // Not a cached statement: PostgreSQL fixes a parameter's type when a connection first
    // prepares it, and a link made without a start (NULL) would type `start_s` so that the next
    // one with a start, on the same connection, is refused ("incorrect binary data format").
    sqlx::query(
        "INSERT INTO share_links (id, video_id, created_by, token_hash, start_s, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .persistent(false)
    .bind(link.id)
    .bind(link.video_id)
    .bind(link.created_by)
    .bind(token_hash)
    .bind(link.start_s)
    .bind(link.expires_at)
    .bind(link.created_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The link a token's hash names for `video`, live or not (the caller says which it is).
pub async fn by_hash(db: &Db, video: VideoId, token_hash: &str) -> sqlx::Result<Option<ShareLink>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM share_links WHERE token_hash = $1 AND video_id = $2"))
        .bind(token_hash)
        .bind(video)
        .fetch_optional(db.pool())
        .await
}

/// One link by id.
pub async fn get(db: &Db, id: ShareId) -> sqlx::Result<Option<ShareLink>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM share_links WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// An item's links that still work at `now` (ms), newest first.
pub async fn live_of(db: &Db, video: VideoId, now: i64) -> sqlx::Result<Vec<ShareLink>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM share_links WHERE video_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC"
    ))
    .bind(video)
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// How many links of an item still work at `now`.
pub async fn live_count(db: &Db, video: VideoId, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM share_links WHERE video_id = $1 AND revoked_at IS NULL AND expires_at > $2")
        .bind(video)
        .bind(now)
        .fetch_one(db.pool())
        .await
}

/// Revokes a link of `video`; false when there is no such live link.
pub async fn revoke(db: &Db, video: VideoId, id: ShareId) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE share_links SET revoked_at = $1 WHERE id = $2 AND video_id = $3 AND revoked_at IS NULL")
        .bind(db.now_ms())
        .bind(id)
        .bind(video)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}
