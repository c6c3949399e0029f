//! A tus 1.0 resumable upload server at `/api/v1/uploads`: core protocol plus the creation,
//! termination, expiration and checksum (sha1, sha256) extensions.
//!
//! Bytes wait in a [`Staging`] (a local file, or the object store itself when it is remote, so
//! any API process can take the next PATCH); the database's `received` is the truth about how
//! many of them are kept, so a crash mid-PATCH loses at most the unrecorded tail, which the
//! client sends again after its HEAD. One request at a time writes to an upload, whichever
//! process it reaches: the right to write is a lease in the database. A completed upload
//! becomes a video with the same id, exactly as a multipart upload does.

use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use futures::StreamExt;
use sha1::Digest;

use crate::auth::Caller;
use crate::db::uploads::{self, NewUpload, UploadRecord};
use crate::db::Db;
use crate::domain::{now_ms, UploadId, VideoId};
use crate::error::{AppError, AppResult};
use crate::platform::Context;
use crate::state::AppState;

use super::staging::Staging;
use super::tus_headers::{self, ChecksumAlgorithm, HeaderError};
use super::{create_video, finished_upload, Announced};

const TUS_VERSION: &str = "1.0.0";
const EXTENSIONS: &str = "creation,termination,expiration,checksum";
const CHECKSUMS: &str = "sha1,sha256";

static TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
static UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
static UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
static UPLOAD_METADATA: HeaderName = HeaderName::from_static("upload-metadata");
static UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
static UPLOAD_CHECKSUM: HeaderName = HeaderName::from_static("upload-checksum");

/// How long a request's right to write to an upload lasts unrenewed: a process that dies in
/// the middle of a PATCH keeps others from writing to that upload this long at most, so its
/// client resumes elsewhere within it. Renewed every third of it, between the writes of the
/// request's bytes, each of which must take less than the other two thirds.
const LEASE: Duration = Duration::from_secs(15);

/// A request's right to write to one upload, held in the database so that no two requests
/// write to an upload at once, in one process or in several.
struct WriteLease {
    db: Db,
    id: UploadId,
    writer: String,
    renewed: Instant,
    held: bool,
}

impl WriteLease {
    fn until() -> i64 {
        now_ms() + LEASE.as_millis() as i64
    }

    /// Takes the upload's lease; returns it with the upload as it stands now.
    async fn take(db: &Db, id: UploadId) -> AppResult<(Self, UploadRecord)> {
        let writer = uuid::Uuid::new_v4().simple().to_string();
        let upload = uploads::claim_writer(db, id, &writer, Self::until()).await?.ok_or_else(busy)?;
        Ok((Self { db: db.clone(), id, writer, renewed: Instant::now(), held: true }, upload))
    }

    /// Renews the lease once a third of it has gone by, so it never runs out while the request
    /// is still writing; an error if another request has taken the upload meanwhile.
    async fn keep_alive(&mut self) -> AppResult<()> {
        if self.renewed.elapsed() >= LEASE / 3 {
            uploads::claim_writer(&self.db, self.id, &self.writer, Self::until()).await?.ok_or_else(busy)?;
            self.renewed = Instant::now();
        }
        Ok(())
    }

    /// Gives the upload back before the answer goes out, so the client's next request finds
    /// it free.
    async fn release(mut self) -> AppResult<()> {
        self.held = false;
        uploads::release_writer(&self.db, self.id, &self.writer).await?;
        Ok(())
    }
}

impl Drop for WriteLease {
    /// A request abandoned midway still gives the upload back (soon after, not before the
    /// answer; the lease's end is the last resort).
    fn drop(&mut self) {
        if self.held {
            let (db, id, writer) = (self.db.clone(), self.id, std::mem::take(&mut self.writer));
            tokio::spawn(async move { uploads::release_writer(&db, id, &writer).await });
        }
    }
}

fn busy() -> AppError {
    // A client's cue to try again soon: the holder ends its request, or its lease runs out.
    tus_error(StatusCode::LOCKED, "upload-busy", "another request is writing to this upload").retry_in(2)
}

fn staging(state: &AppState) -> Staging {
    Staging::new(&state.config.data_dir, &state.store)
}

