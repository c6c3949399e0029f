//! Administering accounts: `/api/v1/admin/users…`, invitations, the audit log and the alarms.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_core::auth::account::{self, AuditRecord};
use reel_core::auth::{Caller, Scope};

use super::auth::UserView;

/// The routes of this module, to be nested under `/api`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_users))
        .routes(routes!(admin_change_user))
        .routes(routes!(admin_invite))
        .routes(routes!(admin_audit))
        .routes(routes!(admin_alarms))
}

/// The alarms' answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Alarms {
    /// Whether alarms are evaluated in this deployment.
    enabled: bool,
    alarms: Vec<reel_core::ops::monitor::alarms::AlarmView>,
    /// The latest firings and resolutions, newest first.
    events: Vec<reel_base::db::alarms::AlarmEvent>,
}

/// `GET /api/v1/admin/alarms`: every built-in alarm (state, value, threshold, window, period)
/// and the latest firings and resolutions, newest first.
#[utoipa::path(
    get, path = "/api/v1/admin/alarms", tag = "admin",
    responses((status = 200, description = "The alarms and their latest events", body = Alarms))
)]
async fn admin_alarms(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Alarms>> {
    let (alarms, events) = reel_core::ops::monitor::alarms::for_admin(&state, &caller).await?;
    Ok(Json(Alarms { enabled: state.config.alarms.enabled, alarms, events }))
}

fn admin(caller: &Caller) -> AppResult<()> {
    Ok(caller.require(Scope::Admin)?)
}

/// `GET /api/v1/admin/users`.
#[utoipa::path(
    get, path = "/api/v1/admin/users", tag = "admin",
    responses((status = 200, description = "Every account", body = Vec<UserView>))
)]
async fn admin_users(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Vec<UserView>>> {
    admin(&caller)?;
    Ok(Json(account::accounts(&state, &caller).await?.iter().map(UserView::from).collect()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountChange {
    role: Option<String>,
    disabled: Option<bool>,
}

/// `role` and/or `disabled`, at least one of them not `null` (a field sent as `null` is one not
/// sent).
impl utoipa::PartialSchema for AccountChange {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, AllOfBuilder, AnyOfBuilder, ObjectBuilder, SchemaType, Type};
        let role = |t: SchemaType| {
            ObjectBuilder::new()
                .schema_type(t)
                .pattern(Some("^(admin|creator|moderator|viewer)$"))
                .description(Some("`admin`, `creator`, `moderator` or `viewer`"))
        };
        let disabled = |t: SchemaType| ObjectBuilder::new().schema_type(t).description(Some("Whether the account is disabled"));
        let maybe = |t: Type| SchemaType::from_iter([t, Type::Null]);
        let fields = ObjectBuilder::new()
            .property("role", role(maybe(Type::String)))
            .property("disabled", disabled(maybe(Type::Boolean)))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        let given = AnyOfBuilder::new()
            .item(ObjectBuilder::new().property("role", role(SchemaType::Type(Type::String))).required("role"))
            .item(ObjectBuilder::new().property("disabled", disabled(SchemaType::Type(Type::Boolean))).required("disabled"));
        AllOfBuilder::new().item(fields).item(given).description(Some("A change to an account: its role, or whether it is disabled")).into()
    }
}

impl utoipa::ToSchema for AccountChange {}

/// `PATCH /api/v1/admin/users/{id}` `{"role"?, "disabled"?}`: changes a role, disables an
/// account (its sessions end, its tokens stop working) or enables it again.
#[utoipa::path(
    patch, path = "/api/v1/admin/users/{id}", tag = "admin",
    responses(
        (status = 204, description = "Changed"),
        (status = 409, description = "Admins cannot demote or disable themselves", body = crate::http::api::openapi::Problem),
    )
)]
async fn admin_change_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<AccountChange>,
) -> AppResult<StatusCode> {
    account::change(&state, &caller, &id, body.role.as_deref(), body.disabled).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct InviteBody {
    /// The address that may sign up.
    #[schema(
        max_length = 254,
        pattern = r#"^\s*[^\s\x00-\x1F\x7F-\x9F<>",;\\@]{1,64}@([^\s\x00-\x1F\x7F-\x9F<>",;\\@.-]([^\s\x00-\x1F\x7F-\x9F<>",;\\@.]{0,61}[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-])?\.)+[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-]([^\s\x00-\x1F\x7F-\x9F<>",;\\@.]{0,61}[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-])?\s*$"#
    )]
    email: String,
    /// `admin`, `creator`, `moderator` or `viewer`.
    #[schema(pattern = "^(admin|creator|moderator|viewer)$")]
    role: Option<String>,
}

/// `POST /api/v1/admin/invitations`: lets an address sign up (with a role).
#[utoipa::path(
    post, path = "/api/v1/admin/invitations", tag = "admin",
    responses((status = 201, description = "The address may sign up"))
)]
async fn admin_invite(State(state): State<AppState>, caller: Caller, Json(body): Json<InviteBody>) -> AppResult<StatusCode> {
    account::invite(&state, &caller, &body.email, body.role.as_deref()).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Only events before this time (milliseconds since 1970), to page back.
    before: Option<i64>,
    /// How many: 1–500 (taken into that range); 100 when absent.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    limit: Option<u32>,
}

/// `GET /api/v1/admin/audit?before=&limit=`: security events, newest first.
#[utoipa::path(
    get, path = "/api/v1/admin/audit", tag = "admin",
    params(AuditQuery),
    responses((status = 200, description = "Security events, newest first", body = Vec<AuditRecord>))
)]
async fn admin_audit(State(state): State<AppState>, caller: Caller, Query(q): Query<AuditQuery>) -> AppResult<Json<Vec<AuditRecord>>> {
    Ok(Json(account::audit_log(&state, &caller, q.limit.unwrap_or(100).clamp(1, 500), q.before).await?))
}
