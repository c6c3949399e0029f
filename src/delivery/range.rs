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

#[cfg(test)]
mod tests {
    use super::*;

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
