//! Just enough ISO-BMFF reading to describe our own CMAF output: codec strings, timescales,
//! fragment start times and durations, and placing a fragment made apart on an item's timeline.

/// What the init segment of a rendition says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitInfo {
    /// Media timescale (ticks per second) of the track.
    pub timescale: u32,
    /// RFC 6381 codec string, e.g. `avc1.64001f` or `mp4a.40.2`.
    pub codec: Option<String>,
}

/// A box header: type, and where its payload starts and ends in the buffer.
struct BoxRef<'a> {
    kind: &'a [u8],
    payload: &'a [u8],
}

/// Iterates the boxes laid end to end in `data`; stops at the first malformed one.
fn boxes(mut data: &[u8]) -> impl Iterator<Item = BoxRef<'_>> {
    std::iter::from_fn(move || {
        if data.len() < 8 {
            return None;
        }
        let size32 = u32::from_be_bytes(data[0..4].try_into().ok()?) as usize;
        let kind = &data[4..8];
        let (header, size) = match size32 {
            0 => (8, data.len()),
            1 => (16, usize::try_from(u64::from_be_bytes(data.get(8..16)?.try_into().ok()?)).ok()?),
            n => (8, n),
        };
        if size < header || size > data.len() {
            return None;
        }
        let payload = &data[header..size];
        data = &data[size..];
        Some(BoxRef { kind, payload })
    })
}

/// Bytes to skip inside a box before its children start (sample entries have fixed fields).
fn child_offset(kind: &[u8]) -> usize {
    match kind {
        b"stsd" => 8,
        b"avc1" | b"avc3" | b"hvc1" | b"encv" => 78,
        b"mp4a" | b"enca" => 28,
        _ => 0,
    }
}

/// Finds the payload of the box at `path` (e.g. `moov/trak/mdia/mdhd`).
fn find<'a>(data: &'a [u8], path: &[&[u8]]) -> Option<&'a [u8]> {
    find_span(data, path).map(|span| &data[span])
}

/// Where in `data` the payload of the box at `path` lies.
fn find_span(data: &[u8], path: &[&[u8]]) -> Option<std::ops::Range<usize>> {
    let (first, rest) = path.split_first()?;
    let base = data.as_ptr() as usize;
    let found = boxes(data).find(|b| b.kind == *first)?;
    let start = found.payload.as_ptr() as usize - base;
    if rest.is_empty() {
        return Some(start..start + found.payload.len());
    }
    let skip = child_offset(first);
    let inner = find_span(found.payload.get(skip..)?, rest)?;
    Some(start + skip + inner.start..start + skip + inner.end)
}

/// Where each top-level `moof` box's payload lies in a media segment.
fn moofs(data: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let base = data.as_ptr() as usize;
    boxes(data).filter(|b| b.kind == b"moof").map(move |b| {
        let start = b.payload.as_ptr() as usize - base;
        start..start + b.payload.len()
    })
}

/// Reads the timescale and codec of the single track of an init segment.
pub fn parse_init(data: &[u8]) -> Option<InitInfo> {
    let mdhd = find(data, &[b"moov", b"trak", b"mdia", b"mdhd"])?;
    let timescale_at = if mdhd.first()? == &1 { 20 } else { 12 };
    let timescale = u32::from_be_bytes(mdhd.get(timescale_at..timescale_at + 4)?.try_into().ok()?);
    let stsd: &[&[u8]] = &[b"moov", b"trak", b"mdia", b"minf", b"stbl", b"stsd"];
    let codec = if let Some(avcc) = find(data, &[stsd, &[b"avc1", b"avcC"]].concat()) {
        let [_, profile, compat, level, ..] = avcc else { return None };
        Some(format!("avc1.{profile:02x}{compat:02x}{level:02x}"))
    } else if find(data, &[stsd, &[b"mp4a"]].concat()).is_some() {
        // Reel encodes AAC-LC only (object type 2).
        Some("mp4a.40.2".to_string())
    } else {
        None
    };
    (timescale > 0).then_some(InitInfo { timescale, codec })
}

/// The decode time (in the track timescale) at which a media segment starts.
pub fn fragment_start(data: &[u8]) -> Option<u64> {
    fragment_start_in(find(data, &[b"moof"])?)
}

/// How a media segment's samples lie on its track's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FragmentTiming {
    /// Decode time of the first sample, in the track timescale.
    pub start: u64,
    /// The samples' durations summed, in the track timescale.
    pub duration: u64,
    /// How many samples the segment holds.
    pub samples: u32,
}

