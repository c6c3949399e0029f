//! The watermark: a logo burned into every rung of the ladder, at the same place and the same
//! size relative to the picture in each (so a viewer switching quality sees it stay put). Its
//! placement is a corner, a margin and a height, both as shares of the picture's height, and
//! an opacity. The logo is an image checked like an avatar (image demuxers only) and made
//! into a clean RGBA PNG before any transcode reads it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::domain::finishing::{Corner, Placement};

use super::image::ImageInfo;
use super::probe::file_url;

/// The tallest logo kept: a mark is a few percent of a 2160p picture at most, and a bigger
/// one only costs time on every frame.
pub const MAX_LOGO_HEIGHT: u32 = 540;

/// A logo ready to burn in: its clean PNG on local disk and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Watermark {
    /// The RGBA PNG made by [`normalise_args`].
    pub image: PathBuf,
    /// Its placement.
    pub placement: Placement,
}

impl Watermark {
    /// The transcode's second input: the PNG, through the PNG demuxer only, as a local file.
    pub fn input_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = ["-f", "png_pipe", "-i"].map(OsString::from).to_vec();
        args.push(file_url(&self.image));
        args
    }

    /// The filter graph parts that put the mark (input `logo`, e.g. `1:v`) on each picture
    /// `[{from}{i}]` of `heights` and name the result `[{to}{i}]`: the logo's opacity set once,
    /// then one copy scaled per picture height and laid over it in its corner.
    pub fn graph(&self, logo: &str, heights: &[u32], from: &str, to: &str) -> Vec<String> {
        let p = &self.placement;
        let copies: String = (0..heights.len()).map(|i| format!("[wm{i}]")).collect();
        // An image is one frame: `overlay` repeats it for every frame of the video. The result
        // stays 4:2:0, which the encoder's profile needs (an RGBA overlay would make it 4:4:4).
        let mut graph = vec![format!("[{logo}]format=rgba,colorchannelmixer=aa={:.3},split={}{copies}", p.opacity, heights.len())];
        for (i, height) in heights.iter().enumerate() {
            let (mark, margin) = p.pixels(*height);
            let x = if matches!(p.corner, Corner::TopLeft | Corner::BottomLeft) { margin.to_string() } else { format!("W-w-{margin}") };
            let y = if matches!(p.corner, Corner::TopLeft | Corner::TopRight) { margin.to_string() } else { format!("H-h-{margin}") };
            graph.push(format!("[wm{i}]scale=-2:{mark}:flags=lanczos[wms{i}]"));
            graph.push(format!("[{from}{i}][wms{i}]overlay=x={x}:y={y}:format=yuv420:eof_action=repeat[{to}{i}]"));
        }
        graph
    }
}

/// The ffmpeg arguments that make a logo Reel can use from an image checked by
/// `image::check`: its first frame, no taller than [`MAX_LOGO_HEIGHT`], as an RGBA PNG with no
/// metadata (transparency kept; a JPEG becomes opaque RGBA).
pub fn normalise_args(input: &Path, info: &ImageInfo, output: &Path) -> Vec<OsString> {
    let filter = format!("scale=-2:{}:flags=lanczos,format=rgba", info.height.min(MAX_LOGO_HEIGHT));
    // `-update 1`: one picture to a plain file name, not a numbered sequence.
    super::image::still_args(input, info, &filter, &["-c:v", "png", "-update", "1"], output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(corner: Corner) -> Watermark {
        Watermark { image: "/scratch/logo.png".into(), placement: Placement { corner, margin: 0.05, height: 0.1, opacity: 0.5 } }
    }

    #[test]
    fn the_mark_is_the_same_share_of_every_rung() {
        let p = Placement { margin: 0.05, height: 0.1, ..Placement::default() };
        assert_eq!(p.pixels(1080), (108, 54));
        assert_eq!(p.pixels(720), (72, 36));
        assert_eq!(p.pixels(360), (36, 18));
        assert_eq!(p.pixels(240), (24, 12));
        // Odd results round to even; nothing vanishes.
        assert_eq!(Placement { height: 0.01, margin: 0.0, ..p }.pixels(144), (2, 0));
    }

    #[test]
    fn each_rung_gets_its_own_scaled_copy_in_the_corner() {
        let graph = mark(Corner::BottomRight).graph("1:v", &[720, 360], "v", "m");
        assert_eq!(
            graph,
            [
                "[1:v]format=rgba,colorchannelmixer=aa=0.500,split=2[wm0][wm1]",
                "[wm0]scale=-2:72:flags=lanczos[wms0]",
                "[v0][wms0]overlay=x=W-w-36:y=H-h-36:format=yuv420:eof_action=repeat[m0]",
                "[wm1]scale=-2:36:flags=lanczos[wms1]",
                "[v1][wms1]overlay=x=W-w-18:y=H-h-18:format=yuv420:eof_action=repeat[m1]",
            ]
        );
        let top_left = mark(Corner::TopLeft).graph("1:v", &[240], "v", "m");
        assert_eq!(top_left[2], "[v0][wms0]overlay=x=12:y=12:format=yuv420:eof_action=repeat[m0]");
        let top_right = mark(Corner::TopRight).graph("1:v", &[240], "v", "m");
        assert_eq!(top_right[2], "[v0][wms0]overlay=x=W-w-12:y=12:format=yuv420:eof_action=repeat[m0]");
    }

    #[test]
    fn placements_out_of_range_are_named() {
        assert_eq!(Placement::default().problem("watermark"), None);
        let bad = |p: Placement| p.problem("watermark").unwrap();
        assert!(bad(Placement { height: 0.0, ..Placement::default() }).contains("height"));
        assert!(bad(Placement { margin: 0.5, ..Placement::default() }).contains("margin"));
        assert!(bad(Placement { opacity: 1.5, ..Placement::default() }).contains("opacity"));
        assert!(bad(Placement { opacity: f64::NAN, ..Placement::default() }).contains("opacity"));
    }

    #[test]
    fn the_logo_is_read_from_a_pinned_demuxer_and_a_local_file_and_made_small_rgba() {
        let info = ImageInfo { demuxer: "webp_pipe".into(), width: 4000, height: 2000 };
        let args: Vec<String> =
            normalise_args(Path::new("/in"), &info, Path::new("/out.png")).iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let joined = args.join(" ");
        assert!(joined.contains("-protocol_whitelist file -f webp_pipe -i file:/in"), "{joined}");
        assert!(joined.contains("-vf scale=-2:540:flags=lanczos,format=rgba -map_metadata -1 -c:v png"), "{joined}");
        let input: Vec<String> = mark(Corner::TopLeft).input_args().iter().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(input, ["-f", "png_pipe", "-i", "file:/scratch/logo.png"]);
    }
}
