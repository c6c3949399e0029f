//! Reports and the moderation queue: members report what they may see (an item, a comment,
//! an account), an owner appeals a takedown once, and moderators read the queue and dismiss;
//! what settles reports (an action's outcome told to each reporter, and audited) is here for
//! the actions of `moderation.rs`.

use serde::{Deserialize, Serialize};

use crate::auth::{Caller, Scope};
use crate::library::{item, videos};
use crate::platform::problem::{self, Problem};
use crate::platform::ratelimit::Quota;
use crate::platform::webhooks::{self, Event, ReportEventData};
use crate::platform::Context;
use reel_base::db::notifications;
use reel_base::db::reports::{self as rows, Report};
use reel_base::db::users;
use reel_base::domain::moderation::{ReportKind, ReportStatus, ReportTarget, Statement};
use reel_base::domain::{rfc3339, ReportId, UserId, VideoId};
use reel_base::i18n::Said;

/// Reports one page of the queue shows at most.
pub const MAX_PAGE: u32 = 100;

/// A report to make.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// `video`, `comment` or `account`.
    #[schema(pattern = "^(video|comment|account)$")]
    pub target_type: String,
    /// The id of the item, comment or account.
    pub target_id: String,
    /// Why, in the reporter's words (1–1000 characters; line breaks and tabs but no other
    /// control characters).
    #[schema(
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub reason: String,
}

/// A report as its reporter or a moderator sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub id: ReportId,
    /// `report`, or `appeal` (an owner's appeal of their item's takedown).
    pub kind: ReportKind,
    pub target_type: ReportTarget,
    pub target_id: String,
    /// The item concerned (the item itself, or the comment's).
    pub video_id: Option<VideoId>,
    /// The account concerned (the item's owner, the comment's writer, or the account).
    pub account_id: Option<UserId>,
    pub reason: String,
    /// What was reported, as it was when it was (the title, the comment, the account's name).
    pub excerpt: String,
    pub status: ReportStatus,
    /// What was done, as the reporter is told.
    #[schema(value_type = Option<String>)]
    pub outcome: Option<Said>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub resolved_at: Option<String>,
    /// Who made it (moderators only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter_id: Option<UserId>,
}

impl ReportView {
    fn of(r: Report, for_moderator: bool) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            target_type: r.target_type,
            target_id: r.target_id,
            video_id: r.video_id,
            account_id: r.account_id,
            reason: r.reason,
            excerpt: r.excerpt,
            status: r.status,
            outcome: r.outcome.as_deref().map(Said::from_stored),
            created_at: rfc3339(r.created_at),
            resolved_at: r.resolved_at.map(rfc3339),
            reporter_id: r.reporter_id.filter(|_| for_moderator),
        }
    }
}

/// Refuses anyone who may not work the queue.
pub(super) fn require_moderator(caller: &Caller) -> problem::Result<()> {
    if caller.moderates() {
        Ok(())
    } else {
        Err(Problem::forbidden("this needs the moderate permission"))
    }
}

/// What a report is about, checked against what the reporter may see: the item concerned, the
/// account concerned and the excerpt kept as evidence.
async fn target_of(
    ctx: &Context,
    caller: &Caller,
    target: ReportTarget,
    id: &str,
) -> problem::Result<(Option<VideoId>, Option<UserId>, String)> {
    match target {
        ReportTarget::Video => {
            let video = videos::visible(ctx, Some(caller), id).await?;
            if video.created_by == Some(caller.subject()) {
                return Err(Problem::conflict("own-item", "one's own item is not reported; edit or delete it"));
            }
            Ok((Some(video.id), video.created_by, video.title))
        }
        ReportTarget::Comment => {
            let comment = crate::community::comments::readable(ctx, caller, id).await?;
            if comment.user_id == caller.subject() {
                return Err(Problem::conflict("own-comment", "one's own comment is not reported; edit or delete it"));
            }
            Ok((Some(comment.video_id), Some(comment.user_id), comment.body))
        }
        ReportTarget::Account => {
            let account = id.parse::<UserId>().ok();
            let found = match account {
                Some(a) => users::by_id(&ctx.db, a).await?.filter(|u| u.disabled_at.is_none()),
                None => None,
            };
            let account = found.ok_or_else(|| Problem::not_found("account"))?;
            if account.id == caller.subject() {
                return Err(Problem::conflict("own-account", "one's own account is not reported"));
            }
            Ok((None, Some(account.id), format!("{} (@{})", account.display_name, account.channel)))
        }
    }
}

