//! What a catalogue item is beyond its title: its kind, genres, tags, year, language, rating,
//! credits and music fields, each checked and normalised the way titles are.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::text::TextError;

/// What an item is, which decides how it is browsed and played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Anything else: a clip, a talk, a home video (the default).
    #[default]
    Video,
    /// A feature or short film.
    Film,
    /// One episode of a series.
    Episode,
    /// A music track or music video.
    Music,
    /// A podcast episode.
    Podcast,
}

str_enum!(ItemKind { Video => "video", Film => "film", Episode => "episode", Music => "music", Podcast => "podcast" });

impl ItemKind {
    /// Every kind, in the order pages offer them.
    pub const ALL: [Self; 5] = [Self::Video, Self::Film, Self::Episode, Self::Music, Self::Podcast];
}

/// Most tags an item may carry.
pub const MAX_TAGS: usize = 30;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;
/// Most genres an item may carry.
pub const MAX_GENRES: usize = 8;
/// Most names in one credit (director or cast).
pub const MAX_CREDIT_NAMES: usize = 50;
/// Longest name or music field (artist, album), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Earliest year accepted: films began in the 1880s; recordings a little earlier.
pub const MIN_YEAR: i64 = 1850;
/// Latest year accepted: announced releases, not typos of a century.
pub const MAX_YEAR: i64 = 2200;

/// Tags as stored: trimmed, inner runs of space made one, lower-cased, empty ones dropped,
/// duplicates dropped (first one kept); at most [`MAX_TAGS`] of at most [`MAX_TAG_CHARS`].
pub fn normalise_tags<S: AsRef<str>>(tags: &[S]) -> Result<Vec<String>, TextError> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.as_ref().split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if tag.is_empty() || out.contains(&tag) {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(TextError(format!("a tag is at most {MAX_TAG_CHARS} characters")));
        }
        if tag.chars().any(super::text::breaks_a_line) || tag.contains(',') {
            return Err(TextError("a tag must not contain commas or control characters".into()));
        }
        out.push(tag);
    }
    if out.len() > MAX_TAGS {
        return Err(TextError(format!("an item has at most {MAX_TAGS} tags")));
    }
    Ok(out)
}

/// Genres as stored: each one of `allowed` (matched without regard to case, stored as
/// `allowed` spells it), duplicates dropped, at most [`MAX_GENRES`].
pub fn pick_genres<S: AsRef<str>>(given: &[S], allowed: &[String]) -> Result<Vec<String>, TextError> {
    let mut out: Vec<String> = Vec::new();
    for genre in given {
        let genre = genre.as_ref().trim();
        if genre.is_empty() {
            continue;
        }
        let known = allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(genre))
            .ok_or_else(|| TextError(format!("{:?} is not a genre here (the genres are: {})", shorten(genre), allowed.join(", "))))?;
        if !out.contains(known) {
            out.push(known.clone());
        }
    }
    if out.len() > MAX_GENRES {
        return Err(TextError(format!("an item has at most {MAX_GENRES} genres")));
    }
    Ok(out)
}

/// A content rating from the configured scale, spelled as the scale spells it.
pub fn pick_rating(given: &str, scale: &[String]) -> Result<String, TextError> {
    let given = given.trim();
    scale
        .iter()
        .find(|r| r.eq_ignore_ascii_case(given))
        .cloned()
        .ok_or_else(|| TextError(format!("{:?} is not a content rating here (the scale is: {})", shorten(given), scale.join(", "))))
}

/// A release year within [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn check_year(year: i64) -> Result<i64, TextError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(TextError(format!("the year must be between {MIN_YEAR} and {MAX_YEAR}")))
    }
}

/// A track or disc number: 1 to `max`.
pub fn check_position(what: &str, n: i64, max: i64) -> Result<i64, TextError> {
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(TextError(format!("the {what} must be between 1 and {max}")))
    }
}

/// A name or title field (artist, album, a credited person): trimmed, at most
/// [`MAX_NAME_CHARS`], no control characters; empty is `None`.
pub fn name_field(what: &str, text: &str) -> Result<Option<String>, TextError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_NAME_CHARS {
        return Err(TextError(format!("the {what} must be at most {MAX_NAME_CHARS} characters")));
    }
    if text.chars().any(super::text::breaks_a_line) {
        return Err(TextError(format!("the {what} must not contain control characters")));
    }
    Ok(Some(text.to_string()))
}

/// At most 40 characters of something refused, for an error message.
fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

/// A language tag (BCP 47), in its conventional case: `en`, `pt-BR`, `zh-Hant-TW`, `es-419`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "pt-BR")]
pub struct Language(String);

impl Language {
    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language in its own words where Reel knows it ("Français" for `fr-CA`), else the
    /// tag: what a track menu shows when nobody named the track.
    pub fn endonym(&self) -> &str {
        let primary = self.0.split('-').next().unwrap_or_default();
        ENDONYMS.iter().find(|(tag, _)| *tag == primary).map_or(self.as_str(), |(_, name)| name)
    }
}

