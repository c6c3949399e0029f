//! The "edit video" form: its fields as typed (shown again after an error), as the stored
//! video fills them, and as the edit the videos capability applies.

use serde::Serialize;

use crate::error::{AppError, AppResult};
use reel_base::domain::availability::{Country, CountryRule};
use reel_base::domain::{rfc3339, Credits};
use reel_core::library::availability::AvailabilityEdit;
use reel_core::library::catalogue::MetadataEdit;
use reel_core::library::videos::{EditVideo, VideoRecord};

/// Every field of the form, as text; genres are checkboxes, so a list.
#[derive(Debug, Default, Serialize)]
pub struct EditForm {
    #[serde(skip)]
    pub csrf: String,
    /// The names that were posted: a catalogue field a form did not have stays as it is.
    #[serde(skip)]
    posted: std::collections::BTreeSet<String>,
    pub title: String,
    pub description: String,
    pub visibility: String,
    pub kind: String,
    pub genres: Vec<String>,
    pub tags: String,
    pub year: String,
    pub language: String,
    pub content_rating: String,
    pub director: String,
    pub cast: String,
    pub artist: String,
    pub album: String,
    pub album_artist: String,
    pub track_number: String,
    pub disc_number: String,
    /// The series' id, or empty for none.
    pub series: String,
    pub season: String,
    pub episode: String,
    /// Whether members may comment (a box, so it counts as posted with `comments_shown`).
    pub comments: bool,
    /// When it becomes available, `YYYY-MM-DDTHH:MM` in UTC (a `datetime-local` box), or empty.
    pub available_from: String,
    /// When it leaves, the same way.
    pub available_until: String,
    /// `allow`, `deny`, or empty for everywhere.
    pub country_rule: String,
    /// The rule's countries, comma-separated codes.
    pub countries: String,
}

/// Lists are typed comma-separated.
fn joined(items: &[String]) -> String {
    items.join(", ")
}

fn split(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// An empty box clears the field; anything else must be a whole number.
fn number(field: &str, text: &str) -> AppResult<Option<i64>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| AppError::bad_request("invalid-metadata", format!("{field}: must be a whole number")))
}

