//! Just enough ISO-BMFF reading to describe our own CMAF output: codec strings, timescales
//! and fragment start times.

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
    let (first, rest) = path.split_first()?;
    let found = boxes(data).find(|b| b.kind == *first)?;
    if rest.is_empty() {
        Some(found.payload)
    } else {
        find(found.payload.get(child_offset(first)..)?, rest)
    }
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
    let tfdt = find(data, &[b"moof", b"traf", b"tfdt"])?;
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

    #[test]
    fn garbage_is_not_an_init_segment() {
        assert_eq!(parse_init(b"not an mp4 at all"), None);
        assert_eq!(fragment_start(&[0, 0, 0, 200, b'm', b'o', b'o', b'f']), None);
    }
}
