//! The admin area: accounts and roles, the job queue (with retry), the audit log.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::state::AppState;
use reel_base::domain::JobState;
use reel_base::i18n::{self, Lang};
use reel_core::auth::{account, Caller, Scope};
use reel_core::library::videos;
use reel_core::library::videos::JobListing;

use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

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

/// The confirmation a `?done=` on the accounts and jobs pages stands for.
pub static NOTICES: Notices = Notices::new(&[
    ("role", "admin-notice-role"),
    ("disabled", "admin-notice-disabled"),
    ("enabled", "admin-notice-enabled"),
    ("invited", "admin-notice-invited"),
    ("retried", "admin-notice-retried"),
]);

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
                suspended_until => u.suspended_until.filter(|t| *t > reel_base::domain::now_ms()),
                created_at => u.created_at,
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), &t("admin-users-title", &[]), "admin").with_notice(NOTICES.of(q.done.as_deref()));
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
    let page = PageInfo::new(Some(&caller), &t("admin-jobs-title", &[]), "admin").with_notice(NOTICES.of(q.done.as_deref()));
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
    let page = PageInfo::new(Some(&caller), &t("admin-audit-title", &[]), "admin");
    render("admin_audit.html", context! { page, tab => "audit", events, older })
}

/// `GET /admin/health`: the built-in alarms and their latest events.
pub async fn health_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let caller = admin(viewer)?;
    let (alarms, events) = reel_core::ops::monitor::alarms::for_admin(&state, &caller).await?;
    let firing = alarms.iter().filter(|a| a.state == "firing").count();
    let lang = shell::lang();
    let alarms: Vec<Value> = alarms
        .into_iter()
        .map(|a| {
            context! {
                name => a.name,
                summary => a.summary,
                state => a.state,
                detail => a.detail,
                direction => a.fires_when,
                threshold => setting_number(lang, &Value::from(a.threshold).to_string()),
                window => (a.window_secs > 0).then(|| setting_number(lang, &a.window_secs.to_string())),
                hold => setting_number(lang, &a.for_secs.to_string()),
                since => a.since,
                fired_at => a.fired_at,
            }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), &t("admin-health-title", &[]), "admin");
    render("admin_health.html", context! { page, tab => "health", alarms, events, firing, enabled => state.config.alarms.enabled })
}

/// A setting's number as it reads in the configuration (`0.95`, `300.0`, `3600`: its own
/// decimals, no grouping), in the language's digits and decimal mark.
fn setting_number(lang: Lang, written: &str) -> String {
    // The language's mark is what separates the digits of a half ("0.5", "0,5", "٠٫٥").
    let half = i18n::number(lang, 0.5, 1);
    let mark: String = half.chars().skip(1).take(half.chars().count().saturating_sub(2)).collect();
    written
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => i18n::number(lang, f64::from(d), 0),
            None if c == '.' => mark.clone(),
            None => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_reads_as_written_in_each_languages_digits() {
        assert_eq!(setting_number(Lang::En, "3600"), "3600");
        assert_eq!(setting_number(Lang::En, "0.95"), "0.95");
        assert_eq!(setting_number(Lang::Fr, "300.0"), "300,0");
        assert_eq!(setting_number(Lang::Ar, "0.5"), "٠٫٥");
    }
}
