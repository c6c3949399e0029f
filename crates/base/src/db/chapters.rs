//! An item's chapter list as stored: one `chapters` row, the list as JSON beside where it came
//! from. No row and an empty list both mean no chapters.

use crate::domain::{ChapterOrigin, Chapters, VideoId};

use super::Db;

/// An item's chapters and where they came from; `None` when it has never had a list.
pub async fn of_video(db: &Db, video: VideoId) -> sqlx::Result<Option<(Chapters, ChapterOrigin)>> {
    let row: Option<(String, ChapterOrigin)> =
        sqlx::query_as("SELECT marks, origin FROM chapters WHERE video_id = $1").bind(video).fetch_optional(db.pool()).await?;
    row.map(|(marks, origin)| {
        let chapters = serde_json::from_str(&marks).map_err(|e| sqlx::Error::ColumnDecode { index: "marks".into(), source: e.into() })?;
        Ok((chapters, origin))
    })
    .transpose()
}

/// An item's chapters alone (none when it never had a list).
pub async fn list(db: &Db, video: VideoId) -> sqlx::Result<Chapters> {
    Ok(of_video(db, video).await?.map(|(chapters, _)| chapters).unwrap_or_default())
}

/// Writes an owner's list, replacing whatever the item had.
pub async fn save_edited(db: &Db, video: VideoId, chapters: &Chapters) -> sqlx::Result<()> {
    let sql = "INSERT INTO chapters (video_id, origin, marks, updated_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (video_id) DO UPDATE SET origin = excluded.origin, marks = excluded.marks, updated_at = excluded.updated_at";
    bind(sqlx::query(sql), video, ChapterOrigin::Edited, chapters, db.now_ms()).execute(db.pool()).await?;
    Ok(())
}

/// Writes the list read from the item's file, unless its owner has written one: one
/// statement, so an edit made while the item is processed always wins. Whether it was written.
pub async fn save_from_source(db: &Db, video: VideoId, chapters: &Chapters) -> sqlx::Result<bool> {
    let sql = "INSERT INTO chapters (video_id, origin, marks, updated_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (video_id) DO UPDATE SET marks = excluded.marks, updated_at = excluded.updated_at \
               WHERE chapters.origin = excluded.origin";
    let done = bind(sqlx::query(sql), video, ChapterOrigin::Source, chapters, db.now_ms()).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

fn bind<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    video: VideoId,
    origin: ChapterOrigin,
    chapters: &Chapters,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query.bind(video).bind(origin).bind(serde_json::to_string(chapters).expect("chapters serialise")).bind(now)
}
