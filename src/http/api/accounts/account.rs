//! `/api/v1/account…` and `/api/v1/channels/{handle}`: an account's public profile, its
//! avatar upload, viewing preferences and channel watermark; the export of everything Reel holds about it, the
//! original files of its items, and deleting it.

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::public_profile::Preferences;
use reel_core::audience::account_lifecycle;
use reel_core::audience::account_profile::{self, ProfileEdit, PublicProfile, MAX_AVATAR_BYTES};
use reel_core::auth::session::clear_cookie;
use reel_core::auth::{Caller, SESSION_COOKIE};
use reel_core::library::watermark::{self, PlacementEdit, WatermarkView};

/// The account profile routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(profile, change_profile))
        .routes(routes!(upload_avatar, remove_avatar).layer(DefaultBodyLimit::max(MAX_AVATAR_BYTES + 1)))
        .routes(routes!(preferences, set_preferences))
        .routes(routes!(watermark, place_watermark, remove_watermark))
        .routes(routes!(watermark_logo, upload_watermark_logo).layer(DefaultBodyLimit::max(watermark::MAX_LOGO_UPLOAD_BYTES + 1)))
        .routes(routes!(channel))
        .routes(routes!(export))
        .routes(routes!(delete_account))
        .routes(routes!(delete_code))
        .routes(routes!(original))
}

/// `GET /api/v1/account/export`: everything the server holds about the caller, as one JSON file.
#[utoipa::path(
    get, path = "/api/v1/account/export", tag = "account",
    responses((status = 200, description = "Everything the server holds about the caller, as one JSON download", content_type = "application/json", body = Object,
        headers(("Content-Disposition" = String))))
)]
async fn export(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    let doc = account_lifecycle::export(&state, &caller).await?;
    let mut response = Json(doc).into_response();
    response.headers_mut().insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"reel-account.json\""));
    Ok(response)
}

/// `POST /api/v1/account/delete-code` (a session, with its CSRF header): 202 `{"attempt"}`; a
/// deletion code goes to the account's address, to delete it with from this session (it signs
/// no one in).
#[utoipa::path(
    post, path = "/api/v1/account/delete-code", tag = "account", security(("session" = [], "csrf" = [])),
    responses((status = 202, description = "A code that deletes the account from this session is on its way to the account's address", body = crate::http::api::videos::Attempt))
)]
async fn delete_code(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
) -> AppResult<(StatusCode, Json<crate::http::api::videos::Attempt>)> {
    let attempt = account_lifecycle::send_delete_code(&state, &caller, ip).await?;
    Ok((StatusCode::ACCEPTED, Json(crate::http::api::videos::Attempt { attempt })))
}

/// `DELETE /api/v1/account` `{"attempt", "code", "totp"?}` (a session, with its CSRF header, and
/// the deletion code `delete-code` sent to this session, never a sign-in code; `totp` where the
/// account has a second factor): 202; the session ends now and the account is erased by a job.
#[utoipa::path(
    delete, path = "/api/v1/account", tag = "account", security(("session" = [], "csrf" = [])),
    request_body(content = Option<account_lifecycle::DeleteProof>),
    responses((status = 202, description = "Signed out; the account is being erased"))
)]
async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
    body: Option<Json<account_lifecycle::DeleteProof>>,
) -> AppResult<Response> {
    let proof = body.map(|Json(p)| p).unwrap_or_default();
    account_lifecycle::delete(&state, &caller, &proof, ip).await?;
    let cookie = clear_cookie(SESSION_COOKIE, crate::http::api::accounts::auth::secure(&state), "/");
    crate::http::api::accounts::auth::with_cookies(StatusCode::ACCEPTED.into_response(), &[cookie])
}

/// `GET /api/v1/videos/{id}/original`: the file its owner uploaded (owner or admin).
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/original", tag = "account",
    responses((status = 200, description = "The file as uploaded", content_type = "application/octet-stream", body = Vec<u8>,
        headers(("Content-Disposition" = String))))
)]
async fn original(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Response> {
    let (body, filename) = account_lifecycle::original(&state, &caller, &id).await?;
    // Only the name's safe characters go into the header.
    let safe: String = filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).take(200).collect();
    let mut response = Body::from_stream(body.stream).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.info.size));
    let disposition = format!("attachment; filename=\"{safe}\"");
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(AppError::internal)?);
    Ok(response)
}

/// `GET /api/v1/account/profile`: the caller's public profile (and why their last avatar
/// upload was refused, if it was).
#[utoipa::path(
    get, path = "/api/v1/account/profile", tag = "account",
    responses((status = 200, description = "The caller's public profile", body = PublicProfile))
)]
async fn profile(State(state): State<AppState>, caller: Caller) -> AppResult<Json<PublicProfile>> {
    Ok(Json(account_profile::mine(&state, &caller).await?))
}

/// `PATCH /api/v1/account/profile {"display_name"?, "bio"?, "links"?}`.
#[utoipa::path(
    patch, path = "/api/v1/account/profile", tag = "account",
    responses((status = 200, description = "As it now is", body = PublicProfile))
)]
async fn change_profile(State(state): State<AppState>, caller: Caller, Json(edit): Json<ProfileEdit>) -> AppResult<Json<PublicProfile>> {
    Ok(Json(account_profile::change(&state, &caller, &edit).await?))
}

