//! The daily lifecycle run: [`ApplyLifecycle`] for each slot of `lifecycle.every_secs` applies
//! the rules (`lifecycle::rules::run`) and queues the next slot's run; workers starting queue
//! the current slot's, and the slot in the dedupe key keeps every process to one run. A run
//! cut short is finished by its retry, each rule skipping what is already done.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::jobs::slots::Slots;
use crate::platform::jobs::{Job, JobError};
use crate::platform::Context;

/// One slot's run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplyLifecycle {
    /// The slot: milliseconds since the epoch divided by the interval.
    pub slot: i64,
}

fn slots(ctx: &Context) -> Slots {
    Slots::every(ctx.config.lifecycle.every_secs)
}

impl Job for ApplyLifecycle {
    const NAME: &'static str = "apply_lifecycle";

    fn dedupe_key(&self) -> String {
        Self::key(self.slot)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        // The next run is queued first, so a run that keeps failing does not stop the rules.
        let next = ApplyLifecycle { slot: self.slot + 1 };
        ctx.queue.enqueue_at(&next, slots(ctx).start(next.slot)).await.context("queueing the next run")?;
        let report = crate::ops::lifecycle::rules::run(ctx, false).await.context("applying the lifecycle rules")?;
        for r in &report.rules {
            tracing::info!(
                rule = r.rule.name(),
                items = r.items,
                objects = r.objects,
                bytes = r.bytes,
                left = r.errors.len(),
                "lifecycle rule applied"
            );
        }
        if let Some(error) = report.rules.iter().flat_map(|r| &r.errors).next() {
            // Retried with backoff: what was done stays done, the rest is tried again.
            return Err(JobError::Retryable(anyhow::anyhow!("some objects were left: {error}")));
        }
        Ok(())
    }

    async fn recover(ctx: &Context) -> sqlx::Result<usize> {
        let slot = slots(ctx).now();
        Ok(usize::from(ctx.queue.enqueue(&ApplyLifecycle { slot }).await?))
    }
}
