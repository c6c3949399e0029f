//! Video rows: creation, reads, edits, and status moves guarded by the domain's state machine.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::domain::availability::{Availability, CountryRule};
use crate::domain::{Metadata, PlanId, UserId, VideoDescription, VideoId, VideoStatus, VideoTitle, Visibility};
use crate::media::package::PackageIndex;

use super::{placeholders, Db};

/// A video as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoRecord {
    /// Its id.
    pub id: VideoId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Status.
    pub status: VideoStatus,
    /// Why it failed, for people.
    pub error: Option<String>,
    /// Transcode progress, 0–100.
    pub progress: f64,
    /// Duration of the source, seconds.
    pub duration_s: Option<f64>,
    /// The uploaded file's name.
    pub source_filename: Option<String>,
    /// The uploaded file's size.
    pub source_bytes: i64,
    /// The owning account.
    pub created_by: Option<UserId>,
    /// Who may watch it.
    pub visibility: Visibility,
    /// When the row was made (ms).
    pub created_at: i64,
    /// When the upload completed (ms).
    pub uploaded_at: Option<i64>,
    /// When it became playable (ms).
    pub playable_at: Option<i64>,
    /// When it became ready (ms).
    pub ready_at: Option<i64>,
    /// Views counted so far.
    pub views: i64,
    /// The plan a viewer must hold to play it, if any.
    pub required_plan: Option<PlanId>,
    /// Taken down by a moderator (ms): kept, shown to no one but its owner and moderators.
    pub taken_down_at: Option<i64>,
    /// The reason its owner is told.
    pub takedown_reason: Option<String>,
    /// When its owner appealed the takedown (once).
    pub appealed_at: Option<i64>,
    /// When and where it may be watched.
    pub availability: Availability,
    /// What the catalogue knows of it.
    pub meta: Metadata,
}

impl<'r> FromRow<'r, AnyRow> for VideoRecord {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            status: row.try_get("status")?,
            error: row.try_get("error")?,
            progress: row.try_get("progress")?,
            duration_s: row.try_get("duration_s")?,
            source_filename: row.try_get("source_filename")?,
            source_bytes: row.try_get("source_bytes")?,
            created_by: row.try_get("created_by")?,
            visibility: row.try_get("visibility")?,
            created_at: row.try_get("created_at")?,
            uploaded_at: row.try_get("uploaded_at")?,
            playable_at: row.try_get("playable_at")?,
            ready_at: row.try_get("ready_at")?,
            views: row.try_get("views")?,
            required_plan: row.try_get("required_plan")?,
            taken_down_at: row.try_get("taken_down_at")?,
            takedown_reason: row.try_get("takedown_reason")?,
            appealed_at: row.try_get("appealed_at")?,
            availability: Availability {
                from: row.try_get("available_from")?,
                until: row.try_get("available_until")?,
                countries: CountryRule::from_stored(
                    row.try_get::<Option<String>, _>("country_rule")?.as_deref(),
                    row.try_get::<Option<String>, _>("country_list")?.as_deref(),
                ),
            },
            meta: Metadata::from_row(row)?,
        })
    }
}

/// Every column a [`VideoRecord`] reads (from `kind` on, the catalogue's).
pub(super) const COLUMNS: &str =
    "id, title, description, status, error, progress, duration_s, source_filename, source_bytes, created_by, visibility, \
                       created_at, uploaded_at, playable_at, ready_at, views, required_plan, taken_down_at, takedown_reason, appealed_at, \
                       available_from, available_until, country_rule, country_list, kind, year, language, content_rating, credits, artist, album, album_artist, track_number, disc_number, \
                       series_id, season, episode";

/// What is known of a video when its upload completes.
pub struct NewVideo<'a> {
    /// Its id (the source is already stored under it).
    pub id: VideoId,
    /// Title.
    pub title: &'a VideoTitle,
    /// Description.
    pub description: &'a VideoDescription,
    /// The uploaded file's name.
    pub source_filename: Option<&'a str>,
    /// The uploaded file's size.
    pub source_bytes: u64,
    /// The owning account.
    pub created_by: Option<UserId>,
    /// Who may watch it.
    pub visibility: Visibility,
}

/// Records a newly uploaded video (status `uploaded`).
pub async fn insert(db: &Db, new: &NewVideo<'_>) -> sqlx::Result<()> {
    insert_with(db, new, None).await
}

