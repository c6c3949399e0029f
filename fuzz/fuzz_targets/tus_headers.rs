//! `Upload-Metadata`, `Upload-Checksum` and the numeric tus headers: never a panic, and
//! metadata that parses renders back to the same pairs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_core::ingest::tus_headers::{parse_checksum, parse_metadata, parse_number, render_metadata};

fuzz_target!(|text: &str| {
    if let Ok(pairs) = parse_metadata(text) {
        let rendered = render_metadata(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(parse_metadata(&rendered).as_ref(), Ok(&pairs), "{rendered:?}");
    }
    if let Some(n) = parse_number(text) {
        assert_eq!(text.trim().parse::<u64>().ok(), Some(n), "{text:?}");
    }
    let _ = parse_checksum(text);
});
