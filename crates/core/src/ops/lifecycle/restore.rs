//! Restoring an archived item: [`RestoreArchived`] takes each of the item's cold objects a step
//! toward reading (a restore request, then the copy back into the hot tier) and, while S3 is
//! still restoring any, queues itself for the next slot of `storage.cold.restore_check_secs`.
//! A viewer or a processing run that finds the item archived queues the current slot's job, so
//! however many ask, one job per slot does the work.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::jobs::slots::Slots;
use crate::platform::jobs::{Job, JobError, Queue};
use crate::platform::Context;
use reel_base::config::Config;
use reel_base::domain::VideoId;
use reel_base::i18n::Said;
use reel_base::storage::{Restore, StorageKey};

/// One slot's look at an archived item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RestoreArchived {
    /// The item.
    pub video_id: VideoId,
    /// The slot: milliseconds since the epoch divided by the check interval.
    pub slot: i64,
}

fn slots(config: &Config) -> Slots {
    Slots::every(config.storage.cold.restore_check_secs)
}

/// Queues the restore of `video` (one job per check interval, however many ask) and returns
/// the seconds to wait before asking again.
pub async fn request(queue: &Queue, config: &Config, video: VideoId) -> sqlx::Result<u64> {
    if queue.enqueue(&RestoreArchived { video_id: video, slot: slots(config).now() }).await? {
        tracing::info!(video = %video, "queued the restore of an archived item");
    }
    Ok(config.storage.cold.restore_check_secs)
}

impl Job for RestoreArchived {
    const NAME: &'static str = "restore_archived";

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.slot))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let keys = reel_base::db::storage::cold_keys_of(&ctx.db, self.video_id).await.context("listing the item's cold objects")?;
        let mut pending = 0usize;
        for key in &keys {
            match ctx.store.restore_object(&StorageKey::existing(key)).await.with_context(|| format!("restoring {key}"))? {
                Restore::Done => {}
                Restore::Pending => pending += 1,
            }
        }
        if pending > 0 {
            // Queued before this job ends, so the chain never breaks; a viewer asking in that
            // slot lands on the same job.
            let next = RestoreArchived { video_id: self.video_id, slot: self.slot.max(slots(&ctx.config).now()) + 1 };
            ctx.queue.enqueue_at(&next, slots(&ctx.config).start(next.slot)).await.context("queueing the next look")?;
            tracing::info!(video = %self.video_id, pending, "archived objects still being restored");
            return Ok(());
        }
        if !keys.is_empty() {
            let detail = Said::new("audit-restored").arg("n", keys.len());
            reel_base::db::audit::record(&ctx.db, None, "lifecycle.restored", Some(&self.video_id.to_string()), None, Some(&detail))
                .await
                .context("recording the restore")?;
            tracing::info!(video = %self.video_id, objects = keys.len(), "archived item restored to the hot tier");
        }
        Ok(())
    }
}
