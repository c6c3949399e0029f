//! PINs: a profile locked with four digits (switching to it asks for them), and the account's
//! parental PIN, which leaving a kids profile asks for where it is set and which opens any of
//! the account's locked profiles. Only a keyed hash of the digits is kept; every guess counts
//! against the account's budget ([`GUESSES`] per [`GUESS_WINDOW`], shared by every process),
//! and every wrong one is in the audit log, so ten thousand PINs cannot be tried through.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::Caller;
use crate::platform::problem::{self, Problem};
use crate::platform::ratelimit::Quota;
use crate::platform::Context;
use reel_base::db::{audit, profiles};
use reel_base::domain::profile::Pin;
use reel_base::domain::{ProfileId, UserId};

use reel_base::db::profiles::ProfileRecord;

/// How many PINs an account may try per [`GUESS_WINDOW`], right or wrong.
pub const GUESSES: u32 = 5;
/// The window of [`GUESSES`].
pub const GUESS_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What a PIN locks, as its hash is keyed: a profile, or the account's parental controls.
#[derive(Debug, Clone, Copy)]
pub enum Lock {
    /// A profile's own lock.
    Profile(ProfileId),
    /// The account's parental PIN.
    Parental(UserId),
}

impl Lock {
    /// What the hash is keyed with, and what the audit log names.
    fn subject(self) -> String {
        match self {
            Lock::Profile(id) => format!("profile:{id}"),
            Lock::Parental(user) => format!("parental:{user}"),
        }
    }
}

/// The keyed hash of `pin` for `lock`: the same four digits hash apart for each lock, and
/// without the site's key the stored hashes cannot be tried offline.
fn hash(ctx: &Context, lock: Lock, pin: &Pin) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&ctx.otp_key).expect("HMAC takes keys of any length");
    mac.update(b"pin:");
    mac.update(lock.subject().as_bytes());
    mac.update(b":");
    mac.update(pin.as_str().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn parse(text: &str) -> problem::Result<Pin> {
    Pin::parse(text).map_err(|e| Problem::bad_request("invalid-pin", e.0))
}

/// Locks one of the caller's account's profiles with `pin`, or unlocks it (`None`): from a
/// grown-up's profile, acting as that profile or as the account's main one.
pub async fn set_profile_pin(ctx: &Context, caller: &Caller, id: &str, pin: Option<&str>) -> problem::Result<ProfileRecord> {
    caller.require_grown_up()?;
    let id: ProfileId = id.parse().map_err(|_| Problem::not_found("profile"))?;
    let main = ProfileId::from(caller.subject());
    let profile = profiles::get(&ctx.db, caller.subject(), id).await?.ok_or_else(|| Problem::not_found("profile"))?;
    if caller.profile_id() != id && caller.profile_id() != main {
        return Err(Problem::forbidden("a profile's PIN is set from that profile or from the account's main profile"));
    }
    let hashed = pin.map(parse).transpose()?.map(|p| hash(ctx, Lock::Profile(profile.id), &p));
    profiles::set_pin(&ctx.db, caller.subject(), profile.id, hashed.as_deref()).await?;
    let action = if hashed.is_some() { "profile.pin_set" } else { "profile.pin_removed" };
    audit::record(&ctx.db, Some(caller.subject()), action, Some(&profile.id.to_string()), None, None).await?;
    profiles::get(&ctx.db, caller.subject(), id).await?.ok_or_else(|| Problem::not_found("profile"))
}

/// Sets the account's parental PIN, or removes it (`None`): from the account's main profile.
pub async fn set_parental_pin(ctx: &Context, caller: &Caller, pin: Option<&str>) -> problem::Result<()> {
    caller.require_grown_up()?;
    if caller.profile_id() != ProfileId::from(caller.subject()) {
        return Err(Problem::forbidden("the parental PIN is set from the account's main profile"));
    }
    let hashed = pin.map(parse).transpose()?.map(|p| hash(ctx, Lock::Parental(caller.subject()), &p));
    profiles::set_parental_pin(&ctx.db, caller.subject(), hashed.as_deref()).await?;
    let action = if hashed.is_some() { "account.parental_pin_set" } else { "account.parental_pin_removed" };
    audit::record(&ctx.db, Some(caller.subject()), action, None, None, None).await?;
    Ok(())
}

/// Whether the caller's account has a parental PIN.
pub async fn has_parental_pin(ctx: &Context, caller: &Caller) -> problem::Result<bool> {
    Ok(profiles::parental_pin(&ctx.db, caller.subject()).await?.is_some())
}

/// Checks `given` against the PINs that open what the caller asks for (each lock with its
/// stored hash): none given is 403 `pin-required`; past the account's budget of guesses, 429
/// `too-many-pins` with when to try again (the guess is not looked at, and the refusal is
/// audited); a wrong one is 403 `wrong-pin` and an audit record naming the first lock.
pub(crate) async fn check(ctx: &Context, caller: &Caller, given: Option<&str>, opening: &[(Lock, &str)]) -> problem::Result<()> {
    let Some(given) = given else {
        return Err(Problem::new(http::StatusCode::FORBIDDEN, "pin-required", "this needs a PIN"));
    };
    if let Err(wait) = ctx.shared.check_rate(&format!("pin:{}", caller.subject()), Quota { count: GUESSES, per: GUESS_WINDOW }).await {
        audit::record(&ctx.db, Some(caller.subject()), "pin.refused", opening.first().map(|(l, _)| l.subject()).as_deref(), None, None)
            .await?;
        let said = "too many PINs were tried on this account; try again later";
        return Err(Problem::new(http::StatusCode::TOO_MANY_REQUESTS, "too-many-pins", said).retry_in(wait.as_secs_ceil()));
    }
    let right = Pin::parse(given).is_ok_and(|pin| {
        opening.iter().any(|(lock, stored)| crate::platform::secrets::equal(hash(ctx, *lock, &pin).as_bytes(), stored.as_bytes()))
    });
    if right {
        return Ok(());
    }
    let target = opening.first().map(|(lock, _)| lock.subject());
    audit::record(&ctx.db, Some(caller.subject()), "pin.failed", target.as_deref(), None, None).await?;
    Err(Problem::new(http::StatusCode::FORBIDDEN, "wrong-pin", "that PIN is not right"))
}
