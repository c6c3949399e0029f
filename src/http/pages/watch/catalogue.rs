//! Browsing the catalogue: a listing by any catalogue filter with its genre counts, genre
//! rows for the home page, an artist's page (albums and tracks) and an album's page.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::percent_encode;
use reel_core::auth::Caller;
use reel_core::library::catalogue::ListingFilters;
use reel_core::library::videos::{self, Facet, Filter, VideoRecord};

use crate::http::pages::cards::{cards, page_of, Card};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;

/// Genre rows on the home page, and items in each.
const GENRE_ROWS: u32 = 6;
const ROW_ITEMS: u32 = 8;
/// Most tracks an artist's or album's page lists.
const MAX_TRACKS: u32 = 500;

/// One genre row of the home page.
#[derive(Debug, Serialize)]
pub struct GenreRow {
    genre: String,
    link: String,
    videos: Vec<Card>,
}

/// The home page's genre rows: the genres most items the viewer may watch carry, each with
/// its newest items.
pub async fn genre_rows(state: &AppState, viewer: Option<&Caller>) -> Result<Vec<GenreRow>, PageError> {
    let Some(audience) = videos::browsing_audience(state, viewer) else { return Ok(Vec::new()) };
    let watchable = Filter { watchable: true, ..Filter::default() };
    let mut rows = Vec::new();
    for (genre, _) in videos::counts(state, audience, watchable, Facet::Genre, GENRE_ROWS).await? {
        let filter = Filter { genre: Some(&genre), ..watchable };
        let items = videos::list(state, audience, filter, ROW_ITEMS, None).await?;
        let videos = cards(state, viewer, items, &HashMap::new()).await?;
        rows.push(GenreRow { link: format!("/browse?genre={}", percent_encode(&genre)), genre, videos });
    }
    Ok(rows)
}

/// `?q=&kind=&genre=&tag=&artist=&album=&year=&language=&cursor=` of the browse and search
/// pages.
#[derive(Debug, Default, Deserialize)]
pub struct BrowseQuery {
    #[serde(flatten)]
    filters: ListingFilters,
    cursor: Option<String>,
}

