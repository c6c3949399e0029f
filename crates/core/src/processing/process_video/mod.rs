//! The `process_video` job: source → probe → validate → one-pass transcode, publishing each
//! segment as ffmpeg finishes it (`publish.rs`) → download and storyboard (`outputs.rs`) →
//! package index → ready; or, for a long source, cut into chunks any worker encodes
//! (`chunked/`). `remake.rs` makes again the rungs a lifecycle rule dropped;
//! `reprocess.rs` transcodes a ready item again beside the renditions it plays.

pub mod chunked;
mod loudness;
mod outputs;
mod publish;
pub mod remake;
pub mod reprocess;
mod text;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::config::Encryption;
use crate::db::videos;
use crate::delivery::content_key::{ContentKey, MasterKeys};
use crate::domain::{VideoId, VideoStatus};
use crate::library::item;
use crate::media::package::PackageIndex;
use crate::media::probe::{self, MediaInfo, ProbeOutput};
use crate::media::process::ProcessError;
use crate::media::transcode::{self, TranscodePlan};
use crate::media::validate;
use crate::media::watermark::Watermark;
use crate::media::{image, music};
use crate::storage::{StorageError, StorageKey};

use crate::platform::jobs::scratch::Scratch;
use crate::platform::jobs::{FailureClass, Job, JobError};
use crate::platform::Context;
use publish::Publisher;

/// Process one uploaded video into a published, playable asset.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessVideo {
    /// The video.
    pub video_id: VideoId,
    /// Encode it in this one process, neither chunked nor with a first second apart: set when
    /// a chunked encode of it did not join.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
}

impl ProcessVideo {
    /// The job for a new upload.
    pub fn new(video_id: VideoId) -> Self {
        Self { video_id, whole: false }
    }
}

impl Job for ProcessVideo {
    const NAME: &'static str = "process_video";

    fn dedupe_key(&self) -> String {
        Self::key(self.video_id)
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        cpu_recorded(ctx, self.video_id, run(ctx, self.video_id, self.whole)).await
    }

    /// The video is marked failed with the reason.
    async fn gave_up(&self, ctx: &Context, reason: &str, class: FailureClass) {
        mark_failed(ctx, self.video_id, reason, class).await;
    }

    /// A failed video goes back to `uploaded` (its source is kept).
    async fn before_retry(&self, ctx: &Context) -> sqlx::Result<()> {
        item::mark(ctx, self.video_id, VideoStatus::Uploaded).await?;
        Ok(())
    }

    /// Videos left `uploaded` without a job get one.
    async fn recover(ctx: &Context) -> sqlx::Result<usize> {
        let mut queued = 0;
        for video_id in videos::without_job(&ctx.db, &Self::key_prefix(), 1000).await? {
            tracing::info!(%video_id, "queueing processing for a video that had no job");
            queued += usize::from(ctx.queue.enqueue(&ProcessVideo::new(video_id)).await?);
        }
        Ok(queued)
    }
}

/// Runs a transcode of `id` and records the CPU time it took against the item (a failed
/// attempt's CPU was spent, and paid for, too).
async fn cpu_recorded<T>(ctx: &Context, id: VideoId, work: impl std::future::Future<Output = Result<T, JobError>>) -> Result<T, JobError> {
    let (result, cpu) = crate::media::process::measure_cpu(work).await;
    if let Err(e) = crate::ops::cost::record_cpu(&ctx.db, id, cpu).await {
        tracing::warn!(video_id = %id, error = %e, "could not record the transcode's CPU time");
    }
    result
}

/// How often the running transcode is checked for finished segments (a look at a few small
/// playlists; the first one found is what makes an item playable).
const WATCH_INTERVAL: Duration = Duration::from_millis(200);

