//! The tus 1.0 resumable-upload protocol (core, creation, termination, expiration and
//! checksum): its headers in and out of `ingest::resumable`, which does the work.

use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{AppError, AppResult};
use crate::http::api::idempotent;
use crate::state::AppState;
use reel_base::db::uploads::UploadRecord;
use reel_core::auth::Caller;
use reel_core::ingest::resumable::{self, BodyError, CHECKSUMS};
use reel_core::ingest::tus_headers;
use reel_core::platform::idempotency;

const TUS_VERSION: &str = "1.0.0";
const EXTENSIONS: &str = "creation,termination,expiration,checksum";

static TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
static UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
static UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
static UPLOAD_DEFER_LENGTH: HeaderName = HeaderName::from_static("upload-defer-length");
static UPLOAD_METADATA: HeaderName = HeaderName::from_static("upload-metadata");
static UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
static UPLOAD_CHECKSUM: HeaderName = HeaderName::from_static("upload-checksum");

/// The tus routes, with the headers every tus answer carries.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, options))
        .routes(routes!(status, append, terminate, options_upload))
        .layer(axum::middleware::map_response(tus_headers))
}

/// tus 1.0 wants `Tus-Resumable` on every answer and `Tus-Version` on a 412. Error answers
/// (401, 404, 409, 412, 460, …) are built by `AppError`, which knows nothing of tus, so
/// they lacked both; add them here, for every answer of these routes.
async fn tus_headers(mut response: Response) -> Response {
    let precondition_failed = response.status() == StatusCode::PRECONDITION_FAILED;
    let headers = response.headers_mut();
    headers.insert(TUS_RESUMABLE.clone(), HeaderValue::from_static(TUS_VERSION));
    if precondition_failed {
        headers.insert(HeaderName::from_static("tus-version"), HeaderValue::from_static(TUS_VERSION));
    }
    response
}

/// Every tus answer carries `Tus-Resumable`.
fn respond(status: StatusCode, headers: Vec<(HeaderName, HeaderValue)>) -> Response {
    let mut r = status.into_response();
    r.headers_mut().insert(TUS_RESUMABLE.clone(), HeaderValue::from_static(TUS_VERSION));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for (k, v) in headers {
        r.headers_mut().insert(k, v);
    }
    r
}

fn require_version(headers: &HeaderMap) -> AppResult<()> {
    match headers.get(&TUS_RESUMABLE).and_then(|v| v.to_str().ok()) {
        Some(TUS_VERSION) => Ok(()),
        _ => Err(AppError::new(StatusCode::PRECONDITION_FAILED, "tus-version", "Tus-Resumable: 1.0.0 is required")),
    }
}

fn num(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    tus_headers::parse_number(headers.get(name)?.to_str().ok()?)
}

fn http_date(ms: i64) -> HeaderValue {
    let t = SystemTime::UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    HeaderValue::from_str(&httpdate::fmt_http_date(t)).expect("HTTP dates are ASCII")
}

/// `OPTIONS /api/v1/uploads/{id}`: the same as for `/api/v1/uploads`.
#[utoipa::path(
    options, path = "/api/v1/uploads/{id}", tag = "uploads", security(()),
    responses((status = 204, description = "What this server supports of tus"))
)]
async fn options_upload(state: State<AppState>, Path(_id): Path<String>) -> Response {
    options(state).await
}

/// `OPTIONS /api/v1/uploads`: the tus version, extensions, checksums and largest upload.
#[utoipa::path(
    options, path = "/api/v1/uploads", tag = "uploads", security(()),
    responses((status = 204, description = "What this server supports of tus", headers(
        ("Tus-Version" = String), ("Tus-Extension" = String), ("Tus-Checksum-Algorithm" = String),
        ("Tus-Max-Size" = u64, description = "The largest upload, in bytes"))))
)]
async fn options(State(state): State<AppState>) -> Response {
    respond(
        StatusCode::NO_CONTENT,
        vec![
            (HeaderName::from_static("tus-version"), HeaderValue::from_static(TUS_VERSION)),
            (HeaderName::from_static("tus-extension"), HeaderValue::from_static(EXTENSIONS)),
            (HeaderName::from_static("tus-checksum-algorithm"), HeaderValue::from_static(CHECKSUMS)),
            (HeaderName::from_static("tus-max-size"), HeaderValue::from(state.config.server.max_upload_bytes)),
        ],
    )
}

