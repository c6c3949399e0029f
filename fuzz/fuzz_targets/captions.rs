//! Subtitle files (WebVTT or SRT, any encoding) and chapter lists as members upload them:
//! never a panic, and what is accepted is written as WebVTT that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::domain::Chapters;
use reel_base::media::captions::{parse, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_bytes: 1 << 20, max_cues: 5_000 };
    if let Ok(captions) = parse(data, &limits) {
        let vtt = captions.to_webvtt();
        let again = parse(vtt.as_bytes(), &limits).unwrap_or_else(|e| panic!("our own WebVTT was refused: {e}\n{vtt}"));
        assert_eq!(again.cues, captions.cues, "{vtt}");
        let _ = captions.segment(0, captions.end_ms(), 900_000);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Chapters::parse_lines(text, Some(3_600_000));
    }
});
