//! `[captions]`: how big a caption or subtitle file may be, and how many an item may have.

use serde::{Deserialize, Serialize};

/// Limits on text tracks, uploaded or extracted from an item's own file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaptionsConfig {
    /// Largest caption file accepted, in bytes (a feature film's subtitles are ~100 KiB).
    pub max_bytes: usize,
    /// Most cues in one file (a feature film has ~2,000).
    pub max_cues: usize,
    /// Most text tracks one item may have; streams of the file past this are not extracted.
    pub max_tracks: usize,
}

impl Default for CaptionsConfig {
    fn default() -> Self {
        Self { max_bytes: 1 << 20, max_cues: 20_000, max_tracks: 32 }
    }
}

impl CaptionsConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        (self.max_bytes == 0 || self.max_cues == 0 || self.max_tracks == 0)
            .then(|| "captions.max_bytes, captions.max_cues and captions.max_tracks must be ≥ 1".to_string())
    }
}
