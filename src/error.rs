//! `AppError`: how every [`Problem`] becomes an HTTP answer (`{"code", "message"}` JSON, with
//! `Retry-After` when it has one). Handlers build it; capabilities return a `Problem`, which
//! `?` turns into one.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use reel_core::platform::problem::Problem;

/// A problem on its way to the client. Its constructors are [`Problem`]'s, and so is what it
/// says (through `Deref`).
#[derive(Debug)]
pub struct AppError(Problem);

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
}

impl AppError {
    /// An error with an explicit status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self(Problem::new(status, code, message))
    }
    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self(Problem::bad_request(code, message))
    }
    /// 401: no or unknown credentials.
    pub fn unauthorized() -> Self {
        Self(Problem::unauthorized())
    }
    /// 403: credentials are valid but do not open this resource.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self(Problem::forbidden(message))
    }
    /// 404: nothing here (also used where saying "forbidden" would leak existence).
    pub fn not_found(what: &str) -> Self {
        Self(Problem::not_found(what))
    }
    /// 409: the request conflicts with the current state.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self(Problem::conflict(code, message))
    }
    /// 413: the body is larger than allowed.
    pub fn too_large(limit: u64) -> Self {
        Self(Problem::too_large(limit))
    }
    /// 429: slow down, with the seconds to wait.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Self(Problem::too_many_requests(retry_after_secs))
    }
    /// 503: not now, with the seconds to wait.
    pub fn unavailable(code: &'static str, message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self(Problem::unavailable(code, message, retry_after_secs))
    }
    /// 500, or 503 when the cause is the database or the store out of reach (see
    /// [`Problem::internal`]).
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self(Problem::internal(cause))
    }
    /// The same error, telling the client to try again after `secs` (`Retry-After`).
    pub fn retry_in(self, secs: u64) -> Self {
        Self(self.0.retry_in(secs))
    }
}

impl std::ops::Deref for AppError {
    type Target = Problem;

    fn deref(&self) -> &Problem {
        &self.0
    }
}

/// Whatever a `Problem` comes from (a capability's, a database error, a refused budget…)
/// answers as that problem.
impl<E: Into<Problem>> From<E> for AppError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_cause();
        let mut response = (self.status(), Json(ErrorBody { code: self.code(), message: self.message() })).into_response();
        if let Some(secs) = self.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Result type of handlers.
pub type AppResult<T> = Result<T, AppError>;
impl std::error::Error for AppError {}
