//! The library: what a channel publishes and how it is described. The one writer of an item's
//! row, status and package index (`item`); an item's listing, edits and deletion (`videos`);
//! the catalogue of films, series and music (`catalogue`); collections, text tracks
//! (`captions`, `chapters`), audio tracks and the channel's watermark.

pub mod announce;
pub mod audio_tracks;
pub mod captions;
pub mod catalogue;
pub mod chapters;
pub mod collections;
pub mod item;
pub mod pictures;
pub mod videos;
pub mod watermark;
