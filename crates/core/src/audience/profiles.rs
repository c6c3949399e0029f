//! Viewer profiles inside one account ("who's watching?"): listing, adding, changing and
//! removing them, and switching the session between them. A kids profile reads only and sees
//! only items at or under the kids rating cap (`videos::member_audience` applies it to every
//! listing, `videos::visible` to every single item and so to every playback token); leaving
//! it for another profile can need the account's parental PIN, or else a fresh sign-in code sent
//! to the account's address; a profile locked with a PIN opens with it (`audience::pins`).

use std::net::IpAddr;

use serde::Deserialize;

use crate::audience::pins;
use crate::auth::{login, Caller, Credential};
use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::{audit, profiles, users};
use reel_base::domain::profile::{avatar_colour, profile_name, AVATAR_COLOURS};
use reel_base::domain::{Address, Email, Phone, ProfileId};

pub use reel_base::db::profiles::ProfileRecord;

/// A profile's fields as a form or the API sends them; absent ones stay (or take defaults
/// when a profile is made).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// Its name: 1–40 characters, no control characters.
    #[schema(
        max_length = 40,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    pub name: Option<String>,
    /// Its avatar colour.
    #[schema(pattern = "^(teal|indigo|amber|rose|green|slate)$")]
    pub avatar: Option<String>,
    /// Whether it is a kids profile.
    pub kids: Option<bool>,
}

fn not_found() -> Problem {
    Problem::not_found("profile")
}

fn invalid(e: impl std::fmt::Display) -> Problem {
    Problem::bad_request("invalid-profile", e.to_string())
}

fn parse_id(id: &str) -> problem::Result<ProfileId> {
    id.parse().map_err(|_| not_found())
}

/// The caller's account's profiles, the main one first.
pub async fn list(ctx: &Context, caller: &Caller) -> problem::Result<Vec<ProfileRecord>> {
    Ok(profiles::list(&ctx.db, caller.subject()).await?)
}

/// Adds a profile to the caller's account (at most `audience.max_profiles`, the main one
/// included).
pub async fn create(ctx: &Context, caller: &Caller, input: &ProfileInput) -> problem::Result<ProfileRecord> {
    caller.require_grown_up()?;
    let name = profile_name(input.name.as_deref().unwrap_or_default()).map_err(invalid)?;
    let avatar = input.avatar.as_deref().map(avatar_colour).transpose().map_err(invalid)?.unwrap_or(AVATAR_COLOURS[1]);
    let new =
        profiles::NewProfile { id: ProfileId::new(), user_id: caller.subject(), name: &name, avatar, kids: input.kids.unwrap_or(false) };
    let max = ctx.config.audience.max_profiles;
    if !profiles::add(&ctx.db, &new, max).await? {
        return Err(Problem::conflict("too-many-profiles", format!("an account may have at most {max} profiles")));
    }
    audit::record(&ctx.db, Some(caller.subject()), "profile.created", Some(&new.id.to_string()), None, None).await?;
    profiles::get(&ctx.db, caller.subject(), new.id).await?.ok_or_else(not_found)
}

/// Changes one of the caller's profiles; the main profile cannot become a kids one.
pub async fn change(ctx: &Context, caller: &Caller, id: &str, input: &ProfileInput) -> problem::Result<ProfileRecord> {
    caller.require_grown_up()?;
    let id = parse_id(id)?;
    let name = input.name.as_deref().map(profile_name).transpose().map_err(invalid)?;
    let avatar = input.avatar.as_deref().map(avatar_colour).transpose().map_err(invalid)?;
    if input.kids == Some(true) && id == ProfileId::from(caller.subject()) {
        return Err(invalid("the account's main profile cannot be a kids profile"));
    }
    let edit = profiles::ProfileEdit { name: name.as_deref(), avatar, kids: input.kids };
    if !profiles::update(&ctx.db, caller.subject(), id, edit).await? {
        return Err(not_found());
    }
    profiles::get(&ctx.db, caller.subject(), id).await?.ok_or_else(not_found)
}

/// Removes one of the caller's profiles with its history and playlists (never the main one).
pub async fn remove(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require_grown_up()?;
    let id = parse_id(id)?;
    if id == ProfileId::from(caller.subject()) {
        return Err(Problem::conflict("main-profile", "the account's main profile cannot be removed"));
    }
    if !profiles::delete(&ctx.db, caller.subject(), id).await? {
        return Err(not_found());
    }
    audit::record(&ctx.db, Some(caller.subject()), "profile.removed", Some(&id.to_string()), None, None).await?;
    Ok(())
}

