//! `/api/v1/me/streams…`: the account's screens playing now; stopping one; a paused player's
//! heartbeat that keeps its screen.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::Serialize;

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::{rfc3339, ProfileId, VideoId};
use reel_core::auth::Caller;
use reel_core::delivery::streams::{self, Screen};

/// The stream routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(stop)).routes(routes!(heartbeat))
}

/// A screen playing on the account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StreamView {
    /// The stream, as `DELETE /api/v1/me/streams/{id}` takes it.
    id: String,
    /// The item playing.
    video: VideoId,
    /// Its title; null when the account may no longer see the item.
    title: Option<String>,
    /// The profile playing it; null for the account's main profile.
    profile: Option<ProfileId>,
    /// The device, named from its browser or player.
    device: String,
    /// When it started (RFC 3339).
    started_at: String,
    /// Its last sign of life (RFC 3339).
    last_seen_at: String,
}

impl From<Screen> for StreamView {
    fn from(s: Screen) -> Self {
        let stream = s.stream;
        Self {
            id: stream.id,
            video: stream.video_id,
            title: s.title,
            profile: stream.profile_id,
            device: stream.device,
            started_at: rfc3339(stream.started_at),
            last_seen_at: rfc3339(stream.last_seen_at),
        }
    }
}

/// The screens playing now, and how many may.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct StreamList {
    items: Vec<StreamView>,
    /// The most that may play at once; null for no limit.
    max_streams: Option<u32>,
}

/// `GET /api/v1/me/streams`: the account's live streams, oldest first.
#[utoipa::path(
    get, path = "/api/v1/me/streams", tag = "viewers",
    responses(
        (status = 200, description = "The screens playing now", body = StreamList),
        (status = 403, description = "A kids profile asked", body = crate::http::api::openapi::Problem),
    )
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<StreamList>> {
    let (screens, max_streams) = streams::list(&state, &caller).await?;
    Ok(Json(StreamList { items: screens.into_iter().map(StreamView::from).collect(), max_streams }))
}

/// `DELETE /api/v1/me/streams/{id}`: stops it (204, also when it had ended already); its
/// media stop being served within `[entitlements] enforce_within_secs`.
#[utoipa::path(
    delete, path = "/api/v1/me/streams/{id}", tag = "viewers",
    responses(
        (status = 204, description = "Stopped"),
        (status = 404, description = "No such stream of the account", body = crate::http::api::openapi::Problem),
    )
)]
async fn stop(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    streams::stop(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/streams/{id}/heartbeat`: a sign of life from a player that fetches
/// nothing for a while (paused); 204, or 410 once the stream has ended, saying why.
#[utoipa::path(
    post, path = "/api/v1/me/streams/{id}/heartbeat", tag = "viewers",
    responses(
        (status = 204, description = "Still live"),
        (status = 404, description = "No such stream of the account", body = crate::http::api::openapi::Problem),
        (status = 410, description = "It ended: stopped, idle or signed out", body = crate::http::api::openapi::Problem),
    )
)]
async fn heartbeat(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    streams::heartbeat(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