/// Records a newly uploaded video and queues `job` for it in one transaction, so a crash
/// cannot leave a video that no job will ever process.
pub async fn insert_with_job(db: &Db, new: &NewVideo<'_>, job: &super::jobs::NewJob) -> sqlx::Result<()> {
    insert_with(db, new, Some(job)).await
}

async fn insert_with(db: &Db, new: &NewVideo<'_>, job: Option<&super::jobs::NewJob>) -> sqlx::Result<()> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO videos (id, title, description, status, source_filename, source_bytes, created_by, visibility, created_at, updated_at, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8, $8, $8)",
    )
    .bind(new.id)
    .bind(new.title.as_str())
    .bind(new.description.as_str())
    .bind(VideoStatus::Uploaded.as_str())
    .bind(new.source_filename)
    .bind(i64::try_from(new.source_bytes).unwrap_or(i64::MAX))
    .bind(new.created_by)
    .bind(now)
    .bind(new.visibility.as_str())
    .execute(&mut *tx)
    .await?;
    record_event(&mut tx, new.id, VideoStatus::Uploaded, None, now).await?;
    super::search::reindex(&mut tx, db.backend(), new.id).await?;
    if let Some(job) = job {
        super::jobs::insert(&mut tx, job, now).await?;
    }
    tx.commit().await
}

/// Videos left `uploaded` with no job at all (by a crash before the two were made in one
/// transaction, or a job row removed by hand), oldest first.
pub async fn without_job(db: &Db, dedupe_prefix: &str, limit: u32) -> sqlx::Result<Vec<VideoId>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT v.id FROM videos v WHERE v.status = $1 \
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = $2 || v.id) ORDER BY v.created_at LIMIT $3",
    )
    .bind(VideoStatus::Uploaded.as_str())
    .bind(dedupe_prefix)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    Ok(ids.iter().filter_map(|id| id.parse().ok()).collect())
}

/// The item's status alone, or None when it is gone: a cheap look for work that waits on it.
pub async fn status(db: &Db, id: VideoId) -> sqlx::Result<Option<VideoStatus>> {
    sqlx::query_scalar("SELECT status FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}

/// Items counted by status (the `reel_videos` gauge).
pub async fn status_counts(db: &Db) -> sqlx::Result<Vec<(VideoStatus, i64)>> {
    sqlx::query_as("SELECT status, COUNT(*) FROM videos GROUP BY status").fetch_all(db.pool()).await
}

/// Upload-to-playable times (ms) of the items that became playable since `since` (ms), at most
/// `limit` of the latest.
pub async fn playable_delays_since(db: &Db, since: i64, limit: u32) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT playable_at - uploaded_at FROM videos WHERE playable_at >= $1 AND uploaded_at IS NOT NULL          ORDER BY playable_at DESC LIMIT $2",
    )
    .bind(since)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// One video.
pub async fn get(db: &Db, id: VideoId) -> sqlx::Result<Option<VideoRecord>> {
    let mut found: Option<VideoRecord> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM videos WHERE id = $1")).bind(id).fetch_optional(db.pool()).await?;
    if let Some(video) = &mut found {
        super::catalogue::attach_labels(db, std::slice::from_mut(video)).await?;
    }
    Ok(found)
}

/// The videos of `ids` that exist, in no particular order.
pub async fn by_ids(db: &Db, ids: &[VideoId]) -> sqlx::Result<Vec<VideoRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM videos WHERE id IN ({})", placeholders(1, ids.len()));
    let mut found: Vec<VideoRecord> = ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(id)).fetch_all(db.pool()).await?;
    super::catalogue::attach_labels(db, &mut found).await?;
    Ok(found)
}

pub use super::listing::{counts, list, next_cursor, Audience, Cursor, Facet, Filter};
pub use super::windows::{soon, Soon};

/// A change to a video: each part that is `Some` is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct VideoEdit<'a> {
    /// New title.
    pub title: Option<&'a VideoTitle>,
    /// New description.
    pub description: Option<&'a VideoDescription>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// New metadata, replacing all of it (genres and tags included).
    pub metadata: Option<&'a Metadata>,
    /// New window and countries, replacing both.
    pub availability: Option<&'a Availability>,
}