impl EditForm {
    /// The form as posted (`genre` repeats, one per ticked box; unknown names are ignored).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            form.posted.insert(name.clone());
            let slot = match name.as_str() {
                "genre" => {
                    form.genres.push(value);
                    continue;
                }
                "comments" => {
                    form.comments = true;
                    continue;
                }
                "csrf" => &mut form.csrf,
                "title" => &mut form.title,
                "description" => &mut form.description,
                "visibility" => &mut form.visibility,
                "kind" => &mut form.kind,
                "tags" => &mut form.tags,
                "year" => &mut form.year,
                "language" => &mut form.language,
                "content_rating" => &mut form.content_rating,
                "director" => &mut form.director,
                "cast" => &mut form.cast,
                "artist" => &mut form.artist,
                "album" => &mut form.album,
                "album_artist" => &mut form.album_artist,
                "track_number" => &mut form.track_number,
                "disc_number" => &mut form.disc_number,
                "series" => &mut form.series,
                "season" => &mut form.season,
                "episode" => &mut form.episode,
                "available_from" => &mut form.available_from,
                "available_until" => &mut form.available_until,
                "country_rule" => &mut form.country_rule,
                "countries" => &mut form.countries,
                _ => continue,
            };
            *slot = value;
        }
        form
    }

    /// The form filled with what is stored.
    pub fn of(video: &VideoRecord) -> Self {
        let m = &video.meta;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        Self {
            csrf: String::new(),
            posted: Default::default(),
            title: video.title.clone(),
            description: video.description.clone(),
            visibility: video.visibility.to_string(),
            kind: m.kind.to_string(),
            genres: m.genres.clone(),
            tags: joined(&m.tags),
            year: num(m.year),
            language: m.language.as_ref().map(ToString::to_string).unwrap_or_default(),
            content_rating: text(&m.content_rating),
            director: joined(&m.credits.director),
            cast: joined(&m.credits.cast),
            artist: text(&m.artist),
            album: text(&m.album),
            album_artist: text(&m.album_artist),
            track_number: num(m.track_number),
            disc_number: num(m.disc_number),
            series: m.series.map(|s| s.to_string()).unwrap_or_default(),
            season: num(m.season),
            episode: num(m.episode),
            // The caller fills this in from the item's own switch.
            comments: true,
            available_from: video.availability.from.map(minute).unwrap_or_default(),
            available_until: video.availability.until.map(minute).unwrap_or_default(),
            country_rule: match &video.availability.countries {
                Some(CountryRule::Allow(_)) => "allow".into(),
                Some(CountryRule::Deny(_)) => "deny".into(),
                None => String::new(),
            },
            countries: match &video.availability.countries {
                Some(CountryRule::Allow(list) | CountryRule::Deny(list)) => {
                    list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                }
                None => String::new(),
            },
        }
    }

    /// The edit it asks for: every posted field set, an empty one cleared. Genres count as
    /// posted when the form showed them (`genres_shown`), since no ticked box sends nothing.
    pub fn edit(&self) -> AppResult<EditVideo> {
        let posted = |name: &str| self.posted.contains(name);
        let text = |name: &str, value: &str| posted(name).then(|| Some(value.to_string()));
        let count = |name: &str, value: &str| posted(name).then(|| number(name, value)).transpose();
        let credits =
            (posted("director") || posted("cast")).then(|| Some(Credits { director: split(&self.director), cast: split(&self.cast) }));
        let metadata = MetadataEdit {
            kind: posted("kind").then(|| self.kind.clone()),
            genres: posted("genres_shown").then(|| self.genres.clone()),
            tags: posted("tags").then(|| split(&self.tags)),
            year: count("year", &self.year)?,
            language: text("language", &self.language),
            content_rating: text("content_rating", &self.content_rating),
            credits,
            artist: text("artist", &self.artist),
            album: text("album", &self.album),
            album_artist: text("album_artist", &self.album_artist),
            track_number: count("track_number", &self.track_number)?,
            disc_number: count("disc_number", &self.disc_number)?,
            series: text("series", &self.series),
            season: count("season", &self.season)?,
            episode: count("episode", &self.episode)?,
        };
        Ok(EditVideo {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            visibility: Some(self.visibility.clone()),
            // Its own form, beside the audio tracks.
            normalize_audio: None,
            comments: posted("comments_shown").then_some(self.comments),
            metadata,
            availability: self.availability()?,
            unknown: Default::default(),
        })
    }

    /// The window and countries asked for, where the form had them: an empty time box lifts
    /// that limit, and no rule (or an empty list under one) lifts the countries'.
    fn availability(&self) -> AppResult<AvailabilityEdit> {
        let posted = |name: &str| self.posted.contains(name);
        let time = |name: &str, value: &str| posted(name).then(|| Some(value.trim()).filter(|v| !v.is_empty()).map(rfc3339_of_minute));
        let countries = if posted("country_rule") {
            let codes = split(&self.countries)
                .iter()
                .map(|c| c.parse::<Country>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| AppError::bad_request("invalid-availability", format!("countries: {e}")))?;
            Some(match self.country_rule.as_str() {
                "allow" => Some(CountryRule::Allow(codes)),
                "deny" if !codes.is_empty() => Some(CountryRule::Deny(codes)),
                _ => None,
            })
        } else {
            None
        };
        Ok(AvailabilityEdit {
            available_from: time("available_from", &self.available_from),
            available_until: time("available_until", &self.available_until),
            countries,
        })
    }
}

/// A stored time as a `datetime-local` box shows it in UTC: `2027-01-31T20:00`.
fn minute(ms: i64) -> String {
    rfc3339(ms).chars().take(16).collect()
}

/// What a `datetime-local` box sent (`2027-01-31T20:00`, read as UTC) as RFC 3339; anything
/// else as it is, for the edit to refuse by name.
fn rfc3339_of_minute(text: &str) -> String {
    let is_minute = text.len() == 16 && text.as_bytes()[10] == b'T';
    if is_minute {
        format!("{text}:00Z")
    } else {
        text.to_string()
    }
}
