//! Resumable uploads, what the tus 1.0 routes (`http/api/videos/tus.rs`) speak for: an upload is made
//! with its length and metadata, appended to at its offset by one request at a time (a lease
//! held in the database, so across processes too), checked against the client's checksum when
//! it sends one, made an item once complete, ended by its owner, and swept once expired.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{Stream, StreamExt};
use http::StatusCode;
use sha1::Digest;

use crate::auth::Caller;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::uploads::{self, NewUpload, UploadRecord};
use reel_base::db::Db;
use reel_base::domain::{UploadId, VideoId};

use super::{create_video, finished_upload, Announced};
use crate::platform::staging::Staging;

/// Longest `Upload-Metadata` read, before decoding.
const MAX_METADATA: usize = 16 << 10;

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
    /// When a lease taken now ends, by the database's clock (which the claim compares with).
    fn until(db: &Db) -> i64 {
        db.clock().now_ms() + LEASE.as_millis() as i64
    }

    /// Takes the upload's lease; returns it with the upload as it stands now.
    async fn take(db: &Db, id: UploadId) -> problem::Result<(Self, UploadRecord)> {
        let writer = uuid::Uuid::new_v4().simple().to_string();
        let upload = uploads::claim_writer(db, id, &writer, Self::until(db)).await?.ok_or_else(busy)?;
        Ok((Self { db: db.clone(), id, writer, renewed: Instant::now(), held: true }, upload))
    }

    /// Renews the lease once a third of it has gone by, so it never runs out while the request
    /// is still writing; an error if another request has taken the upload meanwhile.
    async fn keep_alive(&mut self) -> problem::Result<()> {
        if self.renewed.elapsed() >= LEASE / 3 {
            uploads::claim_writer(&self.db, self.id, &self.writer, Self::until(&self.db)).await?.ok_or_else(busy)?;
            self.renewed = Instant::now();
        }
        Ok(())
    }

    /// Gives the upload back before the answer goes out, so the client's next request finds
    /// it free.
    async fn release(mut self) -> problem::Result<()> {
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

fn busy() -> Problem {
    // A client's cue to try again soon: the holder ends its request, or its lease runs out.
    Problem::new(StatusCode::LOCKED, "upload-busy", "another request is writing to this upload").retry_in(2)
}

fn staging(ctx: &Context) -> Staging {
    Staging::new(&ctx.config.data_dir, &ctx.store)
}

/// Makes an upload of `length` bytes for `caller`, named by the tus `metadata` text; returns
/// it as stored.
pub async fn create(ctx: &Context, caller: &Caller, length: Option<u64>, metadata: &str) -> problem::Result<UploadRecord> {
    super::require_uploader(ctx, caller).await?;
    let length =
        length.ok_or_else(|| Problem::bad_request("upload-length", "Upload-Length is required (deferred length is not supported)"))?;
    let limit = ctx.config.server.max_upload_bytes;
    if length > limit {
        return Err(Problem::too_large(limit));
    }
    if length == 0 {
        return Err(Problem::bad_request("empty-upload", "the file is empty"));
    }
    if metadata.len() > MAX_METADATA {
        return Err(Problem::bad_request("invalid-metadata", "Upload-Metadata is too long"));
    }
    let metadata = super::tus_headers::parse_metadata(metadata).map_err(|e| Problem::bad_request("invalid-metadata", e.to_string()))?;
    let get = |k: &str| metadata.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let announced = Announced::parse(ctx, get("filename").or_else(|| get("name")), get("title"), get("description"), get("visibility"))?;

    let id = UploadId::new();
    let staging_id = staging(ctx).create(id).await?;
    let expires_at = ctx.clock().now_ms() + i64::try_from(ctx.config.server.upload_expiry_secs * 1000).unwrap_or(i64::MAX / 2);
    let new = NewUpload { staging_id: staging_id.as_deref(), ..announced.new_upload(id, length, caller.subject(), expires_at) };
    uploads::insert(&ctx.db, &new).await?;
    uploads::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("upload"))
}

