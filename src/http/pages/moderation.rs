//! Moderation in the pages: the report form every item, comment and channel has, the
//! reporter's own reports, an owner's appeal of a takedown, and the moderation queue with
//! its actions (moderators and admins).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::community::moderation::{self, Suspension};
use crate::community::reports::{self, NewReport};
use crate::domain::moderation::{ReportKind, ReportTarget};
use crate::error::AppError;
use crate::state::AppState;

use super::{form_caller, render, see_other, t, Notices, PageError, PageInfo, PageResult, Viewer};

/// Reports one page of the queue shows.
const QUEUE_PAGE: u32 = 50;

/// The report form.
#[derive(Debug, Deserialize)]
pub struct ReportForm {
    csrf: String,
    target_type: String,
    target_id: String,
    reason: String,
}

/// `POST /report`: then the reporter's own reports, with this one on top.
pub async fn report(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ReportForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let new = NewReport { target_type: f.target_type, target_id: f.target_id, reason: f.reason };
    reports::report(&state, &caller, new).await?;
    Ok(see_other("/reports?done=reported"))
}

/// `?done=` after an action, and the queue's `?status=` and `?cursor=`.
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    done: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

/// The confirmation a `?done=` on the reporter's page or the queue stands for.
pub(super) static NOTICES: Notices = Notices::new(&[
    ("reported", "my-reports-notice-reported"),
    ("appealed", "my-reports-notice-appealed"),
    ("dismissed", "moderation-notice-dismissed"),
    ("taken-down", "moderation-notice-taken-down"),
    ("restored", "moderation-notice-restored"),
    ("item-deleted", "moderation-notice-item-deleted"),
    ("comment-hidden", "moderation-notice-comment-hidden"),
    ("comment-deleted", "moderation-notice-comment-deleted"),
    ("suspended", "moderation-notice-suspended"),
]);

/// `GET /reports`: the viewer's reports and appeals, with what came of each.
pub async fn mine(State(state): State<AppState>, viewer: Viewer, Query(q): Query<QueueQuery>) -> PageResult {
    let caller = viewer.required()?;
    let reports = reports::mine(&state, &caller).await?;
    let page = PageInfo::new(Some(&caller), &t("my-reports-title", &[]), "reports").with_notice(NOTICES.of(q.done.as_deref()));
    render("reports.html", context! { page, reports })
}

/// The appeal form.
#[derive(Debug, Deserialize)]
pub struct AppealForm {
    csrf: String,
    message: String,
}

/// `POST /watch/{id}/appeal`.
pub async fn appeal(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<AppealForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    reports::appeal(&state, &caller, &id, &f.message).await?;
    Ok(see_other("/reports?done=appealed"))
}

/// `GET /admin/reports?status=open|resolved`: the queue.
pub async fn queue(State(state): State<AppState>, viewer: Viewer, Query(q): Query<QueueQuery>) -> PageResult {
    let caller = viewer.required()?;
    let resolved = q.status.as_deref() == Some("resolved");
    let page_of = reports::queue(&state, &caller, resolved, QUEUE_PAGE, q.cursor.as_deref()).await?;
    let status = if resolved { "resolved" } else { "open" };
    let more = page_of.next_cursor.as_ref().map(|c| format!("/admin/reports?status={status}&cursor={c}"));
    let page = PageInfo::new(Some(&caller), &t("shell-moderation", &[]), "admin").with_notice(NOTICES.of(q.done.as_deref()));
    render("admin_reports.html", context! { page, tab => "reports", reports => page_of.items, open => page_of.open, status, more })
}

/// One action on a report: `dismiss`, `take_down`, `restore`, `delete_item`, `hide_comment`,
/// `delete_comment` or `suspend` (the account concerned), with what it takes.
#[derive(Debug, Deserialize)]
pub struct ActForm {
    csrf: String,
    action: String,
    reason: Option<String>,
    note: Option<String>,
    days: Option<String>,
}

/// `POST /admin/reports/{id}/act`: the action, on what the report is about.
pub async fn act(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ActForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let report = reports::report_for(&state, &caller, &id).await?;
    let reason = f.reason.as_deref().unwrap_or_default();
    let target = report.target_id.as_str();
    let done = match (f.action.as_str(), report.target_type, report.kind) {
        ("dismiss", _, _) => {
            reports::dismiss(&state, &caller, &id, f.note.as_deref()).await?;
            "dismissed"
        }
        ("take_down", ReportTarget::Video, ReportKind::Report) => {
            moderation::take_down(&state, &caller, target, reason).await?;
            "taken-down"
        }
        ("restore", ReportTarget::Video, ReportKind::Appeal) => {
            moderation::restore(&state, &caller, target).await?;
            "restored"
        }
        ("delete_item", ReportTarget::Video, _) => {
            moderation::delete_item(&state, &caller, target).await?;
            "item-deleted"
        }
        ("hide_comment", ReportTarget::Comment, _) => {
            moderation::hide_comment(&state, &caller, target).await?;
            "comment-hidden"
        }
        ("delete_comment", ReportTarget::Comment, _) => {
            moderation::delete_comment(&state, &caller, target).await?;
            "comment-deleted"
        }
        // The account reported, or the one whose item or comment it is.
        ("suspend", _, ReportKind::Report) if report.account_id.is_some() => {
            let days = f.days.as_deref().unwrap_or_default().trim().parse().map_err(|_| {
                PageError::App(AppError::bad_request("invalid-days", "a suspension lasts a whole number of days, 1 to 365"))
            })?;
            let account = report.account_id.map(|a| a.to_string()).unwrap_or_default();
            moderation::suspend(&state, &caller, &account, &Suspension { days, reason: reason.to_string() }).await?;
            "suspended"
        }
        _ => return Err(PageError::App(AppError::bad_request("invalid-action", "that action does not fit what the report is about"))),
    };
    Ok(see_other(&format!("/admin/reports?done={done}")))
}
