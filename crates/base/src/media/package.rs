//! The package index (what was made for a video) and the manifests rendered from it on each
//! request: HLS master and media playlists (RFC 8216) and a DASH MPD, over the same segments.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::transcode::Storyboard;

/// Everything the origin needs to describe a video's outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageIndex {
    /// Whether every segment is written; false while a video is still being transcoded.
    pub complete: bool,
    /// Duration of the source, in seconds.
    pub duration_s: f64,
    /// Target segment length, in seconds.
    pub segment_secs: u32,
    /// Video rungs (highest first), then audio renditions.
    pub renditions: Vec<Rendition>,
    /// The poster image file, once made.
    pub poster: Option<String>,
    /// The storyboard sprite and its grid, once made.
    pub storyboard: Option<StoryboardIndex>,
    /// The progressive download, once made.
    pub download: Option<Download>,
    /// An audio item's MP3 download (made by the same job as the M4A), once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mp3: Option<Download>,
    /// How the media segments are encrypted, if they are (never the key itself). Init
    /// segments, the download and the images are not encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<SegmentEncryption>,
    /// The top video rungs a lifecycle rule took away while the item was idle; they are made
    /// again from the original when a viewer comes (see `media::dropped`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<DroppedRungs>,
    /// Which transcode of the item made these renditions (0: the first; see
    /// `TranscodePlan::generation`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub generation: u32,
    /// Renditions an earlier transcode made, no longer listed but still served to players
    /// that hold their playlists, until the `retire_renditions` job removes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retiring: Vec<Rendition>,
    /// What each audio track is (language, label, default), by position; empty in indexes
    /// written before an item could have more than one, whose one track is unnamed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audio_tracks: Vec<super::audio_tracks::AudioTrack>,
    /// The item's text tracks, read from their own table beside the index when it is served
    /// (never stored in it: adding or removing one changes no media).
    #[serde(skip)]
    pub captions: Vec<crate::domain::Caption>,
    /// The item's chapters, read from their own table beside the index when it is served, as
    /// its text tracks are.
    #[serde(skip)]
    pub chapters: crate::domain::Chapters,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Video rungs taken away from a ready item, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedRungs {
    /// Their names, highest first.
    pub names: Vec<String>,
    /// When they were taken (ms since the epoch): names the one job that makes them again.
    pub at: i64,
}

/// An HLS segment encryption method (RFC 8216 §4.3.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SegmentEncryption {
    /// Whole segments in AES-128-CBC with PKCS#7 padding; the IV is the media sequence number.
    #[serde(rename = "AES-128")]
    Aes128,
}

impl SegmentEncryption {
    /// The `METHOD` attribute of `#EXT-X-KEY`.
    pub fn method(self) -> &'static str {
        match self {
            Self::Aes128 => "AES-128",
        }
    }
}

/// Whether a rendition carries video or audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = RenditionKind)]
pub enum Kind {
    /// H.264 video.
    Video,
    /// AAC audio.
    Audio,
}

/// One rendition: its codec, its size and its segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendition {
    /// Name used in keys and URLs.
    pub name: String,
    /// Video or audio.
    pub kind: Kind,
    /// RFC 6381 codec string.
    pub codecs: String,
    /// Ticks per second of the track.
    pub timescale: u32,
    /// Decode time of the first segment, in ticks.
    pub start: u64,
    /// Width (video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height (video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Frames per second (video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_rate: Option<f64>,
    /// Channels (audio).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    /// Sample rate (audio).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
    /// Which of the item's audio tracks an audio rendition carries (its position in
    /// [`PackageIndex::audio_tracks`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub track: u32,
    /// The configured bitrate cap, bits per second: what the master promises while the
    /// segments (and so the measured bitrates) are still arriving.
    #[serde(default)]
    pub max_bps: u64,
    /// Segments in order; segment `n` is stored as `{n:05}.m4s`.
    pub segments: Vec<Segment>,
}

/// One media segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Duration in the rendition's timescale.
    pub duration: u64,
    /// Size in bytes.
    pub size: u64,
}

/// The storyboard sprite file and its grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryboardIndex {
    /// File name under the video's media folder.
    pub file: String,
    /// The grid.
    #[serde(flatten)]
    pub grid: Storyboard,
}

/// The progressive download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// File name under the video's media folder (`download.mp4`, `download.m4a` or `download.mp3`).
    pub file: String,
    /// Its size in bytes.
    pub size: u64,
}

