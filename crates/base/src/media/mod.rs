//! Media work: probing, validating, planning and running the transcode, packaging. Knows
//! nothing of HTTP or the database; only `process.rs` spawns children.

pub mod audio_tracks;
pub mod captions;
pub mod chunks;
pub mod dropped;
pub mod encrypt;
pub mod filters;
pub mod image;
pub mod ladder;
pub mod loudness;
pub mod mp4;
pub mod music;
pub mod package;
#[cfg(test)]
mod package_props;
pub mod probe;
pub mod process;
pub mod subtitles;
pub mod text_tracks;
pub mod transcode;
pub mod validate;
pub mod watermark;
