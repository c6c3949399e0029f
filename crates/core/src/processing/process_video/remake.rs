//! The `remake_rungs` job ([`RemakeRungs`], which the origin queues): makes again, from the original, the top video rungs the lifecycle
//! rule took from an idle item, once a viewer asks for it. The rungs are encoded with the
//! sizes, keyframe clock and segment length of the first transcode (and the item's content
//! key), and cut as it was (in one run, or the first second apart), so their
//! segments line up with the rungs kept; they are stored first and only then put back into
//! the index, so the item plays throughout.

use anyhow::Context as _;

use super::encode::{cpu_recorded, transcode};
use super::inputs::content_key_of;
use super::publish::{Placement, Publisher};
use super::source::{open_source, original_removed};
use crate::library::item;
use crate::ops::lifecycle::rungs::RemakeRungs;
use crate::platform::jobs::{FailureClass, Job, JobError};
use crate::platform::Context;
use reel_base::db::{audit, videos};
use reel_base::domain::VideoId;
use reel_base::i18n::Said;
use reel_base::media::chunks::{self, ChunkPlan};
use reel_base::media::package::{PackageIndex, Rendition};
use reel_base::media::transcode::TranscodePlan;

impl Job for RemakeRungs {
    const NAME: &'static str = "remake_rungs";

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.dropped_at))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        cpu_recorded(ctx, self.video_id, remake(ctx, self.video_id, self.dropped_at)).await
    }

    /// The item keeps playing on the rungs it has; the drop is cleared (so viewers stop
    /// queueing the job) and the loss audited with the reason.
    async fn gave_up(&self, ctx: &Context, reason: &str, _class: FailureClass) {
        let at = self.dropped_at;
        let cleared = item::change_package(ctx, self.video_id, |index| {
            let ours = index.dropped.as_ref().is_some_and(|d| d.at == at);
            if ours {
                index.dropped = None;
            }
            ours
        })
        .await;
        match cleared {
            Ok(Some(_)) => {
                let id = self.video_id.to_string();
                if let Err(e) = audit::record(&ctx.db, None, "lifecycle.rungs_lost", Some(&id), None, Some(&Said::verbatim(reason))).await {
                    tracing::warn!(video_id = %id, error = %e, "could not record the lost rungs");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(video_id = %self.video_id, error = %e, "could not clear the dropped rungs"),
        }
    }
}

async fn remake(ctx: &Context, id: VideoId, at: i64) -> Result<(), JobError> {
    let Some(index) = videos::package(&ctx.db, id).await.context("reading the package index")? else { return Ok(()) };
    let Some(dropped) = index.dropped.clone().filter(|d| d.at == at) else {
        // Made already, or dropped again since (which has a job of its own).
        return Ok(());
    };
    if let Some(reason) = original_removed(ctx, id).await? {
        return Err(JobError::Permanent(reason));
    }
    // The segments kept were encrypted with the item's key: the new ones must be too.
    let key = match index.encryption {
        Some(_) => Some(content_key_of(ctx, id).await?),
        None => None,
    };
    let (scratch, source, info) = open_source(ctx, id).await?;
    // A rung the ladder no longer has is not made; the item goes on without it.
    // Today's watermark: one changed since the item was processed shows on these rungs only.
    let mark = super::inputs::watermark(ctx, id, &scratch.path).await?;
    let plan_in = |dir: &str| {
        TranscodePlan::new(&info, &source, &scratch.path.join(dir), &ctx.config)
            .generation(index.generation)
            .only_rungs(&dropped.names)
            .watermarked(mark.clone())
    };
    let plan = plan_in("out");
    let made = match (&plan.video, lead_cut(&index, &plan)) {
        (Some(_), None) => {
            let mut publisher = Publisher::quiet(ctx, id, &plan, key).video_only();
            transcode(ctx, &plan, &mut publisher).await?;
            publisher.made_rungs()?
        }
        // Cut as the item's first encode was (its first second apart), so the
        // segments made again are the ones kept, boundary for boundary.
        (Some(_), Some(cut)) => {
            let mut made: Vec<Rendition> = Vec::new();
            let mut first_inits = None;
            for span in cut.spans {
                let part = plan_in(&format!("out-{}", span.part)).chunk(cut.rate, span);
                let placement = Placement { first_segment: span.first_segment, first_frame: span.first_frame, rate: cut.rate };
                let mut publisher = Publisher::quiet(ctx, id, &part, key.clone()).placed(placement);
                transcode(ctx, &part, &mut publisher).await?;
                let inits = std::mem::take(&mut publisher.inits);
                if first_inits.get_or_insert_with(|| inits.clone()) != &inits {
                    return Err(JobError::Retryable(anyhow::anyhow!("the rungs made again in two runs have different init segments")));
                }
                for r in publisher.made_rungs()? {
                    match made.iter_mut().find(|m| m.name == r.name) {
                        Some(m) => m.segments.extend(r.segments),
                        None => made.push(r),
                    }
                }
            }
            made
        }
        (None, _) => Vec::new(),
    };
    if let Some(kept) = index.video().next() {
        // Players switch rungs at segment boundaries: the new ones must cut where the kept ones do.
        if let Some(r) = made.iter().find(|r| r.segments.len() != kept.segments.len()) {
            let (n, m) = (r.segments.len(), kept.segments.len());
            return Err(JobError::Permanent(format!("rung {} made again has {n} segments where {} has {m}", r.name, kept.name)));
        }
    }
    let names: Vec<String> = made.iter().map(|r| r.name.clone()).collect();
    let written = item::change_package(ctx, id, |index| {
        if index.dropped.as_ref().is_none_or(|d| d.at != at) {
            return false;
        }
        index.restore_rungs(made.clone());
        true
    })
    .await
    .context("putting the rungs back into the index")?;
    if written.is_none() {
        // Deleted meanwhile (what this run stored goes too), or no longer missing these rungs.
        crate::processing::purge::if_deleted(ctx, id).await?;
        return Ok(());
    }
    let remade = if names.is_empty() { Said::new("audit-no-rung") } else { Said::verbatim(names.join(", ")) };
    let detail = Said::new("audit-rungs-remade").arg("names", remade);
    audit::record(&ctx.db, None, "lifecycle.rungs_remade", Some(&id.to_string()), None, Some(&detail))
        .await
        .context("recording the remake")?;
    tracing::info!(%id, rungs = ?names, "dropped rungs made again");
    Ok(())
}

/// The cut of an item whose first encode made its first second a segment of its own
/// (chunked, or cut by `run_here`), judged by its first kept rung; None for one made whole.
fn lead_cut(index: &PackageIndex, plan: &TranscodePlan) -> Option<ChunkPlan> {
    let kept = index.video().next()?;
    let first = kept.segments.first()?;
    let short = first.duration < u64::from(plan.segment_secs) * u64::from(kept.timescale);
    let video = plan.video.as_ref()?;
    short.then(|| chunks::lead(plan.duration_s, video.fps, plan.segment_secs)).flatten()
}

impl Publisher<'_> {
    /// The renditions stored, once ffmpeg has finished every one.
    fn made_rungs(self) -> Result<Vec<Rendition>, JobError> {
        let mut made = Vec::new();
        for t in self.tracked {
            match t.rendition.filter(|r| t.ended && !r.segments.is_empty()) {
                Some(r) => made.push(r),
                None => {
                    return Err(JobError::Retryable(anyhow::anyhow!("ffmpeg finished without completing rendition {}", t.template.name)))
                }
            }
        }
        Ok(made)
    }
}
