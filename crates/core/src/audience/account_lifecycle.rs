//! The end of an account's life, as its owner drives it: downloading everything Reel holds
//! about them (one JSON document), and deleting the account — signed out everywhere and
//! disabled at once, then erased by the `delete_account` job, which knows it only by a
//! pseudonym (a keyed hash of the id) that the kept records (revenue, the audit log) use too.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::audience::delete_account::DeleteAccount;
use crate::auth::{Caller, Credential};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{account_data, audit, users};
use reel_base::storage::{ObjectBody, StorageError, StorageKey};

/// What every export says it is, so a reader can tell versions apart.
const EXPORT_FORMAT: &str = "reel-account-export/1";

/// Everything the server holds about the caller's account: its record, profiles, what each watched,
/// subscriptions, notifications, plans and payments, playlists, series, items (each with the
/// URL of its original file), uploads in progress, sessions, tokens, sign-in codes and its
/// audit entries; never a credential.
pub async fn export(ctx: &Context, caller: &Caller) -> problem::Result<serde_json::Value> {
    caller.require_grown_up()?;
    let user = users::by_id(&ctx.db, caller.subject()).await?.ok_or_else(Problem::unauthorized)?;
    let mut tables = account_data::export(&ctx.db, user.id, user.email.as_deref()).await?;
    if let Some(items) = tables.get_mut("items") {
        for item in items.iter_mut() {
            if let Some(id) = item.get("id").and_then(|v| v.as_str()).map(str::to_string) {
                item.insert("original_url".into(), format!("{}/api/v1/videos/{id}/original", ctx.site_url).into());
            }
        }
    }
    let mut doc = serde_json::json!({ "format": EXPORT_FORMAT, "exported_at": reel_base::domain::rfc3339(ctx.clock().now_ms()) });
    for (name, rows) in tables {
        doc[name] = serde_json::to_value(rows).map_err(Problem::internal)?;
    }
    Ok(doc)
}

/// The original file of an item the caller owns (or any, for an admin), with its file name.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn original(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<(ObjectBody, String)> {
    let video = crate::library::videos::managed(ctx, caller, id).await?;
    let body = ctx.store.get_stream(&StorageKey::source(video.id), None).await.map_err(|e| match e {
        StorageError::NotFound(_) => Problem::not_found("original file"),
        other => other.into(),
    })?;
    Ok((body, video.source_filename.unwrap_or_else(|| format!("{}.original", video.id))))
}

/// The pseudonym of `user`: a keyed hash, so it cannot be traced back from the id without the
/// server's key.
fn pseudonym(ctx: &Context, user: reel_base::domain::UserId) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&ctx.otp_key).expect("HMAC takes keys of any length");
    mac.update(b"account-pseudonym:");
    mac.update(user.to_string().as_bytes());
    format!("deleted-{}", &hex::encode(mac.finalize().into_bytes())[..20])
}

/// What deleting an account takes besides a signed-in session: the deletion code that session
/// asked for ([`send_delete_code`]; a sign-in code is refused), and, where the account has a
/// second factor, a current code of it (or a recovery code). A session left open or taken
/// cannot delete the account.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteProof {
    /// The attempt [`send_delete_code`] answered.
    pub attempt: String,
    /// The code sent with it.
    pub code: String,
    /// A current code of the authenticator app, or a recovery code, where TOTP is on.
    #[serde(default)]
    pub totp: Option<String>,
}

/// Sends the caller's session a deletion code, to the account's address, its message saying
/// what it is for: it deletes the account from this session only, and signs no one in. The
/// attempt to send back with it; the limits of sign-in codes apply.
pub async fn send_delete_code(ctx: &Context, caller: &Caller, ip: std::net::IpAddr) -> problem::Result<String> {
    let session = session_only(caller)?;
    let address = crate::audience::profiles::account_address(ctx, caller).await?;
    crate::auth::login::request_deletion_code(ctx, caller.subject(), &address, session, ip).await
}

/// Whether the caller's account has a second factor, which deleting it asks for too.
pub async fn needs_totp(ctx: &Context, caller: &Caller) -> problem::Result<bool> {
    Ok(users::by_id(&ctx.db, caller.subject()).await?.is_some_and(|u| u.totp_enabled_at.is_some()))
}

/// The hash of the caller's session id: a grown-up's profile in a signed-in session only.
fn session_only(caller: &Caller) -> problem::Result<&str> {
    caller.require_grown_up()?;
    match &caller.credential {
        Credential::Session { id_hash, .. } => Ok(id_hash),
        _ => Err(Problem::forbidden("an account is deleted from a signed-in session, not with an API token")),
    }
}

/// Deletes the caller's account: from a signed-in session (with its CSRF token) and a
/// grown-up's profile only, with a fresh sign-in code and the second factor where it is on
/// (`proof`). Its sessions and tokens end now; the job does the rest.
pub async fn delete(ctx: &Context, caller: &Caller, proof: &DeleteProof, ip: std::net::IpAddr) -> problem::Result<()> {
    let session = session_only(caller)?;
    let address = crate::audience::profiles::account_address(ctx, caller).await?;
    let client = crate::platform::ratelimit::ip_bucket(ip);
    crate::auth::login::redeem_deletion_code(ctx, &address, session, proof.attempt.trim(), proof.code.trim(), &client).await?;
    let user = users::by_id(&ctx.db, caller.subject()).await?.ok_or_else(Problem::unauthorized)?;
    if user.totp_enabled_at.is_some() {
        let code = proof.totp.as_deref().map(str::trim).unwrap_or_default();
        let proven = !code.is_empty()
            && (crate::auth::account::current_totp(ctx, &user, code).await?
                || crate::auth::recovery::spend(ctx, user.id, code).await?.is_some());
        if !proven {
            return Err(Problem::new(
                http::StatusCode::FORBIDDEN,
                "totp-required",
                "deleting this account needs a current code from your authenticator app, or a recovery code",
            ));
        }
    }
    let pseudonym = pseudonym(ctx, caller.subject());
    if account_data::start_deletion(&ctx.db, caller.subject(), &pseudonym).await? {
        audit::record(&ctx.db, None, "account.deletion_requested", Some(&pseudonym), None, None).await?;
        let event = crate::platform::webhooks::Event::account("account.deleted", caller.subject(), None, None);
        crate::platform::webhooks::announce(ctx, event).await;
    }
    ctx.queue.enqueue(&DeleteAccount { pseudonym }).await?;
    Ok(())
}
