//! The library: what a channel publishes and how it is described. The one writer of an item's
//! row, status and package index (`item`); an item's listing and edits (`videos`); the
//! catalogue of films, series and music (`catalogue`); collections, text tracks (`captions`,
//! `chapters`), audio tracks, the channel's watermark and the check of its pictures; when and
//! where an item may be watched (`availability`); and the news of an item's first appearance
//! (`announce`), which the audience tells subscribers of.
//! It stands on auth and the platform alone.

pub mod announce;
pub mod audio_tracks;
pub mod availability;
pub mod captions;
pub mod catalogue;
pub mod chapters;
pub mod collections;
pub mod item;
#[cfg(test)]
mod item_writers;
pub mod pictures;
pub mod sharing;
pub mod videos;
pub mod watermark;
