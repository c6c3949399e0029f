//! Middleware for every response but the origin's (which has its own, `origin::layer`): the
//! edge's checks, the client's country, security headers and request metrics; and the API's
//! error shape.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The edge's checks, before anything else is done for a request: the address lists and the
/// address's budget for the request's class (the account's is counted once the caller is
/// known); a progressive download's body is paced. An API answer, and any `429`, says what is
/// left of the tightest budget the request drew on ([`rate_limit_headers`]).
pub async fn edge_guard(
    State(edge): State<Arc<reel_core::platform::edge::Edge>>,
    client_ip: crate::http::client_ip::ClientIp,
    request: Request,
    next: Next,
) -> Response {
    let api = reel_core::platform::edge::Class::of_path(request.uri().path()) == reel_core::platform::edge::Class::Api;
    let (mut response, budget) = reel_core::platform::ratelimit::tally(guarded(edge, client_ip, request, next)).await;
    if let Some(budget) = budget.filter(|_| api || response.status() == axum::http::StatusCode::TOO_MANY_REQUESTS) {
        rate_limit_headers(response.headers_mut(), budget);
    }
    response
}

/// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) of `budget`.
pub fn rate_limit_headers(h: &mut axum::http::HeaderMap, budget: reel_core::platform::ratelimit::Budget) {
    h.insert("ratelimit-limit", HeaderValue::from(budget.limit));
    h.insert("ratelimit-remaining", HeaderValue::from(budget.remaining));
    h.insert("ratelimit-reset", HeaderValue::from(budget.reset_secs()));
}

async fn guarded(
    edge: Arc<reel_core::platform::edge::Edge>,
    crate::http::client_ip::ClientIp(ip): crate::http::client_ip::ClientIp,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let class = reel_core::platform::edge::Class::of_path(path);
    let download = class == reel_core::platform::edge::Class::Media && crate::http::origin::route_class(path) == "download";
    if let Err(refusal) = edge.admit(class, ip, request.headers()).await {
        let refusal = crate::error::AppError::from(refusal);
        return match class {
            // A person in a browser gets a page saying so, with the same status and wait.
            reel_core::platform::edge::Class::Page => crate::http::pages::PageError::App(refusal).into_response(),
            _ => refusal.into_response(),
        };
    }
    // Nested routers see their path without its prefix; the class read here goes with it.
    request.extensions_mut().insert(class);
    let response = next.run(request).await;
    if !download || !edge.downloads().is_on() {
        return response;
    }
    let (parts, body) = response.into_parts();
    Response::from_parts(parts, Body::from_stream(edge.downloads().pace(ip, body.into_data_stream())))
}

/// Keeps the country of the request's client for its handling (`platform::geo`), so that what
/// it lists and lets play goes by where the client is. Without a country database nothing is
/// looked up.
pub async fn client_country(
    State(geo): State<Arc<reel_core::platform::geo::Geo>>,
    crate::http::client_ip::ClientIp(ip): crate::http::client_ip::ClientIp,
    request: Request,
    next: Next,
) -> Response {
    if !geo.is_on() {
        return next.run(request).await;
    }
    reel_core::platform::geo::for_client(geo.country(ip), next.run(request)).await
}

/// What a browser may send across origins: a token, a JSON or form body, an idempotency key,
/// and tus's headers.
const CORS_REQUEST_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, Tus-Resumable, Upload-Length, Upload-Offset, \
     Upload-Metadata, Upload-Defer-Length, Upload-Checksum";
/// What a page on another origin may read of an answer beyond the basic headers.
const CORS_EXPOSED_HEADERS: &str = "Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, \
     Idempotent-Replayed, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Upload-Offset, Upload-Length, Upload-Expires";

