//! ffprobe: the confined command line, its JSON parsed into types, and a summary of a source.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;

use serde::Deserialize;

/// ffprobe's `-show_format -show_streams -show_chapters` JSON (the fields Reel reads).
#[derive(Debug, Clone, Deserialize)]
pub struct ProbeOutput {
    /// Every stream in the container.
    #[serde(default)]
    pub streams: Vec<ProbeStream>,
    /// The container's chapter marks (MP4 `chpl`/QuickTime text chapters, Matroska editions).
    #[serde(default)]
    pub chapters: Vec<ProbeChapter>,
    /// The container.
    pub format: Option<ProbeFormat>,
}

/// One stream as ffprobe reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct ProbeStream {
    /// Index in the container (used to map exactly this stream).
    pub index: u32,
    /// `video`, `audio`, `subtitle`, `data`, …
    pub codec_type: Option<String>,
    /// Codec short name.
    pub codec_name: Option<String>,
    /// Coded width.
    pub width: Option<u32>,
    /// Coded height.
    pub height: Option<u32>,
    /// Sample (pixel) aspect ratio, `N:D`.
    pub sample_aspect_ratio: Option<String>,
    /// Frame rate as a fraction, `N/D`.
    pub r_frame_rate: Option<String>,
    /// Average frame rate as a fraction, `N/D`.
    pub avg_frame_rate: Option<String>,
    /// Audio channels.
    pub channels: Option<u32>,
    /// Audio sample rate (ffprobe prints it as a string).
    pub sample_rate: Option<String>,
    /// Stream duration in seconds (a string).
    pub duration: Option<String>,
    /// When the stream starts on the container's timeline, in seconds (a string).
    pub start_time: Option<String>,
    /// `progressive`, or how interlaced fields are ordered (`tt`, `bb`, `tb`, `bt`).
    pub field_order: Option<String>,
    /// Pixel format (`yuvj420p` says full range where `color_range` is missing).
    pub pix_fmt: Option<String>,
    /// `tv` (limited) or `pc` (full).
    pub color_range: Option<String>,
    /// Transfer characteristics (`bt709`, `smpte2084` for PQ, `arib-std-b67` for HLG).
    pub color_transfer: Option<String>,
    /// Colour primaries (`bt709`, `bt2020`).
    pub color_primaries: Option<String>,
    /// Matrix coefficients (`bt709`, `bt2020nc`, `smpte170m`).
    pub color_space: Option<String>,
    /// Flags such as `attached_pic` (cover art is not video).
    #[serde(default)]
    pub disposition: HashMap<String, i64>,
    /// Old-style metadata, where a `rotate` tag may live.
    #[serde(default)]
    pub tags: HashMap<String, String>,
    /// Side data, where the display matrix rotation lives.
    #[serde(default)]
    pub side_data_list: Vec<SideData>,
}

/// One side-data entry of a stream.
#[derive(Debug, Clone, Deserialize)]
pub struct SideData {
    /// Degrees, counter-clockwise, from a display matrix.
    pub rotation: Option<f64>,
}

/// One chapter mark as ffprobe reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct ProbeChapter {
    /// Start in `time_base` units: exact, where `start_time` is rounded to microseconds.
    pub start: Option<i64>,
    /// The unit of `start`, e.g. `1/1000`.
    pub time_base: Option<String>,
    /// Start in seconds (a string), for when the two above are missing.
    pub start_time: Option<String>,
    /// Its tags; the name is `title`.
    #[serde(default)]
    pub tags: HashMap<String, String>,
}

impl ProbeChapter {
    /// Where it starts, in whole milliseconds (a mark before the start counts as 0).
    fn start_ms(&self) -> Option<u64> {
        let exact = self.start.zip(self.time_base.as_deref()).and_then(|(start, base)| {
            let (num, den) = base.split_once('/')?;
            let (num, den) = (num.parse::<i128>().ok()?, den.parse::<i128>().ok().filter(|d| *d > 0)?);
            Some(i128::from(start) * num * 1000 / den)
        });
        let ms = match exact {
            Some(ms) => ms,
            None => {
                let secs = self.start_time.as_deref()?.parse::<f64>().ok().filter(|s| s.is_finite())?;
                (secs * 1000.0).round() as i128
            }
        };
        u64::try_from(ms.max(0)).ok()
    }
}

/// The container as ffprobe reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct ProbeFormat {
    /// Demuxer name(s), comma-separated, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    pub format_name: String,
    /// Duration in seconds (a string).
    pub duration: Option<String>,
    /// Size in bytes (a string).
    pub size: Option<String>,
    /// The container's tags (ID3, Vorbis comments of FLAC, iTunes atoms), keys as ffprobe gives them.
    #[serde(default)]
    pub tags: HashMap<String, String>,
}

