//! What viewers watch: each viewer's place in each video, and the view count it feeds.

use crate::domain::{now_ms, UserId, VideoId};

use super::Db;

/// Remembers where `user` is in `video` (seconds from the start).
pub async fn save_position(db: &Db, user: UserId, video: VideoId, position_s: f64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO watch_progress (user_id, video_id, position_s, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, video_id) DO UPDATE SET position_s = excluded.position_s, updated_at = excluded.updated_at",
    )
    .bind(user)
    .bind(video)
    .bind(position_s)
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Where `user` left `video`, if they watched it.
pub async fn position(db: &Db, user: UserId, video: VideoId) -> sqlx::Result<Option<f64>> {
    sqlx::query_scalar("SELECT position_s FROM watch_progress WHERE user_id = $1 AND video_id = $2")
        .bind(user)
        .bind(video)
        .fetch_optional(db.pool())
        .await
}

/// Counts a view of `video` by `user` unless they were already counted within `min_gap_ms`
/// (so reloading a page or scrubbing back is not a new view). Returns whether it counted.
pub async fn count_view(db: &Db, user: UserId, video: VideoId, min_gap_ms: i64) -> sqlx::Result<bool> {
    let now = now_ms();
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO watch_progress (user_id, video_id, position_s, updated_at, last_view_at) VALUES ($1, $2, 0, $3, 0) \
         ON CONFLICT (user_id, video_id) DO NOTHING",
    )
    .bind(user)
    .bind(video)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let fresh = sqlx::query("UPDATE watch_progress SET last_view_at = $1 WHERE user_id = $2 AND video_id = $3 AND last_view_at <= $4")
        .bind(now)
        .bind(user)
        .bind(video)
        .bind(now - min_gap_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if fresh {
        sqlx::query("UPDATE videos SET views = views + 1 WHERE id = $1").bind(video).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(fresh)
}
