//! Chunked processing: a long source is cut (`media::chunks`) into chunks on segment
//! boundaries, each a `process_video_chunk` job any worker of any process may claim; one
//! `process_video_audio` job encodes the whole audio; every part records what it made in
//! `video_parts`, where the item's index is rebuilt from all of them (`assemble.rs`), so the
//! item is playable once the first chunk and the first audio segments exist and its EVENT
//! playlist grows as chunks finish in order. When the last part finishes, the
//! `finish_video_chunks` job (`finish.rs`) checks the joins, makes the download and storyboard
//! from the stored renditions and publishes.

mod assemble;
mod finish;
mod part;

pub use finish::{FinishChunks, Finished};
pub use part::{ProcessAudio, ProcessChunk};

use std::path::Path;

use anyhow::Context as _;

use crate::delivery::content_key::ContentKey;
use crate::library::item;
use crate::platform::jobs::scratch::Scratch;
use crate::platform::jobs::{Job, JobError};
use crate::platform::Context;
use reel_base::db::parts::{self, PartKind, Recorded};
use reel_base::db::{jobs as rows, videos};
use reel_base::domain::{VideoId, VideoStatus};
use reel_base::media::chunks::{self, ChunkPlan, Sizing};
use reel_base::media::probe::MediaInfo;
use reel_base::media::transcode::TranscodePlan;

use super::publish::Publisher;
use assemble::PartOutputs;

/// One part as its job records it.
#[derive(Debug, Clone)]
pub(crate) struct PartRef {
    /// The cut it belongs to.
    pub(super) plan: String,
    /// What it encodes.
    pub(super) kind: PartKind,
    /// Its place (chunks from 0; 0 for the audio).
    pub(super) part: u32,
    /// The video rungs every chunk makes, highest first.
    pub(super) rungs: Vec<String>,
    /// Whether the part is a job of its own, the last of which to finish queues the final
    /// job; else the job that runs the parts finishes the item itself ([`run_here`]).
    pub(super) queued: bool,
}

/// Cuts the item into parts and queues their jobs when it is long enough to be chunked (see
/// `[chunking]`); false when it is to be encoded by one process.
pub(super) async fn start(ctx: &Context, id: VideoId, info: &MediaInfo, whole: &TranscodePlan) -> Result<bool, JobError> {
    let c = &ctx.config.chunking;
    let sizing = Sizing { min_duration_s: c.min_duration_s, chunk_s: c.chunk_s, workers: c.workers, segment_secs: whole.segment_secs };
    let (Some(video), Some(duration)) = (&whole.video, picture_secs(info)) else { return Ok(false) };
    let Some(cut) = chunks::plan(duration, video.fps, sizing) else { return Ok(false) };
    let plan = record_cut(ctx, id, &cut, whole).await?;
    // Claimed in this order: the first chunk, the audio (both needed to play), then the rest.
    let now = ctx.clock().now_ms();
    let mut order = 0;
    for span in &cut.spans {
        let chunk = ProcessChunk { video_id: id, plan: plan.clone(), rate: cut.rate, span: *span };
        ctx.queue.enqueue_at(&chunk, now + order).await.context("queueing a chunk")?;
        order += 1;
        if span.part == 0 && whole.audio.is_some() {
            ctx.queue.enqueue_at(&ProcessAudio { video_id: id, plan: plan.clone() }, now + order).await.context("queueing the audio")?;
            order += 1;
        }
    }
    ctx.queue.wake().await.context("waking workers")?;
    tracing::info!(%id, chunks = cut.spans.len(), rate = %cut.rate.arg(), %plan, "video cut into chunks");
    Ok(true)
}

/// How long the picture a cut divides lasts: the video stream's own length where the container
/// gives it and it is shorter than the item (a still with a soundtrack, a picture that stops
/// before the sound), else the item's. Chunks past the picture's end would hold no frames.
fn picture_secs(info: &MediaInfo) -> Option<f64> {
    let item = info.duration_s?;
    Some(info.video.as_ref().and_then(|v| v.duration_s).map_or(item, |picture| picture.min(item)))
}