/// `PUT /api/v1/account/avatar` with the image as the body: 202; the avatar job makes the
/// served image (see `avatar_url`, or `avatar_error`, in the profile).
#[utoipa::path(
    put, path = "/api/v1/account/avatar", tag = "account",
    request_body(content_type = "application/octet-stream", content = Vec<u8>, description = "The image: JPEG, PNG or WebP"),
    responses((status = 202, description = "Taken; a job makes the served image"))
)]
async fn upload_avatar(State(state): State<AppState>, caller: Caller, body: Bytes) -> AppResult<StatusCode> {
    account_profile::upload_avatar(&state, &caller, body).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `DELETE /api/v1/account/avatar`: 204.
#[utoipa::path(
    delete, path = "/api/v1/account/avatar", tag = "account",
    responses((status = 204, description = "Removed"))
)]
async fn remove_avatar(State(state): State<AppState>, caller: Caller) -> AppResult<StatusCode> {
    account_profile::remove_avatar(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/account/watermark`: the caller's channel watermark and what its items carry.
#[utoipa::path(
    get, path = "/api/v1/account/watermark", tag = "account",
    responses((status = 200, description = "The channel's watermark", body = WatermarkView))
)]
async fn watermark(State(state): State<AppState>, caller: Caller) -> AppResult<Json<WatermarkView>> {
    Ok(Json(watermark::get(&state, &caller).await?))
}

/// `PUT /api/v1/account/watermark {"corner"?, "margin"?, "height"?, "opacity"?}`: where the
/// channel's logo goes.
#[utoipa::path(
    put, path = "/api/v1/account/watermark", tag = "account",
    responses((status = 200, description = "As it now is", body = WatermarkView))
)]
async fn place_watermark(State(state): State<AppState>, caller: Caller, Json(edit): Json<PlacementEdit>) -> AppResult<Json<WatermarkView>> {
    Ok(Json(watermark::edit(&state, &caller, edit).await?))
}

/// `DELETE /api/v1/account/watermark`: back to the site's watermark.
#[utoipa::path(
    delete, path = "/api/v1/account/watermark", tag = "account",
    responses((status = 200, description = "Back to the site's", body = WatermarkView))
)]
async fn remove_watermark(State(state): State<AppState>, caller: Caller) -> AppResult<Json<WatermarkView>> {
    Ok(Json(watermark::remove(&state, &caller).await?))
}

/// `PUT /api/v1/account/watermark/logo` with the image as the body: 202; a job makes the logo
/// (see `own_logo`, or `error`).
#[utoipa::path(
    put, path = "/api/v1/account/watermark/logo", tag = "account",
    request_body(content_type = "application/octet-stream", content = Vec<u8>, description = "The image: JPEG, PNG or WebP"),
    responses((status = 202, description = "Taken; a job makes the logo"))
)]
async fn upload_watermark_logo(State(state): State<AppState>, caller: Caller, body: Bytes) -> AppResult<StatusCode> {
    watermark::upload_logo(&state, &caller, body).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `GET /api/v1/account/watermark/logo`: the caller's own logo, as the server made it (PNG).
#[utoipa::path(
    get, path = "/api/v1/account/watermark/logo", tag = "account",
    responses(
        (status = 200, description = "The channel's own logo", content_type = "image/png", body = Vec<u8>),
        (status = 404, description = "The channel has no logo of its own", body = crate::http::api::openapi::Problem),
    )
)]
async fn watermark_logo(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    let png = watermark::own_logo(&state, &caller).await?;
    Ok(([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "private, no-store")], png).into_response())
}

/// `GET /api/v1/account/preferences`.
#[utoipa::path(
    get, path = "/api/v1/account/preferences", tag = "account",
    responses((status = 200, description = "The caller's viewing preferences", body = Preferences))
)]
async fn preferences(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Preferences>> {
    Ok(Json(account_profile::preferences(&state, &caller).await?))
}

/// `PUT /api/v1/account/preferences {"language", "autoplay_next", "default_quality", "captions"}`.
#[utoipa::path(
    put, path = "/api/v1/account/preferences", tag = "account",
    responses((status = 200, description = "As now set", body = Preferences))
)]
async fn set_preferences(State(state): State<AppState>, caller: Caller, Json(p): Json<Preferences>) -> AppResult<Json<Preferences>> {
    Ok(Json(account_profile::set_preferences(&state, &caller, p).await?))
}

/// A channel as anyone who may browse sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ChannelView {
    handle: String,
    #[serde(flatten)]
    profile: PublicProfile,
}

/// `GET /api/v1/channels/{handle}`: a channel's public profile (signed in; signed out, where
/// the channel is a public page, else not found as an unknown handle is).
#[utoipa::path(
    get, path = "/api/v1/channels/{handle}", tag = "account", security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The channel's public profile", body = ChannelView))
)]
async fn channel(State(state): State<AppState>, caller: Option<Caller>, Path(handle): Path<String>) -> AppResult<Json<ChannelView>> {
    reel_core::library::videos::api_audience(&state, caller.as_ref())?;
    let owner = account_profile::channel(&state, caller.as_ref(), handle.trim_start_matches('@')).await?;
    let profile = account_profile::of_account(&state, owner.id).await?;
    Ok(Json(ChannelView { handle: owner.channel, profile }))
}
