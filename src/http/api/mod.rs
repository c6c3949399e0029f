//! The JSON API under `/api/v1`: its one list of routes, which makes both the router and the
//! OpenAPI document, and the document itself, served at `/api/v1/openapi.json`. Handlers live
//! in one file per resource, grouped: `videos/`, `viewers/`, `accounts/`, `community/`.

use std::sync::OnceLock;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::state::AppState;

pub mod accounts;
pub mod community;
pub mod idempotent;
pub mod openapi;
pub mod paging;
pub mod scopes;
pub mod videos;
pub mod viewers;

/// The most a body may hold where a route takes more than the server's default.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyLimits {
    /// A form that uploads a file (`POST /api/v1/videos`), in bytes.
    pub multipart: usize,
    /// A caption file (`POST /api/v1/videos/{id}/captions`), in bytes.
    pub caption: usize,
}

/// Every API route, each declared once: the path and methods come from the handler's
/// `#[utoipa::path]`, so the router and the OpenAPI document ([`document`]) are made
/// from this one list and cannot disagree.
pub fn routes(limits: BodyLimits) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(serve))
        .routes(routes!(videos::list_videos))
        .routes(routes!(videos::uploads::upload).layer(DefaultBodyLimit::max(limits.multipart)))
        .routes(routes!(videos::get_video, videos::edit_video, videos::delete_video))
        .routes(routes!(videos::playback_cookie))
        .routes(routes!(videos::save_progress))
        .routes(routes!(videos::count_view))
        .routes(routes!(videos::video_storage, videos::edit_video_storage))
        .routes(routes!(videos::reprocess_video))
        .routes(routes!(videos::retry_video))
        .routes(routes!(videos::captions::list))
        .routes(routes!(videos::captions::add).layer(DefaultBodyLimit::max(limits.caption)))
        .routes(routes!(videos::captions::remove))
        .routes(routes!(videos::chapters, videos::edit_chapters))
        .routes(routes!(videos::edit_audio_track))
        .routes(routes!(videos::analytics::beacon))
        .routes(routes!(videos::analytics::video))
        .routes(routes!(videos::analytics::overview))
        .routes(routes!(videos::analytics::top))
        .routes(routes!(videos::analytics::qoe))
        .routes(routes!(videos::analytics::pipeline))
        .routes(routes!(videos::analytics::signin))
        .routes(routes!(videos::analytics::revenue))
        .routes(routes!(videos::admin_jobs))
        .routes(routes!(videos::storage_report))
        .routes(routes!(videos::cost_report))
        .routes(routes!(videos::admin_retry_job))
        .merge(videos::tus::routes().layer(DefaultBodyLimit::disable()))
        .routes(routes!(videos::uploads::start_direct))
        .routes(routes!(videos::uploads::complete_direct))
        .merge(accounts::webhooks::routes())
        .merge(accounts::auth::routes())
        .merge(accounts::admin::routes())
        .merge(videos::collections::routes())
        .merge(viewers::subscriptions::routes())
        .merge(viewers::notifications::routes())
        .merge(viewers::history::routes())
        .merge(viewers::profiles::routes())
        .merge(viewers::pins::routes())
        .merge(accounts::account::routes())
        .merge(viewers::recommend::routes())
        .merge(viewers::streams::routes())
        .merge(accounts::devices::routes())
        .merge(accounts::plans::routes())
        .merge(videos::sharing::routes())
        .merge(community::routes())
        .merge(community::moderation::routes())
}

/// The document, built once from [`routes`] and finished by [`openapi::finished`].
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        // The body limits shape the router, not the document.
        let (_, described) = routes(BodyLimits::default()).split_for_parts();
        openapi::finished(described)
    })
}

/// The document as JSON text, built once (it is the same for every request).
fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document().to_string())
}

/// `GET /api/v1/openapi.json`: this API's OpenAPI 3.1 document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object))
)]
pub async fn serve() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], document_json()).into_response()
}