/// Reports something the caller may see. One open report per reporter and target; at most
/// `community.reports_per_hour` an hour.
pub async fn report(ctx: &Context, caller: &Caller, new: NewReport) -> problem::Result<ReportView> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    let target: ReportTarget =
        new.target_type.parse().map_err(|_| Problem::bad_request("invalid-target", "target_type is video, comment or account"))?;
    let reason = Statement::parse(&new.reason, "reason")?;
    let (video_id, account_id, excerpt) = target_of(ctx, caller, target, new.target_id.trim()).await?;
    let target_id = match target {
        ReportTarget::Video => video_id.map(|v| v.to_string()).unwrap_or_default(),
        ReportTarget::Account => account_id.map(|a| a.to_string()).unwrap_or_default(),
        ReportTarget::Comment => new.target_id.trim().to_lowercase(),
    };
    if rows::open_by(&ctx.db, caller.subject(), ReportKind::Report, target, &target_id).await? {
        return Err(Problem::conflict("already-reported", "you reported this already; moderators will look at it"));
    }
    let quota = Quota::per_hour(ctx.config.community.reports_per_hour);
    ctx.shared.check_rate(&format!("report:{}", caller.subject()), quota).await?;
    let report = Report {
        id: ReportId::new(),
        kind: ReportKind::Report,
        reporter_id: Some(caller.subject()),
        target_type: target,
        target_id,
        video_id,
        account_id,
        reason: reason.as_str().to_string(),
        excerpt,
        status: ReportStatus::Open,
        outcome: None,
        created_at: ctx.clock().now_ms(),
        resolved_at: None,
        resolved_by: None,
    };
    rows::insert(&ctx.db, &report).await?;
    announce_report(ctx, &report).await;
    Ok(ReportView::of(report, false))
}

async fn announce_report(ctx: &Context, report: &Report) {
    let data = ReportEventData {
        id: report.id,
        kind: report.kind.as_str(),
        target_type: report.target_type.as_str(),
        target_id: report.target_id.clone(),
        video_id: report.video_id,
        reason: report.reason.clone(),
    };
    webhooks::announce(ctx, Event::report_created(data)).await;
}

/// The caller's own reports and appeals, newest first.
pub async fn mine(ctx: &Context, caller: &Caller) -> problem::Result<Vec<ReportView>> {
    caller.require(Scope::Read)?;
    Ok(rows::by_reporter(&ctx.db, caller.subject(), MAX_PAGE).await?.into_iter().map(|r| ReportView::of(r, false)).collect())
}

/// A page of the queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueuePage {
    pub items: Vec<ReportView>,
    /// Open reports in all.
    pub open: i64,
    pub next_cursor: Option<String>,
}

/// The queue: open reports oldest first, or (`resolved`) the resolved ones newest first.
pub async fn queue(ctx: &Context, caller: &Caller, resolved: bool, limit: u32, cursor: Option<&str>) -> problem::Result<QueuePage> {
    require_moderator(caller)?;
    let after = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => {
            let bad = || Problem::bad_request("invalid-cursor", "cursor is the next_cursor of an earlier page");
            let (at, id) = c.split_once('.').ok_or_else(bad)?;
            Some((at.parse().map_err(|_| bad())?, id.parse().map_err(|_| bad())?))
        }
        None => None,
    };
    let limit = limit.clamp(1, MAX_PAGE);
    let found = rows::queue(&ctx.db, !resolved, after, limit).await?;
    let next_cursor = found
        .last()
        .filter(|_| found.len() == limit as usize)
        .map(|r| format!("{}.{}", if resolved { r.resolved_at.unwrap_or(r.created_at) } else { r.created_at }, r.id));
    let open = rows::open_count(&ctx.db).await?;
    Ok(QueuePage { items: found.into_iter().map(|r| ReportView::of(r, true)).collect(), open, next_cursor })
}

/// One report, for a moderator.
async fn report_of(ctx: &Context, id: &str) -> problem::Result<Report> {
    let id: ReportId = id.parse().map_err(|_| Problem::not_found("report"))?;
    rows::get(&ctx.db, id).await?.ok_or_else(|| Problem::not_found("report"))
}

/// The reports an action settles: those of one kind about one target.
#[derive(Debug, Clone, Copy)]
pub(super) struct About<'a> {
    pub(super) kind: ReportKind,
    pub(super) target: ReportTarget,
    pub(super) id: &'a str,
}

