//! The periodic recommendation run: [`ComputeRecommendations`] for each slot of
//! `audience.recommendations_every_secs` rebuilds the stored lists (`recommend::run`) and
//! queues the next slot's run; workers starting queue the current slot's, so a cluster that was
//! down catches up once, and the slot in the dedupe key keeps every process to one run.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::jobs::slots::Slots;
use crate::platform::jobs::{Job, JobError};
use crate::platform::Context;

/// One slot's run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComputeRecommendations {
    /// The slot: milliseconds since the epoch divided by the interval.
    pub slot: i64,
}

fn slots(ctx: &Context) -> Slots {
    Slots::every(ctx.config.audience.recommendations_every_secs)
}

impl Job for ComputeRecommendations {
    const NAME: &'static str = "compute_recommendations";

    fn dedupe_key(&self) -> String {
        Self::key(self.slot)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let run = crate::audience::recommend::run(&ctx.db).await.context("computing recommendations")?;
        tracing::info!(
            items = run.items,
            profiles = run.profiles,
            watches = run.watches,
            related = run.related_rows,
            picks = run.profile_rows,
            read_ms = run.read.as_millis() as u64,
            build_ms = run.build.as_millis() as u64,
            write_ms = run.write.as_millis() as u64,
            "recommendations computed"
        );
        let next = ComputeRecommendations { slot: self.slot + 1 };
        ctx.queue.enqueue_at(&next, slots(ctx).start(next.slot)).await.context("queueing the next run")?;
        Ok(())
    }

    async fn recover(ctx: &Context) -> sqlx::Result<usize> {
        let slot = slots(ctx).now();
        Ok(usize::from(ctx.queue.enqueue(&ComputeRecommendations { slot }).await?))
    }
}
