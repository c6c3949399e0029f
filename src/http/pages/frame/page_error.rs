//! Why a page could not be shown: a trip to sign in, or a refusal, which `error_page.rs` shows
//! as a page.

use axum::http::StatusCode;
use axum::response::Response;

use crate::error::AppError;
use crate::http::pages::frame::errors;
use crate::http::pages::frame::shell;

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
impl<E: Into<reel_core::platform::problem::Problem>> From<E> for PageError {
    fn from(e: E) -> Self {
        AppError::from(e).into()
    }
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

/// What the refusal `e` says to the person on the page, in the page's language (see
/// `errors.rs`): the error page's message, and what a page that shows a refusal itself writes.
pub fn refusal_text(e: &reel_core::platform::problem::Problem) -> String {
    errors::said(shell::lang(), e)
}
