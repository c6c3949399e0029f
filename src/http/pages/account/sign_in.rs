//! Signing in and out, and the account page: devices, screens, API tokens, two-factor sign-in.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::error::AppError;
use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::{Address, Email, Phone};
use reel_core::auth::devices::{self, DEVICE_COOKIE};
use reel_core::auth::session::{clear_cookie, cookie_value, set_cookie};
use reel_core::auth::{account, login, sign_in, Caller, Scope, SESSION_COOKIE};
use reel_core::platform::problem::{self, Problem};

use crate::http::pages::frame::form_error::FormError;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::ACCOUNT_NOTICES;
use crate::http::pages::frame::page_error::{refusal_text, PageError, PageResult};
use crate::http::pages::frame::respond::{safe_next, see_other};
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, same_site, Viewer};

/// The cookie carrying the login attempt from "send me a code" to "here is the code".
const LOGIN_COOKIE: &str = "reel_login";
const LOGIN_PATH: &str = "/login";
/// Its `SameSite` attribute.
const LOGIN_SAME_SITE: &str = "Strict"; // code

fn secure(state: &AppState) -> bool {
    state.site_url.starts_with("https://")
}

fn with_cookies(mut response: Response, cookies: &[String]) -> PageResult {
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(c).map_err(|e| PageError::App(AppError::internal(e)))?);
    }
    Ok(response)
}

/// `?next=` of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    done: Option<String>,
}

/// One step of the sign-in page: `address`, `code` or `totp`, with an error to show.
fn login_step(step: &str, address: &str, next: &str, error: Option<&str>, status: StatusCode) -> PageResult {
    login_step_on(PageInfo::anonymous(&t("login-title", &[])), step, address, next, error, status)
}

/// [`login_step`] on a page that may carry a notice.
fn login_step_on(page: PageInfo, step: &str, address: &str, next: &str, error: Option<&str>, status: StatusCode) -> PageResult {
    let ctx = context! { page, step, address, next, error, sent => t("login-code-sent", &[]) };
    let mut response = render("login.html", ctx)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The message and status a failed sign-in step shows (429s keep their Retry-After).
fn failed_step(step: &str, address: &str, next: &str, e: &Problem) -> PageResult {
    e.log_cause();
    let mut response = login_step(step, address, next, Some(&refusal_text(e)), e.status())?;
    if let Some(secs) = e.retry_after() {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Ok(response)
}

/// `GET /login`: asks for an email address or phone number.
pub async fn login_page(Viewer(viewer): Viewer, Query(q): Query<NextQuery>) -> PageResult {
    let next = safe_next(q.next.as_deref());
    if viewer.is_some() {
        return Ok(see_other(next));
    }
    let page = PageInfo::anonymous(&t("login-title", &[])).with_notice(ACCOUNT_NOTICES.of(q.done.as_deref()));
    login_step_on(page, "address", "", next, None, StatusCode::OK)
}

/// An email address or a phone number, from the one field of the sign-in form.
fn parse_address(text: &str) -> Result<Address, Problem> {
    let text = text.trim();
    if text.contains('@') {
        Ok(Address::Email(Email::parse(text)?))
    } else {
        Ok(Address::Phone(Phone::parse(text)?))
    }
}

/// The sign-in form's fields (each step sends the ones it has).
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    address: String,
    #[serde(default)]
    code: String,
    next: Option<String>,
}

/// `POST /login`: sends a code to the address (the answer is the same whether or not an
/// account exists) and asks for it.
pub async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    same_site(&headers)?;
    let next = safe_next(f.next.as_deref());
    let address = match parse_address(&f.address) {
        Ok(a) => a,
        Err(e) => return failed_step("address", &f.address, next, &e),
    };
    let attempt = match login::request_code(&state, &address, ip).await {
        Ok(a) => a,
        Err(e) => return failed_step("address", &f.address, next, &e),
    };
    let cookie = set_cookie(LOGIN_COOKIE, &attempt, state.config.auth.otp_ttl_secs, secure(&state), LOGIN_PATH, LOGIN_SAME_SITE);
    with_cookies(login_step("code", address.as_str(), next, None, StatusCode::OK)?, &[cookie])
}

