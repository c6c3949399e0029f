//! What viewers watch: each viewer's place in each video (their history, which they may
//! prune, clear or pause), and the view count it feeds.

use crate::domain::{now_ms, UserId, VideoId};

use super::Db;

/// Remembers where `user` is in `video` (seconds from the start), in their history; nothing
/// while they have paused their history.
pub async fn save_position(db: &Db, user: UserId, video: VideoId, position_s: f64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO watch_progress (user_id, video_id, position_s, updated_at, in_history) \
         SELECT $1, $2, $3, $4, 1 WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = $1 AND history_paused = 1) \
         ON CONFLICT (user_id, video_id) DO UPDATE SET position_s = excluded.position_s, updated_at = excluded.updated_at, in_history = 1",
    )
    .bind(user)
    .bind(video)
    .bind(position_s)
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Where `user` left `video`, if it is in their history.
pub async fn position(db: &Db, user: UserId, video: VideoId) -> sqlx::Result<Option<f64>> {
    sqlx::query_scalar("SELECT position_s FROM watch_progress WHERE user_id = $1 AND video_id = $2 AND in_history = 1")
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
        "INSERT INTO watch_progress (user_id, video_id, position_s, updated_at, last_view_at, in_history) \
         SELECT $1, $2, 0, $3, 0, 1 - history_paused FROM users WHERE id = $1 \
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

/// One entry of a viewer's history: the item, when they last watched it, how far they got.
#[derive(Debug, Clone)]
pub struct Watched {
    /// The item.
    pub video: super::videos::VideoRecord,
    /// When they last watched it (ms).
    pub at: i64,
    /// Where they stopped (seconds from the start).
    pub position_s: f64,
}

/// `user`'s history, most recently watched first, from before `(at, video id)` when given, at
/// most `limit`; only items they may still watch.
pub async fn history(db: &Db, user: UserId, before: Option<(i64, VideoId)>, limit: u32) -> sqlx::Result<Vec<Watched>> {
    use sqlx::{FromRow, Row};
    let columns = super::videos::COLUMNS.split(", ").map(|c| format!("v.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let after = if before.is_some() { "AND (w.updated_at < $3 OR (w.updated_at = $3 AND w.video_id < $4))" } else { "" };
    let sql = format!(
        "SELECT {columns}, w.updated_at AS watched_at, w.position_s AS reached_s FROM watch_progress w JOIN videos v ON v.id = w.video_id \
         WHERE w.user_id = $1 AND w.in_history = 1 AND v.status IN ('playable', 'ready') \
         AND (v.visibility IN ('members', 'public') OR v.created_by = $1) {after} \
         ORDER BY w.updated_at DESC, w.video_id DESC LIMIT $2"
    );
    let mut query = sqlx::query(&sql).bind(user).bind(i64::from(limit));
    if let Some((at, id)) = before {
        query = query.bind(at).bind(id);
    }
    let rows = query.fetch_all(db.pool()).await?;
    let mut videos = Vec::with_capacity(rows.len());
    let mut marks = Vec::with_capacity(rows.len());
    for row in rows {
        videos.push(super::videos::VideoRecord::from_row(&row)?);
        marks.push((row.try_get::<i64, _>("watched_at")?, row.try_get::<f64, _>("reached_s")?));
    }
    super::catalogue::attach_labels(db, &mut videos).await?;
    Ok(videos.into_iter().zip(marks).map(|(video, (at, position_s))| Watched { video, at, position_s }).collect())
}

/// Takes `video` out of `user`'s history (and so out of resuming and "continue watching"),
/// or every item without one; how many left it.
pub async fn forget(db: &Db, user: UserId, video: Option<VideoId>) -> sqlx::Result<u64> {
    let sql = match video {
        Some(_) => "UPDATE watch_progress SET in_history = 0, position_s = 0 WHERE user_id = $1 AND in_history = 1 AND video_id = $2",
        None => "UPDATE watch_progress SET in_history = 0, position_s = 0 WHERE user_id = $1 AND in_history = 1",
    };
    let mut query = sqlx::query(sql).bind(user);
    if let Some(video) = video {
        query = query.bind(video);
    }
    Ok(query.execute(db.pool()).await?.rows_affected())
}

/// Whether `user` has paused their history.
pub async fn paused(db: &Db, user: UserId) -> sqlx::Result<bool> {
    let paused: Option<i64> =
        sqlx::query_scalar("SELECT history_paused FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await?;
    Ok(paused == Some(1))
}

/// Pauses or resumes `user`'s history.
pub async fn set_paused(db: &Db, user: UserId, paused: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET history_paused = $2 WHERE id = $1").bind(user).bind(i64::from(paused)).execute(db.pool()).await?;
    Ok(())
}
