//! The progressive MP4 download, remuxed from the renditions already encoded.

use std::ffi::OsString;
use std::path::Path;

use super::args::Args;
use crate::domain::Language;
use crate::media::audio_tracks::AudioTrack;
use crate::media::probe::file_url;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
