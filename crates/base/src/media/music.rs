//! What a music file brings besides its sound: the tags already in it (ID3, Vorbis comments,
//! iTunes atoms, as ffprobe reports them), its cover picture, and the ffmpeg runs that make
//! the cover the poster and the MP3 download.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;

use super::image::{pictures_bounded, MAX_IMAGE_PIXELS};
use super::probe::{file_url, ProbeOutput, ProbeStream};
use super::transcode::TranscodePlan;

/// Tags found in a file; each one present and not blank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbeddedTags {
    /// Track title.
    pub title: Option<String>,
    /// Performing artist.
    pub artist: Option<String>,
    /// Album.
    pub album: Option<String>,
    /// The album's artist.
    pub album_artist: Option<String>,
    /// Genre, as the file spells it (the catalogue decides whether it is one of its genres).
    pub genre: Option<String>,
    /// Year, from a date or year tag.
    pub year: Option<i64>,
    /// Track number (from `3` or `3/12`).
    pub track: Option<i64>,
    /// Disc number (from `1` or `1/2`).
    pub disc: Option<i64>,
}

/// Each field's tag names, as ffprobe reports them after its own mapping (ID3 `TPE2` is
/// already `album_artist`), and as Vorbis comments spell them when it does not map them.
const TITLE: &[&str] = &["title"];
const ARTIST: &[&str] = &["artist"];
const ALBUM: &[&str] = &["album"];
const ALBUM_ARTIST: &[&str] = &["album_artist", "albumartist", "album artist"];
const GENRE: &[&str] = &["genre"];
const YEAR: &[&str] = &["date", "year", "originaldate", "tdrc", "tyer"];
const TRACK: &[&str] = &["track", "tracknumber", "trck"];
const DISC: &[&str] = &["disc", "discnumber", "tpos"];

/// Longest tag value taken; longer ones are cut (the catalogue's own limits still apply).
const MAX_TAG_CHARS: usize = 500;

impl EmbeddedTags {
    /// The container's tags, then the first audio stream's (where Ogg keeps its comments).
    pub fn from_probe(probe: &ProbeOutput) -> Self {
        let mut tags: HashMap<String, String> = HashMap::new();
        let audio = probe.streams.iter().find(|s| s.codec_type.as_deref() == Some("audio"));
        let sources = probe.format.iter().map(|f| &f.tags).chain(audio.map(|s| &s.tags));
        for source in sources {
            for (key, value) in source {
                let value: String = value.chars().filter(|c| !crate::domain::text::breaks_a_line(*c)).take(MAX_TAG_CHARS).collect();
                if !value.trim().is_empty() {
                    tags.entry(key.to_lowercase()).or_insert_with(|| value.trim().to_string());
                }
            }
        }
        let text = |names: &[&str]| names.iter().find_map(|n| tags.get(*n).cloned());
        let number = |names: &[&str]| text(names).and_then(|v| leading_number(&v));
        Self {
            title: text(TITLE),
            artist: text(ARTIST),
            album: text(ALBUM),
            album_artist: text(ALBUM_ARTIST),
            genre: text(GENRE),
            year: text(YEAR).and_then(|d| year_of(&d)),
            track: number(TRACK),
            disc: number(DISC),
        }
    }
}

