//! `/api/v1/subscriptions…`: the channels the caller follows, following and unfollowing one,
//! and the feed of what they published.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::audience::subscriptions::{self, Followed};
use reel_core::auth::Caller;
use reel_core::library::videos;

use crate::http::api::paging::{page_cursor, page_limit, PageParams};
use crate::http::api::videos::{views, VideoPage};

/// The subscription routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, subscribe)).routes(routes!(feed, unsubscribe_feed)).routes(routes!(unsubscribe))
}

/// A followed channel as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubscriptionView {
    /// The channel's handle (what `/c/{channel}` and these routes take).
    channel: String,
    /// Its display name.
    name: String,
    /// Everyone following it.
    subscribers: i64,
    subscribed_at: String,
}

fn view(f: Followed) -> SubscriptionView {
    SubscriptionView {
        channel: f.channel.channel,
        name: f.channel.display_name,
        subscribers: f.subscribers,
        subscribed_at: rfc3339(f.subscribed_at),
    }
}

/// `GET /api/v1/subscriptions`: the channels the caller follows, most recently followed first.
#[utoipa::path(
    get, path = "/api/v1/subscriptions", tag = "viewers",
    responses((status = 200, description = "The channels the caller follows", body = SubscriptionList))
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<SubscriptionList>> {
    let items: Vec<SubscriptionView> = subscriptions::channels(&state, &caller).await?.into_iter().map(view).collect();
    Ok(Json(SubscriptionList { items }))
}

/// Body of `POST /api/v1/subscriptions`.
/// The channels the caller follows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SubscriptionList {
    items: Vec<SubscriptionView>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Subscribe {
    /// The channel's handle (a leading `@` is allowed).
    channel: String,
}

/// `POST /api/v1/subscriptions` `{"channel"}`: follows a channel; 201 when new, 200 when the
/// caller already followed it.
#[utoipa::path(
    post, path = "/api/v1/subscriptions", tag = "viewers",
    responses(
        (status = 201, description = "Now following", body = SubscriptionView),
        (status = 200, description = "Already following", body = SubscriptionView),
        (status = 404, description = "No such channel", body = crate::http::api::openapi::Problem),
    )
)]
async fn subscribe(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<Subscribe>,
) -> AppResult<(StatusCode, Json<SubscriptionView>)> {
    let (followed, new) = subscriptions::subscribe(&state, &caller, &body.channel).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(view(followed))))
}

/// `DELETE /api/v1/subscriptions/{channel}`: stops following a channel (204 whether or not
/// the caller followed it; 404 for a channel that does not exist).
#[utoipa::path(
    delete, path = "/api/v1/subscriptions/{channel}", tag = "viewers",
    responses((status = 204, description = "No longer following"))
)]
async fn unsubscribe(State(state): State<AppState>, caller: Caller, Path(channel): Path<String>) -> AppResult<StatusCode> {
    subscriptions::unsubscribe(&state, &caller, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/subscriptions/feed`: `feed` is also a handle a channel may have, and
/// this route (the feed's) is the one its unsubscribe reaches.
#[utoipa::path(
    delete, path = "/api/v1/subscriptions/feed", tag = "viewers",
    responses(
        (status = 204, description = "No longer following the channel whose handle is `feed`"),
        (status = 404, description = "No channel has that handle", body = crate::http::api::openapi::Problem),
    )
)]
async fn unsubscribe_feed(state: State<AppState>, caller: Caller) -> AppResult<StatusCode> {
    unsubscribe(state, caller, Path("feed".to_string())).await
}

/// `GET /api/v1/subscriptions/feed?limit=&cursor=`: what the followed channels published that
/// the caller may watch, newest first; `next_cursor` fetches the next page.
#[utoipa::path(
    get, path = "/api/v1/subscriptions/feed", tag = "viewers",
    params(PageParams),
    responses((status = 200, description = "New items of the channels followed, newest first", body = VideoPage))
)]
async fn feed(State(state): State<AppState>, caller: Caller, Query(q): Query<PageParams>) -> AppResult<Json<VideoPage>> {
    let limit = page_limit(q.limit.as_deref())?;
    let after = page_cursor(q.cursor.as_deref())?;
    let rows = subscriptions::feed(&state, &caller, limit, after).await?;
    let next_cursor = videos::next_cursor(&rows, limit, &subscriptions::feed_filter(&caller), after);
    let items = views(&state, rows, Some(&caller)).await?;
    Ok(Json(VideoPage { items, next_cursor }))
}
