//! Audio languages in the manifests: what each audio track of an item is (language, label,
//! default) and how the HLS `AUDIO` group and the DASH audio AdaptationSets list them. A
//! track is one audio stream of the source; its renditions (stereo, and 5.1 where configured)
//! name it by position in [`Rendition::track`].

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::domain::{Language, TrackLabel};

use super::loudness::{Correction, Measured};
use super::package::{xml_escape, PackageIndex, Rendition};

/// The `GROUP-ID` every video variant names in `AUDIO`.
pub const GROUP: &str = "audio";

/// One audio track of an item, as players' audio menus show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioTrack {
    /// Its language, when the source or an editor said; players pick by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// What the menu shows: the stream's title, else the language's own name.
    pub label: TrackLabel,
    /// The track players start with: the stream the source flagged default, else the first.
    pub default: bool,
    /// Its source stream's measured loudness and how it was corrected; none where loudness
    /// is not normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loudness: Option<Loudness>,
}

/// A track's loudness: what the source stream measured and what was done about it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Loudness {
    /// The source stream, measured.
    #[serde(flatten)]
    pub input: Measured,
    /// The correction applied.
    #[serde(flatten)]
    pub correction: Correction,
}

impl AudioTrack {
    /// The label a stream gets from its tags: its title, else its language in its own words,
    /// else "Audio" and its number.
    pub fn from_tags(language: Option<Language>, title: Option<&str>, position: usize, default: bool) -> Self {
        let named = title.and_then(|t| t.parse::<TrackLabel>().ok());
        let label = named.unwrap_or_else(|| {
            let name = language.as_ref().map_or_else(|| format!("Audio {}", position + 1), |l| l.endonym().to_string());
            name.parse().expect("a language's name or a number is a valid label")
        });
        Self { language, label, default, loudness: None }
    }

    /// The `LANGUAGE` attribute and DASH `lang`: the tag, or `und` (undetermined).
    pub fn language_tag(&self) -> &str {
        self.language.as_ref().map_or("und", Language::as_str)
    }
}

/// The track a rendition belongs to, if the index describes its tracks (indexes written before
/// tracks were described have one unnamed track).
fn track_of<'a>(index: &'a PackageIndex, r: &Rendition) -> Option<&'a AudioTrack> {
    index.audio_tracks.get(r.track as usize)
}

/// What a rendition is called in the group: its track's label, with the channel layout
/// where the track has more than one rendition.
fn rendition_name(index: &PackageIndex, r: &Rendition) -> String {
    let label = track_of(index, r).map_or("Audio", |t| t.label.as_str());
    match r.channels {
        Some(c) if c > 2 => format!("{label} ({}.1)", c - 1),
        _ => label.to_string(),
    }
}

/// Whether players should start with this rendition: the default track's first rendition
/// (its stereo one).
fn starts_with(index: &PackageIndex, r: &Rendition) -> bool {
    let default_track = index.audio_tracks.iter().position(|t| t.default).unwrap_or(0) as u32;
    index.audio().find(|a| a.track == default_track).is_some_and(|first| first.name == r.name)
}

/// Lines of the master playlist's audio group: every audio rendition of every track.
pub fn hls_group(out: &mut String, index: &PackageIndex, prefix: &str) {
    for a in index.audio() {
        let language = track_of(index, a).map_or("und", AudioTrack::language_tag);
        let default = if starts_with(index, a) { "YES" } else { "NO" };
        let _ = writeln!(
            out,
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"{GROUP}\",NAME=\"{}\",LANGUAGE=\"{language}\",DEFAULT={default},AUTOSELECT=YES,CHANNELS=\"{}\",URI=\"{prefix}/{}/index.m3u8\"",
            rendition_name(index, a),
            a.channels.unwrap_or(2),
            a.name
        );
    }
}

/// The audio renditions a variant's `BANDWIDTH` must cover: the largest of the group, since a
/// player may pick any of them with any variant.
pub fn widest(index: &PackageIndex) -> Option<&Rendition> {
    index.audio().max_by_key(|a| a.advertised_bps(index.complete))
}

