//! Sign-in, sessions and API tokens: `/api/v1/auth/*`, `/api/v1/me`, `/api/v1/tokens`, and
//! the SMS provider's receipts.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::{Address, Email, Phone, UserId};
use reel_core::auth::account::{TokenRecord, UserRecord};
use reel_core::auth::devices::DEVICE_COOKIE;
use reel_core::auth::session::{clear_cookie, cookie_value, set_cookie};
use reel_core::auth::{account, login, sign_in, Caller, Credential, SESSION_COOKIE};

/// The cookie carrying the login attempt between asking for a code and entering it.
const LOGIN_COOKIE: &str = "reel_login";
const LOGIN_PATH: &str = "/api/v1/auth";

/// The routes of this module, to be nested under `/api`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(verify_code))
        .routes(routes!(totp_verify))
        .routes(routes!(totp_enroll))
        .routes(routes!(totp_confirm))
        .routes(routes!(totp_recovery_codes))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
        .routes(routes!(me))
        .routes(routes!(list_tokens, new_token))
        .routes(routes!(revoke_token))
        .routes(routes!(sms_receipt))
}

/// The fields an SMS provider's receipt names its status by, in the order they are looked for.
const RECEIPT_STATUS_FIELDS: [&str; 4] = ["status", "MessageStatus", "message_status", "stat"];

/// How the document describes a provider's receipt: any fields, one of [`RECEIPT_STATUS_FIELDS`]
/// among them as text (the first found is the status).
struct Receipt;

impl utoipa::PartialSchema for Receipt {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, Type};
        let fields = RECEIPT_STATUS_FIELDS
            .iter()
            .fold(ObjectBuilder::new(), |o, name| o.property(*name, ObjectBuilder::new().schema_type(Type::String)));
        let named = RECEIPT_STATUS_FIELDS.iter().fold(AnyOfBuilder::new(), |any, name| any.item(ObjectBuilder::new().required(*name)));
        AllOfBuilder::new().item(fields).item(named).description(Some("A provider's receipt: its fields, a status among them")).into()
    }
}

impl utoipa::ToSchema for Receipt {}

/// `POST /api/v1/sms/receipts/{token}`: an SMS provider reports on a sign-in code's message, to
/// the signed URL it was handed with it (`{receipt_url}`), as a form or as JSON. 204 once
/// recorded or ignored (a status on the way, a repeat); 403 for a URL the server did not sign or that
/// has expired; 400 for a body without a status.
#[utoipa::path(
    post, path = "/api/v1/sms/receipts/{token}", tag = "auth", security(()),
    request_body(description = "The provider's receipt: a form or JSON naming `status` (or `MessageStatus`, `message_status`, `stat`)",
        content((Receipt = "application/x-www-form-urlencoded"), (Receipt = "application/json"))),
    responses(
        (status = 204, description = "Recorded, or ignored (a status on the way, a repeat)"),
        (status = 403, description = "Not a URL the server signed, or one that has expired", body = crate::http::api::openapi::Problem),
    )
)]
async fn sms_receipt(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<StatusCode> {
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    let fields: Vec<(String, String)> = if json {
        let value: serde_json::Value =
            serde_json::from_slice(&body).map_err(|e| AppError::bad_request("invalid-body", format!("the receipt is not JSON: {e}")))?;
        let object = value.as_object().map(|o| o.iter()).into_iter().flatten();
        object.filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|_| AppError::bad_request("invalid-body", "the receipt is not a form"))?
    };
    let status = RECEIPT_STATUS_FIELDS
        .iter()
        .find_map(|name| fields.iter().find(|(k, _)| k == name))
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| AppError::bad_request("invalid-body", "the receipt names no status (status or MessageStatus)"))?;
    login::record_receipt(&state, &token, status).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An address given as `{"email": …}` or `{"phone": …}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    email: Option<String>,
    /// E.164, e.g. `+4915112345678`.
    phone: Option<String>,
    code: Option<String>,
    attempt: Option<String>,
}

/// What `Email::parse` takes, as a pattern: a local part of 1–64 characters, `@`, and a domain
/// of two or more dotted labels, each 1–63 characters with no hyphen at either end; no
/// whitespace (but around it, which is trimmed), control characters or `<>",;\` anywhere.
const EMAIL_PATTERN: &str = r#"^\s*[^\s\x00-\x1F\x7F-\x9F<>",;\\@]{1,64}@([^\s\x00-\x1F\x7F-\x9F<>",;\\@.-]([^\s\x00-\x1F\x7F-\x9F<>",;\\@.]{0,61}[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-])?\.)+[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-]([^\s\x00-\x1F\x7F-\x9F<>",;\\@.]{0,61}[^\s\x00-\x1F\x7F-\x9F<>",;\\@.-])?\s*$"#;

