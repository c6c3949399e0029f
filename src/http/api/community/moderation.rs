//! `/api/v1/reports`, `/api/v1/admin/reports…`, the moderators' actions on items, comments and
//! accounts, and `/api/v1/videos/{id}/appeal`: reporting, working the queue, appealing.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::http::extract::Json;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::auth::Caller;
use reel_core::community::moderation::{self, Suspension};
use reel_core::community::reports::{self, Dismissal, NewAppeal, NewReport, QueuePage, ReportView};

use crate::http::api::paging::page_limit;

/// The moderation routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mine, report))
        .routes(routes!(appeal))
        .routes(routes!(queue))
        .routes(routes!(dismiss))
        .routes(routes!(take_down))
        .routes(routes!(restore))
        .routes(routes!(delete_item))
        .routes(routes!(hide_comment))
        .routes(routes!(delete_comment))
        .routes(routes!(suspend, lift))
}

/// `POST /api/v1/reports` `{"target_type","target_id","reason"}` → 201: reports an item, a
/// comment or an account the caller may see.
#[utoipa::path(
    post, path = "/api/v1/reports", tag = "moderation",
    responses(
        (status = 201, description = "Reported; moderators will look at it", body = ReportView),
        (status = 404, description = "No such item, comment or account, or one the caller may not see", body = crate::http::api::openapi::Problem),
        (status = 409, description = "Reported by the caller already, or the caller's own", body = crate::http::api::openapi::Problem),
        (status = 429, description = "Too many reports lately", body = crate::http::api::openapi::Problem),
    )
)]
async fn report(State(state): State<AppState>, caller: Caller, Json(body): Json<NewReport>) -> AppResult<(StatusCode, Json<ReportView>)> {
    Ok((StatusCode::CREATED, Json(reports::report(&state, &caller, body).await?)))
}

/// `GET /api/v1/reports`: the caller's reports and appeals, newest first, with what came of
/// each.
#[utoipa::path(
    get, path = "/api/v1/reports", tag = "moderation",
    responses((status = 200, description = "The caller's reports", body = Vec<ReportView>))
)]
async fn mine(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Vec<ReportView>>> {
    Ok(Json(reports::mine(&state, &caller).await?))
}

/// `POST /api/v1/videos/{id}/appeal` `{"message"}` → 201: the owner's one appeal of their
/// item's takedown; it joins the queue.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/appeal", tag = "moderation",
    responses(
        (status = 201, description = "Appealed", body = ReportView),
        (status = 409, description = "Not taken down, or appealed already", body = crate::http::api::openapi::Problem),
    )
)]
async fn appeal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<NewAppeal>,
) -> AppResult<(StatusCode, Json<ReportView>)> {
    Ok((StatusCode::CREATED, Json(reports::appeal(&state, &caller, &id, &body.message).await?)))
}

/// `?status=&limit=&cursor=` of the queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct QueueQuery {
    /// `open` (the default: oldest first) or `resolved` (most recently resolved first).
    #[param(pattern = "^(open|resolved)?$")]
    status: Option<String>,
    /// 1–100 (20 when absent).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    limit: Option<String>,
    /// The `next_cursor` of the page before: a time and a report id.
    #[param(pattern = r"^(-?[0-9]{1,18}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$")]
    cursor: Option<String>,
}

/// `GET /api/v1/admin/reports?status=&limit=&cursor=`: the moderation queue (moderators and
/// admins).
#[utoipa::path(
    get, path = "/api/v1/admin/reports", tag = "moderation",
    params(QueueQuery),
    responses((status = 200, description = "A page of the queue", body = QueuePage))
)]
async fn queue(State(state): State<AppState>, caller: Caller, Query(q): Query<QueueQuery>) -> AppResult<Json<QueuePage>> {
    let resolved = match q.status.as_deref() {
        None | Some("") | Some("open") => false,
        Some("resolved") => true,
        Some(_) => return Err(crate::error::AppError::bad_request("invalid-status", "status is open or resolved")),
    };
    let limit = page_limit(q.limit.as_deref())?;
    Ok(Json(reports::queue(&state, &caller, resolved, limit, q.cursor.as_deref()).await?))
}

