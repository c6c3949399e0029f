//! The audio side of a plan: which streams become tracks, their renditions, and the filters
//! their samples pass before the encoders.

use crate::config::Config;
use crate::domain::Language;
use crate::media::audio_tracks::AudioTrack;
use crate::media::probe::{AudioStream, MediaInfo};

/// Rendition name of the first audio track's stereo rendition.
pub const AUDIO: &str = "audio";
/// Rendition name of the lower audio rung of an audio-only asset.
pub const AUDIO_LOW: &str = "audio-low";
/// Channels of a surround rendition (5.1).
const SURROUND_CHANNELS: u32 = 6;

/// The audio side of a plan: one track per audio stream of the source that is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioPlan {
    /// The tracks, in the source's order.
    pub tracks: Vec<AudioTrackPlan>,
}

/// One audio stream of the source and the renditions made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioTrackPlan {
    /// Input stream index.
    pub stream: u32,
    /// What the track is, as the index will list it.
    pub meta: AudioTrack,
    /// Its renditions, stereo first.
    pub renditions: Vec<AudioOut>,
    /// The loudness correction applied before the renditions are encoded, if any.
    pub filter: Option<String>,
}

/// One audio rendition to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioOut {
    /// Rendition name.
    pub name: String,
    /// AAC bitrate, kbit/s.
    pub kbps: u32,
    /// Output channels: 2, or 6 for 5.1.
    pub channels: u32,
}

/// Samples of silence the AAC encoder puts before the first one it was given (its priming).
const AAC_PRIMING_SAMPLES: u32 = 1024;

/// The audio's timeline, made to start where the picture does: padded with silence from the
/// source's start (a track that starts late), then its first samples as many as the encoder's
/// priming left out, so the first packet, priming and all, is at 0 rather than before it. A
/// packet before 0 would have the muxer move every stream later by as much, the picture 21 ms
/// after the sound, which players read as a hole at the start; and players of fragmented MP4
/// play the priming as sound, so what follows it is in step with the picture only if as much
/// of the source was left out.
fn aligned_from_zero() -> String {
    format!("aresample=48000:async=1:first_pts=0,atrim=start_sample={AAC_PRIMING_SAMPLES}")
}

impl AudioTrackPlan {
    /// The filters the track's samples pass before its renditions' encoders: aligned to the
    /// picture (see [`aligned_from_zero`]), then the loudness correction, if any.
    pub(super) fn chain(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(aligned_from_zero()).chain(self.filter.iter().cloned())
    }
}

impl AudioPlan {
    /// Every rendition with the position of its track, in output order.
    pub fn outputs(&self) -> impl Iterator<Item = (usize, &AudioTrackPlan, &AudioOut)> {
        self.tracks.iter().enumerate().flat_map(|(n, t)| t.renditions.iter().map(move |out| (n, t, out)))
    }

    /// The track players start with.
    pub fn main(&self) -> &AudioTrackPlan {
        self.tracks.iter().find(|t| t.meta.default).unwrap_or(&self.tracks[0])
    }
}

/// The audio tracks of a plan: every audio stream of a video source up to
/// `[audio] max_tracks`, each with a stereo rendition and, for surround sources where
/// configured, a 5.1 one; an audio-only source's main stream, with a lower rung for poor
/// connections (its variants are its audio renditions, so it has one track).
pub(super) fn audio_plan(info: &MediaInfo, audio_only: bool, config: &Config) -> Option<AudioPlan> {
    let streams: Vec<&AudioStream> =
        if audio_only { info.main_audio().into_iter().collect() } else { info.audio.iter().take(config.audio.max_tracks).collect() };
    let default = streams.iter().position(|a| a.default).unwrap_or(0);
    let kbps = config.media.audio_kbps;
    let tracks: Vec<AudioTrackPlan> = streams
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let base = if n == 0 { AUDIO.to_string() } else { format!("{AUDIO}-{}", n + 1) };
            let mut renditions = vec![AudioOut { name: base.clone(), kbps, channels: 2 }];
            if audio_only {
                renditions.push(AudioOut { name: AUDIO_LOW.to_string(), kbps: (kbps / 2).max(32), channels: 2 });
            } else if config.audio.surround && a.channels >= SURROUND_CHANNELS {
                renditions.push(AudioOut { name: format!("{base}-51"), kbps: config.audio.surround_kbps, channels: SURROUND_CHANNELS });
            }
            let language = a.language.as_deref().and_then(Language::from_stream_tag);
            let meta = AudioTrack::from_tags(language, a.title.as_deref(), n, n == default);
            AudioTrackPlan { stream: a.index, meta, renditions, filter: None }
        })
        .collect();
    (!tracks.is_empty()).then_some(AudioPlan { tracks })
}
