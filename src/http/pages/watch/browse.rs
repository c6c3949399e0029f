//! Browsing and watching: the home grid with "continue watching", the watch page, channels
//! and search.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::percent_encode;
use reel_base::domain::{ItemKind, VideoId};
use reel_base::media::package::PackageIndex;
use reel_core::auth::account;
use reel_core::auth::{policy, Caller};
use reel_core::delivery::token::ViewerRights;
use reel_core::library::availability::{self, Soon};
use reel_core::library::sharing::{self, NotShared};
use reel_core::library::videos::{self, Filter, VideoRecord};

use crate::http::pages::cards::{cards, page_of, Card, PageQuery};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;
use crate::http::pages::watch::catalogue;
use crate::http::pages::watch::collections;
use crate::http::pages::watch::comments;
use crate::http::pages::watch::subscriptions;

/// `GET /`: newest videos, and what the viewer has not finished.
pub async fn home(State(state): State<AppState>, Viewer(viewer): Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let page = PageInfo::new(viewer.as_ref(), &t("guide-home", &[]), "home");
    if videos::browsing_audience(&state, viewer.as_ref()).is_none() {
        return render(
            "home.html",
            context! { page, videos => Vec::<Card>::new(), continue_watching => Vec::<Card>::new(), recommended => Vec::<Card>::new(), welcome => true },
        );
    }
    let filter = Filter { watchable: true, ..Filter::default() };
    let (videos, next) = page_of(&state, viewer.as_ref(), filter, q.cursor.as_deref()).await?;
    let (mut continue_watching, mut recommended, mut coming, mut leaving) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if let (Some(c), None) = (&viewer, &q.cursor) {
        let unfinished = videos::in_progress(&state, c, 8).await?;
        let watched: HashMap<VideoId, f64> = unfinished.iter().map(|(v, at)| (v.id, *at)).collect();
        continue_watching = cards(&state, viewer.as_ref(), unfinished.into_iter().map(|(v, _)| v).collect(), &watched).await?;
        recommended = cards(&state, viewer.as_ref(), reel_core::audience::recommend::for_you(&state, c, 8).await?, &HashMap::new()).await?;
    }
    if let (Some(audience), None) = (videos::browsing_audience(&state, viewer.as_ref()), &q.cursor) {
        let none = HashMap::new();
        coming = cards(&state, viewer.as_ref(), availability::soon(&state, audience, Soon::Coming, 8).await?, &none).await?;
        leaving = cards(&state, viewer.as_ref(), availability::soon(&state, audience, Soon::Leaving, 8).await?, &none).await?;
    }
    let genre_rows = if q.cursor.is_none() { catalogue::genre_rows(&state, viewer.as_ref()).await? } else { Vec::new() };
    render("home.html", context! { page, videos, next, continue_watching, recommended, coming, leaving, genre_rows, welcome => false })
}

/// `GET /c/{channel}`: a creator's videos.
pub async fn channel(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(handle): Path<String>,
    Query(q): Query<PageQuery>,
) -> PageResult {
    // Signed out on a site that shows nothing to the signed-out, every handle asks for a
    // sign-in alike; else one the viewer may not open is not found, as an unknown one is.
    if videos::browsing_audience(&state, viewer.as_ref()).is_none() {
        return Err(PageError::SignIn);
    }
    let owner = reel_core::audience::account_profile::channel(&state, viewer.as_ref(), &handle).await?;
    let filter = Filter { owner: Some(owner.id), watchable: true, ..Filter::default() };
    let (videos, next) = page_of(&state, viewer.as_ref(), filter, q.cursor.as_deref()).await?;
    let path = format!("/c/{}", percent_encode(&owner.channel));
    let preview = reel_core::audience::feeds::channel_preview(&state, &owner.channel).await?;
    let public = !preview.title.is_empty();
    let mut page = PageInfo::new(viewer.as_ref(), &owner.display_name, "channel").with_preview(&state, &path, preview);
    if public {
        page = page.with_feed(format!("{path}/feed.xml"));
    }
    let more = next.map(|c| format!("/c/{}?cursor={c}", percent_encode(&owner.channel)));
    let heading = owner.display_name.clone();
    let button =
        subscriptions::button(&state, viewer.as_ref(), owner.id, &owner.channel, &format!("/c/{}", percent_encode(&owner.channel))).await?;
    let profile = reel_core::audience::account_profile::of_account(&state, owner.id).await?;
    let channel = context! {
        id => owner.id.to_string(), name => owner.display_name, handle => owner.channel, since => owner.created_at, button,
        avatar_url => profile.avatar_url, bio => profile.bio, links => profile.links,
    };
    let empty = t("browse-channel-empty", &[]);
    render("list.html", context! { page, heading, channel, videos, more, empty })
}

/// `?list=` on a watch page: `album` (the album plays in order from here), a playlist's id,
/// or `series` (the episode was reached by playing the series in order).
#[derive(Debug, Deserialize)]
pub struct WatchQuery {
    list: Option<String>,
    /// The comments' order and page.
    #[serde(flatten)]
    comments: comments::SectionQuery,
    /// A share link's token: opens an item its holder could not otherwise see.
    share: Option<String>,
}

