//! Moderators' actions: take an item down with a public reason (it stays stored and leaves
//! every listing and player; its owner may appeal once), restore it, delete it (admins only),
//! hide or delete a comment, suspend an account for a while. A moderator acts on an item or a
//! comment that is reported or that it may see, and suspends an account when something
//! concerning it is reported; never on an admin's or another moderator's. Each action settles
//! the reports about its target (`reports.rs`), is in the audit log, and is announced to
//! webhooks; each refusal is in the audit log too.

use serde::Deserialize;

use super::reports::{require_moderator, settle, About};
use crate::auth::{policy, Caller};
use crate::library::{item, videos};
use crate::platform::notify::{self, Message};
use crate::platform::problem::{self, Problem};
use crate::platform::webhooks::{self, Event};
use crate::platform::Context;
use reel_base::db::audit;
use reel_base::db::comments as comment_rows;
use reel_base::db::notifications::{self, ModerationNotice};
use reel_base::db::reports as rows;
use reel_base::db::users::{self, UserRecord};
use reel_base::db::videos::VideoRecord;
use reel_base::domain::moderation::{suspension_ms, ReportKind, ReportStatus, ReportTarget, Statement};
use reel_base::domain::{Address, CommentId, Email, Role, UserId, VideoId};
use reel_base::i18n::{text, Lang, Said};

/// A moderator's action on an item, a comment or an account, as the audit log names its
/// refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    TakeDown,
    Restore,
    Delete,
    HideComment,
    DeleteComment,
    Suspend,
    LiftSuspension,
}

