//! The part jobs: one chunk of the video (every rung, its segments placed on the item's
//! timeline as ffmpeg finishes them), and the whole item's audio (corrected for loudness as
//! the one-process path does), each recording what it made as it goes.

use std::time::Duration;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::jobs::{FailureClass, Job, JobError, Lane};
use crate::platform::Context;
use reel_base::db::parts::PartKind;
use reel_base::domain::VideoId;
use reel_base::media::chunks::{FrameRate, Span};
use reel_base::media::transcode;
use reel_base::storage::StorageKey;

use super::super::publish::{Placement, Publisher};
use super::{prepare, record, PartRef, Prepared};

/// Encodes one chunk of a video's picture into every rung.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessChunk {
    /// The video.
    pub video_id: VideoId,
    /// The cut this chunk belongs to.
    pub plan: String,
    /// The exact frame rate every chunk is encoded at.
    pub rate: FrameRate,
    /// The chunk's frames and segments.
    pub span: Span,
}

impl Job for ProcessChunk {
    const NAME: &'static str = "process_video_chunk";

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}:{}", self.video_id, self.plan, self.span.part))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let work = async {
            match prepare(ctx, self.video_id, &self.plan, PartKind::Video, self.span.part).await? {
                Some(work) => chunk(ctx, &self, &work, true).await,
                None => Ok(()),
            }
        };
        super::super::encode::cpu_recorded(ctx, self.video_id, work).await
    }

    /// The video is marked failed, naming the chunk.
    async fn gave_up(&self, ctx: &Context, reason: &str, class: FailureClass) {
        let reason = format!("chunk {} of the video could not be encoded: {reason}", self.span.part + 1);
        super::super::status::mark_failed(ctx, self.video_id, &reason, class).await;
    }

    /// The video is processed again from the start.
    async fn before_retry(&self, ctx: &Context) -> sqlx::Result<()> {
        super::start_over(ctx, self.video_id).await
    }
}

/// Encodes the whole audio of a chunked video, every track.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessAudio {
    /// The video.
    pub video_id: VideoId,
    /// The cut it belongs to.
    pub plan: String,
}

impl Job for ProcessAudio {
    const NAME: &'static str = "process_video_audio";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.plan))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let work = async {
            match prepare(ctx, self.video_id, &self.plan, PartKind::Audio, 0).await? {
                Some(work) => audio(ctx, &self, &work, true).await,
                None => Ok(()),
            }
        };
        super::super::encode::cpu_recorded(ctx, self.video_id, work).await
    }

    /// The video is marked failed.
    async fn gave_up(&self, ctx: &Context, reason: &str, class: FailureClass) {
        super::super::status::mark_failed(ctx, self.video_id, &format!("the audio could not be encoded: {reason}"), class).await;
    }

    /// The video is processed again from the start.
    async fn before_retry(&self, ctx: &Context) -> sqlx::Result<()> {
        super::start_over(ctx, self.video_id).await
    }
}

/// Encodes `job`'s chunk from `work`; `queued` when the part is a job of its own (see
/// [`PartRef::queued`]).
pub(super) async fn chunk(ctx: &Context, job: &ProcessChunk, work: &Prepared, queued: bool) -> Result<(), JobError> {
    let (id, span) = (job.video_id, job.span);
    let whole = &work.whole;
    let rungs = whole.video.iter().flat_map(|v| v.rungs.iter().map(|r| r.name.clone())).collect();
    // The first chunk makes the poster from the frames it decodes, so it is there when the
    // item becomes playable at no second decode.
    let plan = match span.part {
        0 => whole.clone().chunk(job.rate, span).with_poster(),
        _ => whole.clone().chunk(job.rate, span),
    };
    tokio::fs::create_dir_all(&plan.out_dir).await.context("creating the output folder")?;
    let part = PartRef { plan: job.plan.clone(), kind: PartKind::Video, part: span.part, rungs, queued };
    let placement = Placement { first_segment: span.first_segment, first_frame: span.first_frame, rate: job.rate };
    let mut publisher = Publisher::part(ctx, id, &plan, work.key.clone(), part.clone(), Some(placement));
    super::super::encode::transcode(ctx, &plan, &mut publisher).await?;
    if publisher.halted.is_some() {
        return Ok(());
    }
    for t in &publisher.tracked {
        let made = t.rendition.as_ref().map_or(0, |r| r.segments.len());
        let expected = span.segments.map(|n| n as usize);
        if !t.ended || made == 0 || expected.is_some_and(|n| n != made) {
            let wanted = expected.map_or("some".to_string(), |n| n.to_string());
            let name = &t.template.name;
            return Err(JobError::media(
                format!("the {name} rendition made from this file came out short: {made} segments where {wanted} were due"),
                format!("chunk {} made {made} segments of {name}, not {wanted}", span.part + 1),
            ));
        }
    }
    // Should its run have made none, from the source's first frames.
    if let Some(args) = transcode::poster_args(whole).filter(|_| span.part == 0 && !publisher.has_poster()) {
        let limit = Duration::from_secs(ctx.config.media.transcode_timeout_secs);
        match ctx.media.ffmpeg(args, limit, |_| {}).await {
            Ok(()) => {
                ctx.store.put_file(&StorageKey::media_file(id, "poster.jpg"), &whole.poster_path()).await.context("storing the poster")?;
                publisher.poster_stored();
            }
            Err(e) => tracing::warn!(%id, error = %e, "could not make the poster"),
        }
    }
    record(ctx, id, &part, &publisher, true).await?;
    Ok(())
}

/// Encodes the item's audio from `work`; `queued` as for [`chunk`].
pub(super) async fn audio(ctx: &Context, job: &ProcessAudio, work: &Prepared, queued: bool) -> Result<(), JobError> {
    let id = job.video_id;
    let rungs = work.whole.video.iter().flat_map(|v| v.rungs.iter().map(|r| r.name.clone())).collect();
    let mut plan = work.whole.clone().audio_part();
    let opening = super::super::loudness::from_opening(ctx, id, &mut plan).await?;
    tokio::fs::create_dir_all(&plan.out_dir).await.context("creating the output folder")?;
    let part = PartRef { plan: job.plan.clone(), kind: PartKind::Audio, part: 0, rungs, queued };
    let mut publisher = Publisher::part(ctx, id, &plan, work.key.clone(), part.clone(), None);
    super::super::loudness::transcode(ctx, id, &plan, &mut publisher, &opening).await?;
    if publisher.halted.is_some() {
        return Ok(());
    }
    publisher.check_complete()?;
    record(ctx, id, &part, &publisher, true).await?;
    Ok(())
}
