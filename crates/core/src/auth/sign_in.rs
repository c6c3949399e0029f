//! Finishing a sign-in: the code redeemed (`auth::login`), the account made where sign-up
//! allows, the browser's device admitted (`auth::devices`) and a session started, with the
//! second factor still owed where the account has one; then the second factor, which replaces
//! the pending session with a new one.

use std::net::IpAddr;

use crate::platform::problem::{self, Problem};
use crate::platform::webhooks::{self, Event};
use crate::platform::Context;
use reel_base::config::SignupMode;
use reel_base::db::{audit, sessions, users};
use reel_base::domain::{Address, Role};
use reel_base::i18n::Said;

use super::hash_token;
use super::login::{invalid_code, lockout, redeem_code, signin};
use super::session::{self, NewSession};

/// A browser signing in: its address, what it says it is, and the secret of its
/// `reel_device` cookie, if it has one.
#[derive(Debug, Clone, Copy)]
pub struct Browser<'a> {
    /// The client's address.
    pub ip: IpAddr,
    /// Its user agent.
    pub user_agent: Option<&'a str>,
    /// Its `reel_device` cookie.
    pub device_cookie: Option<&'a str>,
}

/// Finishes a login: checks the code for this address and attempt, makes the account if
/// sign-up allows, and starts a session (a second factor may still be owed) on the browser's
/// device, refusing a new device beyond the account's plans. The device's cookie is the
/// second value; the session's is in the third.
pub async fn verify_code(
    ctx: &Context,
    address: &Address,
    attempt: &str,
    code: &str,
    browser: Browser<'_>,
) -> problem::Result<(users::UserRecord, String, NewSession, bool)> {
    let Browser { ip, user_agent, device_cookie } = browser;
    let cfg = &ctx.config.auth;
    let ip_text = crate::platform::ratelimit::ip_bucket(ip);
    redeem_code(ctx, address, attempt, code, &ip_text).await?;
    let user = match users::by_address(&ctx.db, address).await? {
        Some(u) if u.active_at(ctx.clock().now_ms()) => u,
        Some(_) => return Err(invalid_code()),
        None => sign_up(ctx, address).await?,
    };
    let seat =
        device_refusal_audited(ctx, &user, address, &ip_text, super::devices::for_browser(ctx, user.id, device_cookie, user_agent).await)
            .await?;
    let second_factor = user.totp_enabled_at.is_some();
    if !second_factor {
        signin("succeeded");
    }
    let secure = ctx.site_url.starts_with("https://");
    let client = session::Client { ip: &ip_text, user_agent, device: Some(seat.id) };
    let session = session::start(&ctx.db, user.id, second_factor, cfg.session_ttl_secs, secure, client).await?;
    if seat.new {
        device_refusal_audited(ctx, &user, address, &ip_text, super::devices::hold(ctx, user.id, seat.id).await).await?;
    }
    audit::record(
        &ctx.db,
        Some(user.id),
        "login.succeeded",
        Some(address.as_str()),
        Some(&ip_text),
        second_factor.then(|| Said::new("audit-second-factor-pending")).as_ref(),
    )
    .await?;
    Ok((user, seat.cookie, session, second_factor))
}

/// `result`, a refusal of one device too many recorded in the member's audit log first:
/// someone with their code was turned away.
async fn device_refusal_audited<T>(
    ctx: &Context,
    user: &users::UserRecord,
    address: &Address,
    ip: &str,
    result: problem::Result<T>,
) -> problem::Result<T> {
    if let Err(refused) = &result {
        if refused.code() == "too-many-devices" {
            audit::record(&ctx.db, Some(user.id), "login.device_refused", Some(address.as_str()), Some(ip), None).await?;
        }
    }
    result
}

/// Wrong TOTP codes a pending sign-in may make before it is thrown away.
const MAX_TOTP_FAILURES: i64 = 5;

