//! The chapters on a video's edit page: one `time title` line each (form: `csrf`, `lines`),
//! saved whole; a refused list comes back as typed, with the line that is wrong.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use serde::Deserialize;

use crate::state::AppState;

use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::viewer::form_caller;
use crate::http::pages::studio::items;

/// The chapters form.
#[derive(Debug, Deserialize)]
pub struct ChaptersForm {
    csrf: String,
    lines: String,
}

/// `POST /studio/{id}/chapters`: replaces the item's chapters, or shows the edit page with the
/// reason and the lines as typed.
pub async fn save(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ChaptersForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match reel_core::library::chapters::edit_lines(&state, &caller, &id, &f.lines).await {
        Ok(_) => Ok(see_other(&format!("/studio/{id}/edit?done=chapters-saved#chapters"))),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => items::edit_view_chapters(&state, &caller, &id, &f.lines, e.message()).await,
        Err(e) => Err(e.into()),
    }
}
