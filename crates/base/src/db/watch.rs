//! What viewers watch: each viewer's place in each video (their history, which they may
//! prune, clear or pause), and the view count it feeds.

use crate::domain::{ProfileId, UserId, VideoId, FINISHED_SHARE};

use super::listing::{video_audience_condition, Audience, Conditions, Param};
use super::Db;

/// Who is watching: the account and the profile acting for it. Positions, history and its
/// pause belong to the profile; the account is kept on each row for what is done account-wide
/// (its export, its deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// The account.
    pub user: UserId,
    /// The profile.
    pub profile: ProfileId,
}

/// Remembers where `viewer` is in `video` (seconds from the start), in their history; nothing
/// while their profile's history is paused.
pub async fn save_position(db: &Db, viewer: Viewer, video: VideoId, position_s: f64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO watch_progress (user_id, profile_id, video_id, position_s, updated_at, in_history) \
         SELECT $1, $2, $3, $4, $5, 1 WHERE NOT EXISTS (SELECT 1 FROM profiles WHERE id = $2 AND history_paused = 1) \
         ON CONFLICT (profile_id, video_id) DO UPDATE SET position_s = excluded.position_s, updated_at = excluded.updated_at, in_history = 1",
    )
    .bind(viewer.user)
    .bind(viewer.profile)
    .bind(video)
    .bind(position_s)
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Where `profile` left `video`, if it is in their history.
pub async fn position(db: &Db, profile: ProfileId, video: VideoId) -> sqlx::Result<Option<f64>> {
    sqlx::query_scalar("SELECT position_s FROM watch_progress WHERE profile_id = $1 AND video_id = $2 AND in_history = 1")
        .bind(profile)
        .bind(video)
        .fetch_optional(db.pool())
        .await
}