/// Exactly one of `email` and `phone` (the other absent or `null`, as [`AddressBody::address`]
/// reads them), with the `code` and its `attempt` when verifying.
impl utoipa::PartialSchema for AddressBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, AllOfBuilder, ObjectBuilder, OneOfBuilder, SchemaType, Type};
        let maybe = || ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null]));
        let null = || ObjectBuilder::new().schema_type(Type::Null);
        let email = || ObjectBuilder::new().schema_type(Type::String).max_length(Some(254)).pattern(Some(EMAIL_PATTERN));
        let phone = || {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^\+[1-9][0-9]{6,14}$"))
                .description(Some("E.164, e.g. `+4915112345678`: `+`, the country calling code and the number"))
        };
        let fields = ObjectBuilder::new()
            .property("email", maybe().description(Some("An email address")))
            .property("phone", maybe().description(Some("E.164, e.g. `+4915112345678`")))
            .property("code", maybe().description(Some("The code sent (verifying)")))
            .property("attempt", maybe().description(Some("The attempt the code was sent for (verifying; else the login cookie's)")))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        let by_email = ObjectBuilder::new().property("email", email()).property("phone", null()).required("email");
        let by_phone = ObjectBuilder::new().property("phone", phone()).property("email", null()).required("phone");
        AllOfBuilder::new()
            .item(fields)
            .item(OneOfBuilder::new().item(by_email).item(by_phone))
            .description(Some("An address given as `{\"email\": …}` or `{\"phone\": …}`: exactly one of them"))
            .into()
    }
}

impl utoipa::ToSchema for AddressBody {}

impl AddressBody {
    fn address(&self) -> AppResult<Address> {
        match (&self.email, &self.phone) {
            (Some(e), None) => Ok(Address::Email(Email::parse(e)?)),
            (None, Some(p)) => Ok(Address::Phone(Phone::parse(p)?)),
            _ => Err(AppError::bad_request("missing-address", "give either an email address or a phone number")),
        }
    }
}

pub(super) fn secure(state: &AppState) -> bool {
    state.site_url.starts_with("https://")
}

pub(super) fn with_cookies(mut response: Response, cookies: &[String]) -> AppResult<Response> {
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(c).map_err(AppError::internal)?);
    }
    Ok(response)
}

/// The answer to asking for a sign-in code.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CodeSent {
    /// Names this sign-in attempt (also set as a cookie): give it back with the code.
    attempt: String,
    /// The same words whether or not the account exists.
    message: &'static str,
}

/// A signed-in session's answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SignedIn {
    user: UserView,
    /// What the session's changes carry as `X-CSRF-Token`.
    csrf_token: String,
    /// Whether a TOTP code is still owed (`POST /api/v1/auth/totp/verify`) before the session
    /// may do anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    second_factor_required: Option<bool>,
}

/// A new TOTP secret, pending until confirmed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct TotpEnrollment {
    /// Base32.
    secret: String,
    /// The same as an `otpauth://` URI, for a QR code.
    otpauth_uri: String,
}

/// Recovery codes, shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct RecoveryCodes {
    recovery_codes: Vec<String>,
}

