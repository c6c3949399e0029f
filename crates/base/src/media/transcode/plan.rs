//! The plan: everything one ffmpeg run is asked to make for a source, chosen from its probe
//! and the configuration, and the narrower plans made from it (a chunk, the audio alone, the
//! rungs a lifecycle rule dropped, a later generation).

use std::path::{Path, PathBuf};

use super::audio::{audio_plan, AudioPlan};
use super::storyboard::Storyboard;
use crate::config::Config;
use crate::domain::finishing::Target;
use crate::media::audio_tracks::Loudness;
use crate::media::chunks::{Cut, FrameRate, Span};
use crate::media::ladder::{self, Rung};
use crate::media::loudness::Measured;
use crate::media::probe::{MediaInfo, Picture};
use crate::media::watermark::Watermark;

/// Highest frame rate we encode; faster sources are halved until they fit.
const MAX_FPS: f64 = 60.0;
/// Frame rate used when the source does not state one.
const FALLBACK_FPS: f64 = 30.0;
/// The poster's short side is at most this large.
const POSTER_SHORT_SIDE: u32 = 720;

/// Everything ffmpeg will be asked to make for one source.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscodePlan {
    /// The local source file.
    pub input: PathBuf,
    /// Demuxer pinned for the input.
    pub demuxer: String,
    /// Folder ffmpeg writes into.
    pub out_dir: PathBuf,
    /// Video outputs, unless the source has no video.
    pub video: Option<VideoPlan>,
    /// Audio renditions, unless the source is silent.
    pub audio: Option<AudioPlan>,
    /// The cover picture's stream of an audio source, which becomes its poster.
    pub cover: Option<u32>,
    /// Source duration, for progress.
    pub duration_s: f64,
    /// Segment length in seconds.
    pub segment_secs: u32,
    /// Keyframe interval in seconds.
    pub gop_secs: u32,
    /// x264 preset.
    pub preset: String,
    /// x264 CRF.
    pub crf: u32,
    /// Threads per video encoder (0: ffmpeg's choice).
    pub encoder_threads: u32,
    /// Whether the poster and storyboard are made too (not when only rungs are made again).
    pub images: bool,
    /// Which transcode of the item this is: 0 for the first, then one more for each time it is
    /// transcoded again, whose renditions get new names (see [`TranscodePlan::generation`]).
    pub generation: u32,
    /// The logo burned into every video rung (and so into the download made from one).
    pub watermark: Option<Watermark>,
    /// The one chunk of the source this plan encodes, if it encodes one.
    pub cut: Option<Cut>,
    /// Whether the run makes the poster itself, from the frames it decodes anyway (a chunk's
    /// plan; otherwise [`poster_args`](super::poster_args) makes it beside the run).
    pub poster_in_run: bool,
}

/// The video side of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoPlan {
    /// Input stream index.
    pub stream: u32,
    /// Rungs, highest first.
    pub rungs: Vec<Rung>,
    /// Output frame rate.
    pub fps: f64,
    /// Whether the frame rate is changed (too fast, or unknown).
    pub convert_fps: bool,
    /// Poster size.
    pub poster: (u32, u32),
    /// Storyboard layout.
    pub storyboard: Storyboard,
    /// How the source's pictures are stored (interlaced, HDR, full range).
    pub picture: Picture,
}

impl TranscodePlan {
    /// Plans the outputs for a validated source.
    pub fn new(info: &MediaInfo, input: &Path, out_dir: &Path, config: &Config) -> Self {
        let m = &config.media;
        let duration_s = info.duration_s.unwrap_or(0.0);
        let video = info.video.as_ref().map(|v| {
            let rungs = ladder::choose(v, &config.ladder.rung);
            let (fps, convert_fps) = match v.fps {
                Some(mut f) if f > MAX_FPS => {
                    while f > MAX_FPS {
                        f /= 2.0;
                    }
                    (f, true)
                }
                Some(f) => (f, false),
                None => (FALLBACK_FPS, true),
            };
            let top = &rungs[0];
            let poster = rungs.iter().find(|r| r.width.min(r.height) <= POSTER_SHORT_SIDE).unwrap_or(top);
            let poster = (poster.width, poster.height);
            let storyboard = Storyboard::new(duration_s, (top.width, top.height), m.storyboard_interval_secs, m.storyboard_tile_width);
            VideoPlan { stream: v.index, rungs, fps, convert_fps, poster, storyboard, picture: v.picture.clone() }
        });
        let audio = audio_plan(info, video.is_none(), config);
        Self {
            input: input.to_path_buf(),
            demuxer: info.demuxer.clone(),
            out_dir: out_dir.to_path_buf(),
            video,
            audio,
            cover: info.cover,
            duration_s,
            segment_secs: m.segment_secs,
            gop_secs: m.gop_secs,
            preset: m.x264_preset.clone(),
            crf: m.crf,
            encoder_threads: m.encoder_threads,
            images: true,
            generation: 0,
            watermark: None,
            cut: None,
            poster_in_run: false,
        }
    }

