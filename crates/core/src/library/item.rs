//! The one writer of an item: its row, its status, its package index and the index's copy in
//! the store (`package.json`). Every write here announces what it changed to the caches of
//! every server, so a capability or a job decides *what* changes (an edit, a transcode's
//! progress, a lifecycle rule's drop) and cannot leave the row, the store and the caches
//! disagreeing by a forgotten announcement.
//!
//! The status changes are announced to webhooks here too (`video.uploaded`, `.playable`,
//! `.ready`, `.failed`, `.deleted`), once, by the write that made them.
//!
//! Reads stay where they are (`db::videos`, through `library::videos` for callers); only
//! writes come through here.

use anyhow::Context as _;

use crate::platform::metadata_cache::Change;
use crate::platform::webhooks::{self, Event};
use crate::platform::Context;
use reel_base::db::parts::{PartKind, Recorded, StoredPart};
use reel_base::db::videos::{self, NewVideo, VideoEdit};
use reel_base::db::{collections, jobs::NewJob, storage as objects};
use reel_base::domain::collection::Shelf;
use reel_base::domain::{CollectionId, PlanId, UserId, VideoId, VideoStatus};
use reel_base::media::package::PackageIndex;
use reel_base::storage::{StorageKey, Tier};

/// Records a newly uploaded item (status `uploaded`) and its first job in one transaction, so
/// a crash cannot leave an item that no job will process. The caller wakes the workers once
/// this returns.
pub async fn create(ctx: &Context, new: &NewVideo<'_>, job: NewJob) -> sqlx::Result<()> {
    videos::insert_with_job(&ctx.db, new, &job).await?;
    tracing::debug!(kind = %job.kind, item = %new.id, "queued");
    ctx.shared.announce(Change::Listed(new.id)).await;
    tell(ctx, "video.uploaded", new.id).await;
    Ok(())
}

/// Applies an edit of the item's details (title, description, visibility, catalogue fields);
/// false when there is no such item. A unique-key clash (an episode number taken) comes back
/// as the database's error for the caller to name.
pub async fn edit(ctx: &Context, id: VideoId, edit: VideoEdit<'_>) -> sqlx::Result<bool> {
    let done = videos::update(&ctx.db, id, edit).await?;
    if done {
        ctx.shared.announce(Change::Listed(id)).await;
    }
    Ok(done)
}

/// Makes the item require `plan` to be played (or nothing); false when there is no such item.
pub async fn require_plan(ctx: &Context, id: VideoId, plan: Option<PlanId>) -> sqlx::Result<bool> {
    let done = reel_base::db::plans::require(&ctx.db, id, plan).await?;
    if done {
        ctx.shared.announce(Change::Listed(id)).await;
    }
    Ok(done)
}

/// Keeps the item hot (no lifecycle rule touches it) or lets the rules act on it again; false
/// when there is no such item. Nothing to announce: no cache keeps the mark.
pub async fn set_pinned(ctx: &Context, id: VideoId, pinned: bool) -> sqlx::Result<bool> {
    objects::set_pinned(&ctx.db, id, pinned).await
}

/// Records that a lifecycle rule removed the item's original at `at` (ms), so it is never
/// transcoded again. Nothing to announce: no cache keeps the mark.
pub async fn mark_original_removed(ctx: &Context, id: VideoId, at: i64) -> sqlx::Result<()> {
    objects::mark_original_removed(&ctx.db, id, at).await
}

/// Hands every item (and series) of `user` to `heir`; how many items moved.
pub async fn hand_over(ctx: &Context, user: UserId, heir: UserId) -> sqlx::Result<usize> {
    let items = reel_base::db::account_data::items_of(&ctx.db, user).await?;
    reel_base::db::account_data::hand_over(&ctx.db, user, heir).await?;
    for &id in &items {
        ctx.shared.announce(Change::Fields(id)).await;
    }
    Ok(items.len())
}

/// Replaces the origins the item's owner allows to frame its player; false when there is no
/// such item. Nothing to announce: the embed page reads them every time.
pub async fn set_embed_origins(ctx: &Context, id: VideoId, origins: &[String]) -> sqlx::Result<bool> {
    videos::set_embed_origins(&ctx.db, id, origins).await
}

