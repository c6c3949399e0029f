//! Series and playlist pages: the lists of them with a form to make one, a series' seasons
//! and episodes, a playlist's items with up/down/remove buttons (drag and drop on top when
//! scripts run), and the queue beside the player when one plays in order.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::db::collections::CollectionRecord;
use reel_base::domain::collection::{self as rules, Episode, Place, Shelf};
use reel_base::domain::VideoId;
use reel_core::auth::{policy, Caller, Scope};
use reel_core::library::collections::{self, CollectionInput};
use reel_core::library::videos::{self, Audience, VideoRecord};

use crate::http::pages::account::sign_in;
use crate::http::pages::cards::{self, cards};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};
use crate::http::pages::studio::items;

/// The path of a shelf's pages.
fn base(shelf: Shelf) -> &'static str {
    match shelf {
        Shelf::Series => "/series",
        Shelf::Playlist => "/playlists",
    }
}

/// The page of one series or playlist.
fn link_of(shelf: Shelf, id: impl std::fmt::Display) -> String {
    format!("{}/{id}", base(shelf))
}

/// `?done=` on these pages.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub static NOTICES: Notices = Notices::new(&[
    ("created", "collections-notice-created"),
    ("added", "collections-notice-added"),
    ("deleted", "collections-notice-deleted"),
]);

/// The audience of a signed-in or public visitor, or "sign in first".
fn audience(state: &AppState, viewer: Option<&Caller>) -> Result<Audience, PageError> {
    videos::browsing_audience(state, viewer).ok_or(PageError::SignIn)
}

async fn list_page(state: &AppState, viewer: Option<Caller>, shelf: Shelf, done: Option<&str>) -> PageResult {
    let audience = audience(state, viewer.as_ref())?;
    // Playlists are personal: the page lists one's own; series are the catalogue's.
    let owner = match shelf {
        Shelf::Playlist => Some(collections::own(viewer.as_ref().ok_or(PageError::SignIn)?, shelf)),
        Shelf::Series => None,
    };
    let records = collections::list(state, viewer.as_ref(), audience, shelf, owner).await?;
    let items: Vec<_> = records
        .iter()
        .map(|r| context! { link => link_of(shelf, r.id), title => r.title, visibility => r.visibility.to_string(), description => r.description })
        .collect();
    let can_make = viewer.as_ref().is_some_and(|c| match shelf {
        Shelf::Series => c.has(Scope::Upload),
        Shelf::Playlist => c.has(Scope::Read),
    });
    let heading = match shelf {
        Shelf::Series => t("collections-title-series", &[]),
        Shelf::Playlist => t("collections-title-playlists", &[]),
    };
    let page = PageInfo::new(viewer.as_ref(), &heading, shelf.as_str()).with_notice(NOTICES.of(done));
    let visibilities = items::visibilities(state);
    render("collections.html", context! { page, heading, shelf => shelf.as_str(), action => base(shelf), items, can_make, visibilities })
}

/// `GET /playlists`: the viewer's playlists, and a form to make one.
pub async fn playlists(State(state): State<AppState>, Viewer(viewer): Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    list_page(&state, viewer, Shelf::Playlist, q.done.as_deref()).await
}

/// `GET /series`: every series the viewer may see, and a form to make one for creators.
pub async fn series_list(State(state): State<AppState>, Viewer(viewer): Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    list_page(&state, viewer, Shelf::Series, q.done.as_deref()).await
}

/// The form that makes a series or playlist.
#[derive(Debug, Deserialize)]
pub struct MakeForm {
    csrf: String,
    title: String,
    #[serde(default)]
    description: String,
    visibility: Option<String>,
}

async fn make(state: &AppState, headers: &HeaderMap, shelf: Shelf, f: MakeForm) -> PageResult {
    let caller = form_caller(state, headers, &f.csrf).await?;
    let input = CollectionInput { title: Some(f.title), description: Some(f.description), visibility: f.visibility };
    let record = collections::create(state, &caller, shelf, &input).await?;
    Ok(see_other(&format!("{}?done=created", link_of(shelf, record.id))))
}

/// `POST /playlists`: makes a playlist and opens it.
pub async fn make_playlist(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<MakeForm>) -> PageResult {
    make(&state, &headers, Shelf::Playlist, f).await
}

/// `POST /series`: makes a series and opens it.
pub async fn make_series(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<MakeForm>) -> PageResult {
    make(&state, &headers, Shelf::Series, f).await
}

/// One item on a collection's page.
fn item_ctx(card: cards::Card, video: &VideoRecord, shelf: Shelf) -> minijinja::Value {
    let label = match shelf {
        Shelf::Series => video.meta.episode.map(|e| t("collection-episode-short", &[("episode", e.into())])),
        Shelf::Playlist => None,
    };
    context! { card, id => video.id.to_string(), label }
}