impl<'a> About<'a> {
    pub(super) fn reports(target: ReportTarget, id: &'a str) -> Self {
        Self { kind: ReportKind::Report, target, id }
    }
    pub(super) fn appeals(id: &'a str) -> Self {
        Self { kind: ReportKind::Appeal, target: ReportTarget::Video, id }
    }
}

/// One report, for a moderator about to act on what it is about.
pub async fn report_for(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<ReportView> {
    require_moderator(caller)?;
    Ok(ReportView::of(report_of(ctx, id).await?, true))
}

/// Resolves the open reports `about` says as `status` with `outcome`, tells each reporter, and
/// audits the action (`action` names it).
pub(super) async fn settle(
    ctx: &Context,
    moderator: &Caller,
    about: About<'_>,
    status: ReportStatus,
    outcome: Said,
    action: &str,
) -> problem::Result<Vec<Report>> {
    let About { kind, target, id: target_id } = about;
    let settled = rows::resolve(&ctx.db, kind, target, target_id, status, &outcome.stored(), Some(moderator.subject())).await?;
    for report in &settled {
        if let Some(reporter) = report.reporter_id {
            notifications::tell_reporter(&ctx.db, reporter, report.id).await?;
        }
    }
    let detail = Said::new("audit-reports-resolved").arg("outcome", outcome).arg("n", settled.len());
    reel_base::db::audit::record(&ctx.db, Some(moderator.subject()), action, Some(&format!("{target}:{target_id}")), None, Some(&detail))
        .await?;
    Ok(settled)
}

/// Body of a dismissal.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    /// What the reporters are told, beside "no action was taken": at most 1000 characters;
    /// line breaks and tabs but no other control characters.
    #[serde(default)]
    #[schema(max_length = 1000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$")]
    pub note: Option<String>,
}

/// Dismisses a report and every other open one about the same target (for an appeal: the
/// takedown stands).
pub async fn dismiss(ctx: &Context, caller: &Caller, id: &str, note: Option<&str>) -> problem::Result<()> {
    require_moderator(caller)?;
    let report = report_of(ctx, id).await?;
    if report.status != ReportStatus::Open {
        return Err(Problem::conflict("not-open", "the report was resolved already"));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(|n| Statement::parse(n, "note")).transpose()?;
    let outcome = match (report.kind, &note) {
        (ReportKind::Appeal, Some(n)) => Said::new("report-outcome-stands-note").arg("note", n.as_str()),
        (ReportKind::Appeal, None) => Said::new("report-outcome-stands"),
        (ReportKind::Report, Some(n)) => Said::new("report-outcome-no-action-note").arg("note", n.as_str()),
        (ReportKind::Report, None) => Said::new("report-outcome-no-action"),
    };
    let about = About { kind: report.kind, target: report.target_type, id: &report.target_id };
    settle(ctx, caller, about, ReportStatus::Dismissed, outcome, "report.dismissed").await?;
    Ok(())
}

/// Body of an appeal.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAppeal {
    /// What the owner says (1–1000 characters; line breaks and tabs but no other control
    /// characters).
    #[schema(
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub message: String,
}

/// The owner's one appeal of their item's takedown: it joins the queue.
pub async fn appeal(ctx: &Context, caller: &Caller, id: &str, message: &str) -> problem::Result<ReportView> {
    caller.require(Scope::Upload)?;
    let video = videos::visible(ctx, Some(caller), id).await?;
    if video.created_by != Some(caller.subject()) {
        return Err(Problem::forbidden("only the item's owner may appeal its takedown"));
    }
    let message = Statement::parse(message, "message")?;
    if video.taken_down_at.is_none() {
        return Err(Problem::conflict("not-taken-down", "the item is not taken down"));
    }
    if !item::set_appealed(ctx, video.id).await? {
        return Err(Problem::conflict("already-appealed", "a takedown may be appealed once"));
    }
    let report = Report {
        id: ReportId::new(),
        kind: ReportKind::Appeal,
        reporter_id: Some(caller.subject()),
        target_type: ReportTarget::Video,
        target_id: video.id.to_string(),
        video_id: Some(video.id),
        account_id: video.created_by,
        reason: message.as_str().to_string(),
        excerpt: format!("{} — taken down: {}", video.title, video.takedown_reason.unwrap_or_default()),
        status: ReportStatus::Open,
        outcome: None,
        created_at: ctx.clock().now_ms(),
        resolved_at: None,
        resolved_by: None,
    };
    rows::insert(&ctx.db, &report).await?;
    announce_report(ctx, &report).await;
    Ok(ReportView::of(report, false))
}