/// `GET /watch/{id}`: the player and everything about the video.
pub async fn watch(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    Query(q): Query<WatchQuery>,
) -> PageResult {
    let (video, subject, shared_start, by_link) = match (videos::visible(&state, viewer.as_ref(), &id).await, q.share.as_deref()) {
        (Ok(video), _) => (video, reel_core::delivery::token::holder_of(viewer.as_ref()), None, false),
        (Err(refused), Some(token)) if refused.status().is_client_error() => {
            match sharing::open(&state, viewer.as_ref(), &id, token).await? {
                Ok(shared) => (shared.video, shared.holder, shared.start_s, true),
                Err(NotShared::Expired) => {
                    let gone = axum::http::StatusCode::GONE;
                    return Err(
                        AppError::new(gone, "link-expired", "This share link has expired. Ask whoever sent it for a new one.").into()
                    );
                }
                Err(NotShared::Unknown) => return Err(refused.into()),
            }
        }
        (Err(refused), _) => return Err(refused.into()),
    };
    let owner = match video.created_by {
        Some(o) => account::by_id(&state, o).await?,
        None => None,
    };
    let chapters = reel_core::library::chapters::of_item(&state, &video).await?;
    let index = videos::package(&state, &video).await?.map(|index| PackageIndex { chapters, ..index });
    let lock = reel_core::audience::plans::lock(&state, viewer.as_ref(), &video).await?;
    let rights = ViewerRights::of(&state, viewer.as_ref()).await?;
    // A taken-down item plays for no one; its owner (and the moderators) see why instead.
    let takedown = video.taken_down_at.map(|_| {
        let own = viewer.as_ref().is_some_and(|c| video.created_by == Some(c.subject()));
        context! {
            reason => video.takedown_reason.clone().unwrap_or_default(),
            can_appeal => own && video.appealed_at.is_none(),
            appealed => video.appealed_at.is_some(),
        }
    });
    let playback = index.as_ref().filter(|_| lock.is_none() && takedown.is_none()).map(|i| rights.urls(&state, &video, subject, i));
    let requires_plan = lock.map(|p| {
        // The amount in the page's language (`9.99`, `9,99`, `٩٫٩٩`), then the currency's code.
        let amount = reel_base::i18n::number(shell::lang(), p.price_minor as f64 / 100.0, 2);
        let price = format!("{amount} {}", p.currency);
        context! { name => p.name, description => p.description, price, period => p.period }
    });
    let storyboard = index.as_ref().and_then(|i| i.storyboard.as_ref()).map(|s| serde_json::to_string(&s.grid).unwrap_or_default());
    // The player's seek bar and menu: `[{start_s, title}]`, for the viewer who may play it.
    let chapters = index.as_ref().filter(|i| !i.chapters.is_empty() && playback.is_some()).map(|i| {
        let list: Vec<reel_core::library::chapters::ChapterJson> = i.chapters.as_slice().iter().map(Into::into).collect();
        serde_json::to_string(&list).unwrap_or_default()
    });
    let resume_s = match &viewer {
        Some(c) => {
            // Watching what a notification was about reads it; the account's notifications are
            // its grown-ups', so a kids profile watching leaves them as they are.
            if !c.profile.kids {
                reel_core::audience::notifications::mark_read(&state, c, Some(&id)).await?;
            }
            videos::resume_position(&state, c, &video).await?
        }
        None => shared_start,
    };
    let can_manage = viewer.as_ref().is_some_and(|c| policy::can_manage(c, video.created_by));
    // Downloads are for signed-in members; the origin checks again when the file is fetched.
    let can_download = viewer.is_some();
    let up_next = up_next(&state, viewer.as_ref(), &video).await?;
    let tracks = album_of(&state, viewer.as_ref(), &video).await?;
    let in_album_order = q.list.as_deref() == Some("album");
    let queue = collections::queue(&state, viewer.as_ref(), &video, q.list.as_deref()).await?;
    let next_url = match (&tracks, &queue) {
        (Some((_, next)), _) if in_album_order => next.map(|n| format!("/watch/{n}?list=album")),
        (_, Some(queue)) => queue.next_url.clone(),
        _ => None,
    };
    let preferences = match &viewer {
        Some(c) => reel_core::audience::account_profile::preferences(&state, c).await?,
        None => Default::default(),
    };
    // The player goes on by itself only for those who want it; the Next link stays.
    let next_url = next_url.filter(|_| preferences.autoplay_next);
    let start_height = preferences.start_height();
    // Captions start on in the viewer's language (or the first track) when they asked for that.
    let captions_on = preferences.captions;
    let caption_language = preferences.language.as_ref().map(|l| l.to_string());
    let album = tracks.map(|(ctx, _)| ctx);
    // Reached by playing in order (the album, a playlist, the next episode): it starts itself.
    let autoplay = q.list.is_some() && (in_album_order || queue.is_some());
    let queue = queue.map(|q| q.context);
    let playlists = collections::own_playlists(&state, viewer.as_ref()).await?;
    let music = music_ctx(&video);
    let preview = reel_core::audience::feeds::video_preview(&state, &video).await?;
    let public = videos::is_public(&state, &video);
    let page = PageInfo::new(viewer.as_ref(), &video.title, "watch").with_preview(&state, &format!("/watch/{}", video.id), preview);
    // Editors that unfold pasted links find the oEmbed answer here, for what anyone may watch.
    let page = if public { page.with_oembed(&state, video.id) } else { page };
    let owner_ctx = match owner {
        Some(o) => {
            let button = subscriptions::button(&state, viewer.as_ref(), o.id, &o.channel, &format!("/watch/{}", video.id)).await?;
            Some(context! { name => o.display_name, handle => o.channel, button })
        }
        None => None,
    };
    // What members say is for those who may see the item, not for a share link's holder.
    let community = match by_link {
        false => Some(comments::section(&state, viewer.as_ref(), &video, &q.comments).await?),
        true => None,
    };
    let video_ctx = context! {
        id => video.id.to_string(),
        title => video.title,
        description => video.description,
        status => video.status.to_string(),
        error => video.error,
        progress => video.progress,
        duration_s => video.duration_s,
        views => video.views,
        created_at => video.uploaded_at.unwrap_or(video.created_at),
        visibility => video.visibility.to_string(),
    };
    render(
        "watch.html",
        context! { page, video => video_ctx, owner => owner_ctx, playback, requires_plan, storyboard, resume_s, can_manage, can_download, can_track => viewer.is_some(), up_next, music, album, next_url, autoplay, queue, playlists, start_height, captions_on, caption_language, chapters, community, takedown },
    )
}