/// `POST /login/verify`: checks the code; signs in, or asks for the authenticator code next.
pub async fn verify_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    same_site(&headers)?;
    let next = safe_next(f.next.as_deref());
    let address = match parse_address(&f.address) {
        Ok(a) => a,
        Err(e) => return failed_step("address", &f.address, next, &e),
    };
    let Some(attempt) = cookie_value(&headers, LOGIN_COOKIE) else {
        let e = Problem::bad_request("missing-attempt", "this code request has expired; ask for a new code");
        return failed_step("address", address.as_str(), next, &e);
    };
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let device = cookie_value(&headers, DEVICE_COOKIE);
    let browser = sign_in::Browser { ip, user_agent: agent, device_cookie: device.as_deref() };
    let (_, device, session, second_factor) = match sign_in::verify_code(&state, &address, &attempt, &f.code, browser).await {
        Ok(done) => done,
        Err(e) => return failed_step("code", address.as_str(), next, &e),
    };
    let cookies = [session.cookie, device, clear_cookie(LOGIN_COOKIE, secure(&state), LOGIN_PATH)];
    if second_factor {
        return with_cookies(login_step("totp", "", next, None, StatusCode::OK)?, &cookies);
    }
    with_cookies(see_other(next), &cookies)
}

/// `POST /login/totp`: the authenticator code that completes a sign-in.
pub async fn verify_totp(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    same_site(&headers)?;
    let next = safe_next(f.next.as_deref());
    let Some(session_id) = cookie_value(&headers, SESSION_COOKIE) else {
        return Err(PageError::SignIn);
    };
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    match sign_in::verify_second_factor(&state, &session_id, &f.code, ip, agent).await {
        Ok((_, fresh)) => with_cookies(see_other(next), &[fresh.cookie]),
        Err(e) if e.status() == StatusCode::UNAUTHORIZED => Err(PageError::SignIn),
        Err(e) => failed_step("totp", "", next, &e),
    }
}

/// A form that carries only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// `POST /logout`: ends this session.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CsrfForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    account::logout(&state, &caller).await?;
    with_cookies(see_other("/"), &[clear_cookie(SESSION_COOKIE, secure(&state), "/")])
}

/// `POST /account/logout-all`: the CSRF token, and `revoke_tokens` when ticked.
#[derive(Debug, Deserialize)]
pub struct LogoutAllForm {
    csrf: String,
    #[serde(default)]
    revoke_tokens: Option<String>,
}

/// Ends every session of the account, this one included, and its API tokens when asked.
pub async fn logout_all(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<LogoutAllForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    account::logout_all(&state, &caller, f.revoke_tokens.is_some()).await?;
    with_cookies(see_other("/login"), &[clear_cookie(SESSION_COOKIE, secure(&state), "/")])
}

/// The first step of deleting the account: a deletion code is sent for this session.
#[derive(Debug, Deserialize)]
pub struct DeleteCodeForm {
    csrf: String,
}

/// `POST /account/delete/code`: sends a deletion code for this session to the account's address
/// and shows the form that deletes the account with it.
pub async fn delete_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(f): Form<DeleteCodeForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let attempt = reel_core::audience::account_lifecycle::send_delete_code(&state, &caller, ip).await?;
    let totp = reel_core::audience::account_lifecycle::needs_totp(&state, &caller).await?;
    let info = PageInfo::new(Some(&caller), &t("account-delete", &[]), "account");
    render("account_delete.html", context! { page => info, attempt => attempt, totp => totp })
}

/// The account deletion form: the code sent for it (and the second factor where it is on), and
/// `confirm` saying `DELETE`.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    csrf: String,
    confirm: String,
    attempt: String,
    code: String,
    totp: Option<String>,
}

/// `POST /account/delete`: signs out and deletes the account (the rest by a job).
pub async fn delete_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(f): Form<DeleteForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    if f.confirm.trim() != "DELETE" {
        return Err(PageError::App(AppError::bad_request("not-confirmed", "type DELETE to confirm")));
    }
    let proof = reel_core::audience::account_lifecycle::DeleteProof {
        attempt: f.attempt,
        code: f.code,
        totp: f.totp.filter(|t| !t.trim().is_empty()),
    };
    reel_core::audience::account_lifecycle::delete(&state, &caller, &proof, ip).await?;
    with_cookies(see_other("/login?done=account-deleted"), &[clear_cookie(SESSION_COOKIE, secure(&state), "/")])
}