/// `POST /api/v1/admin/reports/{id}/dismiss` `{"note"?}`: no action; every open report about
/// the same target is dismissed with it, and each reporter told.
#[utoipa::path(
    post, path = "/api/v1/admin/reports/{id}/dismiss", tag = "moderation",
    request_body(content = Option<Dismissal>, description = "`note`: told to the reporters"),
    responses(
        (status = 204, description = "Dismissed"),
        (status = 409, description = "Resolved already", body = crate::http::api::openapi::Problem),
    )
)]
async fn dismiss(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Option<Json<Dismissal>>,
) -> AppResult<StatusCode> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    reports::dismiss(&state, &caller, &id, body.note.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of a takedown.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Takedown {
    /// Why, as the owner and the reporters are told: 1–1000 characters; line breaks and tabs
    /// but no other control characters.
    #[schema(
        max_length = 1000,
        pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    reason: String,
}

/// `POST /api/v1/admin/videos/{id}/takedown` `{"reason"}`: the item stays stored but leaves
/// every listing, search, feed and recommendation, and its playback tokens stop working; its
/// owner sees the reason and may appeal once. A moderator takes down an item that is reported
/// or that it may see, not an admin's or another moderator's.
#[utoipa::path(
    post, path = "/api/v1/admin/videos/{id}/takedown", tag = "moderation",
    responses(
        (status = 204, description = "Taken down"),
        (status = 403, description = "An admin's or another moderator's item, for a moderator", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such item, or one neither reported nor visible to the moderator", body = crate::http::api::openapi::Problem),
        (status = 409, description = "Taken down already", body = crate::http::api::openapi::Problem),
    )
)]
async fn take_down(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<Takedown>,
) -> AppResult<StatusCode> {
    moderation::take_down(&state, &caller, &id, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/videos/{id}/restore`: a taken-down item is back; an open appeal of it
/// is granted.
#[utoipa::path(
    post, path = "/api/v1/admin/videos/{id}/restore", tag = "moderation",
    responses(
        (status = 204, description = "Restored"),
        (status = 409, description = "Not taken down", body = crate::http::api::openapi::Problem),
    )
)]
async fn restore(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    moderation::restore(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/admin/videos/{id}`: an admin deletes an item for good with everything made
/// of it, settling its reports; a moderator is refused (a takedown keeps the item for its
/// appeal).
#[utoipa::path(
    delete, path = "/api/v1/admin/videos/{id}", tag = "moderation",
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not an admin", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such item, or one neither reported nor visible to the moderator", body = crate::http::api::openapi::Problem),
    )
)]
async fn delete_item(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    moderation::delete_item(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/comments/{id}/hide`: hidden from everyone but the item's owner and the
/// moderators. A moderator hides a comment that is reported or on an item it may see, not an
/// admin's or another moderator's.
#[utoipa::path(
    post, path = "/api/v1/admin/comments/{id}/hide", tag = "moderation",
    responses(
        (status = 204, description = "Hidden"),
        (status = 403, description = "An admin's or another moderator's comment, for a moderator", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such comment, or one neither reported nor on an item visible to the moderator", body = crate::http::api::openapi::Problem),
    )
)]
async fn hide_comment(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    moderation::hide_comment(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/admin/comments/{id}`: its text goes (the reports keep what was reported).
/// A moderator deletes a comment that is reported or on an item it may see, not an admin's or
/// another moderator's.
#[utoipa::path(
    delete, path = "/api/v1/admin/comments/{id}", tag = "moderation",
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "An admin's or another moderator's comment, for a moderator", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such comment, or one neither reported nor on an item visible to the moderator", body = crate::http::api::openapi::Problem),
    )
)]
async fn delete_comment(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    moderation::delete_comment(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// When a suspension ends.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Suspended {
    /// RFC 3339.
    until: String,
}

/// `POST /api/v1/admin/users/{id}/suspension` `{"days","reason"}`: from now until then the
/// account cannot sign in, and its sessions and tokens are refused. A moderator suspends an
/// account when it, or an item or comment of it, is reported.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{id}/suspension", tag = "moderation",
    responses(
        (status = 200, description = "Suspended", body = Suspended),
        (status = 403, description = "An admin, a moderator suspended by a moderator, or, for a moderator, an account nothing concerning which is reported", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such account", body = crate::http::api::openapi::Problem),
        (status = 409, description = "The caller's own account", body = crate::http::api::openapi::Problem),
    )
)]
async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<Suspension>,
) -> AppResult<Json<Suspended>> {
    let until = moderation::suspend(&state, &caller, &id, &body).await?;
    Ok(Json(Suspended { until: rfc3339(until) }))
}

/// `DELETE /api/v1/admin/users/{id}/suspension`: lifted now.
#[utoipa::path(
    delete, path = "/api/v1/admin/users/{id}/suspension", tag = "moderation",
    responses(
        (status = 204, description = "Lifted"),
        (status = 403, description = "An admin, or a moderator's suspension lifted by a moderator", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such account", body = crate::http::api::openapi::Problem),
        (status = 409, description = "Not suspended, or the caller's own account", body = crate::http::api::openapi::Problem),
    )
)]
async fn lift(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    moderation::lift_suspension(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