impl Rendition {
    /// Seconds of segment `i`.
    pub fn segment_secs(&self, i: usize) -> f64 {
        self.segments[i].duration as f64 / f64::from(self.timescale)
    }

    /// Total seconds of the segments listed.
    pub fn duration_secs(&self) -> f64 {
        self.segments.iter().map(|s| s.duration).sum::<u64>() as f64 / f64::from(self.timescale)
    }

    /// Highest bitrate of any segment, bits per second (RFC 8216 BANDWIDTH).
    pub fn peak_bps(&self) -> u64 {
        (0..self.segments.len())
            .filter(|&i| self.segment_secs(i) > 0.5)
            .map(|i| (self.segments[i].size as f64 * 8.0 / self.segment_secs(i)) as u64)
            .max()
            .unwrap_or_else(|| self.average_bps())
    }

    /// BANDWIDTH for the master: measured once complete, the configured cap while growing,
    /// so the master playlist does not change under a player while the video is playable.
    pub fn advertised_bps(&self, complete: bool) -> u64 {
        if complete || self.max_bps == 0 {
            self.peak_bps()
        } else {
            self.max_bps
        }
    }

    /// Mean bitrate over all segments, bits per second (AVERAGE-BANDWIDTH).
    pub fn average_bps(&self) -> u64 {
        let secs = self.duration_secs();
        if secs <= 0.0 {
            return 0;
        }
        (self.segments.iter().map(|s| s.size).sum::<u64>() as f64 * 8.0 / secs) as u64
    }
}

impl PackageIndex {
    /// The video renditions, highest first.
    pub fn video(&self) -> impl Iterator<Item = &Rendition> {
        self.renditions.iter().filter(|r| r.kind == Kind::Video)
    }

    /// The audio renditions, highest first.
    pub fn audio(&self) -> impl Iterator<Item = &Rendition> {
        self.renditions.iter().filter(|r| r.kind == Kind::Audio)
    }

    /// A rendition by name: one listed, or one retiring (still served, never listed).
    pub fn rendition(&self, name: &str) -> Option<&Rendition> {
        self.renditions.iter().chain(&self.retiring).find(|r| r.name == name)
    }

    /// The index as stored in `package.json` (what its size in the accounts is).
    pub fn stored_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a package index always serialises")
    }

    /// Whether the manifests list a rendition of this name.
    pub fn lists(&self, name: &str) -> bool {
        self.renditions.iter().any(|r| r.name == name)
    }

    /// Whether a file name is one this index publishes at the top of the media folder.
    pub fn has_file(&self, name: &str) -> bool {
        self.poster.as_deref() == Some(name)
            || self.storyboard.as_ref().is_some_and(|s| s.file == name)
            || self.download.as_ref().is_some_and(|d| d.file == name)
            || self.mp3.as_ref().is_some_and(|d| d.file == name)
    }
}

/// Renders the HLS master playlist; every URI starts with `prefix` (`/play/{token}/{id}`).
pub fn hls_master(index: &PackageIndex, prefix: &str) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    let audio: Vec<&Rendition> = index.audio().collect();
    let has_video = index.video().next().is_some();
    if has_video {
        super::audio_tracks::hls_group(&mut out, index, prefix);
        super::text_tracks::hls_group(&mut out, index, prefix);
        // Lowest first, so players that start at the first variant start quickly.
        let c = index.complete;
        let widest = super::audio_tracks::widest(index);
        for v in index.video().collect::<Vec<_>>().into_iter().rev() {
            let (peak, codecs) = match widest {
                Some(a) => (v.advertised_bps(c) + a.advertised_bps(c), format!("{},{}", v.codecs, a.codecs)),
                None => (v.advertised_bps(c), v.codecs.clone()),
            };
            let _ = write!(out, "#EXT-X-STREAM-INF:BANDWIDTH={peak}");
            if c {
                let average = v.average_bps() + widest.map_or(0, Rendition::average_bps);
                let _ = write!(out, ",AVERAGE-BANDWIDTH={average}");
            }
            let _ = write!(out, ",CODECS=\"{codecs}\"");
            if let (Some(w), Some(h)) = (v.width, v.height) {
                let _ = write!(out, ",RESOLUTION={w}x{h}");
            }
            if let Some(fps) = v.frame_rate {
                let _ = write!(out, ",FRAME-RATE={fps:.3}");
            }
            if !audio.is_empty() {
                let _ = write!(out, ",AUDIO=\"{}\"", super::audio_tracks::GROUP);
            }
            out.push_str(&super::text_tracks::hls_variant_attribute(index));
            let _ = writeln!(out, "\n{prefix}/{}/index.m3u8", v.name);
        }
    } else {
        super::text_tracks::hls_group(&mut out, index, prefix);
        for a in audio.iter().rev() {
            let _ = write!(out, "#EXT-X-STREAM-INF:BANDWIDTH={}", a.advertised_bps(index.complete));
            if index.complete {
                let _ = write!(out, ",AVERAGE-BANDWIDTH={}", a.average_bps());
            }
            let _ = writeln!(
                out,
                ",CODECS=\"{}\"{}\n{prefix}/{}/index.m3u8",
                a.codecs,
                super::text_tracks::hls_variant_attribute(index),
                a.name
            );
        }
    }
    out
}