/// What Reel needs to know about a source, derived from [`ProbeOutput`].
#[derive(Debug, Clone, PartialEq)]
pub struct MediaInfo {
    /// The demuxer to pin when transcoding (first part of `format_name`).
    pub demuxer: String,
    /// Every demuxer name ffprobe gave.
    pub format_names: Vec<String>,
    /// Duration in seconds, when known.
    pub duration_s: Option<f64>,
    /// The first real video stream (cover art excluded).
    pub video: Option<VideoStream>,
    /// Every audio stream, in container order.
    pub audio: Vec<AudioStream>,
    /// The cover picture's stream (an `attached_pic` image), if there is one.
    pub cover: Option<u32>,
    /// Text subtitle streams, in container order (picture-based ones are not read).
    pub subtitles: Vec<TextStream>,
    /// Tags already in the file.
    pub tags: super::music::EmbeddedTags,
    /// The container's chapter marks as `(start_ms, title)`, in file order, unchecked (an
    /// untitled one has an empty title).
    pub chapters: Vec<(u64, String)>,
}

/// A video stream, with what the viewer would see.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoStream {
    /// Container stream index.
    pub index: u32,
    /// Codec name.
    pub codec: String,
    /// Coded width.
    pub width: u32,
    /// Coded height.
    pub height: u32,
    /// Width as displayed: pixel aspect ratio and rotation applied.
    pub display_width: u32,
    /// Height as displayed: pixel aspect ratio and rotation applied.
    pub display_height: u32,
    /// Rotation in degrees (0, 90, 180, 270).
    pub rotation: u32,
    /// Frames per second, when known.
    pub fps: Option<f64>,
    /// How long the picture lasts, in seconds, where the container says (a still with a
    /// soundtrack lasts one frame; the item, as long as its sound).
    pub duration_s: Option<f64>,
    /// What its pictures need before they are scaled.
    pub picture: Picture,
}

/// How a source's pictures are stored, as far as making clean SDR BT.709 of them goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Stored as interlaced fields (ffprobe gave a field order).
    pub interlaced: bool,
    /// A high dynamic range transfer, with the primaries and matrix that go with it.
    pub hdr: Option<Hdr>,
    /// Full-range (0–255) samples rather than limited (16–235).
    pub full_range: bool,
    /// The YUV matrix its samples were made with, as the scaler names it: the stream's tag,
    /// else what untagged video of its size is by convention (BT.709 from 720 lines up,
    /// BT.601 below).
    pub matrix: &'static str,
}

impl Default for Picture {
    fn default() -> Self {
        Self { interlaced: false, hdr: None, full_range: false, matrix: "bt709" }
    }
}

/// A high dynamic range source's colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hdr {
    /// `smpte2084` (PQ) or `arib-std-b67` (HLG).
    pub transfer: String,
    /// The primaries (BT.2020 almost always).
    pub primaries: String,
    /// The matrix (`bt2020nc` almost always).
    pub matrix: String,
}

/// Transfers that carry high dynamic range: PQ and HLG.
pub const HDR_TRANSFERS: &[&str] = &["smpte2084", "arib-std-b67"];

impl Picture {
    fn from_probe(s: &ProbeStream) -> Self {
        let interlaced = matches!(s.field_order.as_deref(), Some("tt" | "bb" | "tb" | "bt"));
        let hdr = s.color_transfer.as_deref().filter(|t| HDR_TRANSFERS.contains(t)).map(|t| Hdr {
            transfer: t.to_string(),
            primaries: s.color_primaries.clone().filter(|p| p != "unknown").unwrap_or_else(|| "bt2020".into()),
            matrix: s.color_space.clone().filter(|m| m != "unknown").unwrap_or_else(|| "bt2020nc".into()),
        });
        let full_range = s.color_range.as_deref() == Some("pc") || s.pix_fmt.as_deref().is_some_and(|f| f.starts_with("yuvj"));
        let matrix = match s.color_space.as_deref() {
            Some("bt709") => "bt709",
            Some("bt470bg") => "bt470",
            Some("smpte170m") => "smpte170m",
            Some("fcc") => "fcc",
            Some("smpte240m") => "smpte240m",
            Some("bt2020nc" | "bt2020c") => "bt2020",
            _ if s.height.unwrap_or(0).min(s.width.unwrap_or(0)) >= 720 => "bt709",
            _ => "smpte170m",
        };
        Self { interlaced, hdr, full_range, matrix }
    }
}

