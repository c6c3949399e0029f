//! Deleting an item ([`remove`], asked by its owner or an admin) and what follows: the jobs
//! still writing its objects are stopped, and a sweep ([`PurgeDeleted`]) removes its objects
//! once more when every such run has surely stopped, so a segment stored in the moment between
//! the removal and a run's stop does not outlive the item. A job that runs on to its end
//! regardless (a transcode made again) removes them itself when it finds the item gone
//! ([`if_deleted`]).

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::library::item;
use crate::library::videos::managed;
use crate::platform::jobs::{Job, JobError, Queue};
use crate::platform::problem;
use crate::platform::Context;
use reel_base::config::JobsConfig;
use reel_base::db::{videos, Db};
use reel_base::domain::VideoId;

/// The second removal of a deleted item's objects.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurgeDeleted {
    /// The item, whose row is gone.
    pub video_id: VideoId,
}

/// Deletes a video the caller manages, its stored objects and its watch records; an admin's
/// deletion of someone else's video is audited.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn remove(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let video = managed(ctx, caller, id).await?;
    let id = video.id;
    erase(ctx, id).await?;
    if video.created_by != Some(caller.subject()) {
        reel_base::db::audit::record(&ctx.db, Some(caller.subject()), "video.deleted_by_admin", Some(&id.to_string()), None, None).await?;
    }
    tracing::info!(%id, "video deleted");
    Ok(())
}

/// Deletes item `id` whoever may (the caller checked that): its row first, so the origin
/// stops serving at once, then the jobs still writing its objects, then the objects.
pub async fn erase(ctx: &Context, id: VideoId) -> problem::Result<()> {
    item::delete(ctx, id).await?;
    // Jobs still writing its objects stop; what they stored goes with the rest, now and in the sweep.
    stop_writers(&ctx.db, &ctx.queue, &ctx.config.jobs, id).await?;
    ctx.store.delete_video(id).await?;
    Ok(())
}

/// Ends the outstanding part jobs of item `id`, whose row was just deleted, and queues the
/// sweep of its objects for two leases from now. A worker running one of those jobs, or a
/// one-process job publishing as it encodes, stops within a third of a lease (its heartbeat,
/// or its next look at the item); what it was storing then has landed well before the sweep.
/// The caller removes the objects at once as well: the sweep is for the stragglers.
pub async fn stop_writers(db: &Db, queue: &Queue, jobs: &JobsConfig, id: VideoId) -> sqlx::Result<()> {
    crate::processing::process_video::chunked::cancel(db, id).await?;
    let later = i64::try_from(jobs.lease_secs.saturating_mul(2_000)).unwrap_or(i64::MAX);
    queue.enqueue_at(&PurgeDeleted { video_id: id }, db.clock().now_ms().saturating_add(later)).await?;
    Ok(())
}

/// Removes item `id`'s objects if its row is gone, and says whether it was: a job that stored
/// objects for an item deleted meanwhile calls it when its guarded update found nothing to
/// update, so what it stored after the deletion (and after the sweep, for a long run) goes too.
pub async fn if_deleted(ctx: &Context, id: VideoId) -> Result<bool, JobError> {
    if videos::get(&ctx.db, id).await.context("reading the video")?.is_some() {
        return Ok(false);
    }
    let removed = ctx.store.delete_video(id).await.context("removing a deleted item's objects")?;
    if removed > 0 {
        tracing::info!(%id, removed, "removed objects stored for a deleted item after its deletion");
    }
    Ok(true)
}

impl Job for PurgeDeleted {
    const NAME: &'static str = "purge_deleted_video";

    fn dedupe_key(&self) -> String {
        Self::key(self.video_id)
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let id = self.video_id;
        if !if_deleted(ctx, id).await? {
            // Ids are never reused, so this is not the deleted item: leave it be.
            return Err(JobError::Permanent(format!("item {id} exists; only a deleted item's objects are swept")));
        }
        Ok(())
    }
}
