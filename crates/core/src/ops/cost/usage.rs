//! The usage snapshot: [`RecordUsage`] for each slot of `cost.snapshot_every_secs` records the
//! bytes each item holds in each tier as the day's storage and, with a CDN in front, the bytes
//! players fetched through it; then queues the next slot's. As with the lifecycle run, the slot
//! in the dedupe key keeps every process to one run per slot.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use reel_base::db::usage;

use crate::ops::cost::day_of;
use crate::platform::jobs::slots::Slots;
use crate::platform::jobs::{Job, JobError};
use crate::platform::Context;

/// One slot's snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordUsage {
    /// The slot: milliseconds since the epoch divided by the interval.
    pub slot: i64,
}

fn slots(ctx: &Context) -> Slots {
    Slots::every(ctx.config.cost.snapshot_every_secs)
}

impl Job for RecordUsage {
    const NAME: &'static str = "record_usage";

    fn dedupe_key(&self) -> String {
        Self::key(self.slot)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let next = RecordUsage { slot: self.slot + 1 };
        ctx.queue.enqueue_at(&next, slots(ctx).start(next.slot)).await.context("queueing the next snapshot")?;
        let today = day_of(ctx.clock().now_ms());
        let rows = usage::snapshot_storage(&ctx.db, today).await.context("recording the bytes held")?;
        tracing::debug!(rows, "recorded the bytes held per item and tier");
        if !ctx.config.cdn.base_url.is_empty() {
            // Yesterday too: players report a session's last minutes after midnight.
            usage::snapshot_cdn_egress(&ctx.db, today - 1).await.context("recording the CDN's bytes")?;
        }
        Ok(())
    }

    async fn recover(ctx: &Context) -> sqlx::Result<usize> {
        let slot = slots(ctx).now();
        Ok(usize::from(ctx.queue.enqueue(&RecordUsage { slot }).await?))
    }
}
