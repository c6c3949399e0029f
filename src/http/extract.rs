//! Who is calling: the [`Caller`] of a request, from its API token or its session cookie (with
//! the CSRF token a change must carry), counted against the account's request budget.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Method};

use crate::auth::{route_scope, session, Caller, Csrf, CSRF_HEADER, SESSION_COOKIE};
use crate::error::AppError;
use crate::state::AppState;

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().map_err(|_| AppError::unauthorized())?;
            let caller = crate::auth::token_caller(state, value, |scopes| route_scope::check(parts, scopes)).await?;
            return counted(state, parts, caller).await;
        }
        let csrf = if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            Csrf::NotNeeded
        } else {
            Csrf::Sent(parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or(""))
        };
        let caller = crate::auth::session_caller(state, &parts.headers, csrf).await?;
        counted(state, parts, caller).await
    }
}

impl OptionalFromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    /// No credentials at all is `None`; credentials that fail are still an error.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        let has_credentials =
            parts.headers.contains_key(header::AUTHORIZATION) || session::cookie_value(&parts.headers, SESSION_COOKIE).is_some();
        if !has_credentials {
            return Ok(None);
        }
        <Caller as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
    }
}

/// `caller`, once its request is counted against the account's budget for the request's
/// class (`edge.*_per_minute_per_account`): the class the edge gave it (a nested router sees
/// its path without the prefix), else its path's.
pub async fn counted(state: &AppState, parts: &Parts, caller: Caller) -> Result<Caller, AppError> {
    let class = parts
        .extensions
        .get::<crate::platform::edge::Class>()
        .copied()
        .unwrap_or_else(|| crate::platform::edge::Class::of_path(parts.uri.path()));
    state.edge.admit_account(class, caller.user_id).await?;
    Ok(caller)
}
