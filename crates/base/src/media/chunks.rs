//! Cutting one source into chunks that are encoded apart and join without a seam: where each
//! chunk starts (on a segment boundary of the output, at a whole frame of an exact frame rate),
//! and where its frames and segments fall on the item's timeline.

use serde::{Deserialize, Serialize};

/// An exact frame rate, `num / den` frames a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameRate {
    /// Frames…
    pub num: u32,
    /// …per this many seconds.
    pub den: u32,
}

impl FrameRate {
    /// The exact rate a measured one stands for: whole rates (25, 30, 60), NTSC rates
    /// (29.97 = 30000/1001) and halves (12.5). None for anything else, whose frames could not
    /// be placed exactly on a timeline. A measured average is taken for the rate it is within
    /// 0.02 % of: a file with a few frames missing or a join a few milliseconds long (its
    /// average 29.995) still runs at 30, while 29.97 and 30 are 0.1 % apart.
    pub fn from_fps(fps: f64) -> Option<Self> {
        if !(fps.is_finite() && (1.0..=240.0).contains(&fps)) {
            return None;
        }
        let close = |a: f64, b: f64| (a - b).abs() < b * 2e-4;
        let whole = fps.round();
        let ntsc = (fps * 1.001).round();
        if close(fps, whole) {
            Some(Self { num: whole as u32, den: 1 })
        } else if close(fps, ntsc / 1.001) {
            Some(Self { num: ntsc as u32 * 1000, den: 1001 })
        } else if close(fps * 2.0, (fps * 2.0).round()) {
            Some(Self { num: (fps * 2.0).round() as u32, den: 2 })
        } else {
            None
        }
    }

    /// The time of frame `frame`, in seconds.
    pub fn secs(self, frame: u64) -> f64 {
        frame as f64 * f64::from(self.den) / f64::from(self.num)
    }

    /// The first frame at or after `secs` seconds.
    pub fn frame_at(self, secs: u32) -> u64 {
        (u64::from(secs) * u64::from(self.num)).div_ceil(u64::from(self.den))
    }

    /// The time of frame `frame` in ticks of `timescale`, if it falls on a tick.
    pub fn ticks(self, frame: u64, timescale: u32) -> Option<u64> {
        let scaled = u128::from(frame) * u128::from(timescale) * u128::from(self.den);
        let num = u128::from(self.num);
        (scaled % num == 0).then(|| u64::try_from(scaled / num).ok()).flatten()
    }

    /// The rate as ffmpeg reads it (`30000/1001`).
    pub fn arg(self) -> String {
        format!("{}/{}", self.num, self.den)
    }
}

/// One chunk: the frames it encodes and the segments they become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Its place in the item, from 0.
    pub part: u32,
    /// The item's first frame it encodes.
    pub first_frame: u64,
    /// How many frames it encodes; None for the last chunk, which runs to the end.
    pub frames: Option<u64>,
    /// The item's number of its first segment.
    pub first_segment: u32,
    /// How many segments it makes; None for the last chunk.
    pub segments: Option<u32>,
    /// The length its segments are cut at, in seconds: [`LEAD_SECS`] for the first chunk, the
    /// item's segment length for the rest.
    pub segment_secs: u32,
}

impl Span {
    /// Whether the chunk runs to the end of the item.
    pub fn is_last(&self) -> bool {
        self.frames.is_none()
    }
}

/// What chunking is asked for: the `[chunking]` settings and the segment length.
#[derive(Debug, Clone, Copy)]
pub struct Sizing {
    /// Sources at least this long are chunked; 0: none is.
    pub min_duration_s: u32,
    /// The longest chunk, in seconds (a multiple of `segment_secs`).
    pub chunk_s: u32,
    /// Workers that usually take jobs.
    pub workers: u32,
    /// The output's segment length, in seconds.
    pub segment_secs: u32,
}

/// The first chunk's length, in seconds: the item is playable once it is encoded, so it is as
/// short as a whole-second cut can be. On two cores a noisy 1080p30 second takes 1.5 s to
/// encode into every rung, two seconds (one keyframe interval) 2.9 s. Every later chunk starts
/// a whole number of segments after it, so from here on keyframes fall every `gop_secs`.
pub const LEAD_SECS: u32 = 1;

/// How a source is cut: its exact frame rate and the chunks, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkPlan {
    /// The frame rate every chunk is encoded at.
    pub rate: FrameRate,
    /// The chunks, the first one [`LEAD_SECS`] long so the item is playable soon.
    pub spans: Vec<Span>,
}

