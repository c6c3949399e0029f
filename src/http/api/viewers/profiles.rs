//! `/api/v1/profiles…`: an account's viewer profiles ("who's watching?"), and switching the
//! session between them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::audience::profiles::{self, ExitCode, ProfileInput, ProfileRecord};
use reel_core::auth::Caller;

/// The profile routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(switch)).routes(routes!(send_code)).routes(routes!(change, remove))
}

/// A profile as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProfileView {
    id: String,
    name: String,
    avatar: String,
    kids: bool,
    /// The account's main profile (cannot be removed or made a kids one).
    main: bool,
    /// Whether switching to it asks for its PIN.
    locked: bool,
    created_at: String,
}

impl From<&ProfileRecord> for ProfileView {
    fn from(p: &ProfileRecord) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.clone(),
            avatar: p.avatar.clone(),
            kids: p.is_kids(),
            main: p.is_main(),
            locked: p.is_locked(),
            created_at: rfc3339(p.created_at),
        }
    }
}

/// The account's profiles, which one the caller acts as, and how many it may have.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ProfileList {
    items: Vec<ProfileView>,
    current: String,
    max: u32,
    /// Whether the account has a parental PIN (which leaving a kids profile then asks for).
    parental_pin: bool,
}

/// `GET /api/v1/profiles`.
#[utoipa::path(
    get, path = "/api/v1/profiles", tag = "viewers",
    responses((status = 200, description = "The account's profiles and the one acting", body = ProfileList))
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<ProfileList>> {
    let items = profiles::list(&state, &caller).await?.iter().map(ProfileView::from).collect();
    let parental_pin = reel_core::audience::pins::has_parental_pin(&state, &caller).await?;
    Ok(Json(ProfileList { items, current: caller.profile_id().to_string(), max: state.config.audience.max_profiles, parental_pin }))
}

/// What `POST /api/v1/profiles` takes: a [`ProfileInput`] that names the profile.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NewProfile {
    /// Its name: 1–40 characters, no control characters.
    #[schema(
        max_length = 40,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    name: String,
    /// Its avatar colour.
    #[schema(pattern = "^(teal|indigo|amber|rose|green|slate)$")]
    avatar: Option<String>,
    /// Whether it is a kids profile.
    kids: Option<bool>,
}

/// `POST /api/v1/profiles {"name", "avatar"?, "kids"?}`: 201 with the profile.
#[utoipa::path(
    post, path = "/api/v1/profiles", tag = "viewers",
    request_body(content = NewProfile),
    responses(
        (status = 201, description = "Made", body = ProfileView),
        (status = 409, description = "The account has as many profiles as it may", body = crate::http::api::openapi::Problem),
    )
)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ProfileInput>,
) -> AppResult<(StatusCode, Json<ProfileView>)> {
    let made = profiles::create(&state, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(ProfileView::from(&made))))
}

/// `PATCH /api/v1/profiles/{id}`.
#[utoipa::path(
    patch, path = "/api/v1/profiles/{id}", tag = "viewers",
    responses((status = 200, description = "As it now is", body = ProfileView))
)]
async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(input): Json<ProfileInput>,
) -> AppResult<Json<ProfileView>> {
    Ok(Json(ProfileView::from(&profiles::change(&state, &caller, &id, &input).await?)))
}

/// `DELETE /api/v1/profiles/{id}`: 204; its history and playlists go with it.
#[utoipa::path(
    delete, path = "/api/v1/profiles/{id}", tag = "viewers",
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "The main profile, or the one acting, stays", body = crate::http::api::openapi::Problem),
    )
)]
async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    profiles::remove(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which profile to act as, and the code or PIN switching may need.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SwitchBody {
    profile: String,
    attempt: Option<String>,
    code: Option<String>,
    /// The profile's PIN where it is locked, or the account's parental PIN (which leaving a kids
    /// profile asks for where it is set).
    #[schema(pattern = "^[0-9]{4}$", min_length = 4, max_length = 4)]
    pin: Option<String>,
}

/// `PUT /api/v1/profiles/current {"profile", "attempt"?, "code"?, "pin"?}`: the session acts as
/// it from now on (sessions only).
#[utoipa::path(
    put, path = "/api/v1/profiles/current", tag = "viewers",
    responses(
        (status = 200, description = "The profile now acting", body = ProfileView),
        (status = 403, description = "A PIN (`pin-required`, `wrong-pin`) or the mailed code is needed", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such profile of the account", body = crate::http::api::openapi::Problem),
        (status = 429, description = "Too many PINs tried: when to try again is in Retry-After", body = crate::http::api::openapi::Problem),
    )
)]
async fn switch(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
    Json(b): Json<SwitchBody>,
) -> AppResult<Json<ProfileView>> {
    let code = match (b.attempt, b.code) {
        (Some(attempt), Some(code)) => Some(ExitCode { attempt, code }),
        _ => None,
    };
    let proof = profiles::SwitchProof { code: code.as_ref(), pin: b.pin.as_deref() };
    Ok(Json(ProfileView::from(&profiles::switch(&state, &caller, &b.profile, proof, ip).await?)))
}

/// `POST /api/v1/profiles/current/code`: 202 `{"attempt"}`; a sign-in code goes to the
/// account's address, to leave the kids profile with.
#[utoipa::path(
    post, path = "/api/v1/profiles/current/code", tag = "viewers",
    responses(
        (status = 202, description = "A code to leave a kids' profile is on its way", body = crate::http::api::videos::Attempt),
        (status = 400, description = "An API token keeps the profile it was made for: only a session switches", body = crate::http::api::openapi::Problem),
    )
)]
async fn send_code(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
) -> AppResult<(StatusCode, Json<crate::http::api::videos::Attempt>)> {
    let attempt = profiles::send_exit_code(&state, &caller, ip).await?;
    Ok((StatusCode::ACCEPTED, Json(crate::http::api::videos::Attempt { attempt })))
}
