//! Processing: everything a worker makes from an upload. An item's transcode (whole, chunked
//! across workers, or its first second apart), reprocessing and remade rungs, an item
//! processed again or deleted at a person's asking (`again`, `purge`), and the pictures Reel
//! makes from uploaded ones (avatars, logos). It stands above the library, ops and delivery
//! and names nothing of ingest or the audience.

pub mod again;
pub mod avatar;
pub mod images;
pub mod process_video;
pub mod purge;
pub mod watermark;

use crate::platform::jobs::Registry;

/// Adds processing's job kinds to `registry`.
pub fn register(registry: Registry) -> Registry {
    registry
        .register::<process_video::ProcessVideo>()
        .register::<process_video::chunked::ProcessChunk>()
        .register::<process_video::chunked::ProcessAudio>()
        .register::<process_video::chunked::FinishChunks>()
        .register::<crate::ops::lifecycle::rungs::RemakeRungs>()
        .register::<process_video::reprocess::ReprocessVideo>()
        .register::<process_video::reprocess::RetireRenditions>()
        .register::<purge::PurgeDeleted>()
        .register::<avatar::ProcessAvatar>()
        .register::<crate::library::watermark::ProcessWatermark>()
}