impl Action {
    /// The audit log's action for a refused attempt.
    fn refused(self) -> &'static str {
        match self {
            Action::TakeDown => "video.take_down_refused",
            Action::Restore => "video.restore_refused",
            Action::Delete => "video.delete_refused",
            Action::HideComment => "comment.hide_refused",
            Action::DeleteComment => "comment.delete_refused",
            Action::Suspend => "account.suspend_refused",
            Action::LiftSuspension => "account.lift_suspension_refused",
        }
    }

    /// What it acts on.
    fn target(self) -> ReportTarget {
        match self {
            Action::TakeDown | Action::Restore | Action::Delete => ReportTarget::Video,
            Action::HideComment | Action::DeleteComment => ReportTarget::Comment,
            Action::Suspend | Action::LiftSuspension => ReportTarget::Account,
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The caller does not moderate.
    NotModerator,
    /// Neither reported nor one the moderator may see: for them it is not there.
    Unseen,
    /// An admin's or another moderator's item, comment or account: an admin's to act on (and
    /// an admin's account no one's).
    Staff,
    /// Deleting for good is an admin's; a moderator takes the item down, which keeps it for
    /// its appeal.
    AdminOnly,
    /// Nothing concerning the account is reported: a moderator suspends on a report.
    Unreported,
    /// One's own account.
    Own,
}

impl Refusal {
    /// Why, as the audit log says it.
    fn detail(self, target: ReportTarget) -> Said {
        Said::new(match (self, target) {
            (Refusal::NotModerator, _) => "audit-refused-not-moderator",
            (Refusal::Unseen, ReportTarget::Comment) => "audit-refused-unseen-comment",
            (Refusal::Unseen, _) => "audit-refused-unseen",
            (Refusal::Staff, ReportTarget::Comment) => "audit-refused-staff-comment",
            (Refusal::Staff, ReportTarget::Account) => "audit-refused-staff-account",
            (Refusal::Staff, ReportTarget::Video) => "audit-refused-staff",
            (Refusal::AdminOnly, _) => "audit-refused-admin-only",
            (Refusal::Unreported, _) => "audit-refused-unreported",
            (Refusal::Own, _) => "audit-refused-own-account",
        })
    }

    /// The caller's answer: what they may not see is not found, as what never was.
    fn problem(self, target: ReportTarget) -> Problem {
        match (self, target) {
            (Refusal::NotModerator, _) => Problem::forbidden("this needs the moderate permission"),
            (Refusal::Unseen, ReportTarget::Video) => Problem::not_found("video"),
            (Refusal::Unseen, ReportTarget::Comment) => Problem::not_found("comment"),
            (Refusal::Unseen, ReportTarget::Account) => Problem::not_found("account"),
            (Refusal::Staff, ReportTarget::Video) => Problem::forbidden("an admin's or another moderator's item is for an admin to act on"),
            (Refusal::Staff, ReportTarget::Comment) => {
                Problem::forbidden("an admin's or another moderator's comment is for an admin to act on")
            }
            (Refusal::Staff, ReportTarget::Account) => Problem::forbidden("admins are not suspended, and moderators only by an admin"),
            (Refusal::AdminOnly, _) => Problem::forbidden("only an admin deletes an item for good; a moderator takes it down"),
            (Refusal::Unreported, _) => {
                Problem::forbidden("a moderator suspends an account when it, or an item or comment of it, is reported")
            }
            (Refusal::Own, _) => Problem::conflict("own-account", "one's own account is not suspended"),
        }
    }
}

/// Audits `caller`'s refused `action` (who tried what, on which target when it names one, and
/// why) and answers with the refusal.
async fn refuse<T>(ctx: &Context, caller: &Caller, action: Action, id: Option<String>, refusal: Refusal) -> problem::Result<T> {
    let target = action.target();
    let named = id.map(|id| format!("{target}:{id}"));
    audit::record(&ctx.db, Some(caller.subject()), action.refused(), named.as_deref(), None, Some(&refusal.detail(target))).await?;
    Err(refusal.problem(target))
}

/// Whether `user` is an admin or a moderator: what they wrote or made is an admin's to act on.
async fn is_staff(ctx: &Context, user: UserId) -> problem::Result<bool> {
    let role = users::by_id(&ctx.db, user).await?.map(|u| u.role);
    Ok(matches!(role, Some(Role::Admin | Role::Moderator)))
}

/// The item `caller` may take `action` on, whatever its state; a refusal of an item that
/// exists is audited.
async fn actionable(ctx: &Context, caller: &Caller, id: &str, action: Action) -> problem::Result<VideoRecord> {
    let parsed = id.parse::<VideoId>().ok();
    let video = match parsed {
        Some(id) => reel_base::db::videos::get(&ctx.db, id).await?,
        None => None,
    };
    let refusal = match video {
        _ if require_moderator(caller).is_err() => Refusal::NotModerator,
        None => return Err(Problem::not_found("video")),
        Some(video) => match why_refused(ctx, caller, &video, action).await? {
            Some(refusal) => refusal,
            None => return Ok(video),
        },
    };
    refuse(ctx, caller, action, parsed.map(|id| id.to_string()), refusal).await
}

/// Why `caller`, who moderates, may not take `action` on `video`; None when it may. An admin
/// may take any; a moderator acts on what is reported (or appealed) or what it may see, never
/// on an admin's or another moderator's item, and does not delete for good.
async fn why_refused(ctx: &Context, caller: &Caller, video: &VideoRecord, action: Action) -> problem::Result<Option<Refusal>> {
    if caller.is_admin() {
        return Ok(None);
    }
    // Reported, it is in the queue for the moderators to judge, seen or not (an admin may see
    // and report a private item).
    let reported = rows::open_about(&ctx.db, ReportTarget::Video, &video.id.to_string()).await?;
    if !reported && !videos::may_see(ctx, caller, video) {
        return Ok(Some(Refusal::Unseen));
    }
    if let Some(owner) = video.created_by.filter(|o| *o != caller.subject()) {
        if is_staff(ctx, owner).await? {
            return Ok(Some(Refusal::Staff));
        }
    }
    Ok((action == Action::Delete).then_some(Refusal::AdminOnly))
}

/// Emails `account` (if it has an address) the subject and body `write` gives in its
/// language; a failure is logged.
async fn email(ctx: &Context, account: Option<UserId>, write: impl FnOnce(Lang) -> (String, String)) {
    let Some(account) = account else { return };
    let Ok(Some(user)) = users::by_id(&ctx.db, account).await else { return };
    let Some(email) = user.email.as_deref().and_then(|e| Email::parse(e).ok()) else { return };
    let (subject, body) = write(notify::language_for(&ctx.db, &ctx.config.site, Some(user.id)).await);
    if let Err(e) = ctx.notifier.send(&Address::Email(email), &Message::new(subject, body)).await {
        tracing::warn!(error = %format!("{e:#}"), "could not email a moderation notice");
    }
}

/// The email telling an owner their item `title` was taken down for `reason` (`link`: its page).
fn takedown_email(lang: Lang, title: &str, reason: &str, link: &str) -> (String, String) {
    let args = [("title", title.into()), ("reason", reason.into()), ("link", link.into())];
    (text(lang, "email-takedown-subject", &[]), text(lang, "email-takedown-text", &args) + "\n")
}

/// The email telling an owner their item `title` was restored (`link`: its page).
fn restored_email(lang: Lang, title: &str, link: &str) -> (String, String) {
    (text(lang, "email-restored-subject", &[]), text(lang, "email-restored-text", &[("title", title.into()), ("link", link.into())]) + "\n")
}

/// The email telling an account it is suspended until `until` (ms) for `reason`.
fn suspended_email(lang: Lang, until: i64, reason: &str) -> (String, String) {
    let until = reel_base::i18n::date_time(lang, until);
    (
        text(lang, "email-suspended-subject", &[]),
        text(lang, "email-suspended-text", &[("until", until.into()), ("reason", reason.into())]) + "\n",
    )
}

/// Takes an item down for `reason`, told to its owner and the reporters: it stays stored,
/// leaves every listing, search, feed and recommendation, and plays for no one (tokens already
/// handed out included); its owner sees the reason and may appeal once.
pub async fn take_down(ctx: &Context, caller: &Caller, id: &str, reason: &str) -> problem::Result<()> {
    let video = actionable(ctx, caller, id, Action::TakeDown).await?;
    let reason = Statement::parse(reason, "reason")?;
    if !item::set_takedown(ctx, video.id, Some(reason.as_str())).await? {
        return Err(Problem::conflict("taken-down", "the item is taken down already"));
    }
    let outcome = Said::new("report-outcome-taken-down").arg("reason", reason.as_str());
    let target = video.id.to_string();
    settle(ctx, caller, About::reports(ReportTarget::Video, &target), ReportStatus::Actioned, outcome, "video.taken_down").await?;
    notifications::tell_owner(&ctx.db, video.id, ModerationNotice::Takedown).await?;
    let link = format!("{}/watch/{}", ctx.site_url, video.id);
    email(ctx, video.created_by, |lang| takedown_email(lang, &video.title, reason.as_str(), &link)).await;
    if let Some(now) = reel_base::db::videos::get(&ctx.db, video.id).await? {
        webhooks::announce(ctx, Event::video("video.taken_down", &now)).await;
    }
    Ok(())
}

/// Restores a taken-down item; its open appeal (if any) is granted.
pub async fn restore(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let video = actionable(ctx, caller, id, Action::Restore).await?;
    if !item::set_takedown(ctx, video.id, None).await? {
        return Err(Problem::conflict("not-taken-down", "the item is not taken down"));
    }
    let target = video.id.to_string();
    let outcome = Said::new("report-outcome-restored");
    settle(ctx, caller, About::appeals(&target), ReportStatus::Actioned, outcome, "video.restored").await?;
    notifications::tell_owner(&ctx.db, video.id, ModerationNotice::Restored).await?;
    let link = format!("{}/watch/{}", ctx.site_url, video.id);
    email(ctx, video.created_by, |lang| restored_email(lang, &video.title, &link)).await;
    if let Some(now) = reel_base::db::videos::get(&ctx.db, video.id).await? {
        webhooks::announce(ctx, Event::video("video.restored", &now)).await;
    }
    Ok(())
}

/// Deletes an item for good with everything made of it: an admin's power (a moderator takes
/// an item down, which keeps it for its appeal).
pub async fn delete_item(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let video = actionable(ctx, caller, id, Action::Delete).await?;
    let target = video.id.to_string();
    crate::processing::purge::erase(ctx, video.id).await?;
    let gone = Said::new("report-outcome-deleted");
    let stored = gone.stored();
    settle(ctx, caller, About::reports(ReportTarget::Video, &target), ReportStatus::Actioned, gone, "video.deleted_by_moderator").await?;
    rows::resolve(&ctx.db, ReportKind::Appeal, ReportTarget::Video, &target, ReportStatus::Dismissed, &stored, Some(caller.subject()))
        .await?;
    // `video.deleted` was announced by the deletion itself (`item::delete`), once.
    Ok(())
}

/// The comment `caller` may take `action` on; a refusal of a comment that exists is audited.
async fn actionable_comment(ctx: &Context, caller: &Caller, id: &str, action: Action) -> problem::Result<comment_rows::CommentRecord> {
    let parsed = id.parse::<CommentId>().ok();
    let comment = match parsed {
        Some(id) => comment_rows::get(&ctx.db, id).await?.filter(|c| c.deleted_at.is_none()),
        None => None,
    };
    let refusal = match comment {
        _ if require_moderator(caller).is_err() => Refusal::NotModerator,
        None => return Err(Problem::not_found("comment")),
        Some(comment) => match why_comment_refused(ctx, caller, &comment).await? {
            Some(refusal) => refusal,
            None => return Ok(comment),
        },
    };
    refuse(ctx, caller, action, parsed.map(|id| id.to_string()), refusal).await
}

/// Why `caller`, who moderates, may not act on `comment`; None when it may. An admin may act
/// on any; a moderator on one that is reported or that is on an item it may see (where it sees
/// hidden comments too, [`moderates_item`]), never on an admin's or another moderator's.
async fn why_comment_refused(ctx: &Context, caller: &Caller, comment: &comment_rows::CommentRecord) -> problem::Result<Option<Refusal>> {
    if caller.is_admin() {
        return Ok(None);
    }
    if !rows::open_about(&ctx.db, ReportTarget::Comment, &comment.id.to_string()).await? {
        let video = reel_base::db::videos::get(&ctx.db, comment.video_id).await?;
        if !video.is_some_and(|v| videos::may_see(ctx, caller, &v)) {
            return Ok(Some(Refusal::Unseen));
        }
    }
    if comment.user_id != caller.subject() && is_staff(ctx, comment.user_id).await? {
        return Ok(Some(Refusal::Staff));
    }
    Ok(None)
}

/// Hides a comment from everyone but the item's owner and the moderators.
pub async fn hide_comment(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let comment = actionable_comment(ctx, caller, id, Action::HideComment).await?;
    comment_rows::set_hidden(&ctx.db, &comment, true).await?;
    let target = comment.id.to_string();
    let about = About::reports(ReportTarget::Comment, &target);
    settle(ctx, caller, about, ReportStatus::Actioned, Said::new("report-outcome-comment-hidden"), "comment.hidden").await?;
    Ok(())
}

/// Deletes a comment (its text goes; the report keeps what was reported). A comment's
/// moderation, not an item's deletion for good: a moderator may.
pub async fn delete_comment(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let comment = actionable_comment(ctx, caller, id, Action::DeleteComment).await?;
    comment_rows::delete(&ctx.db, &comment).await?;
    let target = comment.id.to_string();
    let about = About::reports(ReportTarget::Comment, &target);
    settle(ctx, caller, about, ReportStatus::Actioned, Said::new("report-outcome-comment-deleted"), "comment.deleted").await?;
    Ok(())
}

/// Body of a suspension.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    /// How long: 1 to 365 days.
    #[schema(minimum = 1, maximum = 365)]
    pub days: u32,
    /// Why, as the account is told: 1–1000 characters; line breaks and tabs but no other
    /// control characters.
    #[schema(
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub reason: String,
}

