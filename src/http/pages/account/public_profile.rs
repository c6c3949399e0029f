//! The account's public profile and preferences pages: the profile form (display name, bio,
//! links), the avatar upload, the viewing preferences, and the served avatars themselves.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::public_profile::{Preferences, MAX_LINKS};
use reel_core::audience::account_profile::{self, ProfileEdit, MAX_AVATAR_BYTES};
use reel_core::auth::Caller;

use crate::http::pages::account::sign_in::{self, DoneQuery};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::ACCOUNT_NOTICES;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// `GET /account/profile`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    let caller = viewer.required()?;
    caller.require_grown_up()?;
    let profile = account_profile::mine(&state, &caller).await?;
    let preferences = account_profile::preferences(&state, &caller).await?;
    let links = profile.links.join("\n");
    // The reason is left out of a profile's JSON when there is none; the page always names it.
    let avatar_error = profile.avatar_error.clone();
    // Channels that upload have a watermark section (where the site lets them).
    let watermark = reel_core::library::watermark::get(&state, &caller).await.ok().filter(|w| w.channel_logos);
    let corners = ["top-left", "top-right", "bottom-left", "bottom-right"];
    let info = PageInfo::new(Some(&caller), &t("account-profile-title", &[]), "account").with_notice(ACCOUNT_NOTICES.of(q.done.as_deref()));
    render(
        "account_profile.html",
        context! { page => info, profile, avatar_error, links, preferences, max_links => MAX_LINKS, max_mb => MAX_AVATAR_BYTES / (1024 * 1024), watermark, corners },
    )
}

/// The profile form: links one per line.
#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    csrf: String,
    display_name: String,
    bio: String,
    links: String,
}

/// `POST /account/profile`.
pub async fn save(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ProfileForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let edit =
        ProfileEdit { display_name: Some(f.display_name), bio: Some(f.bio), links: Some(f.links.lines().map(String::from).collect()) };
    account_profile::change(&state, &caller, &edit).await?;
    Ok(see_other("/account/profile?done=saved"))
}

/// `POST /account/avatar` (multipart: `csrf`, then `avatar`, the image).
pub async fn upload_avatar(State(state): State<AppState>, headers: HeaderMap, form: Multipart) -> PageResult {
    let (csrf, image) = image_form(form, "avatar").await?;
    let caller = form_caller(&state, &headers, &csrf).await?;
    account_profile::upload_avatar(&state, &caller, image).await?;
    Ok(see_other("/account/profile?done=avatar"))
}

/// Reads a form of a CSRF token and one image (field `field`), refusing one without an image.
pub async fn image_form(mut form: Multipart, field: &str) -> Result<(String, axum::body::Bytes), PageError> {
    let bad = |m: &str| PageError::App(AppError::bad_request("invalid-form", m.to_string()));
    let (mut csrf, mut image) = (String::new(), None);
    while let Some(part) = form.next_field().await.map_err(|_| bad("the form could not be read"))? {
        match part.name() {
            Some("csrf") => csrf = part.text().await.map_err(|_| bad("the form could not be read"))?,
            Some(name) if name == field => image = Some(part.bytes().await.map_err(|_| bad("the image could not be read (too large?)"))?),
            _ => {}
        }
    }
    let image = image.filter(|i| !i.is_empty()).ok_or_else(|| bad("choose an image"))?;
    Ok((csrf, image))
}

/// `POST /account/avatar/remove`.
pub async fn remove_avatar(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<sign_in::CsrfForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    account_profile::remove_avatar(&state, &caller).await?;
    Ok(see_other("/account/profile?done=saved"))
}

/// The preferences form (a checkbox is absent when unticked).
#[derive(Debug, Deserialize)]
pub struct PreferencesForm {
    csrf: String,
    language: String,
    default_quality: String,
    autoplay_next: Option<String>,
    captions: Option<String>,
}

/// `POST /account/preferences`.
pub async fn save_preferences(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<PreferencesForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let preferences = Preferences {
        language: Some(f.language),
        autoplay_next: f.autoplay_next.is_some(),
        default_quality: f.default_quality,
        captions: f.captions.is_some(),
    };
    account_profile::set_preferences(&state, &caller, preferences).await?;
    Ok(see_other("/account/profile?done=saved"))
}

/// `GET /avatars/{user}/{version}.jpg`: an account's current avatar, to whoever may browse
/// channels (signed in by session or token, or anyone where public videos are allowed). Its name changes with every new avatar, so it is cached for good.
pub async fn avatar(State(state): State<AppState>, viewer: Option<Caller>, Path((user, file)): Path<(String, String)>) -> PageResult {
    if viewer.is_none() && !state.config.auth.allow_public_videos {
        return Err(PageError::App(AppError::unauthorized()));
    }
    let bytes = account_profile::avatar_image(&state, &user, &file).await?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}
