//! The caption tracks on a video's edit page: the list, the upload form (multipart: `csrf`,
//! `file`, `language`, `label`, `kind`) and removing one.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;

use crate::state::AppState;
use reel_core::library::captions;

use crate::http::pages::account::sign_in;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::t;
use crate::http::pages::frame::viewer::form_caller;
use crate::http::pages::studio::items;

/// The most a caption form may carry; `[captions] max_bytes` is checked, with its own message,
/// within it.
pub const MAX_FORM_BYTES: usize = 16 << 20;

/// `POST /studio/{id}/captions`: adds a track, or shows the edit page with the reason (the
/// line of the file that could not be read).
pub async fn add(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, form: Multipart) -> PageResult {
    let form = crate::http::api::videos::captions::read_fields(form).await?;
    let caller = form_caller(&state, &headers, form.csrf.as_deref().unwrap_or("")).await?;
    if form.bytes.is_empty() {
        return items::edit_view_captions(&state, &caller, &id, &t("studio-caption-file-missing", &[]), true).await;
    }
    let added = match crate::http::api::videos::captions::upload_of(form) {
        Ok(upload) => captions::add(&state, &caller, &id, upload).await.map_err(crate::error::AppError::from),
        Err(e) => Err(e),
    };
    match added {
        Ok(_) => Ok(see_other(&format!("/studio/{id}/edit?done=caption-added#captions"))),
        Err(e) if e.status() == axum::http::StatusCode::BAD_REQUEST || e.status() == axum::http::StatusCode::CONFLICT => {
            let about_file = e.message().starts_with(reel_core::library::captions::UNREADABLE);
            items::edit_view_captions(&state, &caller, &id, e.message(), about_file).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /studio/{id}/captions/{caption}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, caption)): Path<(String, String)>,
    axum::Form(f): axum::Form<sign_in::CsrfForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    captions::remove(&state, &caller, &id, &caption).await?;
    Ok(see_other(&format!("/studio/{id}/edit?done=caption-removed#captions")))
}