/// The account `caller` may take `action` on; a refusal of an account that exists is audited.
async fn suspendable(ctx: &Context, caller: &Caller, id: &str, action: Action) -> problem::Result<UserRecord> {
    let parsed = id.parse::<UserId>().ok();
    let account = match parsed {
        Some(id) => users::by_id(&ctx.db, id).await?,
        None => None,
    };
    let refusal = match account {
        _ if require_moderator(caller).is_err() => Refusal::NotModerator,
        None => return Err(Problem::not_found("account")),
        Some(account) => match why_account_refused(ctx, caller, &account, action).await? {
            Some(refusal) => refusal,
            None => return Ok(account),
        },
    };
    refuse(ctx, caller, action, parsed.map(|id| id.to_string()), refusal).await
}

/// Why `caller`, who moderates, may not take `action` on `account`; None when it may. No one
/// suspends their own account or an admin's; an admin any other; a moderator not another
/// moderator's, and suspends only on a report about the account or an item or comment of it.
/// A moderator lifts any other suspension: the suspended accounts are theirs to see
/// (`suspensions::list`), and their reports were settled by the suspension.
async fn why_account_refused(ctx: &Context, caller: &Caller, account: &UserRecord, action: Action) -> problem::Result<Option<Refusal>> {
    if account.id == caller.subject() {
        return Ok(Some(Refusal::Own));
    }
    if account.role == Role::Admin || (account.role == Role::Moderator && !caller.is_admin()) {
        return Ok(Some(Refusal::Staff));
    }
    if caller.is_admin() || action == Action::LiftSuspension {
        return Ok(None);
    }
    Ok((!rows::open_concerning(&ctx.db, account.id).await?).then_some(Refusal::Unreported))
}

