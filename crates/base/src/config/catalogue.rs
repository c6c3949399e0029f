//! The catalogue's vocabularies: which genres items may have and the content-rating scale.

use serde::{Deserialize, Serialize};

/// `[catalogue]`: the lists metadata is checked against. Items keep the genres and rating
/// they were given if a list later drops one; only new edits are checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CatalogueConfig {
    /// Genres an item may have, spelled as pages show them (film and music genres by default).
    pub genres: Vec<String>,
    /// The content-rating scale, mildest first.
    pub content_ratings: Vec<String>,
    /// How many of a search's matches are ranked: its newest this many. A word found in more
    /// items than this (a very common one) costs no more than this to rank, and finds the
    /// best of its newest matches; counts still count every match.
    pub search_ranked_matches: u32,
}

impl Default for CatalogueConfig {
    fn default() -> Self {
        let genres = [
            // Film and television.
            "Action",
            "Adventure",
            "Animation",
            "Comedy",
            "Crime",
            "Documentary",
            "Drama",
            "Family",
            "Fantasy",
            "History",
            "Horror",
            "Musical",
            "Mystery",
            "Romance",
            "Science Fiction",
            "Thriller",
            "War",
            "Western",
            // Music.
            "Blues",
            "Classical",
            "Country",
            "Electronic",
            "Folk",
            "Hip-Hop",
            "Jazz",
            "Latin",
            "Metal",
            "Pop",
            "R&B",
            "Reggae",
            "Rock",
            "Soul",
            "Soundtrack",
            "World",
            // Talk.
            "Education",
            "News",
            "Sports",
            "Talk",
        ];
        Self {
            genres: genres.map(String::from).to_vec(),
            content_ratings: ["G", "PG", "PG-13", "R", "NC-17"].map(String::from).to_vec(),
            search_ranked_matches: 2_000,
        }
    }
}

impl CatalogueConfig {
    /// Why the lists are unusable, if they are: empty names, repeats (ignoring case) or names
    /// too long for a page; or a search that ranks no match.
    pub fn problem(&self) -> Option<String> {
        if !(1..=1_000_000).contains(&self.search_ranked_matches) {
            return Some("catalogue.search_ranked_matches: must be between 1 and 1000000".into());
        }
        for (key, list) in [("catalogue.genres", &self.genres), ("catalogue.content_ratings", &self.content_ratings)] {
            for (i, name) in list.iter().enumerate() {
                if name.trim().is_empty() || name.trim() != name || name.chars().count() > 40 || name.contains(',') {
                    return Some(format!("{key}: {name:?} must be 1–40 characters, without commas or surrounding spaces"));
                }
                if list[..i].iter().any(|earlier| earlier.eq_ignore_ascii_case(name)) {
                    return Some(format!("{key}: {name:?} is listed twice"));
                }
            }
        }
        None
    }
}