/// Runs the job (`whole`: see [`ProcessVideo::whole`]). Idempotent: a video that is ready or
/// failed is left alone, and a rerun rewrites the same keys and publishes once.
async fn run(ctx: &Context, id: VideoId, whole: bool) -> Result<(), JobError> {
    let Some(video) = videos::get(&ctx.db, id).await.context("reading the video")? else {
        tracing::info!(%id, "video was deleted before processing; nothing to do");
        return Ok(());
    };
    if matches!(video.status, VideoStatus::Ready | VideoStatus::Failed) {
        return Ok(());
    }
    if let Some(reason) = original_removed(ctx, id).await? {
        return Err(JobError::Permanent(reason));
    }
    item::start_processing(ctx, id).await.context("marking processing")?;
    let key = configured_key(ctx, id).await?;
    let (scratch, source, info) = open_source(ctx, id).await?;
    item::record_duration(ctx, id, info.duration_s).await.context("recording the duration")?;
    crate::library::chapters::keep_from_source(ctx, id, &info).await.map_err(|e| anyhow::anyhow!("keeping the file's chapters: {e}"))?;
    if let Some((title, meta)) = crate::library::catalogue::from_file(&video, &info.tags, info.video.is_none(), &ctx.config.catalogue) {
        // The row read at the start may be stale by now only in what the uploader edits; a
        // fresh read keeps an edit made meanwhile.
        let fresh = videos::get(&ctx.db, id).await.context("reading the video")?;
        if fresh.as_ref().is_some_and(|f| f.meta == video.meta && f.title == video.title) {
            let edit = videos::VideoEdit { title: title.as_ref(), metadata: Some(&meta), ..Default::default() };
            item::edit(ctx, id, edit).await.context("recording the file's tags")?;
        }
    }

    let mark = watermark(ctx, id, &scratch.path).await?;
    let mut plan = TranscodePlan::new(&info, &source, &scratch.path.join("out"), &ctx.config).watermarked(mark);
    if !whole && chunked::start(ctx, id, &info, &plan).await? {
        // The parts' jobs take it from here; the file's own subtitles are this job's to keep.
        text::keep_source_tracks(ctx, id, &source, &info, &scratch.path).await?;
        return Ok(());
    }
    if let Some(last) = if whole { None } else { chunked::run_here(ctx, id, &source, &info, &plan).await? } {
        // Kept once the picture is encoded: extracting them beside it would slow the first segment.
        text::keep_source_tracks(ctx, id, &source, &info, &scratch.path).await?;
        match chunked::finish_here(ctx, &last).await? {
            chunked::Finished::Published => return Ok(()),
            chunked::Finished::Unjoined(why) => start_whole(ctx, id, &why).await?,
        }
    }
    let opening = loudness::from_opening(ctx, id, &mut plan).await?;
    tokio::fs::create_dir_all(&plan.tiles_dir()).await.context("creating the output folder")?;
    let mut publisher = Publisher::new(ctx, id, &plan, key);
    let started = std::time::Instant::now();
    loudness::transcode(ctx, id, &plan, &mut publisher, &opening).await?;
    if let Some(why) = publisher.halted {
        tracing::info!(%id, why, "processing stopped");
        return Ok(());
    }
    transcoded(&info, started.elapsed());

    let index = publisher.finish(&scratch.path).await?;
    text::keep_source_tracks(ctx, id, &source, &info, &scratch.path).await?;
    if publish_ready(ctx, id, video.uploaded_at, &index).await? {
        tracing::info!(%id, renditions = index.renditions.len(), "video ready");
    } else if crate::processing::purge::if_deleted(ctx, id).await? {
        return Ok(());
    }
    // Audio encoded again: the first encode played while processing; it goes later.
    reprocess::retire_later(ctx, id, index.retiring.iter().map(|r| r.name.clone()).collect()).await?;
    Ok(())
}