/// Suspends an account for a number of days: from now, its sessions and tokens are refused
/// and it cannot sign in, until the suspension ends (or is lifted).
pub async fn suspend(ctx: &Context, caller: &Caller, id: &str, suspension: &Suspension) -> problem::Result<i64> {
    let account = suspendable(ctx, caller, id, Action::Suspend).await?;
    let reason = Statement::parse(&suspension.reason, "reason")?;
    let length = suspension_ms(suspension.days)?;
    let until = ctx.clock().now_ms().saturating_add(length);
    users::set_suspension(&ctx.db, account.id, Some((until, reason.as_str()))).await?;
    // Signed in again only after it ends: its sessions end now.
    reel_base::db::sessions::revoke_all(&ctx.db, account.id).await?;
    let outcome = Said::new("report-outcome-suspended").arg("days", suspension.days);
    let target = account.id.to_string();
    settle(ctx, caller, About::reports(ReportTarget::Account, &target), ReportStatus::Actioned, outcome, "account.suspended").await?;
    email(ctx, Some(account.id), |lang| suspended_email(lang, until, reason.as_str())).await;
    webhooks::announce(ctx, Event::account_suspended(account.id, account.role, Some(caller.subject()), until, reason.as_str())).await;
    Ok(until)
}

/// Lifts an account's suspension now.
pub async fn lift_suspension(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    let account = suspendable(ctx, caller, id, Action::LiftSuspension).await?;
    if account.suspended_until.is_none_or(|t| t <= ctx.clock().now_ms()) {
        return Err(Problem::conflict("not-suspended", "the account is not suspended"));
    }
    users::set_suspension(&ctx.db, account.id, None).await?;
    reel_base::db::audit::record(&ctx.db, Some(caller.subject()), "account.unsuspended", Some(&account.id.to_string()), None, None).await?;
    Ok(())
}

