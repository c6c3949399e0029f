//! Likes and dislikes: one per profile and item, on items the profile may watch; the totals
//! every viewer sees, and the profile's own liked items.

use serde::Serialize;

use crate::auth::{Caller, Scope};
use crate::library::videos::{self, Cursor};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::reactions::{self as rows, Counts};
use reel_base::db::videos::VideoRecord;
use reel_base::domain::comment::Reaction;

pub use reel_base::db::reactions::Liked;

/// An item's totals and the caller's own reaction.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Reactions {
    /// Likes.
    pub likes: i64,
    /// Dislikes.
    pub dislikes: i64,
    /// The caller's: 1 (liked), -1 (disliked) or 0 (neither, or not signed in).
    pub value: i64,
}

impl Reactions {
    fn of(counts: Counts, mine: Reaction) -> Self {
        Self { likes: counts.likes, dislikes: counts.dislikes, value: mine.value() }
    }
}

/// Sets the caller's reaction to an item they may watch: `value` 1 likes it, -1 dislikes it,
/// 0 takes either back. Reacting is the acting profile's, as its history is.
pub async fn react(ctx: &Context, caller: &Caller, id: &str, value: i64) -> problem::Result<Reactions> {
    caller.require(Scope::Read)?;
    let reaction = Reaction::from_value(value)
        .ok_or_else(|| Problem::bad_request("invalid-reaction", "value is 1 (like), -1 (dislike) or 0 (neither)"))?;
    let video = videos::watchable(ctx, caller, id).await?;
    let counts = rows::set(&ctx.db, caller.viewer(), video.id, reaction).await?;
    Ok(Reactions::of(counts, reaction))
}

/// The totals of an item the caller may see, with the caller's own reaction.
pub async fn of_item(ctx: &Context, viewer: Option<&Caller>, video: &VideoRecord) -> problem::Result<Reactions> {
    let counts = rows::counts(&ctx.db, video.id).await?;
    let mine = match viewer {
        Some(c) => rows::of(&ctx.db, c.profile_id(), video.id).await?,
        None => Reaction::Nothing,
    };
    Ok(Reactions::of(counts, mine))
}

/// [`of_item`] by id, for the API.
pub async fn of_id(ctx: &Context, viewer: Option<&Caller>, id: &str) -> problem::Result<Reactions> {
    let video = videos::visible(ctx, viewer, id).await?;
    of_item(ctx, viewer, &video).await
}

/// A page of the caller's liked items, most recently liked first.
#[derive(Debug)]
pub struct LikedPage {
    /// The items, with when each was liked.
    pub items: Vec<Liked>,
    /// Where the next page starts, when this one was full.
    pub next: Option<Cursor>,
}

/// The acting profile's liked items it may still watch, from `after`, `limit` at a time.
pub async fn liked(ctx: &Context, caller: &Caller, limit: u32, after: Option<Cursor>) -> problem::Result<LikedPage> {
    caller.require(Scope::Read)?;
    let before = videos::keyset_before(after)?;
    let audience = videos::member_audience(ctx, caller);
    let items = rows::liked(&ctx.db, caller.profile_id(), audience, before, limit).await?;
    let next = videos::keyset_next(&items, limit, |l| (l.at, l.video.id));
    Ok(LikedPage { items, next })
}
