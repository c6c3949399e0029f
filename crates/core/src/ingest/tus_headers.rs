//! The tus request headers Reel reads, parsed apart from any request: `Upload-Metadata`,
//! `Upload-Checksum` and the numeric ones. Pure functions over text, so the fuzz targets and
//! property tests drive them directly.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

/// Why a tus header could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// `Upload-Metadata` is not `key base64value` pairs of UTF-8.
    #[error("Upload-Metadata must be `key base64value` pairs")]
    Metadata,
    /// `Upload-Checksum` is not `algorithm digest`.
    #[error("Upload-Checksum must be `algorithm base64digest`")]
    ChecksumShape,
    /// The checksum's digest is not base64.
    #[error("the checksum is not base64")]
    ChecksumDigest,
    /// The checksum names an algorithm Reel does not compute.
    #[error("unsupported checksum algorithm")]
    ChecksumAlgorithm,
}

/// A checksum algorithm of the tus checksum extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumAlgorithm {
    /// `sha1`.
    Sha1,
    /// `sha256`.
    Sha256,
}

/// Parses `Upload-Metadata`: comma-separated `key base64value` pairs, a value optional; the
/// values must be UTF-8.
pub fn parse_metadata(text: &str) -> Result<Vec<(String, String)>, HeaderError> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, ' ');
            let key = parts.next().filter(|k| !k.is_empty()).ok_or(HeaderError::Metadata)?;
            let value = match parts.next() {
                Some(v) => {
                    String::from_utf8(B64.decode(v.trim()).map_err(|_| HeaderError::Metadata)?).map_err(|_| HeaderError::Metadata)?
                }
                None => String::new(),
            };
            Ok((key.to_string(), value))
        })
        .collect()
}

/// Writes pairs as `Upload-Metadata`: what [`parse_metadata`] reads back as the same pairs.
pub fn render_metadata<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(key, value)| if value.is_empty() { key.to_string() } else { format!("{key} {}", B64.encode(value)) })
        .collect::<Vec<_>>()
        .join(",")
}

/// A non-negative integer header (`Upload-Offset`, `Upload-Length`): ASCII digits only, so
/// `+5`, `-0` and `5e3` are refused rather than read some other way.
pub fn parse_number(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses `Upload-Checksum`: the algorithm and the expected digest.
pub fn parse_checksum(text: &str) -> Result<(ChecksumAlgorithm, Vec<u8>), HeaderError> {
    let (algorithm, digest) = text.trim().split_once(' ').ok_or(HeaderError::ChecksumShape)?;
    let expected = B64.decode(digest.trim()).map_err(|_| HeaderError::ChecksumDigest)?;
    let algorithm = match algorithm {
        "sha1" => ChecksumAlgorithm::Sha1,
        "sha256" => ChecksumAlgorithm::Sha256,
        _ => return Err(HeaderError::ChecksumAlgorithm),
    };
    Ok((algorithm, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn metadata_pairs_are_decoded() {
        let parsed = parse_metadata("filename Y2xpcC5tcDQ=,title SGVsbG8gd29ybGQ=,is_confidential").unwrap();
        assert_eq!(
            parsed,
            [("filename".into(), "clip.mp4".into()), ("title".into(), "Hello world".into()), ("is_confidential".into(), String::new())]
        );
        assert_eq!(parse_metadata("filename !!!notbase64"), Err(HeaderError::Metadata));
        assert_eq!(parse_metadata("filename /w=="), Err(HeaderError::Metadata), "not UTF-8");
    }

    #[test]
    fn numbers_are_plain_digits() {
        assert_eq!(parse_number(" 42 "), Some(42));
        for bad in ["", "+5", "-0", "5e3", "0x10", "18446744073709551616"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn checksums_name_their_algorithm() {
        assert_eq!(parse_checksum("sha1 AAEC"), Ok((ChecksumAlgorithm::Sha1, vec![0, 1, 2])));
        assert_eq!(parse_checksum("md5 AAEC"), Err(HeaderError::ChecksumAlgorithm));
        assert_eq!(parse_checksum("sha256"), Err(HeaderError::ChecksumShape));
        assert_eq!(parse_checksum("sha256 !!"), Err(HeaderError::ChecksumDigest));
    }

    proptest! {
        /// Any keys (as tus allows them: no spaces or commas) and any UTF-8 values survive a
        /// render and a parse unchanged.
        #[test]
        fn metadata_round_trips(pairs in prop::collection::vec(("[^ ,\\s]{1,20}", ".{0,40}"), 0..8)) {
            let rendered = render_metadata(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            prop_assert_eq!(parse_metadata(&rendered).unwrap(), pairs);
        }

        /// Every number is read back from its decimal form, and nothing else panics.
        #[test]
        fn numbers_round_trip(n: u64, noise in ".{0,24}") {
            prop_assert_eq!(parse_number(&n.to_string()), Some(n));
            let _ = parse_number(&noise);
            let _ = parse_checksum(&noise);
            let _ = parse_metadata(&noise);
        }
    }
}
