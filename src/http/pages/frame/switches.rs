//! The switches every page's shell offers, signed in or not: the theme (`POST /theme`) and the
//! language (`POST /language`). Each remembers the choice in a cookie and goes back to the page
//! the form was on.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::Form;
use serde::Deserialize;

use crate::http::pages::frame::language::remember;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::{safe_next, see_other};
use crate::http::pages::frame::shell::{Theme, THEME_COOKIE, THEME_MAX_AGE_SECS};
use crate::http::pages::frame::viewer::{form_caller, same_site};
use crate::state::AppState;
use reel_base::i18n::Lang;
use reel_core::auth::session;

/// The theme form: the choice, and the page to go back to.
#[derive(Debug, Deserialize)]
pub struct ThemeForm {
    theme: String,
    back: Option<String>,
}

/// `POST /theme`: remembers the chosen theme in a cookie (forgets it for `system`) and goes
/// back to the page the form was on. Signed in or not; no session is needed to choose a look.
pub async fn choose_theme(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ThemeForm>) -> PageResult {
    same_site(&headers)?;
    let theme = Theme::parse(&f.theme)
        .ok_or_else(|| PageError::App(crate::error::AppError::bad_request("invalid-theme", "the theme must be system, light or dark")))?;
    let secure = state.site_url.starts_with("https://");
    let cookie = match theme {
        Theme::System => session::clear_cookie(THEME_COOKIE, secure, "/"),
        chosen => session::set_cookie(THEME_COOKIE, chosen.as_str(), THEME_MAX_AGE_SECS, secure, "/", "Lax"), // code: a cookie attribute
    };
    let mut response = see_other(safe_next(f.back.as_deref()));
    let cookie = HeaderValue::from_str(&cookie).map_err(|e| PageError::App(crate::error::AppError::internal(e)))?;
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
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
            let mut preferences = reel_core::audience::account_profile::preferences(&state, &caller).await?;
            preferences.language = Some(lang.tag().to_string());
            reel_core::audience::account_profile::set_preferences(&state, &caller, preferences).await?;
        }
    }
    let mut response = see_other(safe_next(f.back.as_deref()));
    if let Some(cookie) = remember(&state, lang) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
