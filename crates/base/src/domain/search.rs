//! Full-text search without the engine: what an item's search document holds, and what a
//! typed query asks for. Both engines index and match the same folded words (lower-case, no
//! accents), so "beyonce" finds "Beyoncé" on SQLite and PostgreSQL alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::catalogue::Metadata;

/// Most words a query matches on; the rest are ignored (a pasted paragraph stays cheap).
pub const MAX_TERMS: usize = 8;
/// Longest word kept from a query; longer ones cannot be in an index of real titles anyway.
const MAX_TERM_CHARS: usize = 40;

/// `text` lower-cased with its accents removed (decomposed, combining marks dropped), and
/// compatibility forms unified ("ﬁ" → "fi").
pub fn fold(text: &str) -> String {
    text.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// What search looks at in an item, folded, in the order it ranks: a match in the title
/// counts most, then people (artist, album, credits) and labels (genres, tags), then the
/// description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The title.
    pub title: String,
    /// Artist, album artist, album, directors and cast.
    pub people: String,
    /// Genres and tags.
    pub labels: String,
    /// The description.
    pub description: String,
}

impl Document {
    /// The search document of an item.
    pub fn of(title: &str, description: &str, meta: &Metadata) -> Self {
        let people: Vec<&str> = [&meta.artist, &meta.album_artist, &meta.album]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .chain(meta.credits.director.iter().map(String::as_str))
            .chain(meta.credits.cast.iter().map(String::as_str))
            .collect();
        let labels: Vec<&str> = meta.genres.iter().chain(&meta.tags).map(String::as_str).collect();
        Self { title: words(title), people: words(&people.join(" ")), labels: words(&labels.join(" ")), description: words(description) }
    }
}

/// `text` folded and reduced to its words (runs of letters and digits) joined by spaces: what
/// each engine indexes, so neither engine's own parser reads markup or punctuation into it
/// (PostgreSQL's skips anything that looks like an HTML tag).
fn words(text: &str) -> String {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A typed query as words to match: each must be found, the last as a prefix too (the
/// word being typed), every one of them folded and made only of letters and digits, so no
/// engine's query syntax can be written through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms(Vec<String>);

impl Terms {
    /// The words of `query`; `None` when it has none (only punctuation, or empty).
    pub fn parse(query: &str) -> Option<Self> {
        let folded = fold(query);
        let words: Vec<String> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().take(MAX_TERM_CHARS).collect())
            .take(MAX_TERMS)
            .collect();
        (!words.is_empty()).then_some(Self(words))
    }

    /// The words, in the order typed.
    pub fn words(&self) -> &[String] {
        &self.0
    }

    /// As an SQLite FTS5 query: every word, each also as a prefix (`"jaz"*` finds "jazz").
    pub fn fts5(&self) -> String {
        self.0.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ")
    }

    /// As a PostgreSQL `to_tsquery('simple', …)` text: every word, each also as a prefix.
    pub fn tsquery(&self) -> String {
        self.0.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Credits;

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("Beyoncé — Ça Ira"), "beyonce — ca ira");
        assert_eq!(fold("Ǆ ﬁlm Ångström"), "dz film angstrom");
        assert_eq!(fold("東京"), "東京");
    }

    #[test]
    fn the_document_groups_fields_by_weight() {
        let meta = Metadata {
            artist: Some("Mílton".into()),
            album: Some("Clube".into()),
            genres: vec!["Jazz".into()],
            tags: vec!["live".into()],
            credits: Credits { director: vec!["Agnès Varda".into()], cast: vec![] },
            ..Metadata::default()
        };
        let doc = Document::of("Cléo", "Paris, 1961", &meta);
        assert_eq!(doc.title, "cleo");
        assert_eq!(doc.people, "milton clube agnes varda");
        assert_eq!(doc.labels, "jazz live");
        assert_eq!(doc.description, "paris 1961");
        let markup = Document::of("<script>alert(1)</script> & co", "", &Metadata::default());
        assert_eq!(markup.title, "script alert 1 script co", "markup is words like any others");
    }

    #[test]
    fn queries_keep_only_words() {
        let terms = Terms::parse("  Café\" OR * NEAR(x) ").unwrap();
        assert_eq!(terms.words(), ["cafe", "or", "near", "x"]);
        assert_eq!(terms.fts5(), "\"cafe\"* \"or\"* \"near\"* \"x\"*");
        assert_eq!(terms.tsquery(), "cafe:* & or:* & near:* & x:*");
        assert_eq!(Terms::parse("!!! -- ''"), None);
        assert_eq!(Terms::parse(""), None);
    }

    #[test]
    fn queries_are_bounded() {
        let long = "w ".repeat(50);
        assert_eq!(Terms::parse(&long).unwrap().words().len(), MAX_TERMS);
        let word = "x".repeat(100);
        assert_eq!(Terms::parse(&word).unwrap().words()[0].len(), 40);
    }
}
