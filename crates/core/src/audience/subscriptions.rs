//! Subscriptions to channels: follow and stop following a channel (an account that
//! publishes), the channels one follows, a channel's subscriber count, and the feed of what
//! the followed channels published, newest first.

use crate::auth::{account, Caller, Scope};
use crate::library::videos::{self, Cursor, Filter, VideoRecord};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::subscriptions;
use reel_base::db::users::UserRecord;
use reel_base::domain::UserId;

pub use reel_base::db::subscriptions::Followed;

/// The enabled channel behind `handle` (a leading `@` allowed), or 404.
async fn channel(ctx: &Context, handle: &str) -> problem::Result<UserRecord> {
    let handle = handle.trim().trim_start_matches('@');
    // Handles are at most 30 characters (a few more with a number to tell two apart).
    let found = if handle.is_empty() || handle.len() > 64 { None } else { account::channel(ctx, handle).await? };
    found.ok_or_else(|| Problem::not_found("channel"))
}

/// Subscribes the caller to the channel `handle`: the subscription, and whether it is new
/// (subscribing again changes nothing). One's own channel and more than
/// `audience.max_subscriptions` channels are refused.
pub async fn subscribe(ctx: &Context, caller: &Caller, handle: &str) -> problem::Result<(Followed, bool)> {
    caller.require(Scope::Read)?;
    // The account's subscriptions are every profile's feed: a grown-up's to change.
    caller.require_grown_up()?;
    let channel = channel(ctx, handle).await?;
    let me = caller.subject();
    if channel.id == me {
        return Err(Problem::bad_request("own-channel", "you cannot subscribe to your own channel"));
    }
    let max = ctx.config.audience.max_subscriptions;
    let already = subscriptions::follows(&ctx.db, me, channel.id).await?;
    if !already && subscriptions::count_of(&ctx.db, me).await? >= i64::from(max) {
        return Err(Problem::conflict("too-many-subscriptions", format!("an account may follow at most {max} channels")));
    }
    let new = subscriptions::add(&ctx.db, me, channel.id).await?;
    let followed = match subscriptions::followed(&ctx.db, me, channel.id).await? {
        Some(followed) => followed,
        // Ended by a concurrent request in between: answer with what this one did.
        None => {
            Followed { subscribers: subscriptions::subscribers(&ctx.db, channel.id).await?, subscribed_at: ctx.clock().now_ms(), channel }
        }
    };
    Ok((followed, new))
}

/// Ends the caller's subscription to the channel `handle`, if there was one.
pub async fn unsubscribe(ctx: &Context, caller: &Caller, handle: &str) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    let channel = channel(ctx, handle).await?;
    subscriptions::remove(&ctx.db, caller.subject(), channel.id).await?;
    Ok(())
}

/// The channels the caller follows, most recently followed first.
pub async fn channels(ctx: &Context, caller: &Caller) -> problem::Result<Vec<Followed>> {
    caller.require(Scope::Read)?;
    Ok(subscriptions::channels(&ctx.db, caller.subject(), ctx.config.audience.max_subscriptions).await?)
}

/// The guide's list of followed channels: `(handle, name)` of at most `limit` of them, most
/// recently followed first, and whether there are more. Nothing for a caller who may not read.
pub async fn guide(ctx: &Context, caller: &Caller, limit: u32) -> problem::Result<(Vec<(String, String)>, bool)> {
    if !caller.has(Scope::Read) {
        return Ok((Vec::new(), false));
    }
    let mut names = subscriptions::names(&ctx.db, caller.subject(), limit.saturating_add(1)).await?;
    let more = names.len() > limit as usize;
    names.truncate(limit as usize);
    Ok((names, more))
}

/// How many follow `channel`, and whether `viewer` (if signed in) is one of them: what a
/// channel or watch page shows beside its subscribe button.
pub async fn standing(ctx: &Context, viewer: Option<&Caller>, channel: UserId) -> problem::Result<(i64, bool)> {
    let count = subscriptions::subscribers(&ctx.db, channel).await?;
    let follows = match viewer {
        Some(v) if v.has(Scope::Read) => subscriptions::follows(&ctx.db, v.subject(), channel).await?,
        _ => false,
    };
    Ok((count, follows))
}

/// A page of the feed: what the followed channels published that the caller may watch,
/// newest first, from `after`. Always as a member sees it (an admin's feed holds no one's
/// private items but their own).
pub async fn feed(ctx: &Context, caller: &Caller, limit: u32, after: Option<Cursor>) -> problem::Result<Vec<VideoRecord>> {
    caller.require(Scope::Read)?;
    videos::list(ctx, videos::member_audience(ctx, caller), feed_filter(caller), limit, after).await
}

/// The listing a feed is: the caller's followed channels, watchable items only.
pub fn feed_filter(caller: &Caller) -> Filter<'static> {
    Filter { subscriber: Some(caller.subject()), watchable: true, ..Filter::default() }
}
