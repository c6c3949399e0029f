//! Text tracks in the manifests: the HLS `SUBTITLES` group and its segmented WebVTT playlists
//! (cut on the media's own segment boundaries), and DASH text AdaptationSets over the whole
//! file. Tracks are listed beside the renditions, never inside them, so adding or removing one
//! changes no media.

use std::fmt::Write;

use crate::domain::{Caption, CaptionKind};

use super::package::{xml_escape, PackageIndex, Rendition};

/// The `GROUP-ID` every variant names in `SUBTITLES`.
pub const GROUP: &str = "subs";
/// The folder of text tracks under an item's URL prefix (never a rendition's name).
pub const FOLDER: &str = "captions";

/// A track's media playlist.
pub fn playlist_file(caption: &Caption) -> String {
    format!("{}.m3u8", caption.id)
}

/// A track's whole WebVTT file.
pub fn vtt_file(caption: &Caption) -> String {
    format!("{}.vtt", caption.id)
}

/// Segment `n` of a track's HLS playlist.
pub fn segment_file(caption: &Caption, n: usize) -> String {
    format!("{}-{n:05}.vtt", caption.id)
}

/// The rendition whose segment boundaries the text segments follow: the first listed video
/// rung, else the first audio rendition.
fn timeline(index: &PackageIndex) -> Option<&Rendition> {
    index.video().next().or_else(|| index.audio().next())
}

/// Where text segment `n` starts and ends, in ms of the media timeline, and the 90 kHz time
/// that media time 0 has (`X-TIMESTAMP-MAP`'s `MPEGTS`): the timeline rendition's first decode
/// time, so cues line up with what players have buffered.
pub fn segment_span(index: &PackageIndex, n: usize) -> Option<(u64, u64, u64)> {
    let r = timeline(index)?;
    if n >= r.segments.len() {
        return None;
    }
    let ticks = |t: u64| t * 1000 / u64::from(r.timescale);
    let before: u64 = r.segments[..n].iter().map(|s| s.duration).sum();
    let from = ticks(before);
    let to = if index.complete && n + 1 == r.segments.len() {
        // The last segment takes every cue still to come (a credit line past the picture).
        u64::MAX
    } else {
        ticks(before + r.segments[n].duration)
    };
    Some((from, to, r.start * 90_000 / u64::from(r.timescale)))
}

/// Lines of the master playlist's subtitle group.
pub fn hls_group(out: &mut String, index: &PackageIndex, prefix: &str) {
    for c in &index.captions {
        let (autoselect, characteristics) = match c.kind {
            CaptionKind::Subtitles => ("YES", ""),
            CaptionKind::Captions => (
                "YES",
                ",CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound\"",
            ),
            // Read out to those who asked for them, never picked by a player on its own.
            CaptionKind::Descriptions => ("NO", ",CHARACTERISTICS=\"public.accessibility.describes-video\""),
        };
        let _ = writeln!(
            out,
            "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"{GROUP}\",NAME=\"{}\",LANGUAGE=\"{}\",DEFAULT=NO,AUTOSELECT={autoselect},FORCED=NO{characteristics},URI=\"{prefix}/{FOLDER}/{}\"",
            c.label,
            c.language.as_str(),
            playlist_file(c)
        );
    }
}

/// The `SUBTITLES` attribute every variant carries when the item has text tracks.
pub fn hls_variant_attribute(index: &PackageIndex) -> String {
    if index.captions.is_empty() {
        String::new()
    } else {
        format!(",SUBTITLES=\"{GROUP}\"")
    }
}

/// A text track's media playlist: one WebVTT segment per segment of the media, VOD once the
/// item is complete.
pub fn hls_playlist(index: &PackageIndex, caption: &Caption, prefix: &str) -> Option<String> {
    let r = timeline(index)?;
    let longest = (0..r.segments.len()).map(|i| r.segment_secs(i).round() as u64).max().unwrap_or(0);
    let target = if index.complete { longest.max(1) } else { longest.max(u64::from(index.segment_secs)) };
    let kind = if index.complete { "VOD" } else { "EVENT" };
    let mut out =
        format!("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:{kind}\n");
    for i in 0..r.segments.len() {
        let _ = writeln!(out, "#EXTINF:{:.6},\n{prefix}/{FOLDER}/{}", r.segment_secs(i), segment_file(caption, i));
    }
    if index.complete {
        out.push_str("#EXT-X-ENDLIST\n");
    }
    Some(out)
}

/// The DASH AdaptationSets of the text tracks, each over its whole WebVTT file; `first_id`
/// continues the numbering of the media's sets.
pub fn dash_sets(out: &mut String, index: &PackageIndex, prefix: &str, first_id: usize) {
    for (i, c) in index.captions.iter().enumerate() {
        let role = match c.kind {
            CaptionKind::Subtitles => "subtitle",
            CaptionKind::Captions => "caption",
            CaptionKind::Descriptions => "description",
        };
        let _ = write!(
            out,
            "    <AdaptationSet id=\"{}\" contentType=\"text\" mimeType=\"text/vtt\" lang=\"{}\">\n      \
             <Label>{}</Label>\n      <Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"{role}\"/>\n      \
             <Representation id=\"{FOLDER}-{}\" bandwidth=\"256\">\n        <BaseURL>{prefix}/{FOLDER}/{}</BaseURL>\n      </Representation>\n    \
             </AdaptationSet>\n",
            first_id + i,
            c.language.as_str(),
            xml_escape(c.label.as_str()),
            c.id,
            vtt_file(c)
        );
    }
}

/// The track of this id, if the item lists it.
pub fn find<'a>(index: &'a PackageIndex, id: &str) -> Option<&'a Caption> {
    index.captions.iter().find(|c| c.id.to_string() == id)
}
