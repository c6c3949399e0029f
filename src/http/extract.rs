//! Who is calling: the [`Caller`] of a request, from its API token or its session cookie (with
//! the CSRF token a change must carry), counted against the account's request budget.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Method};

use crate::error::AppError;
use crate::state::AppState;
use reel_core::auth::{route_scope, session, Caller, Csrf, CSRF_HEADER, SESSION_COOKIE};

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().map_err(|_| AppError::unauthorized())?;
            let caller = reel_core::auth::token_caller(state, value, |scopes| route_scope::check(parts, scopes)).await?;
            return counted(state, parts, caller).await;
        }
        let csrf = if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            Csrf::NotNeeded
        } else {
            Csrf::Sent(parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or(""))
        };
        let caller = reel_core::auth::session_caller(state, &parts.headers, csrf).await?;
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
        .get::<reel_core::platform::edge::Class>()
        .copied()
        .unwrap_or_else(|| reel_core::platform::edge::Class::of_path(parts.uri.path()));
    state.edge.admit_account(class, caller.user_id).await?;
    Ok(caller)
}

/// A JSON body or answer: axum's `Json`, except that a body must be a JSON object. serde reads a
/// struct from an array too (`[null]` as `{"video_id": null}`), which no client means and the
/// API's description forbids; such a body is a 422 `invalid-body`, like any other the route
/// cannot take. A number written with a fraction of zero (`2.0`) is the integer it spells, as
/// JSON Schema reads it and the API's description says: a field the document calls an integer
/// takes it. Answers are axum's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Json<T> {
    type Rejection = axum::response::Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        if !is_json(request.headers()) {
            let message = "Expected request with `Content-Type: application/json`";
            return Err(AppError::new(axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", message).into_response());
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{') {
            let message = "the body is a JSON object";
            return Err(AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", message).into_response());
        }
        // Rewritten only where it spells an integer as a float, and read by axum's own reader
        // either way, whose refusals name the field at fault.
        let bytes = with_whole_numbers_as_integers(bytes);
        axum::Json::<T>::from_bytes(&bytes).map(|axum::Json(value)| Self(value)).map_err(IntoResponse::into_response)
    }
}

/// `bytes`, a JSON text, with every whole number written as a float written as the integer it
/// spells (see [`Json`]); as they are when there is none, or when they are no JSON.
pub fn with_whole_numbers_as_integers(bytes: axum::body::Bytes) -> axum::body::Bytes {
    let rewritten = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut value) => whole_numbers_as_integers(&mut value).then(|| serde_json::to_vec(&value).ok()).flatten(),
        Err(_) => None,
    };
    rewritten.map(Into::into).unwrap_or(bytes)
}

/// Every number in `value` that is a whole float no larger than 2^53 (where a float still
/// spells each integer exactly) becomes that integer; whether any did.
fn whole_numbers_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(n) => match n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() <= EXACT) {
            Some(f) => {
                // Within ±2^53 the cast is exact.
                *n = serde_json::Number::from(f as i64);
                true
            }
            None => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| whole_numbers_as_integers(v) | changed),
        Value::Object(fields) => fields.values_mut().fold(false, |changed, v| whole_numbers_as_integers(v) | changed),
        _ => false,
    }
}

/// As axum's: no `Content-Type` at all is no body; one that is there must be read.
impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::OptionalFromRequest<S> for Json<T> {
    type Rejection = axum::response::Response;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if !request.headers().contains_key(header::CONTENT_TYPE) {
            return Ok(None);
        }
        <Self as axum::extract::FromRequest<S>>::from_request(request, state).await.map(Some)
    }
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// `application/json`, or a `+json` type, as axum reads one.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_become_integers_and_nothing_else_changes() {
        let body = axum::body::Bytes::from_static(br#"{"a": 2.0, "b": [1.5, -3.0, 7], "c": {"d": 1e3}, "e": "4.0"}"#);
        let read: serde_json::Value = serde_json::from_slice(&with_whole_numbers_as_integers(body)).unwrap();
        assert_eq!(read, serde_json::json!({"a": 2, "b": [1.5, -3, 7], "c": {"d": 1000}, "e": "4.0"}));
        assert!(read["a"].is_i64() && read["c"]["d"].is_i64());
        // Past 2^53 a float no longer spells one integer: it is left for the reader to refuse.
        let big = axum::body::Bytes::from_static(b"{\"n\": 1e300}");
        assert_eq!(with_whole_numbers_as_integers(big.clone()), big);
        // Bytes that are no JSON are left for the reader's own error.
        let broken = axum::body::Bytes::from_static(b"{\"n\": 2.0");
        assert_eq!(with_whole_numbers_as_integers(broken.clone()), broken);
    }
}
