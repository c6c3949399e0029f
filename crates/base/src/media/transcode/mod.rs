//! The single-pass transcode: a plan from the probe, the one ffmpeg command line that makes
//! every rung, poster and storyboard from one decode, and readers for what ffmpeg reports.

mod args;
mod audio;
mod command;
mod download;
mod plan;
mod poster;
mod progress;
mod storyboard;
#[cfg(test)]
mod tests;

pub use audio::{AudioOut, AudioPlan, AudioTrackPlan, AUDIO, AUDIO_LOW};
pub use download::download_args;
pub use plan::{TranscodePlan, VideoPlan};
pub use poster::poster_args;
pub use progress::{parse_progress_line, parse_variant_playlist, VariantProgress};
pub use storyboard::{keyframe_storyboard_args, storyboard_args, Storyboard, STORYBOARD_COLUMNS};
