//! Moderation in the pages: the report form every item, comment and channel has, the
//! reporter's own reports, an owner's appeal of a takedown, and the moderation queue with
//! its actions (moderators and admins), beside a takedown of an item by its address (reported
//! or not) and the accounts suspended now, each with its suspension to lift.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::moderation::{ReportKind, ReportTarget};
use reel_core::auth::Caller;
use reel_core::community::moderation::{self, Suspension};
use reel_core::community::reports::{self, NewReport};
use reel_core::community::suspensions;

use crate::http::pages::account::sign_in;
use crate::http::pages::frame::form_error::FormError;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

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
pub static NOTICES: Notices = Notices::new(&[
    ("reported", "my-reports-notice-reported"),
    ("appealed", "my-reports-notice-appealed"),
    ("dismissed", "moderation-notice-dismissed"),
    ("taken-down", "moderation-notice-taken-down"),
    ("restored", "moderation-notice-restored"),
    ("item-deleted", "moderation-notice-item-deleted"),
    ("comment-hidden", "moderation-notice-comment-hidden"),
    ("comment-deleted", "moderation-notice-comment-deleted"),
    ("suspended", "moderation-notice-suspended"),
    ("suspension-lifted", "moderation-notice-suspension-lifted"),
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
    queue_view(&state, &caller, &q, None).await
}

/// The queue, the takedown form (with what was typed and why it was refused, if it was) and
/// the accounts suspended now.
async fn queue_view(state: &AppState, caller: &Caller, q: &QueueQuery, refused: Option<(&TakeDownForm, FormError)>) -> PageResult {
    let resolved = q.status.as_deref() == Some("resolved");
    let page_of = reports::queue(state, caller, resolved, QUEUE_PAGE, q.cursor.as_deref()).await?;
    let suspended = suspensions::list(state, caller).await?;
    let status = if resolved { "resolved" } else { "open" };
    let more = page_of.next_cursor.as_ref().map(|c| format!("/admin/reports?status={status}&cursor={c}"));
    let page = PageInfo::new(Some(caller), &t("shell-moderation", &[]), "admin").with_notice(NOTICES.of(q.done.as_deref()));
    let (typed, error) = match refused {
        Some((f, error)) => (context! { item => f.item, reason => f.reason }, Some(error)),
        None => (context! { item => "", reason => "" }, None),
    };
    let refused = error.is_some();
    let ctx = context! { page, tab => "reports", reports => page_of.items, open => page_of.open, status, more, suspended, typed, error };
    let mut response = render("admin_reports.html", ctx)?;
    if refused {
        *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    Ok(response)
}

/// The takedown of an item named by its address (its watch, embed or share link) or its id,
/// reported or not, with the reason its owner and the public see.
#[derive(Debug, Deserialize)]
pub struct TakeDownForm {
    csrf: String,
    item: String,
    reason: String,
}

/// The item an address names: the last part of its path (`/watch/{id}`, `/embed/{id}`), or
/// the id itself.
fn item_named(address: &str) -> &str {
    let path = address.trim().split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

/// `POST /admin/takedown`: takes the item down (the moderation rules decide whether this
/// moderator may), or shows the queue with why not beside the field it is about.
pub async fn take_down(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<TakeDownForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match moderation::take_down(&state, &caller, item_named(&f.item), &f.reason).await {
        Ok(()) => Ok(see_other("/admin/reports?done=taken-down")),
        Err(e) if e.status().is_client_error() => {
            let field = if e.code() == "invalid-text" { "takedown-reason" } else { "takedown-item" };
            queue_view(&state, &caller, &QueueQuery::default(), Some((&f, FormError::at(field, &e)))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/suspensions/{id}/lift`: ends the account's suspension now.
pub async fn lift_suspension(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<sign_in::CsrfForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    moderation::lift_suspension(&state, &caller, &id).await?;
    Ok(see_other("/admin/reports?done=suspension-lifted#suspended"))
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

#[cfg(test)]
mod tests {
    use super::item_named;

    #[test]
    fn an_item_is_named_by_its_watch_or_embed_address_or_its_id() {
        let id = "0190a7d2-8c4e-7b1a-9f3e-2d5c6b7a8e9f";
        for address in [
            id.to_string(),
            format!("  {id} "),
            format!("https://reel.example/watch/{id}"),
            format!("https://reel.example/watch/{id}/?t=30#comments"),
            format!("/embed/{id}?share=abc"),
        ] {
            assert_eq!(item_named(&address), id, "{address}");
        }
        assert_eq!(item_named(""), "");
    }
}
