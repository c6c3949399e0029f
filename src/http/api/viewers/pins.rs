//! `/api/v1/profiles/{id}/pin` and `/api/v1/account/parental-pin`: locking a profile with a
//! PIN, and the account's parental PIN (`audience::pins`). Switching with one is
//! `PUT /api/v1/profiles/current {"profile", "pin"}`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::profiles::ProfileView;
use crate::error::AppResult;
use crate::http::extract::Json;
use crate::state::AppState;
use reel_core::audience::pins;
use reel_core::auth::Caller;

/// The PIN routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(lock, unlock)).routes(routes!(set_parental, remove_parental))
}

/// A PIN to set.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinBody {
    /// Four digits.
    #[schema(pattern = "^[0-9]{4}$", min_length = 4, max_length = 4)]
    pin: String,
}

/// `PUT /api/v1/profiles/{id}/pin {"pin"}`: switching to the profile asks for it from now on
/// (set from that profile or the account's main one).
#[utoipa::path(
    put, path = "/api/v1/profiles/{id}/pin", tag = "viewers",
    responses(
        (status = 200, description = "The profile, locked", body = ProfileView),
        (status = 403, description = "Not from that profile or the main one, or from a kids profile", body = crate::http::api::openapi::Problem),
    )
)]
async fn lock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<PinBody>,
) -> AppResult<Json<ProfileView>> {
    Ok(Json(ProfileView::from(&pins::set_profile_pin(&state, &caller, &id, Some(&b.pin)).await?)))
}

/// `DELETE /api/v1/profiles/{id}/pin`: the profile opens without a PIN again.
#[utoipa::path(
    delete, path = "/api/v1/profiles/{id}/pin", tag = "viewers",
    responses(
        (status = 200, description = "The profile, unlocked", body = ProfileView),
        (status = 403, description = "Not from that profile or the main one, or from a kids profile", body = crate::http::api::openapi::Problem),
    )
)]
async fn unlock(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<ProfileView>> {
    Ok(Json(ProfileView::from(&pins::set_profile_pin(&state, &caller, &id, None).await?)))
}

/// `PUT /api/v1/account/parental-pin {"pin"}`: leaving a kids profile asks for it from now on
/// (instead of a mailed code), and it opens any locked profile of the account; set from the
/// main profile.
#[utoipa::path(
    put, path = "/api/v1/account/parental-pin", tag = "viewers",
    responses(
        (status = 204, description = "Set"),
        (status = 403, description = "Not from the account's main profile", body = crate::http::api::openapi::Problem),
    )
)]
async fn set_parental(State(state): State<AppState>, caller: Caller, Json(b): Json<PinBody>) -> AppResult<StatusCode> {
    pins::set_parental_pin(&state, &caller, Some(&b.pin)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/account/parental-pin`: removes it.
#[utoipa::path(
    delete, path = "/api/v1/account/parental-pin", tag = "viewers",
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not from the account's main profile", body = crate::http::api::openapi::Problem),
    )
)]
async fn remove_parental(State(state): State<AppState>, caller: Caller) -> AppResult<StatusCode> {
    pins::set_parental_pin(&state, &caller, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