impl BrowseQuery {
    /// The link to these filters with `set` (a filter's name and value) replacing one;
    /// a search stays on `/search`.
    fn link(&self, set: Option<(&str, &str)>) -> String {
        let f = &self.filters;
        let pairs = [
            ("q", f.q.as_deref()),
            ("kind", f.kind.as_deref()),
            ("genre", f.genre.as_deref()),
            ("tag", f.tag.as_deref()),
            ("artist", f.artist.as_deref()),
            ("album", f.album.as_deref()),
            ("year", f.year.as_deref()),
            ("language", f.language.as_deref()),
        ];
        let query: Vec<String> = pairs
            .iter()
            .map(|&(k, v)| (k, set.filter(|(name, _)| *name == k).map(|(_, v)| v).or(v)))
            .filter_map(|(k, v)| v.map(str::trim).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", percent_encode(v))))
            .collect();
        let path = if self.searching() { "/search" } else { "/browse" };
        format!("{path}?{}", query.join("&"))
    }

    fn searching(&self) -> bool {
        self.filters.q.as_deref().is_some_and(|q| !q.trim().is_empty())
    }

    /// A heading that says what is listed: "Jazz", "Films from 1955", "Tagged “heist”",
    /// "Results for “noir”".
    fn heading(&self) -> String {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let f = &self.filters;
        let mut parts: Vec<String> = Vec::new();
        // Each given filter as a phrase of its own (the value goes in as written, a year too).
        let phrase = |key: &str, name: &str, value: String| t(key, &[(name, value.into())]);
        parts.extend(given(&f.q).map(|q| phrase("browse-heading-results", "query", q)));
        if let Some(kind) = given(&f.kind) {
            parts.push(kind_heading(&kind));
        }
        parts.extend(given(&f.genre));
        parts.extend(given(&f.artist).map(|a| phrase("browse-heading-artist", "artist", a)));
        parts.extend(given(&f.album).map(|a| phrase("browse-heading-album", "album", a)));
        parts.extend(given(&f.year).map(|y| phrase("browse-heading-year", "year", y)));
        parts.extend(given(&f.language).map(|l| phrase("browse-heading-language", "language", l)));
        parts.extend(given(&f.tag).map(|tag| phrase("browse-heading-tag", "tag", tag)));
        if parts.is_empty() {
            t("browse-heading-everything", &[])
        } else {
            parts.join(" · ")
        }
    }

    /// Links narrowing to each counted value of the filter `name`, the chosen one marked.
    fn facet_links(&self, name: &str, counts: Vec<(String, i64)>) -> Vec<minijinja::Value> {
        let chosen = match name {
            "kind" => self.filters.kind.as_deref(),
            _ => self.filters.genre.as_deref(),
        };
        counts
            .into_iter()
            .map(|(value, count)| {
                let current = chosen.is_some_and(|c| c.trim().eq_ignore_ascii_case(&value));
                context! { link => self.link(Some((name, &value))), current, value, count }
            })
            .collect()
    }
}

/// `GET /browse?…` and `GET /search?q=…`: what the filters select, newest first or best
/// match first, with how many are of each kind and carry each genre, each a link that
/// narrows.
pub async fn browse(State(state): State<AppState>, Viewer(viewer): Viewer, Query(q): Query<BrowseQuery>) -> PageResult {
    if q.filters.q.is_some() && !q.searching() {
        return Ok(see_other("/browse"));
    }
    let checked = q.filters.check(&state.config.catalogue)?;
    let filter = checked.narrow(Filter { watchable: true, ..Filter::default() });
    let (videos, next) = page_of(&state, viewer.as_ref(), filter, q.cursor.as_deref()).await?;
    let audience = videos::browsing_audience(&state, viewer.as_ref()).ok_or(PageError::SignIn)?;
    let counts = videos::facets(&state, audience, filter).await?;
    let facets = context! { kind => q.facet_links("kind", counts.kind), genre => q.facet_links("genre", counts.genre) };
    let heading = q.heading();
    let (name, empty) = if q.searching() { ("search", "browse-search-empty") } else { ("browse", "browse-empty") };
    let empty = t(empty, &[]);
    let mut page = PageInfo::new(viewer.as_ref(), &heading, name);
    if let Some(text) = checked.search() {
        page = page.with_query(text);
    }
    let more = next.map(|c| format!("{}&cursor={c}", q.link(None)));
    render("list.html", context! { page, heading, videos, more, facets, empty })
}

/// A kind as a heading names it: its name in the page's language with a capital ("Film"); a
/// kind the catalogue has no name for as it was given, capitalised.
fn kind_heading(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    let named = if reel_base::domain::ItemKind::ALL.iter().any(|k| k.as_str() == lower) {
        t(&format!("browse-kind-{lower}"), &[])
    } else {
        kind.to_string()
    };
    let mut chars = named.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Tracks in album order: disc, then track, then when they were added.
pub fn in_album_order(tracks: &mut [VideoRecord]) {
    tracks.sort_by_key(|v| (v.meta.disc_number.unwrap_or(1), v.meta.track_number.unwrap_or(i64::MAX), v.created_at));
}

/// `GET /artist/{name}`: an artist's albums (in year order) and the tracks on none.
pub async fn artist(State(state): State<AppState>, Viewer(viewer): Viewer, Path(name): Path<String>) -> PageResult {
    let audience = videos::browsing_audience(&state, viewer.as_ref()).ok_or(PageError::SignIn)?;
    let filter = Filter { artist: Some(&name), watchable: true, ..Filter::default() };
    let tracks = videos::list(&state, audience, filter, MAX_TRACKS, None).await?;
    if tracks.is_empty() {
        return Err(AppError::not_found("artist").into());
    }
    let mut albums: Vec<(String, Vec<VideoRecord>)> = Vec::new();
    let mut singles = Vec::new();
    for t in tracks {
        match t.meta.album.clone() {
            Some(album) => match albums.iter_mut().find(|(a, _)| *a == album) {
                Some((_, list)) => list.push(t),
                None => albums.push((album, vec![t])),
            },
            None => singles.push(t),
        }
    }
    albums.sort_by_key(|(title, list)| (list.iter().filter_map(|t| t.meta.year).min().unwrap_or(i64::MAX), title.clone()));
    let mut album_ctx = Vec::new();
    for (title, mut list) in albums {
        in_album_order(&mut list);
        let year = list.iter().filter_map(|t| t.meta.year).min();
        let link = format!("/artist/{}/album/{}", percent_encode(&name), percent_encode(&title));
        album_ctx.push(context! { title, year, link, videos => cards(&state, viewer.as_ref(), list, &HashMap::new()).await? });
    }
    let singles = cards(&state, viewer.as_ref(), singles, &HashMap::new()).await?;
    let page = PageInfo::new(viewer.as_ref(), &name, "browse");
    render("artist.html", context! { page, name, albums => album_ctx, singles })
}

/// `GET /artist/{name}/album/{album}`: the album's tracks in order, with "Play all".
pub async fn album(State(state): State<AppState>, Viewer(viewer): Viewer, Path((name, title)): Path<(String, String)>) -> PageResult {
    let audience = videos::browsing_audience(&state, viewer.as_ref()).ok_or(PageError::SignIn)?;
    let filter = Filter { artist: Some(&name), album: Some(&title), watchable: true, ..Filter::default() };
    let mut tracks = videos::list(&state, audience, filter, MAX_TRACKS, None).await?;
    tracks.retain(|t| t.meta.album_by() == Some(name.as_str()) || t.meta.artist.as_deref() == Some(name.as_str()));
    if tracks.is_empty() {
        return Err(AppError::not_found("album").into());
    }
    in_album_order(&mut tracks);
    let year = tracks.iter().filter_map(|t| t.meta.year).min();
    let first = tracks[0].id.to_string();
    let items: Vec<_> = tracks
        .iter()
        .map(|t| context! { id => t.id.to_string(), title => t.title, track => t.meta.track_number, disc => t.meta.disc_number, duration_s => t.duration_s })
        .collect();
    let cover = cards(&state, viewer.as_ref(), tracks.into_iter().take(1).collect(), &HashMap::new()).await?.into_iter().next();
    let page = PageInfo::new(viewer.as_ref(), &title, "browse");
    let artist_link = format!("/artist/{}", percent_encode(&name));
    render("album.html", context! { page, title, artist => name, artist_link, year, tracks => items, first, cover })
}