/// Processes a failed item again from the start, the way it was first processed: back to
/// `uploaded`, its `process_video` job queued anew with no attempt counted, and the owner's
/// notice of the failure gone. False when it was not failed.
pub async fn try_again(ctx: &Context, id: VideoId) -> sqlx::Result<bool> {
    if !item::mark(ctx, id, VideoStatus::Uploaded).await? {
        return Ok(false);
    }
    crate::db::notifications::forget_failure(&ctx.db, id).await?;
    let job = ctx.queue.row(&ProcessVideo::new(id));
    if !crate::db::jobs::requeue_as(&ctx.db, &job).await? {
        crate::db::jobs::enqueue(&ctx.db, &job).await?;
    }
    ctx.queue.wake().await?;
    Ok(true)
}

/// Sets an item whose chunks did not join (`why`) to be encoded again in one process: the
/// reason in its history, its parts and the index they made forgotten, back to `processing`.
/// Its subscribers are not told again when it becomes playable once more.
async fn start_whole(ctx: &Context, id: VideoId, why: &str) -> Result<(), JobError> {
    tracing::warn!(%id, why, "the chunks do not join; encoding the item again in one process");
    let note = format!("the chunks did not join ({why}); encoding it again in one process");
    videos::note(&ctx.db, id, &note).await.context("noting the second encode")?;
    crate::db::parts::forget(&ctx.db, id).await.context("forgetting the item's parts")?;
    item::start_processing(ctx, id).await.context("marking processing")?;
    Ok(())
}

/// Counts a finished transcode of `info`'s source that took `wall` (the
/// `reel_transcode_seconds` and `reel_transcode_speed_ratio` histograms).
fn transcoded(info: &MediaInfo, wall: Duration) {
    let wall = wall.as_secs_f64();
    metrics::histogram!("reel_transcode_seconds").record(wall);
    if let Some(media_secs) = info.duration_s.filter(|_| wall > 0.0) {
        metrics::histogram!("reel_transcode_speed_ratio").record(media_secs / wall);
    }
}

/// Writes `package.json` and publishes the finished index with one guarded update: the item
/// is `ready` once, its listings change, subscribers are told (unless playable already did)
/// and the wait since `uploaded_at` is measured. False when it was not published (already
/// ready, failed or deleted).
async fn publish_ready(ctx: &Context, id: VideoId, uploaded_at: Option<i64>, index: &PackageIndex) -> Result<bool, JobError> {
    if !item::publish(ctx, id, index).await? {
        return Ok(false);
    }
    // Once per item: playable already queued it, unless the item went straight to ready.
    crate::library::announce::announce(&ctx.queue, id, "published").await;
    if let Some(secs) = secs_since(ctx, uploaded_at) {
        metrics::histogram!("reel_time_to_ready_seconds").record(secs);
    }
    Ok(true)
}

/// Moves the item from `processing` to `playable` (once): its listings change, subscribers are
/// told and the wait since its upload is measured. Whether it moved.
async fn mark_playable(ctx: &Context, id: VideoId) -> Result<bool, JobError> {
    if !item::mark(ctx, id, VideoStatus::Playable).await.context("marking playable")? {
        return Ok(false);
    }
    crate::library::announce::announce(&ctx.queue, id, "published").await;
    let uploaded = videos::get(&ctx.db, id).await.ok().flatten().and_then(|v| v.uploaded_at);
    metrics::histogram!("reel_time_to_playable_seconds").record(secs_since(ctx, uploaded).unwrap_or(0.0));
    Ok(true)
}

/// Seconds from `at` (ms since the epoch) until now.
fn secs_since(ctx: &Context, at: Option<i64>) -> Option<f64> {
    at.map(|at| (ctx.clock().now_ms() - at) as f64 / 1000.0)
}

/// The logo the item's rungs carry today (its channel's or the site's), ready in `scratch`.
async fn watermark(ctx: &Context, id: VideoId, scratch: &std::path::Path) -> Result<Option<Watermark>, JobError> {
    let owner = videos::get(&ctx.db, id).await.context("reading the video")?.and_then(|v| v.created_by);
    crate::processing::watermark::for_item(ctx, owner, scratch).await
}

