//! The `process_video` job (`job.rs`): source (`source.rs`) → probe and validate
//! (`probing.rs`) → one-pass transcode (`encode.rs`), publishing each segment as ffmpeg
//! finishes it (`publish.rs`) → download and storyboard (`outputs.rs`) → package index →
//! ready (`status.rs`); or, for a long source, cut into chunks any worker encodes
//! (`chunked/`). `remake.rs` makes again the rungs a lifecycle rule dropped;
//! `reprocess.rs` transcodes a ready item again beside the renditions it plays.

pub mod chunked;
mod encode;
mod give_way;
mod inputs;
mod job;
mod loudness;
mod outputs;
mod probing;
mod publish;
pub mod remake;
pub mod reprocess;
mod source;
mod status;
mod text;

pub use job::{try_again, ProcessVideo};
