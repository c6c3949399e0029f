//! The single-pass transcode: a plan from the probe, the one ffmpeg command line that makes
//! every rung, poster and storyboard from one decode, and readers for what ffmpeg reports.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;

use crate::domain::Language;

use super::audio_tracks::{AudioTrack, Loudness};
use super::chunks::{Cut, FrameRate, Span};
use super::filters;
use super::ladder::{self, even, Rung};
use super::loudness::Measured;
use super::probe::{file_url, AudioStream, MediaInfo, Picture};
use super::watermark::Watermark;
use crate::domain::finishing::Target;

/// Rendition name of the first audio track's stereo rendition.
pub const AUDIO: &str = "audio";
/// Rendition name of the lower audio rung of an audio-only asset.
pub const AUDIO_LOW: &str = "audio-low";
/// Channels of a surround rendition (5.1).
const SURROUND_CHANNELS: u32 = 6;
/// Highest frame rate we encode; faster sources are halved until they fit.
const MAX_FPS: f64 = 60.0;
/// Frame rate used when the source does not state one.
const FALLBACK_FPS: f64 = 30.0;
/// Storyboards hold at most this many tiles; longer videos get a wider interval.
const MAX_STORYBOARD_TILES: u32 = 400;
/// Storyboard tiles per row.
pub const STORYBOARD_COLUMNS: u32 = 10;
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
    /// plan; otherwise [`poster_args`] makes it beside the run).
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

/// A storyboard sprite: tiles taken every `interval_s`, laid out in rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storyboard {
    /// Seconds between tiles.
    pub interval_s: u32,
    /// Tile width in pixels.
    pub tile_width: u32,
    /// Tile height in pixels.
    pub tile_height: u32,
    /// Tiles per row.
    pub columns: u32,
    /// Rows.
    pub rows: u32,
    /// Tiles that hold frames (the rest of the last row is padding).
    pub count: u32,
}

impl Storyboard {
    /// Tiles every `interval_s` seconds (wider for a long item, so there are at most 400) of
    /// `tile_width` pixels, shaped like a picture of `size`, over `duration_s`.
    pub fn new(duration_s: f64, size: (u32, u32), interval_s: u32, tile_width: u32) -> Self {
        let interval_s = interval_s.max((duration_s / f64::from(MAX_STORYBOARD_TILES)).ceil() as u32).max(1);
        let count = ((duration_s / f64::from(interval_s)).ceil() as u32).max(1);
        let columns = count.min(STORYBOARD_COLUMNS);
        let tile_width = even(f64::from(tile_width));
        let tile_height = even(f64::from(tile_width) * f64::from(size.1) / f64::from(size.0.max(1)));
        Self { interval_s, tile_width, tile_height, columns, rows: count.div_ceil(columns), count }
    }
}

