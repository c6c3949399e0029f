//! Making an account's avatar: [`ProcessAvatar`] reads the uploaded image with an image
//! demuxer only, makes the small square JPEG Reel serves from it, puts it in as the avatar
//! (removing the one it replaces) and removes the upload. An upload that is not a usable image
//! is recorded as the reason on the account, and the avatar in place stays.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::db::users;
use crate::domain::UserId;
use crate::media::image;
use crate::storage::{StorageError, StorageKey};

use super::scratch::Scratch;
use super::{FailureClass, Job, JobContext, JobError};

/// An avatar upload waiting under `avatars/{user}/upload-{version}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessAvatar {
    /// The account.
    pub user_id: UserId,
    /// Names the upload and the avatar made from it.
    pub version: String,
}

impl Job for ProcessAvatar {
    const NAME: &'static str = "process_avatar";

    fn dedupe_key(&self) -> String {
        format!("process_avatar:{}:{}", self.user_id, self.version)
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let upload = StorageKey::avatar_upload(self.user_id, &self.version);
        let scratch = Scratch::create(&ctx.config.data_dir, format!("avatar-{}", self.user_id)).await.context("making scratch space")?;
        let (input, output) = (scratch.path.join("upload"), scratch.path.join("avatar.jpg"));
        match ctx.store.download_to_file(&upload, &input).await {
            Ok(_) => {}
            // A finished run removed it: nothing is left to do.
            Err(StorageError::NotFound(_)) => return Ok(()),
            Err(e) => return Err(JobError::Retryable(e.into())),
        }
        let info = super::images::read(ctx, &input).await?;
        super::images::convert(ctx, image::avatar_args(&input, &info, &output)).await?;
        ctx.store.put_file(&StorageKey::avatar(self.user_id, &self.version), &output).await.context("storing the avatar")?;
        let replaced = users::set_avatar(&ctx.db, self.user_id, Some(&self.version)).await.context("recording the avatar")?;
        if let Some(old) = replaced.filter(|old| *old != self.version) {
            ctx.store.delete(&StorageKey::avatar(self.user_id, &old)).await.context("removing the old avatar")?;
        }
        ctx.store.delete(&upload).await.context("removing the upload")?;
        tracing::info!(user = %self.user_id, width = info.width, height = info.height, "avatar made");
        Ok(())
    }

    async fn gave_up(&self, ctx: &JobContext, reason: &str, _: FailureClass) {
        // The upload is never served; an unusable one is only kept as the reason.
        let _ = ctx.store.delete(&StorageKey::avatar_upload(self.user_id, &self.version)).await;
        if let Err(e) = users::set_avatar_error(&ctx.db, self.user_id, reason).await {
            tracing::error!(user = %self.user_id, error = %e, "could not record why the avatar was refused");
        }
    }
}