/// CORS for the API (`/api/…`; anything else passes untouched): a request from a page on an
/// origin in `api.cors_origins` is answered with `Access-Control-Allow-Origin` naming it (and
/// a preflight at once, with what may be sent); any other origin gets no CORS header, so its
/// browser keeps the answer from the page. Never
/// `Allow-Credentials`: a cross-origin call carries a token, not the session's cookie.
pub async fn cors(State(api): State<Arc<reel_base::config::ApiConfig>>, request: Request, next: Next) -> Response {
    let listed = |o: &HeaderValue| o.to_str().is_ok_and(|o| api.allows_origin(o));
    let origin = request.headers().get(header::ORIGIN).filter(|o| listed(o) && request.uri().path().starts_with("/api/")).cloned();
    let Some(origin) = origin else { return next.run(request).await };
    let preflight =
        request.method() == axum::http::Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight { axum::http::StatusCode::NO_CONTENT.into_response() } else { next.run(request).await };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if preflight {
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(CORS_REQUEST_HEADERS));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    } else {
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(CORS_EXPOSED_HEADERS));
    }
    response
}

/// Refuses a URL whose path or query holds an encoded NUL (`%00`) with 400 `invalid-url`:
/// nothing Reel names or searches can contain one, and PostgreSQL refuses text that does, so
/// one reaching a query would be a 500 instead of an answer.
pub async fn refuse_nul(request: Request, next: Next) -> Response {
    if holds_nul(request.uri()) {
        return nul_refusal().into_response();
    }
    next.run(request).await
}

/// Whether a URL's path or query holds an encoded NUL.
pub fn holds_nul(uri: &axum::http::Uri) -> bool {
    let holds = |text: &str| text.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0');
    holds(uri.path()) || uri.query().is_some_and(holds)
}

/// The answer to a URL that [`holds_nul`].
pub fn nul_refusal() -> crate::error::AppError {
    crate::error::AppError::bad_request("invalid-url", "a URL may not contain a NUL byte (%00)")
}

/// Headers every answer carries.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_security_headers(response.headers_mut());
    response
}

/// Adds the headers every answer carries to `h`.
pub fn add_security_headers(h: &mut axum::http::HeaderMap) {
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // Framing is refused unless the answer's own policy allows some (the embeddable player),
    // which then decides alone: a browser that knows `frame-ancestors` ignores this header.
    let framable = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|csp| csp.contains("frame-ancestors") && !csp.contains("frame-ancestors 'none'"));
    if !framable {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    // Nothing else this server answers is a page that runs script from elsewhere or may be
    // framed; pages set their own, stricter-where-needed policy first.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        );
    }
}

/// Counts requests by route template and status class, times them, and counts those in flight.
pub async fn record_metrics(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let started = std::time::Instant::now();
    let in_flight = InFlight::new();
    let response = next.run(request).await;
    drop(in_flight);
    let status = reel_core::ops::telemetry::status_class(response.status().as_u16());
    metrics::counter!("reel_http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!("reel_http_request_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    response
}

/// One request in `reel_http_requests_in_flight`, also when its handler is dropped mid-way
/// (the client went away).
struct InFlight(metrics::Gauge);

impl InFlight {
    fn new() -> Self {
        let gauge = metrics::gauge!("reel_http_requests_in_flight");
        gauge.increment(1.0);
        Self(gauge)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Turns the framework's plain-text rejections (malformed JSON, a bad path or query) into the
/// API's `{"code", "message"}` errors, so clients see one error shape; layered on `/api`.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let plain = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"));
    if !plain || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 << 10).await.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let code = match status.as_u16() {
        400 => "bad-request",
        404 => "not-found",
        405 => "method-not-allowed",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "invalid-body",
        _ if status.is_server_error() => "internal",
        _ => "bad-request",
    };
    let message = if status.is_server_error() { "internal error".to_string() } else { text };
    let mut out = (status, axum::Json(serde_json::json!({ "code": code, "message": message }))).into_response();
    for (name, value) in parts.headers.iter().filter(|(n, _)| *n != header::CONTENT_TYPE && *n != header::CONTENT_LENGTH) {
        out.headers_mut().append(name, value.clone());
    }
    out
}
