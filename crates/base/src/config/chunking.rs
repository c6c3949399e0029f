//! `[chunking]`: when one source is cut into chunks that any worker may encode, how long the
//! chunks are, and whether a source that is not chunked starts with a short segment.

use serde::{Deserialize, Serialize};

/// The chunking settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChunkingConfig {
    /// Sources at least this long (seconds) are chunked; shorter ones are encoded by one
    /// process. 0 turns chunking off.
    pub min_duration_s: u32,
    /// The longest chunk, in seconds: a whole multiple of `media.segment_secs`. Chunks are
    /// shorter when the source is short for the number of workers.
    pub chunk_s: u32,
    /// How many workers (over every process and host) usually take jobs: a source is cut into
    /// at least twice as many chunks where `chunk_s` allows, so none stands idle.
    pub workers: u32,
    /// A source not chunked has its first second encoded on its own, beside the audio, then
    /// the rest in one process: a short first segment, so the item is playable after one short
    /// encode. False: one process encodes it all, its first segment as long as the others.
    pub quick_start: bool,
}

impl Default for ChunkingConfig {
    fn default() -> Self {
        Self { min_duration_s: 120, chunk_s: 60, workers: 2, quick_start: true }
    }
}

impl ChunkingConfig {
    /// What is wrong with these settings for segments of `segment_secs`, if anything.
    pub fn problem(&self, segment_secs: u32) -> Option<String> {
        if self.chunk_s == 0 || !self.chunk_s.is_multiple_of(segment_secs) {
            return Some(format!("chunking.chunk_s must be a positive multiple of media.segment_secs ({segment_secs})"));
        }
        if self.workers == 0 || self.workers > 1024 {
            return Some("chunking.workers must be from 1 to 1024".into());
        }
        None
    }
}
