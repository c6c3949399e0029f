//! Validated user-supplied text: titles and descriptions.

use std::fmt;

/// A video title: 1–200 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoTitle(String);

/// A video description: up to 5000 characters, no control characters but newlines and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VideoDescription(String);

/// Whether `c` may not stand in one line of text: a control character, or Unicode's line and
/// paragraph separators (U+2028, U+2029), which JavaScript, WebVTT and HLS readers and some
/// players take as line breaks though `char::is_control` does not.
pub fn breaks_a_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextError(pub String);

/// The conversions a checked-text newtype (`struct T(String)`) needs to be stored and
/// serialised as its text: `TryFrom<String>` through its check (`FromStr`, or the named
/// function), `From<T> for String` and `Display`.
macro_rules! string_conversions {
    ($ty:ident) => {
        $crate::domain::text::string_conversions!($ty, <$ty as std::str::FromStr>::from_str);
    };
    ($ty:ident, $parse:expr) => {
        impl TryFrom<String> for $ty {
            type Error = $crate::domain::text::TextError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $parse(&s)
            }
        }
        impl From<$ty> for String {
            fn from(v: $ty) -> String {
                v.0
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use string_conversions;

impl VideoTitle {
    /// Longest accepted title, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Trims and checks a title.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(TextError("the title must not be empty".into()));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(TextError(format!("the title must be at most {} characters", Self::MAX_CHARS)));
        }
        if s.chars().any(breaks_a_line) {
            return Err(TextError("the title must not contain control characters".into()));
        }
        Ok(Self(s.to_string()))
    }

    /// A title derived from a file name: its stem, or "Untitled" when that is unusable.
    pub fn from_filename(name: &str) -> Self {
        let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let cleaned: String = stem.chars().filter(|c| !breaks_a_line(*c)).take(Self::MAX_CHARS).collect();
        Self::parse(&cleaned).unwrap_or_else(|_| Self("Untitled".into()))
    }

    /// The title text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl VideoDescription {
    /// Longest accepted description, in characters.
    pub const MAX_CHARS: usize = 5000;

    /// Trims and checks a description.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let s = s.trim();
        if s.chars().count() > Self::MAX_CHARS {
            return Err(TextError(format!("the description must be at most {} characters", Self::MAX_CHARS)));
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
            return Err(TextError("the description must not contain control characters".into()));
        }
        Ok(Self(s.to_string()))
    }

    /// The description text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VideoTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_paragraph_separators_break_a_line_like_controls() {
        for c in ['\n', '\r', '\u{0}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(breaks_a_line(c), "{c:?}");
        }
        assert!(!breaks_a_line('a') && !breaks_a_line(' ') && !breaks_a_line('é'));
        assert!(VideoTitle::parse("one\u{2028}two").is_err());
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(VideoTitle::parse("  Hello ").unwrap().as_str(), "Hello");
        assert!(VideoTitle::parse("   ").is_err());
        assert!(VideoTitle::parse(&"a".repeat(201)).is_err());
        assert!(VideoTitle::parse("bad\u{0}title").is_err());
    }

    #[test]
    fn a_title_from_a_filename_drops_the_extension() {
        assert_eq!(VideoTitle::from_filename("holiday clip.mp4").as_str(), "holiday clip");
        assert_eq!(VideoTitle::from_filename("").as_str(), "Untitled");
    }

    #[test]
    fn descriptions_keep_newlines_but_not_other_controls() {
        assert!(VideoDescription::parse("line one\nline two").is_ok());
        assert!(VideoDescription::parse("bell\u{7}").is_err());
    }
}