/// `Upload-Metadata` for an upload as it stands now (edits made since its creation included),
/// which a HEAD answers with so a resuming client sees what it will get.
fn render_metadata(upload: &UploadRecord) -> String {
    let pairs = [
        ("filename", &upload.filename),
        ("title", &upload.title),
        ("description", &upload.description),
        ("visibility", &upload.visibility),
    ];
    tus_headers::render_metadata(pairs.into_iter().filter_map(|(key, value)| Some((key, value.as_deref()?))))
}

/// `POST /api/v1/uploads`: a new resumable upload of `Upload-Length` bytes.
#[utoipa::path(
    post, path = "/api/v1/uploads", tag = "uploads",
    params(
        ("Tus-Resumable" = String, Header, description = "`1.0.0`, the tus version spoken", pattern = r"^1\.0\.0$"),
        ("Upload-Length" = u64, Header, minimum = 1, description = "The file's size in bytes (the largest is `Tus-Max-Size`, from `OPTIONS`)"),
        ("Upload-Defer-Length" = Option<String>, Header, description = "Not supported: an upload declares its length"),
        ("Upload-Metadata" = Option<String>, Header, description = "`filename`, `title`, `description`, `visibility`, each base64"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Retrying with the same key and request answers what the first did (`Idempotent-Replayed: true`), for 24 hours"),
    ),
    responses(
        (status = 201, description = "Made; PATCH its `Location`", headers(
            ("Location" = String, description = "The upload's URL"),
            ("Upload-Expires" = String, description = "When an unfinished upload is removed"),
            ("Idempotent-Replayed" = String, description = "`true` on an answer repeated for a retry"))),
        (status = 409, description = "A request with this Idempotency-Key is still being served", body = crate::http::api::openapi::Problem),
        (status = 413, description = "`Upload-Length` is over the largest upload (`Tus-Max-Size`)", body = crate::http::api::openapi::Problem),
        (status = 422, description = "This Idempotency-Key came with a different request", body = crate::http::api::openapi::Problem),
        (status = 412, description = "`Tus-Resumable: 1.0.0` is missing", body = crate::http::api::openapi::Problem, headers(("Tus-Version" = String))),
    )
)]
async fn create(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> AppResult<Response> {
    require_version(&headers)?;
    let length = num(&headers, &UPLOAD_LENGTH);
    let metadata = headers.get(&UPLOAD_METADATA).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    // The upload is what its length and metadata declare: a retry with the same key and
    // declaration gets the same upload's address.
    let declared = |name: &HeaderName| headers.get(name).map_or(&b""[..], |v| v.as_bytes());
    let fingerprint = idempotency::fingerprint(&[declared(&UPLOAD_LENGTH), declared(&UPLOAD_DEFER_LENGTH), metadata.as_bytes()]);
    let owner = caller.subject();
    let served = state.clone();
    let serve = async move {
        let state = served;
        let upload = resumable::create(&state, &caller, length, &metadata).await?;
        let location = format!("{}/api/v1/uploads/{}", state.site_url, upload.id);
        Ok(respond(
            StatusCode::CREATED,
            vec![
                (header::LOCATION, HeaderValue::from_str(&location).map_err(AppError::internal)?),
                (UPLOAD_EXPIRES.clone(), http_date(upload.expires_at)),
            ],
        ))
    };
    idempotent::once(&state, owner, &headers, "POST /api/v1/uploads", &fingerprint, serve).await
}

fn offset_headers(upload: &UploadRecord) -> Vec<(HeaderName, HeaderValue)> {
    let mut h =
        vec![(UPLOAD_OFFSET.clone(), HeaderValue::from(upload.received)), (UPLOAD_LENGTH.clone(), HeaderValue::from(upload.length))];
    if upload.video_id.is_none() {
        h.push((UPLOAD_EXPIRES.clone(), http_date(upload.expires_at)));
    }
    let metadata = render_metadata(upload);
    if let (false, Ok(value)) = (metadata.is_empty(), HeaderValue::from_str(&metadata)) {
        h.push((UPLOAD_METADATA.clone(), value));
    }
    h
}

/// `HEAD /api/v1/uploads/{id}`: how far the upload has come.
#[utoipa::path(
    head, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("Tus-Resumable" = String, Header, description = "`1.0.0`, the tus version spoken", pattern = r"^1\.0\.0$")),
    responses(
        (status = 200, description = "Its offset, length, expiry and metadata", headers(
            ("Upload-Offset" = u64), ("Upload-Length" = u64), ("Upload-Expires" = String), ("Upload-Metadata" = String))),
        (status = 412, description = "`Tus-Resumable: 1.0.0` is missing", body = crate::http::api::openapi::Problem, headers(("Tus-Version" = String))),
    )
)]
async fn status(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, headers: HeaderMap) -> AppResult<Response> {
    require_version(&headers)?;
    let upload = resumable::status(&state, &caller, &id).await?;
    Ok(respond(StatusCode::OK, offset_headers(&upload)))
}

