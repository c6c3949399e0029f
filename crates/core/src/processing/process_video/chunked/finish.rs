//! The last job of a chunked item: checks every join, makes the storyboard (from the lowest
//! rung's keyframes) and the download (a stream copy of a middle rung and the audio) from the
//! stored renditions, with no second decode of the source, writes the package index and
//! publishes `ready` with the same guarded update as the one-process path.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use crate::delivery::content_key::ContentKey;
use crate::platform::jobs::scratch::Scratch;
use crate::platform::jobs::{FailureClass, Job, JobError, Lane};
use crate::platform::Context;
use reel_base::db::{parts, videos};
use reel_base::domain::{VideoId, VideoStatus};
use reel_base::media::encrypt::decrypt_segment;
use reel_base::media::package::{PackageIndex, Rendition, StoryboardIndex};
use reel_base::media::transcode::{self, Storyboard};
use reel_base::storage::StorageKey;

use super::super::outputs::{download_sources, remux_download};
use super::assemble;

/// Checks and publishes a chunked video once all its parts are finished.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FinishChunks {
    /// The video.
    pub video_id: VideoId,
    /// The cut whose parts are finished.
    pub plan: String,
}

impl Job for FinishChunks {
    const NAME: &'static str = "finish_video_chunks";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.plan))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    /// An item whose joins do not hold is encoded again in one process by its `process_video`
    /// job, queued again for that.
    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let id = self.video_id;
        let why = match super::super::encode::cpu_recorded(ctx, id, finish(ctx, &self)).await? {
            Finished::Published => return Ok(()),
            Finished::Unjoined(why) => why,
        };
        let again = crate::processing::process_video::ProcessVideo { video_id: id, whole: true };
        let job = ctx.queue.row(&again);
        super::super::job::start_whole(ctx, id, &why).await?;
        if !reel_base::db::jobs::requeue_as(&ctx.db, &job).await.context("queueing the item again")? {
            return Err(JobError::Permanent(format!("the chunks do not join: {why}")));
        }
        ctx.queue.wake().await.context("waking workers")?;
        Ok(())
    }

    /// The video is marked failed with the reason (a join that does not fit names its chunk).
    async fn gave_up(&self, ctx: &Context, reason: &str, class: FailureClass) {
        super::super::status::mark_failed(ctx, self.video_id, reason, class).await;
    }

    /// The video is processed again from the start.
    async fn before_retry(&self, ctx: &Context) -> sqlx::Result<()> {
        super::start_over(ctx, self.video_id).await
    }
}

/// How finishing a chunked item ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    /// Published, or nothing to do (the item is gone, no longer processed, or the cut is not
    /// its latest).
    Published,
    /// The chunks do not join, for this reason; nothing was published.
    Unjoined(String),
}

/// Checks the joins of `job`'s parts, makes the download and storyboard from them and publishes
/// the item.
pub(super) async fn finish(ctx: &Context, job: &FinishChunks) -> Result<Finished, JobError> {
    let id = job.video_id;
    let Some(video) = videos::get(&ctx.db, id).await.context("reading the video")? else { return Ok(Finished::Published) };
    if !matches!(video.status, VideoStatus::Processing | VideoStatus::Playable) {
        return Ok(Finished::Published);
    }
    let stored = parts::of_plan(&ctx.db, id, &job.plan).await.context("reading the item's parts")?;
    if stored.is_empty() {
        return Ok(Finished::Published);
    }
    let mut index = match assemble::check(&stored) {
        Ok(index) => index,
        Err(why) => return Ok(Finished::Unjoined(why)),
    };
    let key = super::super::inputs::configured_key(ctx, id).await?;
    let scratch = Scratch::create(&ctx.config, id).await.context("creating scratch space")?;

    let (middle, tracks) = download_sources(&index);
    let joined = |r: &Rendition| scratch.path.join(format!("{}.joined.mp4", r.name));
    for r in middle.iter().copied().chain(tracks.iter().map(|(r, _)| *r)) {
        fetch_joined(ctx, id, r, key.as_ref(), &joined(r)).await?;
    }
    let audio: Vec<(PathBuf, &_)> = tracks.iter().map(|(r, meta)| (joined(r), *meta)).collect();
    let download = remux_download(ctx, id, middle.map(joined).as_deref(), &audio, &scratch.path).await?;
    let storyboard = storyboard(ctx, id, &index, key.as_ref(), &scratch.path).await?;
    index.download = Some(download);
    index.storyboard = storyboard;

    if super::super::status::publish_ready(ctx, id, video.uploaded_at, &index).await? {
        tracing::info!(%id, renditions = index.renditions.len(), chunks = stored.len(), "chunked video ready");
    } else if crate::processing::purge::if_deleted(ctx, id).await? {
        // Deleted while this job stored the download and images: they are nobody's.
        return Ok(Finished::Published);
    }
    super::super::reprocess::retire_later(ctx, id, index.retiring.iter().map(|r| r.name.clone()).collect()).await?;
    parts::forget(&ctx.db, id).await.context("forgetting the item's parts")?;
    // This host's copy of the original; other hosts' go when their sweep finds them idle.
    crate::platform::jobs::scratch::forget_shared(&ctx.config.data_dir, &format!("source-{id}"));
    Ok(Finished::Published)
}

