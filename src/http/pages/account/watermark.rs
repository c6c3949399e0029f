//! A channel's watermark on the profile page: its logo (multipart: `csrf`, `logo`), where it
//! goes (form: `csrf`, `corner`, `margin`, `height`, `opacity`, the shares as percentages) and
//! going back to the site's.

use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::Form;
use serde::Deserialize;

use crate::state::AppState;
use reel_base::domain::finishing::Corner;
use reel_core::library::watermark::{self, PlacementEdit};

use crate::http::pages::account::public_profile;
use crate::http::pages::account::sign_in;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::viewer::form_caller;

/// `POST /account/watermark/logo`.
pub async fn upload_logo(State(state): State<AppState>, headers: HeaderMap, form: Multipart) -> PageResult {
    let (csrf, image) = public_profile::image_form(form, "logo").await?;
    let caller = form_caller(&state, &headers, &csrf).await?;
    watermark::upload_logo(&state, &caller, image).await?;
    Ok(see_other("/account/profile?done=logo#watermark"))
}

/// The placement form: shares of the picture height typed as percentages.
#[derive(Debug, Deserialize)]
pub struct PlacementForm {
    csrf: String,
    corner: Corner,
    margin: f64,
    height: f64,
    opacity: f64,
}

/// `POST /account/watermark`.
pub async fn place(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<PlacementForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let edit = PlacementEdit {
        corner: Some(f.corner),
        margin: Some(f.margin / 100.0),
        height: Some(f.height / 100.0),
        opacity: Some(f.opacity / 100.0),
    };
    // A refused placement is the error page, with the reason; the form keeps its values on
    // going back.
    watermark::edit(&state, &caller, edit).await?;
    Ok(see_other("/account/profile?done=saved#watermark"))
}

/// `POST /account/watermark/remove`.
pub async fn remove(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<sign_in::CsrfForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    watermark::remove(&state, &caller).await?;
    Ok(see_other("/account/profile?done=saved#watermark"))
}