/// The tus routes, to be nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/uploads", post(create).options(options))
        .route("/v1/uploads/{id}", axum::routing::head(status).patch(append).delete(terminate).options(options))
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

fn tus_error(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::new(status, code, message)
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
        _ => Err(tus_error(StatusCode::PRECONDITION_FAILED, "tus-version", "Tus-Resumable: 1.0.0 is required")),
    }
}

fn num(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    tus_headers::parse_number(headers.get(name)?.to_str().ok()?)
}

fn http_date(ms: i64) -> HeaderValue {
    let t = SystemTime::UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    HeaderValue::from_str(&httpdate::fmt_http_date(t)).expect("HTTP dates are ASCII")
}

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

/// Parses `Upload-Metadata`, as a tus error when it cannot be read.
fn parse_metadata(text: &str) -> AppResult<Vec<(String, String)>> {
    tus_headers::parse_metadata(text).map_err(|e| tus_error(StatusCode::BAD_REQUEST, "invalid-metadata", e.to_string()))
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

async fn create(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> AppResult<Response> {
    super::require_uploader(&state, &caller).await?;
    require_version(&headers)?;
    let length = num(&headers, &UPLOAD_LENGTH).ok_or_else(|| {
        tus_error(StatusCode::BAD_REQUEST, "upload-length", "Upload-Length is required (deferred length is not supported)")
    })?;
    let limit = state.config.server.max_upload_bytes;
    if length > limit {
        return Err(AppError::too_large(limit));
    }
    if length == 0 {
        return Err(tus_error(StatusCode::BAD_REQUEST, "empty-upload", "the file is empty"));
    }
    let metadata_text = headers.get(&UPLOAD_METADATA).and_then(|v| v.to_str().ok()).unwrap_or("");
    if metadata_text.len() > 16 << 10 {
        return Err(tus_error(StatusCode::BAD_REQUEST, "invalid-metadata", "Upload-Metadata is too long"));
    }
    let metadata = parse_metadata(metadata_text)?;
    let get = |k: &str| metadata.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let announced = Announced::parse(&state, get("filename").or_else(|| get("name")), get("title"), get("description"), get("visibility"))?;

    let id = UploadId::new();
    let staging_id = staging(&state).create(id).await?;
    let expires_at = now_ms() + i64::try_from(state.config.server.upload_expiry_secs * 1000).unwrap_or(i64::MAX / 2);
    let new = NewUpload { staging_id: staging_id.as_deref(), ..announced.new_upload(id, length, caller.subject(), expires_at) };
    uploads::insert(&state.db, &new).await?;
    let location = format!("{}/api/v1/uploads/{id}", state.base_url);
    Ok(respond(
        StatusCode::CREATED,
        vec![
            (header::LOCATION, HeaderValue::from_str(&location).map_err(AppError::internal)?),
            (UPLOAD_EXPIRES.clone(), http_date(expires_at)),
        ],
    ))
}

/// Loads a tus upload the caller owns.
async fn load(state: &AppState, caller: &Caller, id: &str) -> AppResult<(UploadId, UploadRecord)> {
    super::load_upload(state, caller, id, super::UploadKind::Resumable).await
}

/// Loads an upload the caller may write to, holding its write lease: writing to an upload is
/// uploading, so a read-only token or a demoted account may not, and only one request writes
/// at a time. The upload is the one the lease's claim read, since another request may have
/// written to it just before.
async fn load_for_writing(state: &AppState, caller: &Caller, id: &str) -> AppResult<(UploadId, UploadRecord, WriteLease)> {
    caller.require(crate::auth::Scope::Upload)?;
    let (id, _) = load(state, caller, id).await?;
    let (lease, upload) = WriteLease::take(&state.db, id).await?;
    Ok((id, upload, lease))
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

async fn status(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, headers: HeaderMap) -> AppResult<Response> {
    require_version(&headers)?;
    let (_, upload) = load(&state, &caller, &id).await?;
    Ok(respond(StatusCode::OK, offset_headers(&upload)))
}

/// A checksum being computed over one PATCH.
enum Checksum {
    Sha1(sha1::Sha1, Vec<u8>),
    Sha256(sha2::Sha256, Vec<u8>),
}

impl Checksum {
    fn from_header(headers: &HeaderMap) -> AppResult<Option<Self>> {
        let Some(value) = headers.get(&UPLOAD_CHECKSUM).and_then(|v| v.to_str().ok()) else { return Ok(None) };
        match tus_headers::parse_checksum(value) {
            Ok((ChecksumAlgorithm::Sha1, expected)) => Ok(Some(Self::Sha1(sha1::Sha1::new(), expected))),
            Ok((ChecksumAlgorithm::Sha256, expected)) => Ok(Some(Self::Sha256(sha2::Sha256::new(), expected))),
            Err(HeaderError::ChecksumAlgorithm) => Err(tus_error(
                StatusCode::BAD_REQUEST,
                "checksum-algorithm",
                format!("unsupported checksum algorithm; use one of {CHECKSUMS}"),
            )),
            Err(e) => Err(tus_error(StatusCode::BAD_REQUEST, "checksum", e.to_string())),
        }
    }
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Sha1(h, _) => h.update(bytes),
            Self::Sha256(h, _) => h.update(bytes),
        }
    }
    fn matches(self) -> bool {
        use subtle::ConstantTimeEq;
        let (got, expected) = match self {
            Self::Sha1(h, e) => (h.finalize().to_vec(), e),
            Self::Sha256(h, e) => (h.finalize().to_vec(), e),
        };
        got.ct_eq(&expected).into()
    }
}

async fn append(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    require_version(&headers)?;
    if headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some("application/offset+octet-stream") {
        return Err(tus_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content-type",
            "PATCH needs Content-Type: application/offset+octet-stream",
        ));
    }
    let (id, upload, mut lease) = load_for_writing(&state, &caller, &id).await?;
    let result = append_holding(&state, &caller, id, upload, &headers, body, &mut lease).await;
    // The answer is the PATCH's own; a lease that cannot be given back (the database away)
    // runs out on its own.
    if let Err(e) = lease.release().await {
        tracing::warn!(upload = %id, error = %e, "could not give back an upload's write lease");
    }
    result
}

