//! Every route of the public listener, and the layers around them: the API nested under
//! `/api` with its own (JSON errors, `no-store`), the pages with their CSP, and the ones every
//! answer of those passes through, the edge's checks first; the origin under `/play` has one
//! layer of its own that does the same share of work in one pass (`origin_layer`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::http::client_ip::ClientIpConfig;
use crate::http::origin;
use crate::http::origin_layer::{self, OriginLayer};
use crate::http::{
    account_api, analytics_api, api, auth_api, captions_api, collections_api, community_api, history_api, middleware as mw, moderation_api,
    notifications_api, openapi, pages, plans_api, profiles_api, recommend_api, sharing_api, subscriptions_api, tus, uploads_api,
    webhooks_api,
};
use crate::state::AppState;

/// The whole application, ready to serve; `client_ip` says how to find a request's client.
pub fn router(state: AppState, client_ip: Arc<ClientIpConfig>) -> Router {
    let max_body = state.config.server.max_body_bytes;
    let timeout = Duration::from_secs(state.config.server.request_timeout_secs);
    let idle = Duration::from_secs(state.config.server.upload_idle_timeout_secs);
    let pages = pages::routes()
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), pages::shell_layer))
        .layer(middleware::from_fn_with_state(state.clone(), pages::page_headers));
    // The origin's routes bring their own single layer and are merged after the site's layers,
    // which therefore do not wrap them.
    let origin = origin::routes().layer(middleware::from_fn_with_state(OriginLayer::new(&state, client_ip.clone()), origin_layer::serve));
    Router::new()
        .nest("/api", api_routes(&state))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .merge(pages)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn(move |req, next| time_limit(timeout, idle, req, next)))
        .layer(middleware::from_fn(mw::refuse_nul))
        .layer(middleware::from_fn_with_state(state.edge.clone(), mw::edge_guard))
        .layer(middleware::from_fn(mw::record_metrics))
        .layer(middleware::from_fn(mw::security_headers))
        .layer(axum::Extension(client_ip))
        .layer(TraceLayer::new_for_http().make_span_with(request_span).on_failure(server_failure))
        .layer(CatchPanicLayer::new())
        // Outside the edge's layers, so a 429 or 408 of the API reaches a listed origin's page
        // readably, and a preflight spends no budget.
        .layer(middleware::from_fn_with_state(Arc::new(state.config.api.clone()), mw::cors))
        .merge(origin)
        .with_state(state)
}

/// A 5xx answer, in the log: an error, except a 501, which refuses what the server does not do
/// (`/oembed?format=xml`) and is no fault of the server's.
fn server_failure(class: ServerErrorsFailureClass, latency: Duration, _span: &tracing::Span) {
    match class {
        ServerErrorsFailureClass::StatusCode(StatusCode::NOT_IMPLEMENTED) => {
            tracing::info!(status = 501, latency_ms = latency.as_millis() as u64, "refused: not implemented")
        }
        class => tracing::error!(classification = %class, latency_ms = latency.as_millis() as u64, "response failed"),
    }
}

/// One span per request of the site and the API, at `info` so an item's trace starts with the
/// request that made or changed it. It names the route's template, not the URI, which can
/// carry a sign-in code, a token or a search a log should not keep; the capability a handler
/// calls adds the item's id to its own span.
fn request_span(request: &Request) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route = %route)
}

/// `/api/…`: JSON in and out, never stored by a cache (answers carry CSRF tokens, playback
/// tokens and new API tokens' secrets).
fn api_routes(state: &AppState) -> Router<AppState> {
    // The file plus the form's text fields; whatever else a form carries counts against it too.
    let multipart_limit = usize::try_from(state.config.server.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(1 << 20);
    let caption_limit = state.config.captions.max_bytes.saturating_add(64 << 10);
    Router::new()
        .route("/v1/openapi.json", get(openapi::serve))
        .route("/v1/videos", get(api::list_videos).post(uploads_api::upload.layer(DefaultBodyLimit::max(multipart_limit))))
        .route("/v1/videos/{id}", get(api::get_video).patch(api::edit_video).delete(api::delete_video))
        .route("/v1/videos/{id}/playback-cookie", post(api::playback_cookie))
        .route("/v1/videos/{id}/progress", put(api::save_progress))
        .route("/v1/videos/{id}/views", post(api::count_view))
        .route("/v1/videos/{id}/storage", get(api::video_storage).put(api::edit_video_storage))
        .route("/v1/videos/{id}/reprocess", post(api::reprocess_video))
        .route("/v1/videos/{id}/retry", post(api::retry_video))
        .route("/v1/videos/{id}/captions", get(captions_api::list).post(captions_api::add.layer(DefaultBodyLimit::max(caption_limit))))
        .route("/v1/videos/{id}/captions/{caption}", axum::routing::delete(captions_api::remove))
        .route("/v1/videos/{id}/chapters", get(api::chapters).put(api::edit_chapters))
        .route("/v1/videos/{id}/audio-tracks/{n}", axum::routing::patch(api::edit_audio_track))
        .route("/v1/videos/{id}/beacons", post(analytics_api::beacon))
        .route("/v1/analytics/videos/{id}", get(analytics_api::video))
        .route("/v1/analytics/overview", get(analytics_api::overview))
        .route("/v1/analytics/top", get(analytics_api::top))
        .route("/v1/analytics/qoe", get(analytics_api::qoe))
        .route("/v1/analytics/pipeline", get(analytics_api::pipeline))
        .route("/v1/analytics/signin", get(analytics_api::signin))
        .route("/v1/analytics/revenue", get(analytics_api::revenue))
        .route("/v1/admin/jobs", get(api::admin_jobs))
        .route("/v1/admin/storage", get(api::storage_report))
        .route("/v1/admin/cost", get(api::cost_report))
        .route("/v1/admin/jobs/{id}/retry", post(api::admin_retry_job))
        .merge(tus::routes().layer(DefaultBodyLimit::disable()))
        .route("/v1/uploads/direct", post(uploads_api::start_direct))
        .route("/v1/uploads/direct/{id}/complete", post(uploads_api::complete_direct))
        .merge(auth_api::routes())
        .merge(collections_api::routes())
        .merge(subscriptions_api::routes())
        .merge(notifications_api::routes())
        .merge(history_api::routes())
        .merge(profiles_api::routes())
        .merge(account_api::routes())
        .merge(recommend_api::routes())
        .merge(plans_api::routes())
        .merge(webhooks_api::routes())
        .merge(sharing_api::routes())
        .merge(community_api::routes())
        .merge(moderation_api::routes())
        .fallback(|| async { AppError::not_found("route") })
        .layer(middleware::from_fn(super::scopes::mark))
        .layer(middleware::from_fn(mw::json_errors))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// Cuts off slow requests, except uploads, whose bodies may take as long as they take as long
/// as they keep coming (`idle`).
async fn time_limit(limit: Duration, idle: Duration, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_upload = path.starts_with("/api/v1/uploads") || (request.method() == Method::POST && path == "/api/v1/videos");
    if is_upload {
        return next.run(request.map(|body| super::idle_body::idle_limited(body, idle))).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long").into_response(),
    }
}