/// Writes a stored rendition (init, then every segment, decrypted) into one fragmented MP4.
async fn fetch_joined(ctx: &Context, id: VideoId, r: &Rendition, key: Option<&ContentKey>, out: &Path) -> Result<(), JobError> {
    let mut file = tokio::fs::File::create(out).await.context("creating a joined rendition")?;
    let init = ctx.store.get_bytes(&StorageKey::init(id, &r.name)).await.context("reading an init segment")?;
    file.write_all(&init).await.context("writing a joined rendition")?;
    for n in 0..u32::try_from(r.segments.len()).expect("fewer than 4 billion segments") {
        let stored = ctx.store.get_bytes(&StorageKey::segment(id, &r.name, n)).await.context("reading a segment")?;
        let plain = match key {
            Some(key) => decrypt_segment(key.as_bytes(), u64::from(n), &stored)
                .map_err(|_| anyhow::anyhow!("segment {n} of {} does not decrypt with the item's key", r.name))?,
            None => stored.to_vec(),
        };
        file.write_all(&plain).await.context("writing a joined rendition")?;
    }
    file.flush().await.context("writing a joined rendition")?;
    Ok(())
}

/// The storyboard from the lowest rung's keyframes: tiles every interval, rounded up to a
/// whole number of keyframe intervals so each tile is a keyframe's picture at its time, or a
/// second before it where the first segment is one second long.
async fn storyboard(
    ctx: &Context,
    id: VideoId,
    index: &PackageIndex,
    key: Option<&ContentKey>,
    scratch: &Path,
) -> Result<Option<StoryboardIndex>, JobError> {
    let (Some(top), Some(lowest)) = (index.video().next(), index.video().last()) else { return Ok(None) };
    let m = &ctx.config.media;
    let size = (top.width.unwrap_or(16), top.height.unwrap_or(9));
    // The interval a one-process run would use (wider for a long item), then a whole number of
    // keyframe intervals: a wider interval never makes more tiles.
    let wide = Storyboard::new(index.duration_s, size, m.storyboard_interval_secs, m.storyboard_tile_width).interval_s;
    let grid = Storyboard::new(index.duration_s, size, wide.div_ceil(m.gop_secs) * m.gop_secs, m.storyboard_tile_width);
    let input = scratch.join("storyboard-source.mp4");
    fetch_joined(ctx, id, lowest, key, &input).await?;
    let out = scratch.join("storyboard.jpg");
    let limit = Duration::from_secs(m.probe_timeout_secs.max(60));
    let args = transcode::keyframe_storyboard_args(&input, &grid, m.gop_secs, &out);
    ctx.media.ffmpeg(args, limit, |_| {}).await.map_err(|e| JobError::Retryable(anyhow::anyhow!("making the storyboard: {e}")))?;
    ctx.store.put_file(&StorageKey::media_file(id, "storyboard.jpg"), &out).await.context("storing the storyboard")?;
    Ok(Some(StoryboardIndex { file: "storyboard.jpg".into(), grid }))
}