/// Whether moving the caller from their profile to `to` needs a sign-in code first.
fn needs_code(ctx: &Context, caller: &Caller, to: &ProfileRecord) -> bool {
    ctx.config.audience.kids_exit_needs_code && caller.profile.kids && !to.is_kids()
}

/// The code a session shows to leave a kids profile: the login attempt the code was sent
/// for, and the code.
#[derive(Debug, Deserialize)]
pub struct ExitCode {
    /// The attempt [`send_exit_code`] answered.
    pub attempt: String,
    /// The six digits sent.
    pub code: String,
}

/// The address sign-in codes for the caller's account go to.
/// Where the caller's account gets sign-in codes: its email, else its phone.
pub(crate) async fn account_address(ctx: &Context, caller: &Caller) -> problem::Result<Address> {
    let user = users::by_id(&ctx.db, caller.subject()).await?.ok_or_else(Problem::unauthorized)?;
    let address = match (&user.email, &user.phone) {
        (Some(email), _) => Email::parse(email).map(Address::Email).ok(),
        (None, Some(phone)) => Some(Address::Phone(Phone::stored(phone))),
        (None, None) => None,
    };
    address.ok_or_else(|| Problem::conflict("no-address", "the account has no address to send a code to"))
}

/// Sends a sign-in code to the account's address so the session can leave its kids profile;
/// the login attempt to send back with the code. The limits of sign-in codes apply.
pub async fn send_exit_code(ctx: &Context, caller: &Caller, ip: IpAddr) -> problem::Result<String> {
    session_of(caller)?;
    if !caller.profile.kids {
        return Err(Problem::conflict("not-kids", "only a kids profile needs a code to leave it"));
    }
    let address = account_address(ctx, caller).await?;
    login::request_code(ctx, &address, ip).await
}

/// The session behind a caller: only a session switches profile (an API token keeps the
/// profile it was made for).
fn session_of(caller: &Caller) -> problem::Result<&str> {
    match &caller.credential {
        Credential::Session { id_hash, .. } => Ok(id_hash),
        Credential::ApiToken { .. } => {
            Err(Problem::bad_request("session-only", "an API token acts as the profile it was made for; sign in to switch"))
        }
    }
}

/// What switching may need besides the profile: the code mailed to leave a kids profile, or a
/// PIN (the target's own, or the account's parental PIN).
#[derive(Debug, Default)]
pub struct SwitchProof<'a> {
    /// The mailed code, where leaving a kids profile asks for one.
    pub code: Option<&'a ExitCode>,
    /// The PIN, where the target is locked or the account has a parental PIN.
    pub pin: Option<&'a str>,
}

/// Makes the caller's session act as profile `to` from its next request. Leaving a kids profile
/// for a grown-up's needs the account's parental PIN where it has one, else `code` when the
/// deployment asks for it; a locked profile needs its own PIN or the parental one (the PINs'
/// guesses are limited and audited, `audience::pins`).
pub async fn switch(ctx: &Context, caller: &Caller, to: &str, proof: SwitchProof<'_>, ip: IpAddr) -> problem::Result<ProfileRecord> {
    let session = session_of(caller)?;
    let target = profiles::get(&ctx.db, caller.subject(), parse_id(to)?).await?.ok_or_else(not_found)?;
    let parental = profiles::parental_pin(&ctx.db, caller.subject()).await?;
    let parental_lock = parental.as_deref().map(|h| (pins::Lock::Parental(caller.subject()), h));
    match parental_lock {
        // Where the account has a parental PIN, it is what leaves a kids profile: no code then.
        Some(parental) if caller.profile.kids && !target.is_kids() => pins::check(ctx, caller, proof.pin, &[parental]).await?,
        _ => {
            if let Some(own) = target.pin_hash.as_deref().filter(|_| target.id != caller.profile_id()) {
                let opening: Vec<_> = std::iter::once((pins::Lock::Profile(target.id), own)).chain(parental_lock).collect();
                pins::check(ctx, caller, proof.pin, &opening).await?;
            }
            if needs_code(ctx, caller, &target) {
                let code = proof.code.ok_or_else(|| {
                    Problem::new(http::StatusCode::FORBIDDEN, "code-required", "leaving a kids profile needs the code sent to the account")
                })?;
                let address = account_address(ctx, caller).await?;
                login::redeem_code(ctx, &address, &code.attempt, &code.code, &crate::platform::ratelimit::ip_bucket(ip)).await?;
            }
        }
    }
    profiles::switch_session(&ctx.db, session, target.id).await?;
    Ok(target)
}
