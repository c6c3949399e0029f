//! A channel's watermark on the profile page: its logo (multipart: `csrf`, `logo`), where it
//! goes (form: `csrf`, `corner`, `margin`, `height`, `opacity`, the shares as percentages) and
//! going back to the site's.

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use serde::Deserialize;

use crate::error::AppError;
use crate::media::watermark::Corner;
use crate::state::AppState;
use crate::watermark::{self, PlacementEdit};

use super::{form_caller, see_other, PageError, PageResult};

/// `POST /account/watermark/logo`.
pub async fn upload_logo(State(state): State<AppState>, headers: HeaderMap, mut form: Multipart) -> PageResult {
    let bad = |m: &str| PageError::App(AppError::bad_request("invalid-form", m.to_string()));
    let (mut csrf, mut image) = (None, None);
    while let Some(field) = form.next_field().await.map_err(|_| bad("the form could not be read"))? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(|_| bad("the form could not be read"))?),
            Some("logo") => image = Some(field.bytes().await.map_err(|_| bad("the image could not be read (too large?)"))?),
            _ => {}
        }
    }
    let caller = form_caller(&state, &headers, csrf.as_deref().unwrap_or("")).await?;
    let image = image.filter(|i| !i.is_empty()).ok_or_else(|| bad("choose an image"))?;
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
    match watermark::edit(&state, &caller, edit).await {
        Ok(_) => Ok(see_other("/account/profile?done=saved#watermark")),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => Err(PageError::App(e)),
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/watermark/remove`.
pub async fn remove(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<super::account::CsrfForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    watermark::remove(&state, &caller).await?;
    Ok(see_other("/account/profile?done=saved#watermark"))
}
