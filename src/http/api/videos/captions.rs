//! `/api/v1/videos/{id}/captions`: an item's text tracks, listed, uploaded (multipart: `file`,
//! `language`, `label`, `kind`) and removed.

use crate::http::extract::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use reel_base::domain::{rfc3339, Caption, CaptionId, CaptionKind, CaptionOrigin};
use reel_core::auth::Caller;
use reel_core::library::captions::{self, CaptionUpload};

/// A text track as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaptionView {
    id: CaptionId,
    /// BCP 47.
    language: String,
    label: String,
    kind: CaptionKind,
    /// `upload`, or `source`: a text stream of the item's own file.
    origin: CaptionOrigin,
    cues: i64,
    bytes: i64,
    created_at: String,
    /// The whole WebVTT file behind the viewer's playback token, where the item plays for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl CaptionView {
    /// The view of `c`; `prefix` is the item's playback URL prefix when the caller may play it.
    pub fn of(c: Caption, prefix: Option<&str>) -> Self {
        let url = prefix.map(|p| format!("{p}/{}/{}", reel_base::media::text_tracks::FOLDER, reel_base::media::text_tracks::vtt_file(&c)));
        Self {
            id: c.id,
            language: c.language.as_str().to_string(),
            label: c.label.to_string(),
            kind: c.kind,
            origin: c.origin,
            cues: c.cues,
            bytes: c.bytes,
            created_at: rfc3339(c.created_at),
            url,
        }
    }
}

/// `GET /api/v1/videos/{id}/captions`: the tracks of an item the caller may see, oldest first.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/captions", tag = "captions", security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The item's text tracks", body = Vec<CaptionView>))
)]
pub async fn list(State(state): State<AppState>, caller: Option<Caller>, Path(id): Path<String>) -> AppResult<Json<Vec<CaptionView>>> {
    let tracks = captions::list(&state, caller.as_ref(), &id).await?;
    Ok(Json(tracks.into_iter().map(|c| CaptionView::of(c, None)).collect()))
}

/// `POST /api/v1/videos/{id}/captions`: 201 with the new track; 400 `invalid-captions` naming
/// the line of a file that cannot be read (nothing is stored then).
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/captions", tag = "captions",
    request_body(content_type = "multipart/form-data", content = CaptionFormParts),
    responses((status = 201, description = "Added", body = CaptionView))
)]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: Multipart,
) -> AppResult<(StatusCode, Json<CaptionView>)> {
    let upload = upload_of(read_fields(form).await?)?;
    let caption = captions::add(&state, &caller, &id, upload).await?;
    Ok((StatusCode::CREATED, Json(CaptionView::of(caption, None))))
}

/// The parts of `POST /api/v1/videos/{id}/captions`' form.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct CaptionFormParts {
    /// A WebVTT or SRT file.
    #[schema(format = Binary, content_media_type = "application/octet-stream", min_length = 1)]
    file: String,
    /// Its language, e.g. `en` or `pt-BR`.
    #[schema(pattern = r"^\s*[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}\s*$")]
    language: String,
    /// What a player's menu calls it (at most 64 characters, no quotes or control characters);
    /// the language's name when absent.
    #[schema(nullable = false, max_length = 64, pattern = r#"^[^"\x00-\x1F\x7F-\x9F\u2028\u2029]*$"#)]
    label: Option<String>,
    /// `subtitles` (the default), `captions` or `descriptions`.
    #[schema(nullable = false, pattern = "^(subtitles|captions|descriptions)$")]
    kind: Option<String>,
}

/// A caption upload form as posted: the file and fields, and the page form's `csrf`.
pub struct CaptionForm {
    /// The file's bytes (empty when none was chosen).
    pub bytes: Vec<u8>,
    /// See [`CaptionUpload::language`].
    pub language: Option<String>,
    /// See [`CaptionUpload::label`].
    pub label: Option<String>,
    /// See [`CaptionUpload::kind`].
    pub kind: Option<String>,
    /// The page form's CSRF token (the API has none).
    pub csrf: Option<String>,
}

/// Reads a caption upload form (the API's and the edit page's): `file` (WebVTT or SRT),
/// `language`, `label`, `kind`, and `csrf` on the page.
pub async fn read_fields(mut form: Multipart) -> AppResult<CaptionForm> {
    let bad = |m: &str| AppError::bad_request("invalid-captions", m.to_string());
    let mut read = CaptionForm { bytes: Vec::new(), language: None, label: None, kind: None, csrf: None };
    while let Some(field) = form.next_field().await.map_err(|_| bad("the form could not be read (is the file too large?)"))? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            read.bytes = field.bytes().await.map_err(|_| bad("the file could not be read (is it too large?)"))?.to_vec();
            continue;
        }
        let slot = match name.as_str() {
            "language" => &mut read.language,
            "label" => &mut read.label,
            "kind" => &mut read.kind,
            "csrf" => &mut read.csrf,
            _ => continue,
        };
        *slot = Some(field.text().await.map_err(|_| bad("the form could not be read"))?);
    }
    Ok(read)
}

/// The upload a read form asks for, or what it lacks.
pub fn upload_of(form: CaptionForm) -> AppResult<CaptionUpload> {
    let bad = |m: &str| AppError::bad_request("invalid-captions", m.to_string());
    if form.bytes.is_empty() {
        return Err(bad("the form needs a file: a WebVTT or SRT caption file"));
    }
    Ok(CaptionUpload {
        bytes: form.bytes,
        language: form.language.ok_or_else(|| bad("the form needs a language, such as en or pt-BR"))?,
        label: form.label,
        kind: form.kind,
    })
}

/// `DELETE /api/v1/videos/{id}/captions/{caption}`: 204.
#[utoipa::path(
    delete, path = "/api/v1/videos/{id}/captions/{caption}", tag = "captions",
    responses((status = 204, description = "Removed"))
)]
pub async fn remove(State(state): State<AppState>, caller: Caller, Path((id, caption)): Path<(String, String)>) -> AppResult<StatusCode> {
    captions::remove(&state, &caller, &id, &caption).await?;
    Ok(StatusCode::NO_CONTENT)
}