/// `?done=` after a change on the account page.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// What the account page shows besides the account: a token just made, a TOTP enrolment under
/// way, an error from the last form.
#[derive(Default)]
struct Extra {
    new_token: Option<(String, String)>,
    enrollment: Option<account::Enrollment>,
    recovery_codes: Option<Vec<String>>,
    error: Option<FormError>,
}

async fn account_view(
    state: &AppState,
    caller: &Caller,
    notice_text: Option<&'static str>,
    extra: Extra,
    status: StatusCode,
) -> PageResult {
    let (user, _) = account::me(state, caller).await?;
    let (devices, max_devices) = devices::list(state, caller).await?;
    let devices: Vec<Value> = devices
        .into_iter()
        .map(|d| {
            let app = d.record.kind == "app";
            context! { id => d.record.id, name => d.name, app, current => d.current, first_seen_at => d.record.first_seen_at, last_seen_at => d.record.last_seen_at }
        })
        .collect();
    let (screens, max_streams) = reel_core::delivery::streams::list(state, caller).await?;
    let screens: Vec<Value> = screens
        .into_iter()
        .map(|s| context! { id => s.stream.id, device => s.stream.device, video => s.stream.video_id.to_string(), title => s.title, started_at => s.stream.started_at })
        .collect();
    let now = reel_base::domain::now_ms();
    let tokens: Vec<Value> = account::tokens_of(state, caller)
        .await?
        .into_iter()
        .filter(|t| t.revoked_at.is_none())
        .map(|t| {
            let expired = t.state(now) == "expired";
            context! { id => t.id, name => t.name, scopes => t.scopes, created_at => t.created_at, last_used_at => t.last_used_at, expires_at => t.expires_at, expired }
        })
        .collect();
    let scopes: Vec<&str> =
        [Scope::Read, Scope::Account, Scope::Upload, Scope::Admin].into_iter().filter(|s| caller.has(*s)).map(Scope::as_str).collect();
    let page = PageInfo::new(Some(caller), &t("account-title", &[]), "account").with_notice(notice_text);
    let account = context! {
        email => user.email,
        phone => user.phone,
        display_name => user.display_name,
        channel => user.channel,
        role => user.role,
        totp => user.totp_enabled_at.is_some(),
        recovery_codes_left => account::recovery_codes_left(state, caller).await?,
        created_at => user.created_at,
    };
    let new_token = extra.new_token.map(|(name, secret)| context! { name, secret });
    let held = reel_core::audience::plans::held(state, caller).await?;
    let entitlement = Value::from_serialize(reel_core::audience::plans::entitlement_of(state, &held));
    let plans: Vec<Value> = held.into_iter().map(|h| context! { name => h.plan.name, since => h.starts_at, until => h.ends_at }).collect();
    let enrollment = extra.enrollment.map(|e| context! { secret => e.secret, uri => e.otpauth_uri });
    let mut response = render(
        "account.html",
        context! { page, account, devices, max_devices, screens, max_streams, tokens, scopes, new_token, enrollment, plans, entitlement, recovery_codes => extra.recovery_codes, error => extra.error },
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /account`.
pub async fn account_page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<DoneQuery>) -> PageResult {
    let caller = viewer.required()?;
    caller.require_grown_up()?;
    account_view(&state, &caller, ACCOUNT_NOTICES.of(q.done.as_deref()), Extra::default(), StatusCode::OK).await
}

/// Shows the account page again with the error a form ran into, beside the input of that
/// form `fields` pairs its code with (else above the page).
async fn account_error(state: &AppState, caller: &Caller, e: Problem, fields: &[(&str, &'static str)]) -> PageResult {
    e.log_cause();
    let status = e.status();
    let error = FormError::coded(e.code(), e.message(), fields);
    account_view(state, caller, None, Extra { error: Some(error), ..Extra::default() }, status).await
}

/// Which input of the token form each refusal is about.
const TOKEN_FIELDS: &[(&str, &str)] = &[("invalid-scope", "token-scopes"), ("invalid-expiry", "token-expires")];

/// After a form's action: back to the account page with `done`, or the page with the error.
pub(super) async fn after_action(state: &AppState, caller: &Caller, result: Result<(), Problem>, done: &str) -> PageResult {
    match result {
        Ok(()) => Ok(see_other(&format!("/account?done={done}"))),
        Err(e) => account_error(state, caller, e, &[]).await,
    }
}

/// `POST /account/tokens`: name and scopes of a new token.
#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    csrf: String,
    name: String,
    #[serde(default)]
    read: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    upload: Option<String>,
    #[serde(default)]
    admin: Option<String>,
    /// How long it works (`30d`); empty: until revoked.
    #[serde(default)]
    expires_in: String,
}

/// Makes a token and shows its secret, once.
pub async fn new_token(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<NewTokenForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let picked: Vec<&str> = [("read", &f.read), ("account", &f.account), ("upload", &f.upload), ("admin", &f.admin)]
        .into_iter()
        .filter(|(_, on)| on.is_some())
        .map(|(name, _)| name)
        .collect();
    if picked.is_empty() {
        let none = Problem::bad_request("invalid-scope", "pick at least one permission for the token");
        return account_error(&state, &caller, none, TOKEN_FIELDS).await;
    }
    let expires_in = Some(f.expires_in.as_str()).filter(|e| !e.trim().is_empty());
    match account::new_token(&state, &caller, &f.name, Some(&picked.join(",")), expires_in).await {
        Ok(token) => {
            let extra = Extra { new_token: Some((f.name.trim().to_string(), token.secret)), ..Extra::default() };
            account_view(&state, &caller, None, extra, StatusCode::CREATED).await
        }
        Err(e) => account_error(&state, &caller, e, TOKEN_FIELDS).await,
    }
}

/// `POST /account/tokens/revoke`.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    csrf: String,
    token: String,
}

/// Revokes one of the account's tokens.
pub async fn revoke_token(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<RevokeForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let result = account::revoke_token(&state, &caller, &f.token).await;
    after_action(&state, &caller, result, "revoked").await
}

/// A form with the CSRF token and an authenticator code.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    csrf: String,
    #[serde(default)]
    code: String,
}

/// `POST /account/totp/enroll`: shows a new secret to add to an authenticator app.
pub async fn totp_enroll(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CodeForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let code = Some(f.code.trim()).filter(|c| !c.is_empty());
    match account::totp_enroll(&state, &caller, code).await {
        Ok(enrollment) => {
            account_view(&state, &caller, None, Extra { enrollment: Some(enrollment), ..Extra::default() }, StatusCode::OK).await
        }
        // A current code that is not one is refused as `forbidden`.
        Err(e) => account_error(&state, &caller, e, &[("forbidden", "totp-current")]).await,
    }
}

/// `POST /account/totp/confirm`: the app's first code turns two-factor sign-in on; the page
/// then shows the recovery codes, this once.
pub async fn totp_confirm(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CodeForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match account::totp_confirm(&state, &caller, &f.code).await {
        // A wrong first code: the same key and its field again, with the reason beside it.
        Err(e) if e.code() == "invalid-code" => {
            let enrollment = account::pending_enrollment(&state, &caller).await?;
            // Beside the field when there is a key being set up to show it with; else (set up
            // in another tab meanwhile) above the page.
            let fields: &[(&str, &'static str)] = if enrollment.is_some() { &[("invalid-code", "totp-code")] } else { &[] };
            let error = FormError::coded(e.code(), e.message(), fields);
            account_view(&state, &caller, None, Extra { enrollment, error: Some(error), ..Extra::default() }, e.status()).await
        }
        result => recovery_codes_view(&state, &caller, result, &[]).await,
    }
}

/// `POST /account/totp/recovery-codes`: a new set of recovery codes for a current code from the
/// app, shown this once.
pub async fn totp_recovery_codes(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CodeForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let result = account::totp_recovery_codes(&state, &caller, &f.code).await;
    // A current code that is not one is refused as `forbidden`.
    recovery_codes_view(&state, &caller, result, &[("forbidden", "recovery-current")]).await
}

/// The account page showing new recovery codes, or the error that stopped them (beside the
/// input `fields` pairs its code with).
async fn recovery_codes_view(
    state: &AppState,
    caller: &Caller,
    result: problem::Result<Vec<String>>,
    fields: &[(&str, &'static str)],
) -> PageResult {
    match result {
        Ok(codes) => {
            let extra = Extra { recovery_codes: Some(codes), ..Extra::default() };
            account_view(state, caller, ACCOUNT_NOTICES.of(Some("totp")), extra, StatusCode::OK).await
        }
        Err(e) => account_error(state, caller, e, fields).await,
    }
}