/// Counts a view of `video` by `viewer` unless their profile was already counted within
/// `min_gap_ms` (so reloading a page or scrubbing back is not a new view). Returns whether it
/// counted.
pub async fn count_view(db: &Db, viewer: Viewer, video: VideoId, min_gap_ms: i64) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO watch_progress (user_id, profile_id, video_id, position_s, updated_at, last_view_at, in_history) \
         VALUES ($1, $2, $3, 0, $4, 0, COALESCE((SELECT 1 - history_paused FROM profiles WHERE id = $2), 1)) \
         ON CONFLICT (profile_id, video_id) DO NOTHING",
    )
    .bind(viewer.user)
    .bind(viewer.profile)
    .bind(video)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let fresh = sqlx::query("UPDATE watch_progress SET last_view_at = $1 WHERE profile_id = $2 AND video_id = $3 AND last_view_at <= $4")
        .bind(now)
        .bind(viewer.profile)
        .bind(video)
        .bind(now - min_gap_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if fresh {
        sqlx::query("UPDATE videos SET views = views + 1, last_viewed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(video)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Counts a view by someone not signed in (a public item's viewer); always counts, the caller
/// having made sure it is one playback session's only view.
pub async fn count_anonymous_view(db: &Db, video: VideoId) -> sqlx::Result<bool> {
    Ok(sqlx::query("UPDATE videos SET views = views + 1, last_viewed_at = $1 WHERE id = $2")
        .bind(db.now_ms())
        .bind(video)
        .execute(db.pool())
        .await?
        .rows_affected()
        == 1)
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

/// Which of a profile's positions a read of them keeps.
#[derive(Debug, Clone, Copy)]
pub enum Watching {
    /// Its whole history, from before `(at, video id)` when given.
    History(Option<(i64, VideoId)>),
    /// What it started and did not finish (at least 5 s in, not within the last 5 %).
    Unfinished,
}

/// `profile`'s history entries as `audience` (the profile's own) may still watch them, most
/// recently watched first, at most `limit`.
pub async fn history(db: &Db, profile: ProfileId, audience: Audience, which: Watching, limit: u32) -> sqlx::Result<Vec<Watched>> {
    use sqlx::{FromRow, Row};
    let mut c = Conditions::default();
    let me = c.text(profile.to_string());
    c.push(format!("w.profile_id = {me} AND w.in_history = 1 AND v.status IN ('playable', 'ready')"));
    video_audience_condition(&mut c, audience, "v", db.now_ms());
    match which {
        Watching::History(Some((at, id))) => {
            let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
            c.push(format!("(w.updated_at < {at} OR (w.updated_at = {at} AND w.video_id < {id}))"));
        }
        Watching::History(None) => {}
        Watching::Unfinished => {
            c.push(format!("w.position_s >= 5 AND (v.duration_s IS NULL OR w.position_s < v.duration_s * {FINISHED_SHARE})"))
        }
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let columns = super::videos::COLUMNS.split(", ").map(|c| format!("v.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {columns}, w.updated_at AS watched_at, w.position_s AS reached_s FROM watch_progress w JOIN videos v ON v.id = w.video_id \
         WHERE {} ORDER BY w.updated_at DESC, w.video_id DESC LIMIT {limit}",
        c.all()
    );
    let rows = c.bind_rows(sqlx::query(&sql)).fetch_all(db.pool()).await?;
    let mut videos = Vec::with_capacity(rows.len());
    let mut marks = Vec::with_capacity(rows.len());
    for row in rows {
        videos.push(super::videos::VideoRecord::from_row(&row)?);
        marks.push((row.try_get::<i64, _>("watched_at")?, row.try_get::<f64, _>("reached_s")?));
    }
    super::catalogue::attach_labels(db, &mut videos).await?;
    Ok(videos.into_iter().zip(marks).map(|(video, (at, position_s))| Watched { video, at, position_s }).collect())
}

/// Takes `video` out of `profile`'s history (and so out of resuming and "continue watching"),
/// or every item without one; how many left it.
pub async fn forget(db: &Db, profile: ProfileId, video: Option<VideoId>) -> sqlx::Result<u64> {
    let sql = match video {
        Some(_) => "UPDATE watch_progress SET in_history = 0, position_s = 0 WHERE profile_id = $1 AND in_history = 1 AND video_id = $2",
        None => "UPDATE watch_progress SET in_history = 0, position_s = 0 WHERE profile_id = $1 AND in_history = 1",
    };
    let mut query = sqlx::query(sql).bind(profile);
    if let Some(video) = video {
        query = query.bind(video);
    }
    Ok(query.execute(db.pool()).await?.rows_affected())
}

/// Whether `profile` has paused its history.
pub async fn paused(db: &Db, profile: ProfileId) -> sqlx::Result<bool> {
    let paused: Option<i64> =
        sqlx::query_scalar("SELECT history_paused FROM profiles WHERE id = $1").bind(profile).fetch_optional(db.pool()).await?;
    Ok(paused == Some(1))
}

/// Pauses or resumes `profile`'s history.
pub async fn set_paused(db: &Db, profile: ProfileId, paused: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE profiles SET history_paused = $2 WHERE id = $1").bind(profile).bind(i64::from(paused)).execute(db.pool()).await?;
    Ok(())
}

/// Which of `videos` `profile` has finished (watched to within the last 5 %), so lists made
/// for everyone can leave them out.
pub async fn finished_among(db: &Db, profile: ProfileId, videos: &[VideoId]) -> sqlx::Result<Vec<VideoId>> {
    if videos.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT w.video_id FROM watch_progress w JOIN videos v ON v.id = w.video_id WHERE w.profile_id = $1 AND w.in_history = 1 \
         AND v.duration_s > 0 AND w.position_s >= v.duration_s * {FINISHED_SHARE} AND w.video_id IN ({})",
        super::placeholders(2, videos.len())
    );
    videos.iter().fold(sqlx::query_scalar(&sql).bind(profile), |q, id| q.bind(*id)).fetch_all(db.pool()).await
}
