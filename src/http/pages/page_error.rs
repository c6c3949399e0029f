//! Why a page could not be shown, and the page that says so: a trip to sign in, or the error
//! page with its status and a message in the page's language.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use super::{errors, render, shell, PageInfo};
use crate::error::AppError;

/// Why a page could not be shown.
pub enum PageError {
    /// Not signed in: off to the sign-in page.
    SignIn,
    /// Anything else: an error page with the status and a message for people.
    App(AppError),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        if e.status() == StatusCode::UNAUTHORIZED && e.code() == "unauthorized" {
            Self::SignIn
        } else {
            Self::App(e)
        }
    }
}

/// A capability's problem (or whatever makes one) shows as that problem's page.
impl<E: Into<crate::platform::problem::Problem>> From<E> for PageError {
    fn from(e: E) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            Self::SignIn => Redirect::to("/login").into_response(),
            Self::App(e) => {
                e.log_cause();
                let status = e.status();
                let message = refusal_text(&e);
                let ctx = context! {
                    page => PageInfo::anonymous(&errors::title(shell::lang(), status)),
                    status => status.as_u16(),
                    message => &message,
                };
                let mut response = render("error.html", ctx).unwrap_or_else(|_| (status, message.clone()).into_response());
                *response.status_mut() = status;
                if let Some(secs) = e.retry_after() {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
        }
    }
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

/// What the refusal `e` says to the person on the page, in the page's language (see
/// `errors.rs`): the error page's message, and what a page that shows a refusal itself writes.
pub(super) fn refusal_text(e: &crate::platform::problem::Problem) -> String {
    errors::said(shell::lang(), e)
}

/// Anything no route matched outside `/api` (which has its own): the origin answers in JSON,
/// everything else with an HTML page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/play/") {
        AppError::not_found("route").into_response()
    } else {
        PageError::App(AppError::not_found("page")).into_response()
    }
}
