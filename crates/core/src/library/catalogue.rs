//! The catalogue: what edits may change in an item's metadata, checked against the configured
//! genres and rating scale, and what a processed file's own tags add. Videos' edits (API and
//! pages) go through [`MetadataEdit::apply`]; the processing job through [`from_file`].

use serde::{Deserialize, Deserializer};

use crate::platform::problem::{self, Problem};
use reel_base::config::CatalogueConfig;
use reel_base::db::videos::{Filter, VideoRecord};
use reel_base::domain::catalogue::{self, Credits, ItemKind, Language, Metadata};
use reel_base::domain::collection;
use reel_base::domain::text::TextError;
use reel_base::domain::VideoTitle;
use reel_base::media::music::EmbeddedTags;

/// A change to an item's metadata. An absent field stays as it is; `null` clears a single
/// value; a list (`genres`, `tags`) replaces the one there, `[]` clearing it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, utoipa::ToSchema)]
pub struct MetadataEdit {
    /// `video`, `film`, `episode`, `music` or `podcast`.
    pub kind: Option<String>,
    /// Genres from `catalogue.genres`.
    pub genres: Option<Vec<String>>,
    /// Free tags.
    pub tags: Option<Vec<String>>,
    /// Release year.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(minimum = 1850, maximum = 2200)]
    pub year: Option<Option<i64>>,
    /// BCP 47 language tag.
    #[serde(default, deserialize_with = "nullable")]
    pub language: Option<Option<String>>,
    /// A rating from `catalogue.content_ratings`.
    #[serde(default, deserialize_with = "nullable")]
    pub content_rating: Option<Option<String>>,
    /// Directors and cast.
    #[serde(default, deserialize_with = "nullable")]
    pub credits: Option<Option<Credits>>,
    /// Performing artist.
    #[serde(default, deserialize_with = "nullable")]
    pub artist: Option<Option<String>>,
    /// Album.
    #[serde(default, deserialize_with = "nullable")]
    pub album: Option<Option<String>>,
    /// The album's artist.
    #[serde(default, deserialize_with = "nullable")]
    pub album_artist: Option<Option<String>>,
    /// Track number (1–999).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(minimum = 1, maximum = 999)]
    pub track_number: Option<Option<i64>>,
    /// Disc number (1–99).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(minimum = 1, maximum = 99)]
    pub disc_number: Option<Option<i64>>,
    /// The id of the series this is an episode of; `null` takes it out of its series.
    #[serde(default, deserialize_with = "nullable")]
    pub series: Option<Option<String>>,
    /// Season in the series (1–999; 1 when not given).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(minimum = 1, maximum = 999)]
    pub season: Option<Option<i64>>,
    /// Episode number in the season (1–9999).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(minimum = 1, maximum = 9999)]
    pub episode: Option<Option<i64>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one not sent (`None`, by `default`).
pub(crate) fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The refusal of one field's value, naming the field.
fn invalid(field: &str, e: TextError) -> Problem {
    Problem::bad_request("invalid-metadata", format!("{field}: {}", e.0))
}

impl MetadataEdit {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `current` with this edit applied, every changed field checked; the first bad field is
    /// a 400 `invalid-metadata` naming it, and nothing is changed.
    pub fn apply(&self, current: &Metadata, config: &CatalogueConfig) -> problem::Result<Metadata> {
        let mut meta = current.clone();
        if let Some(kind) = &self.kind {
            meta.kind = kind
                .trim()
                .parse::<ItemKind>()
                .map_err(|_| invalid("kind", TextError(format!("{:?} is not one of video, film, episode, music, podcast", kind.trim()))))?;
        }
        if let Some(genres) = &self.genres {
            meta.genres = catalogue::pick_genres(genres, &config.genres).map_err(|e| invalid("genres", e))?;
        }
        if let Some(tags) = &self.tags {
            meta.tags = catalogue::normalise_tags(tags).map_err(|e| invalid("tags", e))?;
        }
        if let Some(year) = self.year {
            meta.year = year.map(catalogue::check_year).transpose().map_err(|e| invalid("year", e))?;
        }
        if let Some(language) = &self.language {
            let language = language.as_deref().map(str::trim).filter(|l| !l.is_empty());
            meta.language = language.map(str::parse::<Language>).transpose().map_err(|e| invalid("language", e))?;
        }
        if let Some(rating) = &self.content_rating {
            let rating = rating.as_deref().map(str::trim).filter(|r| !r.is_empty());
            meta.content_rating =
                rating.map(|r| catalogue::pick_rating(r, &config.content_ratings)).transpose().map_err(|e| invalid("content_rating", e))?;
        }
        if let Some(credits) = &self.credits {
            let credits = credits.clone().unwrap_or_default();
            meta.credits = Credits::parse(&credits.director, &credits.cast).map_err(|e| invalid("credits", e))?;
        }
        for (field, edit, value) in [
            ("artist", &self.artist, &mut meta.artist),
            ("album", &self.album, &mut meta.album),
            ("album_artist", &self.album_artist, &mut meta.album_artist),
        ] {
            if let Some(text) = edit {
                *value = catalogue::name_field(field, text.as_deref().unwrap_or("")).map_err(|e| invalid(field, e))?;
            }
        }
        for (field, edit, value, max) in
            [("track_number", self.track_number, &mut meta.track_number, 999), ("disc_number", self.disc_number, &mut meta.disc_number, 99)]
        {
            if let Some(n) = edit {
                let what = field.replace('_', " ");
                *value = n.map(|n| catalogue::check_position(&what, n, max)).transpose().map_err(|e| invalid(field, e))?;
            }
        }
        self.apply_episode(&mut meta)?;
        Ok(meta)
    }
}

impl MetadataEdit {
    /// The series, season and episode part of [`MetadataEdit::apply`]: an episode of a series
    /// has a number (its season 1 unless given) and is of kind `episode` unless said
    /// otherwise; out of a series it has neither number. Whether the series exists and the
    /// caller may add to it is the caller's check.
    fn apply_episode(&self, meta: &mut Metadata) -> problem::Result<()> {
        if let Some(series) = &self.series {
            let series = series.as_deref().map(str::trim).filter(|s| !s.is_empty());
            meta.series = series
                .map(|s| collection::parse_id(s).ok_or_else(|| invalid("series", TextError(format!("{s:?} is not a series id")))))
                .transpose()?;
        }
        if meta.series.is_none() {
            if matches!(self.season, Some(Some(_))) || matches!(self.episode, Some(Some(_))) {
                return Err(invalid("series", TextError("a season or episode number needs a series".into())));
            }
            (meta.season, meta.episode) = (None, None);
            return Ok(());
        }
        let season = self.season.unwrap_or(meta.season);
        let episode = self.episode.unwrap_or(meta.episode);
        let Some(episode) = episode else {
            return Err(invalid("episode", TextError("an episode of a series needs its number".into())));
        };
        let number = collection::EpisodeNumber::new(season, episode).map_err(|e| {
            let field = if e.0.contains("season") { "season" } else { "episode" };
            invalid(field, e)
        })?;
        (meta.season, meta.episode) = (Some(number.season), Some(number.episode));
        if self.kind.is_none() && meta.kind == ItemKind::Video {
            meta.kind = ItemKind::Episode;
        }
        Ok(())
    }
}

/// The search and catalogue filters of a listing as a query gives them (`?q=&kind=&genre=&
/// tag=&artist=&album=&year=&language=`); every one text, so that it can be flattened into a
/// query.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingFilters {
    /// Words to search for (ranked full-text search).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// `video`, `film`, `episode`, `music` or `podcast`.
    #[param(pattern = "^(video|film|episode|music|podcast)?$")]
    pub kind: Option<String>,
    /// A genre (any case).
    #[param(max_length = 200)]
    pub genre: Option<String>,
    /// A tag (any case).
    #[param(max_length = 200)]
    pub tag: Option<String>,
    /// An artist, as the track's or the album's.
    #[param(max_length = 200)]
    pub artist: Option<String>,
    /// An album.
    #[param(max_length = 200)]
    pub album: Option<String>,
    /// A year.
    #[param(pattern = "^(-?[0-9]{1,18})?$")]
    pub year: Option<String>,
    /// A language tag; its regional forms match too.
    #[param(pattern = r"^\s*([A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3})?\s*$")]
    pub language: Option<String>,
}