/// Reads the decode time, duration and sample count of a media segment (every fragment in it).
pub fn fragment_timing(data: &[u8]) -> Option<FragmentTiming> {
    let mut timing: Option<FragmentTiming> = None;
    for moof in moofs(data) {
        let moof = &data[moof];
        let start = fragment_start_in(moof)?;
        let tfhd = find(moof, &[b"traf", b"tfhd"])?;
        let tfhd_flags = u32::from_be_bytes(tfhd.get(0..4)?.try_into().ok()?) & 0x00ff_ffff;
        // After the flags and track id: a base data offset and a sample description index, if present.
        let d = 8 + if tfhd_flags & 0x1 != 0 { 8 } else { 0 } + if tfhd_flags & 0x2 != 0 { 4 } else { 0 };
        let default_duration =
            if tfhd_flags & 0x8 != 0 { Some(u64::from(u32::from_be_bytes(tfhd.get(d..d + 4)?.try_into().ok()?))) } else { None };
        let traf = find(moof, &[b"traf"])?;
        let (mut duration, mut samples) = (0u64, 0u32);
        for trun in boxes(traf).filter(|b| b.kind == b"trun") {
            let t = trun.payload;
            let flags = u32::from_be_bytes(t.get(0..4)?.try_into().ok()?) & 0x00ff_ffff;
            let count = u32::from_be_bytes(t.get(4..8)?.try_into().ok()?);
            let mut at = 8 + if flags & 0x1 != 0 { 4 } else { 0 } + if flags & 0x4 != 0 { 4 } else { 0 };
            let per_sample = [0x100, 0x200, 0x400, 0x800].iter().filter(|f| flags & **f != 0).count() * 4;
            // The sample table must be in the box: a count from a damaged box is never walked.
            if (count as usize).checked_mul(per_sample)? > t.len().saturating_sub(at) {
                return None;
            }
            if flags & 0x100 == 0 {
                duration = duration.checked_add(u64::from(count).checked_mul(default_duration?)?)?;
            } else {
                for _ in 0..count {
                    duration = duration.checked_add(u64::from(u32::from_be_bytes(t.get(at..at + 4)?.try_into().ok()?)))?;
                    at += per_sample;
                }
            }
            samples = samples.checked_add(count)?;
        }
        timing = Some(match timing {
            None => FragmentTiming { start, duration, samples },
            Some(t) => {
                FragmentTiming { start: t.start, duration: t.duration.checked_add(duration)?, samples: t.samples.checked_add(samples)? }
            }
        });
    }
    timing
}

/// Moves a media segment made apart onto the item's timeline: every fragment's decode time
/// (`tfdt`, version 1) later by `shift` ticks, and fragment sequence numbers from `sequence`
/// on. None (and the bytes unchanged) when a fragment has no 64-bit decode time to move.
pub fn restamp(data: &mut [u8], shift: u64, sequence: u32) -> Option<()> {
    let mut places = Vec::new();
    for moof in moofs(data) {
        let inner = &data[moof.clone()];
        let tfdt = find_span(inner, &[b"traf", b"tfdt"])?;
        let mfhd = find_span(inner, &[b"mfhd"])?;
        if inner.get(tfdt.start) != Some(&1) || tfdt.len() < 12 || mfhd.len() < 8 {
            return None;
        }
        let at = moof.start + tfdt.start + 4;
        let time = u64::from_be_bytes(data[at..at + 8].try_into().ok()?).checked_add(shift)?;
        places.push((at, time, moof.start + mfhd.start + 4));
    }
    for (n, (at, time, seq_at)) in places.into_iter().enumerate() {
        data[at..at + 8].copy_from_slice(&time.to_be_bytes());
        let seq = sequence.checked_add(u32::try_from(n).ok()?)?;
        data[seq_at..seq_at + 4].copy_from_slice(&seq.to_be_bytes());
    }
    Some(())
}

