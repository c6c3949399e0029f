//! Moderators' actions: take an item down with a public reason (it stays stored and leaves
//! every listing and player; its owner may appeal once), restore it, delete it, hide or delete
//! a comment, suspend an account for a while. Each settles the reports about its target
//! (`reports.rs`), is in the audit log, and is announced to webhooks.

use serde::Deserialize;

use super::reports::{require_moderator, settle, About};
use crate::auth::{policy, Caller};
use crate::db::comments as comment_rows;
use crate::db::notifications::{self, ModerationNotice};
use crate::db::reports as rows;
use crate::db::users::{self, UserRecord};
use crate::db::videos::VideoRecord;
use crate::domain::moderation::{suspension_ms, ReportKind, ReportStatus, ReportTarget, Statement};
use crate::domain::{rfc3339, Address, CommentId, Email, Role, UserId, VideoId};
use crate::library::item;
use crate::platform::notify::Message;
use crate::platform::problem::{self, Problem};
use crate::platform::webhooks::{self, Event};
use crate::platform::Context;

/// An item for a moderator's action: any item, whatever its state.
async fn any_item(ctx: &Context, id: &str) -> problem::Result<VideoRecord> {
    let id: VideoId = id.parse().map_err(|_| Problem::not_found("video"))?;
    crate::db::videos::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("video"))
}

/// Emails `account` (if it has an address); a failure is logged.
async fn email(ctx: &Context, account: Option<UserId>, subject: &str, text: String) {
    let Some(account) = account else { return };
    let Ok(Some(user)) = users::by_id(&ctx.db, account).await else { return };
    let Some(email) = user.email.as_deref().and_then(|e| Email::parse(e).ok()) else { return };
    if let Err(e) = ctx.notifier.send(&Address::Email(email), &Message::new(subject, text)).await {
        tracing::warn!(error = %format!("{e:#}"), "could not email a moderation notice");
    }
}

/// Takes an item down for `reason`, told to its owner and the reporters: it stays stored,
/// leaves every listing, search, feed and recommendation, and plays for no one (tokens already
/// handed out included); its owner sees the reason and may appeal once.
pub async fn take_down(ctx: &Context, caller: &Caller, id: &str, reason: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let reason = Statement::parse(reason, "reason")?;
    let video = any_item(ctx, id).await?;
    if !item::set_takedown(ctx, video.id, Some(reason.as_str())).await? {
        return Err(Problem::conflict("taken-down", "the item is taken down already"));
    }
    let outcome = format!("The item was taken down: {}", reason.as_str());
    let target = video.id.to_string();
    settle(ctx, caller, About::reports(ReportTarget::Video, &target), ReportStatus::Actioned, &outcome, "video.taken_down").await?;
    notifications::tell_owner(&ctx.db, video.id, ModerationNotice::Takedown).await?;
    let text = format!(
        "A moderator took down “{}”: {}\n\nIt stays stored, but no one can find or watch it. You may appeal once, on {}/watch/{}\n",
        video.title,
        reason.as_str(),
        ctx.site_url,
        video.id
    );
    email(ctx, video.created_by, "Your item was taken down", text).await;
    if let Some(now) = crate::db::videos::get(&ctx.db, video.id).await? {
        webhooks::announce(ctx, Event::video("video.taken_down", &now)).await;
    }
    Ok(())
}

/// Restores a taken-down item; its open appeal (if any) is granted.
pub async fn restore(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let video = any_item(ctx, id).await?;
    if !item::set_takedown(ctx, video.id, None).await? {
        return Err(Problem::conflict("not-taken-down", "the item is not taken down"));
    }
    let target = video.id.to_string();
    let outcome = "The item was restored.";
    settle(ctx, caller, About::appeals(&target), ReportStatus::Actioned, outcome, "video.restored").await?;
    notifications::tell_owner(&ctx.db, video.id, ModerationNotice::Restored).await?;
    let text = format!("A moderator restored “{}”: it can be found and watched again: {}/watch/{}\n", video.title, ctx.site_url, video.id);
    email(ctx, video.created_by, "Your item was restored", text).await;
    if let Some(now) = crate::db::videos::get(&ctx.db, video.id).await? {
        webhooks::announce(ctx, Event::video("video.restored", &now)).await;
    }
    Ok(())
}

/// Deletes a reported item with everything made of it.
pub async fn delete_item(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let video = any_item(ctx, id).await?;
    let target = video.id.to_string();
    crate::processing::purge::erase(ctx, video.id).await?;
    let gone = "The item was deleted.";
    settle(ctx, caller, About::reports(ReportTarget::Video, &target), ReportStatus::Actioned, gone, "video.deleted_by_moderator").await?;
    rows::resolve(&ctx.db, ReportKind::Appeal, ReportTarget::Video, &target, ReportStatus::Dismissed, gone, Some(caller.subject())).await?;
    webhooks::announce(ctx, Event::video("video.deleted", &video)).await;
    Ok(())
}

