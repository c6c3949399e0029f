//! Watermarks in the jobs: [`ProcessWatermark`] makes a channel's logo from its upload, as an
//! avatar is made, and [`for_item`] gets the logo an item's transcode burns in: its channel's
//! own where the site allows channels theirs, else the site's `[watermark] image`, read and
//! made clean in the job's scratch space each time (so a file changed since is checked again).

use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::db::users;
use crate::domain::UserId;
use crate::media::watermark::{self, Placement, Watermark};
use crate::storage::{StorageError, StorageKey};

use super::scratch::Scratch;
use super::{FailureClass, Job, JobContext, JobError};

/// A channel's logo upload waiting under `watermarks/{user}/upload-{version}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessWatermark {
    /// The channel's account.
    pub user_id: UserId,
    /// Names the upload and the logo made from it.
    pub version: String,
}

impl Job for ProcessWatermark {
    const NAME: &'static str = "process_watermark";

    fn dedupe_key(&self) -> String {
        format!("process_watermark:{}:{}", self.user_id, self.version)
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let upload = StorageKey::watermark_upload(self.user_id, &self.version);
        let scratch = Scratch::create(&ctx.config.data_dir, format!("logo-{}", self.user_id)).await.context("making scratch space")?;
        let (input, output) = (scratch.path.join("upload"), scratch.path.join("logo.png"));
        match ctx.store.download_to_file(&upload, &input).await {
            Ok(_) => {}
            // A finished run removed it: nothing is left to do.
            Err(StorageError::NotFound(_)) => return Ok(()),
            Err(e) => return Err(JobError::Retryable(e.into())),
        }
        let info = super::images::read(ctx, &input).await?;
        super::images::convert(ctx, watermark::normalise_args(&input, &info, &output)).await?;
        ctx.store.put_file(&StorageKey::watermark(self.user_id, &self.version), &output).await.context("storing the logo")?;
        let replaced = users::set_watermark(&ctx.db, self.user_id, Some(&self.version)).await.context("recording the logo")?;
        if let Some(old) = replaced.filter(|old| *old != self.version) {
            ctx.store.delete(&StorageKey::watermark(self.user_id, &old)).await.context("removing the old logo")?;
        }
        ctx.store.delete(&upload).await.context("removing the upload")?;
        tracing::info!(user = %self.user_id, width = info.width, height = info.height, "channel logo made");
        Ok(())
    }

    async fn gave_up(&self, ctx: &JobContext, reason: &str, _: FailureClass) {
        // The upload is never used; an unusable one is only kept as the reason.
        let _ = ctx.store.delete(&StorageKey::watermark_upload(self.user_id, &self.version)).await;
        if let Err(e) = users::set_watermark_error(&ctx.db, self.user_id, reason).await {
            tracing::error!(user = %self.user_id, error = %e, "could not record why the logo was refused");
        }
    }
}

/// The watermark for an item of `owner`, its PNG put in `scratch`: the channel's own logo (and
/// placement) where `[watermark] channel_logos` allows it and the channel has one, else the
/// site's logo, else none.
pub(crate) async fn for_item(ctx: &JobContext, owner: Option<UserId>, scratch: &Path) -> Result<Option<Watermark>, JobError> {
    let site = &ctx.config.watermark;
    let image = scratch.join("watermark.png");
    if let Some(owner) = owner.filter(|_| site.channel_logos) {
        let own = users::watermark(&ctx.db, owner).await.context("reading the channel's watermark")?.unwrap_or_default();
        if let Some(version) = own.watermark_version {
            ctx.store.download_to_file(&StorageKey::watermark(owner, &version), &image).await.context("fetching the channel's logo")?;
            // Stored by Reel from a checked value; one that no longer reads is the site's.
            let placement = own.watermark_placement.and_then(|p| serde_json::from_str::<Placement>(&p).ok()).unwrap_or(site.placement());
            return Ok(Some(Watermark { image, placement }));
        }
    }
    if site.image.is_empty() {
        return Ok(None);
    }
    let refused = |e: JobError| match e {
        JobError::Permanent(reason) => JobError::Permanent(format!("the site's watermark ([watermark] image) cannot be used: {reason}")),
        other => other,
    };
    let source = Path::new(&site.image);
    let info = super::images::read(ctx, source).await.map_err(refused)?;
    super::images::convert(ctx, watermark::normalise_args(source, &info, &image)).await.map_err(refused)?;
    Ok(Some(Watermark { image, placement: site.placement() }))
}