/// The DASH audio AdaptationSets, one per track, numbered from `first_id`; returns the next
/// free id.
pub fn dash_sets(out: &mut String, index: &PackageIndex, prefix: &str, first_id: usize) -> usize {
    let tracks = index.audio().map(|a| a.track).max().map_or(0, |last| last as usize + 1);
    let mut id = first_id;
    for track in 0..tracks {
        let renditions: Vec<&Rendition> = index.audio().filter(|a| a.track as usize == track).collect();
        let Some(first) = renditions.first() else { continue };
        let described = track_of(index, first);
        let _ = writeln!(
            out,
            "    <AdaptationSet id=\"{id}\" contentType=\"audio\" mimeType=\"audio/mp4\" lang=\"{}\" segmentAlignment=\"true\" startWithSAP=\"1\">",
            described.map_or("und", AudioTrack::language_tag)
        );
        if let Some(t) = described {
            let role = if starts_with(index, first) { "main" } else { "alternate" };
            let _ = writeln!(
                out,
                "      <Label>{}</Label>\n      <Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"{role}\"/>",
                xml_escape(t.label.as_str())
            );
        }
        for a in renditions {
            let _ = writeln!(
                out,
                "      <Representation id=\"{}\" bandwidth=\"{}\" codecs=\"{}\" audioSamplingRate=\"{}\">\n        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"{}\"/>",
                a.name,
                a.peak_bps(),
                a.codecs,
                a.sample_rate.unwrap_or(48_000),
                a.channels.unwrap_or(2)
            );
            super::package::segment_template(out, a, prefix);
            out.push_str("      </Representation>\n");
        }
        out.push_str("    </AdaptationSet>\n");
        id += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::package::testing::{index, rendition};
    use crate::media::package::{dash_mpd, hls_master, Kind};

    /// An item with an English track and a French one (stereo and 5.1), French by default.
    fn two_languages() -> PackageIndex {
        let mut index = index(true);
        let mut fr = rendition("audio-2", Kind::Audio, &[192000, 192000, 48000], 128_000);
        fr.track = 1;
        let mut surround = rendition("audio-2-51", Kind::Audio, &[192000, 192000, 48000], 384_000);
        (surround.track, surround.channels) = (1, Some(6));
        index.renditions.extend([fr, surround]);
        index.audio_tracks = vec![
            AudioTrack::from_tags(Some("en".parse().unwrap()), None, 0, false),
            AudioTrack::from_tags(Some("fr".parse().unwrap()), Some("Français (VF)"), 1, true),
        ];
        index
    }

    #[test]
    fn the_master_lists_every_track_in_one_group_and_bandwidth_covers_the_widest() {
        let text = hls_master(&two_languages(), "/p");
        assert_eq!(
            text,
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n\
             #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"/p/audio/index.m3u8\"\n\
             #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Français (VF)\",LANGUAGE=\"fr\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"/p/audio-2/index.m3u8\"\n\
             #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Français (VF) (5.1)\",LANGUAGE=\"fr\",DEFAULT=NO,AUTOSELECT=YES,CHANNELS=\"6\",URI=\"/p/audio-2-51/index.m3u8\"\n\
             #EXT-X-STREAM-INF:BANDWIDTH=1384000,AVERAGE-BANDWIDTH=1384000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO=\"audio\"\n\
             /p/720p/index.m3u8\n"
        );
    }

    #[test]
    fn the_mpd_has_one_audio_set_per_track_with_its_language_label_and_role() {
        let mpd = dash_mpd(&two_languages(), "/p");
        let sets: Vec<&str> = mpd.split("<AdaptationSet ").skip(1).collect();
        assert_eq!(sets.len(), 3, "{mpd}");
        assert!(sets[1].starts_with("id=\"1\" contentType=\"audio\" mimeType=\"audio/mp4\" lang=\"en\""), "{mpd}");
        assert!(
            sets[1].contains("<Label>English</Label>\n      <Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"alternate\"/>"),
            "{mpd}"
        );
        assert!(sets[2].starts_with("id=\"2\" contentType=\"audio\" mimeType=\"audio/mp4\" lang=\"fr\""), "{mpd}");
        assert!(
            sets[2].contains("<Label>Français (VF)</Label>\n      <Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"main\"/>"),
            "{mpd}"
        );
        assert!(sets[2].contains("<Representation id=\"audio-2\"") && sets[2].contains("<Representation id=\"audio-2-51\""), "{mpd}");
        assert!(sets[2].contains("audio_channel_configuration:2011\" value=\"6\"/>"), "{mpd}");
    }

    #[test]
    fn an_index_from_before_tracks_has_one_unnamed_track() {
        let text = hls_master(&index(true), "/p");
        assert!(text.contains("NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES"), "{text}");
        assert!(dash_mpd(&index(true), "/p").contains("lang=\"und\""));
    }

    #[test]
    fn a_track_without_tags_is_named_by_its_number() {
        assert_eq!(AudioTrack::from_tags(None, None, 2, false).label.as_str(), "Audio 3");
        assert_eq!(AudioTrack::from_tags(None, Some("  "), 0, false).label.as_str(), "Audio 1");
        assert_eq!(AudioTrack::from_tags(Some("de".parse().unwrap()), Some("bad\"quote"), 0, false).label.as_str(), "Deutsch");
    }
}