/// The storyboard sprite made from the keyframes of an encoded rendition (`input`, a joined
/// fragmented MP4) alone, which only a few frames of are decoded. Each tile is the last
/// keyframe at or before its time (`interval_s` × its number), found as the first one later
/// than a keyframe interval (`gop_secs`) before it: the tile's time itself when keyframes fall
/// on multiples of the interval, a second before where the item's first segment is one second
/// long. Never one past the end, so the last tile is never blank.
pub fn keyframe_storyboard_args(input: &Path, storyboard: &Storyboard, gop_secs: u32, out: &Path) -> Vec<OsString> {
    let sb = storyboard;
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-skip_frame", "nokey"]);
    a.push_all(["-protocol_whitelist", "file", "-f", "mov", "-i"]);
    a.push(file_url(input));
    let tiles = format!(
        "select=gt(t\\,selected_n*{}-{gop_secs}),scale=w={}:h={},setsar=1,tile=layout={}x{}",
        sb.interval_s, sb.tile_width, sb.tile_height, sb.columns, sb.rows
    );
    a.push_all(["-vf", &tiles, "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1"]);
    a.push(out);
    a.0
}

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
    fn chain(&self) -> impl Iterator<Item = String> + '_ {
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
        self.cut = Some(Cut { rate, span, seek: super::chunks::seeks_to_keyframes(&self.demuxer) });
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
    /// 30 frames (the first chunk's: those [`poster_args`] looks at), as one more branch of its
    /// decode rather than a second decode beside it.
    pub fn with_poster(mut self) -> Self {
        self.poster_in_run = self.video.is_some();
        self
    }

    /// Whether a run of this plan (or [`poster_args`] beside it) makes a poster.
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

    /// The ffmpeg arguments: one input, one filter graph, every output.
    pub fn ffmpeg_args(&self) -> Vec<OsString> {
        let mut a = Args::default();
        a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"]);
        if let Some(cut) = &self.cut {
            a.push_all(cut.input_args());
        }
        if self.video.is_none() {
            // The sound alone: a cover or a video stream beside it is never decoded beyond a
            // picture's bound while ffmpeg reads the streams' parameters.
            a.push_all(super::image::pictures_bounded());
        }
        a.push_all(["-protocol_whitelist", "file", "-f", &self.demuxer, "-i"]);
        a.push(file_url(&self.input));
        if let Some(mark) = &self.watermark {
            a.push_all(mark.input_args());
        }

        let mut graph = Vec::new();
        let mut stream_map = Vec::new();
        if let Some(v) = &self.video {
            let mut before: Vec<String> = self.cut.and_then(|c| c.skip_filter()).into_iter().collect();
            before.extend(filters::prepare(&v.picture));
            match &self.cut {
                Some(cut) => before.extend(cut.filters()),
                None if v.convert_fps => before.push(format!("fps={}", v.fps)),
                None => {}
            }
            let before: String = before.into_iter().map(|f| f + ",").collect();
            let mut outs: String = (0..v.rungs.len()).map(|i| format!("[s{i}]")).collect();
            if self.images {
                outs.push_str("[ss]");
            }
            if self.poster_in_run {
                outs.push_str("[sp]");
            }
            let splits = outs.matches('[').count();
            graph.push(format!("[0:{}]{before}split={splits}{outs}", v.stream));
            // With a watermark, each scaled picture `[p{i}]` gets it on the way to `[v{i}]`.
            let scaled = if self.watermark.is_some() { "p" } else { "v" };
            for (i, r) in v.rungs.iter().enumerate() {
                graph.push(format!("[s{i}]{}[{scaled}{i}]", filters::scale(r.width, r.height, &v.picture)));
                stream_map.push(format!("v:{i},name:{}", r.name));
            }
            if let Some(mark) = &self.watermark {
                let heights: Vec<u32> = v.rungs.iter().map(|r| r.height).collect();
                graph.extend(mark.graph("1:v", &heights, "p", "v"));
            }
            // Tiles leave as separate images: a `tile` output would only start at the end, and
            // ffmpeg holds back progress reports until every output has started.
            let sb = &v.storyboard;
            if self.images {
                graph.push(format!("[ss]fps=1/{},scale=w={}:h={},setsar=1[story]", sb.interval_s, sb.tile_width, sb.tile_height));
            }
            if self.poster_in_run {
                let (w, h) = v.poster;
                graph.push(format!("[sp]{POSTER_PICK},scale=w={w}:h={h},setsar=1[poster]"));
            }
        }
        if let Some(audio) = &self.audio {
            for (n, track) in audio.tracks.iter().enumerate() {
                let outs: String = (0..track.renditions.len()).map(|j| format!("[a{n}_{j}]")).collect();
                let filters = track.chain().chain((track.renditions.len() > 1).then(|| format!("asplit={}", track.renditions.len())));
                graph.push(format!("[0:{}]{}{outs}", track.stream, filters.collect::<Vec<_>>().join(",")));
            }
            for (i, (_, _, out)) in audio.outputs().enumerate() {
                stream_map.push(format!("a:{i},name:{}", out.name));
            }
        }
        if !graph.is_empty() {
            a.push_all(["-filter_complex", &graph.join(";")]);
        }

        if let Some(v) = &self.video {
            for (i, r) in v.rungs.iter().enumerate() {
                a.push_all(["-map", &format!("[v{i}]")]);
                a.push_all([format!("-maxrate:v:{i}"), format!("{}k", r.video_kbps)]);
                a.push_all([format!("-bufsize:v:{i}"), format!("{}k", r.video_kbps * 2)]);
            }
            a.push_all(["-c:v", "libx264", "-preset", &self.preset, "-crf", &self.crf.to_string(), "-profile:v", "high"]);
            if self.encoder_threads > 0 {
                a.push_all(["-threads:v".to_string(), self.encoder_threads.to_string()]);
            }
            a.push_all(filters::BT709_FLAGS);
            // Keyframes on a clock, not on scene cuts, so every rung cuts segments at the same times.
            a.push_all(["-force_key_frames", &format!("expr:gte(t,n_forced*{})", self.gop_secs), "-sc_threshold", "0"]);
            // The first second of an item cut in parts is the encode it waits for to play.
            if let Some(params) =
                self.cut.filter(|c| c.span.first_frame == 0 && !c.span.is_last()).and_then(|_| first_second_params(&self.preset))
            {
                a.push_all(["-x264-params", params]);
            }
        }
        if let Some(audio) = &self.audio {
            let mut i = 0;
            for (n, track) in audio.tracks.iter().enumerate() {
                for (j, out) in track.renditions.iter().enumerate() {
                    a.push_all(["-map".to_string(), format!("[a{n}_{j}]")]);
                    a.push_all([format!("-b:a:{i}"), format!("{}k", out.kbps), format!("-ac:a:{i}"), out.channels.to_string()]);
                    i += 1;
                }
            }
            a.push_all(["-c:a", "aac", "-ar", "48000"]);
        }
        // A chunk cuts at its own length (the first chunk's one segment is one second).
        let cut_at = self.cut.map_or(self.segment_secs, |c| c.span.segment_secs);
        // B-frames put the first picture's decode two frames before its display, at a negative
        // time. Kept there, the muxer stores the delay as the picture's composition offsets and
        // an edit list that starts the track at that offset, so the first picture plays at 0,
        // as the sound does. Moved to 0 (ffmpeg's default), every stream would start as much
        // later behind an empty edit; and signed offsets (trun version 1) have ffmpeg's reader,
        // which moves every time by the deepest reordering it has seen, play the picture late.
        a.push_all(["-avoid_negative_ts", "disabled"]);
        a.push_all(["-f", "hls", "-hls_time", &cut_at.to_string(), "-hls_playlist_type", "event"]);
        a.push_all(["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments"]);
        a.push_all(["-hls_segment_filename".into(), self.out_dir.join("%v/%05d.m4s").into_os_string()]);
        a.push_all(["-var_stream_map", &stream_map.join(" ")]);
        a.push(self.out_dir.join("%v/index.m3u8"));

        if self.video.is_some() && self.images {
            // Tiles are read while ffmpeg still runs, so each must never be seen half-written.
            a.push_all(["-map", "[story]", "-q:v", "5", "-f", "image2", "-atomic_writing", "1"]);
            a.push(self.tiles_dir().join("%05d.jpg"));
        }
        if self.video.is_some() && self.poster_in_run {
            a.push_all(["-map", "[poster]"]);
            a.push_all(POSTER_OUTPUT);
            a.push(self.poster_path());
        }
        a.0
    }
}

