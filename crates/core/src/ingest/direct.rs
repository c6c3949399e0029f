//! Uploads straight to the bucket, for large files on an S3 store: the API starts an S3
//! multipart upload and hands out presigned part URLs; the client PUTs the parts to the bucket
//! (Reel never sees the bytes) and then asks Reel to complete it, which makes the video and
//! queues its processing exactly as the other upload routes do.
//!
//! `POST /api/v1/uploads/direct` `{"filename", "size", "title"?, "description"?, "visibility"?}`
//! → 201 `{"id", "part_size", "parts": [{"number", "url"}], "expires_at"}`;
//! `POST /api/v1/uploads/direct/{id}/complete` `{"parts": [{"number", "etag"}]}` → 201 `{"id", "status"}`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::uploads::{self, NewUpload};
use reel_base::domain::{rfc3339, UploadId, VideoId};
use reel_base::storage::{StorageKey, PART_SIZE};

use super::{create_video, finished_upload, load_upload, require_uploader, Announced, UploadKind};

/// How long the part URLs (and the upload) stay good.
const LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// S3 allows at most this many parts, each at least 5 MiB (but the last).
const MAX_PARTS: u64 = 10_000;

/// Body of `POST /api/v1/uploads/direct`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Start {
    filename: String,
    size: u64,
    title: Option<String>,
    description: Option<String>,
    visibility: Option<String>,
}

/// Where to send each part.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartUrl {
    number: u32,
    url: String,
}

/// The answer to a start: the video id to come and the part URLs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Started {
    id: VideoId,
    part_size: u64,
    parts: Vec<PartUrl>,
    expires_at: String,
}

/// Part size for a file: 8 MiB, or larger so that no file needs more than 10 000 parts.
fn part_size(size: u64) -> u64 {
    size.div_ceil(MAX_PARTS).max(PART_SIZE as u64)
}

/// How many parts a file of `size` bytes is sent in.
fn part_count(size: u64) -> u64 {
    size.div_ceil(part_size(size))
}

/// Starts an upload straight to the bucket (`POST /api/v1/uploads/direct`).
pub async fn start(ctx: &Context, caller: &Caller, body: Start) -> problem::Result<Started> {
    require_uploader(ctx, caller).await?;
    if !ctx.store.direct_uploads() {
        return Err(Problem::conflict(
            "direct-uploads-unavailable",
            "uploads straight to the bucket need an S3 store with an access key; use /api/v1/uploads (tus)",
        ));
    }
    let limit = ctx.config.server.max_upload_bytes;
    if body.size > limit {
        return Err(Problem::too_large(limit));
    }
    if body.size == 0 {
        return Err(Problem::bad_request("empty-upload", "the file is empty"));
    }
    let announced =
        Announced::parse(ctx, Some(&body.filename), body.title.as_deref(), body.description.as_deref(), body.visibility.as_deref())?;

    let id = UploadId::new();
    let key = StorageKey::source(VideoId(id.0));
    let upload_id = ctx.store.start_multipart(&key).await?;
    let expires_at = ctx.clock().now_ms() + i64::try_from(LIFETIME.as_millis()).unwrap_or(i64::MAX / 2);
    let new = NewUpload { direct_upload_id: Some(&upload_id), ..announced.new_upload(id, body.size, caller.subject(), expires_at) };
    uploads::insert(&ctx.db, &new).await?;
    let part_size = part_size(body.size);
    let count = u32::try_from(part_count(body.size)).unwrap_or(u32::MAX);
    let parts = (1..=count)
        .map(|number| {
            let url = ctx.store.direct_part_url(&key, &upload_id, number, LIFETIME).expect("the store makes direct uploads");
            PartUrl { number, url }
        })
        .collect();
    Ok(Started { id: VideoId(id.0), part_size, parts, expires_at: rfc3339(expires_at) })
}

/// One uploaded part, as the bucket acknowledged it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DonePart {
    #[schema(minimum = 1, maximum = 10000)]
    number: u32,
    etag: String,
}

/// Body of `POST /api/v1/uploads/direct/{id}/complete`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Complete {
    parts: Vec<DonePart>,
}

/// What completing a direct upload did.
pub enum Completed {
    /// The parts were assembled and the item made.
    Made(VideoId),
    /// It had been completed before: the item it made.
    Before(VideoId),
}

/// Assembles a direct upload's parts, checks the size, and makes the item
/// (`POST /api/v1/uploads/direct/{id}/complete`).
#[tracing::instrument(skip_all, fields(upload = %id))]
pub async fn complete(ctx: &Context, caller: &Caller, id: &str, body: Complete) -> problem::Result<Completed> {
    caller.require(crate::auth::Scope::Upload)?;
    let (upload_id, upload) = load_upload(ctx, caller, id, UploadKind::Direct).await?;
    let multipart = upload.direct_upload_id.clone().expect("a direct upload has its multipart upload");
    let video_id = VideoId(upload_id.0);
    if upload.video_id.is_some() {
        return Ok(Completed::Before(video_id));
    }
    let expected = part_count(u64::try_from(upload.length).unwrap_or(0));
    let in_order = body.parts.iter().enumerate().all(|(i, p)| p.number as usize == i + 1);
    if body.parts.len() as u64 != expected || !in_order || body.parts.iter().any(|p| p.etag.is_empty() || p.etag.len() > 200) {
        return Err(Problem::bad_request(
            "invalid-parts",
            format!("send the ETag of each of the {expected} parts, numbered from 1, in order"),
        ));
    }
    let key = StorageKey::source(video_id);
    ctx.store.complete_multipart(&key, &multipart, body.parts.into_iter().map(|p| p.etag).collect()).await.map_err(|e| {
        tracing::warn!(error = %e, "could not complete a direct upload");
        Problem::bad_request("incomplete-upload", "the bucket could not assemble the parts; upload every part, then complete again")
    })?;
    let stored = ctx.store.head(&key).await?.size;
    if stored != u64::try_from(upload.length).unwrap_or(0) {
        ctx.store.delete(&key).await?;
        return Err(Problem::bad_request("size-mismatch", format!("{stored} bytes arrived, {} were announced", upload.length)));
    }
    let finished = finished_upload(ctx, &upload, video_id, stored, caller.subject())?;
    create_video(ctx, finished).await?;
    uploads::complete(&ctx.db, upload_id, video_id).await?;
    Ok(Completed::Made(video_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_at_least_8_mib_and_never_more_than_ten_thousand() {
        assert_eq!(part_size(1), 8 << 20);
        assert_eq!(part_size(80 << 20), 8 << 20);
        let huge = 200u64 << 30;
        assert!(part_count(huge) <= MAX_PARTS);
    }
}
