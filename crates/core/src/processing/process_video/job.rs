//! The `process_video` job: the item's run from its original to ready, trying a failed item
//! again, and the fall-back to one process when a chunked encode does not join.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::encode::{cpu_recorded, transcoded};
use super::inputs::{configured_key, watermark};
use super::publish::Publisher;
use super::source::{open_source, original_removed};
use super::status::{mark_failed, publish_ready};
use super::{chunked, loudness, reprocess, text};
use crate::library::item;
use crate::platform::jobs::{FailureClass, Job, JobError};
use crate::platform::Context;
use reel_base::db::videos;
use reel_base::domain::{VideoId, VideoStatus};
use reel_base::media::transcode::TranscodePlan;

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
    reel_base::db::notifications::forget_failure(&ctx.db, id).await?;
    let job = ctx.queue.row(&ProcessVideo::new(id));
    if !reel_base::db::jobs::requeue_as(&ctx.db, &job).await? {
        reel_base::db::jobs::enqueue(&ctx.db, &job).await?;
    }
    ctx.queue.wake().await?;
    Ok(true)
}

/// Sets an item whose chunks did not join (`why`) to be encoded again in one process: the
/// reason in its history, its parts and the index they made forgotten, back to `processing`.
/// Its subscribers are not told again when it becomes playable once more.
pub(super) async fn start_whole(ctx: &Context, id: VideoId, why: &str) -> Result<(), JobError> {
    tracing::warn!(%id, why, "the chunks do not join; encoding the item again in one process");
    let note = format!("the chunks did not join ({why}); encoding it again in one process");
    videos::note(&ctx.db, id, &note).await.context("noting the second encode")?;
    reel_base::db::parts::forget(&ctx.db, id).await.context("forgetting the item's parts")?;
    item::start_processing(ctx, id).await.context("marking processing")?;
    Ok(())
}