/// The content key when `packaging.encryption` asks for one.
async fn configured_key(ctx: &Context, id: VideoId) -> Result<Option<ContentKey>, JobError> {
    Ok(match ctx.config.packaging.encryption {
        Encryption::None => None,
        Encryption::Aes128 => Some(content_key_of(ctx, id).await?),
    })
}

/// A scratch folder, the original as a local file in or beside it, and what ffprobe found in
/// it, checked against `[media]`.
async fn open_source(ctx: &Context, id: VideoId) -> Result<(Scratch, std::path::PathBuf, MediaInfo), JobError> {
    let scratch = Scratch::create(&ctx.config, id).await.context("creating scratch space")?;
    let source = source_file(ctx, id, &scratch).await?;
    let info = checked_probe(ctx, &source).await?;
    Ok((scratch, source, info))
}

/// What ffprobe finds in the source, checked against `[media]`.
async fn checked_probe(ctx: &Context, source: &Path) -> Result<MediaInfo, JobError> {
    let info = probe(ctx, source).await?;
    validate::validate(&info, &ctx.config.media).map_err(|r| JobError::Permanent(r.message))?;
    Ok(info)
}

/// The original as a local file for ffmpeg: in place on a local store (no copy of a large
/// file), else fetched into scratch.
async fn source_file(ctx: &Context, id: VideoId, scratch: &Scratch) -> Result<std::path::PathBuf, JobError> {
    if let Some(path) = ctx.store.local_path(&StorageKey::source(id)).filter(|p| p.is_file()) {
        return Ok(path);
    }
    let copy = scratch.path.join("source");
    fetch_source(ctx, id, &copy).await?;
    Ok(copy)
}

/// The original as a local file that every part of a chunked item on this host reads: in place
/// on a local store, else fetched once per host (see [`scratch::shared_file`]).
async fn shared_source(ctx: &Context, id: VideoId) -> Result<std::path::PathBuf, JobError> {
    if let Some(path) = ctx.store.local_path(&StorageKey::source(id)).filter(|p| p.is_file()) {
        return Ok(path);
    }
    crate::platform::jobs::scratch::shared_file(&ctx.config.data_dir, &format!("source-{id}"), async |to: &Path| {
        fetch_source(ctx, id, to).await
    })
    .await
}

/// Fetches the original from the store into `to`. An archived original queues its restore and
/// the job is tried again later.
async fn fetch_source(ctx: &Context, id: VideoId, to: &Path) -> Result<(), JobError> {
    match ctx.store.download_to_file(&StorageKey::source(id), to).await {
        Err(StorageError::NotFound(_)) => Err(JobError::Permanent("the uploaded file is missing".into())),
        Err(StorageError::Archived(_)) => {
            // Tried again with backoff; meanwhile the restore brings the original back.
            crate::ops::lifecycle::restore::request(&ctx.queue, &ctx.config, id).await.context("queueing the original's restore")?;
            Err(JobError::Retryable(anyhow::anyhow!("the original is archived; its restore is under way")))
        }
        other => {
            other.context("fetching the source")?;
            Ok(())
        }
    }
}

/// Why an item whose original a lifecycle rule removed cannot be transcoded again, if it was.
async fn original_removed(ctx: &Context, id: VideoId) -> Result<Option<String>, JobError> {
    let marks = crate::db::storage::lifecycle_marks(&ctx.db, id).await.context("reading the lifecycle marks")?;
    Ok(marks.and_then(|(_, at)| at).map(|at| {
        let when = crate::domain::rfc3339(at);
        format!("the original file was removed by the storage lifecycle rule on {when}; this item cannot be transcoded again")
    }))
}