/// [`ListingFilters`] checked and normalised to what is stored; [`CheckedFilters::narrow`]
/// lends them to a listing's [`Filter`].
#[derive(Debug, Clone, Default)]
pub struct CheckedFilters {
    text: Option<String>,
    kind: Option<ItemKind>,
    genre: Option<String>,
    tag: Option<String>,
    artist: Option<String>,
    album: Option<String>,
    year: Option<i64>,
    language: Option<String>,
}

/// Longest filter value or search, in characters.
const MAX_FILTER_CHARS: usize = 200;

impl ListingFilters {
    /// Checks each filter given: a clear 400 `invalid-filter` naming the first bad one.
    pub fn check(&self, config: &CatalogueConfig) -> problem::Result<CheckedFilters> {
        let bad = |field: &str, why: &str| Problem::bad_request("invalid-filter", format!("{field}: {why}"));
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        if given(&self.q).is_some_and(|q| q.chars().count() > MAX_FILTER_CHARS) {
            return Err(Problem::bad_request("invalid-search", "a search is at most 200 characters"));
        }
        for (field, value) in [("genre", &self.genre), ("tag", &self.tag), ("artist", &self.artist), ("album", &self.album)] {
            if given(value).is_some_and(|v| v.chars().count() > MAX_FILTER_CHARS) {
                return Err(bad(field, "must be at most 200 characters"));
            }
        }
        let kind = given(&self.kind)
            .map(|k| k.parse::<ItemKind>().map_err(|_| bad("kind", "must be one of video, film, episode, music, podcast")))
            .transpose()?;
        let year = given(&self.year).map(|y| y.parse::<i64>().map_err(|_| bad("year", "must be a whole number"))).transpose()?;
        let language =
            given(&self.language).map(|l| l.parse::<Language>().map(|l| l.to_string()).map_err(|e| bad("language", &e.0))).transpose()?;
        // A genre is matched as the list spells it; one the list lacks may still be stored
        // from an earlier list, so it is looked for as given.
        let genre =
            given(&self.genre).map(|g| config.genres.iter().find(|a| a.eq_ignore_ascii_case(g)).cloned().unwrap_or_else(|| g.to_string()));
        let tag = given(&self.tag).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
        Ok(CheckedFilters {
            text: given(&self.q).map(str::to_string),
            kind,
            genre,
            tag,
            artist: given(&self.artist).map(str::to_string),
            album: given(&self.album).map(str::to_string),
            year,
            language,
        })
    }
}

