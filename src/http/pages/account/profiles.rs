//! "Who's watching?": the account's profiles to pick from, and (from a grown-up's profile)
//! forms to add, change, remove and lock them and to set the parental PIN. Leaving a kids
//! profile may ask for the parental PIN or the code mailed to the account, and a locked profile
//! for its PIN, each on a page of its own.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::profile::AVATAR_COLOURS;
use reel_base::domain::ProfileId;
use reel_core::audience::pins;
use reel_core::audience::profiles::{self, ExitCode, ProfileInput, ProfileRecord};
use reel_core::auth::Caller;

use crate::http::pages::cards::PageQuery;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::ACCOUNT_NOTICES;
use crate::http::pages::frame::page_error::{refusal_text, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// A profile as the pages show it; `pin_settable` when the viewer may lock or unlock it (from
/// that profile or the main one).
fn card(p: &ProfileRecord, current: &Caller) -> minijinja::Value {
    let acting = current.profile_id();
    context! {
        id => p.id.to_string(),
        name => p.name,
        initial => reel_base::domain::profile::initial(&p.name),
        avatar => p.avatar,
        kids => p.is_kids(),
        main => p.is_main(),
        current => p.id == acting,
        locked => p.is_locked(),
        pin_settable => !current.profile.kids && (p.id == acting || acting == ProfileId::from(current.subject())),
    }
}

/// `GET /profiles`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    let list = profiles::list(&state, &caller).await?;
    let cards: Vec<_> = list.iter().map(|p| card(p, &caller)).collect();
    let can_add = !caller.profile.kids && list.len() < state.config.audience.max_profiles as usize;
    let info = PageInfo::new(Some(&caller), &t("profiles-title", &[]), "profiles").with_notice(ACCOUNT_NOTICES.of(q.done.as_deref()));
    let main = caller.profile_id() == ProfileId::from(caller.subject());
    let parental_pin = pins::has_parental_pin(&state, &caller).await?;
    render(
        "profiles.html",
        context! {
            page => info, profiles => cards, manage => !caller.profile.kids, can_add, colours => AVATAR_COLOURS,
            max => state.config.audience.max_profiles, main, parental_pin,
        },
    )
}

/// The switch form: the profile, and on the code page the attempt and code.
#[derive(Debug, Deserialize)]
pub struct SwitchForm {
    csrf: String,
    profile: String,
    attempt: Option<String>,
    code: Option<String>,
    pin: Option<String>,
}

/// `POST /profiles/switch`: act as the profile from now on. Leaving a kids profile where
/// a code is needed first mails one and shows the page to enter it; a profile locked with a
/// PIN, or leaving a kids profile where the account has a parental PIN, shows the page that
/// asks for it.
pub async fn switch(State(state): State<AppState>, headers: HeaderMap, ClientIp(ip): ClientIp, Form(f): Form<SwitchForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let code = match (f.attempt, f.code) {
        (Some(attempt), Some(code)) => Some(ExitCode { attempt, code }),
        _ => None,
    };
    let proof = profiles::SwitchProof { code: code.as_ref(), pin: f.pin.as_deref().filter(|p| !p.is_empty()) };
    match profiles::switch(&state, &caller, &f.profile, proof, ip).await {
        Ok(_) => Ok(see_other("/")),
        Err(e) if e.code() == "pin-required" => pin_page(&caller, &f.profile, None),
        Err(e) if matches!(e.code(), "wrong-pin" | "too-many-pins") => pin_page(&caller, &f.profile, Some(&refusal_text(&e))),
        Err(e) if e.code() == "code-required" => {
            let attempt = profiles::send_exit_code(&state, &caller, ip).await?;
            code_page(&caller, &f.profile, &attempt, None)
        }
        Err(e) if e.code() == "invalid-code" => {
            let attempt = code.map(|c| c.attempt).unwrap_or_default();
            code_page(&caller, &f.profile, &attempt, Some(&refusal_text(&e)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The page asking for a PIN: a kids profile is asked for the parental one, anyone else for
/// the profile's own (or the parental one, which opens it too).
fn pin_page(caller: &Caller, profile: &str, error: Option<&str>) -> PageResult {
    let info = PageInfo::new(Some(caller), &t("profiles-pin-title", &[]), "profiles");
    render("profile_pin.html", context! { page => info, profile, from_kids => caller.profile.kids, error })
}

/// A form that sets or removes a PIN: the profile's (`id`), or the account's parental one.
#[derive(Debug, Deserialize)]
pub struct PinForm {
    csrf: String,
    id: Option<String>,
    pin: Option<String>,
}

/// `POST /profiles/pin`: locks the profile `id` with `pin`, or unlocks it when no PIN is sent.
pub async fn set_pin(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<PinForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let pin = f.pin.as_deref().filter(|p| !p.is_empty());
    pins::set_profile_pin(&state, &caller, f.id.as_deref().unwrap_or_default(), pin).await?;
    Ok(see_other(if pin.is_some() { "/profiles?done=pin-set" } else { "/profiles?done=pin-removed" }))
}

/// `POST /profiles/parental-pin`: sets the account's parental PIN, or removes it when none is
/// sent.
pub async fn set_parental_pin(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<PinForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let pin = f.pin.as_deref().filter(|p| !p.is_empty());
    pins::set_parental_pin(&state, &caller, pin).await?;
    Ok(see_other(if pin.is_some() { "/profiles?done=parental-pin-set" } else { "/profiles?done=parental-pin-removed" }))
}

/// The page asking for the code mailed to the account.
fn code_page(caller: &Caller, profile: &str, attempt: &str, error: Option<&str>) -> PageResult {
    let info = PageInfo::new(Some(caller), &t("profiles-code-title", &[]), "profiles");
    render("profile_code.html", context! { page => info, profile, attempt, error })
}

/// The add and change forms (a checkbox is absent when unticked).
#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    csrf: String,
    id: Option<String>,
    name: String,
    avatar: String,
    kids: Option<String>,
}

impl ProfileForm {
    fn input(&self) -> ProfileInput {
        ProfileInput { name: Some(self.name.clone()), avatar: Some(self.avatar.clone()), kids: Some(self.kids.is_some()) }
    }
}

/// `POST /profiles/add`.
pub async fn add(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ProfileForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    profiles::create(&state, &caller, &f.input()).await?;
    Ok(see_other("/profiles?done=profile"))
}

/// `POST /profiles/edit`.
pub async fn edit(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ProfileForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    profiles::change(&state, &caller, f.id.as_deref().unwrap_or_default(), &f.input()).await?;
    Ok(see_other("/profiles?done=saved"))
}

/// A form that names one profile.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    csrf: String,
    id: String,
}

/// `POST /profiles/remove`.
pub async fn remove(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<RemoveForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    profiles::remove(&state, &caller, &f.id).await?;
    Ok(see_other("/profiles?done=profile-removed"))
}
