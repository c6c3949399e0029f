//! What a signed-in person does with their account, and what admins do with everyone's: the
//! actions behind both the JSON API and the web pages, each with its audit record.

use crate::platform::webhooks::Event;
use std::collections::HashMap;

use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{audit, sessions, tokens, users};
use reel_base::domain::{now_ms, Email, Role, TokenId, UserId};
use reel_base::i18n::Said;

pub use reel_base::db::audit::AuditRecord;
pub use reel_base::db::sessions::SessionRecord;
pub use reel_base::db::tokens::TokenRecord;
pub use reel_base::db::users::UserRecord;

use super::{create_token, recovery, totp, Caller, Credential, NewToken, Scope};

/// TOTP is managed by the person, signed in, never through an API token.
fn require_session(caller: &Caller) -> problem::Result<()> {
    match caller.credential {
        Credential::Session { .. } => Ok(()),
        Credential::ApiToken { .. } => Err(Problem::forbidden("this is done while signed in, not with an API token")),
    }
}

/// An account id from a path or form; anything that is not one names no account.
fn parse_user(id: &str) -> problem::Result<UserId> {
    id.parse().map_err(|_| Problem::not_found("user"))
}

/// Seconds since the Unix epoch by the system clock, not the context's: for what another
/// party checks by its own (an authenticator app's TOTP codes, a webhook's timestamp).
pub fn unix_now() -> u64 {
    u64::try_from(now_ms() / 1000).unwrap_or(0)
}

async fn account(ctx: &Context, caller: &Caller) -> problem::Result<users::UserRecord> {
    users::by_id(&ctx.db, caller.subject()).await?.ok_or_else(Problem::unauthorized)
}

/// The caller's own account with its live sessions.
pub async fn me(ctx: &Context, caller: &Caller) -> problem::Result<(UserRecord, Vec<SessionRecord>)> {
    let user = account(ctx, caller).await?;
    let live = sessions::for_user(&ctx.db, user.id).await?;
    Ok((user, live))
}

/// The caller's API tokens, revoked ones included (never a secret).
pub async fn tokens_of(ctx: &Context, caller: &Caller) -> problem::Result<Vec<TokenRecord>> {
    caller.require_grown_up()?;
    Ok(tokens::list(&ctx.db, Some(caller.subject())).await?)
}

/// Every account, oldest first (admins only).
pub async fn accounts(ctx: &Context, caller: &Caller) -> problem::Result<Vec<UserRecord>> {
    caller.require(Scope::Admin)?;
    Ok(users::list(&ctx.db).await?)
}

/// Audit records, newest first, before record `before` when given (admins only).
pub async fn audit_log(ctx: &Context, caller: &Caller, limit: u32, before: Option<i64>) -> problem::Result<Vec<AuditRecord>> {
    caller.require(Scope::Admin)?;
    Ok(audit::recent(&ctx.db, limit, before).await?)
}