/// Applies an edit in one transaction; false (and nothing changed) when there is no such video.
pub async fn update(db: &Db, id: VideoId, edit: VideoEdit<'_>) -> sqlx::Result<bool> {
    let VideoEdit { title, description, visibility, metadata, availability } = edit;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE videos SET title = COALESCE($1, title), description = COALESCE($2, description), visibility = COALESCE($5, visibility), updated_at = $3 WHERE id = $4",
    )
    .bind(title.map(VideoTitle::as_str))
    .bind(description.map(VideoDescription::as_str))
    .bind(db.now_ms())
    .bind(id)
    .bind(visibility.map(Visibility::as_str))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(meta) = metadata {
        super::catalogue::write(&mut tx, id, meta).await?;
    }
    if let Some(a) = availability {
        let (rule, list) = a.countries.as_ref().map(CountryRule::stored).unzip();
        sqlx::query("UPDATE videos SET available_from = $1, available_until = $2, country_rule = $3, country_list = $4 WHERE id = $5")
            .bind(a.from)
            .bind(a.until)
            .bind(rule)
            .bind(list)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if title.is_some() || description.is_some() || metadata.is_some() {
        super::search::reindex(&mut tx, db.backend(), id).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Removes the row and its history; false when there was none.
pub async fn delete(db: &Db, id: VideoId) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    // The item's row is locked first (PostgreSQL; SQLite runs one writer at a time): a
    // transcode still writing its parts, events and progress holds a share of that row for each
    // write, and a lock taken on the row only at the end of this transaction, after its children,
    // would meet those in the other order and lose a deadlock (a 500 to the owner deleting it).
    if db.backend() == super::Backend::Postgres {
        sqlx::query("SELECT id FROM videos WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM video_events WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM watch_progress WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    for table in ["playback_sessions", "streams", "video_daily", "rendition_daily"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE video_id = $1")).bind(id).execute(&mut *tx).await?;
    }
    super::catalogue::forget(&mut tx, id).await?;
    super::search::remove(&mut tx, db.backend(), id).await?;
    sqlx::query("DELETE FROM playlist_items WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM notifications WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM captions WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM chapters WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM video_parts WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM share_links WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    for table in ["reactions", "reaction_counts", "comments"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE video_id = $1")).bind(id).execute(&mut *tx).await?;
    }
    // Its own list goes; where it appears in others', it is not found when shown, and the next
    // run leaves it out.
    sqlx::query("DELETE FROM related_items WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM profile_recommendations WHERE video_id = $1").bind(id).execute(&mut *tx).await?;
    let done = sqlx::query("DELETE FROM videos WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a video to `to` if the state machine allows it from its current status.
///
/// Returns false (and changes nothing) when the move is not allowed, so two workers can never
/// both publish a video, and a ready video never goes back.
pub async fn set_status(db: &Db, id: VideoId, to: VideoStatus, error: Option<&str>) -> sqlx::Result<bool> {
    transition(db, id, to, error, None).await
}

/// Publishes a video: status `ready`, its final package index, progress 100 — in one statement.
pub async fn publish(db: &Db, id: VideoId, package: &PackageIndex) -> sqlx::Result<bool> {
    transition(db, id, VideoStatus::Ready, None, Some(package)).await
}

async fn transition(db: &Db, id: VideoId, to: VideoStatus, error: Option<&str>, package: Option<&PackageIndex>) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let from = VideoStatus::sources_of(to);
    let stamp = match to {
        VideoStatus::Playable => ", playable_at = COALESCE(playable_at, $3)",
        VideoStatus::Ready => ", ready_at = $3, progress = 100",
        _ => "",
    };
    let package_json = package.map(|p| serde_json::to_string(p).expect("a package index always serialises"));
    let sql = format!(
        "UPDATE videos SET status = $1, error = $2, updated_at = $3, package = COALESCE($4, package){stamp} WHERE id = $5 AND status IN ({})",
        placeholders(6, from.len())
    );
    let mut tx = db.begin().await?;
    let mut query = sqlx::query(&sql).bind(to.as_str()).bind(error).bind(now).bind(package_json).bind(id);
    for status in &from {
        query = query.bind(status.as_str());
    }
    let moved = query.execute(&mut *tx).await?.rows_affected() == 1;
    if moved {
        record_event(&mut tx, id, to, error, now).await?;
    }
    tx.commit().await?;
    Ok(moved)
}