/// An audio item's page shows who and what it is: artist, album, year.
fn music_ctx(video: &VideoRecord) -> Option<minijinja::Value> {
    let m = &video.meta;
    let audio = matches!(m.kind, ItemKind::Music | ItemKind::Podcast) || m.artist.is_some() || m.album.is_some();
    let by = m.album_by();
    let artist_link = m.artist.as_deref().map(|a| format!("/artist/{}", percent_encode(a)));
    let album_link =
        by.zip(m.album.as_deref()).map(|(by, album)| format!("/artist/{}/album/{}", percent_encode(by), percent_encode(album)));
    audio.then(|| context! { kind => m.kind.as_str(), artist => m.artist, album => m.album, year => m.year, track => m.track_number, artist_link, album_link })
}

/// The album's tracks the viewer may see, in disc and track order, with the current one
/// marked, and the track after it; none unless the item is on an album with other visible
/// tracks.
async fn album_of(
    state: &AppState,
    viewer: Option<&Caller>,
    current: &VideoRecord,
) -> Result<Option<(minijinja::Value, Option<VideoId>)>, PageError> {
    let Some(album) = current.meta.album.as_deref() else { return Ok(None) };
    let Some(audience) = videos::browsing_audience(state, viewer) else { return Ok(None) };
    let filter = Filter { album: Some(album), watchable: true, ..Filter::default() };
    let mut tracks: Vec<VideoRecord> = videos::list(state, audience, filter, ALBUM_TRACKS, None)
        .await?
        .into_iter()
        .filter(|v| v.meta.album_by() == current.meta.album_by())
        .collect();
    if tracks.len() < 2 {
        return Ok(None);
    }
    catalogue::in_album_order(&mut tracks);
    let next = tracks.iter().skip_while(|t| t.id != current.id).nth(1).map(|t| t.id);
    let items: Vec<minijinja::Value> = tracks
        .iter()
        .map(|t| {
            context! { id => t.id.to_string(), title => t.title, track => t.meta.track_number, duration_s => t.duration_s, current => t.id == current.id }
        })
        .collect();
    let first = tracks[0].id.to_string();
    Ok(Some((context! { title => album, artist => current.meta.album_by(), tracks => items, first }, next)))
}

/// Most tracks an album's list shows.
const ALBUM_TRACKS: u32 = 200;

/// What to watch next: the items the recommendation job relates to it, then the channel's other
/// videos, then the newest of the rest.
async fn up_next(state: &AppState, viewer: Option<&Caller>, current: &VideoRecord) -> Result<Vec<Card>, PageError> {
    let Some(audience) = videos::browsing_audience(state, viewer) else { return Ok(Vec::new()) };
    // What the recommendations relate to it first, then the channel's newest and the site's.
    let mut picked: Vec<VideoRecord> = reel_core::audience::recommend::up_next(state, viewer, current.id, 10).await?;
    if let Some(owner) = current.created_by.filter(|_| picked.len() < 10) {
        let same = Filter { owner: Some(owner), watchable: true, ..Filter::default() };
        let more = videos::list(state, audience, same, 6, None).await?;
        for v in more {
            if v.id != current.id && !picked.iter().any(|p| p.id == v.id) {
                picked.push(v);
            }
        }
    }
    let rest = videos::list(state, audience, Filter { watchable: true, ..Filter::default() }, 12, None).await?;
    for v in rest {
        if picked.len() >= 10 {
            break;
        }
        if v.id != current.id && !picked.iter().any(|p| p.id == v.id) {
            picked.push(v);
        }
    }
    cards(state, viewer, picked, &HashMap::new()).await
}
