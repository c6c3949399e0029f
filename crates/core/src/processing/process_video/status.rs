//! The item's moves as its run goes: playable once the first segments are out, ready with
//! its index, or failed with a reason its owner reads; each measured from the upload.

use crate::library::item;
use crate::platform::jobs::{FailureClass, JobError};
use crate::platform::Context;
use anyhow::Context as _;
use reel_base::db::videos;
use reel_base::domain::{VideoId, VideoStatus};
use reel_base::media::package::PackageIndex;

/// Writes `package.json` and publishes the finished index with one guarded update: the item
/// is `ready` once, its listings change, subscribers are told (unless playable already did)
/// and the wait since `uploaded_at` is measured. False when it was not published (already
/// ready, failed or deleted).
pub(super) async fn publish_ready(ctx: &Context, id: VideoId, uploaded_at: Option<i64>, index: &PackageIndex) -> Result<bool, JobError> {
    if !item::publish(ctx, id, index).await? {
        return Ok(false);
    }
    // Once per item: playable already queued it, unless the item went straight to ready.
    crate::library::announce::announce(&ctx.queue, id, "published").await;
    if let Some(secs) = secs_since(ctx, uploaded_at) {
        metrics::histogram!("reel_time_to_ready_seconds").record(secs);
    }
    Ok(true)
}

/// Moves the item from `processing` to `playable` (once): its listings change, subscribers are
/// told and the wait since its upload is measured. Whether it moved.
pub(super) async fn mark_playable(ctx: &Context, id: VideoId) -> Result<bool, JobError> {
    if !item::mark(ctx, id, VideoStatus::Playable).await.context("marking playable")? {
        return Ok(false);
    }
    crate::library::announce::announce(&ctx.queue, id, "published").await;
    let uploaded = videos::get(&ctx.db, id).await.ok().flatten().and_then(|v| v.uploaded_at);
    metrics::histogram!("reel_time_to_playable_seconds").record(secs_since(ctx, uploaded).unwrap_or(0.0));
    Ok(true)
}

/// Seconds from `at` (ms since the epoch) until now.
fn secs_since(ctx: &Context, at: Option<i64>) -> Option<f64> {
    at.map(|at| (ctx.clock().now_ms() - at) as f64 / 1000.0)
}

/// Marks a video failed with a reason a person can read (the job will not be tried again).
pub(super) async fn mark_failed(ctx: &Context, id: VideoId, reason: &str, class: FailureClass) {
    let reason = if reason.is_empty() { "processing failed" } else { reason };
    match item::fail(ctx, id, reason).await {
        Ok(_) => {
            // Its owner reads why on their notifications and "my videos", with a way to try
            // again; its subscribers, told when it became playable, are told nothing more.
            if let Err(e) = reel_base::db::notifications::tell_failure(&ctx.db, id).await {
                tracing::warn!(%id, error = %e, "could not tell the owner their item failed");
            }
            metrics::counter!("reel_videos_failed_total", "reason" => class.as_str()).increment(1);
        }
        Err(e) => tracing::error!(%id, error = %e, "could not mark the video failed"),
    }
}
