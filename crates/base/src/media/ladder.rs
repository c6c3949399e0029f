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

/// How much taller than the rung below it a source must be for its own size to be kept as a
/// rung of its own: a 576p or 600p source over a 540p rung is, a 364p one over 360p is not
/// (its own rung would cost a whole encode for four lines).
const OWN_SIZE_OVER: f64 = 1.05;

/// Chooses the rungs for a video stream: never upscaled, sized by the display aspect ratio,
/// in the source's orientation, highest first.
///
/// A rung's configured `height` is the short side, so a portrait 1080×1920 source gets a
/// `1080p` rung of 1080×1920. A source whose short side falls between two rungs keeps its own
/// size as the top rung (a 640×480 webcam file gets `480p` at 640×480 above `360p`), its
/// bitrate cap between those of the rungs around it by pixel count; one above the top rung is
/// scaled down to it. A source smaller than every rung gets one rung at its own size.
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
    let below = ladder.iter().filter(|r| r.height <= short_side).max_by_key(|r| r.height);
    let above = ladder.iter().filter(|r| r.height > short_side).min_by_key(|r| r.height);
    let own_kbps = match (below, above) {
        (Some(lo), Some(hi)) if f64::from(short_side) > f64::from(lo.height) * OWN_SIZE_OVER => Some(between(lo, hi, short_side)),
        (None, _) => Some(ladder.iter().map(|r| r.video_kbps).min().expect("config validation keeps one rung")),
        _ => None,
    };
    if let Some(video_kbps) = own_kbps {
        // Never a line more than the source has: an odd size is rounded down to even.
        let (width, height) = size_for(short_side);
        let (width, height) = (width.min(even_down(video.display_width)), height.min(even_down(video.display_height)));
        rungs.push(Rung { name: format!("{}p", width.min(height)), width, height, video_kbps });
    }
    rungs.sort_by_key(|r| std::cmp::Reverse(r.width * r.height));
    rungs.dedup_by(|a, b| a.width == b.width && a.height == b.height);
    rungs
}

/// The bitrate cap of a rung `short` lines high between rungs `lo` and `hi`: their caps
/// interpolated by pixel count (the square of the short side, at one aspect ratio).
fn between(lo: &RungConfig, hi: &RungConfig, short: u32) -> u32 {
    let area = |h: u32| f64::from(h) * f64::from(h);
    let share = (area(short) - area(lo.height)) / (area(hi.height) - area(lo.height));
    let kbps = f64::from(lo.video_kbps) + share * (f64::from(hi.video_kbps) - f64::from(lo.video_kbps));
    kbps.round() as u32
}

/// Rounds to the nearest even number of at least 2 (H.264 in 4:2:0 needs even sizes).
pub fn even(x: f64) -> u32 {
    ((x / 2.0).round() as u32 * 2).max(2)
}

/// The even number at or below `x`, at least 2.
fn even_down(x: u32) -> u32 {
    (x & !1).max(2)
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
    fn a_source_between_rungs_keeps_its_own_size_on_top() {
        assert_eq!(sizes("four_three"), [r("480p", 640, 480), r("360p", 480, 360)]);
    }

    #[test]
    fn odd_sizes_round_to_even() {
        assert_eq!(sizes("odd"), [r("478p", 852, 478), r("360p", 642, 360)]);
    }

    #[test]
    fn anamorphic_sources_use_the_display_aspect_ratio() {
        assert_eq!(sizes("anamorphic"), [r("576p", 1046, 576), r("540p", 982, 540), r("360p", 654, 360)]);
    }

    fn stream(width: u32, height: u32) -> VideoStream {
        VideoStream { display_width: width, display_height: height, ..fixture("landscape").video.unwrap() }
    }

    fn chosen(width: u32, height: u32) -> Vec<(String, u32, u32, u32)> {
        choose(&stream(width, height), &LadderConfig::default().rung)
            .into_iter()
            .map(|r| (r.name, r.width, r.height, r.video_kbps))
            .collect()
    }

    #[test]
    fn the_own_size_rung_is_capped_between_its_neighbours_by_pixels() {
        let ladder = LadderConfig::default().rung;
        let cap = |name: &str| ladder.iter().find(|r| r.name == name).unwrap().video_kbps;
        for (w, h, lo, hi) in [(640, 480, "360p", "540p"), (1024, 576, "540p", "720p"), (800, 600, "540p", "720p")] {
            let got = chosen(w, h);
            assert_eq!((got[0].0.as_str(), got[0].1, got[0].2), (format!("{h}p").as_str(), w, h));
            assert!(cap(lo) < got[0].3 && got[0].3 < cap(hi), "{got:?}");
            assert_eq!(got[1].0, lo);
        }
        // A quarter of the way from 360 to 540 lines in pixels is a quarter of the way in kbit/s.
        let h = ((360.0f64.powi(2) + 0.25 * (540.0f64.powi(2) - 360.0f64.powi(2))).sqrt() / 2.0).round() as u32 * 2;
        let expected = (f64::from(cap("360p")) + 0.25 * f64::from(cap("540p") - cap("360p"))).round() as u32;
        assert!(chosen(h * 16 / 9, h)[0].3.abs_diff(expected) <= 10);
    }

    #[test]
    fn an_odd_source_is_never_scaled_up_by_a_line() {
        assert_eq!(chosen(333, 197), [("196p".to_string(), 332, 196, 800)]);
        assert_eq!(chosen(641, 481)[0].0, "480p");
        assert_eq!((chosen(641, 481)[0].1, chosen(641, 481)[0].2), (640, 480));
    }

    #[test]
    fn no_own_rung_just_over_a_rung_nor_above_the_top() {
        assert_eq!(chosen(648, 364).into_iter().map(|r| r.0).collect::<Vec<_>>(), ["360p"]);
        assert_eq!(chosen(3840, 2160)[0], ("1080p".to_string(), 1920, 1080, 5000));
        assert_eq!(chosen(1920, 1080).len(), 4);
        let portrait = chosen(480, 640);
        assert_eq!((portrait[0].1, portrait[0].2), (480, 640));
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