/// `POST /api/v1/auth/otp/request`: 202 whether or not the account exists.
#[utoipa::path(
    post, path = "/api/v1/auth/otp/request", tag = "auth", security(()),
    responses((status = 202, description = "A code is on its way, if the address may sign in", body = CodeSent,
        headers(("Set-Cookie" = String, description = "The attempt, for the verify step"))))
)]
async fn request_code(State(state): State<AppState>, ClientIp(ip): ClientIp, Json(body): Json<AddressBody>) -> AppResult<Response> {
    let address = body.address()?;
    let attempt = login::request_code(&state, &address, ip).await?;
    let cookie = set_cookie(LOGIN_COOKIE, &attempt, state.config.auth.otp_ttl_secs, secure(&state), LOGIN_PATH, "Strict");
    let response = (StatusCode::ACCEPTED, Json(CodeSent { attempt, message: login::SENT_MESSAGE })).into_response();
    with_cookies(response, &[cookie])
}

/// `POST /api/v1/auth/otp/verify`: the code for the address and the attempt (from the body or
/// the login cookie) → a session cookie.
#[utoipa::path(
    post, path = "/api/v1/auth/otp/verify", tag = "auth", security(()),
    responses(
        (status = 200, description = "Signed in (`Set-Cookie: reel_session=…`)", body = SignedIn,
            headers(("Set-Cookie" = String, description = "The session"))),
        (status = 401, description = "The code is wrong, expired or used up", body = crate::http::api::openapi::Problem),
        (status = 403, description = "The account is disabled, the address may not sign up, or the account's plan allows no more devices (`too-many-devices`, naming those signed in)", body = crate::http::api::openapi::Problem),
    )
)]
async fn verify_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<AddressBody>,
) -> AppResult<Response> {
    let address = body.address()?;
    let attempt = body
        .attempt
        .clone()
        .or_else(|| cookie_value(&headers, LOGIN_COOKIE))
        .ok_or_else(|| AppError::bad_request("missing-attempt", "ask for a code first"))?;
    let code = body.code.as_deref().ok_or_else(|| AppError::bad_request("missing-code", "enter the code you received"))?;
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let device = cookie_value(&headers, DEVICE_COOKIE);
    let browser = sign_in::Browser { ip, user_agent: agent, device_cookie: device.as_deref() };
    let (user, device, session, second_factor) = sign_in::verify_code(&state, &address, &attempt, code, browser).await?;
    let body = SignedIn { user: UserView::from(&user), csrf_token: session.csrf_token, second_factor_required: Some(second_factor) };
    with_cookies(Json(body).into_response(), &[session.cookie, device, clear_cookie(LOGIN_COOKIE, secure(&state), LOGIN_PATH)])
}

/// An account as shown to itself and to admins.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct UserView {
    id: UserId,
    email: Option<String>,
    phone: Option<String>,
    display_name: String,
    channel: String,
    /// `admin`, `creator` or `viewer`.
    role: String,
    /// Whether the account has a second factor.
    totp: bool,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        Self {
            id: u.id,
            email: u.email.clone(),
            phone: u.phone.clone(),
            display_name: u.display_name.clone(),
            channel: u.channel.clone(),
            role: u.role.to_string(),
            totp: u.totp_enabled_at.is_some(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct CodeBody {
    code: String,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
struct OptionalCode {
    code: Option<String>,
}

/// `POST /api/v1/auth/totp/verify`: completes a sign-in that owes the TOTP code; the session
/// that owed it is replaced by a new one (a new id at every step of authentication).
#[utoipa::path(
    post, path = "/api/v1/auth/totp/verify", tag = "auth", security(("session" = [])),
    responses((status = 200, description = "Signed in completely: a new session", body = SignedIn,
        headers(("Set-Cookie" = String, description = "The new session"))))
)]
async fn totp_verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<CodeBody>,
) -> AppResult<Response> {
    let session_id = cookie_value(&headers, SESSION_COOKIE).ok_or_else(AppError::unauthorized)?;
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let (user, fresh) = sign_in::verify_second_factor(&state, &session_id, &body.code, ip, agent).await?;
    let body = SignedIn { user: UserView::from(&user), csrf_token: fresh.csrf_token, second_factor_required: None };
    with_cookies(Json(body).into_response(), &[fresh.cookie])
}

