//! The scope a route needs of an API token, checked when the token is taken: the router
//! marks each request with its route's [`RouteScope`] (`http::api::scopes` holds the table), and a
//! token without that scope is refused before the handler runs. A state-changing request on a
//! route the table does not name is refused to every token, so a route added without a line
//! in the table is closed to tokens rather than open to `read` ones.

use http::request::Parts;
use http::{Method, StatusCode};

use super::Scope;
use crate::platform::problem::Problem;

/// What a request's route needs of a token (a request extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteScope(pub Scope);

/// Refuses (403 `insufficient-scope`) a token holding `held` on this request's route.
pub fn check(parts: &Parts, held: &[Scope]) -> Result<(), Problem> {
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    match parts.extensions.get::<RouteScope>() {
        Some(RouteScope(needed)) if needed.satisfied_by(held) => Ok(()),
        Some(RouteScope(needed)) => {
            Err(Problem::new(StatusCode::FORBIDDEN, "insufficient-scope", format!("this needs a token with the {} scope", needed.as_str())))
        }
        None if safe => Ok(()),
        None => Err(Problem::new(StatusCode::FORBIDDEN, "insufficient-scope", "an API token cannot change anything here")),
    }
}