/// Cuts a source of `duration_s` seconds at `fps` frames a second, or None when it is short,
/// chunking is off, or its frame rate is not one frames can be placed exactly at. The first
/// chunk is [`LEAD_SECS`] (a first segment of its own, out soonest); then chunks of
/// `duration / (2 × workers)`, in whole segments, at least two segments and at most `chunk_s`;
/// the last takes what remains.
pub fn plan(duration_s: f64, fps: f64, sizing: Sizing) -> Option<ChunkPlan> {
    let seg = sizing.segment_secs.max(1);
    let first = LEAD_SECS.min(seg);
    if sizing.min_duration_s == 0 || !duration_s.is_finite() || duration_s < f64::from(sizing.min_duration_s) {
        return None;
    }
    let rate = FrameRate::from_fps(fps)?;
    let share = (duration_s / f64::from(2 * sizing.workers.max(1))) as u32;
    let chunk = (share / seg * seg).clamp(2 * seg, sizing.chunk_s.max(2 * seg));
    // Starts, in seconds: 0, the lead's end, then every `chunk` while a whole segment
    // remains after it.
    let mut starts = vec![0u32];
    if f64::from(first + seg) <= duration_s {
        starts.push(first);
        while f64::from(starts[starts.len() - 1] + chunk + seg) <= duration_s {
            starts.push(starts[starts.len() - 1] + chunk);
        }
    }
    Some(ChunkPlan { rate, spans: spans(rate, &starts, first, seg) })
}

/// The cut of a source one job encodes: its first [`LEAD_SECS`] alone (a first segment of its
/// own, out after a short encode) and the rest. None when that gains nothing (segments are
/// that short anyway), no whole segment follows it, or the frame rate is not an exact one.
pub fn lead(duration_s: f64, fps: f64, segment_secs: u32) -> Option<ChunkPlan> {
    let seg = segment_secs.max(1);
    let first = LEAD_SECS.min(seg);
    if first == seg || !duration_s.is_finite() || duration_s < f64::from(first + seg) {
        return None;
    }
    let rate = FrameRate::from_fps(fps)?;
    Some(ChunkPlan { rate, spans: spans(rate, &[0, first], first, seg) })
}

/// The chunks starting at `starts` (seconds; 0, then `first`, then on `seg` boundaries).
fn spans(rate: FrameRate, starts: &[u32], first: u32, seg: u32) -> Vec<Span> {
    let only = starts.len() == 1;
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let next = starts.get(i + 1).copied();
            let first_frame = rate.frame_at(start);
            let (first_segment, segment_secs) = match start {
                0 if only => (0, seg),
                0 => (0, first),
                _ => (1 + (start - first) / seg, seg),
            };
            Span {
                part: u32::try_from(i).expect("a few thousand chunks at most"),
                first_frame,
                frames: next.map(|n| rate.frame_at(n) - first_frame),
                first_segment,
                segments: next.map(|n| (n - start) / segment_secs),
                segment_secs,
            }
        })
        .collect()
}

/// A chunk's decode starts this long before its first frame, and reads this far past its last,
/// so the frame-rate filter has the frames on either side of its edges even where the source's
/// frames do not keep time (a quarter second is seven frames at 30 fps). Each second of it is a
/// second decoded twice, at every join: ffmpeg starts at the source's keyframe before it anyway.
const PREROLL_SECS: f64 = 0.25;

/// Whether ffmpeg's input seek in files of `demuxer` starts decoding at the keyframe before the
/// point asked for. Containers with an index (MP4/MOV, Matroska/WebM, AVI, FLV) do; MPEG-TS and
/// MPEG-PS are searched by their timestamps and land after it, so a chunk of a stream whose
/// keyframes are further apart than its pre-roll (x264's default is one every 10 s) would
/// decode nothing, or begin with the first keyframe's picture held over the frames before it.
pub fn seeks_to_keyframes(demuxer: &str) -> bool {
    const INDEXED: [&str; 6] = ["mov", "mp4", "matroska", "webm", "avi", "flv"];
    demuxer.split(',').any(|name| INDEXED.contains(&name))
}

/// A chunk to encode: its frames, at an exact rate, on the item's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// The rate every chunk's frames are placed at.
    pub rate: FrameRate,
    /// The chunk.
    pub span: Span,
    /// Whether the source is opened at the chunk ([`seeks_to_keyframes`]); else it is decoded
    /// from its start and the frames before the pre-roll are dropped unfiltered.
    pub seek: bool,
}

