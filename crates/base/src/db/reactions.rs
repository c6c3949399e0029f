//! Reactions: one like or dislike per profile and item, each item's totals kept beside them in
//! the transaction that changes one, and a profile's liked items as it may still watch them.

use sqlx::{FromRow, Row};

use crate::domain::comment::Reaction;
use crate::domain::{ProfileId, VideoId};

use super::listing::{video_audience_condition, Audience, Conditions, Param};
use super::videos::VideoRecord;
use super::watch::Viewer;
use super::Db;

/// An item's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// Likes.
    pub likes: i64,
    /// Dislikes.
    pub dislikes: i64,
}

/// Sets `viewer`'s reaction to `video` (`Nothing` takes it back) and moves the item's totals
/// by the difference; the totals after. Reactions to one item take turns on its totals' row,
/// so two at once cannot both count from the same old value.
pub async fn set(db: &Db, viewer: Viewer, video: VideoId, reaction: Reaction) -> sqlx::Result<Counts> {
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO reaction_counts (video_id) VALUES ($1) ON CONFLICT (video_id) DO NOTHING")
        .bind(video)
        .execute(&mut *tx)
        .await?;
    // Writing the row takes its lock (PostgreSQL) or the database's (SQLite) until commit.
    sqlx::query("UPDATE reaction_counts SET likes = likes WHERE video_id = $1").bind(video).execute(&mut *tx).await?;
    let before: Option<i64> = sqlx::query_scalar("SELECT value FROM reactions WHERE profile_id = $1 AND video_id = $2")
        .bind(viewer.profile)
        .bind(video)
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.and_then(Reaction::from_value).unwrap_or(Reaction::Nothing);
    if before != reaction {
        match reaction {
            Reaction::Nothing => {
                sqlx::query("DELETE FROM reactions WHERE profile_id = $1 AND video_id = $2")
                    .bind(viewer.profile)
                    .bind(video)
                    .execute(&mut *tx)
                    .await?;
            }
            _ => {
                sqlx::query(
                    "INSERT INTO reactions (profile_id, user_id, video_id, value, created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (profile_id, video_id) DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
                )
                .bind(viewer.profile)
                .bind(viewer.user)
                .bind(video)
                .bind(reaction.value())
                .bind(db.now_ms())
                .execute(&mut *tx)
                .await?;
            }
        }
        let count = |r: Reaction| (i64::from(r == Reaction::Like), i64::from(r == Reaction::Dislike));
        let ((l1, d1), (l0, d0)) = (count(reaction), count(before));
        sqlx::query("UPDATE reaction_counts SET likes = likes + $2, dislikes = dislikes + $3 WHERE video_id = $1")
            .bind(video)
            .bind(l1 - l0)
            .bind(d1 - d0)
            .execute(&mut *tx)
            .await?;
    }
    let counts = read_counts(&mut *tx, video).await?;
    tx.commit().await?;
    Ok(counts)
}

async fn read_counts<'e>(executor: impl sqlx::Executor<'e, Database = sqlx::Any>, video: VideoId) -> sqlx::Result<Counts> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT likes, dislikes FROM reaction_counts WHERE video_id = $1").bind(video).fetch_optional(executor).await?;
    Ok(row.map(|(likes, dislikes)| Counts { likes, dislikes }).unwrap_or_default())
}

/// `video`'s totals.
pub async fn counts(db: &Db, video: VideoId) -> sqlx::Result<Counts> {
    read_counts(db.pool(), video).await
}

/// `profile`'s reaction to `video`.
pub async fn of(db: &Db, profile: ProfileId, video: VideoId) -> sqlx::Result<Reaction> {
    let value: Option<i64> = sqlx::query_scalar("SELECT value FROM reactions WHERE profile_id = $1 AND video_id = $2")
        .bind(profile)
        .bind(video)
        .fetch_optional(db.pool())
        .await?;
    Ok(value.and_then(Reaction::from_value).unwrap_or(Reaction::Nothing))
}

/// An item a profile liked, and when.
#[derive(Debug, Clone)]
pub struct Liked {
    /// The item.
    pub video: VideoRecord,
    /// When it was liked (ms).
    pub at: i64,
}

/// The items `profile` liked that `audience` (the profile's own) may still watch, most recently
/// liked first, from before `(liked at, video id)` when given, at most `limit`.
pub async fn liked(
    db: &Db,
    profile: ProfileId,
    audience: Audience,
    before: Option<(i64, VideoId)>,
    limit: u32,
) -> sqlx::Result<Vec<Liked>> {
    let mut c = Conditions::default();
    let me = c.text(profile.to_string());
    c.push(format!("r.profile_id = {me} AND r.value = 1 AND v.status IN ('playable', 'ready')"));
    video_audience_condition(&mut c, audience, "v", db.now_ms());
    if let Some((at, id)) = before {
        let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
        c.push(format!("(r.created_at < {at} OR (r.created_at = {at} AND r.video_id < {id}))"));
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let columns = super::videos::COLUMNS.split(", ").map(|c| format!("v.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {columns}, r.created_at AS liked_at FROM reactions r JOIN videos v ON v.id = r.video_id \
         WHERE {} ORDER BY r.created_at DESC, r.video_id DESC LIMIT {limit}",
        c.all()
    );
    let rows = c.bind_rows(sqlx::query(&sql)).fetch_all(db.pool()).await?;
    let mut videos = Vec::with_capacity(rows.len());
    let mut at = Vec::with_capacity(rows.len());
    for row in rows {
        videos.push(VideoRecord::from_row(&row)?);
        at.push(row.try_get::<i64, _>("liked_at")?);
    }
    super::catalogue::attach_labels(db, &mut videos).await?;
    Ok(videos.into_iter().zip(at).map(|(video, at)| Liked { video, at }).collect())
}
