//! Reading an uploaded picture in the jobs that make Reel's own from it (an avatar, a channel's
//! logo, the site's logo): ffprobe with image demuxers only and the checks of `media::image`,
//! then one ffmpeg conversion, each with its heap bounded (`image::PICTURE_MEMORY_BYTES`). A
//! file that cannot be read fails for good: it will not change.
//! An account's pictures are made from their uploads the same way ([`make`], [`refused`]).

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;

use reel_base::db::users::{self, Picture};
use reel_base::domain::UserId;
use reel_base::media::image::{self, ImageInfo};
use reel_base::media::probe::ProbeOutput;
use reel_base::media::process::{self, ProcessError};
use reel_base::storage::{StorageError, StorageKey};

use crate::platform::jobs::scratch::Scratch;
use crate::platform::jobs::JobError;
use crate::platform::Context;

/// How long reading or converting one image may take.
const IMAGE_SECS: u64 = 30;

const UNREADABLE: &str = "the file is not an image this site can read";

fn unreadable(e: ProcessError) -> JobError {
    if process::is_out_of_memory(&e) {
        return JobError::Permanent("the image needs more memory to read than this site allows a picture".into());
    }
    match e {
        ProcessError::Failed { .. } | ProcessError::Timeout { .. } => JobError::Permanent(UNREADABLE.into()),
        other => JobError::Retryable(other.into()),
    }
}

/// What the picture at `input` is, or why it cannot be used.
pub(crate) async fn read(ctx: &Context, input: &Path) -> Result<ImageInfo, JobError> {
    let limit = Duration::from_secs(IMAGE_SECS);
    let json = ctx.media.ffprobe_bounded(image::probe_args(input), limit, image::PICTURE_MEMORY_BYTES).await.map_err(unreadable)?;
    let probe = ProbeOutput::parse(&json).map_err(|_| JobError::Permanent(UNREADABLE.into()))?;
    image::check(&probe).map_err(|e| JobError::Permanent(e.0))
}

/// Makes Reel's picture with `args` (an ffmpeg command line from `media`).
pub(crate) async fn convert(ctx: &Context, args: Vec<OsString>) -> Result<(), JobError> {
    ctx.media.ffmpeg_bounded(args, Duration::from_secs(IMAGE_SECS), image::PICTURE_MEMORY_BYTES).await.map_err(unreadable)
}

/// One kind of account picture Reel makes from an upload (an avatar, a channel's logo): where
/// the upload waits and the result goes, and how it is made.
pub(crate) struct PictureKind {
    /// Which of the account's pictures.
    pub picture: Picture,
    /// The upload's key for an account and version.
    pub upload: fn(UserId, &str) -> StorageKey,
    /// The made picture's key for an account and version.
    pub made: fn(UserId, &str) -> StorageKey,
    /// The made file's name in scratch space.
    pub file: &'static str,
    /// The ffmpeg arguments that make it.
    pub args: fn(&Path, &ImageInfo, &Path) -> Vec<OsString>,
    /// What the logs call it.
    pub what: &'static str,
}

/// Makes `user`'s picture `version` from its upload, puts it in (removing the one it
/// replaces) and removes the upload. Done again after a crash, it finds the upload gone and
/// stops.
pub(crate) async fn make(ctx: &Context, kind: &PictureKind, user: UserId, version: &str) -> Result<(), JobError> {
    let upload = (kind.upload)(user, version);
    let scratch = Scratch::create(&ctx.config, format!("{}-{user}", kind.what)).await.context("making scratch space")?;
    let (input, output) = (scratch.path.join("upload"), scratch.path.join(kind.file));
    match ctx.store.download_to_file(&upload, &input).await {
        Ok(_) => {}
        Err(StorageError::NotFound(_)) => return Ok(()),
        Err(e) => return Err(JobError::Retryable(e.into())),
    }
    let info = read(ctx, &input).await?;
    convert(ctx, (kind.args)(&input, &info, &output)).await?;
    ctx.store.put_file(&(kind.made)(user, version), &output).await.with_context(|| format!("storing the {}", kind.what))?;
    let replaced =
        users::set_picture(&ctx.db, user, kind.picture, Some(version)).await.with_context(|| format!("recording the {}", kind.what))?;
    if let Some(old) = replaced.filter(|old| old != version) {
        ctx.store.delete(&(kind.made)(user, &old)).await.with_context(|| format!("removing the old {}", kind.what))?;
    }
    ctx.store.delete(&upload).await.context("removing the upload")?;
    tracing::info!(%user, width = info.width, height = info.height, "{} made", kind.what);
    Ok(())
}

/// After the last attempt: the upload goes (it is never used), and why is kept on the account
/// for its owner to read; the picture in place stays.
pub(crate) async fn refused(ctx: &Context, kind: &PictureKind, user: UserId, version: &str, reason: &str) {
    let _ = ctx.store.delete(&(kind.upload)(user, version)).await;
    if let Err(e) = users::set_picture_error(&ctx.db, user, kind.picture, reason).await {
        tracing::error!(%user, error = %e, "could not record why the {} was refused", kind.what);
    }
}