impl CheckedFilters {
    /// The words searched for, if any.
    pub fn search(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// `filter` narrowed by these.
    pub fn narrow<'a>(&'a self, filter: Filter<'a>) -> Filter<'a> {
        Filter {
            text: self.text.as_deref().or(filter.text),
            kind: self.kind.or(filter.kind),
            genre: self.genre.as_deref().or(filter.genre),
            tag: self.tag.as_deref().or(filter.tag),
            artist: self.artist.as_deref().or(filter.artist),
            album: self.album.as_deref().or(filter.album),
            year: self.year.or(filter.year),
            language: self.language.as_deref().or(filter.language),
            ..filter
        }
    }
}

/// What a processed file adds to an item: its tags fill the catalogue fields still empty and
/// the title, if the uploader did not type one (it is then the file name's); what the uploader
/// gave always wins. A genre the catalogue does not list becomes a tag; a value the checks
/// refuse is left out. An audio-only item of the default kind becomes `music`. `None` when
/// nothing changes.
pub fn from_file(
    video: &VideoRecord,
    tags: &EmbeddedTags,
    audio_only: bool,
    config: &CatalogueConfig,
) -> Option<(Option<VideoTitle>, Metadata)> {
    let mut meta = video.meta.clone();
    if audio_only && meta.kind == ItemKind::Video {
        meta.kind = ItemKind::Music;
    }
    let fill = |slot: &mut Option<String>, what: &str, value: &Option<String>| {
        if slot.is_none() {
            *slot = value.as_deref().and_then(|v| catalogue::name_field(what, v).ok().flatten());
        }
    };
    fill(&mut meta.artist, "artist", &tags.artist);
    fill(&mut meta.album, "album", &tags.album);
    fill(&mut meta.album_artist, "album artist", &tags.album_artist);
    if meta.year.is_none() {
        meta.year = tags.year.and_then(|y| catalogue::check_year(y).ok());
    }
    if meta.track_number.is_none() {
        meta.track_number = tags.track.and_then(|n| catalogue::check_position("track", n, 999).ok());
    }
    if meta.disc_number.is_none() {
        meta.disc_number = tags.disc.and_then(|n| catalogue::check_position("disc", n, 99).ok());
    }
    if let (true, Some(genre)) = (meta.genres.is_empty(), &tags.genre) {
        // A tag may hold several genres: "Jazz; Blues", "Jazz/Blues".
        let named: Vec<&str> = genre.split([';', '/', ',']).map(str::trim).filter(|g| !g.is_empty()).collect();
        let (known, unknown): (Vec<&str>, Vec<&str>) =
            named.into_iter().partition(|g| config.genres.iter().any(|a| a.eq_ignore_ascii_case(g)));
        meta.genres = catalogue::pick_genres(&known, &config.genres).unwrap_or_default();
        if meta.tags.is_empty() {
            meta.tags = catalogue::normalise_tags(&unknown).unwrap_or_default();
        }
    }
    let derived = VideoTitle::from_filename(video.source_filename.as_deref().unwrap_or(""));
    let title = tags.title.as_deref().filter(|_| video.title == derived.as_str()).and_then(|t| VideoTitle::parse(t).ok());
    let title = title.filter(|t| t.as_str() != video.title);
    (title.is_some() || meta != video.meta).then_some((title, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(json: serde_json::Value) -> MetadataEdit {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn absent_fields_stay_null_clears_and_values_are_checked() {
        let config = CatalogueConfig::default();
        let current = edit(serde_json::json!({"kind": "music", "artist": "Nina", "year": 1965, "tags": ["Live"]}))
            .apply(&Metadata::default(), &config)
            .unwrap();
        assert_eq!((current.kind, current.artist.as_deref(), current.year), (ItemKind::Music, Some("Nina"), Some(1965)));
        assert_eq!(current.tags, ["live"]);

        let next = edit(serde_json::json!({"year": null, "album": "Pastel Blues"})).apply(&current, &config).unwrap();
        assert_eq!((next.year, next.artist.as_deref(), next.album.as_deref()), (None, Some("Nina"), Some("Pastel Blues")));
        assert!(edit(serde_json::json!({})).is_empty());
        assert!(!edit(serde_json::json!({"year": null})).is_empty());
    }

    fn record(title: &str, filename: &str, meta: Metadata) -> VideoRecord {
        VideoRecord {
            id: reel_base::domain::VideoId::new(),
            title: title.into(),
            description: String::new(),
            status: reel_base::domain::VideoStatus::Processing,
            error: None,
            progress: 0.0,
            duration_s: None,
            source_filename: Some(filename.into()),
            source_bytes: 1,
            created_by: None,
            visibility: reel_base::domain::Visibility::Members,
            created_at: 0,
            uploaded_at: None,
            playable_at: None,
            ready_at: None,
            views: 0,
            required_plan: None,
            taken_down_at: None,
            takedown_reason: None,
            appealed_at: None,
            availability: Default::default(),
            meta,
        }
    }

    fn tags() -> EmbeddedTags {
        EmbeddedTags {
            title: Some("Pastel Blues".into()),
            artist: Some("Nina Simone".into()),
            album: Some("Pastel Blues".into()),
            album_artist: None,
            genre: Some("Jazz; Vocal Jazz".into()),
            year: Some(1965),
            track: Some(3),
            disc: Some(1200),
        }
    }

    #[test]
    fn a_files_tags_fill_only_what_is_empty_and_the_uploader_wins() {
        let config = CatalogueConfig::default();
        let (title, meta) = from_file(&record("pastel-blues", "pastel-blues.mp3", Metadata::default()), &tags(), true, &config).unwrap();
        assert_eq!(title.unwrap().as_str(), "Pastel Blues", "the title was the file name's");
        assert_eq!(
            (meta.kind, meta.artist.as_deref(), meta.year, meta.track_number),
            (ItemKind::Music, Some("Nina Simone"), Some(1965), Some(3))
        );
        assert_eq!((meta.genres, meta.tags), (vec!["Jazz".to_string()], vec!["vocal jazz".to_string()]), "an unlisted genre becomes a tag");
        assert_eq!(meta.disc_number, None, "a value the checks refuse is left out");

        let typed =
            Metadata { artist: Some("N. Simone".into()), kind: ItemKind::Podcast, genres: vec!["Blues".into()], ..Default::default() };
        let (title, meta) = from_file(&record("My title", "pastel-blues.mp3", typed), &tags(), true, &config).unwrap();
        assert!(title.is_none(), "a typed title stays");
        assert_eq!(
            (meta.kind, meta.artist.as_deref(), meta.genres.as_slice()),
            (ItemKind::Podcast, Some("N. Simone"), &["Blues".to_string()][..])
        );
        assert_eq!(meta.album.as_deref(), Some("Pastel Blues"), "an empty field is still filled");

        let video = record("clip", "clip.mp4", Metadata::default());
        assert_eq!(from_file(&video, &EmbeddedTags::default(), false, &config), None, "nothing to add, nothing changes");
    }

    #[test]
    fn a_bad_field_is_named_in_the_error() {
        let config = CatalogueConfig::default();
        for (json, field) in [
            (serde_json::json!({"kind": "movie"}), "kind"),
            (serde_json::json!({"genres": ["Polka"]}), "genres"),
            (serde_json::json!({"year": 12}), "year"),
            (serde_json::json!({"language": "english"}), "language"),
            (serde_json::json!({"content_rating": "XXX"}), "content_rating"),
            (serde_json::json!({"track_number": 0}), "track_number"),
            (serde_json::json!({"artist": "x".repeat(201)}), "artist"),
        ] {
            let err = edit(json.clone()).apply(&Metadata::default(), &config).unwrap_err();
            assert_eq!(err.code(), "invalid-metadata", "{json}");
            assert!(err.message().starts_with(&format!("{field}: ")), "{json}: {}", err.message());
        }
    }
}
