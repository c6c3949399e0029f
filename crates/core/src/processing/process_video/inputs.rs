//! What a run takes besides the source: the content key when segments are encrypted, and the
//! logo its rungs carry.

use anyhow::Context as _;

use crate::delivery::content_key::{ContentKey, MasterKeys};
use crate::library::item;
use crate::platform::jobs::JobError;
use crate::platform::Context;
use reel_base::config::Encryption;
use reel_base::db::videos;
use reel_base::domain::VideoId;
use reel_base::media::watermark::Watermark;

/// The content key when `packaging.encryption` asks for one.
pub(super) async fn configured_key(ctx: &Context, id: VideoId) -> Result<Option<ContentKey>, JobError> {
    Ok(match ctx.config.packaging.encryption {
        Encryption::None => None,
        Encryption::Aes128 => Some(content_key_of(ctx, id).await?),
    })
}

/// The video's content key: the one stored by an earlier run if there is one (segments a
/// player already fetched stay decryptable with the key it holds), else a new one.
pub(super) async fn content_key_of(ctx: &Context, id: VideoId) -> Result<ContentKey, JobError> {
    let master = MasterKeys::from_config(&ctx.config).context("loading the master key")?;
    let candidate = master.wrap(id, &ContentKey::generate());
    let stored = item::content_key_or_insert(ctx, id, &candidate)
        .await
        .context("storing the content key")?
        .ok_or_else(|| anyhow::anyhow!("the video was deleted while processing started"))?;
    Ok(master.unwrap(id, &stored).context("opening the video's content key")?)
}

/// The logo the item's rungs carry today (its channel's or the site's), ready in `scratch`.
pub(super) async fn watermark(ctx: &Context, id: VideoId, scratch: &std::path::Path) -> Result<Option<Watermark>, JobError> {
    let owner = videos::get(&ctx.db, id).await.context("reading the video")?.and_then(|v| v.created_by);
    crate::processing::watermark::for_item(ctx, owner, scratch).await
}