/// `POST /api/v1/auth/totp/enroll`: a new secret to scan, pending until confirmed. Replacing a
/// secret already in force needs a current code from it.
#[utoipa::path(
    post, path = "/api/v1/auth/totp/enroll", tag = "auth",
    request_body(content = Option<OptionalCode>, description = "`code`: a current code, when replacing a secret in force"),
    responses((status = 200, description = "The secret to scan", body = TotpEnrollment))
)]
async fn totp_enroll(State(state): State<AppState>, caller: Caller, body: Option<Json<OptionalCode>>) -> AppResult<Json<TotpEnrollment>> {
    let code = body.and_then(|Json(b)| b.code);
    let e = account::totp_enroll(&state, &caller, code.as_deref()).await?;
    Ok(Json(TotpEnrollment { secret: e.secret, otpauth_uri: e.otpauth_uri }))
}

/// `POST /api/v1/auth/totp/confirm`: the first code from the app puts the pending secret in
/// force; the answer holds the recovery codes, shown this once.
#[utoipa::path(
    post, path = "/api/v1/auth/totp/confirm", tag = "auth",
    responses((status = 200, description = "In force; the recovery codes", body = RecoveryCodes))
)]
async fn totp_confirm(State(state): State<AppState>, caller: Caller, Json(body): Json<CodeBody>) -> AppResult<Json<RecoveryCodes>> {
    let recovery_codes = account::totp_confirm(&state, &caller, &body.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// `POST /api/v1/auth/totp/recovery-codes`: with a current code from the app, a new set of
/// recovery codes (the old set stops working); shown this once.
#[utoipa::path(
    post, path = "/api/v1/auth/totp/recovery-codes", tag = "auth",
    responses((status = 200, description = "A new set of recovery codes", body = RecoveryCodes))
)]
async fn totp_recovery_codes(State(state): State<AppState>, caller: Caller, Json(body): Json<CodeBody>) -> AppResult<Json<RecoveryCodes>> {
    let recovery_codes = account::totp_recovery_codes(&state, &caller, &body.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// `POST /api/v1/auth/logout`: ends this session.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 400, description = "`not-a-session`: called with an API token, which is revoked at `/api/v1/tokens` instead", body = crate::http::api::openapi::Problem),
    )
)]
async fn logout(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    account::logout(&state, &caller).await?;
    with_cookies(StatusCode::NO_CONTENT.into_response(), &[clear_cookie(SESSION_COOKIE, secure(&state), "/")])
}

/// What `POST /api/v1/auth/logout-all` may be told: with `revoke_tokens`, the account's API
/// tokens are revoked too.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LogoutAllBody {
    #[serde(default)]
    revoke_tokens: bool,
}

/// `POST /api/v1/auth/logout-all`: ends every session of the account ("sign out everywhere"),
/// and its API tokens too when the body says `{"revoke_tokens": true}`.
#[utoipa::path(
    post, path = "/api/v1/auth/logout-all", tag = "auth",
    request_body(content = Option<LogoutAllBody>),
    responses((status = 204, description = "Every session ended (and the tokens revoked, when asked)"))
)]
async fn logout_all(State(state): State<AppState>, caller: Caller, body: Option<Json<LogoutAllBody>>) -> AppResult<Response> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    account::logout_all(&state, &caller, body.revoke_tokens).await?;
    with_cookies(StatusCode::NO_CONTENT.into_response(), &[clear_cookie(SESSION_COOKIE, secure(&state), "/")])
}

