//! The language a page speaks and how templates speak it. The choice, best first: the signed-in
//! profile's interface language, then the language switch (`POST /language`, or `?lang=` on
//! any page; remembered in the `reel_lang` cookie), then the browser's `Accept-Language`, then
//! `[site] default_language` — always one of `[site] languages`. An explicit `?lang=` speaks
//! for its own request over all of them.
//!
//! The templates get `t(key, name=value…)` for a catalogue message, filters that write numbers
//! and times in the language, and the scripts' messages as data (`web_messages()`).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::Form;
use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, Value};
use serde::{Deserialize, Serialize};

use super::{form_caller, safe_next, same_site, see_other, shell, PageError, PageResult};
use crate::auth::{session, Caller};
use crate::i18n::{self, Arg, Lang};
use crate::state::AppState;

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
    let preferences = match crate::audience::account_profile::preferences(state, caller).await {
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

/// The language switch's form.
#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    language: String,
    back: Option<String>,
    /// Sent by signed-in pages: the choice then becomes the profile's interface language too.
    csrf: Option<String>,
}

/// `POST /language`: remembers the language in a cookie and, for a signed-in grown-up, as the
/// profile's interface language (which otherwise would outrank the cookie); then back to the
/// page the switch was on.
pub async fn choose(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<LanguageForm>) -> PageResult {
    same_site(&headers)?;
    let lang = Lang::parse(&f.language).filter(|l| state.config.site.offered().contains(l)).ok_or_else(|| {
        PageError::App(crate::error::AppError::bad_request("invalid-language", "that language is not offered on this site"))
    })?;
    if let Some(csrf) = f.csrf.as_deref().filter(|c| !c.is_empty()) {
        let caller = form_caller(&state, &headers, csrf).await?;
        if !caller.profile.kids {
            let mut preferences = crate::audience::account_profile::preferences(&state, &caller).await?;
            preferences.language = Some(lang.tag().to_string());
            crate::audience::account_profile::set_preferences(&state, &caller, preferences).await?;
        }
    }
    let mut response = see_other(safe_next(f.back.as_deref()));
    if let Some(cookie) = remember(&state, lang) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Adds `t()`, `web_messages()` and the language-aware filters to the templates.
pub fn register(env: &mut Environment<'static>) {
    env.add_function("t", |key: &str, kwargs: Kwargs| -> Result<String, Error> {
        let mut args = Vec::new();
        for name in kwargs.args() {
            let value: Value = kwargs.get(name)?;
            args.push((name, argument(&value)));
        }
        kwargs.assert_all_used()?;
        let lang = shell::lang();
        if !i18n::has(key.split('.').next().unwrap_or(key)) {
            return Err(Error::new(ErrorKind::InvalidOperation, format!("no message `{key}` in the catalogues")));
        }
        Ok(i18n::text(lang, key, &args))
    });
    // JSON inside a <script> element: `<` is written as an escape so no message can end it.
    env.add_function("web_messages", || Value::from_safe_string(i18n::web_messages(shell::lang()).replace('<', "\\u003c")));
}

/// A template value as a message argument: numbers stay numbers (for plurals and digits).
fn argument(value: &Value) -> Arg<'static> {
    match value.kind() {
        minijinja::value::ValueKind::Number => {
            f64::try_from(value.clone()).map(Arg::Number).unwrap_or_else(|_| Arg::from(value.to_string()))
        }
        _ => Arg::from(value.to_string()),
    }
}
