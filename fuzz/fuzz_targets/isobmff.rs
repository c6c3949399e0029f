//! ISO-BMFF box reading: init segments and fragments (from ffmpeg, or a stored object) read,
//! timed and restamped without a panic, and a restamp never changes a fragment's length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::media::mp4;

fuzz_target!(|input: (&[u8], u64, u32)| {
    let (data, shift, sequence) = input;
    let _ = mp4::parse_init(data);
    let _ = mp4::fragment_start(data);
    let _ = mp4::fragment_timing(data);
    let mut copy = data.to_vec();
    let _ = mp4::restamp(&mut copy, shift, sequence);
    assert_eq!(copy.len(), data.len());
});
