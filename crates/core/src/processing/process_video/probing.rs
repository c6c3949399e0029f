//! What ffprobe finds in the source, checked against `[media]`: kept for the files this
//! process probed last, and its refusals put in words a creator reads.

use std::path::Path;
use std::time::Duration;

use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::media::probe::{self, MediaInfo, ProbeOutput};
use reel_base::media::process::ProcessError;
use reel_base::media::validate;

/// What ffprobe finds in the source, checked against `[media]`.
pub(super) async fn checked_probe(ctx: &Context, source: &Path) -> Result<MediaInfo, JobError> {
    let info = probe(ctx, source).await?;
    validate::validate(&info, &ctx.config.media).map_err(|r| JobError::Permanent(r.message))?;
    Ok(info)
}

/// What ffprobe finds in `source`, from what this process kept when it probed the same file
/// under the same rules; its refusals become reasons a creator reads.
async fn probe(ctx: &Context, source: &Path) -> Result<MediaInfo, JobError> {
    let formats = &ctx.config.media.allowed_formats;
    let file = FileId::of(source, formats);
    if let Some(known) = file.as_ref().and_then(FileId::probed) {
        return Ok(known);
    }
    let limit = Duration::from_secs(ctx.config.media.probe_timeout_secs);
    let args = probe::probe_args(source, formats, ctx.config.media.max_pixels);
    let json = ctx.media.ffprobe(args, limit).await.map_err(|e| match e {
        ProcessError::Failed { stderr, .. } => JobError::Permanent(unreadable(&stderr)),
        ProcessError::Timeout { .. } => JobError::Permanent("the file took too long to read; it may be damaged".into()),
        other => JobError::Retryable(other.into()),
    })?;
    let info = ProbeOutput::parse(&json)
        .ok()
        .and_then(|p| p.media_info())
        .ok_or_else(|| JobError::Permanent("the file is not a video or audio file this site can read".into()))?;
    if let Some(file) = file {
        file.remember(&info);
    }
    Ok(info)
}

/// What ffprobe found in the files this process probed last, by the file's identity. The
/// parts of a chunked item that start on the host where it was cut read its original in
/// place, and find it here: the first chunk starts without probing the file again (a tenth of
/// a second for the index of a 2 GB file, on the way to the first segment).
static PROBED: std::sync::Mutex<std::collections::VecDeque<(FileId, MediaInfo)>> = std::sync::Mutex::new(std::collections::VecDeque::new());

/// How many files' probes [`PROBED`] keeps.
const PROBES_KEPT: usize = 16;

/// A file as it is now, and the demuxers it was probed with: a file written again, or probed
/// under other rules, is another.
#[derive(Debug, PartialEq)]
struct FileId {
    path: std::path::PathBuf,
    len: u64,
    modified: std::time::SystemTime,
    formats: Vec<String>,
}

impl FileId {
    fn of(path: &Path, formats: &[String]) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self { path: path.to_path_buf(), len: meta.len(), modified: meta.modified().ok()?, formats: formats.to_vec() })
    }

    fn probed(&self) -> Option<MediaInfo> {
        let kept = PROBED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(file, _)| file == self).map(|(_, info)| info.clone())
    }

    fn remember(self, info: &MediaInfo) {
        let mut kept = PROBED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|(file, _)| file.path != self.path);
        kept.push_back((self, info.clone()));
        while kept.len() > PROBES_KEPT {
            kept.pop_front();
        }
    }
}

/// A readable reason from ffprobe's stderr, with our file paths taken out.
fn unreadable(stderr: &str) -> String {
    // ffprobe is not let decode a picture larger than `media.max_pixels` (`probe_args`).
    if let Some(size) = stderr.split("Picture size ").nth(1).and_then(|rest| rest.split_once(" exceeds specified max pixel count")) {
        let limit = size.1.split_whitespace().next().unwrap_or("").trim_end_matches(',');
        return format!("the video is {}, over the {limit} pixels a frame may have", size.0);
    }
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let detail = last.rsplit(": ").next().unwrap_or("").trim();
    // ffprobe's words for the two usual cases, in a creator's.
    let detail = match detail {
        "Invalid argument" => "its format is not one this site accepts",
        "Invalid data found when processing input" => "its contents are damaged, or are not video or audio",
        other => other,
    };
    if detail.is_empty() || detail.contains('/') {
        "the file is not a video or audio file this site can read".into()
    } else {
        format!("the file is not a video or audio file this site can read ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_again_or_probed_under_other_rules_is_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("source");
        std::fs::write(&path, b"one").unwrap();
        let mov = ["mov".to_string()];
        let first = FileId::of(&path, &mov).unwrap();
        assert_eq!(FileId::of(&path, &mov), Some(FileId::of(&path, &mov).unwrap()));
        assert_ne!(FileId::of(&path, &["matroska".to_string()]), Some(FileId::of(&path, &mov).unwrap()));
        std::fs::write(&path, b"other").unwrap();
        assert_ne!(FileId::of(&path, &mov).unwrap(), first);
        assert_eq!(FileId::of(&dir.path().join("missing"), &mov), None);
    }

    #[test]
    fn ffprobe_errors_become_reasons_without_paths() {
        assert_eq!(
            unreadable("file:/data/scratch/x/source: Invalid data found when processing input"),
            "the file is not a video or audio file this site can read (its contents are damaged, or are not video or audio)"
        );
        assert_eq!(
            unreadable("file:/data/x/source: Invalid argument"),
            "the file is not a video or audio file this site can read (its format is not one this site accepts)"
        );
        assert_eq!(unreadable("moov atom not found"), "the file is not a video or audio file this site can read (moov atom not found)");
        assert_eq!(unreadable(""), "the file is not a video or audio file this site can read");
        let too_big =
            "[h264 @ 0x1] [IMGUTILS @ 0x2] Picture size 8192x4608 exceeds specified max pixel count 33177600, see the documentation\n\
                       [h264 @ 0x1] get_buffer() failed";
        assert_eq!(unreadable(too_big), "the video is 8192x4608, over the 33177600 pixels a frame may have");
    }
}