/// The PATCH itself, once its request holds the upload's write lease.
async fn append_holding(
    state: &AppState,
    caller: &Caller,
    id: UploadId,
    upload: UploadRecord,
    headers: &HeaderMap,
    body: Body,
    lease: &mut WriteLease,
) -> AppResult<Response> {
    let offset =
        num(headers, &UPLOAD_OFFSET).ok_or_else(|| tus_error(StatusCode::BAD_REQUEST, "upload-offset", "Upload-Offset is required"))?;
    let (received, length) = (upload.received as u64, upload.length as u64);
    if offset != received {
        return Err(tus_error(StatusCode::CONFLICT, "offset-mismatch", format!("the upload is at offset {received}, not {offset}")));
    }
    let checksum = Checksum::from_header(headers)?;
    if upload.video_id.is_none() && received < length {
        let kept = write_chunk(state, id, &upload, body, checksum, lease).await?;
        uploads::set_received(&state.db, id, kept).await?;
    }
    let upload = uploads::get(&state.db, id).await?.ok_or_else(|| AppError::not_found("upload"))?;
    if upload.received == upload.length && upload.video_id.is_none() {
        complete(state, id, &upload, caller).await?;
    }
    let upload = uploads::get(&state.db, id).await?.ok_or_else(|| AppError::not_found("upload"))?;
    Ok(respond(StatusCode::NO_CONTENT, offset_headers(&upload)))
}