/// An upload `caller` owns, as it stands.
#[tracing::instrument(skip_all, fields(upload = %id))]
pub async fn status(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<UploadRecord> {
    Ok(super::load_upload(ctx, caller, id, super::UploadKind::Resumable).await?.1)
}

/// Loads an upload the caller may write to, holding its write lease: writing to an upload is
/// uploading, so a read-only token or a demoted account may not, and only one request writes
/// at a time. The upload is the one the lease's claim read, since another request may have
/// written to it just before.
async fn load_for_writing(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<(UploadId, UploadRecord, WriteLease)> {
    caller.require(crate::auth::Scope::Upload)?;
    let (id, _) = super::load_upload(ctx, caller, id, super::UploadKind::Resumable).await?;
    let (lease, upload) = WriteLease::take(&ctx.db, id).await?;
    Ok((id, upload, lease))
}

/// The algorithms a client may send a chunk's checksum in.
pub const CHECKSUMS: &str = "sha1,sha256";

/// A checksum being computed over one append, against the one the client sent.
enum Checksum {
    Sha1(sha1::Sha1, Vec<u8>),
    Sha256(sha2::Sha256, Vec<u8>),
}

impl Checksum {
    /// Reads an `Upload-Checksum` value (`sha1 <base64>`), `None` when there is none.
    fn parse(value: Option<&str>) -> problem::Result<Option<Self>> {
        use super::tus_headers::{ChecksumAlgorithm, HeaderError};
        let Some(value) = value else { return Ok(None) };
        match super::tus_headers::parse_checksum(value) {
            Ok((ChecksumAlgorithm::Sha1, expected)) => Ok(Some(Self::Sha1(sha1::Sha1::new(), expected))),
            Ok((ChecksumAlgorithm::Sha256, expected)) => Ok(Some(Self::Sha256(sha2::Sha256::new(), expected))),
            Err(HeaderError::ChecksumAlgorithm) => {
                Err(Problem::bad_request("checksum-algorithm", format!("unsupported checksum algorithm; use one of {CHECKSUMS}")))
            }
            Err(e) => Err(Problem::bad_request("checksum", e.to_string())),
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

/// Why a body stopped before its end.
#[derive(Debug)]
pub enum BodyError {
    /// The client sent nothing for the edge's idle time (the reason, for the answer).
    Idle(String),
    /// The connection broke.
    Broken(String),
}

/// Appends `body` to an upload at `offset` (which must be its offset now), checked against
/// `checksum` (an `Upload-Checksum` value) when there is one, and makes the item once the
/// upload is complete; returns the upload as it stands after. One request at a time: while
/// another one writes, this one is refused with 423.
#[tracing::instrument(skip_all, fields(upload = %id))]
pub async fn append(
    ctx: &Context,
    caller: &Caller,
    id: &str,
    offset: Option<u64>,
    checksum: Option<&str>,
    body: impl Stream<Item = Result<Bytes, BodyError>> + Unpin,
) -> problem::Result<UploadRecord> {
    let (id, upload, mut lease) = load_for_writing(ctx, caller, id).await?;
    let result = append_holding(ctx, caller, id, upload, offset, checksum, body, &mut lease).await;
    // The answer is the append's own; a lease that cannot be given back (the database away)
    // runs out on its own.
    if let Err(e) = lease.release().await {
        tracing::warn!(upload = %id, error = %e, "could not give back an upload's write lease");
    }
    result
}

/// The append itself, once its request holds the upload's write lease.
#[allow(clippy::too_many_arguments)]
async fn append_holding(
    ctx: &Context,
    caller: &Caller,
    id: UploadId,
    upload: UploadRecord,
    offset: Option<u64>,
    checksum: Option<&str>,
    body: impl Stream<Item = Result<Bytes, BodyError>> + Unpin,
    lease: &mut WriteLease,
) -> problem::Result<UploadRecord> {
    let offset = offset.ok_or_else(|| Problem::bad_request("upload-offset", "Upload-Offset is required"))?;
    let (received, length) = (upload.received as u64, upload.length as u64);
    if offset != received {
        return Err(Problem::conflict("offset-mismatch", format!("the upload is at offset {received}, not {offset}")));
    }
    let checksum = Checksum::parse(checksum)?;
    if upload.video_id.is_none() && received < length {
        let kept = write_chunk(ctx, id, &upload, body, checksum, lease).await?;
        uploads::set_received(&ctx.db, id, kept).await?;
    }
    let upload = uploads::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("upload"))?;
    if upload.received == upload.length && upload.video_id.is_none() {
        complete(ctx, id, &upload, caller).await?;
    }
    uploads::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("upload"))
}

/// Appends a body at the upload's offset; returns the offset now kept. Without a
/// checksum, bytes that arrived before an interruption are kept; with one, nothing is kept
/// until it matches.
async fn write_chunk(
    ctx: &Context,
    id: UploadId,
    upload: &UploadRecord,
    mut body: impl Stream<Item = Result<Bytes, BodyError>> + Unpin,
    mut checksum: Option<Checksum>,
    lease: &mut WriteLease,
) -> problem::Result<u64> {
    let (offset, length) = (upload.received as u64, upload.length as u64);
    let mut staged = staging(ctx).open(id, upload).await?;
    let mut failure = None;
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                failure = Some(match e {
                    BodyError::Idle(idle) => {
                        Problem::new(StatusCode::REQUEST_TIMEOUT, "body-timeout", format!("the upload stopped: {idle}"))
                    }
                    BodyError::Broken(e) => Problem::bad_request("interrupted", format!("the upload was interrupted: {e}")),
                });
                break;
            }
        };
        if staged.at() + chunk.len() as u64 > length {
            failure = Some(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "beyond-length", "the body goes past Upload-Length"));
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
            if let Some(kept) = staged.checkpoint(&ctx.db).await? {
                uploads::set_received(&ctx.db, id, kept).await?;
            }
        }
    }
    // Unverifiable (checksummed) or too long bodies keep nothing; an interrupted one keeps
    // what arrived intact.
    let keep_nothing = failure.as_ref().is_some_and(|e| checksum.is_some() || e.status() == StatusCode::PAYLOAD_TOO_LARGE);
    if keep_nothing {
        uploads::set_received(&ctx.db, id, offset).await?;
        return Err(failure.expect("a failure"));
    }
    if checksum.is_some_and(|c| !c.matches()) {
        uploads::set_received(&ctx.db, id, offset).await?;
        return Err(Problem::new(
            StatusCode::from_u16(460).expect("460 is a valid status"),
            "checksum-mismatch",
            "the chunk's checksum does not match; it was discarded",
        ));
    }
    lease.keep_alive().await?;
    let kept = staged.keep(&ctx.db).await?;
    lease.keep_alive().await?;
    match failure {
        None => Ok(kept),
        Some(e) => {
            uploads::set_received(&ctx.db, id, kept).await?;
            Err(e)
        }
    }
}

