//! Recorded usage (`usage_daily`: one quantity per day, resource and item), written by the
//! meters and the daily snapshot, and the sums the cost report reads.

use super::Db;

/// One recorded quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRow {
    /// UTC day, days since the epoch.
    pub day: i64,
    /// The resource's name (`origin_egress`, …).
    pub resource: String,
    /// The item it belongs to, or empty.
    pub video_id: String,
    /// Whole units of the resource.
    pub quantity: i64,
}

from_row!(UsageRow { day, resource, video_id, quantity });

/// Adds each row's quantity to what its day, resource and item already have, in one
/// transaction (a meter's flush: all of it is written or none).
pub async fn add(db: &Db, rows: &[UsageRow]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    for row in rows {
        sqlx::query(
            "INSERT INTO usage_daily (day, resource, video_id, quantity) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (day, resource, video_id) DO UPDATE SET quantity = usage_daily.quantity + excluded.quantity",
        )
        .bind(row.day)
        .bind(&row.resource)
        .bind(&row.video_id)
        .bind(row.quantity)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Records the bytes each item holds now in each tier as `day`'s storage, replacing what an
/// earlier snapshot of the day recorded (an item moved or removed since then is charged where
/// it is now). Returns how many rows it wrote.
pub async fn snapshot_storage(db: &Db, day: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM usage_daily WHERE day = $1 AND resource IN ('storage_hot', 'storage_cold')")
        .bind(day)
        .execute(&mut *tx)
        .await?;
    let written = sqlx::query(
        "INSERT INTO usage_daily (day, resource, video_id, quantity) \
         SELECT $1, CASE WHEN tier = 'cold' THEN 'storage_cold' ELSE 'storage_hot' END, video_id, CAST(SUM(bytes) AS BIGINT) \
         FROM stored_objects GROUP BY tier, video_id",
    )
    .bind(day)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(written)
}

/// Records the bytes players fetched per item on each day from `since` on, from their
/// quality reports (kbit/s × ms played is bits): what a CDN in front delivered.
pub async fn snapshot_cdn_egress(db: &Db, since: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO usage_daily (day, resource, video_id, quantity) \
         SELECT day, 'cdn_egress', video_id, CAST(SUM(kbps_ms) / 8 AS BIGINT) FROM rendition_daily WHERE day >= $1 \
         GROUP BY day, video_id \
         ON CONFLICT (day, resource, video_id) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(since)
    .execute(db.pool())
    .await?
    .rows_affected())
}

/// Every resource's quantity per day in `[from, to)`, the item left out.
pub async fn by_day(db: &Db, from: i64, to: i64) -> sqlx::Result<Vec<UsageRow>> {
    sqlx::query_as(
        "SELECT day, resource, '' AS video_id, CAST(SUM(quantity) AS BIGINT) AS quantity FROM usage_daily \
         WHERE day >= $1 AND day < $2 GROUP BY day, resource ORDER BY day, resource",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// The first day anything was recorded.
pub async fn first_day(db: &Db) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MIN(day) FROM usage_daily").fetch_one(db.pool()).await
}

/// One item's (or the unattributed) quantity of a resource over some days, with the item's
/// title and channel when it still exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemUsage {
    /// The item, or empty for usage that belongs to none.
    pub video_id: String,
    /// Its title (empty once deleted).
    pub title: String,
    /// Its channel (empty once deleted).
    pub channel: String,
    /// The resource's name.
    pub resource: String,
    /// The sum of its quantities.
    pub quantity: i64,
}

from_row!(ItemUsage { video_id, title, channel, resource, quantity });

/// Each item's quantity of each resource over `[from, to)`, for days within one month.
pub async fn by_item(db: &Db, from: i64, to: i64) -> sqlx::Result<Vec<ItemUsage>> {
    sqlx::query_as(
        "SELECT u.video_id AS video_id, COALESCE(MAX(v.title), '') AS title, COALESCE(MAX(us.channel), '') AS channel, \
                u.resource AS resource, CAST(SUM(u.quantity) AS BIGINT) AS quantity \
         FROM usage_daily u LEFT JOIN videos v ON v.id = u.video_id LEFT JOIN users us ON us.id = v.created_by \
         WHERE u.day >= $1 AND u.day < $2 GROUP BY u.video_id, u.resource",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// Each item's quantity of one resource on each day in `[from, to]`: what an anomaly's cause
/// is looked for in.
pub async fn of_resource(db: &Db, resource: &str, from: i64, to: i64) -> sqlx::Result<Vec<UsageRow>> {
    sqlx::query_as(
        "SELECT day, resource, video_id, quantity FROM usage_daily \
         WHERE resource = $1 AND day >= $2 AND day <= $3 AND video_id <> ''",
    )
    .bind(resource)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await
}

/// An item's title and channel, if it still exists.
pub async fn item_names(db: &Db, video_id: &str) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT v.title, COALESCE(us.channel, '') FROM videos v LEFT JOIN users us ON us.id = v.created_by WHERE v.id = $1")
        .bind(video_id)
        .fetch_optional(db.pool())
        .await
}