/// Renders one rendition's media playlist: VOD when the index is complete, else a growing EVENT.
/// Encrypted segments get `#EXT-X-KEY` with the key at `{prefix}/key`, after `#EXT-X-MAP` so the
/// (clear) init segment is not taken for encrypted; without an `IV` attribute players use each
/// segment's media sequence number, which is how they were encrypted.
pub fn hls_media(index: &PackageIndex, rendition: &str, prefix: &str) -> Option<String> {
    let r = index.rendition(rendition)?;
    let longest = (0..r.segments.len()).map(|i| r.segment_secs(i).round() as u64).max().unwrap_or(0);
    // An EVENT playlist must not raise its target duration later, so promise the configured length.
    let target = if index.complete { longest.max(1) } else { longest.max(u64::from(index.segment_secs)) };
    let kind = if index.complete { "VOD" } else { "EVENT" };
    let mut out = format!(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:{kind}\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"{prefix}/{}/init.mp4\"\n",
        r.name
    );
    if let Some(encryption) = index.encryption {
        let _ = writeln!(out, "#EXT-X-KEY:METHOD={},URI=\"{prefix}/key\"", encryption.method());
    }
    if !index.complete {
        // Players treat a playlist without ENDLIST as live and join at its edge; a video being
        // transcoded is watched from the start.
        out.push_str("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n");
    }
    for i in 0..r.segments.len() {
        let _ = writeln!(out, "#EXTINF:{:.6},\n{prefix}/{}/{i:05}.m4s", r.segment_secs(i), r.name);
    }
    if index.complete {
        out.push_str("#EXT-X-ENDLIST\n");
    }
    Some(out)
}

/// Renders a static DASH MPD (SegmentTemplate + SegmentTimeline) over the same segments.
pub fn dash_mpd(index: &PackageIndex, prefix: &str) -> String {
    let prefix = xml_escape(prefix);
    let duration = index.renditions.iter().map(Rendition::duration_secs).fold(0.0, f64::max);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\" type=\"static\" mediaPresentationDuration=\"{}\" minBufferTime=\"PT{}S\">\n  <Period id=\"0\" start=\"PT0S\">\n",
        iso_duration(duration),
        index.segment_secs
    );
    let video: Vec<&Rendition> = index.video().collect();
    if !video.is_empty() {
        let max_w = video.iter().filter_map(|v| v.width).max().unwrap_or(0);
        let max_h = video.iter().filter_map(|v| v.height).max().unwrap_or(0);
        let _ = writeln!(
            out,
            "    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"{max_w}\" maxHeight=\"{max_h}\">"
        );
        for v in &video {
            let fps = v.frame_rate.map(|f| format!(" frameRate=\"{}\"", frame_rate_fraction(f))).unwrap_or_default();
            let _ = writeln!(
                out,
                "      <Representation id=\"{}\" bandwidth=\"{}\" codecs=\"{}\" width=\"{}\" height=\"{}\"{fps} sar=\"1:1\">",
                v.name,
                v.peak_bps(),
                v.codecs,
                v.width.unwrap_or(0),
                v.height.unwrap_or(0)
            );
            segment_template(&mut out, v, &prefix);
            out.push_str("      </Representation>\n");
        }
        out.push_str("    </AdaptationSet>\n");
    }
    let next = super::audio_tracks::dash_sets(&mut out, index, &prefix, 1);
    super::text_tracks::dash_sets(&mut out, index, &prefix, next);
    out.push_str("  </Period>\n</MPD>\n");
    out
}

