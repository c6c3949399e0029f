//! The parts of an item encoded apart (`video_parts`): the cut's rows made at once, each part's
//! outputs recorded as they grow, and the item's index rebuilt from every part in the same
//! transaction, so two parts recorded at once never leave an index that lacks either.

use crate::domain::{VideoId, VideoStatus};

use super::Db;

/// What a part encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A chunk of the video, every rung.
    Video,
    /// The whole item's audio, every track.
    Audio,
}

impl PartKind {
    fn as_str(self) -> &'static str {
        match self {
            PartKind::Video => "video",
            PartKind::Audio => "audio",
        }
    }
}

/// One part as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPart {
    /// What it encodes.
    pub kind: PartKind,
    /// Its place among the item's chunks (0 for the audio).
    pub part: u32,
    /// Whether it is finished.
    pub done: bool,
    /// What it made so far, as its job wrote it.
    pub outputs: Option<String>,
}

/// How recording a part went.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded<T> {
    /// Recorded: the value the merge returned, and the item's status and progress as they were.
    Yes(T, VideoStatus, f64),
    /// The item is gone: whatever the part stored is nobody's.
    Deleted,
    /// The item is no longer being processed under this plan (it was cut again, failed, or
    /// was published): nothing was written.
    Stale,
}

/// Starts a cut of `video` named `plan`: every earlier cut's rows go, one row per part comes.
pub async fn start(db: &Db, video: VideoId, plan: &str, parts: &[(PartKind, u32)]) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM video_parts WHERE video_id = $1").bind(video).execute(&mut *tx).await?;
    for (kind, part) in parts {
        sqlx::query("INSERT INTO video_parts (video_id, plan, kind, part, done, updated_at) VALUES ($1, $2, $3, $4, 0, $5)")
            .bind(video)
            .bind(plan)
            .bind(kind.as_str())
            .bind(i64::from(*part))
            .bind(db.now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// The parts of `video`'s cut `plan`, audio first, then chunks in order; empty when that cut is
/// not the item's latest.
pub async fn of_plan(db: &Db, video: VideoId, plan: &str) -> sqlx::Result<Vec<StoredPart>> {
    read(&mut *db.pool().acquire().await?, video, plan).await
}

/// Records what a part made so far (`done` once it is finished), then hands every part of the
/// cut to `merge`, whose index (JSON), if any, becomes the item's — all in one transaction that
/// first locks the item's row, so records of parts finishing at once are applied in turn.
pub async fn record<T>(
    db: &Db,
    video: VideoId,
    plan: &str,
    (kind, part): (PartKind, u32),
    outputs: &str,
    done: bool,
    merge: impl FnOnce(&[StoredPart]) -> (Option<String>, T),
) -> sqlx::Result<Recorded<T>> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    // A write first: it takes the row's lock (PostgreSQL) or the database's (SQLite) at once.
    let locked: Option<(VideoStatus, f64)> = sqlx::query_as(
        "UPDATE videos SET updated_at = $1 WHERE id = $2 AND status IN ('processing', 'playable') RETURNING status, progress",
    )
    .bind(now)
    .bind(video)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, progress)) = locked else {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM videos WHERE id = $1").bind(video).fetch_optional(&mut *tx).await?;
        return Ok(if exists.is_some() { Recorded::Stale } else { Recorded::Deleted });
    };
    let updated = sqlx::query(
        "UPDATE video_parts SET outputs = $1, done = $2, updated_at = $3 \
         WHERE video_id = $4 AND plan = $5 AND kind = $6 AND part = $7",
    )
    .bind(outputs)
    .bind(i64::from(done))
    .bind(now)
    .bind(video)
    .bind(plan)
    .bind(kind.as_str())
    .bind(i64::from(part))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(Recorded::Stale);
    }
    let parts = read(&mut tx, video, plan).await?;
    let (index, value) = merge(&parts);
    if let Some(index) = index {
        sqlx::query("UPDATE videos SET package = $1 WHERE id = $2").bind(index).bind(video).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(Recorded::Yes(value, status, progress))
}

/// Forgets every part of `video` (published or deleted).
pub async fn forget(db: &Db, video: VideoId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM video_parts WHERE video_id = $1").bind(video).execute(db.pool()).await?;
    Ok(())
}

async fn read(conn: &mut sqlx::AnyConnection, video: VideoId, plan: &str) -> sqlx::Result<Vec<StoredPart>> {
    let rows: Vec<(String, i64, i64, Option<String>)> =
        sqlx::query_as("SELECT kind, part, done, outputs FROM video_parts WHERE video_id = $1 AND plan = $2 ORDER BY kind, part")
            .bind(video)
            .bind(plan)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(kind, part, done, outputs)| {
            let kind = match kind.as_str() {
                "video" => PartKind::Video,
                "audio" => PartKind::Audio,
                other => return Err(sqlx::Error::Decode(format!("unknown part kind {other:?}").into())),
            };
            let part = u32::try_from(part).map_err(|e| sqlx::Error::Decode(e.into()))?;
            Ok(StoredPart { kind, part, done: done != 0, outputs })
        })
        .collect()
}
