//! `/api/v1/webhooks…`: registering, changing, testing and removing webhook endpoints, rotating
//! their secrets, and reading and resending their deliveries.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::http::api::idempotent;
use crate::http::extract::Json;
use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::integrations::webhooks::{
    self, DeliveryPage, EndpointChange, EndpointView, NewEndpoint, Owner, Registered, Rotated, Rotation,
};
use reel_core::platform::idempotency;
use reel_core::platform::webhooks::{is_admin_event, EVENTS};

use crate::http::api::paging::{page_limit, PageParams};

/// The webhook routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(event_types))
        .routes(routes!(show, change, remove))
        .routes(routes!(rotate))
        .routes(routes!(test))
        .routes(routes!(deliveries))
        .routes(routes!(resend))
}

/// `GET /api/v1/webhooks`: the caller's endpoints.
#[utoipa::path(
    get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, description = "The caller's endpoints, oldest first, without their secrets", body = Vec<EndpointView>))
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Vec<EndpointView>>> {
    Ok(Json(webhooks::list(&state, Owner::of(&caller)?).await?))
}

/// `POST /api/v1/webhooks` `{"url","events","secret"?,"description"?}` → 201 with the
/// endpoint, and its `secret` when the server made it. With an `Idempotency-Key`, once for the
/// same body.
#[utoipa::path(
    post, path = "/api/v1/webhooks", tag = "webhooks",
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Retrying with the same key and request answers what the first did (`Idempotent-Replayed: true`), for 24 hours")),
    responses(
        (status = 201, description = "Registered", body = Registered,
            headers(("Idempotent-Replayed" = String, description = "`true` on an answer repeated for a retry"))),
        (status = 409, description = "The account has as many endpoints as it may, or a request with this Idempotency-Key is still being served", body = crate::http::api::openapi::Problem),
        (status = 422, description = "The URL, an event type or the secret is refused (a private address among them), or this Idempotency-Key came with a different request", body = crate::http::api::openapi::Problem),
    )
)]
async fn register(State(state): State<AppState>, caller: Caller, headers: HeaderMap, Json(body): Json<NewEndpoint>) -> AppResult<Response> {
    let fingerprint = idempotency::fingerprint(&[format!("{body:?}").as_bytes()]);
    let owner = caller.subject();
    let serve = {
        let state = state.clone();
        async move { Ok((StatusCode::CREATED, Json(webhooks::register(&state, Owner::of(&caller)?, body).await?)).into_response()) }
    };
    idempotent::once(&state, owner, &headers, "POST /api/v1/webhooks", &fingerprint, serve).await
}

/// One event type an endpoint may subscribe to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct EventType {
    /// e.g. `video.ready`.
    #[serde(rename = "type")]
    name: &'static str,
    description: &'static str,
    /// Only admins' endpoints may receive it.
    admin_only: bool,
}

/// `GET /api/v1/webhooks/events`: the event types, with what each means.
#[utoipa::path(
    get, path = "/api/v1/webhooks/events", tag = "webhooks",
    responses((status = 200, description = "Every event type", body = Vec<EventType>))
)]
async fn event_types(caller: Caller) -> AppResult<Json<Vec<EventType>>> {
    caller.require(reel_core::auth::Scope::Upload)?;
    Ok(Json(EVENTS.iter().map(|(name, description)| EventType { name, description, admin_only: is_admin_event(name) }).collect()))
}

/// `GET /api/v1/webhooks/{id}`.
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    responses((status = 200, description = "The endpoint", body = EndpointView))
)]
async fn show(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<EndpointView>> {
    Ok(Json(EndpointView::from(&webhooks::get(&state, Owner::of(&caller)?, &id).await?)))
}

/// `PATCH /api/v1/webhooks/{id}` `{"url"?,"events"?,"description"?,"enabled"?}`.
#[utoipa::path(
    patch, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    responses(
        (status = 200, description = "The endpoint as changed", body = EndpointView),
        (status = 422, description = "The URL or an event type is refused", body = crate::http::api::openapi::Problem),
    )
)]
async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<EndpointChange>,
) -> AppResult<Json<EndpointView>> {
    Ok(Json(webhooks::change(&state, Owner::of(&caller)?, &id, body).await?))
}

/// `DELETE /api/v1/webhooks/{id}`: the endpoint and its deliveries.
#[utoipa::path(
    delete, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    responses((status = 204, description = "Removed"))
)]
async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    webhooks::remove(&state, Owner::of(&caller)?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/webhooks/{id}/rotate-secret` `{"secret"?,"overlap_s"?}`: a new secret; the old
/// one signs as well for the overlap (a day unless told), so receivers can switch in time.
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks",
    request_body(content = Option<Rotation>, content_type = "application/json"),
    responses(
        (status = 200, description = "Rotated; the new secret is in this answer only", body = Rotated),
        (status = 422, description = "The secret given is refused", body = crate::http::api::openapi::Problem),
    )
)]
async fn rotate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Option<Json<Rotation>>,
) -> AppResult<Json<Rotated>> {
    let rotation = body.map(|Json(r)| r).unwrap_or_default();
    Ok(Json(webhooks::rotate(&state, Owner::of(&caller)?, &id, rotation).await?))
}

/// A delivery queued.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Queued {
    /// The delivery (its `webhook-id`).
    delivery_id: String,
}

/// `POST /api/v1/webhooks/{id}/test`: sends the endpoint a `webhook.test` event.
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks",
    responses(
        (status = 202, description = "Queued", body = Queued),
        (status = 409, description = "The endpoint is disabled", body = crate::http::api::openapi::Problem),
    )
)]
async fn test(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<(StatusCode, Json<Queued>)> {
    let delivery_id = webhooks::test(&state, Owner::of(&caller)?, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(Queued { delivery_id })))
}

/// `GET /api/v1/webhooks/{id}/deliveries?limit=&cursor=`: newest first, each with its
/// attempts (status, latency, the start of the answer).
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(PageParams),
    responses((status = 200, description = "A page of deliveries", body = DeliveryPage))
)]
async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PageParams>,
) -> AppResult<Json<DeliveryPage>> {
    let limit = page_limit(q.limit.as_deref())?;
    Ok(Json(webhooks::deliveries(&state, Owner::of(&caller)?, &id, limit, q.cursor.as_deref()).await?))
}

/// `POST /api/v1/webhooks/{id}/deliveries/{delivery}/resend`: one more attempt, now.
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/deliveries/{delivery}/resend", tag = "webhooks",
    responses(
        (status = 202, description = "Queued"),
        (status = 409, description = "The endpoint is disabled, or the delivery is still being tried", body = crate::http::api::openapi::Problem),
    )
)]
async fn resend(State(state): State<AppState>, caller: Caller, Path((id, delivery)): Path<(String, String)>) -> AppResult<StatusCode> {
    webhooks::resend(&state, Owner::of(&caller)?, &id, &delivery).await?;
    Ok(StatusCode::ACCEPTED)
}