pub(super) fn segment_template(out: &mut String, r: &Rendition, prefix: &str) {
    let _ = writeln!(
        out,
        "        <SegmentTemplate timescale=\"{}\" initialization=\"{prefix}/{name}/init.mp4\" media=\"{prefix}/{name}/$Number%05d$.m4s\" startNumber=\"0\">\n          <SegmentTimeline>",
        r.timescale,
        name = r.name
    );
    let mut i = 0;
    while i < r.segments.len() {
        let d = r.segments[i].duration;
        let repeats = r.segments[i + 1..].iter().take_while(|s| s.duration == d).count();
        let t = if i == 0 { format!(" t=\"{}\"", r.start) } else { String::new() };
        let rep = if repeats > 0 { format!(" r=\"{repeats}\"") } else { String::new() };
        let _ = writeln!(out, "            <S{t} d=\"{d}\"{rep}/>");
        i += repeats + 1;
    }
    out.push_str("          </SegmentTimeline>\n        </SegmentTemplate>\n");
}

/// `PT1M2.500S`-style durations.
fn iso_duration(secs: f64) -> String {
    let minutes = (secs / 60.0).floor();
    let rest = secs - minutes * 60.0;
    let hours = (minutes / 60.0).floor();
    let minutes = minutes - hours * 60.0;
    format!("PT{}H{}M{:.3}S", hours as u64, minutes as u64, rest)
}

/// DASH frame rates as fractions where the rate is an NTSC one (29.97 → 30000/1001).
fn frame_rate_fraction(fps: f64) -> String {
    let ntsc = (fps * 1001.0 / 1000.0).round();
    if (fps.fract()).abs() > 0.001 && (ntsc * 1000.0 / 1001.0 - fps).abs() < 0.01 {
        format!("{}/1001", ntsc as u64 * 1000)
    } else {
        format!("{}", fps.round() as u64)
    }
}

/// `s` escaped for XML text or a double-quoted attribute (the MPD's, and the site's feeds').
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(any(test, feature = "test-support"))]
impl PackageIndex {
    /// A one-second index with no renditions, for tests of what reads indexes.
    pub fn empty(complete: bool) -> Self {
        Self {
            complete,
            duration_s: 1.0,
            segment_secs: 4,
            renditions: Vec::new(),
            poster: None,
            storyboard: None,
            download: None,
            mp3: None,
            encryption: None,
            dropped: None,
            generation: 0,
            retiring: Vec::new(),
            audio_tracks: Vec::new(),
            captions: Vec::new(),
            chapters: Default::default(),
        }
    }
}

/// Packages made up for tests, here and in the crates above.
#[cfg(any(test, feature = "test-support"))]
pub mod testing {
    use super::*;

    /// A rendition whose segments all run at `bps` bits per second.
    pub fn rendition(name: &str, kind: Kind, durations: &[u64], bps: u64) -> Rendition {
        let video = kind == Kind::Video;
        let timescale: u64 = if video { 15360 } else { 48000 };
        Rendition {
            name: name.into(),
            kind,
            codecs: if video { "avc1.64001f".into() } else { "mp4a.40.2".into() },
            timescale: if video { 15360 } else { 48000 },
            start: 0,
            width: video.then_some(1280),
            height: video.then_some(720),
            frame_rate: video.then_some(30.0),
            channels: (!video).then_some(2),
            sample_rate: (!video).then_some(48000),
            track: 0,
            max_bps: 2 * bps,
            segments: durations.iter().map(|&duration| Segment { duration, size: bps / 8 * duration / timescale }).collect(),
        }
    }

