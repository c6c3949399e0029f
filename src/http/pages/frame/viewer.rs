//! Who is on a page: the viewer a GET page is shown to, and the caller of a form post, whose
//! CSRF token and origin are checked.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};

use crate::error::AppError;
use crate::http::pages::frame::page_error::PageError;
use crate::http::pages::frame::shell;
use crate::state::AppState;
use reel_core::auth::{session, session_caller, Caller, Csrf, SESSION_COOKIE};

/// The person looking at a page: signed in with the session cookie, or not. A stale or
/// revoked cookie is simply "signed out". Only read for GET pages: a change always goes
/// through [`form_caller`], which checks the CSRF token.
pub struct Viewer(pub Option<Caller>);

impl FromRequestParts<AppState> for Viewer {
    /// Only the account's page budget (`edge.pages_per_minute_per_account`) refuses a viewer.
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !matches!(parts.method, Method::GET | Method::HEAD) || session::cookie_value(&parts.headers, SESSION_COOKIE).is_none() {
            return Ok(Self(None));
        }
        // An unknown or expired cookie is signed out; anything else (the database away) is the
        // page's error, not a trip to the sign-in page.
        let caller = match session_caller(state, &parts.headers, Csrf::NotNeeded).await {
            Ok(caller) => caller,
            Err(e) if e.status() == StatusCode::UNAUTHORIZED => return Ok(Self(None)),
            Err(e) => return Err(PageError::App(e.into())),
        };
        let caller = crate::http::extract::counted(state, parts, caller).await?;
        shell::load_viewer(state, &caller).await;
        Ok(Self(Some(caller)))
    }
}

impl Viewer {
    /// The signed-in caller, or a redirect to the sign-in page.
    pub fn required(self) -> Result<Caller, PageError> {
        self.0.ok_or(PageError::SignIn)
    }
}

/// The caller of a form post: the session cookie plus the form's `csrf` field, and the post
/// must not come from another site. A page made as the post's answer (a refusal shown beside
/// its field) has the viewer's shell, language and guide, as the page it came from had.
pub async fn form_caller(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<Caller, PageError> {
    same_site(headers)?;
    let caller = session_caller(state, headers, Csrf::Sent(csrf)).await.map_err(|e| {
        if e.status() == StatusCode::UNAUTHORIZED {
            PageError::SignIn
        } else {
            PageError::App(e.into())
        }
    })?;
    shell::load_viewer(state, &caller).await;
    Ok(caller)
}

/// Refuses form posts the browser says came from another site (a second line behind the CSRF
/// token, and the only one for the sign-in forms, which have no session yet).
pub fn same_site(headers: &HeaderMap) -> Result<(), PageError> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).unwrap_or("same-origin");
    if matches!(site, "same-origin" | "none") {
        Ok(())
    } else {
        Err(PageError::App(AppError::forbidden("this form must be sent from this site's own pages")))
    }
}
