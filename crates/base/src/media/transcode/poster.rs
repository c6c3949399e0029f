//! The poster: one representative frame of the first ones, made beside the transcode or as a
//! branch of a chunk's decode.

use std::ffi::OsString;

use super::args::Args;
use super::TranscodePlan;
use crate::media::filters;
use crate::media::probe::file_url;

/// The poster: the most representative of the first 30 frames, made by a small ffmpeg run
/// beside the transcode so it exists within a second, long before the first segment.
pub fn poster_args(plan: &TranscodePlan) -> Option<Vec<OsString>> {
    let v = plan.video.as_ref().filter(|_| plan.images)?;
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-protocol_whitelist", "file", "-f", &plan.demuxer, "-i"]);
    a.push(file_url(&plan.input));
    let (w, h) = v.poster;
    let before: String = filters::prepare(&v.picture).into_iter().map(|f| f + ",").collect();
    a.push_all(["-map".to_string(), format!("0:{}", v.stream), "-vf".into(), format!("{before}{POSTER_PICK},scale=w={w}:h={h},setsar=1")]);
    a.push_all(POSTER_OUTPUT);
    a.push(plan.poster_path());
    Some(a.0)
}

/// The poster's frame: the most representative of the first 30.
pub(super) const POSTER_PICK: &str = "thumbnail=n=30";

/// The poster's output: one JPEG, never seen half-written.
pub(super) const POSTER_OUTPUT: [&str; 10] = ["-frames:v", "1", "-q:v", "3", "-f", "image2", "-update", "1", "-atomic_writing", "1"];