    /// The plan for one chunk of the video: its frames on the rate's exact grid, every rung,
    /// no audio (encoded once for the whole item) and no images. Its output starts at time 0;
    /// the segments are moved onto the item's timeline when they are stored.
    pub fn chunk(mut self, rate: FrameRate, span: Span) -> Self {
        self.audio = None;
        self.cover = None;
        self.images = false;
        self.cut = Some(Cut { rate, span, seek: crate::media::chunks::seeks_to_keyframes(&self.demuxer) });
        self
    }

    /// The plan for the item's audio alone, its renditions named as in the whole plan.
    pub fn audio_part(mut self) -> Self {
        self.video = None;
        self.cover = None;
        self.images = false;
        self.watermark = None;
        self
    }

    /// The chunk's plan that makes the poster too, from the most representative of its first
    /// 30 frames (the first chunk's: those [`poster_args`](super::poster_args) looks at), as one more branch of its
    /// decode rather than a second decode beside it.
    pub fn with_poster(mut self) -> Self {
        self.poster_in_run = self.video.is_some();
        self
    }

    /// Whether a run of this plan (or [`poster_args`](super::poster_args) beside it) makes a poster.
    pub fn makes_poster(&self) -> bool {
        (self.video.is_some() || self.cover.is_some()) && (self.images || self.poster_in_run)
    }

    /// The plan with `watermark` burned into every video rung (an audio source has none).
    pub fn watermarked(mut self, watermark: Option<Watermark>) -> Self {
        self.watermark = watermark.filter(|_| self.video.is_some());
        self
    }

    /// The plan for transcode number `generation` of an item: from the second on, each
    /// rendition is named `{rung}-r{generation}`, so its segments go to new keys and new URLs
    /// while players go on fetching the ones they hold.
    pub fn generation(mut self, generation: u32) -> Self {
        self.generation = generation;
        if generation > 0 {
            let renamed = |name: &mut String| *name = format!("{name}-r{generation}");
            self.video.iter_mut().flat_map(|v| v.rungs.iter_mut()).for_each(|r| renamed(&mut r.name));
            self.audio
                .iter_mut()
                .flat_map(|a| a.tracks.iter_mut())
                .flat_map(|t| t.renditions.iter_mut())
                .for_each(|o| renamed(&mut o.name));
        }
        self
    }

    /// The same plan cut down to the named video rungs: no sound, poster or storyboard. The
    /// rungs keep their sizes, keyframe clock and segment length, so their segments line up
    /// with the ones already published, and their init segments are the kept rungs' (the
    /// sound has no say in the picture's timeline: see `ffmpeg_args`).
    pub fn only_rungs(mut self, names: &[String]) -> Self {
        if let Some(v) = &mut self.video {
            v.rungs.retain(|r| names.contains(&r.name));
        }
        if self.video.as_ref().is_some_and(|v| v.rungs.is_empty()) {
            self.video = None;
        }
        self.audio = None;
        self.cover = None;
        self.images = false;
        self
    }

    /// Brings each audio track to `target` from what its source stream measured (in track
    /// order; `None` leaves a track as it is), and records the measurement with the track.
    pub fn normalise(&mut self, measured: &[Option<Measured>], target: Target) {
        let tracks = self.audio.iter_mut().flat_map(|a| a.tracks.iter_mut());
        for (track, m) in tracks.zip(measured) {
            track.filter = m.and_then(|m| m.filter(target));
            track.meta.loudness = m.map(|input| Loudness { input, correction: input.correction(target) });
        }
    }

    /// The plan that encodes only the audio again, under new rendition names (`{name}-n`),
    /// brought to `target` from measurements of the whole source: when the opening seconds,
    /// which the first encode was corrected from, were not like the whole.
    pub fn audio_again(&self, measured: &[Option<Measured>], target: Target) -> Self {
        let mut again = Self { video: None, cover: None, images: false, ..self.clone() };
        again.normalise(measured, target);
        let outs = again.audio.iter_mut().flat_map(|a| a.tracks.iter_mut()).flat_map(|t| t.renditions.iter_mut());
        outs.for_each(|o| o.name.push_str("-n"));
        again
    }

    /// Names of every rendition, video rungs first.
    pub fn rendition_names(&self) -> Vec<String> {
        let video = self.video.iter().flat_map(|v| v.rungs.iter().map(|r| r.name.clone()));
        let audio = self.audio.iter().flat_map(|a| a.outputs().map(|(_, _, out)| out.name.clone()));
        video.chain(audio).collect()
    }

    /// The folder ffmpeg writes a rendition's playlist, init and segments into.
    pub fn rendition_dir(&self, name: &str) -> PathBuf {
        self.out_dir.join(name)
    }

    /// Where ffmpeg writes the poster.
    pub fn poster_path(&self) -> PathBuf {
        self.out_dir.join("poster.jpg")
    }

    /// Where the storyboard sprite is assembled.
    pub fn storyboard_path(&self) -> PathBuf {
        self.out_dir.join("storyboard.jpg")
    }

    /// Where ffmpeg writes storyboard tiles, one JPEG each, as the transcode goes.
    pub fn tiles_dir(&self) -> PathBuf {
        self.out_dir.join("tiles")
    }
}