/// `PATCH /api/v1/uploads/{id}`: the next bytes, from `Upload-Offset`.
#[utoipa::path(
    patch, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(
        ("Tus-Resumable" = String, Header, description = "`1.0.0`, the tus version spoken", pattern = r"^1\.0\.0$"),
        ("Upload-Offset" = u64, Header, description = "Where these bytes start: the upload's offset now"),
        ("Upload-Checksum" = Option<String>, Header, description = "`sha1 …` or `md5 …` of this request's bytes, base64"),
    ),
    request_body(content_type = "application/offset+octet-stream", content = Vec<u8>),
    responses(
        (status = 204, description = "Taken; `Upload-Offset` is the new offset", headers(("Upload-Offset" = u64))),
        (status = 409, description = "`Upload-Offset` is not where the upload is", body = crate::http::api::openapi::Problem),
        (status = 415, description = "The body is not `application/offset+octet-stream`", body = crate::http::api::openapi::Problem),
        (status = 423, description = "Another request is writing to this upload", body = crate::http::api::openapi::Problem),
        (status = 460, description = "The checksum does not match the bytes", body = crate::http::api::openapi::Problem),
        (status = 412, description = "`Tus-Resumable: 1.0.0` is missing", body = crate::http::api::openapi::Problem, headers(("Tus-Version" = String))),
    )
)]
async fn append(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    require_version(&headers)?;
    if headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some("application/offset+octet-stream") {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content-type",
            "PATCH needs Content-Type: application/offset+octet-stream",
        ));
    }
    let offset = num(&headers, &UPLOAD_OFFSET);
    let checksum = headers.get(&UPLOAD_CHECKSUM).and_then(|v| v.to_str().ok());
    let body = body.into_data_stream().map(|chunk| {
        chunk.map_err(|e| match crate::http::idle_body::BodyIdle::behind(&e) {
            Some(idle) => BodyError::Idle(idle.to_string()),
            None => BodyError::Broken(e.to_string()),
        })
    });
    let upload = resumable::append(&state, &caller, &id, offset, checksum, body).await?;
    Ok(respond(StatusCode::NO_CONTENT, offset_headers(&upload)))
}

/// `DELETE /api/v1/uploads/{id}`: abandons the upload and what it holds.
#[utoipa::path(
    delete, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("Tus-Resumable" = String, Header, description = "`1.0.0`, the tus version spoken", pattern = r"^1\.0\.0$")),
    responses((status = 204, description = "Abandoned"), (status = 412, description = "`Tus-Resumable: 1.0.0` is missing", body = crate::http::api::openapi::Problem, headers(("Tus-Version" = String))))
)]
async fn terminate(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, headers: HeaderMap) -> AppResult<Response> {
    require_version(&headers)?;
    resumable::terminate(&state, &caller, &id).await?;
    Ok(respond(StatusCode::NO_CONTENT, vec![]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::domain::UploadId;

    #[test]
    fn head_metadata_round_trips_through_the_parser() {
        let upload = UploadRecord {
            id: UploadId::new(),
            length: 10,
            received: 0,
            filename: Some("clip.mp4".into()),
            title: Some("Café, «quoted»".into()),
            description: None,
            created_by: None,
            visibility: Some("private".into()),
            video_id: None,
            expires_at: 0,
            direct_upload_id: None,
            staging_id: None,
        };
        let parsed = tus_headers::parse_metadata(&render_metadata(&upload)).unwrap();
        let expected = [("filename", "clip.mp4"), ("title", "Café, «quoted»"), ("visibility", "private")];
        assert_eq!(parsed, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }
}
