//! A channel's watermark: its own logo and where it goes, burned into the items it processes
//! from then on in place of the site's (`[watermark]`), where the site lets channels have one.
//! A logo upload is only stored and handed to the `process_watermark` job, which checks it and
//! makes the clean PNG transcodes use; the upload never is.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::auth::{Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{self, users};
use reel_base::domain::finishing::{Corner, Placement};
use reel_base::domain::UserId;
use reel_base::i18n::Said;
use reel_base::storage::StorageKey;

/// A channel's logo upload waiting under `watermarks/{user}/upload-{version}`, which the
/// picture lane makes the logo of (`processing/watermark.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessWatermark {
    /// The channel's account.
    pub user_id: UserId,
    /// Names the upload and the logo made from it.
    pub version: String,
}

/// The largest logo upload accepted.
pub const MAX_LOGO_UPLOAD_BYTES: usize = reel_base::config::MAX_LOGO_BYTES;

/// A channel's watermark as `GET /api/v1/account/watermark` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WatermarkView {
    /// What the channel's items carry when next processed: `channel` (its own logo), `site`
    /// (the site's) or `none`.
    pub applies: &'static str,
    /// Whether the channel has a logo of its own.
    pub own_logo: bool,
    /// Why the last logo upload could not be used (the logo in place stays).
    pub error: Option<String>,
    /// Where its own logo goes: its own placement, else the site's.
    #[serde(flatten)]
    pub placement: Placement,
    /// Whether the placement is its own.
    pub own_placement: bool,
    /// Whether the site lets channels have their own (else the settings are kept but unused).
    pub channel_logos: bool,
}

/// A change to where a channel's logo goes; an absent field keeps its value.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementEdit {
    /// `top-left`, `top-right`, `bottom-left` or `bottom-right`.
    pub corner: Option<Corner>,
    /// Share of the picture height between the logo and the edges: 0 to 0.25.
    #[schema(minimum = 0, maximum = 0.25)]
    pub margin: Option<f64>,
    /// The logo's height as a share of the picture height: 0.01 to 0.5.
    #[schema(minimum = 0.01, maximum = 0.5)]
    pub height: Option<f64>,
    /// 0.05 to 1.
    #[schema(minimum = 0.05, maximum = 1)]
    pub opacity: Option<f64>,
}

/// The caller's channel watermark.
pub async fn get(ctx: &Context, caller: &Caller) -> problem::Result<WatermarkView> {
    caller.require(Scope::Upload)?;
    let own = users::watermark(&ctx.db, caller.subject()).await?.unwrap_or_default();
    let site = &ctx.config.watermark;
    let placement = own_placement(&own);
    let own_logo = own.watermark_version.is_some();
    let applies = match (own_logo && site.channel_logos, site.image.is_empty()) {
        (true, _) => "channel",
        (false, false) => "site",
        (false, true) => "none",
    };
    Ok(WatermarkView {
        applies,
        own_logo,
        error: own.watermark_error,
        placement: placement.unwrap_or(site.placement()),
        own_placement: placement.is_some(),
        channel_logos: site.channel_logos,
    })
}

/// Where a channel's stored settings put its logo, if they say (stored by Reel from a checked
/// value; one that no longer reads counts as none).
pub fn own_placement(record: &users::WatermarkRecord) -> Option<Placement> {
    record.watermark_placement.as_deref().and_then(|p| serde_json::from_str(p).ok())
}

/// Changes where the caller's logo goes (checked whole; audited).
pub async fn edit(ctx: &Context, caller: &Caller, edit: PlacementEdit) -> problem::Result<WatermarkView> {
    let current = allowed(ctx, caller).await?.placement;
    let placement = Placement {
        corner: edit.corner.unwrap_or(current.corner),
        margin: edit.margin.unwrap_or(current.margin),
        height: edit.height.unwrap_or(current.height),
        opacity: edit.opacity.unwrap_or(current.opacity),
    };
    if let Some(problem) = placement.problem("the watermark's") {
        return Err(Problem::bad_request("invalid-watermark", problem));
    }
    let json = serde_json::to_string(&placement).map_err(Problem::internal)?;
    users::set_watermark_placement(&ctx.db, caller.subject(), Some(&json)).await?;
    audit(ctx, caller, "watermark.placed", &json).await?;
    get(ctx, caller).await
}

/// Takes a logo upload: stores it where only the logo job reads it and queues the job; the
/// answer comes from `get` once it has run (`own_logo`, or `error`).
pub async fn upload_logo(ctx: &Context, caller: &Caller, bytes: Bytes) -> problem::Result<()> {
    allowed(ctx, caller).await?;
    crate::library::pictures::check_upload(ctx, caller, &bytes, MAX_LOGO_UPLOAD_BYTES, "a logo").await?;
    let version = uuid::Uuid::new_v4().simple().to_string();
    let key = StorageKey::watermark_upload(caller.subject(), &version);
    ctx.store.put_bytes(&key, bytes).await.map_err(Problem::internal)?;
    ctx.queue.enqueue(&ProcessWatermark { user_id: caller.subject(), version: version.clone() }).await?;
    audit(ctx, caller, "watermark.logo_uploaded", &version).await
}

/// Removes the caller's logo and placement: its items carry the site's from their next
/// processing.
pub async fn remove(ctx: &Context, caller: &Caller) -> problem::Result<WatermarkView> {
    caller.require(Scope::Upload)?;
    users::set_watermark_placement(&ctx.db, caller.subject(), None).await?;
    if let Some(old) = users::set_picture(&ctx.db, caller.subject(), users::Picture::Watermark, None).await? {
        ctx.store.delete(&StorageKey::watermark(caller.subject(), &old)).await.map_err(Problem::internal)?;
    }
    audit(ctx, caller, "watermark.removed", "").await?;
    get(ctx, caller).await
}

/// The caller's own logo as a PNG, for their account page (never anyone else's).
pub async fn own_logo(ctx: &Context, caller: &Caller) -> problem::Result<Bytes> {
    caller.require(Scope::Upload)?;
    let own = users::watermark(&ctx.db, caller.subject()).await?.unwrap_or_default();
    let version = own.watermark_version.ok_or_else(|| Problem::not_found("logo"))?;
    ctx.store.get_bytes(&StorageKey::watermark(caller.subject(), &version)).await.map_err(Problem::internal)
}

/// The caller's watermark, once it is known the site lets channels set one.
async fn allowed(ctx: &Context, caller: &Caller) -> problem::Result<WatermarkView> {
    let view = get(ctx, caller).await?;
    if !view.channel_logos {
        return Err(Problem::forbidden("this site does not let channels set their own watermark"));
    }
    Ok(view)
}

async fn audit(ctx: &Context, caller: &Caller, action: &str, detail: &str) -> problem::Result<()> {
    let target = caller.subject().to_string();
    // The placement's JSON or the logo's version: data, kept as it is.
    let detail = (!detail.is_empty()).then(|| Said::verbatim(detail));
    db::audit::record(&ctx.db, Some(caller.subject()), action, Some(&target), None, detail.as_ref()).await?;
    Ok(())
}