/// `GET /api/v1/me`'s answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Me {
    user: UserView,
    /// The profile acting.
    profile: ActingProfile,
    /// The account's live sessions.
    sessions: Vec<SessionView>,
    /// This session's CSRF token; none for an API token.
    csrf_token: Option<String>,
    /// Recovery codes not yet used (0 without a second factor).
    totp_recovery_codes_left: i64,
}

/// The profile a request acts as.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ActingProfile {
    id: String,
    name: String,
    avatar: String,
    kids: bool,
}

/// One live session of the account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SessionView {
    created_at: String,
    last_seen_at: String,
    ip: Option<String>,
    user_agent: Option<String>,
}

/// A new API token, its secret shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NewToken {
    id: reel_base::domain::TokenId,
    /// The secret: `Authorization: Bearer …`.
    token: String,
    /// When it stops working (milliseconds since 1970); none: until revoked.
    expires_at: Option<i64>,
}

/// `GET /api/v1/me`: the account, the profile acting, its live sessions, and (for sessions)
/// the CSRF token.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, description = "The caller", body = Me))
)]
async fn me(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Me>> {
    let (user, live) = account::me(&state, &caller).await?;
    let sessions = live
        .into_iter()
        .map(|s| SessionView {
            created_at: reel_base::domain::rfc3339(s.created_at),
            last_seen_at: reel_base::domain::rfc3339(s.last_seen_at),
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect();
    let csrf = match &caller.credential {
        Credential::Session { csrf_token, .. } => Some(csrf_token.clone()),
        Credential::ApiToken { .. } => None,
    };
    let p = &caller.profile;
    let profile = ActingProfile { id: p.id.to_string(), name: p.name.clone(), avatar: p.avatar.clone(), kids: p.kids };
    let totp_recovery_codes_left = account::recovery_codes_left(&state, &caller).await?;
    Ok(Json(Me { user: UserView::from(&user), profile, sessions, csrf_token: csrf, totp_recovery_codes_left }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewTokenBody {
    /// 1–100 characters, no control characters.
    #[schema(
        max_length = 100,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    name: String,
    #[serde(default)]
    /// Comma-separated: `read`, `account`, `upload`, `admin` (within the account's role); read and account, and upload where the role allows it, by default.
    #[schema(pattern = "^(read|account|upload|admin)(,(read|account|upload|admin))*$")]
    scopes: Option<String>,
    /// How long it works (`30d`, `12h`, `1y`: from a minute to ten years); none: until revoked.
    #[serde(default)]
    #[schema(pattern = "^([1-9][0-9]{0,2}[mhd]|[1-9]y)$")]
    expires_in: Option<String>,
}

/// `GET /api/v1/tokens`: the caller's tokens (never the secrets).
#[utoipa::path(
    get, path = "/api/v1/tokens", tag = "auth",
    responses((status = 200, description = "The caller's tokens, without their secrets", body = Vec<TokenRecord>))
)]
async fn list_tokens(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Vec<TokenRecord>>> {
    Ok(Json(account::tokens_of(&state, &caller).await?))
}

/// `POST /api/v1/tokens`: a new token for the caller; the secret is in this answer only.
#[utoipa::path(
    post, path = "/api/v1/tokens", tag = "auth",
    responses(
        (status = 201, description = "Made; the secret is in this answer only", body = NewToken),
        (status = 403, description = "The account's plan allows no more devices, and a token is one (`too-many-devices`)", body = crate::http::api::openapi::Problem),
    )
)]
async fn new_token(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<NewTokenBody>,
) -> AppResult<(StatusCode, Json<NewToken>)> {
    let token = account::new_token(&state, &caller, &body.name, body.scopes.as_deref(), body.expires_in.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(NewToken { id: token.id, token: token.secret, expires_at: token.expires_at })))
}

/// `DELETE /api/v1/tokens/{id}`: revokes one of the caller's tokens (admins: anyone's).
#[utoipa::path(
    delete, path = "/api/v1/tokens/{id}", tag = "auth",
    responses((status = 204, description = "Revoked"))
)]
async fn revoke_token(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    account::revoke_token(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
