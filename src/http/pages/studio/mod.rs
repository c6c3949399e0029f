//! The creator's pages: uploading, "my videos", editing an item and its captions, chapters and
//! sound tracks, sharing it, and its analytics.

pub mod analytics;
pub mod audio_tracks;
pub mod captions;
pub mod chapters;
pub mod edit_form;
pub mod items;
pub mod sharing;
