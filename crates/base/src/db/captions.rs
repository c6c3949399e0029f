//! An item's text tracks as stored: one `captions` row each (its cues are an object in the
//! store), listed in the order they were added.

use crate::domain::{Caption, CaptionId, CaptionKind, CaptionOrigin, Language, TrackLabel, VideoId};

use super::Db;

struct Row {
    id: CaptionId,
    video_id: VideoId,
    language: Language,
    label: TrackLabel,
    kind: CaptionKind,
    origin: CaptionOrigin,
    cues: i64,
    bytes: i64,
    created_at: i64,
}

from_row!(Row { id, video_id, language, label, kind, origin, cues, bytes, created_at });

impl From<Row> for Caption {
    fn from(r: Row) -> Self {
        Caption {
            id: r.id,
            video_id: r.video_id,
            language: r.language,
            label: r.label,
            kind: r.kind,
            origin: r.origin,
            cues: r.cues,
            bytes: r.bytes,
            created_at: r.created_at,
        }
    }
}

const COLUMNS: &str = "id, video_id, language, label, kind, origin, cues, bytes, created_at";

/// An item's tracks, oldest first (the order the menus list them in).
pub async fn of_video(db: &Db, video: VideoId) -> sqlx::Result<Vec<Caption>> {
    let sql = format!("SELECT {COLUMNS} FROM captions WHERE video_id = $1 ORDER BY created_at, id");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(video).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(Caption::from).collect())
}

/// How many tracks an item has.
pub async fn count(db: &Db, video: VideoId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM captions WHERE video_id = $1").bind(video).fetch_one(db.pool()).await
}

/// Records a track whose WebVTT is already stored.
pub async fn insert(db: &Db, c: &Caption) -> sqlx::Result<()> {
    let sql = format!("INSERT INTO captions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    sqlx::query(&sql)
        .bind(c.id)
        .bind(c.video_id)
        .bind(&c.language)
        .bind(&c.label)
        .bind(c.kind)
        .bind(c.origin)
        .bind(c.cues)
        .bind(c.bytes)
        .bind(c.created_at)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets a track; whether it was there.
pub async fn delete(db: &Db, video: VideoId, id: CaptionId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM captions WHERE video_id = $1 AND id = $2").bind(video).bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// The tracks of an item that came from its own file (replaced when it is processed again).
pub async fn from_source(db: &Db, video: VideoId) -> sqlx::Result<Vec<Caption>> {
    Ok(of_video(db, video).await?.into_iter().filter(|c| c.origin == CaptionOrigin::Source).collect())
}
