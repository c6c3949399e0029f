//! Watermarks in the jobs: the job of [`ProcessWatermark`] (which the library queues) makes a channel's logo from its upload, as an
//! avatar is made, and [`for_item`] gets the logo an item's transcode burns in: its channel's
//! own where the site allows channels theirs, else the site's `[watermark] image`, read and
//! made clean in the job's scratch space each time (so a file changed since is checked again).

use std::path::Path;

use anyhow::Context as _;

use reel_base::db::users::{self, Picture};
use reel_base::domain::UserId;
use reel_base::media::watermark::{self, Watermark};
use reel_base::storage::StorageKey;

use crate::library::watermark::ProcessWatermark;
use crate::platform::jobs::{FailureClass, Job, JobError, Lane};
use crate::platform::Context;
use crate::processing::images::{self, PictureKind};

const LOGO: PictureKind = PictureKind {
    picture: Picture::Watermark,
    upload: StorageKey::watermark_upload,
    made: StorageKey::watermark,
    file: "logo.png",
    args: watermark::normalise_args,
    what: "channel logo",
};

impl Job for ProcessWatermark {
    const NAME: &'static str = "process_watermark";
    const LANE: Lane = Lane::Pictures;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.user_id, self.version))
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        images::make(ctx, &LOGO, self.user_id, &self.version).await
    }

    async fn gave_up(&self, ctx: &Context, reason: &str, _: FailureClass) {
        images::refused(ctx, &LOGO, self.user_id, &self.version, reason).await;
    }
}

/// The watermark for an item of `owner`, its PNG put in `scratch`: the channel's own logo (and
/// placement) where `[watermark] channel_logos` allows it and the channel has one, else the
/// site's logo, else none.
pub(crate) async fn for_item(ctx: &Context, owner: Option<UserId>, scratch: &Path) -> Result<Option<Watermark>, JobError> {
    let site = &ctx.config.watermark;
    let image = scratch.join("watermark.png");
    if let Some(owner) = owner.filter(|_| site.channel_logos) {
        let own = users::watermark(&ctx.db, owner).await.context("reading the channel's watermark")?.unwrap_or_default();
        if let Some(version) = &own.watermark_version {
            ctx.store.download_to_file(&StorageKey::watermark(owner, version), &image).await.context("fetching the channel's logo")?;
            let placement = crate::library::watermark::own_placement(&own).unwrap_or(site.placement());
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
    let info = images::read(ctx, source).await.map_err(refused)?;
    images::convert(ctx, watermark::normalise_args(source, &info, &image)).await.map_err(refused)?;
    Ok(Some(Watermark { image, placement: site.placement() }))
}
