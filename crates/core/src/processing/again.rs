//! An item processed again at a person's asking: "try again" after its processing failed, and
//! a ready item transcoded again from its original with today's settings.

use crate::auth::{Caller, Scope};
use crate::library::videos::managed;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::domain::VideoId;
use reel_base::i18n::Said;

/// Processes a failed item again from its original (its owner or an admin, with the upload
/// scope; audited): the "try again" of a creator told their item failed. `not-failed` (409)
/// for an item in any other state.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn try_again(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require(Scope::Upload)?;
    let video = managed(ctx, caller, id).await?;
    if video.status != reel_base::domain::VideoStatus::Failed {
        return Err(Problem::conflict("not-failed", "only an item whose processing failed can be tried again"));
    }
    if !super::process_video::try_again(ctx, video.id).await? {
        return Err(Problem::conflict("not-failed", "only an item whose processing failed can be tried again"));
    }
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), "video.retried", Some(&video.id.to_string()), None, None).await?;
    Ok(())
}

/// What a request to transcode an item again answers.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Reprocess {
    /// The item.
    pub id: VideoId,
    /// The generation the job makes; the item's renditions carry it once it is done.
    pub generation: u32,
}

/// Queues a ready item's transcode from its original with today's settings (its owner or an
/// admin, with the upload scope; audited). It keeps playing the old renditions until the new
/// ones are swapped in. Refused with `original-removed` once a lifecycle rule removed the
/// original, and `not-ready` for an item that is not ready.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn reprocess(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<Reprocess> {
    caller.require(Scope::Upload)?;
    let video = managed(ctx, caller, id).await?;
    if video.status != reel_base::domain::VideoStatus::Ready {
        let status = video.status.as_str();
        return Err(Problem::conflict("not-ready", format!("only a ready item can be transcoded again; this one is {status}")));
    }
    if let Some((_, Some(at))) = reel_base::db::storage::lifecycle_marks(&ctx.db, video.id).await? {
        let when = reel_base::domain::rfc3339(at);
        let message =
            format!("the original file was removed by the storage lifecycle rule on {when}; this item cannot be transcoded again");
        return Err(Problem::conflict("original-removed", message));
    }
    let current = reel_base::db::videos::package(&ctx.db, video.id).await?.map_or(0, |p| p.generation);
    let generation = super::process_video::reprocess::request(&ctx.queue, video.id, current).await?;
    let detail = Said::new("audit-generation").arg("generation", generation);
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), "video.reprocess_requested", Some(id), None, Some(&detail)).await?;
    Ok(Reprocess { id: video.id, generation })
}