/// x264's settings for the first second of an item cut in parts, the one encode it waits for
/// before it plays: under any preset slower than `ultrafast` (which has them already), its
/// B-frames placed without weighing them, the quickest motion search and no look-ahead. Those
/// change how frames are searched, not the parameter sets nor the B-frame delay, so its init
/// segments stay those of the chunks after it (the last step checks); they take about a third
/// off the CPU of a noisy 1080p second, at a little of that second's quality.
fn first_second_params(preset: &str) -> Option<&'static str> {
    (preset != "ultrafast").then_some("b-adapt=0:me=dia:subme=1:rc-lookahead=0:mbtree=0")
}

/// The audio tracks of a plan: every audio stream of a video source up to
/// `[audio] max_tracks`, each with a stereo rendition and, for surround sources where
/// configured, a 5.1 one; an audio-only source's main stream, with a lower rung for poor
/// connections (its variants are its audio renditions, so it has one track).
fn audio_plan(info: &MediaInfo, audio_only: bool, config: &Config) -> Option<AudioPlan> {
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

/// The poster: the most representative of the first 30 frames, made by a small ffmpeg run
/// beside the transcode so it exists within a second, long before the first segment.
pub fn poster_args(plan: &TranscodePlan) -> Option<Vec<OsString>> {
    let v = plan.video.as_ref().filter(|_| plan.images)?;
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-protocol_whitelist", "file", "-f", &plan.demuxer, "-i"]);
    a.push(file_url(&plan.input));
    let (w, h) = v.poster;
    let before: String = filters::prepare(&v.picture).into_iter().map(|f| f + ",").collect();
    a.push_all(["-map".to_string(), format!("0:{}", v.stream), "-vf".into(), format!("{before}{POSTER_PICK},scale=w={w}:h={h},setsar=1")]);
    a.push_all(POSTER_OUTPUT);
    a.push(plan.poster_path());
    Some(a.0)
}

/// The poster's frame: the most representative of the first 30.
const POSTER_PICK: &str = "thumbnail=n=30";

/// The poster's output: one JPEG, never seen half-written.
const POSTER_OUTPUT: [&str; 10] = ["-frames:v", "1", "-q:v", "3", "-f", "image2", "-update", "1", "-atomic_writing", "1"];

/// Assembles the storyboard tiles ffmpeg wrote into one sprite of `columns` × `rows`.
pub fn storyboard_args(plan: &TranscodePlan, columns: u32, rows: u32) -> Vec<OsString> {
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-protocol_whitelist", "file", "-f", "image2", "-i"]);
    a.push(file_url(&plan.tiles_dir().join("%05d.jpg")));
    a.push_all(["-vf", &format!("tile=layout={columns}x{rows}"), "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1"]);
    a.push(plan.storyboard_path());
    a.0
}

/// The remux that turns a rendition's fragments (and each audio track's stereo rendition,
/// with its language and label) into a progressive, faststart MP4 download: stream copy, no
/// second encode. The first audio given plays by default.
pub fn download_args(video: Option<&Path>, audio: &[(&Path, &AudioTrack)], out: &Path) -> Vec<OsString> {
    let mut a = Args::default();
    a.push_all(["-hide_banner", "-nostdin", "-y", "-loglevel", "error"]);
    for input in video.into_iter().chain(audio.iter().map(|(path, _)| *path)) {
        a.push_all(["-protocol_whitelist", "file", "-f", "mov", "-i"]);
        a.push(file_url(input));
    }
    if video.is_some() {
        a.push_all(["-map", "0:v:0"]);
    }
    let first = usize::from(video.is_some());
    for (n, (_, track)) in audio.iter().enumerate() {
        a.push_all(["-map".to_string(), format!("{}:a:0", first + n)]);
        a.push_all([format!("-metadata:s:a:{n}"), format!("language={}", iso_639_2(track.language_tag()))]);
        // MP4 keeps a track's name as its handler name (players show it); other tools read `title`.
        a.push_all([format!("-metadata:s:a:{n}"), format!("handler_name={}", track.label)]);
        a.push_all([format!("-disposition:a:{n}"), (if n == 0 { "default" } else { "0" }).to_string()]);
    }
    a.push_all(["-c", "copy", "-movflags", "+faststart", "-f", "mp4"]);
    a.push(out);
    a.0
}

/// The three-letter code MP4 language tags take, for a BCP 47 tag (`und` where there is none).
fn iso_639_2(tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or("und");
    Language::long_code(primary).unwrap_or(if primary.len() == 3 { primary } else { "und" }).to_string()
}

#[derive(Default)]
struct Args(Vec<OsString>);

impl Args {
    fn push(&mut self, arg: impl Into<OsString>) {
        self.0.push(arg.into());
    }
    fn push_all<I: IntoIterator<Item = S>, S: Into<OsString>>(&mut self, args: I) {
        self.0.extend(args.into_iter().map(Into::into));
    }
}

/// What ffmpeg's own playlist for one variant says so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VariantProgress {
    /// The init segment's file name.
    pub init: Option<String>,
    /// Finished segments in order: (file name, duration in seconds).
    pub segments: Vec<(String, f64)>,
    /// Whether ffmpeg wrote `#EXT-X-ENDLIST` (the variant is complete).
    pub ended: bool,
}