/// An audio stream.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioStream {
    /// Container stream index.
    pub index: u32,
    /// Codec name.
    pub codec: String,
    /// Channel count.
    pub channels: u32,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Its `language` tag, as the container wrote it (ISO 639-2 mostly).
    pub language: Option<String>,
    /// Its `title` tag ("Director's commentary").
    pub title: Option<String>,
    /// Flagged as the stream to play by default.
    pub default: bool,
}

impl MediaInfo {
    /// The audio a single-track output uses: the stream flagged default, else the first.
    pub fn main_audio(&self) -> Option<&AudioStream> {
        self.audio.iter().find(|a| a.default).or_else(|| self.audio.first())
    }
}

/// A text subtitle stream of a source.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStream {
    /// Container stream index.
    pub index: u32,
    /// Codec name (`mov_text`, `subrip`, `ass`, `webvtt`, …).
    pub codec: String,
    /// Its `language` tag, as the container wrote it (ISO 639-2 mostly).
    pub language: Option<String>,
    /// Its `title` tag.
    pub title: Option<String>,
    /// Flagged for viewers who cannot hear (SDH): captions rather than subtitles.
    pub hearing_impaired: bool,
}

/// Subtitle codecs whose text ffmpeg can write as WebVTT; pictures (DVD, Blu-ray, DVB) are not.
pub const TEXT_SUBTITLE_CODECS: &[&str] = &["mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text"];

impl TextStream {
    fn from_probe(s: &ProbeStream) -> Option<Self> {
        let codec = s.codec_name.clone()?;
        TEXT_SUBTITLE_CODECS.contains(&codec.as_str()).then(|| Self {
            index: s.index,
            codec,
            language: s.tags.get("language").cloned(),
            title: stream_title(s),
            hearing_impaired: s.disposition.get("hearing_impaired").copied().unwrap_or(0) == 1,
        })
    }
}

impl AudioStream {
    fn from_probe(s: &ProbeStream) -> Self {
        Self {
            index: s.index,
            codec: s.codec_name.clone().unwrap_or_default(),
            channels: s.channels.unwrap_or(2),
            sample_rate: s.sample_rate.as_deref().and_then(|r| r.parse().ok()).unwrap_or(48_000),
            language: s.tags.get("language").cloned(),
            title: stream_title(s),
            default: s.disposition.get("default").copied().unwrap_or(0) == 1,
        }
    }
}

/// A stream's own name: its `title` tag, else an MP4 handler name someone chose.
fn stream_title(s: &ProbeStream) -> Option<String> {
    s.tags.get("title").or_else(|| s.tags.get("handler_name")).filter(|t| !is_default_handler(t)).cloned()
}

/// The handler names muxers write by default, which name no one's track.
fn is_default_handler(name: &str) -> bool {
    matches!(name.trim(), "" | "SubtitleHandler" | "Subtitle" | "TextHandler" | "SoundHandler" | "Sound")
}

/// The ffprobe arguments for a local file: file protocol only, demuxers from the allowlist, and
/// no picture (a frame, a cover) of more than `max_pixels` decoded while streams are read.
pub fn probe_args(input: &Path, allowed_demuxers: &[String], max_pixels: u64) -> Vec<OsString> {
    let mut args: Vec<OsString> =
        ["-v", "error", "-max_pixels", &max_pixels.to_string(), "-protocol_whitelist", "file", "-format_whitelist"]
            .map(OsString::from)
            .to_vec();
    args.push(allowed_demuxers.join(",").into());
    args.extend(["-print_format", "json", "-show_format", "-show_streams", "-show_chapters", "-i"].map(OsString::from));
    args.push(file_url(input));
    args
}

