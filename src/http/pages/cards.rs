//! A video as a card in a grid or list, and the paging every grid shares: its size, the
//! `?cursor=` and `?done=` a page takes, and one page of a listing.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::http::pages::frame::page_error::PageError;
use crate::state::AppState;
use reel_base::domain::Holder;
use reel_base::domain::{UserId, VideoId};
use reel_base::media::package::PackageIndex;
use reel_core::auth::account;
use reel_core::auth::Caller;
use reel_core::delivery::token::ViewerRights;
use reel_core::library::videos::{self, Filter, VideoRecord};

/// Cards per page of a grid.
pub const PAGE_SIZE: u32 = 24;

/// A video as a card in a grid or list.
#[derive(Debug, Serialize)]
pub struct Card {
    id: String,
    title: String,
    duration_s: Option<f64>,
    channel: Option<String>,
    channel_name: Option<String>,
    views: i64,
    created_at: i64,
    poster: Option<String>,
    status: String,
    progress: f64,
    visibility: String,
    error: Option<String>,
    /// How far the viewer got, 0–100 ("continue watching").
    watched_pct: Option<f64>,
    /// When it comes (ms), for an item not available yet ("coming soon").
    coming_at: Option<i64>,
    /// When it leaves (ms), for an item whose window closes.
    leaving_at: Option<i64>,
}

/// The poster URL of a video the viewer may watch, signed for them; none before it exists.
/// Its token is held to the viewer's rights like any other: it opens the item's manifests too.
fn poster_url(state: &AppState, video: &VideoRecord, index: &PackageIndex, viewer: Holder, rights: &ViewerRights) -> Option<String> {
    index.poster.as_ref()?;
    rights.urls(state, video, viewer, index).poster
}

/// Cards for `videos`, with their channels and posters; `watched` is (video → seconds reached).
pub async fn cards(
    state: &AppState,
    viewer: Option<&Caller>,
    videos: Vec<VideoRecord>,
    watched: &HashMap<VideoId, f64>,
) -> Result<Vec<Card>, PageError> {
    let mut owner_ids: Vec<UserId> = videos.iter().filter_map(|v| v.created_by).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    let owners = account::by_ids(state, &owner_ids).await?;
    let subject = reel_core::delivery::token::holder_of(viewer);
    let rights = ViewerRights::of(state, viewer).await?;
    let packages = reel_core::library::videos::packages(state, &videos).await?;
    // A poster's URL carries the item's playback token: none for an item the viewer lacks
    // the plan for.
    let gates = reel_core::audience::plans::gates(state, viewer, &videos).await?;
    let mut out = Vec::with_capacity(videos.len());
    let now = state.clock().now_ms();
    for v in videos {
        let coming_at = v.availability.from.filter(|from| *from > now);
        // Nothing of an item plays before its window opens, its poster included.
        let locked = gates.get(&v.id).is_some_and(|g| g.locked) || coming_at.is_some();
        let poster = packages.get(&v.id).filter(|_| !locked).and_then(|index| poster_url(state, &v, index, subject, &rights));
        let owner = v.created_by.as_ref().and_then(|id| owners.get(id));
        let watched_pct = watched.get(&v.id).and_then(|&at| Some((at / v.duration_s.filter(|d| *d > 0.0)? * 100.0).clamp(0.0, 100.0)));
        out.push(Card {
            id: v.id.to_string(),
            title: v.title,
            duration_s: v.duration_s,
            channel: owner.map(|o| o.channel.clone()),
            channel_name: owner.map(|o| o.display_name.clone()),
            views: v.views,
            created_at: v.uploaded_at.unwrap_or(v.created_at),
            poster,
            status: v.status.to_string(),
            progress: v.progress,
            visibility: v.visibility.to_string(),
            error: v.error,
            watched_pct,
            coming_at,
            leaving_at: v.availability.until,
        });
    }
    Ok(out)
}

/// `?cursor=` of a paginated page, and `?done=` after a change made on it.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub done: Option<String>,
}

/// The `?cursor=` of a page link (empty or absent: the first page).
pub fn parse_cursor(cursor: Option<&str>) -> Result<Option<videos::Cursor>, PageError> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else { return Ok(None) };
    let bad = || PageError::App(AppError::bad_request("invalid-cursor", "that page link is not one this site made"));
    videos::parse_cursor(cursor).map(Some).ok_or_else(bad)
}

/// A page of the listing `filter` selects, newest first (best match first for a search).
pub async fn page_of(
    state: &AppState,
    viewer: Option<&Caller>,
    filter: Filter<'_>,
    cursor: Option<&str>,
) -> Result<(Vec<Card>, Option<String>), PageError> {
    let Some(audience) = videos::browsing_audience(state, viewer) else {
        return Err(PageError::SignIn);
    };
    let after = parse_cursor(cursor)?;
    let rows = videos::list(state, audience, filter, PAGE_SIZE, after).await?;
    let next = videos::next_cursor(&rows, PAGE_SIZE, &filter, after);
    Ok((cards(state, viewer, rows, &HashMap::new()).await?, next))
}
