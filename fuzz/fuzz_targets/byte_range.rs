//! `Range` headers against any object size: a part is never empty and never outside the
//! object, and its `Content-Range` names it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_core::delivery::range::{content_range, parse, RangeRequest};

fuzz_target!(|input: (&str, u64)| {
    let (header, size) = input;
    if let RangeRequest::Part(r) = parse(Some(header), size) {
        assert!(r.start < r.end && r.end <= size, "{r:?} of {size} from {header:?}");
        assert_eq!(content_range(&r, size), format!("bytes {}-{}/{size}", r.start, r.end - 1));
    }
});
