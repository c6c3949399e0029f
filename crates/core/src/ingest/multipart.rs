//! An upload sent as a form (`POST /api/v1/videos`), as its parts arrive: the file streamed
//! straight into the object store (never whole in memory, the size limit enforced as bytes
//! arrive), the text fields kept, and the item made once the form has ended.

use bytes::Bytes;
use futures::{Stream, StreamExt};

use crate::auth::Caller;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::domain::{VideoDescription, VideoId, VideoTitle};
use reel_base::storage::StorageKey;

use super::{clean_filename, create_video, Finished};

/// Longest text field (title, description) read from the form.
pub const MAX_TEXT_FIELD: usize = 64 << 10;

/// A form upload under way. Ends in [`FormUpload::finish`], or [`FormUpload::abandon`] when
/// the form could not be read, either of which removes a stored file that made no item.
pub struct FormUpload<'a> {
    ctx: &'a Context,
    caller: &'a Caller,
    id: VideoId,
    stored: Option<u64>,
    filename: Option<String>,
    title: Option<String>,
    description: Option<String>,
    visibility: Option<String>,
}

impl<'a> FormUpload<'a> {
    /// Starts an upload for `caller`, refused at once when the form's declared length is past
    /// what a file and its text fields may take.
    pub async fn begin(ctx: &'a Context, caller: &'a Caller, declared: Option<u64>) -> problem::Result<Self> {
        super::require_uploader(ctx, caller).await?;
        let limit = ctx.config.server.max_upload_bytes;
        if declared.is_some_and(|n| n > limit.saturating_add(MAX_TEXT_FIELD as u64 * 2)) {
            return Err(Problem::too_large(limit));
        }
        let upload =
            Self { ctx, caller, id: VideoId::new(), stored: None, filename: None, title: None, description: None, visibility: None };
        Ok(upload)
    }

    /// Whether a file part is still wanted: the first one is stored, any other is skipped.
    pub fn wants_file(&self) -> bool {
        self.stored.is_none()
    }

    /// Streams the file part, sent as `filename`, into the store.
    pub async fn file(
        &mut self,
        filename: Option<&str>,
        mut chunks: impl Stream<Item = problem::Result<Bytes>> + Unpin,
    ) -> problem::Result<()> {
        self.filename = filename.and_then(clean_filename);
        let limit = self.ctx.config.server.max_upload_bytes;
        let mut writer = self.ctx.store.writer(&StorageKey::source(self.id)).await?;
        while let Some(chunk) = chunks.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    writer.abort().await;
                    return Err(e);
                }
            };
            if writer.written() + chunk.len() as u64 > limit {
                writer.abort().await;
                return Err(Problem::too_large(limit));
            }
            writer.write(&chunk).await?;
        }
        self.stored = Some(writer.finish().await?);
        Ok(())
    }

    /// Keeps a text field: `title`, `description` or `visibility` (others are not ours).
    pub fn text(&mut self, name: &str, value: String) {
        match name {
            "title" => self.title = Some(value),
            "description" => self.description = Some(value),
            "visibility" => self.visibility = Some(value),
            _ => {}
        }
    }

    /// Makes the item from what the form sent, and queues it.
    pub async fn finish(self) -> problem::Result<VideoId> {
        let Some(bytes) = self.stored else {
            return Err(Problem::bad_request("missing-file", "the form has no `file` part"));
        };
        let title = match self.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => VideoTitle::parse(t),
            None => Ok(VideoTitle::from_filename(self.filename.as_deref().unwrap_or(""))),
        };
        let description = VideoDescription::parse(self.description.as_deref().unwrap_or(""));
        let (title, description) = match (title, description) {
            (Ok(t), Ok(d)) => (t, d),
            (Err(e), _) | (_, Err(e)) => return Err(self.abandon(e.into()).await),
        };
        let visibility =
            match crate::library::videos::parse_visibility(self.visibility.as_deref(), self.ctx.config.auth.allow_public_videos) {
                Ok(v) => v,
                Err(e) => return Err(self.abandon(e).await),
            };
        let finished = Finished {
            id: self.id,
            title,
            description,
            filename: self.filename.as_deref(),
            bytes,
            created_by: self.caller.subject(),
            visibility,
        };
        if let Err(e) = create_video(self.ctx, finished).await {
            return Err(self.abandon(e).await);
        }
        Ok(self.id)
    }

    /// Gives up on the upload for `why`, removing its stored file; returns `why`.
    pub async fn abandon(self, why: Problem) -> Problem {
        if self.stored.is_some() {
            let _ = self.ctx.store.delete(&StorageKey::source(self.id)).await;
        }
        why
    }
}