/// Turns the item's loudness correction on or off (from its next processing); false when
/// there is no such item.
pub async fn set_normalizes_audio(ctx: &Context, id: VideoId, on: bool) -> sqlx::Result<bool> {
    let done = videos::set_normalizes_audio(&ctx.db, id, on).await?;
    if done {
        ctx.shared.announce(Change::Fields(id)).await;
    }
    Ok(done)
}

/// Takes the item down for `reason` (a moderator's; it stays stored, shown to its owner and
/// the moderators alone, played by no one), or restores it with none; false when there is no
/// such item or it already was so. Every listing and every origin's passes forget it.
pub async fn set_takedown(ctx: &Context, id: VideoId, reason: Option<&str>) -> sqlx::Result<bool> {
    let done = videos::set_takedown(&ctx.db, id, reason).await?;
    if done {
        ctx.shared.announce(Change::Listed(id)).await;
    }
    Ok(done)
}

/// Records its owner's one appeal of the takedown; false when it is not taken down or was
/// appealed already.
pub async fn set_appealed(ctx: &Context, id: VideoId) -> sqlx::Result<bool> {
    let done = videos::set_appealed(&ctx.db, id).await?;
    if done {
        ctx.shared.announce(Change::Fields(id)).await;
    }
    Ok(done)
}

/// Turns the item's comments off or on (those written stay, unseen while off); false when there
/// is no such item. Nothing to announce: comments are read from the database every time.
pub async fn set_comments_off(ctx: &Context, id: VideoId, off: bool) -> sqlx::Result<bool> {
    videos::set_comments_off(&ctx.db, id, off).await
}

/// The item's wrapped content key, storing `candidate` first when it has none (see
/// [`videos::content_key_or_insert`]); `None` when there is no such item. Nothing to announce:
/// the key is read where a segment is encrypted, and set once.
pub async fn content_key_or_insert(ctx: &Context, id: VideoId, candidate: &str) -> sqlx::Result<Option<String>> {
    videos::content_key_or_insert(&ctx.db, id, candidate).await
}

/// Removes a collection (see [`collections::delete`]); false when there was none. A series'
/// episodes leave it, so every record of them changed; a playlist changes listings alone.
pub async fn remove_collection(ctx: &Context, shelf: Shelf, id: CollectionId) -> sqlx::Result<bool> {
    let done = collections::delete(&ctx.db, shelf, id).await?;
    if done {
        ctx.shared.announce(if shelf == Shelf::Series { Change::Everything } else { Change::Listings }).await;
    }
    Ok(done)
}

/// Removes the item's row and everything recorded about it; its objects are the caller's to
/// remove after (the row goes first, so the origin stops serving at once). False when there
/// was none.
pub async fn delete(ctx: &Context, id: VideoId) -> sqlx::Result<bool> {
    let was = videos::get(&ctx.db, id).await?;
    let done = videos::delete(&ctx.db, id).await?;
    ctx.shared.announce(Change::Gone(id)).await;
    if let Some(was) = was.filter(|_| done) {
        webhooks::announce(ctx, Event::video("video.deleted", &was)).await;
    }
    Ok(done)
}

/// Moves the item to `to` (`uploaded`, `processing` or `playable`) if its state machine
/// allows it from where it is; false (nothing changed) when it does not.
pub async fn mark(ctx: &Context, id: VideoId, to: VideoStatus) -> sqlx::Result<bool> {
    // An item playable before (a transcode that was interrupted, then started again) is not
    // announced playable twice.
    let first_playable = to == VideoStatus::Playable && videos::get(&ctx.db, id).await?.is_some_and(|v| v.playable_at.is_none());
    let moved = videos::set_status(&ctx.db, id, to, None).await?;
    if moved {
        ctx.shared.announce(Change::Listed(id)).await;
        if first_playable {
            tell(ctx, "video.playable", id).await;
        }
    }
    Ok(moved)
}

/// Marks the item failed with `reason`, a sentence its owner reads; false when it could not
/// fail from where it is (deleted, or published meanwhile).
pub async fn fail(ctx: &Context, id: VideoId, reason: &str) -> sqlx::Result<bool> {
    let moved = videos::set_status(&ctx.db, id, VideoStatus::Failed, Some(reason)).await?;
    if moved {
        ctx.shared.announce(Change::Listed(id)).await;
        tell(ctx, "video.failed", id).await;
    }
    Ok(moved)
}

