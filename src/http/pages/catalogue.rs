//! Browsing the catalogue: a listing by any catalogue filter with its genre counts, genre
//! rows for the home page, an artist's page (albums and tracks) and an album's page.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::catalogue::ListingFilters;
use crate::error::AppError;
use crate::state::AppState;
use crate::videos::{self, Filter, VideoRecord};

use super::browse::{cards, page_of, urlencode, Card};
use super::{render, PageError, PageInfo, PageResult, Viewer};

/// Genre rows on the home page, and items in each.
const GENRE_ROWS: u32 = 6;
const ROW_ITEMS: u32 = 8;
/// Most tracks an artist's or album's page lists.
const MAX_TRACKS: u32 = 500;

/// One genre row of the home page.
#[derive(Debug, Serialize)]
pub(super) struct GenreRow {
    genre: String,
    link: String,
    videos: Vec<Card>,
}

/// The home page's genre rows: the genres most items the viewer may watch carry, each with
/// its newest items.
pub(super) async fn genre_rows(state: &AppState, viewer: Option<&Caller>) -> Result<Vec<GenreRow>, PageError> {
    let Some(audience) = videos::browsing_audience(state, viewer) else { return Ok(Vec::new()) };
    let watchable = Filter { watchable: true, ..Filter::default() };
    let mut rows = Vec::new();
    for (genre, _) in videos::genre_counts(state, audience, watchable, GENRE_ROWS).await? {
        let filter = Filter { genre: Some(&genre), ..watchable };
        let items = videos::list(state, audience, filter, ROW_ITEMS, None).await?;
        let videos = cards(state, viewer, items, &HashMap::new()).await?;
        rows.push(GenreRow { link: format!("/browse?genre={}", urlencode(&genre)), genre, videos });
    }
    Ok(rows)
}

/// `?kind=&genre=&tag=&artist=&album=&year=&language=&cursor=` of the browse page.
#[derive(Debug, Default, Deserialize)]
pub struct BrowseQuery {
    #[serde(flatten)]
    filters: ListingFilters,
    cursor: Option<String>,
}

impl BrowseQuery {
    /// The query string of these filters, with `genre` replaced when given.
    fn link(&self, genre: Option<&str>) -> String {
        let f = &self.filters;
        let pairs = [
            ("kind", f.kind.as_deref()),
            ("genre", genre.or(f.genre.as_deref())),
            ("tag", f.tag.as_deref()),
            ("artist", f.artist.as_deref()),
            ("album", f.album.as_deref()),
            ("year", f.year.as_deref()),
            ("language", f.language.as_deref()),
        ];
        let query: Vec<String> =
            pairs.iter().filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| format!("{k}={}", urlencode(v.trim())))).collect();
        format!("/browse?{}", query.join("&"))
    }

    /// A heading that says what is listed: "Jazz", "Films from 1955", "Tagged “heist”".
    fn heading(&self) -> String {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let f = &self.filters;
        let mut parts: Vec<String> = Vec::new();
        if let Some(kind) = given(&f.kind) {
            parts.push(format!("{}{}", kind[..1].to_uppercase(), &kind[1..]));
        }
        parts.extend(given(&f.genre));
        parts.extend(given(&f.artist).map(|a| format!("by {a}")));
        parts.extend(given(&f.album).map(|a| format!("on {a}")));
        parts.extend(given(&f.year).map(|y| format!("from {y}")));
        parts.extend(given(&f.language).map(|l| format!("in {l}")));
        parts.extend(given(&f.tag).map(|t| format!("tagged “{t}”")));
        if parts.is_empty() {
            "Everything".into()
        } else {
            parts.join(" · ")
        }
    }
}

/// `GET /browse?…`: what the filters select, newest first, with how many carry each genre.
pub async fn browse(State(state): State<AppState>, Viewer(viewer): Viewer, Query(q): Query<BrowseQuery>) -> PageResult {
    let checked = q.filters.check(&state.config.catalogue)?;
    let filter = checked.narrow(Filter { watchable: true, ..Filter::default() });
    let (videos, next) = page_of(&state, viewer.as_ref(), filter, q.cursor.as_deref()).await?;
    let audience = videos::browsing_audience(&state, viewer.as_ref()).ok_or(PageError::SignIn)?;
    let facets: Vec<_> = videos::genre_counts(&state, audience, filter, 20)
        .await?
        .into_iter()
        .map(|(genre, count)| context! { link => q.link(Some(&genre)), current => q.filters.genre.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(&genre)), genre, count })
        .collect();
    let heading = q.heading();
    let page = PageInfo::new(viewer.as_ref(), &heading, "browse");
    let more = next.map(|c| format!("{}&cursor={c}", q.link(None)));
    render("list.html", context! { page, heading, videos, more, facets, empty => "Nothing here yet." })
}

/// Tracks in album order: disc, then track, then when they were added.
pub(super) fn in_album_order(tracks: &mut [VideoRecord]) {
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
        let link = format!("/artist/{}/album/{}", urlencode(&name), urlencode(&title));
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
    let artist_link = format!("/artist/{}", urlencode(&name));
    render("album.html", context! { page, title, artist => name, artist_link, year, tracks => items, first, cover })
}
