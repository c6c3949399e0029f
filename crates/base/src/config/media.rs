//! `[media]` and `[[ladder.rung]]`: ffmpeg and ffprobe, the limits a source must meet, the
//! encoder's settings and the ladder of rungs it encodes.

use serde::{Deserialize, Serialize};

/// ffmpeg/ffprobe, the limits a source must meet, and encoder settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaConfig {
    /// Path or name of the ffmpeg binary.
    pub ffmpeg: String,
    /// Path or name of the ffprobe binary.
    pub ffprobe: String,
    /// Wall-clock limit for one ffprobe call, in seconds.
    pub probe_timeout_secs: u64,
    /// Wall-clock limit for one transcode, in seconds.
    pub transcode_timeout_secs: u64,
    /// At most this many ffprobe/ffmpeg children at once in this process.
    pub max_processes: usize,
    /// Longest accepted source, in seconds.
    pub max_duration_secs: f64,
    /// Widest accepted source, in pixels.
    pub max_width: u32,
    /// Tallest accepted source, in pixels.
    pub max_height: u32,
    /// Largest accepted frame area (width × height).
    pub max_pixels: u64,
    /// ffmpeg demuxers a source may be opened with (`mov` covers MP4/MOV/M4A, F4V and 3GP/3G2,
    /// `matroska` WebM, `mpegts` AVCHD's 192-byte packets, `mpeg` DVD VOBs, `asf` WMV/WMA).
    pub allowed_formats: Vec<String>,
    /// libx264 preset for every rung.
    pub x264_preset: String,
    /// Segment length, in seconds (a whole multiple of `gop_secs`).
    pub segment_secs: u32,
    /// Keyframe interval, in seconds; GOPs are closed and aligned across rungs.
    pub gop_secs: u32,
    /// Seconds between two storyboard tiles.
    pub storyboard_interval_secs: u32,
    /// Width of one storyboard tile, in pixels.
    pub storyboard_tile_width: u32,
    /// AAC bitrate of the shared audio rendition, in kbit/s.
    pub audio_kbps: u32,
    /// x264 constant rate factor; each rung's bitrate is capped at its `video_kbps`.
    pub crf: u32,
    /// Threads each x264 encoder uses; 0 lets ffmpeg choose (about 1.5 per core). A worker
    /// limited to one core runs best with 1.
    pub encoder_threads: u32,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            ffmpeg: "ffmpeg".into(),
            ffprobe: "ffprobe".into(),
            probe_timeout_secs: 30,
            transcode_timeout_secs: 6 * 3600,
            max_processes: 4,
            max_duration_secs: 6.0 * 3600.0,
            max_width: 7680,
            max_height: 4320,
            max_pixels: 7680 * 4320,
            allowed_formats: [
                "mov", "matroska", "avi", "mpegts", "mpeg", "flv", "ogg", "asf", "dv", "mxf", "nut", "wav", "mp3", "aac", "flac",
            ]
            .map(String::from)
            .to_vec(),
            x264_preset: "veryfast".into(),
            segment_secs: 4,
            gop_secs: 2,
            storyboard_interval_secs: 5,
            storyboard_tile_width: 160,
            audio_kbps: 128,
            crf: 23,
            encoder_threads: 0,
        }
    }
}

/// The adaptive ladder: `[[ladder.rung]]` entries, highest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LadderConfig {
    /// The rungs a source may be encoded to; rungs above the source are dropped.
    pub rung: Vec<RungConfig>,
}

/// One rung of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RungConfig {
    /// Rendition name used in storage keys and URLs, e.g. `720p`.
    pub name: String,
    /// Height of a landscape output (the short side), in pixels.
    pub height: u32,
    /// Peak video bitrate, in kbit/s.
    pub video_kbps: u32,
}

impl Default for LadderConfig {
    fn default() -> Self {
        let rung = |name: &str, height, video_kbps| RungConfig { name: name.into(), height, video_kbps };
        Self { rung: vec![rung("1080p", 1080, 5000), rung("720p", 720, 2800), rung("540p", 540, 1400), rung("360p", 360, 800)] }
    }
}

impl MediaConfig {
    /// What is wrong with these settings and the `ladder` encoded with them, if anything.
    pub fn problem(&self, ladder: &LadderConfig) -> Option<String> {
        if self.gop_secs == 0 || self.segment_secs == 0 || !self.segment_secs.is_multiple_of(self.gop_secs) {
            return Some("media.segment_secs must be a positive multiple of media.gop_secs".into());
        }
        if ladder.rung.is_empty() {
            return Some("ladder.rung needs at least one rung".into());
        }
        for r in &ladder.rung {
            if r.height < 16 || r.video_kbps == 0 || !crate::domain::is_safe_name(&r.name) {
                return Some(format!("ladder rung {:?} needs a plain name, height ≥ 16 and a bitrate", r.name));
            }
        }
        if self.encoder_threads > 64 {
            return Some("media.encoder_threads must be from 0 (ffmpeg's choice) to 64".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn segment_length_must_be_a_multiple_of_the_gop() {
        let mut c = Config::default();
        c.media.segment_secs = 5;
        assert!(c.validate().is_err());
    }
}
