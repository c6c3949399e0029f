//! `/api/v1/history…`: the caller's watch history, removing entries, clearing and pausing it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::audience::history;
use reel_core::auth::Caller;

use crate::http::api::paging::{page_cursor, page_limit, PageParams};
use crate::http::api::videos::{views, VideoView};

/// The history routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, clear)).routes(routes!(settings, change_settings)).routes(routes!(remove))
}

/// One entry: the item, when the caller last watched it, and where they stopped.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Entry {
    video: VideoView,
    watched_at: String,
    position_s: f64,
}

/// A page of history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct HistoryPage {
    items: Vec<Entry>,
    /// Whether nothing watched is being recorded.
    paused: bool,
    next_cursor: Option<String>,
}

/// `GET /api/v1/history?limit=&cursor=`: most recently watched first.
#[utoipa::path(
    get, path = "/api/v1/history", tag = "viewers",
    params(PageParams),
    responses((status = 200, description = "What the profile watched, latest first", body = HistoryPage))
)]
async fn list(State(state): State<AppState>, caller: Caller, Query(q): Query<PageParams>) -> AppResult<Json<HistoryPage>> {
    let limit = page_limit(q.limit.as_deref())?;
    let page = history::list(&state, &caller, limit, page_cursor(q.cursor.as_deref())?).await?;
    let marks: Vec<(String, f64)> = page.items.iter().map(|w| (rfc3339(w.at), w.position_s)).collect();
    let videos = views(&state, page.items.into_iter().map(|w| w.video).collect(), Some(&caller)).await?;
    let items = videos.into_iter().zip(marks).map(|(video, (watched_at, position_s))| Entry { video, watched_at, position_s }).collect();
    Ok(Json(HistoryPage { items, paused: page.paused, next_cursor: page.next.map(|c| c.to_string()) }))
}

/// `DELETE /api/v1/history/{video_id}`: 204, or 404 when it is not in the history.
#[utoipa::path(
    delete, path = "/api/v1/history/{video_id}", tag = "viewers",
    responses((status = 204, description = "Forgotten"))
)]
async fn remove(State(state): State<AppState>, caller: Caller, Path(video_id): Path<String>) -> AppResult<StatusCode> {
    history::remove(&state, &caller, &video_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/history`: empties it (204).
#[utoipa::path(
    delete, path = "/api/v1/history", tag = "viewers",
    responses((status = 204, description = "All forgotten"))
)]
async fn clear(State(state): State<AppState>, caller: Caller) -> AppResult<StatusCode> {
    history::clear(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the history records what is watched.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = HistorySettings)]
struct Settings {
    paused: bool,
}

/// `GET /api/v1/history/settings`.
#[utoipa::path(
    get, path = "/api/v1/history/settings", tag = "viewers",
    responses((status = 200, description = "Whether history is paused", body = Settings))
)]
async fn settings(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Settings>> {
    Ok(Json(Settings { paused: history::paused(&state, &caller).await? }))
}

/// `PUT /api/v1/history/settings` `{"paused": bool}`.
#[utoipa::path(
    put, path = "/api/v1/history/settings", tag = "viewers",
    responses((status = 200, description = "As now set", body = Settings))
)]
async fn change_settings(State(state): State<AppState>, caller: Caller, Json(s): Json<Settings>) -> AppResult<Json<Settings>> {
    history::set_paused(&state, &caller, s.paused).await?;
    Ok(Json(s))
}
