//! The admin area: accounts and roles, the job queue (with retry), the audit log.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::{account, Caller, Scope};
use crate::domain::JobState;
use crate::library::videos;
use crate::library::videos::JobListing;
use crate::state::AppState;

use super::{form_caller, notice, render, see_other, PageError, PageInfo, PageResult, Viewer};

fn admin(viewer: Viewer) -> Result<Caller, PageError> {
    let caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    Ok(caller)
}

/// `?done=` after a change.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /admin`: every account with its role, and the invitation form.
pub async fn users_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    let caller = admin(viewer)?;
    let accounts: Vec<Value> = account::accounts(&state, &caller)
        .await?
        .into_iter()
        .map(|u| {
            context! {
                id => u.id,
                email => u.email,
                phone => u.phone,
                display_name => u.display_name,
                channel => u.channel,
                role => u.role,
                totp => u.totp_enabled_at.is_some(),
                disabled => u.disabled_at.is_some(),
                suspended_until => u.suspended_until.filter(|t| *t > crate::domain::now_ms()),
                created_at => u.created_at,
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), "Admin: accounts", "admin").with_notice(notice(q.done.as_deref()));
    render("admin_users.html", context! { page, tab => "users", accounts, roles => ["viewer", "moderator", "creator", "admin"] })
}

/// `POST /admin/users/role`.
#[derive(Debug, Deserialize)]
pub struct RoleForm {
    csrf: String,
    user: String,
    role: String,
}

/// Changes an account's role.
pub async fn set_role(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<RoleForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    account::set_role(&state, &caller, &f.user, &f.role).await?;
    Ok(see_other("/admin?done=role"))
}

/// `POST /admin/users/disable`: `disabled` is `1` to disable, `0` to enable again.
#[derive(Debug, Deserialize)]
pub struct DisableForm {
    csrf: String,
    user: String,
    disabled: String,
}

/// Disables an account or enables it again.
pub async fn set_disabled(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<DisableForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let disabled = f.disabled == "1";
    account::set_disabled(&state, &caller, &f.user, disabled).await?;
    Ok(see_other(if disabled { "/admin?done=disabled" } else { "/admin?done=enabled" }))
}

/// `POST /admin/invite`.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    csrf: String,
    email: String,
    role: String,
}

/// Lets an email address sign up with a role.
pub async fn invite(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<InviteForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    account::invite(&state, &caller, &f.email, Some(&f.role)).await?;
    Ok(see_other("/admin?done=invited"))
}

/// `?state=&done=` of the job queue page.
#[derive(Debug, Deserialize)]
pub struct JobsQuery {
    state: Option<String>,
    done: Option<String>,
}

/// `GET /admin/jobs`: the newest jobs, by state, with their attempts and last error.
pub async fn jobs_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<JobsQuery>) -> PageResult {
    let caller = admin(viewer)?;
    // An unknown state in a hand-typed link lists every state.
    let filter = q.state.as_deref().and_then(|s| s.parse::<JobState>().ok());
    let jobs: Vec<Value> = videos::jobs(&state, &caller, 200, filter)
        .await?
        .into_iter()
        .map(|JobListing { job: j, video_id, video_title }| {
            context! {
                title => video_title,
                retryable => j.state.is_retryable(),
                id => j.id.to_string(),
                kind => j.kind,
                state => j.state,
                attempts => j.attempts,
                max_attempts => j.max_attempts,
                last_error => j.last_error,
                created_at => j.created_at,
                updated_at => j.updated_at,
                video => video_id.map(|v| v.to_string()),
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), "Admin: jobs", "admin").with_notice(notice(q.done.as_deref()));
    render("admin_jobs.html", context! { page, tab => "jobs", jobs, states => JobState::ALL, current => filter })
}

/// `POST /admin/jobs/retry`.
#[derive(Debug, Deserialize)]
pub struct RetryForm {
    csrf: String,
    job: String,
}

/// Queues a failed or dead job again.
pub async fn retry_job(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<RetryForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    caller.require(Scope::Admin)?;
    videos::retry_job(&state, &caller, &f.job).await?;
    Ok(see_other("/admin/jobs?done=retried"))
}

/// `?before=` of the audit log.
#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

/// Audit rows per page.
const AUDIT_PAGE: u32 = 100;

/// `GET /admin/audit`: security events, newest first.
pub async fn audit_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<AuditQuery>) -> PageResult {
    let caller = admin(viewer)?;
    let events = account::audit_log(&state, &caller, AUDIT_PAGE, q.before).await?;
    let older = (events.len() == AUDIT_PAGE as usize).then(|| events.last().map(|e| e.id)).flatten();
    let page = PageInfo::new(Some(&caller), "Admin: audit log", "admin");
    render("admin_audit.html", context! { page, tab => "audit", events, older })
}

/// `GET /admin/health`: the built-in alarms and their latest events.
pub async fn health_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let caller = admin(viewer)?;
    let (alarms, events) = crate::ops::monitor::alarms::for_admin(&state, &caller).await?;
    let firing = alarms.iter().filter(|a| a.state == "firing").count();
    let page = PageInfo::new(Some(&caller), "Admin: health", "admin");
    render("admin_health.html", context! { page, tab => "health", alarms, events, firing, enabled => state.config.alarms.enabled })
}
