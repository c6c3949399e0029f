//! A member's notifications of what followed channels published: the list (only items they
//! may still watch), the unread count, marking read, and the email opt-in with its signed
//! one-click unsubscribe link. They are written by the jobs in `jobs::notify`.

use crate::auth::links::{self, Purpose};
use crate::auth::{Caller, Scope};
use crate::library::videos::Cursor;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::notifications;
use reel_base::domain::{UserId, VideoId};

pub use reel_base::db::notifications::Notification;

/// A page of notifications, newest first.
#[derive(Debug)]
pub struct Page {
    /// The notifications.
    pub items: Vec<Notification>,
    /// How many of all of them are unread.
    pub unread: i64,
    /// Where the next page starts, when this one was full.
    pub next: Option<Cursor>,
}

/// The caller's notifications from `after` (a cursor an earlier page gave), `limit` at a time.
pub async fn list(ctx: &Context, caller: &Caller, limit: u32, after: Option<Cursor>) -> problem::Result<Page> {
    caller.require(Scope::Read)?;
    let before = crate::library::videos::keyset_before(after)?;
    let items = notifications::list(&ctx.db, caller.subject(), crate::library::videos::member_audience(ctx, caller), before, limit).await?;
    let unread = notifications::unread(&ctx.db, caller.subject(), crate::library::videos::member_audience(ctx, caller)).await?;
    let next = crate::library::videos::keyset_next(&items, limit, |n| (n.created_at, n.key));
    Ok(Page { items, unread, next })
}

/// How many of the caller's notifications are unread.
pub async fn unread(ctx: &Context, caller: &Caller) -> problem::Result<i64> {
    caller.require(Scope::Read)?;
    Ok(notifications::unread(&ctx.db, caller.subject(), crate::library::videos::member_audience(ctx, caller)).await?)
}

/// Marks the caller's notification about `video` read (an id that is not a video's changes
/// nothing), or all of them.
pub async fn mark_read(ctx: &Context, caller: &Caller, video: Option<&str>) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    // Notifications are the account's, not a profile's.
    caller.require_grown_up()?;
    let video = match video {
        Some(text) => match text.parse::<VideoId>() {
            Ok(id) => Some(id),
            Err(_) => return Ok(()),
        },
        None => None,
    };
    notifications::mark_read(&ctx.db, caller.subject(), video).await?;
    Ok(())
}

/// Whether the caller gets an email when followed channels publish.
pub async fn emails_on(ctx: &Context, caller: &Caller) -> problem::Result<bool> {
    caller.require(Scope::Read)?;
    Ok(notifications::emails_on(&ctx.db, caller.subject()).await?)
}

/// Turns the caller's emails about new items on or off. Only an account with an email
/// address can turn them on.
pub async fn set_emails(ctx: &Context, caller: &Caller, on: bool) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    if on {
        let me = reel_base::db::users::by_id(&ctx.db, caller.subject()).await?.ok_or_else(Problem::unauthorized)?;
        if me.email.is_none() {
            return Err(Problem::bad_request("no-email", "this account has no email address to send to"));
        }
    }
    notifications::set_emails(&ctx.db, caller.subject(), on).await?;
    Ok(())
}

/// The account an unsubscribe link (from one of its emails) was made for; a link that was
/// altered or has expired is refused. Changes nothing: following the link only asks.
pub fn stop_link_account(ctx: &Context, token: &str) -> problem::Result<UserId> {
    let key = links::key(&ctx.config).map_err(Problem::internal)?;
    links::verify(&key, Purpose::StopUploadEmails, token.trim(), ctx.clock().now_secs())
        .ok_or_else(|| Problem::bad_request("invalid-link", "this link is not valid or has expired; sign in to change your email settings"))
}

/// Stops the emails of the account an unsubscribe link was made for, without a sign-in: on a
/// POST (the confirm page's button, or a mail client's one-click `List-Unsubscribe-Post`),
/// never on the GET a mail scanner makes when it opens every link.
pub async fn stop_emails_by_link(ctx: &Context, token: &str) -> problem::Result<()> {
    let user = stop_link_account(ctx, token)?;
    notifications::set_emails(&ctx.db, user, false).await?;
    Ok(())
}
