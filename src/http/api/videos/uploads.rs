//! The upload routes other than tus: `POST /api/v1/videos` (a multipart form) and the direct
//! uploads to the bucket (`/api/v1/uploads/direct…`), read into `ingest`'s calls.

use crate::http::extract::Json;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use crate::error::AppResult;
use crate::http::api::idempotent;
use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::ingest::direct::{self, Completed};
use reel_core::ingest::multipart::{FormUpload, MAX_TEXT_FIELD};
use reel_core::platform::idempotency;
use reel_core::platform::problem::{self, Problem};

/// `POST /api/v1/videos`: the form's `file` part streamed into the store as it arrives, then
/// the item made and queued. With an `Idempotency-Key`, once for the same declared length (a
/// retry of one form sends the same bytes; the file itself is not compared).
#[utoipa::path(
    post, path = "/api/v1/videos", tag = "uploads",
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Retrying with the same key and request answers what the first did (`Idempotent-Replayed: true`), for 24 hours")),
    request_body(content_type = "multipart/form-data", content = UploadForm),
    responses(
        (status = 201, description = "Stored and queued", body = Uploaded,
            headers(("Idempotent-Replayed" = String, description = "`true` on an answer repeated for a retry"))),
        (status = 409, description = "A request with this Idempotency-Key is still being served", body = crate::http::api::openapi::Problem),
        (status = 422, description = "This Idempotency-Key came with a different request", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn upload(State(state): State<AppState>, caller: Caller, headers: HeaderMap, form: Multipart) -> AppResult<Response> {
    let length = headers.get(header::CONTENT_LENGTH).map_or(&b""[..], |v| v.as_bytes());
    let fingerprint = idempotency::fingerprint(&[length]);
    let (owner, served_headers) = (caller.subject(), headers.clone());
    let serve = {
        let state = state.clone();
        async move { Ok(read_form(&state, &caller, &served_headers, form).await?.into_response()) }
    };
    idempotent::once(&state, owner, &headers, "POST /api/v1/videos", &fingerprint, serve).await
}

/// The upload answer: the new item's id.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    /// The item's id.
    id: reel_base::domain::VideoId,
    /// `uploaded`: stored and queued for processing.
    #[schema(example = "uploaded")]
    status: &'static str,
}

/// The parts of `POST /api/v1/videos`' form.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
    /// Its title (else the file's name): 1–200 characters, no control characters.
    #[schema(
        nullable = false,
        max_length = 200,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    title: Option<String>,
    /// Up to 5000 characters; line breaks and tabs but no other control characters.
    #[schema(nullable = false, max_length = 5000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    description: Option<String>,
    /// `private`, `members` or `public`.
    #[schema(nullable = false, value_type = Option<reel_base::domain::Visibility>)]
    visibility: Option<String>,
}

/// The upload form read into the store, and the item made.
async fn read_form(state: &AppState, caller: &Caller, headers: &HeaderMap, mut form: Multipart) -> AppResult<(StatusCode, Json<Uploaded>)> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let mut upload = FormUpload::begin(state, caller, declared).await?;
    let read: problem::Result<()> = async {
        while let Some(field) = form.next_field().await.map_err(bad_form)? {
            match field.name().unwrap_or("") {
                "file" if upload.wants_file() => {
                    let filename = field.file_name().map(str::to_owned);
                    upload.file(filename.as_deref(), field.map(|chunk| chunk.map_err(bad_form))).await?;
                }
                name @ ("title" | "description" | "visibility") => {
                    let name = name.to_owned();
                    upload.text(&name, text(field).await?);
                }
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = read {
        return Err(upload.abandon(e).await.into());
    }
    let id = upload.finish().await?;
    Ok((StatusCode::CREATED, Json(Uploaded { id, status: "uploaded" })))
}

/// A text field of the form, at most [`MAX_TEXT_FIELD`] bytes of UTF-8.
async fn text(mut field: Field<'_>) -> problem::Result<String> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
        if out.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(Problem::bad_request("field-too-long", "a text field is too long"));
        }
        out.extend_from_slice(&chunk);
    }
    String::from_utf8(out).map_err(|_| Problem::bad_request("invalid-text", "text fields must be UTF-8"))
}

fn bad_form(e: MultipartError) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large", e.body_text());
    }
    Problem::bad_request("invalid-form", format!("the upload could not be read: {}", e.body_text()))
}

/// `POST /api/v1/uploads/direct` → 201 with the part URLs; with an `Idempotency-Key`, once
/// for the same body.
#[utoipa::path(
    post, path = "/api/v1/uploads/direct", tag = "uploads",
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Retrying with the same key and request answers what the first did (`Idempotent-Replayed: true`), for 24 hours")),
    responses(
        (status = 201, description = "The part URLs to PUT the file to", body = reel_core::ingest::direct::Started,
            headers(("Idempotent-Replayed" = String, description = "`true` on an answer repeated for a retry"))),
        (status = 409, description = "A request with this Idempotency-Key is still being served", body = crate::http::api::openapi::Problem),
        (status = 422, description = "This Idempotency-Key came with a different request", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn start_direct(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<direct::Start>,
) -> AppResult<Response> {
    // The parsed body, so a retry that orders its fields or spaces differently is the same.
    let fingerprint = idempotency::fingerprint(&[format!("{body:?}").as_bytes()]);
    let owner = caller.subject();
    let serve = {
        let state = state.clone();
        async move { Ok((StatusCode::CREATED, Json(direct::start(&state, &caller, body).await?)).into_response()) }
    };
    idempotent::once(&state, owner, &headers, "POST /api/v1/uploads/direct", &fingerprint, serve).await
}

/// `POST /api/v1/uploads/direct/{id}/complete` → 201 when it made the item, 200 when an
/// earlier call had.
#[utoipa::path(
    post, path = "/api/v1/uploads/direct/{id}/complete", tag = "uploads",
    responses(
        (status = 201, description = "The item is made and queued", body = Uploaded),
        (status = 200, description = "An earlier call made it", body = Uploaded),
        (status = 409, description = "The upload is not in a state to complete", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn complete_direct(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<direct::Complete>,
) -> AppResult<(StatusCode, Json<Uploaded>)> {
    let (status, id) = match direct::complete(&state, &caller, &id, body).await? {
        Completed::Made(id) => (StatusCode::CREATED, id),
        Completed::Before(id) => (StatusCode::OK, id),
    };
    Ok((status, Json(Uploaded { id, status: "uploaded" })))
}
