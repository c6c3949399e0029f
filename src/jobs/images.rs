//! Reading an uploaded picture in the jobs that make Reel's own from it (an avatar, a channel's
//! logo, the site's logo): ffprobe with image demuxers only and the checks of `media::image`,
//! then one ffmpeg conversion. A file that cannot be read fails for good: it will not change.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use crate::media::image::{self, ImageInfo};
use crate::media::probe::ProbeOutput;
use crate::media::process::ProcessError;

use super::{JobContext, JobError};

/// How long reading or converting one image may take.
const IMAGE_SECS: u64 = 30;

const UNREADABLE: &str = "the file is not an image Reel can read";

fn unreadable(e: ProcessError) -> JobError {
    match e {
        ProcessError::Failed { .. } | ProcessError::Timeout { .. } => JobError::Permanent(UNREADABLE.into()),
        other => JobError::Retryable(other.into()),
    }
}

/// What the picture at `input` is, or why it cannot be used.
pub(crate) async fn read(ctx: &JobContext, input: &Path) -> Result<ImageInfo, JobError> {
    let json = ctx.media.ffprobe(image::probe_args(input), Duration::from_secs(IMAGE_SECS)).await.map_err(unreadable)?;
    let probe = ProbeOutput::parse(&json).map_err(|_| JobError::Permanent(UNREADABLE.into()))?;
    image::check(&probe).map_err(|e| JobError::Permanent(e.0))
}

/// Makes Reel's picture with `args` (an ffmpeg command line from `media`).
pub(crate) async fn convert(ctx: &JobContext, args: Vec<OsString>) -> Result<(), JobError> {
    ctx.media.ffmpeg(args, Duration::from_secs(IMAGE_SECS), |_| {}).await.map_err(unreadable)
}
