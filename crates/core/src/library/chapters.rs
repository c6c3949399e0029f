//! An item's chapters as people use them: read from the uploaded file when it is processed,
//! listed for the API, the edit page and the player, and replaced whole by the owner. A list
//! an owner wrote is theirs: processing the item again never overwrites it. Players also get
//! them as a WebVTT chapters track (`chapters.vtt` beside the manifests).

use serde::{Deserialize, Serialize};

use crate::auth::{Caller, Scope};
use crate::library::videos::VideoRecord;
use crate::platform::metadata_cache::Change;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{self, Db};
use reel_base::domain::{Chapter, ChapterOrigin, Chapters, VideoId};
use reel_base::i18n::Said;
use reel_base::media::probe::MediaInfo;

/// The latest start the API accepts, in seconds (a little over 11 days): anything later is a
/// mistake, and it keeps the conversion to milliseconds exact.
const MAX_START_S: f64 = 1_000_000.0;

/// One chapter as the API reads and writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterJson {
    /// Seconds from the start of the item (milliseconds are kept; finer is rounded): 0 to
    /// 1000000.
    #[schema(minimum = 0, maximum = 1000000)]
    pub start_s: f64,
    /// What the seek bar and the chapters menu show: 1–100 characters, no control characters.
    #[schema(
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub title: String,
}

impl From<&Chapter> for ChapterJson {
    fn from(c: &Chapter) -> Self {
        Self { start_s: c.start_ms as f64 / 1000.0, title: c.title.to_string() }
    }
}

/// An item's chapters as `GET` and `PUT /api/v1/videos/{id}/chapters` answer.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ChapterList {
    /// In order of start.
    pub chapters: Vec<ChapterJson>,
    /// `source` (read from the uploaded file, read again when it is processed again),
    /// `edited` (written by its owner, kept), or null when it never had any.
    pub origin: Option<ChapterOrigin>,
}

/// The body of `PUT /api/v1/videos/{id}/chapters`: the whole new list (empty removes them).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterEdit {
    /// The chapters, in any order.
    pub chapters: Vec<ChapterJson>,
}

/// The chapters of an item already checked visible (empty when it has none).
pub async fn of_item(ctx: &Context, video: &VideoRecord) -> problem::Result<Chapters> {
    Ok(db::chapters::list(&ctx.db, video.id).await?)
}

/// The chapters of an item the caller may see.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn list(ctx: &Context, caller: Option<&Caller>, id: &str) -> problem::Result<ChapterList> {
    let video = crate::library::videos::visible(ctx, caller, id).await?;
    listed(&ctx.db, video.id).await
}

async fn listed(db: &Db, video: VideoId) -> problem::Result<ChapterList> {
    let stored = db::chapters::of_video(db, video).await?;
    let (chapters, origin) = stored.map_or((Chapters::default(), None), |(c, o)| (c, Some(o)));
    Ok(ChapterList { chapters: chapters.as_slice().iter().map(ChapterJson::from).collect(), origin })
}

/// Replaces an item's chapters with the API's list (its owner or an admin, with the upload
/// scope; audited). Nothing is stored unless the whole list is good.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn edit(ctx: &Context, caller: &Caller, id: &str, edit: ChapterEdit) -> problem::Result<ChapterList> {
    let video = editable(ctx, caller, id).await?;
    let list = edit.chapters.into_iter().map(checked_json).collect::<problem::Result<Vec<_>>>()?;
    let chapters = Chapters::checked(list, duration_ms(&video)).map_err(invalid)?;
    save(ctx, caller, &video, &chapters).await
}

/// Replaces an item's chapters with the edit page's lines (`1:23 Title`), as [`edit`] does.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn edit_lines(ctx: &Context, caller: &Caller, id: &str, lines: &str) -> problem::Result<ChapterList> {
    let video = editable(ctx, caller, id).await?;
    let chapters = Chapters::parse_lines(lines, duration_ms(&video)).map_err(invalid)?;
    save(ctx, caller, &video, &chapters).await
}

async fn editable(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<VideoRecord> {
    caller.require(Scope::Upload)?;
    crate::library::videos::managed(ctx, caller, id).await
}

async fn save(ctx: &Context, caller: &Caller, video: &VideoRecord, chapters: &Chapters) -> problem::Result<ChapterList> {
    db::chapters::save_edited(&ctx.db, video.id, chapters).await?;
    ctx.shared.announce(Change::Media(video.id)).await;
    let detail = Said::new("audit-chapters").arg("n", chapters.as_slice().len());
    let target = video.id.to_string();
    db::audit::record(&ctx.db, Some(caller.subject()), "chapters.edited", Some(&target), None, Some(&detail)).await?;
    listed(&ctx.db, video.id).await
}

fn checked_json(c: ChapterJson) -> problem::Result<Chapter> {
    if !(c.start_s.is_finite() && (0.0..=MAX_START_S).contains(&c.start_s)) {
        return Err(Problem::bad_request("invalid-chapters", format!("a chapter's start_s must be 0 to {MAX_START_S}, not {}", c.start_s)));
    }
    let title = c.title.parse().map_err(invalid)?;
    Ok(Chapter { start_ms: (c.start_s * 1000.0).round() as u64, title })
}

fn invalid(e: reel_base::domain::text::TextError) -> Problem {
    Problem::bad_request("invalid-chapters", e.0)
}

/// The item's length in milliseconds, once probed: no chapter may start at or after it.
fn duration_ms(video: &VideoRecord) -> Option<u64> {
    video.duration_s.filter(|d| d.is_finite() && *d > 0.0).map(|d| (d * 1000.0).round() as u64)
}

/// Keeps the chapter marks of an item's own file as its chapters, unless its owner has
/// written a list (then the file's marks are ignored). A file without marks clears what an
/// earlier processing read from it.
pub async fn keep_from_source(ctx: &Context, video: VideoId, info: &MediaInfo) -> problem::Result<()> {
    let db = &ctx.db;
    let duration = info.duration_s.filter(|d| d.is_finite() && *d > 0.0).map(|d| (d * 1000.0).round() as u64);
    let chapters = Chapters::from_container(&info.chapters, duration);
    let had = db::chapters::of_video(db, video).await?.is_some();
    if (had || !chapters.is_empty()) && db::chapters::save_from_source(db, video, &chapters).await? {
        ctx.shared.announce(Change::Media(video)).await;
    }
    Ok(())
}
