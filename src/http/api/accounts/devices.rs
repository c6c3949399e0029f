//! `/api/v1/me/devices…`: the account's signed-in browsers and app tokens; renaming one;
//! signing one out, which ends its sessions, tokens and streams.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::auth::devices::{self, Device};
use reel_core::auth::Caller;

/// The device routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(rename, remove))
}

/// A device signed in to the account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeviceView {
    /// The device, as `DELETE /api/v1/me/devices/{id}` takes it.
    id: String,
    /// `browser` or `app` (an API token).
    kind: String,
    /// The member's name for it, else one made from its browser, or its token's name.
    name: String,
    /// When it first signed in (RFC 3339).
    first_seen_at: String,
    /// When it was last used (RFC 3339).
    last_seen_at: String,
    /// Whether this request came from it.
    current: bool,
}

impl From<Device> for DeviceView {
    fn from(d: Device) -> Self {
        Self {
            id: d.record.id,
            kind: d.record.kind,
            name: d.name,
            first_seen_at: rfc3339(d.record.first_seen_at),
            last_seen_at: rfc3339(d.record.last_seen_at),
            current: d.current,
        }
    }
}

/// The devices signed in, and how many may be.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct DeviceList {
    items: Vec<DeviceView>,
    /// The most that may be signed in at once; null for no limit.
    max_devices: Option<u32>,
}

/// `GET /api/v1/me/devices`: the account's devices in use, first signed in first.
#[utoipa::path(
    get, path = "/api/v1/me/devices", tag = "account",
    responses(
        (status = 200, description = "The devices signed in", body = DeviceList),
        (status = 403, description = "A kids profile asked", body = crate::http::api::openapi::Problem),
    )
)]
async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<DeviceList>> {
    let (items, max_devices) = devices::list(&state, &caller).await?;
    Ok(Json(DeviceList { items: items.into_iter().map(DeviceView::from).collect(), max_devices }))
}

/// A device's new name.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Rename {
    /// 1–60 characters, not all spaces, no control characters.
    #[schema(
        max_length = 60,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    name: String,
}

/// `PATCH /api/v1/me/devices/{id}`: renames it.
#[utoipa::path(
    patch, path = "/api/v1/me/devices/{id}", tag = "account",
    request_body = Rename,
    responses(
        (status = 204, description = "Renamed"),
        (status = 400, description = "Not a name", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such device of the account", body = crate::http::api::openapi::Problem),
    )
)]
async fn rename(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, Json(body): Json<Rename>) -> AppResult<StatusCode> {
    devices::rename(&state, &caller, &id, &body.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/me/devices/{id}`: signs it out: its sessions and tokens stop working at
/// once, and what it plays within `[entitlements] enforce_within_secs`.
#[utoipa::path(
    delete, path = "/api/v1/me/devices/{id}", tag = "account",
    responses(
        (status = 204, description = "Signed out"),
        (status = 404, description = "No such device of the account", body = crate::http::api::openapi::Problem),
    )
)]
async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    devices::remove(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