/// Completes a sign-in that owes the TOTP code: `session_id` is the pending session's cookie
/// value, `code` the app's code or one of the account's recovery codes (spent by this; a
/// wrong one counts as a wrong code). The pending session is replaced by a new one (a new id
/// at every step).
pub async fn verify_second_factor(
    ctx: &Context,
    session_id: &str,
    code: &str,
    ip: IpAddr,
    user_agent: Option<&str>,
) -> problem::Result<(users::UserRecord, NewSession)> {
    let ip_text = crate::platform::ratelimit::ip_bucket(ip);
    ctx.shared.check_rate(&format!("verify:{ip_text}"), crate::platform::ratelimit::verify_quota(&ctx.config.rate_limit)).await?;
    let session = sessions::live(&ctx.db, &hash_token(session_id)).await?.ok_or_else(Problem::unauthorized)?;
    if session.mfa_pending == 0 {
        return Err(Problem::bad_request("no-second-factor-owed", "this session is already signed in"));
    }
    let user = users::by_id(&ctx.db, session.user_id).await?.ok_or_else(Problem::unauthorized)?;
    let last = u64::try_from(user.totp_last_step).unwrap_or(0);
    let step = user.totp_secret.as_deref().and_then(|s| super::totp::verify(s, code.trim(), super::account::unix_now(), last));
    let accepted = match step {
        Some(step) => users::use_totp_step(&ctx.db, user.id, step).await?,
        None => false,
    };
    // Looked for only when the app's code failed: the same budget of wrong guesses covers both.
    let recovered = if accepted { None } else { super::recovery::spend(ctx, user.id, code).await? };
    let accepted = accepted || recovered.is_some();
    let ip = ip.to_string();
    if !accepted {
        // Counted per pending session as well as per IP: many addresses do not buy more guesses.
        let failures = sessions::fail_mfa(&ctx.db, &session.id_hash, MAX_TOTP_FAILURES).await?;
        let action = if failures >= MAX_TOTP_FAILURES { "login.totp_locked" } else { "login.totp_failed" };
        if failures >= MAX_TOTP_FAILURES {
            lockout("totp_tries");
        }
        signin("failed");
        audit::record(&ctx.db, Some(user.id), action, None, Some(&ip), Some(&Said::new("audit-wrong-code").arg("n", failures))).await?;
        return Err(Problem::bad_request("invalid-code", "the code is wrong"));
    }
    let secure = ctx.site_url.starts_with("https://");
    // The same browser: the device the pending session was started on.
    let device = session.device_id.as_deref().and_then(|d| d.parse().ok());
    let client = session::Client { ip: &ip, user_agent, device };
    let fresh = session::start(&ctx.db, user.id, false, ctx.config.auth.session_ttl_secs, secure, client).await?;
    sessions::revoke(&ctx.db, &session.id_hash).await?;
    signin("succeeded");
    let detail = recovered.map(|left| Said::new("audit-recovery-code-left").arg("n", left));
    audit::record(&ctx.db, Some(user.id), "login.totp_succeeded", None, Some(&ip), detail.as_ref()).await?;
    Ok((user, fresh))
}

/// Makes the account of a first sign-in, as the sign-up mode allows.
async fn sign_up(ctx: &Context, address: &Address) -> problem::Result<users::UserRecord> {
    let invited = match address {
        Address::Email(e) => users::invitation(&ctx.db, e.as_str()).await?,
        Address::Phone(_) => None,
    };
    let role = match (ctx.config.auth.signup, invited) {
        (_, Some(role)) => role,
        (SignupMode::Open, None) => Role::Viewer,
        _ => return Err(Problem::bad_request("invalid-code", "the code is wrong or has expired; ask for a new one")),
    };
    let (email, phone) = match address {
        Address::Email(e) => (Some(e), None),
        Address::Phone(p) => (None, Some(p)),
    };
    let user = super::users::create(&ctx.db, email, phone, None, role).await?;
    if let Some(e) = email {
        users::use_invitation(&ctx.db, e.as_str()).await?;
    }
    audit::record(
        &ctx.db,
        Some(user.id),
        "user.signed_up",
        Some(address.as_str()),
        None,
        Some(&Said::new("audit-role").arg("role", role.to_string())),
    )
    .await?;
    webhooks::announce(ctx, Event::account("account.created", user.id, Some(role), None)).await;
    Ok(user)
}