impl FromStr for Language {
    type Err = TextError;

    /// Checks the shape of a tag: an ISO 639 primary language of 2–3 letters, then subtags
    /// of 1–8 letters or digits (script, region, variant). The 5–8 letter primaries BCP 47
    /// reserves have never been assigned, and private-use (`x-`) and grandfathered (`i-`)
    /// forms are refused: no one tags a film with them, and they let words pass as tags.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TextError(format!("{:?} is not a language tag such as en, fr or pt-BR", shorten(s)));
        let s = s.trim();
        if s.is_empty() || s.len() > 35 {
            return Err(bad());
        }
        let mut parts = s.split(['-', '_']);
        let primary = parts.next().unwrap_or("");
        if !(matches!(primary.len(), 2 | 3) && primary.bytes().all(|b| b.is_ascii_alphabetic())) {
            return Err(bad());
        }
        let mut out = primary.to_ascii_lowercase();
        for (i, part) in parts.enumerate() {
            if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(bad());
            }
            let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
            // Conventional case: scripts Title-case (Hant), regions upper (BR), the rest lower.
            let part = match (part.len(), letters) {
                (4, true) if i == 0 => part[..1].to_ascii_uppercase() + &part[1..].to_ascii_lowercase(),
                (2, true) => part.to_ascii_uppercase(),
                _ => part.to_ascii_lowercase(),
            };
            out.push('-');
            out.push_str(&part);
        }
        Ok(Self(out))
    }
}

impl Language {
    /// The tag of a stream's `language` tag as containers write it (ISO 639-2, `eng`, `fre`,
    /// `ger`): the two-letter code BCP 47 prefers where one exists, else the code as it is;
    /// `None` for an absent or undetermined (`und`) language or one that is no tag at all.
    pub fn from_stream_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase();
        let short = ISO_639_2.iter().find(|(long, _)| long.split('/').any(|l| l == tag)).map(|(_, short)| *short);
        let language: Self = short.unwrap_or(&tag).parse().ok()?;
        (language.as_str() != "und").then_some(language)
    }

    /// The ISO 639-2 (terminological) code of a two-letter primary language, as containers
    /// tag streams: `fr` → `fra`.
    pub fn long_code(primary: &str) -> Option<&'static str> {
        ISO_639_2.iter().find(|(_, short)| *short == primary).map(|(long, _)| long.rsplit('/').next().unwrap_or(long))
    }
}