/// Marks a video failed with a reason a person can read (the job will not be tried again).
async fn mark_failed(ctx: &Context, id: VideoId, reason: &str, class: FailureClass) {
    let reason = if reason.is_empty() { "processing failed" } else { reason };
    match item::fail(ctx, id, reason).await {
        Ok(_) => {
            // Its owner reads why on their notifications and "my videos", with a way to try
            // again; its subscribers, told when it became playable, are told nothing more.
            if let Err(e) = crate::db::notifications::tell_failure(&ctx.db, id).await {
                tracing::warn!(%id, error = %e, "could not tell the owner their item failed");
            }
            metrics::counter!("reel_videos_failed_total", "reason" => class.as_str()).increment(1);
        }
        Err(e) => tracing::error!(%id, error = %e, "could not mark the video failed"),
    }
}

async fn probe(ctx: &Context, source: &Path) -> Result<MediaInfo, JobError> {
    let formats = &ctx.config.media.allowed_formats;
    let file = FileId::of(source, formats);
    if let Some(known) = file.as_ref().and_then(FileId::probed) {
        return Ok(known);
    }
    let limit = Duration::from_secs(ctx.config.media.probe_timeout_secs);
    let args = probe::probe_args(source, formats, ctx.config.media.max_pixels);
    let json = ctx.media.ffprobe(args, limit).await.map_err(|e| match e {
        ProcessError::Failed { stderr, .. } => JobError::Permanent(unreadable(&stderr)),
        ProcessError::Timeout { .. } => JobError::Permanent("the file took too long to read; it may be damaged".into()),
        other => JobError::Retryable(other.into()),
    })?;
    let info = ProbeOutput::parse(&json)
        .ok()
        .and_then(|p| p.media_info())
        .ok_or_else(|| JobError::Permanent("the file is not a video or audio file this site can read".into()))?;
    if let Some(file) = file {
        file.remember(&info);
    }
    Ok(info)
}

/// What ffprobe found in the files this process probed last, by the file's identity. The
/// parts of a chunked item that start on the host where it was cut read its original in
/// place, and find it here: the first chunk starts without probing the file again (a tenth of
/// a second for the index of a 2 GB file, on the way to the first segment).
static PROBED: std::sync::Mutex<std::collections::VecDeque<(FileId, MediaInfo)>> = std::sync::Mutex::new(std::collections::VecDeque::new());

/// How many files' probes [`PROBED`] keeps.
const PROBES_KEPT: usize = 16;

/// A file as it is now, and the demuxers it was probed with: a file written again, or probed
/// under other rules, is another.
#[derive(Debug, PartialEq)]
struct FileId {
    path: std::path::PathBuf,
    len: u64,
    modified: std::time::SystemTime,
    formats: Vec<String>,
}

impl FileId {
    fn of(path: &Path, formats: &[String]) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self { path: path.to_path_buf(), len: meta.len(), modified: meta.modified().ok()?, formats: formats.to_vec() })
    }

    fn probed(&self) -> Option<MediaInfo> {
        let kept = PROBED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(file, _)| file == self).map(|(_, info)| info.clone())
    }

    fn remember(self, info: &MediaInfo) {
        let mut kept = PROBED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|(file, _)| file.path != self.path);
        kept.push_back((self, info.clone()));
        while kept.len() > PROBES_KEPT {
            kept.pop_front();
        }
    }
}

/// The video's content key: the one stored by an earlier run if there is one (segments a
/// player already fetched stay decryptable with the key it holds), else a new one.
async fn content_key_of(ctx: &Context, id: VideoId) -> Result<ContentKey, JobError> {
    let master = MasterKeys::from_config(&ctx.config).context("loading the master key")?;
    let candidate = master.wrap(id, &ContentKey::generate());
    let stored = item::content_key_or_insert(ctx, id, &candidate)
        .await
        .context("storing the content key")?
        .ok_or_else(|| anyhow::anyhow!("the video was deleted while processing started"))?;
    Ok(master.unwrap(id, &stored).context("opening the video's content key")?)
}

