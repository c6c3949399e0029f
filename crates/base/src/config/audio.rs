//! `[audio]`: how many of a source's audio streams become renditions, whether surround sound
//! gets a 5.1 rendition beside the stereo one, and the loudness every rendition is brought to.

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
    /// Whether audio is brought to `loudness_target` (an item can opt out on its own).
    pub normalize: bool,
    /// Integrated loudness every audio rendition is brought to, LUFS (EBU R128). −16 suits
    /// streaming to phones and laptops; −23 is broadcast's.
    pub loudness_target: f64,
    /// Highest true peak after the gain, dBTP.
    pub true_peak: f64,
    /// Seconds at the start of a source measured before the transcode starts; a longer source
    /// is measured whole meanwhile, and its audio encoded again if the whole differs.
    pub loudness_window_secs: u32,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self {
            max_tracks: 8,
            surround: false,
            surround_kbps: 384,
            normalize: true,
            loudness_target: -16.0,
            true_peak: -1.0,
            loudness_window_secs: 60,
        }
    }
}

impl AudioConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1..=32).contains(&self.max_tracks) {
            return Some("audio.max_tracks must be between 1 and 32".into());
        }
        if !(64..=1024).contains(&self.surround_kbps) {
            return Some("audio.surround_kbps must be between 64 and 1024".into());
        }
        if !(-40.0..=-5.0).contains(&self.loudness_target) {
            return Some("audio.loudness_target must be between -40 and -5 LUFS".into());
        }
        if !(-9.0..=0.0).contains(&self.true_peak) {
            return Some("audio.true_peak must be between -9 and 0 dBTP".into());
        }
        (!(5..=3600).contains(&self.loudness_window_secs)).then(|| "audio.loudness_window_secs must be between 5 and 3600".into())
    }

    /// The loudness renditions are brought to.
    pub fn target(&self) -> crate::domain::finishing::Target {
        crate::domain::finishing::Target { integrated: self.loudness_target, true_peak: self.true_peak }
    }
}
