//! Every route of the public listener, and the layers around them: the API under `/api` with
//! its own (JSON errors, `no-store`), the pages with their CSP, and the ones every answer of
//! those passes through, the edge's checks first; the origin under `/play` has one layer of
//! its own that does the same share of work in one pass (`origin::layer`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::http::api::{self, BodyLimits};
use crate::http::client_ip::ClientIpConfig;
use crate::http::origin::layer::{self as origin_layer, OriginLayer};
use crate::http::{middleware as mw, origin, pages};
use crate::state::AppState;

/// The whole application, ready to serve; `client_ip` says how to find a request's client.
pub fn router(state: AppState, client_ip: Arc<ClientIpConfig>) -> Router {
    let max_body = state.config.server.max_body_bytes;
    let timeout = Duration::from_secs(state.config.server.request_timeout_secs);
    let idle = Duration::from_secs(state.config.server.upload_idle_timeout_secs);
    let pages = pages::routes()
        .into_router()
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), pages::shell_layer))
        .layer(middleware::from_fn_with_state(state.clone(), pages::page_headers));
    // The origin's routes bring their own single layer and are merged after the site's layers,
    // which therefore do not wrap them.
    let origin = origin::routes()
        .into_router()
        .layer(middleware::from_fn_with_state(OriginLayer::new(&state, client_ip.clone()), origin_layer::serve));
    Router::new()
        .merge(api_routes(&state))
        .route("/healthz", get(api::videos::healthz))
        .route("/readyz", get(api::videos::readyz))
        .merge(pages)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn(move |req, next| time_limit(timeout, idle, req, next)))
        .layer(middleware::from_fn(mw::refuse_nul))
        .layer(middleware::from_fn_with_state(state.geo.clone(), mw::client_country))
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
    let multipart = usize::try_from(state.config.server.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(1 << 20);
    let caption = state.config.captions.max_bytes.saturating_add(64 << 10);
    let (routes, _) = api::routes(BodyLimits { multipart, caption }).split_for_parts();
    routes
        // The API's own 404 for any other path under `/api`, inside the API's layers.
        .nest("/api", Router::new().fallback(|| async { AppError::not_found("route") }))
        .layer(middleware::from_fn(api::scopes::mark))
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The `.route("…"` and `.route_service("…"` calls in the Rust files under `dir`, as
    /// (file, path) pairs.
    fn plain_routes(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                plain_routes(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // A file's own tests may name routes it does not serve.
                let text = text.split("#[cfg(test)]").next().unwrap_or_default();
                for call in [".route(", ".route_service("] {
                    for rest in text.split(call).skip(1) {
                        let route = rest.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()).unwrap_or("");
                        out.push((path.display().to_string(), route.to_string()));
                    }
                }
            }
        }
    }

    /// An API route declared with a plain `.route(` would be served but missing from the
    /// document; the pages and the origin are no part of the API (they list theirs through
    /// `listed.rs`, whose own `.route(` is their one), the health checks not either, and the
    /// metrics listener is another listener altogether.
    #[test]
    fn every_api_route_goes_through_the_one_list() {
        let http = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
        let mut routes = Vec::new();
        plain_routes(&http, &mut routes);
        assert!(routes.iter().any(|(_, r)| r == "/healthz"), "the reader finds plain routes: {routes:?}");
        let outside: Vec<_> = routes
            .iter()
            .filter(|(file, _)| {
                let file = Path::new(file).strip_prefix(&http).unwrap();
                !(file.starts_with("pages")
                    || file.starts_with("origin")
                    || file == Path::new("listed.rs")
                    || file == Path::new("metrics_listener.rs"))
            })
            .filter(|(_, route)| route != "/healthz" && route != "/readyz")
            .collect();
        assert!(outside.is_empty(), "routes declared outside `api::routes`' list: {outside:?}");
    }
}
