//! The language a page speaks and how templates speak it. The choice, best first: the signed-in
//! profile's interface language, then the language switch (`POST /language`, or `?lang=` on
//! any page; remembered in the `reel_lang` cookie), then the browser's `Accept-Language`, then
//! `[site] default_language` — always one of `[site] languages`. An explicit `?lang=` speaks
//! for its own request over all of them. The templates speak it through `templates.rs`, the
//! switch's form is answered in `switches.rs`.

use axum::http::{header, HeaderMap, HeaderValue};
use serde::Serialize;

use crate::state::AppState;
use reel_base::i18n::{self, Lang};
use reel_core::auth::{session, Caller};

/// The cookie holding the language chosen with the switch.
pub const LANG_COOKIE: &str = "reel_lang";
/// How long a choice is remembered.
const LANG_MAX_AGE_SECS: u64 = 400 * 86_400;

/// How the request named its language, before the viewer is known.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    /// The language chosen for the request so far.
    pub lang: Lang,
    /// Named by `?lang=`: the profile's preference does not override it, and the answer
    /// remembers it.
    pub explicit: bool,
}

/// The language `headers` and the query ask for, among what the site offers.
pub fn asked(state: &AppState, headers: &HeaderMap, query: Option<&str>) -> Asked {
    let site = &state.config.site;
    let offered = site.offered();
    let pick = |tag: &str| Lang::parse(tag).filter(|l| offered.contains(l));
    let from_query = query.and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()?.into_iter().find(|(k, _)| k == "lang").and_then(|(_, v)| pick(&v))
    });
    if let Some(lang) = from_query {
        return Asked { lang, explicit: true };
    }
    let lang = session::cookie_value(headers, LANG_COOKIE)
        .and_then(|v| pick(&v))
        .or_else(|| {
            let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())?;
            i18n::negotiate(accept, &offered)
        })
        .unwrap_or_else(|| site.default_lang());
    Asked { lang, explicit: false }
}

/// The cookie that remembers `lang` on this site.
pub fn remember(state: &AppState, lang: Lang) -> Option<HeaderValue> {
    let secure = state.site_url.starts_with("https://");
    let cookie = session::set_cookie(LANG_COOKIE, lang.tag(), LANG_MAX_AGE_SECS, secure, "/", "Lax"); // code: a cookie attribute
    HeaderValue::from_str(&cookie).ok()
}

/// The profile's interface language for `caller`, when set and offered. A failure to read it
/// leaves the page in the language asked for, not unanswered.
pub async fn preferred(state: &AppState, caller: &Caller) -> Option<Lang> {
    let preferences = match reel_core::audience::account_profile::preferences(state, caller).await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e.message(), "the profile's language could not be read");
            return None;
        }
    };
    preferences.language.as_deref().and_then(Lang::parse).filter(|l| state.config.site.offered().contains(l))
}

/// A language as the switch lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Offered {
    tag: &'static str,
    name: String,
}

/// The languages the switch lists, each in its own name.
pub fn offered(state_languages: &[Lang]) -> Vec<Offered> {
    state_languages.iter().map(|l| Offered { tag: l.tag(), name: l.own_name() }).collect()
}