impl Cut {
    /// Where the chunk's first frame is on the item's timeline, in seconds.
    fn start_secs(&self) -> f64 {
        self.rate.secs(self.span.first_frame)
    }

    /// Where the decode's output starts being used: the pre-roll before the chunk's first frame.
    fn preroll_secs(&self) -> f64 {
        (self.start_secs() - PREROLL_SECS).max(0.0)
    }

    /// Input options: timestamps kept as the source's (from 0), the decode started a little
    /// before the chunk (or at the start, see [`Cut::seek`]) and read a little past it.
    pub(super) fn input_args(&self) -> Vec<String> {
        let start = self.start_secs();
        let from = if self.seek { self.preroll_secs() } else { 0.0 };
        let mut args = vec!["-copyts".into(), "-start_at_zero".into()];
        if from > 0.0 {
            args.extend(["-ss".into(), format!("{from:.6}")]);
        }
        if let Some(frames) = self.span.frames {
            let read = start - from + self.rate.secs(frames) + PREROLL_SECS;
            args.extend(["-t".into(), format!("{read:.6}")]);
        }
        args
    }

    /// A filter that drops, before anything else is done to them, the frames a chunk decoded
    /// from the source's start reads before its pre-roll; None when the input was opened there.
    pub(super) fn skip_filter(&self) -> Option<String> {
        let from = self.preroll_secs();
        (!self.seek && from > 0.0).then(|| format!("trim=start={from:.6}"))
    }