/// Starts (or starts again) the item's transcode: `processing`, with no package index, so no
/// player is handed what an earlier attempt left.
pub async fn start_processing(ctx: &Context, id: VideoId) -> sqlx::Result<()> {
    videos::set_status(&ctx.db, id, VideoStatus::Processing, None).await?;
    videos::save_package(&ctx.db, id, None).await?;
    ctx.shared.announce(Change::Listed(id)).await;
    Ok(())
}

/// Records the duration the probe found.
pub async fn record_duration(ctx: &Context, id: VideoId, duration_s: Option<f64>) -> sqlx::Result<()> {
    videos::set_duration(&ctx.db, id, duration_s).await?;
    ctx.shared.announce(Change::Fields(id)).await;
    Ok(())
}

/// Records how far the transcode is, in percent.
pub async fn record_progress(ctx: &Context, id: VideoId, percent: f64) -> sqlx::Result<()> {
    videos::set_progress(&ctx.db, id, percent).await?;
    ctx.shared.announce(Change::Fields(id)).await;
    Ok(())
}

/// Stores the package index as it grows while the item is processed; false when it is no
/// longer processed (deleted, failed or published meanwhile). Nothing is announced: no cache
/// keeps an index that is not complete.
pub async fn save_growing(ctx: &Context, id: VideoId, index: &PackageIndex) -> sqlx::Result<bool> {
    videos::save_package(&ctx.db, id, Some(index)).await
}

/// Records a finished part of a chunked transcode and, in the same transaction, the index
/// `merge` makes of all the parts so far (see [`reel_base::db::parts::record`]). As with
/// [`save_growing`], an index still growing is not announced.
pub async fn record_part<T>(
    ctx: &Context,
    id: VideoId,
    plan: &str,
    part: (PartKind, u32),
    outputs: &str,
    done: bool,
    merge: impl FnOnce(&[StoredPart]) -> (Option<String>, T),
) -> sqlx::Result<Recorded<T>> {
    reel_base::db::parts::record(&ctx.db, id, plan, part, outputs, done, merge).await
}

/// Publishes the finished index: `package.json` first (what the store holds must be there
/// before a player is sent to it), then the row, `ready` once with the index in one guarded
/// update. False when it was not published (already ready, failed or deleted).
pub async fn publish(ctx: &Context, id: VideoId, index: &PackageIndex) -> anyhow::Result<bool> {
    ctx.store.put_bytes(&StorageKey::package_index(id), index.stored_json()).await.context("writing package.json")?;
    if !videos::publish(&ctx.db, id, index).await.context("publishing")? {
        return Ok(false);
    }
    ctx.shared.announce(Change::Listed(id)).await;
    tell(ctx, "video.ready", id).await;
    Ok(true)
}

/// Changes a ready item's package index (see [`videos::change_package`]: `change` says
/// whether it changed anything, and a concurrent writer is never undone), then rewrites
/// `package.json` in the tier it is in and tells every server's origin to forget the old
/// index. Returns the index written, or `None` when nothing was.
pub async fn change_package(
    ctx: &Context,
    id: VideoId,
    change: impl FnMut(&mut PackageIndex) -> bool,
) -> anyhow::Result<Option<PackageIndex>> {
    let Some(index) = videos::change_package(&ctx.db, id, change).await.context("changing the package index")? else {
        return Ok(None);
    };
    write_package_json(ctx, id, &index).await?;
    ctx.shared.announce(Change::Media(id)).await;
    Ok(Some(index))
}

/// Announces a `video.` event about the item as it is now (after the change that made it).
async fn tell(ctx: &Context, kind: &'static str, id: VideoId) {
    match videos::get(&ctx.db, id).await {
        Ok(Some(video)) => webhooks::announce(ctx, Event::video(kind, &video)).await,
        Ok(None) => {}
        Err(e) => tracing::warn!(item = %id, event = kind, error = %e, "could not read the item to announce it to webhooks"),
    }
}

/// Rewrites `package.json` in the tier it is in.
async fn write_package_json(ctx: &Context, id: VideoId, index: &PackageIndex) -> anyhow::Result<()> {
    let key = StorageKey::package_index(id);
    let cold = objects::objects_of(&ctx.db, id, "index").await?.iter().any(|o| o.tier == Tier::Cold.as_str());
    ctx.store.put_bytes(&key, index.stored_json()).await.context("writing package.json")?;
    if cold {
        // Written hot, then moved back: the move also replaces the old cold copy.
        ctx.store.move_object(&key, Tier::Cold).await.context("moving package.json back to the cold tier")?;
    }
    Ok(())
}
