//! HTTP byte ranges (RFC 9110 §14): parsing one `Range: bytes=…` against an object's size.

use std::ops::Range;

/// What a `Range` header asks of an object of a given size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable range: send the whole object (200).
    Whole,
    /// One satisfiable range: send it (206).
    Part(Range<u64>),
    /// A range that lies outside the object (416).
    Unsatisfiable,
}

/// Interprets a `Range` header value. Multiple ranges are answered with the whole object,
/// which the RFC allows and every player handles.
pub fn parse(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return RangeRequest::Whole };
    if spec.contains(',') {
        return RangeRequest::Whole;
    }
    let Some((start, end)) = spec.split_once('-') else { return RangeRequest::Whole };
    let (start, end) = (start.trim(), end.trim());
    let range = match (start.parse::<u64>(), end.parse::<u64>()) {
        (Ok(s), Ok(e)) if s <= e => s..e.saturating_add(1).min(size),
        (Ok(_), Ok(_)) => return RangeRequest::Whole,
        (Ok(s), Err(_)) if end.is_empty() => s..size,
        (Err(_), Ok(n)) if start.is_empty() => {
            if n == 0 {
                return RangeRequest::Unsatisfiable;
            }
            size.saturating_sub(n)..size
        }
        _ => return RangeRequest::Whole,
    };
    if range.start >= size {
        RangeRequest::Unsatisfiable
    } else {
        RangeRequest::Part(range)
    }
}

/// The `Content-Range` of a 206 answer sending `range` of an object of `size` bytes.
pub fn content_range(range: &Range<u64>, size: u64) -> String {
    format!("bytes {}-{}/{size}", range.start, range.end.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The range a `Content-Range` value names, and the object's size.
    fn read_content_range(value: &str) -> Option<(Range<u64>, u64)> {
        let (span, size) = value.strip_prefix("bytes ")?.split_once('/')?;
        let (first, last) = span.split_once('-')?;
        Some((first.parse().ok()?..last.parse::<u64>().ok()? + 1, size.parse().ok()?))
    }

    proptest! {
        /// `bytes=a-b` asks for a..=b clipped to the object; a part's `Content-Range` names it
        /// exactly; a start past the end is unsatisfiable.
        #[test]
        fn a_first_last_range_is_served_as_asked_and_described_exactly(size in 1u64..1 << 40, a in 0u64..1 << 41, len in 0u64..1 << 30) {
            let b = a.saturating_add(len);
            match parse(Some(&format!("bytes={a}-{b}")), size) {
                RangeRequest::Part(r) => {
                    prop_assert!(a < size);
                    prop_assert_eq!(r.clone(), a..(b + 1).min(size));
                    prop_assert_eq!(read_content_range(&content_range(&r, size)), Some((r, size)));
                }
                RangeRequest::Unsatisfiable => prop_assert!(a >= size),
                RangeRequest::Whole => prop_assert!(false, "a well-formed range was ignored"),
            }
        }

        /// `bytes=-n` is the last n bytes (all of a smaller object); `bytes=a-` runs to the end.
        #[test]
        fn suffix_and_open_ranges_end_at_the_object_end(size in 1u64..1 << 40, n in 1u64..1 << 41) {
            prop_assert_eq!(parse(Some(&format!("bytes=-{n}")), size), RangeRequest::Part(size.saturating_sub(n)..size));
            let expected = if n < size { RangeRequest::Part(n..size) } else { RangeRequest::Unsatisfiable };
            prop_assert_eq!(parse(Some(&format!("bytes={n}-")), size), expected);
        }

        /// Whatever the header, a part lies inside the object and is never empty.
        #[test]
        fn any_header_gives_a_part_inside_the_object_or_none(header in "\\PC{0,40}", size in 0u64..1 << 40) {
            if let RangeRequest::Part(r) = parse(Some(&header), size) {
                prop_assert!(r.start < r.end && r.end <= size, "{:?} of {}", r, size);
            }
        }
    }

    #[test]
    fn ranges_of_every_form_are_understood() {
        assert_eq!(parse(Some("bytes=0-99"), 1000), RangeRequest::Part(0..100));
        assert_eq!(parse(Some("bytes=900-"), 1000), RangeRequest::Part(900..1000));
        assert_eq!(parse(Some("bytes=-100"), 1000), RangeRequest::Part(900..1000));
        assert_eq!(parse(Some("bytes=990-2000"), 1000), RangeRequest::Part(990..1000));
        assert_eq!(parse(Some("bytes=-5000"), 1000), RangeRequest::Part(0..1000));
    }

    #[test]
    fn ranges_outside_the_object_are_unsatisfiable() {
        assert_eq!(parse(Some("bytes=1000-"), 1000), RangeRequest::Unsatisfiable);
        assert_eq!(parse(Some("bytes=-0"), 1000), RangeRequest::Unsatisfiable);
    }

    #[test]
    fn odd_headers_get_the_whole_object() {
        for h in [None, Some("items=0-1"), Some("bytes=0-1,5-6"), Some("bytes=5-1"), Some("bytes=x-y")] {
            assert_eq!(parse(h, 1000), RangeRequest::Whole, "{h:?}");
        }
    }
}