/// Records the parts of a new cut of the item, replacing any earlier cut's; returns its name.
async fn record_cut(ctx: &Context, id: VideoId, cut: &ChunkPlan, whole: &TranscodePlan) -> Result<String, JobError> {
    let plan = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    let mut rows_to_make: Vec<(PartKind, u32)> = cut.spans.iter().map(|s| (PartKind::Video, s.part)).collect();
    if whole.audio.is_some() {
        rows_to_make.push((PartKind::Audio, 0));
    }
    parts::start(&ctx.db, id, &plan, &rows_to_make).await.context("recording the item's parts")?;
    Ok(plan)
}

/// Encodes the item in this job when it is not chunked (and `chunking.quick_start` is on), cut
/// as [`chunks::lead`] cuts it: the
/// first second with the audio beside it (the audio holding still once its first
/// segments are out, see `GiveWay`), so the item is playable after one short encode, then the
/// rest of the picture in one process. Returns the final step, which publishes the item as the
/// final job of a chunked item does; None (nothing done) when the source is not cut so: no
/// picture, a frame rate frames cannot be placed at exactly, or too short to gain.
pub(super) async fn run_here(
    ctx: &Context,
    id: VideoId,
    source: &Path,
    info: &MediaInfo,
    whole: &TranscodePlan,
) -> Result<Option<FinishChunks>, JobError> {
    let (Some(video), Some(duration), true) = (&whole.video, picture_secs(info), ctx.config.chunking.quick_start) else { return Ok(None) };
    let Some(cut) = chunks::lead(duration, video.fps, whole.segment_secs) else { return Ok(None) };
    let plan = record_cut(ctx, id, &cut, whole).await?;
    let key = super::inputs::configured_key(ctx, id).await?;
    let started = std::time::Instant::now();
    let picture = async {
        for span in &cut.spans {
            // Deleted (or failed) meanwhile: the first chunk halted, and the rest has no use.
            let status = videos::status(&ctx.db, id).await.context("reading the video's status")?;
            if !matches!(status, Some(VideoStatus::Processing | VideoStatus::Playable)) {
                break;
            }
            let work = prepared(ctx, id, source, info, key.clone()).await?;
            let chunk = ProcessChunk { video_id: id, plan: plan.clone(), rate: cut.rate, span: *span };
            part::chunk(ctx, &chunk, &work, false).await?;
        }
        Ok(())
    };
    let sound = async {
        if whole.audio.is_none() {
            return Ok(());
        }
        let work = prepared(ctx, id, source, info, key.clone()).await?;
        part::audio(ctx, &ProcessAudio { video_id: id, plan: plan.clone() }, &work, false).await
    };
    tokio::try_join!(picture, sound)?;
    super::encode::transcoded(info, started.elapsed());
    Ok(Some(FinishChunks { video_id: id, plan }))
}

/// Publishes an item whose parts [`run_here`] encoded, unless its joins do not hold.
pub(super) async fn finish_here(ctx: &Context, last: &FinishChunks) -> Result<Finished, JobError> {
    finish::finish(ctx, last).await
}

/// Ends the outstanding part jobs of a deleted item: a worker running one stops it at its
/// next heartbeat. What such a job stores after the item's objects were removed, it removes
/// itself when recording finds the item gone.
pub async fn cancel(db: &reel_base::db::Db, id: VideoId) -> sqlx::Result<u64> {
    let mut ended = 0;
    // Every key of a part job goes on with `{video}:{plan}`.
    for prefix in [ProcessChunk::key_prefix(), ProcessAudio::key_prefix(), FinishChunks::key_prefix()] {
        ended += rows::cancel_prefixed(db, &format!("{prefix}{id}:"), "cancelled: the item was deleted").await?;
    }
    Ok(ended)
}

