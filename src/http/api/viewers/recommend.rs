//! `/api/v1/videos/{id}/recommendations` and `/api/v1/recommendations`: "up next" after an
//! item, and the caller's profile's picks, read from what the recommendation job stored.

use axum::extract::{Path, Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;

use crate::error::AppResult;
use crate::state::AppState;
use reel_core::audience::recommend;
use reel_core::auth::{Caller, Scope};
use reel_core::library::videos;

use crate::http::api::paging::{page_limit, LimitParams};
use crate::http::api::videos::{views, VideoPage};

/// The recommendation routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(up_next)).routes(routes!(for_you))
}

/// `GET /api/v1/videos/{id}/recommendations?limit=`: what to watch after the item — related by
/// co-watching and by the catalogue — only what the caller may watch, minus what their profile
/// has finished, best first.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/recommendations", tag = "viewers", security((), ("bearer" = []), ("session" = [])),
    params(LimitParams),
    responses((status = 200, description = "What to watch after this item", body = VideoPage))
)]
async fn up_next(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(id): Path<String>,
    Query(q): Query<LimitParams>,
) -> AppResult<Json<VideoPage>> {
    if let Some(c) = &caller {
        c.require(Scope::Read)?;
    }
    let video = videos::visible(&state, caller.as_ref(), &id).await?;
    let limit = page_limit(q.limit.as_deref())?;
    let rows = recommend::up_next(&state, caller.as_ref(), video.id, limit as usize).await?;
    Ok(Json(VideoPage { items: views(&state, rows, caller.as_ref()).await?, next_cursor: None }))
}

/// `GET /api/v1/recommendations?limit=`: the caller's profile's picks, best first.
#[utoipa::path(
    get, path = "/api/v1/recommendations", tag = "viewers",
    params(LimitParams),
    responses((status = 200, description = "For the profile acting", body = VideoPage))
)]
async fn for_you(State(state): State<AppState>, caller: Caller, Query(q): Query<LimitParams>) -> AppResult<Json<VideoPage>> {
    caller.require(Scope::Read)?;
    let limit = page_limit(q.limit.as_deref())?;
    let rows = recommend::for_you(&state, &caller, limit as usize).await?;
    Ok(Json(VideoPage { items: views(&state, rows, Some(&caller)).await?, next_cursor: None }))
}
