//! The picture's clean-up, as ffmpeg filter text built from what ffprobe said: interlaced
//! fields woven into whole frames (`bwdif`), HDR (PQ or HLG, BT.2020) tone mapped to SDR
//! (`zscale` + `tonemap`), and every rung scaled into limited-range BT.709, which the encoder
//! then flags. Everything a player is given is SDR BT.709 whatever came in.

use super::probe::{Hdr, Picture};

/// The encoder's colour flags for every video output: BT.709 primaries, transfer and matrix,
/// limited range (what the filters made).
pub const BT709_FLAGS: [&str; 8] = ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv"];

/// Light level, in nits, that SDR white stands for when HDR is tone mapped.
const SDR_WHITE_NITS: u32 = 100;

/// Filters that run once on the decoded picture, before the frame rate is changed and the
/// picture is split to the rungs (so each runs once, not once per rung): deinterlacing, then
/// tone mapping. Empty for a progressive SDR source.
pub fn prepare(picture: &Picture) -> Vec<String> {
    let mut chain = Vec::new();
    if picture.interlaced {
        // One frame out per frame in (not per field), so the frame rate is the source's;
        // `parity=auto` takes the field order from the stream.
        chain.push("bwdif=mode=send_frame:parity=auto:deint=all".to_string());
    }
    if let Some(hdr) = &picture.hdr {
        chain.push(tone_map(hdr, picture.full_range));
    }
    chain
}

/// HDR to SDR BT.709: to linear light (SDR white at [`SDR_WHITE_NITS`]) in floating point, to
/// BT.709 primaries, Möbius tone mapping (it leaves what SDR can show alone and rolls the
/// highlights off, so pictures keep their contrast and colour rather than looking washed
/// out), then BT.709 transfer and matrix at limited range. The source's transfer, primaries
/// and matrix are named rather than read from each frame: decoders do not always carry them.
fn tone_map(hdr: &Hdr, full_range: bool) -> String {
    let transfer = if hdr.transfer == "arib-std-b67" { "arib-std-b67" } else { "smpte2084" };
    let primaries = if hdr.primaries == "bt709" { "bt709" } else { "bt2020" };
    let matrix = if hdr.matrix == "bt2020c" { "bt2020c" } else { "bt2020nc" };
    let range = if full_range { "pc" } else { "tv" };
    format!(
        "zscale=tin={transfer}:pin={primaries}:min={matrix}:rin={range}:t=linear:npl={SDR_WHITE_NITS},format=gbrpf32le,\
         zscale=p=bt709,tonemap=tonemap=mobius:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p"
    )
}

/// One rung's scale: to its size, into the BT.709 matrix at limited range (from whatever
/// matrix and range the source has; a tone-mapped picture already is), square pixels, 8-bit
/// 4:2:0.
pub fn scale(width: u32, height: u32, picture: &Picture) -> String {
    // A tone-mapped picture is limited-range BT.709 by now, whatever the source was.
    let (matrix, range) = match (&picture.hdr, picture.full_range) {
        (Some(_), _) => ("bt709", "limited"),
        (None, full) => (picture.matrix, if full { "full" } else { "limited" }),
    };
    format!(
        "scale=w={width}:h={height}:flags=bicubic:in_color_matrix={matrix}:in_range={range}:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdr(transfer: &str) -> Option<Hdr> {
        Some(Hdr { transfer: transfer.into(), primaries: "bt2020".into(), matrix: "bt2020nc".into() })
    }

    #[test]
    fn a_progressive_sdr_picture_needs_nothing_before_scaling() {
        assert!(prepare(&Picture::default()).is_empty());
        assert_eq!(
            scale(1280, 720, &Picture::default()),
            "scale=w=1280:h=720:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p"
        );
    }

    #[test]
    fn interlaced_fields_are_woven_into_frames_at_the_source_rate() {
        let picture = Picture { interlaced: true, ..Picture::default() };
        assert_eq!(prepare(&picture), ["bwdif=mode=send_frame:parity=auto:deint=all"]);
    }

    #[test]
    fn pq_and_hlg_are_tone_mapped_to_sdr_bt709_after_deinterlacing() {
        let pq = Picture { interlaced: true, hdr: hdr("smpte2084"), ..Picture::default() };
        let chain = prepare(&pq);
        assert_eq!(chain.len(), 2);
        assert!(chain[0].starts_with("bwdif="), "{chain:?}");
        assert_eq!(
            chain[1],
            "zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:rin=tv:t=linear:npl=100,format=gbrpf32le,\
             zscale=p=bt709,tonemap=tonemap=mobius:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p"
        );
        let hlg = Picture { hdr: hdr("arib-std-b67"), full_range: true, ..Picture::default() };
        let chain = prepare(&hlg);
        assert!(chain[0].starts_with("zscale=tin=arib-std-b67:pin=bt2020:min=bt2020nc:rin=pc:"), "{chain:?}");
        assert!(scale(640, 360, &hlg).contains(":in_color_matrix=bt709:in_range=limited:"), "tone mapping made it limited-range BT.709");
    }

    #[test]
    fn names_from_the_file_never_reach_the_graph_unchecked() {
        let odd = Picture {
            hdr: Some(Hdr { transfer: "smpte2084".into(), primaries: "x:y=z".into(), matrix: "[evil]".into() }),
            ..Picture::default()
        };
        let chain = prepare(&odd).join(",");
        assert!(chain.contains("pin=bt2020:min=bt2020nc:") && !chain.contains("evil") && !chain.contains("x:y"), "{chain}");
    }

    #[test]
    fn full_range_is_scaled_into_limited_range() {
        let full = Picture { full_range: true, matrix: "bt470", ..Picture::default() };
        assert!(prepare(&full).is_empty());
        assert_eq!(
            scale(640, 360, &full),
            "scale=w=640:h=360:flags=bicubic:in_color_matrix=bt470:in_range=full:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p"
        );
    }
}