/// `file:` + an absolute path, so no part of a name is ever read as a protocol.
pub fn file_url(path: &Path) -> OsString {
    let mut url = OsString::from("file:");
    url.push(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    url
}

impl ProbeOutput {
    /// Parses ffprobe's JSON.
    pub fn parse(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(json)
    }

    /// From the first picture or sound to the last, in seconds, where every such stream says
    /// when it starts and how long it lasts. Shorter than the container's duration when an
    /// MP4's edit list holds the streams back (an empty edit of 10 s before 3 s of content is
    /// 3 s of item, since the encode starts at the first sample).
    fn played_span(&self) -> Option<f64> {
        let secs = |v: &Option<String>| v.as_deref().and_then(|t| t.parse::<f64>().ok()).filter(|t| t.is_finite());
        let played = self.streams.iter().filter(|s| {
            matches!(s.codec_type.as_deref(), Some("video" | "audio")) && s.disposition.get("attached_pic").copied().unwrap_or(0) == 0
        });
        let spans: Option<Vec<(f64, f64)>> =
            played.map(|s| Some((secs(&s.start_time)?, secs(&s.start_time)? + secs(&s.duration)?))).collect();
        let spans = spans.filter(|s| !s.is_empty())?;
        let first = spans.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
        let last = spans.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
        Some(last - first).filter(|d| *d > 0.0)
    }

    /// Summarises the streams Reel will use.
    pub fn media_info(&self) -> Option<MediaInfo> {
        let format = self.format.as_ref()?;
        let format_names: Vec<String> = format.format_name.split(',').map(str::to_string).collect();
        let video = self
            .streams
            .iter()
            .find(|s| s.codec_type.as_deref() == Some("video") && s.disposition.get("attached_pic").copied().unwrap_or(0) == 0)
            .and_then(VideoStream::from_probe);
        let audio = self.streams.iter().filter(|s| s.codec_type.as_deref() == Some("audio")).map(AudioStream::from_probe).collect();
        let duration_s = format
            .duration
            .as_deref()
            .and_then(|d| d.parse::<f64>().ok())
            .or_else(|| self.streams.iter().filter_map(|s| s.duration.as_deref()?.parse::<f64>().ok()).reduce(f64::max))
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| self.played_span().map_or(d, |span| span.min(d)));
        Some(MediaInfo {
            demuxer: format_names.first().cloned().unwrap_or_default(),
            format_names,
            duration_s,
            video,
            audio,
            cover: super::music::cover_stream(self),
            subtitles: self
                .streams
                .iter()
                .filter(|s| s.codec_type.as_deref() == Some("subtitle"))
                .filter_map(TextStream::from_probe)
                .collect(),
            tags: super::music::EmbeddedTags::from_probe(self),
            chapters: self
                .chapters
                .iter()
                .filter_map(|c| Some((c.start_ms()?, c.tags.get("title").cloned().unwrap_or_default())))
                .collect(),
        })
    }
}

impl VideoStream {
    fn from_probe(s: &ProbeStream) -> Option<Self> {
        let (width, height) = (s.width.filter(|w| *w > 0)?, s.height.filter(|h| *h > 0)?);
        let sar = s.sample_aspect_ratio.as_deref().and_then(|r| parse_ratio(r, ':')).filter(|r| *r > 0.0).unwrap_or(1.0);
        let rotation = rotation_of(s);
        // Anamorphic sources are shown wider or narrower than they are stored.
        let shown_width = (f64::from(width) * sar).round().max(2.0) as u32;
        let (display_width, display_height) = if rotation % 180 == 90 { (height, shown_width) } else { (shown_width, height) };
        let fps = [&s.avg_frame_rate, &s.r_frame_rate]
            .into_iter()
            .find_map(|r| r.as_deref().and_then(|r| parse_ratio(r, '/')).filter(|f| *f > 0.0 && *f < 1000.0));
        Some(Self {
            index: s.index,
            codec: s.codec_name.clone().unwrap_or_default(),
            width,
            height,
            display_width,
            display_height,
            rotation,
            fps,
            duration_s: s.duration.as_deref().and_then(|d| d.parse::<f64>().ok()).filter(|d| d.is_finite() && *d >= 0.0),
            picture: Picture::from_probe(s),
        })
    }
}

fn rotation_of(s: &ProbeStream) -> u32 {
    let degrees = s
        .side_data_list
        .iter()
        .find_map(|d| d.rotation)
        .or_else(|| s.tags.get("rotate").and_then(|r| r.parse::<f64>().ok()))
        .unwrap_or(0.0);
    (((degrees.round() as i64 % 360) + 360) % 360) as u32
}