/// Appends a PATCH body at the upload's offset; returns the offset now kept. Without a
/// checksum, bytes that arrived before an interruption are kept; with one, nothing is kept
/// until it matches.
async fn write_chunk(
    state: &AppState,
    id: UploadId,
    upload: &UploadRecord,
    body: Body,
    mut checksum: Option<Checksum>,
    lease: &mut WriteLease,
) -> AppResult<u64> {
    let (offset, length) = (upload.received as u64, upload.length as u64);
    let mut staged = staging(state).open(id, upload).await?;
    let mut stream = body.into_data_stream();
    let mut failure = None;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(match crate::platform::edge::BodyIdle::behind(&e) {
                    Some(idle) => tus_error(StatusCode::REQUEST_TIMEOUT, "body-timeout", format!("the upload stopped: {idle}")),
                    None => tus_error(StatusCode::BAD_REQUEST, "interrupted", format!("the upload was interrupted: {e}")),
                });
                break;
            }
        };
        if staged.at() + chunk.len() as u64 > length {
            failure = Some(tus_error(StatusCode::PAYLOAD_TOO_LARGE, "beyond-length", "the body goes past Upload-Length"));
            break;
        }
        lease.keep_alive().await?;
        staged.write(&chunk).await?;
        // A write that stored a part may have taken a while: the lease is made sure of again
        // before what it wrote is recorded, so a request that lost it records nothing.
        lease.keep_alive().await?;
        if let Some(c) = checksum.as_mut() {
            c.update(&chunk);
        }
        if checksum.is_none() {
            if let Some(kept) = staged.checkpoint(&state.db).await? {
                uploads::set_received(&state.db, id, kept).await?;
            }
        }
    }
    // Unverifiable (checksummed) or too long bodies keep nothing; an interrupted one keeps
    // what arrived intact.
    let keep_nothing = failure.as_ref().is_some_and(|e| checksum.is_some() || e.status() == StatusCode::PAYLOAD_TOO_LARGE);
    if keep_nothing {
        uploads::set_received(&state.db, id, offset).await?;
        return Err(failure.expect("a failure"));
    }
    if checksum.is_some_and(|c| !c.matches()) {
        uploads::set_received(&state.db, id, offset).await?;
        return Err(tus_error(
            StatusCode::from_u16(460).expect("460 is a valid status"),
            "checksum-mismatch",
            "the chunk's checksum does not match; it was discarded",
        ));
    }
    lease.keep_alive().await?;
    let kept = staged.keep(&state.db).await?;
    lease.keep_alive().await?;
    match failure {
        None => Ok(kept),
        Some(e) => {
            uploads::set_received(&state.db, id, kept).await?;
            Err(e)
        }
    }
}

/// Moves a complete upload into the object store and makes it a video with the same id.
///
/// Every step can be repeated, so a crash between two of them is mended by the client's next
/// PATCH: a source already moved is not moved again, a video already made is not made twice.
#[tracing::instrument(skip_all, fields(item = %id))]
async fn complete(state: &AppState, id: UploadId, upload: &UploadRecord, caller: &Caller) -> AppResult<()> {
    let video_id = VideoId(id.0);
    let bytes = staging(state).finish(&state.db, id, upload).await?;
    if crate::db::videos::get(&state.db, video_id).await?.is_some() {
        state.queue.enqueue(&crate::processing::process_video::ProcessVideo::new(video_id)).await?;
        uploads::complete(&state.db, id, video_id).await?;
        return Ok(());
    }
    let finished = finished_upload(state, upload, video_id, bytes, caller.subject())?;
    create_video(state, finished).await?;
    uploads::complete(&state.db, id, video_id).await?;
    Ok(())
}

async fn terminate(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, headers: HeaderMap) -> AppResult<Response> {
    require_version(&headers)?;
    let (id, upload, lease) = load_for_writing(&state, &caller, &id).await?;
    if upload.video_id.is_none() {
        staging(&state).discard(id, &upload).await;
    }
    uploads::delete(&state.db, id).await?;
    lease.release().await?;
    Ok(respond(StatusCode::NO_CONTENT, vec![]))
}

/// Deletes unfinished uploads past their expiry: every minute in `reel serve`, and as the
/// lifecycle's abandoned-uploads rule.
pub async fn sweep_expired(ctx: &Context) -> anyhow::Result<usize> {
    let expired = uploads::expired(&ctx.db).await?;
    let staging = Staging::new(&ctx.config.data_dir, &ctx.store);
    for upload in &expired {
        staging.discard(upload.id, upload).await;
        uploads::delete(&ctx.db, upload.id).await?;
    }
    Ok(expired.len())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let parsed = parse_metadata(&render_metadata(&upload)).unwrap();
        let expected = [("filename", "clip.mp4"), ("title", "Café, «quoted»"), ("visibility", "private")];
        assert_eq!(parsed, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }
}