/// Records what `publisher` made for `part` so far and rebuilds the item's index from every
/// part: the item becomes playable once it can be, progress follows the chunks listed, and
/// the last part to finish queues the final job. Returns why the part should stop, if it
/// should: the item was deleted (what the part stored is removed) or is no longer processed
/// under this plan.
pub(super) async fn record(
    ctx: &Context,
    id: VideoId,
    part: &PartRef,
    publisher: &Publisher<'_>,
    done: bool,
) -> Result<Option<&'static str>, JobError> {
    let outputs = PartOutputs { index: publisher.index(false), inits: publisher.inits.clone(), rungs: part.rungs.clone() };
    let json = serde_json::to_string(&outputs).context("writing a part's outputs")?;
    let recorded = item::record_part(ctx, id, &part.plan, (part.kind, part.part), &json, done, |all| match assemble::join(all) {
        Some(joined) => (Some(serde_json::to_string(&joined.index).expect("an index serialises")), Some(joined)),
        None => (None, None),
    })
    .await
    .context("recording a part")?;
    let (joined, status, progress) = match recorded {
        Recorded::Yes(joined, status, progress) => (joined, status, progress),
        Recorded::Deleted => {
            publisher.discard().await;
            return Ok(Some("the item was deleted"));
        }
        Recorded::Stale => return Ok(Some("the item is no longer processed under this plan")),
    };
    let Some(joined) = joined else { return Ok(None) };
    if joined.playable && status == VideoStatus::Processing {
        super::status::mark_playable(ctx, id).await?;
    }
    if joined.index.duration_s > 0.0 {
        let percent = (joined.covered_s / joined.index.duration_s * 100.0).clamp(0.0, 99.0).floor();
        if percent > progress {
            // Progress is a courtesy: a write that fails is made good by the next part's.
            let _ = item::record_progress(ctx, id, percent).await;
        }
    }
    if joined.all_done && part.queued {
        ctx.queue.enqueue(&FinishChunks { video_id: id, plan: part.plan.clone() }).await.context("queueing the final job")?;
    }
    Ok(None)
}

/// What a part's job works from: the plan for the whole item (over the source in its scratch
/// folder) and the content key.
pub(super) struct Prepared {
    /// Kept while the part runs: dropping it removes the folder.
    _scratch: Scratch,
    pub(super) whole: TranscodePlan,
    pub(super) key: Option<ContentKey>,
}

/// Readies a part's work, or None when there is none: the item is gone or no longer being
/// processed, the plan is not its latest, or the part is finished.
pub(super) async fn prepare(ctx: &Context, id: VideoId, plan: &str, kind: PartKind, part: u32) -> Result<Option<Prepared>, JobError> {
    let Some(video) = videos::get(&ctx.db, id).await.context("reading the video")? else { return Ok(None) };
    if !matches!(video.status, VideoStatus::Processing | VideoStatus::Playable) {
        return Ok(None);
    }
    let stored = parts::of_plan(&ctx.db, id, plan).await.context("reading the item's parts")?;
    if !stored.iter().any(|p| p.kind == kind && p.part == part && !p.done) {
        return Ok(None);
    }
    let key = super::inputs::configured_key(ctx, id).await?;
    let source = super::source::shared_source(ctx, id).await?;
    let info = super::probing::checked_probe(ctx, &source).await?;
    Ok(Some(prepared(ctx, id, &source, &info, key).await?))
}

/// A part's work over `source`, in a scratch folder of its own.
async fn prepared(ctx: &Context, id: VideoId, source: &Path, info: &MediaInfo, key: Option<ContentKey>) -> Result<Prepared, JobError> {
    let scratch = Scratch::create(&ctx.config, id).await.context("creating scratch space")?;
    let mark = super::inputs::watermark(ctx, id, &scratch.path).await?;
    let whole = TranscodePlan::new(info, source, &scratch.path.join("out"), &ctx.config).watermarked(mark);
    Ok(Prepared { _scratch: scratch, whole, key })
}

/// Puts a chunked item whose part failed back to be processed from the start (an admin's
/// retry of any of its part jobs): a new cut replaces the old one, whose jobs then find
/// nothing to do.
pub(super) async fn start_over(ctx: &Context, id: VideoId) -> sqlx::Result<()> {
    item::mark(ctx, id, VideoStatus::Uploaded).await?;
    if rows::requeue(&ctx.db, &super::ProcessVideo::key(id)).await? {
        ctx.queue.wake().await?;
    }
    Ok(())
}
