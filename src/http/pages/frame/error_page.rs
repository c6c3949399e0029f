//! The page a refusal shows: a trip to sign in, or the error page with its status and a
//! message in the page's language; and the page no route matched.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use crate::error::AppError;
use crate::http::pages::frame::errors;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{refusal_text, PageError};
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::render;

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

/// Anything no route matched outside `/api` (which has its own): the origin answers in JSON,
/// everything else with an HTML page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/play/") {
        AppError::not_found("route").into_response()
    } else {
        PageError::App(AppError::not_found("page")).into_response()
    }
}
