//! `/api/v1/plans…` and `/api/v1/admin/plans…`: the plans there are and the caller's own; an
//! admin's making plans, granting, renewing and ending them, and the revenue they brought;
//! and which plan an item requires.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::entitlement::Entitlement;
use reel_base::domain::plan::format_price;
use reel_base::domain::{rfc3339, PlanId, UserId};
use reel_core::audience::plans::{self, NewPlan, PlanRecord, Revenue};
use reel_core::auth::{Actor, Caller};

/// The plan routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mine))
        .routes(routes!(create))
        .routes(routes!(revenue))
        .routes(routes!(grant))
        .routes(routes!(end))
        .routes(routes!(require))
}

/// A plan as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    id: PlanId,
    name: String,
    description: String,
    price_minor: i64,
    currency: String,
    /// The price as people read it, e.g. `9.99 EUR`.
    price: String,
    period: String,
    created_at: String,
    /// Streams its holder may play at once; null for no limit.
    max_streams: Option<u32>,
    /// Devices its holder may have signed in at once; null for no limit.
    max_devices: Option<u32>,
    /// The tallest rung its holder may play, in lines; null for every rung.
    max_height: Option<u32>,
    /// Whether its holder is offered and served the downloads.
    downloads: bool,
}

/// The plans on offer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct PlanList {
    items: Vec<PlanView>,
}

/// A plan the caller holds, and for when.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Held {
    plan: PlanView,
    since: String,
    until: String,
}

/// The plans the caller holds, and what they may do with them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct HeldList {
    items: Vec<Held>,
    /// The best of each held plan's limits, or the site's `[entitlements]` when none is held.
    entitlement: Entitlement,
}

/// A grant made or renewed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Granted {
    user: UserId,
    plan: PlanView,
    /// Whether the account held the plan already (and it was extended).
    renewed: bool,
    /// The start of the periods paid for.
    paid_from: String,
    until: String,
}

/// Revenue by plan and month.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct RevenueList {
    items: Vec<Revenue>,
}

/// The plan an item now requires.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Required {
    required_plan: Option<PlanView>,
}

fn view(p: PlanRecord) -> PlanView {
    let e = p.entitlement;
    PlanView {
        max_streams: e.max_streams,
        max_devices: e.max_devices,
        max_height: e.max_height,
        downloads: e.downloads,
        price: format_price(p.price_minor, &p.currency),
        id: p.id,
        name: p.name,
        description: p.description,
        price_minor: p.price_minor,
        currency: p.currency,
        period: p.period,
        created_at: rfc3339(p.created_at),
    }
}

/// `GET /api/v1/plans`: every plan.
#[utoipa::path(
    get, path = "/api/v1/plans", tag = "plans",
    responses((status = 200, description = "The plans on offer", body = PlanList))
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<PlanList>> {
    let items: Vec<PlanView> = plans::list(&state, &caller).await?.into_iter().map(view).collect();
    Ok(Json(PlanList { items }))
}

/// `GET /api/v1/plans/mine`: the plans the caller holds, with since and until when.
#[utoipa::path(
    get, path = "/api/v1/plans/mine", tag = "plans",
    responses((status = 200, description = "The plans the caller holds", body = HeldList))
)]
async fn mine(State(state): State<AppState>, caller: Caller) -> AppResult<Json<HeldList>> {
    let held = plans::held(&state, &caller).await?;
    let entitlement = plans::entitlement_of(&state, &held);
    let items = held.into_iter().map(|h| Held { plan: view(h.plan), since: rfc3339(h.starts_at), until: rfc3339(h.ends_at) }).collect();
    Ok(Json(HeldList { items, entitlement }))
}

/// `POST /api/v1/admin/plans` `{"name", "price_minor", "currency", "period", "description"?,
/// "max_streams"?, "max_devices"?, "max_height"?, "downloads"?}`.
#[utoipa::path(
    post, path = "/api/v1/admin/plans", tag = "plans",
    responses(
        (status = 201, description = "Made", body = PlanView),
        (status = 409, description = "A plan of that name exists", body = crate::http::api::openapi::Problem),
    )
)]
async fn create(State(state): State<AppState>, caller: Caller, Json(new): Json<NewPlan>) -> AppResult<(StatusCode, Json<PlanView>)> {
    Ok((StatusCode::CREATED, Json(view(plans::create(&state.ctx, Actor::Caller(&caller), &new).await?))))
}

/// Body of a grant.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Grant {
    /// The account: its id or email address.
    #[schema(
        max_length = 254,
        pattern = r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[^@\s]+@[^@\s]+)$"
    )]
    user: String,
    /// How many periods it pays for (default 1).
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 120)]
    periods: u32,
}

fn one() -> u32 {
    1
}

/// `POST /api/v1/admin/plans/{plan}/grants` `{"user", "periods"?}`: grants the plan (201) or
/// renews a running grant by as much (200); `{plan}` is its id or name.
#[utoipa::path(
    post, path = "/api/v1/admin/plans/{plan}/grants", tag = "plans",
    responses(
        (status = 201, description = "Granted", body = Granted),
        (status = 200, description = "Renewed: the account held it already", body = Granted),
    )
)]
async fn grant(
    State(state): State<AppState>,
    caller: Caller,
    Path(plan): Path<String>,
    Json(g): Json<Grant>,
) -> AppResult<(StatusCode, Json<Granted>)> {
    let (user, plan, granted) = plans::grant(&state.ctx, Actor::Caller(&caller), &plan, &g.user, g.periods).await?;
    let status = if granted.renewed { StatusCode::OK } else { StatusCode::CREATED };
    let body = Granted {
        user: user.id,
        plan: view(plan),
        renewed: granted.renewed,
        paid_from: rfc3339(granted.period_start),
        until: rfc3339(granted.ends_at),
    };
    Ok((status, Json(body)))
}

/// `DELETE /api/v1/admin/plans/{plan}/grants/{user}`: ends a running grant now (204).
#[utoipa::path(
    delete, path = "/api/v1/admin/plans/{plan}/grants/{user}", tag = "plans",
    responses((status = 204, description = "Ended"))
)]
async fn end(State(state): State<AppState>, caller: Caller, Path((plan, user)): Path<(String, String)>) -> AppResult<StatusCode> {
    plans::end(&state, &caller, &plan, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/plans/revenue`: per plan and month (UTC), newest month first.
#[utoipa::path(
    get, path = "/api/v1/admin/plans/revenue", tag = "plans",
    responses((status = 200, description = "Revenue by plan and month", body = RevenueList))
)]
async fn revenue(State(state): State<AppState>, caller: Caller) -> AppResult<Json<RevenueList>> {
    let items: Vec<Revenue> = plans::revenue(&state, &caller).await?;
    Ok(Json(RevenueList { items }))
}

/// Body of `PUT /api/v1/videos/{id}/plan`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Require {
    /// The plan's id or name; null: none.
    plan: Option<String>,
}

/// `PUT /api/v1/videos/{id}/plan` `{"plan": …|null}`: which plan the item requires (its owner
/// or an admin).
#[utoipa::path(
    put, path = "/api/v1/videos/{id}/plan", tag = "plans",
    responses((status = 200, description = "The plan the item now requires (none: free to members)", body = Required))
)]
async fn require(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(r): Json<Require>,
) -> AppResult<Json<Required>> {
    let plan = plans::require(&state, &caller, &id, r.plan.as_deref()).await?;
    Ok(Json(Required { required_plan: plan.map(view) }))
}
