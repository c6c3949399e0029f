//! The origin's proof that a `/play` request came through the CDN, checked with the edge's
//! [`OriginSecrets`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::AppError;
use crate::platform::edge::cdn::OriginSecrets;
use crate::state::AppState;

/// Proof that a `/play` request came through the CDN (or that no CDN secret is configured).
/// Taken first by every origin handler; otherwise 403.
///
/// An extractor rather than a `from_fn` layer: `origin::routes()` has no `AppState` to hand a
/// layer, and an extractor reads it from the router like any handler argument.
#[derive(Debug, Clone, Copy)]
pub struct FromCdn;

impl FromRequestParts<AppState> for FromCdn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match OriginSecrets::from_config(&state.config.cdn) {
            Ok(None) => Ok(Self),
            Ok(Some(secrets)) if secrets.admits(&parts.headers) => Ok(Self),
            Ok(Some(_)) => {
                metrics::counter!("reel_playback_denied_total", "reason" => "no cdn secret").increment(1);
                tracing::debug!(path = %parts.uri.path(), "request without the CDN secret refused");
                Err(AppError::forbidden("this origin serves the CDN only"))
            }
            Err(e) => {
                // Startup checks this; if the file went away since, stay closed.
                tracing::error!(error = %e, "cannot check the CDN secret; refusing");
                Err(AppError::forbidden("this origin serves the CDN only"))
            }
        }
    }
}