    /// The filters that make the chunk's frames exact: one per slot of the rate's grid from
    /// its first frame (a source frame repeated or dropped where the source does not keep
    /// time), cut after its last, and its timestamps from 0.
    pub(super) fn filters(&self) -> Vec<String> {
        let mut f = vec![format!("fps=fps={}:start_time={:.9}", self.rate.arg(), self.start_secs())];
        f.extend(self.span.frames.map(|n| format!("trim=end_frame={n}")));
        f.push("setpts=PTS-STARTPTS".into());
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZING: Sizing = Sizing { min_duration_s: 120, chunk_s: 60, workers: 2, segment_secs: 4 };

    /// Where each chunk starts, in seconds.
    fn starts(plan: &ChunkPlan) -> Vec<f64> {
        plan.spans.iter().map(|s| plan.rate.secs(s.first_frame)).collect()
    }

    #[test]
    fn measured_rates_become_exact_ones() {
        assert_eq!(FrameRate::from_fps(30.0), Some(FrameRate { num: 30, den: 1 }));
        assert_eq!(FrameRate::from_fps(29.970_029_97), Some(FrameRate { num: 30000, den: 1001 }));
        assert_eq!(FrameRate::from_fps(23.976_023_98), Some(FrameRate { num: 24000, den: 1001 }));
        assert_eq!(FrameRate::from_fps(12.5), Some(FrameRate { num: 25, den: 2 }));
        assert_eq!(FrameRate::from_fps(276_480_000.0 / 9_217_477.0), Some(FrameRate { num: 30, den: 1 }));
        assert_eq!(FrameRate::from_fps(29.99), None);
        assert_eq!(FrameRate::from_fps(17.3), None);
        assert_eq!(FrameRate::from_fps(f64::NAN), None);
    }

    #[test]
    fn frames_fall_on_ticks_of_the_muxer_s_timescale() {
        let ntsc = FrameRate { num: 30000, den: 1001 };
        assert_eq!(ntsc.frame_at(8), 240, "the first frame at or after 8 s is at 8.008 s");
        assert_eq!(ntsc.ticks(240, 30000), Some(240_240));
        assert_eq!(FrameRate { num: 30, den: 1 }.ticks(1800, 15360), Some(921_600));
        assert_eq!(FrameRate { num: 30, den: 1 }.ticks(1, 1000), None, "1/30 s is not a whole ms");
    }

    #[test]
    fn a_long_source_gets_a_short_first_chunk_then_chunks_on_segment_boundaries() {
        let plan = plan(600.0, 30.0, SIZING).unwrap();
        assert_eq!(starts(&plan), [0.0, 1.0, 61.0, 121.0, 181.0, 241.0, 301.0, 361.0, 421.0, 481.0, 541.0]);
        let first = Span { part: 0, first_frame: 0, frames: Some(30), first_segment: 0, segments: Some(1), segment_secs: 1 };
        assert_eq!(plan.spans[0], first, "one second, one segment of its own");
        let second = Span { part: 1, first_frame: 30, frames: Some(1800), first_segment: 1, segments: Some(15), segment_secs: 4 };
        assert_eq!(plan.spans[1], second);
        let last = plan.spans.last().unwrap();
        assert!(last.is_last() && last.first_frame == 541 * 30 && last.first_segment == 136);
        // Every frame belongs to exactly one chunk.
        for pair in plan.spans.windows(2) {
            assert_eq!(pair[0].first_frame + pair[0].frames.unwrap(), pair[1].first_frame);
            assert_eq!(pair[0].first_segment + pair[0].segments.unwrap(), pair[1].first_segment);
        }
    }

    #[test]
    fn one_job_cuts_only_its_first_second_apart() {
        let cut = lead(61.5, 29.97, 4).unwrap();
        let ntsc = FrameRate { num: 30000, den: 1001 };
        assert_eq!(cut.rate, ntsc);
        let first = Span { part: 0, first_frame: 0, frames: Some(30), first_segment: 0, segments: Some(1), segment_secs: 1 };
        let rest = Span { part: 1, first_frame: 30, frames: None, first_segment: 1, segments: None, segment_secs: 4 };
        assert_eq!(cut.spans, [first, rest]);
        assert!((ntsc.secs(30) - 1.001).abs() < 1e-9, "the rest starts at the first frame at or after 1 s");
        // Nothing to gain, nothing after it, or no exact rate: one process does it all.
        assert_eq!(lead(60.0, 30.0, 1), None);
        assert_eq!(lead(4.9, 30.0, 4), None);
        assert!(lead(5.0, 30.0, 4).is_some());
        assert_eq!(lead(60.0, 23.7, 4), None);
        assert_eq!(lead(f64::NAN, 30.0, 4), None);
    }

    #[test]
    fn chunks_shrink_for_more_workers_and_sources_under_the_threshold_are_not_cut() {
        let many = plan(600.0, 30.0, Sizing { workers: 32, ..SIZING }).unwrap();
        assert_eq!(many.spans[2].first_segment - many.spans[1].first_segment, 2, "600 / 64 s rounds down to 8 s");
        assert_eq!(many.spans.len(), 76);
        assert!(plan(119.0, 30.0, SIZING).is_none());
        assert!(plan(600.0, 30.0, Sizing { min_duration_s: 0, ..SIZING }).is_none());
        assert!(plan(600.0, 17.3, SIZING).is_none(), "no exact frame rate, no chunks");
        let short = plan(26.0, 30.0, Sizing { min_duration_s: 10, chunk_s: 8, ..SIZING }).unwrap();
        assert_eq!(starts(&short), [0.0, 1.0, 9.0, 17.0], "17 + 8 would leave less than a segment: the last chunk is 9 s");
        let tiny = plan(4.5, 30.0, Sizing { min_duration_s: 1, ..SIZING }).unwrap();
        assert_eq!(tiny.spans.len(), 1);
        assert_eq!((tiny.spans[0].segment_secs, tiny.spans[0].frames), (4, None), "one chunk cuts at the item's segment length");
    }

    #[test]
    fn only_indexed_containers_are_opened_at_the_chunk() {
        for demuxer in ["mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "flv"] {
            assert!(seeks_to_keyframes(demuxer), "{demuxer}");
        }
        for demuxer in ["mpegts", "mpeg", "mpegvideo", "h264"] {
            assert!(!seeks_to_keyframes(demuxer), "{demuxer}");
        }
        let rate = FrameRate { num: 25, den: 1 };
        let span = Span { part: 1, first_frame: 25, frames: Some(100), first_segment: 1, segments: Some(1), segment_secs: 4 };
        let seeking = Cut { rate, span, seek: true };
        assert_eq!(seeking.input_args(), ["-copyts", "-start_at_zero", "-ss", "0.750000", "-t", "4.500000"]);
        assert_eq!(seeking.skip_filter(), None);
        // From the start: read up to the same end, and the frames before the pre-roll dropped
        // before any filter spends time on them.
        let reading = Cut { seek: false, ..seeking };
        assert_eq!(reading.input_args(), ["-copyts", "-start_at_zero", "-t", "5.250000"]);
        assert_eq!(reading.skip_filter().as_deref(), Some("trim=start=0.750000"));
        let first = Cut { span: Span { first_frame: 0, ..span }, seek: false, rate };
        assert_eq!((first.input_args().len(), first.skip_filter()), (4, None));
    }
}