/// The decode time in one `moof` box's payload.
fn fragment_start_in(moof: &[u8]) -> Option<u64> {
    let tfdt = find(moof, &[b"traf", b"tfdt"])?;
    match tfdt.first()? {
        1 => Some(u64::from_be_bytes(tfdt.get(4..12)?.try_into().ok()?)),
        _ => Some(u64::from(u32::from_be_bytes(tfdt.get(4..8)?.try_into().ok()?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mp4_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(payload);
        b
    }

    fn init_with(timescale: u32, sample_entry: Vec<u8>) -> Vec<u8> {
        let mut mdhd = vec![0u8; 12];
        mdhd.extend_from_slice(&timescale.to_be_bytes());
        mdhd.extend_from_slice(&[0; 8]);
        let mut stsd = vec![0u8; 8];
        stsd.extend(sample_entry);
        let stbl = mp4_box(b"stbl", &mp4_box(b"stsd", &stsd));
        let minf = mp4_box(b"minf", &stbl);
        let mdia = mp4_box(b"mdia", &[mp4_box(b"mdhd", &mdhd), minf].concat());
        [mp4_box(b"ftyp", b"iso6"), mp4_box(b"moov", &mp4_box(b"trak", &mdia))].concat()
    }

    #[test]
    fn an_avc_init_segment_gives_its_codec_string_and_timescale() {
        let mut avc1 = vec![0u8; 78];
        avc1.extend(mp4_box(b"avcC", &[1, 0x64, 0x00, 0x1f, 0xff]));
        let init = init_with(15360, mp4_box(b"avc1", &avc1));
        assert_eq!(parse_init(&init), Some(InitInfo { timescale: 15360, codec: Some("avc1.64001f".into()) }));
    }

    #[test]
    fn an_aac_init_segment_is_aac_lc() {
        let init = init_with(48000, mp4_box(b"mp4a", &[0u8; 28]));
        assert_eq!(parse_init(&init).unwrap().codec.as_deref(), Some("mp4a.40.2"));
    }

    #[test]
    fn a_fragment_start_is_read_from_tfdt() {
        let mut tfdt = vec![1, 0, 0, 0];
        tfdt.extend_from_slice(&123_456u64.to_be_bytes());
        let moof = mp4_box(b"moof", &mp4_box(b"traf", &mp4_box(b"tfdt", &tfdt)));
        assert_eq!(fragment_start(&moof), Some(123_456));
    }

    /// A media segment of one fragment: `durations` as the trun's per-sample durations, or
    /// all `default` from the tfhd when there are none.
    fn segment(start: u64, durations: &[u32], default: Option<u32>) -> Vec<u8> {
        let mut tfhd = vec![0, 0, 0, if default.is_some() { 0x08 } else { 0 }, 0, 0, 0, 1];
        tfhd.extend(default.map(u32::to_be_bytes).unwrap_or_default());
        let mut tfdt = vec![1, 0, 0, 0];
        tfdt.extend_from_slice(&start.to_be_bytes());
        let count = if default.is_some() { 3 } else { durations.len() as u32 };
        let mut trun = vec![0, 0, if default.is_some() { 0 } else { 0x01 }, 0x01];
        trun.extend_from_slice(&count.to_be_bytes());
        trun.extend_from_slice(&0u32.to_be_bytes());
        if default.is_none() {
            durations.iter().for_each(|d| trun.extend_from_slice(&d.to_be_bytes()));
        }
        let traf = mp4_box(b"traf", &[mp4_box(b"tfhd", &tfhd), mp4_box(b"tfdt", &tfdt), mp4_box(b"trun", &trun)].concat());
        let moof = mp4_box(b"moof", &[mp4_box(b"mfhd", &[0, 0, 0, 0, 0, 0, 0, 1]), traf].concat());
        [mp4_box(b"styp", b"msdh"), moof, mp4_box(b"mdat", &[7; 16])].concat()
    }

    #[test]
    fn a_segment_s_timing_sums_its_samples() {
        let timing = fragment_timing(&segment(1000, &[512, 512, 1024], None)).unwrap();
        assert_eq!(timing, FragmentTiming { start: 1000, duration: 2048, samples: 3 });
        let timing = fragment_timing(&segment(0, &[], Some(1001))).unwrap();
        assert_eq!(timing, FragmentTiming { start: 0, duration: 3003, samples: 3 });
    }

    #[test]
    fn restamping_moves_the_decode_time_and_numbers_the_fragment() {
        let mut data = segment(61_440, &[512; 4], None);
        let before = data.clone();
        restamp(&mut data, 921_600, 16).unwrap();
        assert_eq!(fragment_start(&data), Some(983_040));
        assert_eq!(fragment_timing(&data).unwrap().duration, 2048);
        let mfhd = find(&data, &[b"moof", b"mfhd"]).unwrap();
        assert_eq!(mfhd[4..8], 16u32.to_be_bytes());
        // Nothing else moves: the bytes differ only in the two fields.
        let changed = before.iter().zip(&data).filter(|(a, b)| a != b).count();
        assert!(changed <= 12, "{changed} bytes changed");
        assert_eq!(data.len(), before.len());
    }

    #[test]
    fn a_damaged_sample_count_is_never_walked() {
        // Found by the `isobmff` fuzz target: a trun claiming four billion samples was walked
        // one by one, for minutes, whatever the box held.
        let count_at = |data: &[u8]| data.windows(4).position(|w| w == b"trun").unwrap() + 8;
        let mut defaulted = segment(0, &[], Some(1001));
        let at = count_at(&defaulted);
        defaulted[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        let started = std::time::Instant::now();
        let timing = fragment_timing(&defaulted).unwrap();
        assert_eq!(timing.duration, u64::from(u32::MAX) * 1001, "counted, not walked");
        let mut listed = segment(0, &[512, 512], None);
        let at = count_at(&listed);
        listed[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(fragment_timing(&listed), None, "more samples than the table holds");
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }

    #[test]
    fn garbage_is_not_an_init_segment() {
        assert_eq!(parse_init(b"not an mp4 at all"), None);
        assert_eq!(fragment_start(&[0, 0, 0, 200, b'm', b'o', b'o', b'f']), None);
        assert_eq!(fragment_timing(b"no boxes here"), None);
        let mut v0 = segment(5, &[1], None);
        let at = v0.windows(4).position(|w| w == b"tfdt").unwrap() + 4;
        v0[at] = 0;
        assert_eq!(restamp(&mut v0.clone(), 1, 1), None, "a 32-bit decode time is refused, not overflowed");
    }
}
