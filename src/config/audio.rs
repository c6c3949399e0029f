//! `[audio]`: how many of a source's audio streams become renditions, and whether surround
//! sound gets a 5.1 rendition beside the stereo one.

use serde::{Deserialize, Serialize};

/// How a source's audio streams are made into renditions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AudioConfig {
    /// Most audio streams of one source made into renditions (languages, commentary); the
    /// rest are left out. A film with a dozen dubs is common; each costs one AAC encode.
    pub max_tracks: usize,
    /// Whether a source with 6 or more channels also gets a 5.1 rendition (it always keeps a
    /// stereo one, which every player can play).
    pub surround: bool,
    /// Bitrate of a 5.1 rendition, kbit/s.
    pub surround_kbps: u32,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self { max_tracks: 8, surround: false, surround_kbps: 384 }
    }
}

impl AudioConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1..=32).contains(&self.max_tracks) {
            return Some("audio.max_tracks must be between 1 and 32".into());
        }
        (!(64..=1024).contains(&self.surround_kbps)).then(|| "audio.surround_kbps must be between 64 and 1024".into())
    }
}
