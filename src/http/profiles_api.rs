//! `/api/v1/profiles…`: an account's viewer profiles ("who's watching?"), and switching the
//! session between them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::audience::profiles::{self, ExitCode, ProfileInput, ProfileRecord};
use crate::auth::Caller;
use crate::domain::rfc3339;
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::state::AppState;

/// The profile routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/profiles", get(list).post(create))
        .route("/v1/profiles/current", put(switch))
        .route("/v1/profiles/current/code", post(send_code))
        .route("/v1/profiles/{id}", patch(change).delete(remove))
}

/// A profile as the API shows it.
#[derive(Debug, Serialize)]
pub struct ProfileView {
    id: String,
    name: String,
    avatar: String,
    kids: bool,
    /// The account's main profile (cannot be removed or made a kids one).
    main: bool,
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
            created_at: rfc3339(p.created_at),
        }
    }
}

/// The account's profiles, which one the caller acts as, and how many it may have.
#[derive(Debug, Serialize)]
struct ProfileList {
    items: Vec<ProfileView>,
    current: String,
    max: u32,
}

/// `GET /api/v1/profiles`.
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<ProfileList>> {
    let items = profiles::list(&state, &caller).await?.iter().map(ProfileView::from).collect();
    Ok(Json(ProfileList { items, current: caller.profile_id().to_string(), max: state.config.audience.max_profiles }))
}

/// `POST /api/v1/profiles {"name", "avatar"?, "kids"?}`: 201 with the profile.
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ProfileInput>,
) -> AppResult<(StatusCode, Json<ProfileView>)> {
    let made = profiles::create(&state, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(ProfileView::from(&made))))
}

/// `PATCH /api/v1/profiles/{id}`.
async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(input): Json<ProfileInput>,
) -> AppResult<Json<ProfileView>> {
    Ok(Json(ProfileView::from(&profiles::change(&state, &caller, &id, &input).await?)))
}

/// `DELETE /api/v1/profiles/{id}`: 204; its history and playlists go with it.
async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    profiles::remove(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which profile to act as, and the code that leaving a kids profile may need.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SwitchBody {
    profile: String,
    attempt: Option<String>,
    code: Option<String>,
}

/// `PUT /api/v1/profiles/current {"profile", "attempt"?, "code"?}`: the session acts as it
/// from now on (sessions only).
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
    Ok(Json(ProfileView::from(&profiles::switch(&state, &caller, &b.profile, code.as_ref(), ip).await?)))
}

/// `POST /api/v1/profiles/current/code`: 202 `{"attempt"}`; a sign-in code goes to the
/// account's address, to leave the kids profile with.
async fn send_code(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
) -> AppResult<(StatusCode, Json<serde_json::Value>)> {
    let attempt = profiles::send_exit_code(&state, &caller, ip).await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({ "attempt": attempt }))))
}
