//! A text track of an item: captions, subtitles or descriptions, with its language and label,
//! and where it came from (an upload, or a text stream of the uploaded file).

use serde::{Deserialize, Serialize};

use super::text::TextError;
use super::{CaptionId, Language, VideoId};

/// What a text track is for, as WebVTT, HLS and DASH name the three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaptionKind {
    /// The dialogue, translated or not, for viewers who hear it.
    #[default]
    Subtitles,
    /// Dialogue and sounds for viewers who cannot hear them.
    Captions,
    /// What happens on screen, for viewers who cannot see it (read out by screen readers).
    Descriptions,
}

str_enum!(CaptionKind { Subtitles => "subtitles", Captions => "captions", Descriptions => "descriptions" });

impl CaptionKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [Self; 3] = [Self::Subtitles, Self::Captions, Self::Descriptions];
}

/// Where a track came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaptionOrigin {
    /// A WebVTT or SRT file someone uploaded for the item.
    Upload,
    /// A text stream of the item's own file, extracted when it was processed (and extracted
    /// again, replacing it, when the item is processed again).
    Source,
}

str_enum!(CaptionOrigin { Upload => "upload", Source => "source" });

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 64;

/// A track's label, as the player's captions or audio menu shows it ("English",
/// "Français (SDH)", "Director's commentary").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackLabel(String);

impl TrackLabel {
    /// The label.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for TrackLabel {
    type Err = TextError;

    /// Trimmed, 1 to [`MAX_LABEL_CHARS`] characters, nothing that breaks a line
    /// ([`super::text::breaks_a_line`]: a label goes into a playlist's quoted attribute, where a
    /// quote or line break would end it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(TextError("a track label must not be empty".into()));
        }
        if s.chars().count() > MAX_LABEL_CHARS {
            return Err(TextError(format!("a track label is at most {MAX_LABEL_CHARS} characters")));
        }
        if s.chars().any(|c| super::text::breaks_a_line(c) || c == '"') {
            return Err(TextError("a track label may not hold quotes, line breaks or control characters".into()));
        }
        Ok(Self(s.to_string()))
    }
}

super::text::string_conversions!(TrackLabel);

/// One stored text track (its cues live in the store as clean WebVTT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caption {
    /// The track's id, also its file name.
    pub id: CaptionId,
    /// The item it belongs to.
    pub video_id: VideoId,
    /// Its language (BCP 47).
    pub language: Language,
    /// What the menu shows.
    pub label: TrackLabel,
    /// Subtitles, captions or descriptions.
    pub kind: CaptionKind,
    /// An upload or the item's own file.
    pub origin: CaptionOrigin,
    /// How many cues it holds.
    pub cues: i64,
    /// Bytes of its WebVTT.
    pub bytes: i64,
    /// When it was added, ms since the epoch.
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_and_checked() {
        assert_eq!(" English (SDH) ".parse::<TrackLabel>().unwrap().as_str(), "English (SDH)");
        assert!("".parse::<TrackLabel>().is_err());
        assert!("a\"b".parse::<TrackLabel>().is_err());
        assert!("two\nlines".parse::<TrackLabel>().is_err());
        assert!("two\u{2028}lines".parse::<TrackLabel>().is_err(), "a line separator ends a playlist line in some readers");
        assert!("two\u{2029}paragraphs".parse::<TrackLabel>().is_err());
        assert!("x".repeat(MAX_LABEL_CHARS + 1).parse::<TrackLabel>().is_err());
    }

    #[test]
    fn kinds_read_the_names_players_use() {
        assert_eq!("captions".parse::<CaptionKind>().unwrap(), CaptionKind::Captions);
        assert!("karaoke".parse::<CaptionKind>().is_err());
        assert_eq!(CaptionOrigin::Source.as_str(), "source");
    }
}