/// Moves a complete upload into the object store and makes it a video with the same id.
///
/// Every step can be repeated, so a crash between two of them is mended by the client's next
/// PATCH: a source already moved is not moved again, a video already made is not made twice.
#[tracing::instrument(skip_all, fields(item = %id))]
async fn complete(ctx: &Context, id: UploadId, upload: &UploadRecord, caller: &Caller) -> problem::Result<()> {
    let video_id = VideoId(id.0);
    let bytes = staging(ctx).finish(&ctx.db, id, upload).await?;
    if reel_base::db::videos::get(&ctx.db, video_id).await?.is_some() {
        ctx.queue.enqueue(&crate::processing::process_video::ProcessVideo::new(video_id)).await?;
        uploads::complete(&ctx.db, id, video_id).await?;
        return Ok(());
    }
    let finished = finished_upload(ctx, upload, video_id, bytes, caller.subject())?;
    create_video(ctx, finished).await?;
    uploads::complete(&ctx.db, id, video_id).await?;
    Ok(())
}

/// Ends an upload before it is complete, discarding what it received.
#[tracing::instrument(skip_all, fields(upload = %id))]
pub async fn terminate(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let (id, upload, lease) = load_for_writing(ctx, caller, id).await?;
    if upload.video_id.is_none() {
        staging(ctx).discard(id, &upload).await;
    }
    uploads::delete(&ctx.db, id).await?;
    lease.release().await?;
    Ok(())
}