/// The accounts with these ids, by id: the channels shown beside videos.
pub async fn by_ids(ctx: &Context, ids: &[UserId]) -> problem::Result<HashMap<UserId, UserRecord>> {
    Ok(users::by_ids(&ctx.db, ids).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// One account by id, for showing it as a video's channel.
pub async fn by_id(ctx: &Context, id: UserId) -> problem::Result<Option<UserRecord>> {
    Ok(users::by_id(&ctx.db, id).await?)
}

/// The enabled account behind a channel handle.
pub async fn channel(ctx: &Context, handle: &str) -> problem::Result<Option<UserRecord>> {
    Ok(users::by_channel(&ctx.db, handle).await?.filter(|u| u.disabled_at.is_none()))
}

/// A new API token for the caller, with `scopes` (comma list, default `read`), working for
/// `expires_in` (`30d`, `12h`; none: until revoked); the secret is in the answer only.
pub async fn new_token(
    ctx: &Context,
    caller: &Caller,
    name: &str,
    scopes: Option<&str>,
    expires_in: Option<&str>,
) -> problem::Result<NewToken> {
    let user = account(ctx, caller).await?;
    // Unnamed: reading and changing one's own account, as far as the caller may.
    let scopes = match scopes {
        Some(named) => Scope::parse_list(named)?,
        None => [Scope::Read, Scope::Account].into_iter().filter(|s| caller.has(*s)).collect(),
    };
    let mut expires_at = expires_in.map(super::parse_lifetime).transpose()?.map(|l| super::expiry_after(ctx.clock(), l));
    // A token made by an expiring token expires with it at the latest: a leaked short-lived
    // token cannot be turned into a lasting one.
    if let Credential::ApiToken { expires_at: Some(limit), .. } = caller.credential {
        expires_at = Some(expires_at.map_or(limit, |at| at.min(limit)));
    }
    // A token never grants more than the credential that made it.
    if scopes.iter().any(|s| !caller.has(*s)) {
        return Err(Problem::forbidden("a token cannot have scopes the caller lacks"));
    }
    // A token is a device: one more than the account's plans allow is refused.
    super::devices::room_for_one_more(ctx, user.id).await?;
    // A token made while acting as a profile acts as it too: a kids profile cannot mint its
    // way out of its cap.
    let token = create_token(&ctx.db, &user, Some(caller.profile_id()), name, &scopes, expires_at).await?;
    super::devices::hold(ctx, user.id, token.device).await?;
    let detail = token.expires_at.map(|at| Said::new("audit-expires").arg("at", reel_base::domain::rfc3339(at)));
    audit::record(&ctx.db, Some(user.id), "token.created", Some(&token.id.to_string()), None, detail.as_ref()).await?;
    Ok(token)
}

/// Revokes one of the caller's tokens (admins: anyone's).
pub async fn revoke_token(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require_grown_up()?;
    let id: TokenId = id.parse().map_err(|_| Problem::not_found("token"))?;
    let owner = if caller.is_admin() { None } else { Some(caller.subject()) };
    if !tokens::revoke(&ctx.db, id, owner).await? {
        return Err(Problem::not_found("token"));
    }
    // The token was a device: what it plays stops with it.
    if let Some((user, device)) = tokens::device_of(&ctx.db, id).await? {
        super::devices::end_streams(ctx, user, &device).await?;
    }
    audit::record(&ctx.db, Some(caller.subject()), "token.revoked", Some(&id.to_string()), None, None).await?;
    Ok(())
}

/// A TOTP secret being enrolled: what the authenticator app needs.
pub struct Enrollment {
    /// Base32 secret, for typing in.
    pub secret: String,
    /// `otpauth://` URI, for scanning or tapping.
    pub otpauth_uri: String,
}

/// Starts TOTP enrolment: a new secret, pending until confirmed. Replacing a secret already in
/// force needs a current code from it, or one of the recovery codes (the way back from a lost
/// phone; that code is spent).
pub async fn totp_enroll(ctx: &Context, caller: &Caller, current_code: Option<&str>) -> problem::Result<Enrollment> {
    caller.require_grown_up()?;
    require_session(caller)?;
    let user = account(ctx, caller).await?;
    if user.totp_enabled_at.is_some() {
        let fresh = current_totp(ctx, &user, current_code.unwrap_or("")).await?
            || recovery::spend(ctx, user.id, current_code.unwrap_or("")).await?.is_some();
        if !fresh {
            return Err(Problem::forbidden("enter a current code from your authenticator app, or a recovery code, to replace it"));
        }
    }
    let secret = totp::generate_secret();
    users::set_totp_pending(&ctx.db, user.id, &secret).await?;
    Ok(enrollment(&ctx.config.site.name, &user, secret))
}

/// The enrolment still waiting for its first code, if one is: shown again after a wrong code,
/// so the app need not be set up anew. It is the caller's own secret, not yet in force.
pub async fn pending_enrollment(ctx: &Context, caller: &Caller) -> problem::Result<Option<Enrollment>> {
    caller.require_grown_up()?;
    require_session(caller)?;
    let user = account(ctx, caller).await?;
    Ok(user.totp_pending.clone().map(|secret| enrollment(&ctx.config.site.name, &user, secret)))
}

/// The enrolment of `secret` for `user`, which an authenticator app lists under the site's
/// name (`site`).
fn enrollment(site: &str, user: &UserRecord, secret: String) -> Enrollment {
    let label = user.email.as_deref().or(user.phone.as_deref()).unwrap_or(&user.channel);
    let otpauth_uri = totp::otpauth_uri(&secret, label, site);
    Enrollment { secret, otpauth_uri }
}

/// Whether `code` is a current code of the account's TOTP secret in force, not used before
/// (it is then spent).
pub(crate) async fn current_totp(ctx: &Context, user: &UserRecord, code: &str) -> problem::Result<bool> {
    let Some(secret) = user.totp_secret.as_deref().filter(|_| user.totp_enabled_at.is_some()) else { return Ok(false) };
    match totp::verify(secret, code.trim(), unix_now(), u64::try_from(user.totp_last_step).unwrap_or(0)) {
        Some(step) => Ok(users::use_totp_step(&ctx.db, user.id, step).await?),
        None => Ok(false),
    }
}

/// Puts the pending TOTP secret in force with the first code from the app; returns a new set
/// of recovery codes, to be shown this once.
pub async fn totp_confirm(ctx: &Context, caller: &Caller, code: &str) -> problem::Result<Vec<String>> {
    caller.require_grown_up()?;
    require_session(caller)?;
    let user = account(ctx, caller).await?;
    let Some((pending, step)) = user.totp_pending.as_deref().and_then(|s| Some((s, totp::verify(s, code, unix_now(), 0)?))) else {
        return Err(Problem::bad_request("invalid-code", "the code is wrong"));
    };
    // Only the request that turns it on makes recovery codes: a second, racing one would void
    // the set the first just showed.
    if !users::enable_totp(&ctx.db, user.id, pending, step).await? {
        return Err(Problem::conflict("totp-changed", "two-factor sign-in was just turned on or set up again; reload the page"));
    }
    audit::record(&ctx.db, Some(user.id), "totp.enabled", None, None, None).await?;
    recovery::issue(ctx, &user).await
}

/// A new set of recovery codes for the caller, voiding the old set; needs a current code from
/// the authenticator app. The codes are in the answer only.
pub async fn totp_recovery_codes(ctx: &Context, caller: &Caller, current_code: &str) -> problem::Result<Vec<String>> {
    caller.require_grown_up()?;
    require_session(caller)?;
    let user = account(ctx, caller).await?;
    if user.totp_enabled_at.is_none() {
        return Err(Problem::bad_request("totp-off", "recovery codes come with two-factor sign-in; turn it on first"));
    }
    if !current_totp(ctx, &user, current_code).await? {
        return Err(Problem::forbidden("enter a current code from your authenticator app to make new recovery codes"));
    }
    recovery::issue(ctx, &user).await
}

/// How many recovery codes the caller has left (0 without two-factor sign-in).
pub async fn recovery_codes_left(ctx: &Context, caller: &Caller) -> problem::Result<i64> {
    recovery::left(ctx, caller.subject()).await
}

/// Ends the caller's session.
pub async fn logout(ctx: &Context, caller: &Caller) -> problem::Result<()> {
    let Credential::Session { id_hash, .. } = &caller.credential else {
        return Err(Problem::bad_request("not-a-session", "API tokens are revoked at /api/v1/tokens, not signed out"));
    };
    sessions::revoke(&ctx.db, id_hash).await?;
    // What this browser plays stops with it.
    if let Some(device) = caller.device {
        super::devices::end_streams(ctx, caller.subject(), &device.to_string()).await?;
    }
    audit::record(&ctx.db, Some(caller.subject()), "logout", None, None, None).await?;
    Ok(())
}

/// Ends every session of the caller's account ("sign out everywhere"), and with
/// `revoke_tokens` every API token of it too (a lost laptop's scripts stop as well); what the
/// devices signed out play stops with them.
pub async fn logout_all(ctx: &Context, caller: &Caller, revoke_tokens: bool) -> problem::Result<()> {
    caller.require_grown_up()?;
    if revoke_tokens {
        // Not for a token, which may be a read-only one: revoking every token takes the person.
        require_session(caller)?;
    }
    // The devices signed out stop playing too: every browser, and the apps when their tokens go.
    let signed_out: Vec<String> = reel_base::db::devices::live_of(&ctx.db, caller.subject())
        .await?
        .into_iter()
        .filter(|d| revoke_tokens || d.kind == "browser")
        .map(|d| d.id)
        .collect();
    let n = sessions::revoke_all(&ctx.db, caller.subject()).await?;
    let detail = if revoke_tokens {
        let t = tokens::revoke_all(&ctx.db, caller.subject()).await?;
        Said::new("audit-sessions-tokens").arg("n", n).arg("tokens", t)
    } else {
        Said::new("audit-sessions").arg("n", n)
    };
    for device in signed_out {
        super::devices::end_streams(ctx, caller.subject(), &device).await?;
    }
    audit::record(&ctx.db, Some(caller.subject()), "logout.everywhere", None, None, Some(&detail)).await?;
    Ok(())
}

/// Changes an account's role (admins only; never their own).
pub async fn set_role(ctx: &Context, caller: &Caller, id: &str, role: &str) -> problem::Result<()> {
    change(ctx, caller, id, Some(role), None).await
}

/// Disables an account or enables it again (admins only; never their own). Disabling ends the
/// account's sessions at once, and its API tokens stop working until it is enabled again.
pub async fn set_disabled(ctx: &Context, caller: &Caller, id: &str, disabled: bool) -> problem::Result<()> {
    change(ctx, caller, id, None, Some(disabled)).await
}

/// Changes an account's role and/or disabled state (admins only; never their own demotion or
/// disabling). Every part is checked before anything is changed, so a refused change changes
/// nothing; each change is audited.
pub async fn change(ctx: &Context, caller: &Caller, id: &str, role: Option<&str>, disabled: Option<bool>) -> problem::Result<()> {
    caller.require(Scope::Admin)?;
    if role.is_none() && disabled.is_none() {
        return Err(Problem::bad_request("nothing-to-change", "give role and/or disabled"));
    }
    let role: Option<Role> = role.map(str::parse).transpose()?;
    let id = parse_user(id)?;
    if id == caller.subject() && (role.is_some_and(|r| r != Role::Admin) || disabled == Some(true)) {
        return Err(Problem::conflict("last-word", "admins cannot demote or disable themselves"));
    }
    if users::by_id(&ctx.db, id).await?.is_none() {
        return Err(Problem::not_found("user"));
    }
    if let Some(role) = role {
        users::set_role(&ctx.db, id, role).await?;
        audit::record(
            &ctx.db,
            Some(caller.subject()),
            "user.role_changed",
            Some(&id.to_string()),
            None,
            Some(&Said::new("audit-role-to").arg("role", role.to_string())),
        )
        .await?;
        let event = Event::account("account.role_changed", id, Some(role), Some(caller.subject()));
        crate::platform::webhooks::announce(ctx, event).await;
    }
    if let Some(disabled) = disabled {
        disable(&ctx.db, id, disabled, Some(caller.subject()), None).await?;
    }
    Ok(())
}

/// Sets an account's disabled state with its audit record, ending its sessions when it is
/// disabled; false when it already was so. `via` names a command line that did it.
pub async fn disable(db: &reel_base::db::Db, id: UserId, disabled: bool, by: Option<UserId>, via: Option<&str>) -> sqlx::Result<bool> {
    if !users::set_disabled(db, id, disabled).await? {
        return Ok(false);
    }
    if disabled {
        sessions::revoke_all(db, id).await?;
    }
    let action = if disabled { "user.disabled" } else { "user.enabled" };
    // The command line that did it, as data.
    let via = via.map(Said::verbatim);
    audit::record(db, by, action, Some(&id.to_string()), None, via.as_ref()).await?;
    let role = users::by_id(db, id).await?.map(|u| u.role);
    let event = Event::account(if disabled { "account.disabled" } else { "account.enabled" }, id, role, by);
    crate::platform::webhooks::announce_from(db, event).await;
    Ok(true)
}

/// Lets an address sign up, with a role (admins only).
pub async fn invite(ctx: &Context, caller: &Caller, email: &str, role: Option<&str>) -> problem::Result<()> {
    caller.require(Scope::Admin)?;
    let email = Email::parse(email)?;
    let role: Role = role.unwrap_or("viewer").parse()?;
    users::invite(&ctx.db, &email, role, Some(caller.subject())).await?;
    audit::record(
        &ctx.db,
        Some(caller.subject()),
        "invitation.created",
        Some(email.as_str()),
        None,
        Some(&Said::new("audit-role").arg("role", role.to_string())),
    )
    .await?;
    Ok(())
}