async fn collection_page(state: &AppState, viewer: Option<Caller>, shelf: Shelf, id: &str, done: Option<&str>) -> PageResult {
    let record = collections::visible(state, viewer.as_ref(), shelf, id).await?;
    let audience = audience(state, viewer.as_ref())?;
    let items = collections::items(state, audience, shelf, &record, true).await?;
    let list = match shelf {
        Shelf::Playlist => record.id.to_string(),
        Shelf::Series => "series".to_string(),
    };
    let first = items.first().map(|v| format!("/watch/{}?list={list}", v.id));
    // Seasons for a series; one untitled group for a playlist.
    let mut groups: Vec<(Option<i64>, Vec<minijinja::Value>)> = Vec::new();
    let cards = cards(state, viewer.as_ref(), items.clone(), &HashMap::new()).await?;
    for (card, video) in cards.into_iter().zip(&items) {
        let season = (shelf == Shelf::Series).then_some(video.meta.season).flatten();
        if groups.last().is_none_or(|(s, _)| *s != season) {
            groups.push((season, Vec::new()));
        }
        groups.last_mut().expect("pushed above").1.push(item_ctx(card, video, shelf));
    }
    let groups: Vec<_> = groups.into_iter().map(|(season, items)| context! { season, items }).collect();
    let can_change = viewer.as_ref().is_some_and(|c| match shelf {
        Shelf::Series => policy::can_manage(c, record.created_by),
        Shelf::Playlist => policy::can_curate(c, record.created_by),
    });
    let mut page = PageInfo::new(viewer.as_ref(), &record.title, shelf.as_str()).with_notice(NOTICES.of(done));
    if shelf == Shelf::Playlist {
        let preview = reel_core::audience::feeds::playlist_preview(state, id).await?;
        let public = !preview.title.is_empty();
        page = page.with_preview(state, &link_of(shelf, record.id), preview);
        if public {
            page = page.with_feed(format!("{}/feed.xml", link_of(shelf, record.id)));
        }
    }
    let collection = context! {
        id => record.id.to_string(),
        title => record.title,
        description => record.description,
        visibility => record.visibility.to_string(),
        link => link_of(shelf, record.id),
    };
    render("collection.html", context! { page, collection, shelf => shelf.as_str(), groups, first, can_change, count => items.len() })
}

/// `GET /playlists/{id}`: a playlist's items in order, with "Play all".
pub async fn playlist(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    collection_page(&state, viewer, Shelf::Playlist, &id, q.done.as_deref()).await
}

/// `GET /series/{id}`: a series' seasons and episodes in order, with "Play".
pub async fn series(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    collection_page(&state, viewer, Shelf::Series, &id, q.done.as_deref()).await
}

/// A change to a playlist's items from its page: `up`, `down` or `remove` one.
#[derive(Debug, Deserialize)]
pub struct ItemForm {
    csrf: String,
    video_id: String,
    action: String,
}

/// `POST /playlists/{id}/items`: moves an item one place up or down, or removes it.
pub async fn change_item(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ItemForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match f.action.as_str() {
        "remove" => collections::remove_item(&state, &caller, &id, &f.video_id).await?,
        "up" => collections::move_item(&state, &caller, &id, &f.video_id, Place::Earlier).await?,
        "down" => collections::move_item(&state, &caller, &id, &f.video_id, Place::Later).await?,
        _ => return Err(AppError::bad_request("invalid-action", "the action is up, down or remove").into()),
    }
    Ok(see_other(&format!("{}#items", link_of(Shelf::Playlist, &id))))
}

/// Adding the item on a watch page to one of the viewer's playlists.
#[derive(Debug, Deserialize)]
pub struct AddForm {
    csrf: String,
    playlist_id: String,
    video_id: String,
}

/// `POST /playlists/add`: adds an item to a playlist and shows the playlist.
pub async fn add_item(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<AddForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let record = match collections::add_item(&state, &caller, &f.playlist_id, &f.video_id).await {
        Ok(record) => record,
        Err(e) if e.code() == "already-in-playlist" => collections::managed(&state, &caller, Shelf::Playlist, &f.playlist_id).await?,
        Err(e) => return Err(e.into()),
    };
    Ok(see_other(&format!("{}?done=added", link_of(Shelf::Playlist, record.id))))
}

/// `POST /{playlists,series}/{id}/delete`.
async fn delete(state: &AppState, headers: &HeaderMap, shelf: Shelf, id: &str, csrf: &str) -> PageResult {
    let caller = form_caller(state, headers, csrf).await?;
    collections::remove(state, &caller, shelf, id).await?;
    Ok(see_other(&format!("{}?done=deleted", base(shelf))))
}

/// `POST /playlists/{id}/delete`.
pub async fn delete_playlist(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    delete(&state, &headers, Shelf::Playlist, &id, &f.csrf).await
}

/// `POST /series/{id}/delete`: the episodes stay, in no series.
pub async fn delete_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    delete(&state, &headers, Shelf::Series, &id, &f.csrf).await
}

/// What plays in order beside the player: a playlist (`?list={id}`) or the series of an
/// episode, with the item after this one (where finishing this one goes).
pub struct Queue {
    /// For the template: title, link, items with the current one marked.
    pub context: minijinja::Value,
    /// The watch page of the next item, in the same queue.
    pub next_url: Option<String>,
}

