//! Storage lifecycle: the accounts of what Reel stores (kept by the store itself through
//! `db::storage::DbLedger`), the storage report, and the rules that move objects to the cold tier or
//! remove them (`rules.rs`), applied by the daily `apply_lifecycle` job.

pub mod apply;
pub mod commands;
pub mod report;
pub mod restore;
pub mod rules;
pub mod rungs;

use reel_base::db::{storage as rows, Db};

/// An item's storage, as its owner and admins see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ItemStorage {
    /// Every byte the item holds, in every tier.
    pub storage_bytes: u64,
    /// Whether it is pinned hot (no lifecycle rule touches it).
    pub storage_pinned: bool,
    /// When a lifecycle rule removed its original, if one did.
    pub original_removed_at: Option<String>,
    /// Its objects by tier, kind and rendition.
    pub objects: Vec<reel_base::db::storage::Usage>,
}

/// An item's storage for a caller who may manage it; `None` for anyone else.
pub async fn item_storage(
    ctx: &crate::platform::Context,
    caller: Option<&crate::auth::Caller>,
    video: &reel_base::db::videos::VideoRecord,
) -> crate::platform::problem::Result<Option<ItemStorage>> {
    if !caller.is_some_and(|c| crate::auth::policy::can_manage(c, video.created_by)) {
        return Ok(None);
    }
    Ok(Some(storage_of(&ctx.db, video.id).await?))
}

async fn storage_of(db: &Db, id: reel_base::domain::VideoId) -> crate::platform::problem::Result<ItemStorage> {
    let (storage_bytes, objects) = report::of_video(db, id).await?;
    let (pinned, removed) = rows::lifecycle_marks(db, id).await?.unwrap_or((false, None));
    Ok(ItemStorage { storage_bytes, storage_pinned: pinned, original_removed_at: removed.map(reel_base::domain::rfc3339), objects })
}

/// Pins an item hot, or lets the rules act on it again: its owner or an admin; audited.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn set_pinned(
    ctx: &crate::platform::Context,
    caller: &crate::auth::Caller,
    id: &str,
    pinned: bool,
) -> crate::platform::problem::Result<ItemStorage> {
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    crate::library::item::set_pinned(ctx, video.id, pinned).await?;
    let action = if pinned { "storage.pinned" } else { "storage.unpinned" };
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), action, Some(&video.id.to_string()), None, None).await?;
    storage_of(&ctx.db, video.id).await
}

/// The installation's storage report: admins only.
pub async fn admin_report(
    ctx: &crate::platform::Context,
    caller: &crate::auth::Caller,
) -> crate::platform::problem::Result<report::StorageReport> {
    caller.require(crate::auth::Scope::Admin)?;
    Ok(report::build(&ctx.db, &ctx.config).await?)
}