/// Reads an ffmpeg-written variant playlist. Only whole lines count, so a playlist caught
/// mid-write never yields a half-written segment name.
pub fn parse_variant_playlist(text: &str) -> VariantProgress {
    let mut progress = VariantProgress::default();
    let complete = match text.rfind('\n') {
        Some(end) => &text[..=end],
        None => return progress,
    };
    let mut pending: Option<f64> = None;
    for line in complete.lines().map(str::trim) {
        if let Some(uri) = line.strip_prefix("#EXT-X-MAP:URI=\"") {
            progress.init = uri.strip_suffix('"').map(str::to_string);
        } else if let Some(rest) = line.strip_prefix("#EXTINF:") {
            pending = rest.split(',').next().and_then(|d| d.parse().ok());
        } else if line == "#EXT-X-ENDLIST" {
            progress.ended = true;
        } else if !line.is_empty() && !line.starts_with('#') {
            if let Some(duration) = pending.take() {
                progress.segments.push((line.to_string(), duration));
            }
        }
    }
    progress
}

/// Reads one line of ffmpeg's `-progress` report: the output time reached, in seconds.
pub fn parse_progress_line(line: &str) -> Option<f64> {
    let micros = line.strip_prefix("out_time_us=").or_else(|| line.strip_prefix("out_time_ms="))?;
    micros.trim().parse::<i64>().ok().filter(|us| *us >= 0).map(|us| us as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::tests::fixture;

    fn plan(name: &str) -> TranscodePlan {
        TranscodePlan::new(&fixture(name), Path::new("/scratch/source"), Path::new("/scratch/out"), &Config::default())
    }

    fn args_text(plan: &TranscodePlan) -> String {
        plan.ffmpeg_args().iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_input_is_confined_and_its_demuxer_pinned() {
        let text = args_text(&plan("landscape"));
        assert!(text.contains("-protocol_whitelist file -f mov -i file:/scratch/source"), "{text}");
    }

    #[test]
    fn a_watermark_is_a_second_input_laid_over_every_scaled_rung() {
        use crate::domain::finishing::{Corner, Placement};
        let placement = Placement { corner: Corner::BottomRight, margin: 0.05, height: 0.1, opacity: 1.0 };
        let mark = Watermark { image: "/scratch/logo.png".into(), placement };
        let p = plan("landscape").watermarked(Some(mark.clone()));
        let text = args_text(&p);
        assert!(text.contains("-f mov -i file:/scratch/source -f png_pipe -i file:/scratch/logo.png -filter_complex"), "{text}");
        let rungs = p.video.as_ref().unwrap().rungs.len();
        for (i, r) in p.video.as_ref().unwrap().rungs.iter().enumerate() {
            assert!(text.contains(&format!("[s{i}]{}[p{i}]", filters::scale(r.width, r.height, &Picture::default()))), "{text}");
            let (h, m) = placement.pixels(r.height);
            assert!(
                text.contains(&format!("[wm{i}]scale=-2:{h}:flags=lanczos[wms{i}];[p{i}][wms{i}]overlay=x=W-w-{m}:y=H-h-{m}")),
                "{text}"
            );
            assert!(text.contains(&format!("-map [v{i}]")), "{text}");
        }
        assert!(text.contains(&format!("[1:v]format=rgba,colorchannelmixer=aa=1.000,split={rungs}")), "{text}");
        // The audio of an audio-only source has no picture to mark.
        assert_eq!(plan("audio_only").watermarked(Some(mark)).watermark, None);
        assert!(!args_text(&plan("landscape")).contains("png_pipe"));
    }

    #[test]
    fn one_decode_feeds_every_rung_the_poster_and_the_storyboard() {
        let p = plan("landscape");
        let args = p.ffmpeg_args();
        let graph = args[args.iter().position(|a| a == "-filter_complex").unwrap() + 1].to_string_lossy().into_owned();
        assert_eq!(
            graph,
            "[0:0]split=5[s0][s1][s2][s3][ss];\
             [s0]scale=w=1920:h=1080:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v0];\
             [s1]scale=w=1280:h=720:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v1];\
             [s2]scale=w=960:h=540:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v2];\
             [s3]scale=w=640:h=360:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p[v3];\
             [ss]fps=1/5,scale=w=160:h=90,setsar=1[story];[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a0_0]"
        );
        let text = args_text(&p);
        assert!(text.contains("-var_stream_map v:0,name:1080p v:1,name:720p v:2,name:540p v:3,name:360p a:0,name:audio"), "{text}");
        assert!(text.contains("-force_key_frames expr:gte(t,n_forced*2) -sc_threshold 0"), "{text}");
        assert!(text.contains("-maxrate:v:1 2800k -bufsize:v:1 5600k"), "{text}");
        assert!(text.contains("-profile:v high -color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv"), "{text}");
        assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -c:a aac -ar 48000"), "{text}");
        assert!(text.contains("-hls_time 4"), "{text}");
        assert!(text.contains("-avoid_negative_ts disabled -f hls"), "{text}");
        assert!(!text.contains("negative_cts_offsets"), "positive composition offsets and an edit list: {text}");
        assert!(!text.contains("-threads"), "ffmpeg chooses: {text}");
        let mut config = Config::default();
        config.media.encoder_threads = 1;
        let one = TranscodePlan::new(&fixture("landscape"), Path::new("/s"), Path::new("/o"), &config);
        assert!(args_text(&one).contains("-profile:v high -threads:v 1 -color_primaries"));
        assert_eq!(text.matches("-ffmpeg").count() + text.matches(" -i ").count(), 1, "exactly one input: {text}");
    }

    #[test]
    fn an_audio_only_source_gets_two_audio_renditions_and_no_images() {
        let p = plan("audio_only");
        assert_eq!(p.rendition_names(), ["audio", "audio-low"]);
        let text = args_text(&p);
        assert!(text.contains("[0:0]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a0_0][a0_1]"), "{text}");
        assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -map [a0_1] -b:a:1 64k -ac:a:1 2"), "{text}");
        assert!(text.contains("-var_stream_map a:0,name:audio a:1,name:audio-low"), "{text}");
        assert!(!text.contains("tiles") && !text.contains("libx264"), "{text}");
        assert!(poster_args(&p).is_none());
    }

    #[test]
    fn every_audio_stream_becomes_a_track_with_its_language_label_and_default() {
        let p = plan("two_languages");
        assert_eq!(p.rendition_names(), ["720p", "540p", "360p", "audio", "audio-2"]);
        let tracks = &p.audio.as_ref().unwrap().tracks;
        let meta: Vec<_> = tracks.iter().map(|t| (t.stream, t.meta.language_tag(), t.meta.label.as_str(), t.meta.default)).collect();
        assert_eq!(meta, [(1, "en", "English", false), (2, "fr", "Français (VF)", true)]);
        let text = args_text(&p);
        assert!(text.contains("[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024[a1_0]"), "{text}");
        assert!(text.contains("-map [a0_0] -b:a:0 128k -ac:a:0 2 -map [a1_0] -b:a:1 128k -ac:a:1 2 -c:a aac"), "{text}");
        assert!(text.contains("a:0,name:audio a:1,name:audio-2 "), "{text}");
        assert_eq!(text.matches(" -i ").count(), 1, "still one input, one decode: {text}");
        assert_eq!(p.audio.as_ref().unwrap().main().stream, 2, "the stream flagged default plays first");
    }

    #[test]
    fn surround_keeps_a_stereo_rendition_and_adds_a_5_1_one_where_configured() {
        let mut config = Config::default();
        config.audio.surround = true;
        let info = fixture("two_languages");
        let p = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &config);
        assert_eq!(p.rendition_names()[3..], ["audio", "audio-2", "audio-2-51"]);
        let text = args_text(&p);
        assert!(text.contains("[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a1_0][a1_1]"), "{text}");
        assert!(text.contains("-map [a1_0] -b:a:1 128k -ac:a:1 2 -map [a1_1] -b:a:2 384k -ac:a:2 6"), "{text}");
        config.audio.max_tracks = 1;
        let one = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &config);
        assert_eq!(one.rendition_names()[3..], ["audio"], "streams past max_tracks are left out");
        assert_eq!(one.generation(1).rendition_names()[3..], ["audio-r1"]);
    }

    #[test]
    fn the_download_carries_every_track_tagged_with_its_language() {
        let en = AudioTrack::from_tags(Some("en".parse().unwrap()), None, 0, true);
        let fr = AudioTrack::from_tags(Some("fr-CA".parse().unwrap()), Some("Québécois"), 1, false);
        let (v, a0, a1) = (Path::new("/s/v.mp4"), Path::new("/s/a0.mp4"), Path::new("/s/a1.mp4"));
        let args = download_args(Some(v), &[(a0, &en), (a1, &fr)], Path::new("/s/out.mp4"));
        let text: Vec<_> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let text = text.join(" ");
        assert!(
            text.contains(
                "-map 0:v:0 -map 1:a:0 -metadata:s:a:0 language=eng -metadata:s:a:0 handler_name=English -disposition:a:0 default"
            ),
            "{text}"
        );
        assert!(
            text.contains("-map 2:a:0 -metadata:s:a:1 language=fra -metadata:s:a:1 handler_name=Québécois -disposition:a:1 0"),
            "{text}"
        );
    }

    #[test]
    fn an_interlaced_hdr_source_is_cleaned_once_before_the_split_and_its_poster_too() {
        let mut info = fixture("landscape");
        let v = info.video.as_mut().unwrap();
        v.picture = Picture {
            interlaced: true,
            hdr: Some(crate::media::probe::Hdr { transfer: "smpte2084".into(), primaries: "bt2020".into(), matrix: "bt2020nc".into() }),
            ..Picture::default()
        };
        let p = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &Config::default());
        let text = args_text(&p);
        assert!(text.contains("-filter_complex [0:0]bwdif=mode=send_frame:parity=auto:deint=all,zscale=tin=smpte2084:"), "{text}");
        assert!(text.contains(",format=yuv420p,split=5[s0]"), "{text}");
        assert_eq!(text.matches("bwdif").count(), 1, "once, not per rung: {text}");
        let poster: Vec<_> = poster_args(&p).unwrap().iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert!(poster.join(" ").contains("-vf bwdif=mode=send_frame:parity=auto:deint=all,zscale="), "{poster:?}");
    }

    #[test]
    fn loudness_is_corrected_in_the_graph_before_the_split_and_can_be_made_again() {
        let mut config = Config::default();
        config.audio.surround = true;
        let mut p = TranscodePlan::new(&fixture("two_languages"), Path::new("/s"), Path::new("/o"), &config);
        let quiet = Measured { integrated: -30.0, true_peak: -20.0, range: 5.0, levelled: None };
        p.normalise(&[Some(quiet), None], config.audio.target());
        let text = args_text(&p);
        assert!(text.contains(";[0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=14.00dB[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,asplit=2[a1_0][a1_1] "), "{text}");
        assert!(text.contains("-map [a0_0] -b:a:0 128k"), "{text}");
        let meta = &p.audio.as_ref().unwrap().tracks[0].meta;
        assert_eq!(meta.loudness.unwrap().correction, crate::media::loudness::Correction::Linear { gain_db: 14.0 });

        let whole = Measured { integrated: -20.0, true_peak: -10.0, range: 5.0, levelled: None };
        let again = p.audio_again(&[Some(whole), Some(whole)], config.audio.target());
        assert_eq!(again.rendition_names(), ["audio-n", "audio-2-n", "audio-2-51-n"]);
        let text = args_text(&again);
        assert!(text.contains("-filter_complex [0:1]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=4.00dB[a0_0];[0:2]aresample=48000:async=1:first_pts=0,atrim=start_sample=1024,volume=4.00dB,asplit=2[a1_0][a1_1] "), "{text}");
        assert!(!text.contains("libx264") && !text.contains("tiles") && poster_args(&again).is_none(), "{text}");
    }

    #[test]
    fn a_silent_source_has_no_audio_output() {
        let p = plan("silent");
        assert!(p.audio.is_none());
        let text = args_text(&p);
        assert!(!text.contains("-c:a"), "{text}");
        assert!(text.ends_with("-atomic_writing 1 /scratch/out/tiles/%05d.jpg"), "{text}");
    }

    #[test]
    fn sixty_fps_is_kept_and_storyboards_grow_with_duration() {
        let p = plan("silent");
        let v = p.video.unwrap();
        assert_eq!((v.fps, v.convert_fps), (60.0, false));
        let mut info = fixture("landscape");
        info.duration_s = Some(600.0);
        let long = TranscodePlan::new(&info, Path::new("/s"), Path::new("/o"), &Config::default());
        let sb = long.video.unwrap().storyboard;
        assert_eq!((sb.interval_s, sb.count, sb.columns, sb.rows), (5, 120, 10, 12));
    }

    #[test]
    fn the_poster_comes_from_the_first_frames_of_the_confined_source() {
        let args = poster_args(&plan("landscape")).unwrap();
        let text: Vec<_> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let text = text.join(" ");
        assert!(
            text.contains(
                "-protocol_whitelist file -f mov -i file:/scratch/source -map 0:0 -vf thumbnail=n=30,scale=w=1280:h=720,setsar=1"
            ),
            "{text}"
        );
        assert!(text.ends_with("-atomic_writing 1 /scratch/out/poster.jpg"), "{text}");
    }

    #[test]
    fn variant_playlists_are_read_line_by_line() {
        let text = "#EXTM3U\n#EXT-X-MAP:URI=\"init_0.mp4\"\n#EXTINF:4.000000,\n00000.m4s\n#EXTINF:4.010667,\n00001.m4s\n#EXTINF:1.0,\n0000";
        let p = parse_variant_playlist(text);
        assert_eq!(p.init.as_deref(), Some("init_0.mp4"));
        assert_eq!(p.segments, [("00000.m4s".to_string(), 4.0), ("00001.m4s".to_string(), 4.010667)]);
        assert!(!p.ended);
        assert!(parse_variant_playlist(&format!("{text}2.m4s\n#EXT-X-ENDLIST\n")).ended);
    }

    #[test]
    fn rungs_made_again_come_from_one_decode_without_images() {
        let p = plan("landscape").only_rungs(&["1080p".to_string(), "720p".to_string()]);
        assert_eq!(p.rendition_names(), ["1080p", "720p"]);
        let text = args_text(&p);
        assert!(text.contains("-filter_complex [0:0]split=2[s0][s1];[s0]scale=w=1920:h=1080"), "{text}");
        assert!(text.ends_with("-var_stream_map v:0,name:1080p v:1,name:720p /scratch/out/%v/index.m3u8"), "{text}");
        assert!(!text.contains("-c:a"), "{text}");
        assert!(text.contains("-force_key_frames expr:gte(t,n_forced*2) -sc_threshold 0"), "{text}");
        assert!(!text.contains("story") && !text.contains("tiles"), "{text}");
        assert!(poster_args(&p).is_none());
        assert!(plan("landscape").only_rungs(&["4320p".to_string()]).video.is_none());
    }

    #[test]
    fn a_later_transcode_names_its_renditions_apart() {
        assert_eq!(plan("landscape").generation(0).rendition_names(), ["1080p", "720p", "540p", "360p", "audio"]);
        let p = plan("landscape").generation(2);
        assert_eq!(p.rendition_names(), ["1080p-r2", "720p-r2", "540p-r2", "360p-r2", "audio-r2"]);
        assert!(p.rendition_names().iter().all(|n| crate::domain::is_safe_name(n)));
        assert_eq!(p.only_rungs(&["720p-r2".to_string()]).rendition_names(), ["720p-r2"]);
    }

    #[test]
    fn a_chunk_decodes_its_own_frames_on_an_exact_grid_and_makes_no_audio_or_images() {
        let rate = FrameRate { num: 30000, den: 1001 };
        let span = Span { part: 1, first_frame: 240, frames: Some(240), first_segment: 2, segments: Some(2), segment_secs: 4 };
        let p = plan("landscape").chunk(rate, span);
        assert_eq!(p.rendition_names(), ["1080p", "720p", "540p", "360p"]);
        let text = args_text(&p);
        assert!(text.contains("-copyts -start_at_zero -ss 7.758000 -t 8.508000 -protocol_whitelist file -f mov -i"), "{text}");
        assert!(
            text.contains("[0:0]fps=fps=30000/1001:start_time=8.008000000,trim=end_frame=240,setpts=PTS-STARTPTS,split=4[s0]"),
            "{text}"
        );
        assert!(!text.contains("-c:a") && !text.contains("tiles") && poster_args(&p).is_none(), "{text}");
        let last = Span { part: 2, first_frame: 480, frames: None, first_segment: 4, segments: None, segment_secs: 4 };
        let text = args_text(&plan("landscape").chunk(rate, last));
        assert!(text.contains("-ss 15.766000 -protocol_whitelist"), "the last chunk reads to the end: {text}");
        assert!(text.contains("-hls_time 4 "), "{text}");
        let first = Span { part: 0, first_frame: 0, frames: Some(60), first_segment: 0, segments: Some(1), segment_secs: 2 };
        assert!(args_text(&plan("landscape").chunk(rate, first)).contains("-hls_time 2 "), "the first chunk is one short segment");
        // Only the item's first chunk searches quickest.
        let first_text = args_text(&plan("landscape").chunk(rate, first));
        assert!(first_text.contains(" -x264-params b-adapt=0:me=dia:subme=1:rc-lookahead=0:mbtree=0 "), "{first_text}");
        assert!(!text.contains("x264-params") && !args_text(&p).contains("x264-params"), "{text}");
        // With the poster: one more branch of the same decode, and one more output.
        let with_poster = args_text(&plan("landscape").chunk(rate, first).with_poster());
        assert!(with_poster.contains("split=5[s0][s1][s2][s3][sp]") && with_poster.contains("[sp]thumbnail=n=30,scale="), "{with_poster}");
        assert!(with_poster.contains("-map [poster] -frames:v 1 -q:v 3 -f image2 -update 1 -atomic_writing 1 "), "{with_poster}");
        assert!(!args_text(&plan("landscape").chunk(rate, first)).contains("[poster]"), "only where asked");
        assert!(text.contains(":start_time=16.016000000,setpts=PTS-STARTPTS,split=4"), "{text}");

        let audio = plan("landscape").audio_part();
        assert_eq!(audio.rendition_names(), ["audio"]);
        assert!(!args_text(&audio).contains("libx264"));
    }

    #[test]
    fn progress_lines_give_seconds() {
        assert_eq!(parse_progress_line("out_time_us=2500000"), Some(2.5));
        assert_eq!(parse_progress_line("out_time_us=N/A"), None);
        assert_eq!(parse_progress_line("frame=10"), None);
    }
}