/// A readable reason from ffprobe's stderr, with our file paths taken out.
fn unreadable(stderr: &str) -> String {
    // ffprobe is not let decode a picture larger than `media.max_pixels` (`probe_args`).
    if let Some(size) = stderr.split("Picture size ").nth(1).and_then(|rest| rest.split_once(" exceeds specified max pixel count")) {
        let limit = size.1.split_whitespace().next().unwrap_or("").trim_end_matches(',');
        return format!("the video is {}, over the {limit} pixels a frame may have", size.0);
    }
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let detail = last.rsplit(": ").next().unwrap_or("").trim();
    // ffprobe's words for the two usual cases, in a creator's.
    let detail = match detail {
        "Invalid argument" => "its format is not one this site accepts",
        "Invalid data found when processing input" => "its contents are damaged, or are not video or audio",
        other => other,
    };
    if detail.is_empty() || detail.contains('/') {
        "the file is not a video or audio file this site can read".into()
    } else {
        format!("the file is not a video or audio file this site can read ({detail})")
    }
}

/// What the owner reads when ffmpeg stopped with `last` as its last line: its own words
/// (without our file paths), which name what in the file it could not handle.
fn encoder_failed(last: &str) -> String {
    let detail = last.rsplit(": ").next().unwrap_or("").trim();
    if detail.is_empty() || detail.contains('/') {
        "the encoder stopped on this file".into()
    } else {
        format!("the encoder stopped on this file ({detail})")
    }
}

/// The longest that work not needed to play waits for the item to become playable: past it,
/// whatever holds it up (a slow or failing first chunk) no longer holds the rest up too.
const GIVE_WAY_LIMIT: Duration = Duration::from_secs(30);

/// Waits until the item is playable, ready or gone (its status looked at every
/// [`WATCH_INTERVAL`]), or [`GIVE_WAY_LIMIT`] has passed: for work an item does not need to be
/// played, which until then would take cores from the work it does need.
async fn until_playable(ctx: &Context, id: VideoId) {
    let started = std::time::Instant::now();
    while started.elapsed() < GIVE_WAY_LIMIT {
        if !matches!(videos::status(&ctx.db, id).await, Ok(Some(VideoStatus::Uploaded | VideoStatus::Processing))) {
            return;
        }
        tokio::time::sleep(WATCH_INTERVAL).await;
    }
}

/// When a chunked item's audio encode holds still: from its first stored segments (all the item
/// needs of it to play) until the item is playable, for at most [`GIVE_WAY_LIMIT`]. The first
/// chunk, which the item also waits for, then has the cores to itself; the rest of the audio is
/// needed only when the last chunk is.
#[derive(Default)]
struct GiveWay {
    since: Option<std::time::Instant>,
    over: bool,
}

/// How often an encode that gives way is watched until its first segments are out: it is to be
/// held as soon as they are, and a core-second spent past them is the first chunk's lost.
const GIVE_WAY_WATCH: Duration = Duration::from_millis(40);

impl GiveWay {
    /// How long to wait before the next look at what `publisher`'s ffmpeg has finished.
    fn watch_interval(&self, publisher: &Publisher<'_>) -> Duration {
        if !self.over && self.since.is_none() && publisher.gives_way() {
            GIVE_WAY_WATCH
        } else {
            WATCH_INTERVAL
        }
    }

    /// Whether the encode should be held now.
    async fn hold(&mut self, ctx: &Context, publisher: &Publisher<'_>) -> bool {
        if self.over || !publisher.gives_way() || !publisher.started() {
            return false;
        }
        let since = *self.since.get_or_insert_with(std::time::Instant::now);
        let waiting = matches!(videos::status(&ctx.db, publisher.id).await, Ok(Some(VideoStatus::Processing)));
        self.over = !waiting || since.elapsed() >= GIVE_WAY_LIMIT;
        !self.over
    }
}