/// A comment for a moderator's action.
async fn any_comment(ctx: &Context, id: &str) -> problem::Result<comment_rows::CommentRecord> {
    let id: CommentId = id.parse().map_err(|_| Problem::not_found("comment"))?;
    comment_rows::get(&ctx.db, id).await?.filter(|c| c.deleted_at.is_none()).ok_or_else(|| Problem::not_found("comment"))
}

/// Hides a reported comment from everyone but the item's owner and the moderators.
pub async fn hide_comment(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let comment = any_comment(ctx, id).await?;
    comment_rows::set_hidden(&ctx.db, &comment, true).await?;
    let target = comment.id.to_string();
    let about = About::reports(ReportTarget::Comment, &target);
    settle(ctx, caller, about, ReportStatus::Actioned, "The comment was hidden.", "comment.hidden").await?;
    Ok(())
}

/// Deletes a reported comment (its text goes; the report keeps what was reported).
pub async fn delete_comment(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let comment = any_comment(ctx, id).await?;
    comment_rows::delete(&ctx.db, &comment).await?;
    let target = comment.id.to_string();
    let about = About::reports(ReportTarget::Comment, &target);
    settle(ctx, caller, about, ReportStatus::Actioned, "The comment was deleted.", "comment.deleted").await?;
    Ok(())
}

/// Body of a suspension.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    /// How long: 1 to 365 days.
    pub days: u32,
    /// Why, as the account is told.
    pub reason: String,
}

/// An account a moderator may act on: not their own, not an admin's, and a moderator's only
/// by an admin.
async fn suspendable(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<UserRecord> {
    let id: UserId = id.parse().map_err(|_| Problem::not_found("account"))?;
    let account = users::by_id(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("account"))?;
    if account.id == caller.subject() {
        return Err(Problem::conflict("own-account", "one's own account is not suspended"));
    }
    if account.role == Role::Admin || (account.role == Role::Moderator && !caller.is_admin()) {
        return Err(Problem::forbidden("admins are not suspended, and moderators only by an admin"));
    }
    Ok(account)
}

/// Suspends an account for a number of days: from now, its sessions and tokens are refused
/// and it cannot sign in, until the suspension ends (or is lifted).
pub async fn suspend(ctx: &Context, caller: &Caller, id: &str, suspension: &Suspension) -> problem::Result<i64> {
    require_moderator(caller)?;
    let reason = Statement::parse(&suspension.reason, "reason")?;
    let length = suspension_ms(suspension.days)?;
    let account = suspendable(ctx, caller, id).await?;
    let until = ctx.clock().now_ms().saturating_add(length);
    users::set_suspension(&ctx.db, account.id, Some((until, reason.as_str()))).await?;
    // Signed in again only after it ends: its sessions end now.
    crate::db::sessions::revoke_all(&ctx.db, account.id).await?;
    let outcome = format!("The account was suspended for {} day(s).", suspension.days);
    let target = account.id.to_string();
    settle(ctx, caller, About::reports(ReportTarget::Account, &target), ReportStatus::Actioned, &outcome, "account.suspended").await?;
    let text =
        format!("A moderator suspended your account until {}: {}\n\nUntil then you cannot sign in.\n", rfc3339(until), reason.as_str());
    email(ctx, Some(account.id), "Your account is suspended", text).await;
    webhooks::announce(ctx, Event::account_suspended(account.id, account.role, Some(caller.subject()), until, reason.as_str())).await;
    Ok(until)
}

/// Lifts an account's suspension now.
pub async fn lift_suspension(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    require_moderator(caller)?;
    let account = suspendable(ctx, caller, id).await?;
    if account.suspended_until.is_none_or(|t| t <= ctx.clock().now_ms()) {
        return Err(Problem::conflict("not-suspended", "the account is not suspended"));
    }
    users::set_suspension(&ctx.db, account.id, None).await?;
    crate::db::audit::record(&ctx.db, Some(caller.subject()), "account.unsuspended", Some(&account.id.to_string()), None, None).await?;
    Ok(())
}

/// Whether `caller` may see hidden comments and act on any comment of `video`: its owner, an
/// admin, or a moderator.
pub fn moderates_item(caller: &Caller, video: &VideoRecord) -> bool {
    caller.moderates() || policy::can_manage(caller, video.created_by)
}
