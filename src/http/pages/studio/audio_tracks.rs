//! The audio tracks on a video's edit page: each track's language and label, edited one at a
//! time (form: `csrf`, `language`, `label`), and whether the item's loudness is corrected
//! (form: `csrf`, `normalize`).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Form;
use serde::Deserialize;

use crate::state::AppState;
use reel_core::library::audio_tracks::{self, TrackEdit};

use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::viewer::form_caller;
use crate::http::pages::studio::items;

/// The form of one track.
#[derive(Debug, Deserialize)]
pub struct TrackForm {
    csrf: String,
    language: String,
    label: String,
}

/// `POST /studio/{id}/audio/{n}`: saves one track, or shows the edit page with the reason.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
    Form(f): Form<TrackForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let n: usize = n.parse().map_err(|_| crate::error::AppError::not_found("audio track"))?;
    let edit = TrackEdit { language: Some(f.language), label: Some(f.label) };
    match audio_tracks::edit(&state, &caller, &id, n, edit).await {
        Ok(_) => Ok(see_other(&format!("/studio/{id}/edit?done=audio-saved#audio"))),
        Err(e) if e.status() == axum::http::StatusCode::BAD_REQUEST || e.status() == axum::http::StatusCode::CONFLICT => {
            items::edit_view(&state, &caller, &id, None, Some(e.message())).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The loudness switch.
#[derive(Debug, Deserialize)]
pub struct LoudnessForm {
    csrf: String,
    /// Present (a ticked box) to correct the loudness.
    normalize: Option<String>,
}

/// `POST /studio/{id}/loudness`: turns loudness correction on or off from the next processing.
pub async fn loudness(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<LoudnessForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    reel_core::library::videos::set_normalizes_audio(&state, &caller, &id, f.normalize.is_some()).await?;
    Ok(see_other(&format!("/studio/{id}/edit?done=loudness-saved#audio")))
}