/// Whether `caller` may see the hidden comments of `video`: its owner, an admin, or a
/// moderator where the item is reported (or appealed) or one it may see.
pub async fn moderates_item(ctx: &Context, caller: &Caller, video: &VideoRecord) -> problem::Result<bool> {
    if policy::can_manage(caller, video.created_by) {
        return Ok(true);
    }
    if !caller.moderates() {
        return Ok(false);
    }
    Ok(videos::may_see(ctx, caller, video) || rows::open_about(&ctx.db, ReportTarget::Video, &video.id.to_string()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderation_emails_read_as_they_always_have_in_english_and_are_written_in_the_owners_language() {
        let link = "https://reel.example/watch/abc";
        assert_eq!(
            takedown_email(Lang::En, "Cats", "spam", link),
            (
                "Your item was taken down".to_string(),
                format!(
                    "A moderator took down “Cats”: spam\n\nIt stays stored, but no one can find or watch it. You may appeal once, on {link}\n"
                )
            )
        );
        assert_eq!(
            restored_email(Lang::En, "Cats", link).1,
            format!("A moderator restored “Cats”: it can be found and watched again: {link}\n")
        );
        assert_eq!(
            suspended_email(Lang::En, 1_795_788_000_000, "spam"),
            (
                "Your account is suspended".to_string(),
                "A moderator suspended your account until 27 Nov 2026, 14:00 UTC: spam\n\nUntil then you cannot sign in.\n".to_string()
            )
        );
        let (subject, body) = takedown_email(Lang::Fr, "Cats", "spam", link);
        assert_eq!(subject, "Votre élément a été retiré");
        assert!(body.starts_with("Un modérateur a retiré « Cats » : spam\n\n") && body.ends_with(&format!("{link}\n")), "{body}");
        assert!(suspended_email(Lang::Ar, 1_795_788_000_000, "spam").1.contains("١٤:٠٠"));
    }
}