/// Runs the one ffmpeg process while publishing segments and progress as they appear.
async fn transcode(ctx: &Context, plan: &TranscodePlan, publisher: &mut Publisher<'_>) -> Result<(), JobError> {
    let limit = Duration::from_secs(ctx.config.media.transcode_timeout_secs);
    let reached = Arc::new(AtomicU64::new(0));
    let progress = reached.clone();
    let (hold, held) = tokio::sync::watch::channel(false);
    let mut give_way = GiveWay::default();
    let ffmpeg = ctx.media.ffmpeg_held(
        plan.ffmpeg_args(),
        limit,
        move |line| {
            if let Some(secs) = transcode::parse_progress_line(line) {
                progress.store(secs.to_bits(), Ordering::Relaxed);
            }
        },
        held,
    );
    tokio::pin!(ffmpeg);
    let poster = async {
        // A cover is a picture someone uploaded: decoded with its heap bounded, as avatars are.
        let made = match (transcode::poster_args(plan), music::cover_args(plan)) {
            (Some(args), _) => ctx.media.ffmpeg(args, limit, |_| {}).await,
            (None, Some(args)) => ctx.media.ffmpeg_bounded(args, limit, image::PICTURE_MEMORY_BYTES).await,
            (None, None) => Ok(()),
        };
        if let Err(e) = made {
            tracing::warn!(error = %e, "could not make the poster");
        }
    };
    tokio::pin!(poster);
    let mut poster_done = false;
    let result = loop {
        tokio::select! {
            r = &mut ffmpeg => break r,
            () = &mut poster, if !poster_done => poster_done = true,
            () = tokio::time::sleep(give_way.watch_interval(publisher)) => {
                publisher.poll().await?;
                if publisher.halted.is_some() {
                    // Dropping the run kills ffmpeg: its work is nobody's now.
                    return Ok(());
                }
                let secs = f64::from_bits(reached.load(Ordering::Relaxed));
                publisher.progress(secs).await;
                hold.send_replace(give_way.hold(ctx, publisher).await);
            }
        }
    };
    result.map_err(|e| match e {
        ProcessError::Timeout { limit, .. } => JobError::Permanent(format!("transcoding took longer than the {} s limit", limit.as_secs())),
        ProcessError::Failed { stderr, .. } => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").to_string();
            JobError::media(encoder_failed(&last), format!("transcoding failed: {last}"))
        }
        other => JobError::Retryable(other.into()),
    })?;
    if !poster_done {
        poster.await;
    }
    publisher.poll().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_again_or_probed_under_other_rules_is_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("source");
        std::fs::write(&path, b"one").unwrap();
        let mov = ["mov".to_string()];
        let first = FileId::of(&path, &mov).unwrap();
        assert_eq!(FileId::of(&path, &mov), Some(FileId::of(&path, &mov).unwrap()));
        assert_ne!(FileId::of(&path, &["matroska".to_string()]), Some(FileId::of(&path, &mov).unwrap()));
        std::fs::write(&path, b"other").unwrap();
        assert_ne!(FileId::of(&path, &mov).unwrap(), first);
        assert_eq!(FileId::of(&dir.path().join("missing"), &mov), None);
    }

    #[test]
    fn ffprobe_errors_become_reasons_without_paths() {
        assert_eq!(
            unreadable("file:/data/scratch/x/source: Invalid data found when processing input"),
            "the file is not a video or audio file this site can read (its contents are damaged, or are not video or audio)"
        );
        assert_eq!(
            unreadable("file:/data/x/source: Invalid argument"),
            "the file is not a video or audio file this site can read (its format is not one this site accepts)"
        );
        assert_eq!(unreadable("moov atom not found"), "the file is not a video or audio file this site can read (moov atom not found)");
        assert_eq!(unreadable(""), "the file is not a video or audio file this site can read");
        let too_big =
            "[h264 @ 0x1] [IMGUTILS @ 0x2] Picture size 8192x4608 exceeds specified max pixel count 33177600, see the documentation\n\
                       [h264 @ 0x1] get_buffer() failed";
        assert_eq!(unreadable(too_big), "the video is 8192x4608, over the 33177600 pixels a frame may have");
    }
}
