//! A profile's watch history: what they watched, when and how far, newest first; removing one
//! entry or all of them (which also ends resuming and "continue watching" for them), and
//! pausing it (nothing watched meanwhile is recorded, views still count).

use crate::auth::{Caller, Scope};
use crate::library::videos::Cursor;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::watch;
use reel_base::domain::VideoId;

pub use reel_base::db::watch::Watched;

/// A page of history.
#[derive(Debug)]
pub struct Page {
    /// The entries, most recently watched first.
    pub items: Vec<Watched>,
    /// Whether the history is paused.
    pub paused: bool,
    /// Where the next page starts, when this one was full.
    pub next: Option<Cursor>,
}

/// The caller's history from `after` (a cursor an earlier page gave), `limit` at a time;
/// only items they may still watch.
pub async fn list(ctx: &Context, caller: &Caller, limit: u32, after: Option<Cursor>) -> problem::Result<Page> {
    caller.require(Scope::Read)?;
    let before = crate::library::videos::keyset_before(after)?;
    let items = watch::history(
        &ctx.db,
        caller.profile_id(),
        crate::library::videos::member_audience(ctx, caller),
        watch::Watching::History(before),
        limit,
    )
    .await?;
    let paused = watch::paused(&ctx.db, caller.profile_id()).await?;
    let next = crate::library::videos::keyset_next(&items, limit, |w| (w.at, w.video.id));
    Ok(Page { items, paused, next })
}

/// Removes one item from the caller's history; 404 when it is not in it.
pub async fn remove(ctx: &Context, caller: &Caller, video: &str) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    // A kids profile's history is kept for its grown-ups: what it watches is recorded as it
    // watches, and only a grown-up's profile pauses, clears or edits a history.
    caller.require_grown_up()?;
    let id: VideoId = video.parse().map_err(|_| Problem::not_found("history entry"))?;
    if watch::forget(&ctx.db, caller.profile_id(), Some(id)).await? == 0 {
        return Err(Problem::not_found("history entry"));
    }
    Ok(())
}

/// Empties the caller's history; how many entries it held.
pub async fn clear(ctx: &Context, caller: &Caller) -> problem::Result<u64> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    Ok(watch::forget(&ctx.db, caller.profile_id(), None).await?)
}

/// Whether the caller's history is paused.
pub async fn paused(ctx: &Context, caller: &Caller) -> problem::Result<bool> {
    caller.require(Scope::Read)?;
    Ok(watch::paused(&ctx.db, caller.profile_id()).await?)
}

/// Pauses or resumes the caller's history.
pub async fn set_paused(ctx: &Context, caller: &Caller, paused: bool) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    Ok(watch::set_paused(&ctx.db, caller.profile_id(), paused).await?)
}