fn parse_ratio(text: &str, sep: char) -> Option<f64> {
    let (n, d) = text.split_once(sep)?;
    let (n, d) = (n.trim().parse::<f64>().ok()?, d.trim().parse::<f64>().ok()?);
    (d != 0.0).then_some(n / d)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Parses a recorded ffprobe fixture from `tests/fixtures/probe/`.
    pub(crate) fn fixture(name: &str) -> MediaInfo {
        let path = format!("{}/../../tests/fixtures/probe/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let json = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        ProbeOutput::parse(&json).unwrap().media_info().unwrap()
    }

    #[test]
    fn an_empty_edit_before_the_content_is_not_part_of_the_item() {
        // An MP4 whose edit lists hold 3 s of picture and sound back by 10 s: ffprobe's
        // container duration is 13 s, the item (encoded from its first sample) 3 s.
        let info = fixture("empty_edit");
        assert!((info.duration_s.unwrap() - 3.022).abs() < 0.01, "{:?}", info.duration_s);
        assert!((fixture("landscape").duration_s.unwrap() - 1.0).abs() < 0.1);
    }

    #[test]
    fn a_landscape_source_is_summarised() {
        let info = fixture("landscape");
        assert_eq!(info.demuxer, "mov");
        let v = info.video.unwrap();
        assert_eq!((v.display_width, v.display_height, v.rotation), (1920, 1080, 0));
        assert_eq!(v.fps, Some(30.0));
        assert_eq!(info.audio.len(), 1);
        assert!((info.duration_s.unwrap() - 1.0).abs() < 0.1);
    }

    #[test]
    fn how_pictures_are_stored_is_read_from_the_stream() {
        let stream = |json: serde_json::Value| Picture::from_probe(&serde_json::from_value::<ProbeStream>(json).unwrap());
        let sd = stream(serde_json::json!({"index": 0, "width": 720, "height": 576, "field_order": "tt", "pix_fmt": "yuvj420p"}));
        assert_eq!(sd, Picture { interlaced: true, hdr: None, full_range: true, matrix: "smpte170m" });
        let hd = stream(serde_json::json!({"index": 0, "width": 1920, "height": 1080, "field_order": "progressive", "color_range": "tv"}));
        assert_eq!(hd, Picture::default());
        let pq = stream(serde_json::json!({"index": 0, "width": 3840, "height": 2160, "color_transfer": "smpte2084",
            "color_primaries": "bt2020", "color_space": "bt2020nc"}));
        assert_eq!(pq.hdr, Some(Hdr { transfer: "smpte2084".into(), primaries: "bt2020".into(), matrix: "bt2020nc".into() }));
        assert_eq!(pq.matrix, "bt2020");
        let sdr_2020 = stream(serde_json::json!({"index": 0, "width": 1920, "height": 1080, "color_transfer": "bt2020-10"}));
        assert!(sdr_2020.hdr.is_none(), "BT.2020 with an SDR transfer is not HDR");
        assert_eq!(stream(serde_json::json!({"index": 0, "width": 640, "height": 480, "color_space": "bt709"})).matrix, "bt709");
    }

    #[test]
    fn rotation_swaps_the_displayed_dimensions() {
        let v = fixture("rotated").video.unwrap();
        assert_eq!((v.width, v.height), (1920, 1080));
        assert_eq!((v.display_width, v.display_height, v.rotation), (1080, 1920, 90));
    }

    #[test]
    fn anamorphic_pixels_widen_the_display() {
        let v = fixture("anamorphic").video.unwrap();
        assert_eq!((v.display_width, v.display_height), (1047, 576));
    }

    #[test]
    fn audio_only_and_silent_sources_lack_the_other_stream() {
        let audio_only = fixture("audio_only");
        assert!(audio_only.video.is_none() && audio_only.main_audio().is_some());
        let silent = fixture("silent");
        assert!(silent.video.is_some() && silent.audio.is_empty());
        assert_eq!(fixture("odd").demuxer, "matroska");
    }

    #[test]
    fn chapter_marks_are_read_exactly_from_their_time_base() {
        let marks = fixture("chapters").chapters;
        assert_eq!(marks, [(0, "Opening".into()), (2500, String::new()), (4000, "Credits".into())]);
        let chapter = |json: serde_json::Value| serde_json::from_value::<ProbeChapter>(json).unwrap().start_ms();
        assert_eq!(chapter(serde_json::json!({"start": 900_000, "time_base": "1/90000"})), Some(10_000));
        assert_eq!(chapter(serde_json::json!({"start_time": "1.2345"})), Some(1235));
        assert_eq!(chapter(serde_json::json!({"start": -5, "time_base": "1/1000"})), Some(0));
        assert_eq!(chapter(serde_json::json!({"start": 5, "time_base": "1/0"})), None);
        assert!(fixture("landscape").chapters.is_empty());
    }

    #[test]
    fn probe_arguments_confine_protocols_and_demuxers() {
        let args = probe_args(Path::new("/tmp/in"), &["mov".into(), "matroska".into()], 1_000);
        let args: Vec<_> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let after = |flag: &str| args[args.iter().position(|a| a == flag).unwrap() + 1].clone();
        assert_eq!(after("-protocol_whitelist"), "file");
        assert_eq!(after("-format_whitelist"), "mov,matroska");
        assert_eq!(after("-max_pixels"), "1000", "no picture larger than that is decoded while probing");
        assert_eq!(after("-i"), "file:/tmp/in");
    }
}
