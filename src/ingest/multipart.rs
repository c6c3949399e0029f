//! `POST /api/v1/videos`: a multipart upload streamed straight into the object store.

use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::domain::{VideoDescription, VideoId, VideoTitle};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::StorageKey;

use super::{clean_filename, create_video, Finished};

/// Longest text field (title, description) read from the form.
const MAX_TEXT_FIELD: usize = 64 << 10;

/// Streams the `file` part to `sources/{id}/original` (never whole in memory), enforcing the
/// size limit as bytes arrive, then creates the video and queues it.
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    mut form: Multipart,
) -> AppResult<(StatusCode, Json<Value>)> {
    super::require_uploader(&state, &caller).await?;
    let limit = state.config.server.max_upload_bytes;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.saturating_add(MAX_TEXT_FIELD as u64 * 2)) {
        return Err(AppError::too_large(limit));
    }
    let id = VideoId::new();
    let key = StorageKey::source(id);
    let (mut title, mut description, mut filename, mut stored, mut visibility) = (None, None, None, None, None);
    let result: AppResult<()> = async {
        while let Some(mut field) = form.next_field().await.map_err(bad_form)? {
            match field.name().unwrap_or("") {
                "file" if stored.is_none() => {
                    filename = field.file_name().and_then(clean_filename);
                    let mut writer = state.store.writer(&key).await?;
                    loop {
                        let chunk = match field.chunk().await {
                            Ok(Some(chunk)) => chunk,
                            Ok(None) => break,
                            Err(e) => {
                                writer.abort().await;
                                return Err(bad_form(e));
                            }
                        };
                        if writer.written() + chunk.len() as u64 > limit {
                            writer.abort().await;
                            return Err(AppError::too_large(limit));
                        }
                        writer.write(&chunk).await?;
                    }
                    stored = Some(writer.finish().await?);
                }
                "title" => title = Some(text(field).await?),
                "description" => description = Some(text(field).await?),
                "visibility" => visibility = Some(text(field).await?),
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    let cleanup = |e: AppError| async {
        if stored.is_some() {
            let _ = state.store.delete(&key).await;
        }
        e
    };
    if let Err(e) = result {
        return Err(cleanup(e).await);
    }
    let Some(bytes) = stored else {
        return Err(AppError::bad_request("missing-file", "the form has no `file` part"));
    };
    let title = match title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => VideoTitle::parse(t),
        None => Ok(VideoTitle::from_filename(filename.as_deref().unwrap_or(""))),
    };
    let description = VideoDescription::parse(description.as_deref().unwrap_or(""));
    let (title, description) = match (title, description) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => return Err(cleanup(e.into()).await),
    };
    let visibility = match super::parse_visibility(visibility.as_deref(), state.config.auth.allow_public_videos) {
        Ok(v) => v,
        Err(e) => return Err(cleanup(e).await),
    };
    let finished = Finished { id, title, description, filename: filename.as_deref(), bytes, created_by: caller.subject(), visibility };
    if let Err(e) = create_video(&state, finished).await {
        return Err(cleanup(e).await);
    }
    Ok((StatusCode::CREATED, Json(json!({ "id": id, "status": "uploaded" }))))
}

async fn text(field: axum::extract::multipart::Field<'_>) -> AppResult<String> {
    let mut out = Vec::new();
    let mut field = field;
    while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
        if out.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(AppError::bad_request("field-too-long", "a text field is too long"));
        }
        out.extend_from_slice(&chunk);
    }
    String::from_utf8(out).map_err(|_| AppError::bad_request("invalid-text", "text fields must be UTF-8"))
}

fn bad_form(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large", e.body_text());
    }
    AppError::bad_request("invalid-form", format!("the upload could not be read: {}", e.body_text()))
}
