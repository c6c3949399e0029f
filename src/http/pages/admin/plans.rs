//! Plans on the pages: the admin's Plans tab (the plans with their limits and revenue per
//! month, a form to make one, one to grant or renew one), and the form on an item's edit page that says
//! which plan it requires.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::plan::{format_price, parse_price};
use reel_core::audience::plans::{self, NewPlan};
use reel_core::auth::{Actor, Caller, Scope};

use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// `?done=` after a change.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The confirmation a `?done=` on the Plans tab stands for.
pub static NOTICES: Notices = Notices::new(&[("plan", "admin-notice-plan"), ("granted", "admin-notice-granted")]);

/// `GET /admin/plans`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    let caller: Caller = viewer.required()?;
    caller.require(Scope::Admin)?;
    let revenue = plans::revenue(&state, &caller).await?;
    let list: Vec<Value> = plans::list(&state, &caller)
        .await?
        .into_iter()
        .map(|p| {
            let months: Vec<Value> = revenue
                .iter()
                .filter(|r| r.plan_id == p.id)
                .map(|r| context! { month => r.month, amount => format_price(r.amount_minor, &r.currency), payments => r.payments })
                .collect();
            let limits = Value::from_serialize(p.entitlement);
            context! { id => p.id, name => p.name, description => p.description, price => format_price(p.price_minor, &p.currency), period => p.period, months, limits }
        })
        .collect();
    let page = PageInfo::new(Some(&caller), &t("admin-plans-title", &[]), "admin").with_notice(NOTICES.of(q.done.as_deref()));
    render("admin_plans.html", context! { page, tab => "plans", plans => list })
}

/// The form that makes a plan; an empty limit is none.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    csrf: String,
    name: String,
    price: String,
    currency: String,
    period: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    max_streams: String,
    #[serde(default)]
    max_devices: String,
    #[serde(default)]
    max_height: String,
    /// A checkbox: present when ticked.
    downloads: Option<String>,
}

/// A limit field as typed: empty for none, else a whole number.
fn limit_field(name: &str, text: &str) -> Result<Option<i64>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| PageError::App(AppError::bad_request("invalid-plan", format!("{name}: a whole number"))))
}

/// `POST /admin/plans`.
pub async fn create(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CreateForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let price_minor = parse_price(&f.price).map_err(|e| PageError::App(AppError::bad_request("invalid-plan", e.0)))?;
    let new = NewPlan {
        name: f.name,
        description: f.description,
        price_minor,
        currency: f.currency,
        period: f.period,
        max_streams: limit_field("max_streams", &f.max_streams)?,
        max_devices: limit_field("max_devices", &f.max_devices)?,
        max_height: limit_field("max_height", &f.max_height)?,
        downloads: Some(f.downloads.is_some()),
    };
    plans::create(&state.ctx, Actor::Caller(&caller), &new).await?;
    Ok(see_other("/admin/plans?done=plan"))
}

/// The form that grants or renews a plan.
#[derive(Debug, Deserialize)]
pub struct GrantForm {
    csrf: String,
    plan: String,
    user: String,
    periods: Option<String>,
}

/// `POST /admin/plans/grant`.
pub async fn grant(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<GrantForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let periods = match f.periods.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.parse().map_err(|_| PageError::App(AppError::bad_request("invalid-periods", "periods: a whole number")))?,
        None => 1,
    };
    plans::grant(&state.ctx, Actor::Caller(&caller), &f.plan, &f.user, periods).await?;
    Ok(see_other("/admin/plans?done=granted"))
}

/// The edit page's plan form: `plan` empty for none.
#[derive(Debug, Deserialize)]
pub struct RequireForm {
    csrf: String,
    plan: String,
}

/// `POST /studio/{id}/plan`.
pub async fn require(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<RequireForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let plan = Some(f.plan.trim()).filter(|p| !p.is_empty());
    plans::require(&state, &caller, &id, plan).await?;
    Ok(see_other("/studio?done=saved"))
}