/// Common languages in their own words.
const ENDONYMS: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// ISO 639-2 codes (bibliographic/terminological where they differ) of common languages and
/// their ISO 639-1 codes.
const ISO_639_2: &[(&str, &str)] = &[
    ("ara", "ar"),
    ("chi/zho", "zh"),
    ("cze/ces", "cs"),
    ("dan", "da"),
    ("dut/nld", "nl"),
    ("eng", "en"),
    ("fin", "fi"),
    ("fre/fra", "fr"),
    ("ger/deu", "de"),
    ("gre/ell", "el"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hun", "hu"),
    ("ind", "id"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("nor", "no"),
    ("pol", "pl"),
    ("por", "pt"),
    ("rum/ron", "ro"),
    ("rus", "ru"),
    ("spa", "es"),
    ("swe", "sv"),
    ("tha", "th"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("vie", "vi"),
];

super::text::string_conversions!(Language);

/// Who made a film: its directors and cast, in billing order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Credits {
    /// Directors.
    #[serde(default)]
    pub director: Vec<String>,
    /// Cast.
    #[serde(default)]
    pub cast: Vec<String>,
}

impl Credits {
    /// Checks every name ([`name_field`]), drops empty ones and repeats, at most
    /// [`MAX_CREDIT_NAMES`] a list.
    pub fn parse<S: AsRef<str>>(director: &[S], cast: &[S]) -> Result<Self, TextError> {
        Ok(Self { director: names("director", director)?, cast: names("cast member", cast)? })
    }

    /// Whether no one is credited.
    pub fn is_empty(&self) -> bool {
        self.director.is_empty() && self.cast.is_empty()
    }
}

fn names<S: AsRef<str>>(what: &str, given: &[S]) -> Result<Vec<String>, TextError> {
    let mut out: Vec<String> = Vec::new();
    for name in given {
        if let Some(name) = name_field(what, name.as_ref())? {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    if out.len() > MAX_CREDIT_NAMES {
        return Err(TextError(format!("at most {MAX_CREDIT_NAMES} names a credit")));
    }
    Ok(out)
}

/// Everything the catalogue knows of an item besides its title and description; each field
/// already checked (build it through the checks above).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct Metadata {
    /// What it is.
    pub kind: ItemKind,
    /// Genres from the configured list.
    pub genres: Vec<String>,
    /// Free tags, normalised.
    pub tags: Vec<String>,
    /// Release year.
    pub year: Option<i64>,
    /// Spoken language.
    pub language: Option<Language>,
    /// Rating on the configured scale.
    pub content_rating: Option<String>,
    /// Directors and cast.
    pub credits: Credits,
    /// Performing artist (music).
    pub artist: Option<String>,
    /// Album (music).
    pub album: Option<String>,
    /// The album's artist, when not the track's (compilations).
    pub album_artist: Option<String>,
    /// Track number on its disc.
    pub track_number: Option<i64>,
    /// Disc number in its album.
    pub disc_number: Option<i64>,
    /// The series an episode belongs to.
    pub series: Option<super::CollectionId>,
    /// Its season in the series.
    pub season: Option<i64>,
    /// Its number within the season.
    pub episode: Option<i64>,
}

impl Metadata {
    /// Whom the item's album is credited to: the album's artist, else the track's own.
    pub fn album_by(&self) -> Option<&str> {
        self.album_artist.as_deref().or(self.artist.as_deref())
    }

    /// Where the item sits in its series, if it is an episode of one.
    pub fn episode_number(&self) -> Option<super::collection::EpisodeNumber> {
        self.series?;
        Some(super::collection::EpisodeNumber { season: self.season?, episode: self.episode? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_lower_cased_and_deduplicated_within_bounds() {
        let tags = normalise_tags(&["  Road  Trip ", "road trip", "", "SUMMER", "summer "]).unwrap();
        assert_eq!(tags, ["road trip", "summer"]);
        assert!(normalise_tags(&["x".repeat(MAX_TAG_CHARS + 1)]).is_err());
        assert!(normalise_tags(&["a,b"]).is_err());
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert!(normalise_tags(&many).is_err());
        assert_eq!(normalise_tags(&many[..MAX_TAGS]).unwrap().len(), MAX_TAGS);
    }

    #[test]
    fn genres_come_from_the_list_spelled_as_the_list_spells_them() {
        let allowed = vec!["Drama".to_string(), "Jazz".to_string(), "Science Fiction".to_string()];
        assert_eq!(pick_genres(&["drama", "JAZZ", "Drama"], &allowed).unwrap(), ["Drama", "Jazz"]);
        assert_eq!(pick_genres(&["science fiction"], &allowed).unwrap(), ["Science Fiction"]);
        let err = pick_genres(&["Polka"], &allowed).unwrap_err();
        assert!(err.0.contains("Polka") && err.0.contains("Drama, Jazz"), "{err}");
    }

    #[test]
    fn ratings_years_and_positions_are_bounded() {
        let scale: Vec<String> = ["G", "PG", "PG-13", "R"].map(String::from).to_vec();
        assert_eq!(pick_rating("pg-13", &scale).unwrap(), "PG-13");
        assert!(pick_rating("X", &scale).is_err());
        assert_eq!(check_year(1999).unwrap(), 1999);
        assert!(check_year(199).is_err() && check_year(20000).is_err());
        assert!(check_position("track number", 0, 999).is_err());
        assert_eq!(check_position("track number", 7, 999).unwrap(), 7);
    }

    #[test]
    fn language_tags_are_checked_and_given_their_conventional_case() {
        for (given, stored) in
            [("EN", "en"), ("pt-br", "pt-BR"), ("zh_hant_tw", "zh-Hant-TW"), ("es-419", "es-419"), ("sr-Latn", "sr-Latn")]
        {
            assert_eq!(given.parse::<Language>().unwrap().as_str(), stored, "{given}");
        }
        for bad in ["", "e", "english", "english language", "en--gb", "1e", "en-toolongsubtag", "en-GB!"] {
            assert!(bad.parse::<Language>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn credits_keep_billing_order_and_drop_blanks_and_repeats() {
        let credits = Credits::parse(&["Agnès Varda", " "], &["B", "A", "B"]).unwrap();
        assert_eq!(credits.director, ["Agnès Varda"]);
        assert_eq!(credits.cast, ["B", "A"]);
        assert!(Credits::parse(&["x".repeat(MAX_NAME_CHARS + 1)], &[]).is_err());
    }

    #[test]
    fn kinds_are_named_as_the_api_names_them() {
        assert_eq!("music".parse::<ItemKind>().unwrap(), ItemKind::Music);
        let from_tag = |t: &str| Language::from_stream_tag(t).map(|l| l.to_string());
        assert_eq!(from_tag("fre").as_deref(), Some("fr"));
        assert_eq!(from_tag("ENG").as_deref(), Some("en"));
        assert_eq!(from_tag("gsw").as_deref(), Some("gsw"));
        assert_eq!((from_tag("und"), from_tag(""), from_tag("english")), (None, None, None));
        assert_eq!(ItemKind::default().as_str(), "video");
        assert!("movie".parse::<ItemKind>().is_err());
    }
}
