//! Ingest: multipart, resumable (what the tus routes speak for) and direct-to-store uploads,
//! all ending in the same step — the source is stored, the item is created, processing is
//! queued.

pub mod direct;
pub mod multipart;
pub mod resumable;
pub mod tus_headers;

use crate::auth::{Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use crate::processing::process_video::ProcessVideo;
use reel_base::db::uploads::{NewUpload, UploadRecord};
use reel_base::db::videos::NewVideo;
use reel_base::domain::{UploadId, UserId, VideoDescription, VideoId, VideoTitle, Visibility};

/// A stored source on its way to becoming a video.
pub struct Finished<'a> {
    /// The video id (the source is already at `sources/{id}/original`).
    pub id: VideoId,
    /// Title.
    pub title: VideoTitle,
    /// Description.
    pub description: VideoDescription,
    /// Original file name.
    pub filename: Option<&'a str>,
    /// Size of the source.
    pub bytes: u64,
    /// Who uploaded it (the owner).
    pub created_by: UserId,
    /// Who may watch it.
    pub visibility: Visibility,
}

/// Refuses callers that may not upload (viewers, read-only tokens), and uploads beyond the
/// account's hourly quota.
pub async fn require_uploader(ctx: &Context, caller: &Caller) -> problem::Result<()> {
    caller.require(Scope::Upload)?;
    let quota = crate::platform::ratelimit::upload_quota(&ctx.config.rate_limit);
    ctx.shared.check_rate(&format!("upload:{}", caller.subject()), quota).await?;
    Ok(())
}

/// What an upload that arrives over several requests (tus, straight to the bucket) announces
/// about the video it will become, checked when it starts: bad text is refused before
/// gigabytes arrive.
pub struct Announced {
    filename: Option<String>,
    title: Option<VideoTitle>,
    description: Option<VideoDescription>,
    visibility: Visibility,
}

impl Announced {
    /// Checks the announced file name (folders dropped), title, description and visibility.
    pub fn parse(
        ctx: &Context,
        filename: Option<&str>,
        title: Option<&str>,
        description: Option<&str>,
        visibility: Option<&str>,
    ) -> problem::Result<Self> {
        Ok(Self {
            filename: filename.and_then(clean_filename),
            title: title.map(str::trim).filter(|t| !t.is_empty()).map(VideoTitle::parse).transpose()?,
            description: description.map(VideoDescription::parse).transpose()?,
            visibility: crate::library::videos::parse_visibility(visibility, ctx.config.auth.allow_public_videos)?,
        })
    }

    /// The row recording a new upload of `length` bytes by `owner`, expiring at `expires_at` (ms).
    pub fn new_upload(&self, id: UploadId, length: u64, owner: UserId, expires_at: i64) -> NewUpload<'_> {
        NewUpload {
            id,
            length,
            filename: self.filename.as_deref(),
            title: self.title.as_ref().map(VideoTitle::as_str),
            description: self.description.as_ref().map(VideoDescription::as_str),
            created_by: Some(owner),
            visibility: self.visibility.as_str(),
            expires_at,
            staging_id: None,
            direct_upload_id: None,
        }
    }
}

/// How an upload's bytes arrive: through Reel (tus) or straight to the bucket. The two kinds
/// share a table, but neither's routes see the other's uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// tus, through an API process.
    Resumable,
    /// Parts PUT to presigned URLs.
    Direct,
}

/// Loads an upload of `kind` that the caller owns (someone else's is simply not there); an
/// unfinished one past its expiry is 410.
pub async fn load_upload(ctx: &Context, caller: &Caller, id: &str, kind: UploadKind) -> problem::Result<(UploadId, UploadRecord)> {
    let id: UploadId = id.parse().map_err(|_| Problem::not_found("upload"))?;
    let upload = reel_base::db::uploads::get(&ctx.db, id)
        .await?
        .filter(|u| u.created_by == Some(caller.subject()))
        .filter(|u| u.direct_upload_id.is_some() == (kind == UploadKind::Direct))
        .ok_or_else(|| Problem::not_found("upload"))?;
    if upload.video_id.is_none() && upload.expires_at < ctx.clock().now_ms() {
        return Err(Problem::new(http::StatusCode::GONE, "upload-expired", "the upload has expired"));
    }
    Ok((id, upload))
}

/// The video a complete upload of `bytes` becomes, from its row as it stands now (edits made
/// while it was uploading included); the title falls back to the file name's.
pub fn finished_upload<'a>(
    ctx: &Context,
    upload: &'a UploadRecord,
    id: VideoId,
    bytes: u64,
    owner: UserId,
) -> problem::Result<Finished<'a>> {
    let title = match upload.title.as_deref() {
        Some(t) => VideoTitle::parse(t)?,
        None => VideoTitle::from_filename(upload.filename.as_deref().unwrap_or("")),
    };
    Ok(Finished {
        id,
        title,
        description: VideoDescription::parse(upload.description.as_deref().unwrap_or(""))?,
        filename: upload.filename.as_deref(),
        bytes,
        created_by: owner,
        visibility: crate::library::videos::parse_visibility(upload.visibility.as_deref(), ctx.config.auth.allow_public_videos)?,
    })
}

/// Creates the video (status `uploaded`) and queues its processing.
#[tracing::instrument(skip_all, fields(item = %f.id))]
pub async fn create_video(ctx: &Context, f: Finished<'_>) -> problem::Result<()> {
    let new = NewVideo {
        id: f.id,
        title: &f.title,
        description: &f.description,
        source_filename: f.filename,
        source_bytes: f.bytes,
        created_by: Some(f.created_by),
        visibility: f.visibility,
    };
    crate::library::item::create(ctx, &new, ctx.queue.row(&ProcessVideo::new(f.id))).await?;
    // The video and its job are stored: a wake-up that fails only delays the start to the
    // next poll, and must not tell the client its upload failed.
    if let Err(e) = ctx.queue.wake().await {
        tracing::warn!(error = %e, "could not wake the workers; they will find the job at their next poll");
    }
    metrics::counter!("reel_uploads_total").increment(1);
    metrics::counter!("reel_upload_bytes_total").increment(f.bytes);
    tracing::info!(bytes = f.bytes, "video uploaded");
    Ok(())
}

/// Keeps only a plain file name (no folders, no control characters, bounded).
pub fn clean_filename(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !reel_base::domain::text::breaks_a_line(*c)).take(255).collect();
    (!cleaned.trim().is_empty()).then(|| cleaned.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_filename("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(clean_filename("C:\\clips\\a\u{7}.mp4").as_deref(), Some("a.mp4"));
        assert_eq!(clean_filename("  "), None);
    }
}