    pub fn index(complete: bool) -> PackageIndex {
        PackageIndex {
            complete,
            duration_s: 9.0,
            segment_secs: 4,
            renditions: vec![
                rendition("720p", Kind::Video, &[61440, 61440, 15360], 1_000_000),
                rendition("audio", Kind::Audio, &[192000, 192000, 48000], 128_000),
            ],
            poster: Some("poster.jpg".into()),
            storyboard: None,
            download: None,
            mp3: None,
            encryption: None,
            dropped: None,
            generation: 0,
            retiring: Vec::new(),
            audio_tracks: Vec::new(),
            captions: Vec::new(),
            chapters: Default::default(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn retiring_renditions_are_served_but_never_listed() {
        let mut old = index(true);
        old.renditions[0].name = "720p-old".into();
        let index = PackageIndex { retiring: vec![old.renditions[0].clone()], ..index(true) };
        assert!(index.rendition("720p-old").is_some() && !index.lists("720p-old") && index.lists("720p"));
        assert!(!hls_master(&index, "/p").contains("720p-old") && !dash_mpd(&index, "/p").contains("720p-old"));
        assert!(hls_media(&index, "720p-old", "/p").unwrap().contains("/p/720p-old/00000.m4s"));
    }

    #[test]
    fn the_master_playlist_lists_codecs_bandwidth_resolution_and_the_audio_group() {
        let text = hls_master(&index(true), "/play/TOKEN/ID");
        assert_eq!(
            text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n\
             #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"/play/TOKEN/ID/audio/index.m3u8\"\n\
             #EXT-X-STREAM-INF:BANDWIDTH=1128000,AVERAGE-BANDWIDTH=1128000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO=\"audio\"\n\
             /play/TOKEN/ID/720p/index.m3u8\n"
        );
    }

    #[test]
    fn a_complete_media_playlist_is_vod_with_an_endlist() {
        let text = hls_media(&index(true), "720p", "/play/T/I").unwrap();
        assert_eq!(
            text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n\
             #EXT-X-MAP:URI=\"/play/T/I/720p/init.mp4\"\n\
             #EXTINF:4.000000,\n/play/T/I/720p/00000.m4s\n#EXTINF:4.000000,\n/play/T/I/720p/00001.m4s\n#EXTINF:1.000000,\n/play/T/I/720p/00002.m4s\n\
             #EXT-X-ENDLIST\n"
        );
        assert!(hls_media(&index(true), "1080p", "/p").is_none());
    }

    #[test]
    fn an_encrypted_media_playlist_names_the_key_after_the_init_segment() {
        let encrypted = PackageIndex { encryption: Some(SegmentEncryption::Aes128), ..index(true) };
        let text = hls_media(&encrypted, "720p", "/play/T/I").unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let map = lines.iter().position(|l| l.starts_with("#EXT-X-MAP:")).unwrap();
        assert_eq!(lines[map + 1], "#EXT-X-KEY:METHOD=AES-128,URI=\"/play/T/I/key\"", "{text}");
        assert!(lines[map + 2].starts_with("#EXTINF:"), "{text}");
        assert_eq!(text.matches("#EXT-X-KEY").count(), 1, "{text}");
        assert!(!hls_media(&index(true), "720p", "/p").unwrap().contains("EXT-X-KEY"));
    }

    #[test]
    fn the_index_records_encryption_only_when_there_is_some() {
        let encrypted = PackageIndex { encryption: Some(SegmentEncryption::Aes128), ..index(true) };
        let json = serde_json::to_value(&encrypted).unwrap();
        assert_eq!(json["encryption"], "AES-128");
        let plain = serde_json::to_value(index(true)).unwrap();
        assert!(plain.get("encryption").is_none(), "{plain}");
        let older: PackageIndex = serde_json::from_value(plain).unwrap();
        assert_eq!(older.encryption, None, "indexes written before encryption still read");
    }

    #[test]
    fn a_growing_master_advertises_the_caps_so_it_does_not_change() {
        let mut growing = index(false);
        let before = hls_master(&growing, "/p");
        growing.renditions[0].segments.push(Segment { duration: 61440, size: 9_000_000 });
        assert_eq!(hls_master(&growing, "/p"), before);
        assert!(before.contains("BANDWIDTH=2256000,CODECS="), "{before}");
    }

    #[test]
    fn an_incomplete_media_playlist_is_an_event_without_endlist() {
        let text = hls_media(&index(false), "audio", "/p").unwrap();
        assert!(text.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n") && !text.contains("ENDLIST"), "{text}");
        assert!(text.contains("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n"), "{text}");
    }

    #[test]
    fn the_mpd_uses_segment_timelines_over_the_same_segments() {
        let mpd = dash_mpd(&index(true), "/play/T/I");
        assert!(mpd.contains("type=\"static\" mediaPresentationDuration=\"PT0H0M9.000S\""), "{mpd}");
        assert!(mpd.contains("<Representation id=\"720p\" bandwidth=\"1000000\" codecs=\"avc1.64001f\" width=\"1280\" height=\"720\" frameRate=\"30\" sar=\"1:1\">"), "{mpd}");
        assert!(
            mpd.contains("initialization=\"/play/T/I/720p/init.mp4\" media=\"/play/T/I/720p/$Number%05d$.m4s\" startNumber=\"0\""),
            "{mpd}"
        );
        assert!(mpd.contains("<S t=\"0\" d=\"61440\" r=\"1\"/>\n            <S d=\"15360\"/>"), "{mpd}");
        assert!(
            mpd.contains("<AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"2\"/>"),
            "{mpd}"
        );
    }

    #[test]
    fn ntsc_frame_rates_are_fractions() {
        assert_eq!(frame_rate_fraction(29.97), "30000/1001");
        assert_eq!(frame_rate_fraction(25.0), "25");
    }
}
