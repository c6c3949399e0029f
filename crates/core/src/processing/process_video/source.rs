//! The original as a local file for ffmpeg: in place on a local store, else fetched (and an
//! archived one restored first), and why one a lifecycle rule removed cannot be used again.

use std::path::Path;

use anyhow::Context as _;

use super::probing::checked_probe;
use crate::platform::jobs::scratch::Scratch;
use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::domain::VideoId;
use reel_base::media::probe::MediaInfo;
use reel_base::storage::{StorageError, StorageKey};

/// A scratch folder, the original as a local file in or beside it, and what ffprobe found in
/// it, checked against `[media]`.
pub(super) async fn open_source(ctx: &Context, id: VideoId) -> Result<(Scratch, std::path::PathBuf, MediaInfo), JobError> {
    let scratch = Scratch::create(&ctx.config, id).await.context("creating scratch space")?;
    let source = source_file(ctx, id, &scratch).await?;
    let info = checked_probe(ctx, &source).await?;
    Ok((scratch, source, info))
}

/// The original as a local file for ffmpeg: in place on a local store (no copy of a large
/// file), else fetched into scratch.
async fn source_file(ctx: &Context, id: VideoId, scratch: &Scratch) -> Result<std::path::PathBuf, JobError> {
    if let Some(path) = ctx.store.local_path(&StorageKey::source(id)).filter(|p| p.is_file()) {
        return Ok(path);
    }
    let copy = scratch.path.join("source");
    fetch_source(ctx, id, &copy).await?;
    Ok(copy)
}

/// The original as a local file that every part of a chunked item on this host reads: in place
/// on a local store, else fetched once per host (see [`scratch::shared_file`]).
pub(super) async fn shared_source(ctx: &Context, id: VideoId) -> Result<std::path::PathBuf, JobError> {
    if let Some(path) = ctx.store.local_path(&StorageKey::source(id)).filter(|p| p.is_file()) {
        return Ok(path);
    }
    crate::platform::jobs::scratch::shared_file(&ctx.config.data_dir, &format!("source-{id}"), async |to: &Path| {
        fetch_source(ctx, id, to).await
    })
    .await
}

/// Fetches the original from the store into `to`. An archived original queues its restore and
/// the job is tried again later.
async fn fetch_source(ctx: &Context, id: VideoId, to: &Path) -> Result<(), JobError> {
    match ctx.store.download_to_file(&StorageKey::source(id), to).await {
        Err(StorageError::NotFound(_)) => Err(JobError::Permanent("the uploaded file is missing".into())),
        Err(StorageError::Archived(_)) => {
            // Tried again with backoff; meanwhile the restore brings the original back.
            crate::ops::lifecycle::restore::request(&ctx.queue, &ctx.config, id).await.context("queueing the original's restore")?;
            Err(JobError::Retryable(anyhow::anyhow!("the original is archived; its restore is under way")))
        }
        other => {
            other.context("fetching the source")?;
            Ok(())
        }
    }
}

/// Why an item whose original a lifecycle rule removed cannot be transcoded again, if it was.
pub(super) async fn original_removed(ctx: &Context, id: VideoId) -> Result<Option<String>, JobError> {
    let marks = reel_base::db::storage::lifecycle_marks(&ctx.db, id).await.context("reading the lifecycle marks")?;
    Ok(marks.and_then(|(_, at)| at).map(|at| {
        let when = reel_base::domain::rfc3339(at);
        format!("the original file was removed by the storage lifecycle rule on {when}; this item cannot be transcoded again")
    }))
}
