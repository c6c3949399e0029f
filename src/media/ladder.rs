//! Ladder choice, a pure function: which rungs a source gets, at which sizes.

use serde::{Deserialize, Serialize};

use crate::config::RungConfig;

use super::probe::VideoStream;

/// One rung chosen for a source: its output size and bitrate cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rung {
    /// Rendition name, e.g. `720p`.
    pub name: String,
    /// Output width (even).
    pub width: u32,
    /// Output height (even).
    pub height: u32,
    /// Peak video bitrate, kbit/s.
    pub video_kbps: u32,
}

/// Chooses the rungs for a video stream: never upscaled, sized by the display aspect ratio,
/// in the source's orientation, highest first.
///
/// A rung's configured `height` is the short side, so a portrait 1080×1920 source gets a
/// `1080p` rung of 1080×1920. A source smaller than every rung gets one rung at its own size.
pub fn choose(video: &VideoStream, ladder: &[RungConfig]) -> Vec<Rung> {
    let (dw, dh) = (f64::from(video.display_width), f64::from(video.display_height));
    let portrait = dh > dw;
    let short_side = video.display_width.min(video.display_height);
    let size_for = |short: u32| -> (u32, u32) {
        let long = even(f64::from(short) * if portrait { dh / dw } else { dw / dh });
        let short = even(f64::from(short));
        if portrait {
            (short, long)
        } else {
            (long, short)
        }
    };
    let mut rungs: Vec<Rung> = ladder
        .iter()
        .filter(|r| r.height <= short_side)
        .map(|r| {
            let (width, height) = size_for(r.height);
            Rung { name: r.name.clone(), width, height, video_kbps: r.video_kbps }
        })
        .collect();
    rungs.sort_by_key(|r| std::cmp::Reverse(r.width * r.height));
    rungs.dedup_by(|a, b| a.width == b.width && a.height == b.height);
    if rungs.is_empty() {
        let lowest = ladder.iter().min_by_key(|r| r.height).expect("config validation keeps one rung");
        let (width, height) = size_for(short_side);
        rungs.push(Rung { name: format!("{}p", width.min(height)), width, height, video_kbps: lowest.video_kbps });
    }
    rungs
}

/// Rounds to the nearest even number of at least 2 (H.264 in 4:2:0 needs even sizes).
pub fn even(x: f64) -> u32 {
    ((x / 2.0).round() as u32 * 2).max(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LadderConfig;
    use crate::media::probe::tests::fixture;

    fn sizes(name: &str) -> Vec<(String, u32, u32)> {
        let video = fixture(name).video.expect("a video stream");
        choose(&video, &LadderConfig::default().rung).into_iter().map(|r| (r.name, r.width, r.height)).collect()
    }

    fn r(name: &str, w: u32, h: u32) -> (String, u32, u32) {
        (name.to_string(), w, h)
    }

    #[test]
    fn a_1080p_landscape_source_gets_the_whole_ladder() {
        assert_eq!(sizes("landscape"), [r("1080p", 1920, 1080), r("720p", 1280, 720), r("540p", 960, 540), r("360p", 640, 360)]);
    }

    #[test]
    fn portrait_stays_portrait() {
        assert_eq!(sizes("portrait"), [r("1080p", 1080, 1920), r("720p", 720, 1280), r("540p", 540, 960), r("360p", 360, 640)]);
    }

    #[test]
    fn rotation_metadata_is_honoured() {
        assert_eq!(sizes("rotated"), sizes("portrait"));
    }

    #[test]
    fn four_by_three_is_never_upscaled() {
        assert_eq!(sizes("four_three"), [r("360p", 480, 360)]);
    }

    #[test]
    fn odd_sizes_round_to_even() {
        assert_eq!(sizes("odd"), [r("360p", 642, 360)]);
    }

    #[test]
    fn anamorphic_sources_use_the_display_aspect_ratio() {
        assert_eq!(sizes("anamorphic"), [r("540p", 982, 540), r("360p", 654, 360)]);
    }

    #[test]
    fn a_tiny_source_gets_one_rung_at_its_own_size() {
        assert_eq!(sizes("tiny"), [r("120p", 160, 120)]);
    }

    #[test]
    fn even_rounding_never_reaches_zero() {
        assert_eq!((even(0.4), even(3.0), even(641.1)), (2, 4, 642));
    }
}