/// The queue of a watch page, if it plays in one.
pub async fn queue(
    state: &AppState,
    viewer: Option<&Caller>,
    current: &VideoRecord,
    list: Option<&str>,
) -> Result<Option<Queue>, PageError> {
    let Some(audience) = videos::browsing_audience(state, viewer) else { return Ok(None) };
    let playlist = list.and_then(rules::parse_id);
    let (shelf, record): (Shelf, CollectionRecord) = if let Some(id) = playlist {
        match collections::visible(state, viewer, Shelf::Playlist, &id.to_string()).await {
            Ok(r) => (Shelf::Playlist, r),
            Err(_) => return Ok(None),
        }
    } else if let Some(series) = current.meta.series {
        match collections::visible(state, viewer, Shelf::Series, &series.to_string()).await {
            Ok(r) => (Shelf::Series, r),
            Err(_) => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    let items = collections::items(state, audience, shelf, &record, true).await?;
    if !items.iter().any(|v| v.id == current.id) {
        return Ok(None);
    }
    let next = match shelf {
        Shelf::Series => {
            let episodes: Vec<Episode> =
                items.iter().filter_map(|v| Some(Episode { id: v.id, number: v.meta.episode_number()? })).collect();
            rules::next_episode(&episodes, current.id)
        }
        Shelf::Playlist => rules::next_in(&items.iter().map(|v| v.id).collect::<Vec<VideoId>>(), current.id),
    };
    let suffix = match shelf {
        Shelf::Playlist => format!("?list={}", record.id),
        // Reached by finishing the one before, or by "next episode": it starts playing.
        Shelf::Series => "?list=series".to_string(),
    };
    let next_url = next.map(|n| format!("/watch/{n}{suffix}"));
    let entries: Vec<_> = items
        .iter()
        .map(|v| {
            let label = match shelf {
                Shelf::Series => v
                    .meta
                    .episode_number()
                    .map(|n| t("collection-season-episode-short", &[("season", n.season.into()), ("episode", n.episode.into())])),
                Shelf::Playlist => None,
            };
            context! { link => format!("/watch/{}{suffix}", v.id), title => v.title, current => v.id == current.id, label, duration_s => v.duration_s }
        })
        .collect();
    let next_title = next.and_then(|n| items.iter().find(|v| v.id == n)).map(|v| v.title.clone());
    let context = context! {
        kind => shelf.as_str(),
        title => record.title,
        link => link_of(shelf, record.id),
        items => entries,
        next_url => next_url.clone(),
        next_title,
    };
    Ok(Some(Queue { context, next_url }))
}

/// The viewer's playlists an item can be added to, from its watch page.
pub async fn own_playlists(state: &AppState, viewer: Option<&Caller>) -> Result<Vec<minijinja::Value>, PageError> {
    let Some(c) = viewer else { return Ok(Vec::new()) };
    let mine =
        collections::list(state, Some(c), videos::member_audience(state, c), Shelf::Playlist, Some(collections::own(c, Shelf::Playlist)))
            .await?;
    Ok(mine.into_iter().map(|r| context! { id => r.id.to_string(), title => r.title }).collect())
}

#[cfg(test)]
mod tests {
    use reel_base::i18n::Lang;

    /// The pieces written around a link or a quotation keep the English the pages had.
    #[test]
    fn the_english_pieces_around_links_keep_their_spaces() {
        let en = |key: &str, args: &[(&str, reel_base::i18n::Arg<'_>)]| reel_base::i18n::text(Lang::En, key, args);
        assert_eq!(en("notifications-failed-before", &[]), "");
        assert_eq!(en("notifications-failed-after", &[]), " could not be processed: ");
        assert_eq!(en("notifications-report-before", &[("target", "comment".into())]), "Your report about comment ");
        assert_eq!(en("notifications-report-after", &[("status", "dismissed".into())]), " was looked at: ");
        assert_eq!(en("notifications-report-after", &[("status", "actioned".into())]), " was acted on: ");
        assert_eq!(en("notifications-takedown-before", &[]), "A moderator took down ");
        assert_eq!(en("notifications-takedown-after", &[]), ": ");
        assert_eq!(en("notifications-published-before", &[]), "");
        assert_eq!(en("notifications-published-after", &[]), " published ");
        assert_eq!(en("notifications-reply-before", &[("author", "Ann".into())]), "Ann replied to your comment on");
        assert_eq!(en("subscriptions-subscribers", &[("n", 1.into()), ("count", "1".into())]), "1 subscriber");
        assert_eq!(en("subscriptions-subscribers", &[("n", 1200.into()), ("count", "1.2K".into())]), "1.2K subscribers");
        assert_eq!(en("collection-items", &[("n", 0.into())]), "0 items");
        assert_eq!(en("collection-season-episode-short", &[("season", 1.into()), ("episode", 3.into())]), "S1E3");
        // The other languages write the kind of thing reported in their own words.
        for lang in [Lang::Fr, Lang::Ar] {
            let report = reel_base::i18n::text(lang, "notifications-report-before", &[("target", "video".into())]);
            assert!(report.ends_with(' ') && !report.contains("video"), "{lang:?}: {report:?}");
        }
    }
}