/// `3` from `3`, `3/12` or ` 03 `; none from anything else.
fn leading_number(text: &str) -> Option<i64> {
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// The year of `1965`, `1957-09-15` or `1959-01-01T00:00:00Z`.
fn year_of(date: &str) -> Option<i64> {
    let date = date.trim();
    let year = date.get(..4)?;
    let rest_ok = date.len() == 4 || !date.as_bytes()[4].is_ascii_digit();
    (year.bytes().all(|b| b.is_ascii_digit()) && rest_ok).then(|| year.parse().ok()).flatten()
}

/// The stream index of the cover picture (an `attached_pic` image), if the file has one of at
/// most [`MAX_IMAGE_PIXELS`] (a larger one is never decoded: the item has no poster from it).
pub fn cover_stream(probe: &ProbeOutput) -> Option<u32> {
    let within = |s: &ProbeStream| matches!((s.width, s.height), (Some(w), Some(h)) if u64::from(w) * u64::from(h) <= MAX_IMAGE_PIXELS);
    probe
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video") && s.disposition.get("attached_pic").copied().unwrap_or(0) == 1)
        .filter(|s| within(s))
        .map(|s| s.index)
}

/// Longest side of a poster made from a cover: covers are often 3000 px squares.
const COVER_MAX_SIDE: u32 = 1280;

/// The poster of an audio item: its cover picture, scaled down to fit, re-encoded as JPEG
/// (never served as uploaded), decoded on one thread and never beyond [`MAX_IMAGE_PIXELS`]
/// (run it with its heap bounded, as pictures are). `None` when the plan has video or the file
/// has no cover.
pub fn cover_args(plan: &TranscodePlan) -> Option<Vec<OsString>> {
    let cover = plan.cover.filter(|_| plan.video.is_none())?;
    let max_pixels = MAX_IMAGE_PIXELS.to_string();
    let mut a: Vec<OsString> =
        ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-threads", "1", "-max_pixels", &max_pixels].map(OsString::from).to_vec();
    a.extend(["-protocol_whitelist", "file", "-f", &plan.demuxer, "-i"].map(OsString::from));
    a.push(file_url(&plan.input));
    let scale = format!(
        "scale=w='min({COVER_MAX_SIDE},iw)':h='min({COVER_MAX_SIDE},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1,format=yuvj420p"
    );
    a.extend(["-map".to_string(), format!("0:{cover}"), "-vf".into(), scale].map(OsString::from));
    a.extend(["-frames:v", "1", "-q:v", "3", "-f", "image2", "-update", "1", "-atomic_writing", "1"].map(OsString::from));
    a.push(plan.poster_path().into_os_string());
    Some(a)
}

/// Bitrate of the MP3 download: transparent for most listeners at a modest size.
pub const MP3_KBPS: u32 = 192;

/// The MP3 download of an audio item, encoded once from the source (not from the AAC
/// rendition, which would be a second lossy generation), with the tags carried over as ID3v2.3
/// and no picture (the poster is served on its own): only the audio stream is decoded, and no
/// picture of the file beyond a picture's bound ([`pictures_bounded`]).
pub fn mp3_args(plan: &TranscodePlan, audio_stream: u32, loudness: Option<&str>, out: &Path) -> Vec<OsString> {
    let mut a: Vec<OsString> = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error"].map(OsString::from).to_vec();
    a.extend(pictures_bounded());
    a.extend(["-protocol_whitelist", "file", "-f", &plan.demuxer, "-i"].map(OsString::from));
    a.push(file_url(&plan.input));
    a.extend(["-map".to_string(), format!("0:{audio_stream}"), "-map_metadata".into(), "0".into()].map(OsString::from));
    if let Some(filter) = loudness {
        a.extend(["-af", filter].map(OsString::from));
    }
    a.extend(["-vn", "-c:a", "libmp3lame", "-b:a", &format!("{MP3_KBPS}k"), "-id3v2_version", "3", "-f", "mp3"].map(OsString::from));
    a.push(out.as_os_str().to_owned());
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(name: &str) -> ProbeOutput {
        let path = format!("{}/../../tests/fixtures/probe/{name}.json", env!("CARGO_MANIFEST_DIR"));
        ProbeOutput::parse(&std::fs::read(&path).unwrap()).unwrap()
    }

    #[test]
    fn id3_tags_and_the_cover_of_an_mp3_are_read() {
        let p = probe("tagged_mp3");
        let tags = EmbeddedTags::from_probe(&p);
        assert_eq!(tags.title.as_deref(), Some("Pastel Blues"));
        assert_eq!(
            (tags.artist.as_deref(), tags.album.as_deref(), tags.album_artist.as_deref()),
            (Some("Nina Simone"), Some("Pastel Blues"), Some("Nina Simone"))
        );
        assert_eq!((tags.genre.as_deref(), tags.year, tags.track, tags.disc), (Some("Jazz"), Some(1965), Some(3), Some(1)));
        assert_eq!(cover_stream(&p), Some(1));
        assert!(p.media_info().unwrap().video.is_none(), "a cover is not video");
    }

    #[test]
    fn a_cover_larger_than_a_picture_may_be_is_never_decoded() {
        let mut p = probe("tagged_mp3");
        p.streams[1].width = Some(16_000);
        p.streams[1].height = Some(16_000);
        assert_eq!(cover_stream(&p), None, "256 megapixels");
        p.streams[1].width = None;
        assert_eq!(cover_stream(&p), None, "a size unknown is not known to be small");
        p.streams[1].width = Some(4_096);
        p.streams[1].height = Some(4_096);
        assert_eq!(cover_stream(&p), Some(1));
    }

    #[test]
    fn the_mp3_download_decodes_the_sound_alone_and_no_picture_beyond_a_pictures_bound() {
        let info = probe("tagged_mp3").media_info().unwrap();
        let plan = TranscodePlan::new(&info, Path::new("/s/in"), Path::new("/s/out"), &crate::config::Config::default());
        let args = mp3_args(&plan, 0, None, Path::new("/s/out/a.mp3"));
        let text = args.iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ");
        assert!(text.starts_with("-hide_banner -nostdin -y -loglevel error -max_pixels 25000000 -protocol_whitelist file"), "{text}");
        assert!(text.contains("-i file:/s/in -map 0:0 -map_metadata 0"), "{text}");
        assert_eq!(args.iter().filter(|a| *a == "-map").count(), 1, "the sound alone: {text}");
    }

    #[test]
    fn vorbis_comments_of_a_flac_are_read_whatever_their_case() {
        let p = probe("tagged_flac");
        let tags = EmbeddedTags::from_probe(&p);
        assert_eq!(
            (tags.title.as_deref(), tags.artist.as_deref(), tags.album_artist.as_deref()),
            (Some("Blue Train"), Some("John Coltrane"), Some("John Coltrane"))
        );
        assert_eq!((tags.genre.as_deref(), tags.year, tags.track, tags.disc), (Some("Hard Bop"), Some(1957), Some(1), Some(1)));
        assert_eq!(cover_stream(&p), Some(1));
    }

    #[test]
    fn itunes_atoms_of_an_m4a_and_stream_comments_of_an_ogg_are_read() {
        let m4a = probe("tagged_m4a");
        let tags = EmbeddedTags::from_probe(&m4a);
        assert_eq!(
            (tags.title.as_deref(), tags.album.as_deref(), tags.track, tags.year),
            (Some("So What"), Some("Kind of Blue"), Some(1), Some(1959))
        );
        assert_eq!(cover_stream(&m4a), Some(1));
        let ogg = probe("tagged_ogg");
        let tags = EmbeddedTags::from_probe(&ogg);
        assert_eq!(
            (tags.artist.as_deref(), tags.album.as_deref(), tags.track),
            (Some("The Dave Brubeck Quartet"), Some("Time Out"), Some(3))
        );
        assert_eq!(cover_stream(&ogg), None);
    }

    #[test]
    fn a_file_without_tags_has_none_and_odd_numbers_are_dropped() {
        let plain = EmbeddedTags::from_probe(&probe("landscape"));
        assert_eq!((plain.artist, plain.album, plain.genre, plain.year, plain.track), (None, None, None, None, None));
        assert_eq!(cover_stream(&probe("landscape")), None);
        assert_eq!((leading_number("03/12"), leading_number("A1"), leading_number("0"), leading_number("")), (Some(3), None, None, None));
        assert_eq!((year_of("1957-09-15"), year_of("19571"), year_of("c. 1960"), year_of("2001")), (Some(1957), None, None, Some(2001)));
    }
}
