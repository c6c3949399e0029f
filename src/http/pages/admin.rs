//! The admin area: accounts and roles, the job queue (with retry), the audit log.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{account, Caller, Scope};
use crate::db::{audit, jobs, users};
use crate::http::api;

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
    let accounts: Vec<Value> = users::list(&state.db)
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
                created_at => u.created_at,
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), "Admin: accounts", "admin").with_notice(notice(q.done.as_deref()));
    render("admin_users.html", context! { page, tab => "users", accounts, roles => ["viewer", "creator", "admin"] })
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
    let filter = q.state.as_deref().filter(|s| api::JOB_STATES.contains(s));
    let rows = jobs::recent(&state.db, 200, filter).await?;
    let titles: HashMap<String, String> = {
        let mut t = HashMap::new();
        for job in &rows {
            if let Some(id) = video_of(&job.payload) {
                if let Some(v) = crate::db::videos::get(&state.db, id).await? {
                    t.insert(job.id.clone(), v.title);
                }
            }
        }
        t
    };
    let jobs: Vec<Value> = rows
        .into_iter()
        .map(|j| {
            let video = video_of(&j.payload).map(|v| v.to_string());
            context! {
                title => titles.get(&j.id).cloned(),
                retryable => matches!(j.state.as_str(), "failed" | "dead"),
                id => j.id,
                kind => j.kind,
                state => j.state,
                attempts => j.attempts,
                max_attempts => j.max_attempts,
                last_error => j.last_error,
                created_at => j.created_at,
                updated_at => j.updated_at,
                video,
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), "Admin: jobs", "admin").with_notice(notice(q.done.as_deref()));
    render("admin_jobs.html", context! { page, tab => "jobs", jobs, states => api::JOB_STATES, current => filter })
}

/// The video a job is about, for jobs that are about one.
fn video_of(payload: &str) -> Option<crate::domain::VideoId> {
    serde_json::from_str::<crate::jobs::process_video::ProcessVideo>(payload).ok().map(|p| p.video_id)
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
    api::retry_job(&state, &caller, &f.job).await?;
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
    let events = audit::recent(&state.db, AUDIT_PAGE, q.before).await?;
    let older = (events.len() == AUDIT_PAGE as usize).then(|| events.last().map(|e| e.id)).flatten();
    let page = PageInfo::new(Some(&caller), "Admin: audit log", "admin");
    render("admin_audit.html", context! { page, tab => "audit", events, older })
}
