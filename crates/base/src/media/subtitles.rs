//! Text subtitle streams of a source taken out as WebVTT: the confined ffmpeg command line
//! for one stream (ffmpeg converts mov_text, SubRip and ASS/SSA; `media::captions` then cleans
//! what it wrote like any upload).

use std::ffi::OsString;
use std::path::Path;

use super::probe::file_url;

/// The arguments that write stream `stream` of the local `input` (opened with `demuxer`) to
/// `out` as WebVTT.
pub fn extract_args(input: &Path, demuxer: &str, stream: u32, out: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> =
        ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-protocol_whitelist", "file", "-f", demuxer, "-i"]
            .map(OsString::from)
            .to_vec();
    args.push(file_url(input));
    args.extend(
        ["-map".to_string(), format!("0:{stream}"), "-c:s".into(), "webvtt".into(), "-f".into(), "webvtt".into()].map(OsString::from),
    );
    args.push(file_url(out));
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_stream_is_written_as_webvtt_from_the_confined_source() {
        let args = extract_args(Path::new("/s/source"), "matroska", 3, Path::new("/s/text-3.vtt"));
        let text: Vec<_> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(
            text.join(" "),
            "-hide_banner -nostdin -y -loglevel error -protocol_whitelist file -f matroska -i file:/s/source \
             -map 0:3 -c:s webvtt -f webvtt file:/s/text-3.vtt"
        );
    }
}
