//! The storage accounts (`stored_objects`: one row per object Reel keeps) and the reads the
//! storage report and the lifecycle rules make of them.

use futures::future::BoxFuture;

use crate::domain::VideoId;
use crate::storage::ledger::{classify, KeyClass, Ledger};
use crate::storage::Tier;

use super::Db;

/// The storage accounts in the database, kept by the store itself as it writes, moves and
/// removes objects.
pub struct DbLedger(pub Db);

impl Ledger for DbLedger {
    fn wrote<'a>(&'a self, key: &'a str, bytes: u64, tier: Tier) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move { Ok(record(&self.0, key, &classify(key), tier, bytes).await?) })
    }

    fn removed_prefix<'a>(&'a self, prefix: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move { Ok(remove_prefix(&self.0, prefix).await?) })
    }

    fn removed<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move { Ok(remove(&self.0, key).await?) })
    }
}

/// Records that `key` holds `bytes` bytes in `tier` (a new object, an overwrite or a move).
pub async fn record(db: &Db, key: &str, class: &KeyClass, tier: Tier, bytes: u64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO stored_objects (key, video_id, kind, rendition, tier, bytes, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (key) DO UPDATE SET tier = excluded.tier, bytes = excluded.bytes, stored_at = excluded.stored_at",
    )
    .bind(key)
    .bind(class.video.map(|v| v.to_string()).unwrap_or_default())
    .bind(class.kind.as_str())
    .bind(class.rendition.clone().unwrap_or_default())
    .bind(tier.as_str())
    .bind(i64::try_from(bytes).unwrap_or(i64::MAX))
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Forgets one object.
pub async fn remove(db: &Db, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM stored_objects WHERE key = $1").bind(key).execute(db.pool()).await?;
    Ok(())
}

/// Forgets every object under a folder (`media/{id}`): the keys between `prefix/` and `prefix0`
/// (`0` sorts right after `/`), so the primary key's index finds them without a pattern.
pub async fn remove_prefix(db: &Db, prefix: &str) -> sqlx::Result<()> {
    let prefix = prefix.trim_end_matches('/');
    sqlx::query("DELETE FROM stored_objects WHERE key >= $1 AND key < $2")
        .bind(format!("{prefix}/"))
        .bind(format!("{prefix}0"))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Objects and bytes of one group of the accounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Usage {
    /// `hot` or `cold`.
    pub tier: String,
    /// `original`, `rendition`, `download`, `image`, `index`, `avatar`, `upload`, `other`.
    pub kind: String,
    /// The rendition's name for segments (else empty).
    pub rendition: String,
    /// How many objects.
    pub objects: i64,
    /// Their bytes.
    pub bytes: i64,
}

from_row!(Usage { tier, kind, rendition, objects, bytes });

/// The installation's objects by tier and kind.
pub async fn totals(db: &Db) -> sqlx::Result<Vec<Usage>> {
    sqlx::query_as(
        "SELECT tier, kind, '' AS rendition, COUNT(*) AS objects, CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS bytes \
         FROM stored_objects GROUP BY tier, kind ORDER BY tier, kind",
    )
    .fetch_all(db.pool())
    .await
}

/// One item's objects by tier, kind and rendition.
pub async fn of_video(db: &Db, video: VideoId) -> sqlx::Result<Vec<Usage>> {
    sqlx::query_as(
        "SELECT tier, kind, rendition, COUNT(*) AS objects, CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS bytes \
         FROM stored_objects WHERE video_id = $1 GROUP BY tier, kind, rendition ORDER BY kind, rendition, tier",
    )
    .bind(video.to_string())
    .fetch_all(db.pool())
    .await
}

/// The bytes one item holds, every tier and kind together.
pub async fn video_bytes(db: &Db, video: VideoId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM stored_objects WHERE video_id = $1")
        .bind(video.to_string())
        .fetch_one(db.pool())
        .await
}

/// An item's (or a channel's) bytes, hot and cold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Holder {
    /// The item's id, or the channel's account id.
    pub id: String,
    /// The item's title, or the channel's handle (empty when it has none).
    pub name: String,
    /// How many items (1 for an item).
    pub items: i64,
    /// Bytes in the hot tier.
    pub hot_bytes: i64,
    /// Bytes in the cold tier.
    pub cold_bytes: i64,
}

from_row!(Holder { id, name, items, hot_bytes, cold_bytes });

/// The `limit` items holding the most bytes, biggest first.
pub async fn biggest_videos(db: &Db, limit: i64) -> sqlx::Result<Vec<Holder>> {
    sqlx::query_as(
        "SELECT o.video_id AS id, COALESCE(MAX(v.title), '') AS name, 1 AS items, \
                CAST(COALESCE(SUM(CASE WHEN o.tier = 'hot' THEN o.bytes ELSE 0 END), 0) AS BIGINT) AS hot_bytes, \
                CAST(COALESCE(SUM(CASE WHEN o.tier = 'cold' THEN o.bytes ELSE 0 END), 0) AS BIGINT) AS cold_bytes \
         FROM stored_objects o LEFT JOIN videos v ON v.id = o.video_id \
         WHERE o.video_id <> '' GROUP BY o.video_id ORDER BY SUM(o.bytes) DESC, o.video_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Channels (the accounts that uploaded the items) by the bytes their items hold, most first;
/// objects of items with no owner left are under an empty id.
pub async fn by_channel(db: &Db, limit: i64) -> sqlx::Result<Vec<Holder>> {
    sqlx::query_as(
        "SELECT COALESCE(v.created_by, '') AS id, COALESCE(MAX(u.channel), '') AS name, COUNT(DISTINCT o.video_id) AS items, \
                CAST(COALESCE(SUM(CASE WHEN o.tier = 'hot' THEN o.bytes ELSE 0 END), 0) AS BIGINT) AS hot_bytes, \
                CAST(COALESCE(SUM(CASE WHEN o.tier = 'cold' THEN o.bytes ELSE 0 END), 0) AS BIGINT) AS cold_bytes \
         FROM stored_objects o JOIN videos v ON v.id = o.video_id LEFT JOIN users u ON u.id = v.created_by \
         GROUP BY COALESCE(v.created_by, '') ORDER BY SUM(o.bytes) DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// One stored object, as the lifecycle rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// Its key.
    pub key: String,
    /// `hot` or `cold`.
    pub tier: String,
    /// The rendition, for segments.
    pub rendition: String,
    /// Its size.
    pub bytes: i64,
}

from_row!(StoredObject { key, tier, rendition, bytes });

/// An item's objects of one kind (`original`, `rendition`, …), in key order.
pub async fn objects_of(db: &Db, video: VideoId, kind: &str) -> sqlx::Result<Vec<StoredObject>> {
    sqlx::query_as("SELECT key, tier, rendition, bytes FROM stored_objects WHERE video_id = $1 AND kind = $2 ORDER BY key")
        .bind(video.to_string())
        .bind(kind)
        .fetch_all(db.pool())
        .await
}

/// The keys of an item's objects in the cold tier.
pub async fn cold_keys_of(db: &Db, video: VideoId) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT key FROM stored_objects WHERE video_id = $1 AND tier = 'cold' ORDER BY key")
        .bind(video.to_string())
        .fetch_all(db.pool())
        .await
}

/// Every key the accounts hold, with its size and tier (for comparing with the store).
pub async fn all_keys(db: &Db) -> sqlx::Result<Vec<(String, i64, String)>> {
    sqlx::query_as("SELECT key, bytes, tier FROM stored_objects ORDER BY key").fetch_all(db.pool()).await
}

/// Replaces the whole accounts with `objects` (key, size, tier): what a reconciliation with a
/// listing of the store found. One transaction, so readers see the old or the new accounts.
pub async fn replace_all(db: &Db, objects: &[(String, u64, Tier)]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM stored_objects").execute(&mut *tx).await?;
    let now = db.now_ms();
    for (key, bytes, tier) in objects {
        let class = crate::storage::ledger::classify(key);
        sqlx::query(
            "INSERT INTO stored_objects (key, video_id, kind, rendition, tier, bytes, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(key)
        .bind(class.video.map(|v| v.to_string()).unwrap_or_default())
        .bind(class.kind.as_str())
        .bind(class.rendition.unwrap_or_default())
        .bind(tier.as_str())
        .bind(i64::try_from(*bytes).unwrap_or(i64::MAX))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// An item a lifecycle rule may act on: its age, when it was last viewed and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The item.
    pub id: VideoId,
    /// Its title, for reports.
    pub title: String,
    /// When it became ready (ms).
    pub ready_at: i64,
    /// When it was last viewed (ms), or when it became ready if never.
    pub last_active_at: i64,
    /// Bytes of the kind the rule is about, in the tier it moves from (or both, for removals).
    pub bytes: i64,
}

from_row!(Candidate { id, title, ready_at, last_active_at, bytes });

/// Ready items not pinned hot with objects of `kind` in `tier` (any tier when `None`), whose
/// `ready_at` (when `idle` is false) or last view (when true) is before `before`; oldest first,
/// at most `limit`.
pub async fn candidates(db: &Db, kind: &str, tier: Option<Tier>, idle: bool, before: i64, limit: i64) -> sqlx::Result<Vec<Candidate>> {
    let measure = if idle { "COALESCE(v.last_viewed_at, v.ready_at)" } else { "v.ready_at" };
    let tier_condition = if tier.is_some() { "AND o.tier = $4" } else { "" };
    let sql = format!(
        "SELECT v.id, v.title, v.ready_at, COALESCE(v.last_viewed_at, v.ready_at) AS last_active_at, CAST(SUM(o.bytes) AS BIGINT) AS bytes \
         FROM videos v JOIN stored_objects o ON o.video_id = v.id AND o.kind = $1 {tier_condition} \
         WHERE v.status = 'ready' AND v.storage_pinned = 0 AND v.ready_at IS NOT NULL AND {measure} < $2 \
         GROUP BY v.id, v.title, v.ready_at, v.last_viewed_at ORDER BY {measure}, v.id LIMIT $3"
    );
    let query = sqlx::query_as(&sql).bind(kind).bind(before).bind(limit);
    match tier {
        Some(tier) => query.bind(tier.as_str()).fetch_all(db.pool()).await,
        None => query.fetch_all(db.pool()).await,
    }
}

/// Keeps an item hot (no lifecycle rule touches it) or lets the rules act on it again.
pub async fn set_pinned(db: &Db, video: VideoId, pinned: bool) -> sqlx::Result<bool> {
    Ok(sqlx::query("UPDATE videos SET storage_pinned = $1 WHERE id = $2")
        .bind(i64::from(pinned))
        .bind(video)
        .execute(db.pool())
        .await?
        .rows_affected()
        == 1)
}

/// Whether an item is pinned hot, and when a rule removed its original.
pub async fn lifecycle_marks(db: &Db, video: VideoId) -> sqlx::Result<Option<(bool, Option<i64>)>> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as("SELECT storage_pinned, original_removed_at FROM videos WHERE id = $1")
        .bind(video)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(pinned, removed)| (pinned != 0, removed)))
}

/// Records that a rule removed an item's original.
pub async fn mark_original_removed(db: &Db, video: VideoId, at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE videos SET original_removed_at = $1 WHERE id = $2 AND original_removed_at IS NULL")
        .bind(at)
        .bind(video)
        .execute(db.pool())
        .await?;
    Ok(())
}