async fn record_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: VideoId,
    status: VideoStatus,
    detail: Option<&str>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO video_events (video_id, status, detail, at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(status.as_str())
        .bind(detail)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes `detail` into a video's history under its current status, with no change of status
/// (what processing decided along the way, such as encoding it again another way).
pub async fn note(db: &Db, id: VideoId, detail: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO video_events (video_id, status, detail, at) SELECT id, status, $1, $2 FROM videos WHERE id = $3")
        .bind(detail)
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The statuses a video has passed through, oldest first.
pub async fn events(db: &Db, id: VideoId) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT status, at FROM video_events WHERE video_id = $1 ORDER BY id").bind(id).fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok((r.try_get("status")?, r.try_get("at")?))).collect()
}

/// Records transcode progress (0–100) while a video is processing.
pub async fn set_progress(db: &Db, id: VideoId, percent: f64) -> sqlx::Result<()> {
    sqlx::query("UPDATE videos SET progress = $1, updated_at = $2 WHERE id = $3 AND status IN ('processing', 'playable')")
        .bind(percent.clamp(0.0, 100.0))
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Records the probed duration (none for a source that has none, such as a still).
pub async fn set_duration(db: &Db, id: VideoId, duration_s: Option<f64>) -> sqlx::Result<()> {
    // Not a cached statement: the Any driver sends a NULL double as a NULL `float4`, PostgreSQL
    // keeps a cached statement's parameter types from its first use, and a first NULL would then
    // refuse every later duration on that connection (every `Option<f64>` bind is so).
    sqlx::query("UPDATE videos SET duration_s = $1 WHERE id = $2").persistent(false).bind(duration_s).bind(id).execute(db.pool()).await?;
    Ok(())
}

/// Takes the item down for `reason` (it stays stored), or restores it with none (the appeal
/// it may have had is spent with the takedown); false when there is no such item, or it was
/// already so.
pub async fn set_takedown(db: &Db, id: VideoId, reason: Option<&str>) -> sqlx::Result<bool> {
    let done = match reason {
        Some(reason) => {
            sqlx::query("UPDATE videos SET taken_down_at = $1, takedown_reason = $2, appealed_at = NULL WHERE id = $3 AND taken_down_at IS NULL")
                .bind(db.now_ms())
                .bind(reason)
                .bind(id)
                .execute(db.pool())
                .await?
        }
        None => {
            sqlx::query("UPDATE videos SET taken_down_at = NULL, takedown_reason = NULL, appealed_at = NULL WHERE id = $1 AND taken_down_at IS NOT NULL")
                .bind(id)
                .execute(db.pool())
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Records the owner's appeal of a takedown: once per takedown; false when it was already
/// appealed or is not taken down.
pub async fn set_appealed(db: &Db, id: VideoId) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE videos SET appealed_at = $1 WHERE id = $2 AND taken_down_at IS NOT NULL AND appealed_at IS NULL")
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the item's owner turned its comments off.
pub async fn comments_off(db: &Db, id: VideoId) -> sqlx::Result<bool> {
    let off: Option<i64> = sqlx::query_scalar("SELECT comments_off FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(off == Some(1))
}

/// Turns the item's comments off or on; false when there is no such item.
pub async fn set_comments_off(db: &Db, id: VideoId, off: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE videos SET comments_off = $1 WHERE id = $2").bind(i64::from(off)).bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the item's audio is brought to the configured loudness (true unless its owner
/// turned it off, and for an item that is gone).
pub async fn normalizes_audio(db: &Db, id: VideoId) -> sqlx::Result<bool> {
    let on: Option<i64> =
        sqlx::query_scalar("SELECT CAST(normalize_audio AS BIGINT) FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(on.is_none_or(|on| on != 0))
}

/// Turns the item's loudness correction on or off (from its next processing); false when
/// there is no such item.
pub async fn set_normalizes_audio(db: &Db, id: VideoId, on: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE videos SET normalize_audio = $1 WHERE id = $2").bind(i64::from(on)).bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// The origins the item's owner allows to frame its player (beside the site's own list).
pub async fn embed_origins(db: &Db, id: VideoId) -> sqlx::Result<Vec<String>> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT embed_origins FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(text.unwrap_or_default().split_whitespace().map(str::to_owned).collect())
}

/// Replaces the origins allowed to frame the item's player; false when there is no such item.
pub async fn set_embed_origins(db: &Db, id: VideoId, origins: &[String]) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE videos SET embed_origins = $1 WHERE id = $2").bind(origins.join(" ")).bind(id).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the package index as it grows (before the video is ready); false when the item is
/// no longer being processed (deleted, failed or published meanwhile).
pub async fn save_package(db: &Db, id: VideoId, package: Option<&PackageIndex>) -> sqlx::Result<bool> {
    let json = package.map(|p| serde_json::to_string(p).expect("a package index always serialises"));
    let done = sqlx::query("UPDATE videos SET package = $1 WHERE id = $2 AND status IN ('processing', 'playable')")
        .bind(json)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The package index, if one is stored.
pub async fn package(db: &Db, id: VideoId) -> sqlx::Result<Option<PackageIndex>> {
    let json: Option<Option<String>> =
        sqlx::query_scalar("SELECT package FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    json.flatten().map(|j| serde_json::from_str(&j).map_err(|e| sqlx::Error::Decode(e.into()))).transpose()
}

/// Changes a ready item's package index: `change` edits the stored index and says whether it
/// changed anything. The write lands only if the stored text is still the one read, so two
/// writers (a lifecycle rule taking rungs away, the job making them again) never undo each
/// other; on a clash the index is read again and `change` tried again. Returns the index
/// written, or `None` when the item is not ready or `change` left it as it was.
pub async fn change_package(db: &Db, id: VideoId, mut change: impl FnMut(&mut PackageIndex) -> bool) -> sqlx::Result<Option<PackageIndex>> {
    for _ in 0..5 {
        let stored: Option<Option<String>> =
            sqlx::query_scalar("SELECT package FROM videos WHERE id = $1 AND status = 'ready'").bind(id).fetch_optional(db.pool()).await?;
        let Some(text) = stored.flatten() else { return Ok(None) };
        let mut index: PackageIndex = serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(e.into()))?;
        if !change(&mut index) {
            return Ok(None);
        }
        let json = serde_json::to_string(&index).expect("a package index always serialises");
        let written = sqlx::query("UPDATE videos SET package = $1 WHERE id = $2 AND status = 'ready' AND package = $3")
            .bind(json)
            .bind(id)
            .bind(&text)
            .execute(db.pool())
            .await?
            .rows_affected();
        if written == 1 {
            return Ok(Some(index));
        }
    }
    Err(sqlx::Error::Protocol(format!("the package index of {id} kept changing while it was being edited")))
}

/// The package indexes of several videos in one query (for pages of cards), by id; videos
/// without one are left out.
pub async fn packages(db: &Db, ids: &[VideoId]) -> sqlx::Result<std::collections::HashMap<VideoId, PackageIndex>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!("SELECT id, package FROM videos WHERE package IS NOT NULL AND id IN ({})", super::placeholders(1, ids.len()));
    let rows: Vec<(String, String)> = ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(id)).fetch_all(db.pool()).await?;
    rows.into_iter()
        .map(|(id, json)| {
            let id = id.parse().map_err(|e: uuid::Error| sqlx::Error::Decode(e.into()))?;
            Ok((id, serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(e.into()))?))
        })
        .collect()
}

/// The video's wrapped content key, storing `candidate` first when it has none, so every run
/// of its job (and every segment a player already holds) uses one key. `None` when there is
/// no such video.
pub async fn content_key_or_insert(db: &Db, id: VideoId, candidate: &str) -> sqlx::Result<Option<String>> {
    sqlx::query("UPDATE videos SET content_key = $1 WHERE id = $2 AND content_key IS NULL")
        .bind(candidate)
        .bind(id)
        .execute(db.pool())
        .await?;
    content_key(db, id).await
}

/// The video's wrapped content key, if it has one.
pub async fn content_key(db: &Db, id: VideoId) -> sqlx::Result<Option<String>> {
    let key: Option<Option<String>> =
        sqlx::query_scalar("SELECT content_key FROM videos WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    Ok(key.flatten())
}

/// Up to `limit` videos with a content key, by id after `after` (from the first when `None`):
/// a page of a walk that other writes do not disturb.
pub async fn content_keys_after(db: &Db, after: Option<VideoId>, limit: u32) -> sqlx::Result<Vec<(VideoId, String)>> {
    sqlx::query_as("SELECT id, content_key FROM videos WHERE content_key IS NOT NULL AND id > $1 ORDER BY id LIMIT $2")
        .bind(after.map(|id| id.to_string()).unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}

/// Replaces a video's wrapped content key if it is still `old`: false when something else
/// changed it meanwhile (or the video is gone), so a re-wrap never overwrites a newer key.
pub async fn replace_content_key(db: &Db, id: VideoId, old: &str, new: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE videos SET content_key = $1 WHERE id = $2 AND content_key = $3")
        .bind(new)
        .bind(id)
        .bind(old)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}
