//! The origin's one layer. `/play/…` answers are most of what a server sends and most of them
//! are small, so rather than pass through each of the site's layers in turn, the origin's
//! routes get one that does their whole share in a single pass: a panic caught, the edge's
//! checks, the NUL refusal, the time limit, the security and CORS headers, the request and
//! origin metrics (through handles registered once, not looked up by name per request), the
//! usage meter and the access log. What the site's layers add besides (a tracing span per
//! request, the pages' and API's own headers) the origin does without: its access log is its
//! record of requests.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use metrics::{Counter, Gauge, Histogram};

use crate::error::AppError;
use crate::http::client_ip::ClientIpConfig;
use crate::http::middleware as mw;
use crate::http::origin;
use crate::state::AppState;
use reel_base::domain::VideoId;
use reel_core::delivery::access_log::{AccessLog, Entry, Served};
use reel_core::ops::cost::meter::UsageMeter;
use reel_core::ops::telemetry::status_class;
use reel_core::platform::edge::{Class, Edge};

/// What the layer needs, taken from the state once.
pub struct OriginLayer {
    edge: Arc<Edge>,
    usage: UsageMeter,
    access_log: Option<AccessLog>,
    client_ip: Arc<ClientIpConfig>,
    timeout: Duration,
    metrics: Handles,
}

impl OriginLayer {
    /// The layer for `state`'s origin, finding clients as `client_ip` says.
    pub fn new(state: &AppState, client_ip: Arc<ClientIpConfig>) -> Arc<Self> {
        Arc::new(Self {
            edge: state.edge.clone(),
            usage: state.usage.clone(),
            access_log: state.access_log.clone(),
            client_ip,
            timeout: Duration::from_secs(state.config.server.request_timeout_secs),
            metrics: Handles::default(),
        })
    }
}

/// Serves one origin request with everything the layer owes it.
pub async fn serve(State(layer): State<Arc<OriginLayer>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let in_flight = InFlight::new(layer.metrics.in_flight());
    let route = route_of(&request);
    let method = method_of(request.method());
    let path = request.uri().path();
    let class = origin::route_class(path);
    let video = video_of(path);
    let logged_path = layer.access_log.is_some().then(|| path.to_string());
    let client = layer.client_ip.of_request(request.extensions(), request.headers());
    let is_get = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);

    let answer = AssertUnwindSafe(admitted(&layer, class, client, request, next)).catch_unwind().await;
    let mut response = answer.unwrap_or_else(|_| {
        tracing::error!(class, "an origin handler panicked");
        AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error").into_response()
    });
    drop(in_flight);

    let h = response.headers_mut();
    mw::add_security_headers(h);
    if is_get {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Content-Length, Content-Range, Accept-Ranges, ETag"));
    }

    let status = response.status();
    let seconds = started.elapsed().as_secs_f64();
    let m = &layer.metrics;
    m.http_requests(route, method, status.as_u16()).increment(1);
    m.http_seconds(route).record(seconds);
    m.origin_requests(class, status.as_u16()).increment(1);
    m.origin_seconds(class).record(seconds);
    // Bytes are those the answer declares (`Content-Length`, a range's length for a 206); a
    // successful answer's are also the item's delivered bytes for the cost report.
    let declared = response.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let bytes = declared.or_else(|| axum::body::HttpBody::size_hint(response.body()).exact());
    if let Some(bytes) = bytes {
        m.origin_bytes(class).increment(bytes);
        if let Some(video) = video.filter(|_| status.is_success()) {
            let mut id = uuid::Uuid::encode_buffer();
            layer.usage.add(reel_core::ops::cost::Resource::OriginEgress, video.0.as_hyphenated().encode_lower(&mut id), bytes);
        }
    }
    if let (Some(log), Some(path)) = (&layer.access_log, logged_path) {
        log_request(log, &path, client, status, bytes.unwrap_or(0), &response, seconds);
    }
    response
}

/// The edge's checks, then the handler within the time limit; a paced download's body is
/// paced. A `429` says what is left of the budget that refused it (other answers do not: a
/// CDN would keep one client's budget with a segment for everyone).
async fn admitted(layer: &OriginLayer, class: &'static str, client: std::net::IpAddr, request: Request, next: Next) -> Response {
    let (mut response, budget) = reel_core::platform::ratelimit::tally(checked(layer, class, client, request, next)).await;
    if let Some(budget) = budget.filter(|_| response.status() == StatusCode::TOO_MANY_REQUESTS) {
        mw::rate_limit_headers(response.headers_mut(), budget);
    }
    response
}

async fn checked(layer: &OriginLayer, class: &'static str, client: std::net::IpAddr, request: Request, next: Next) -> Response {
    if mw::holds_nul(request.uri()) {
        return mw::nul_refusal().into_response();
    }
    if let Err(refusal) = layer.edge.admit(Class::Media, client, request.headers()).await {
        return AppError::from(refusal).into_response();
    }
    let response = match tokio::time::timeout(layer.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => return AppError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long").into_response(),
    };
    let downloads = layer.edge.downloads();
    if class != "download" || !downloads.is_on() {
        return response;
    }
    let (parts, body) = response.into_parts();
    Response::from_parts(parts, Body::from_stream(downloads.pace(client, body.into_data_stream())))
}

/// One access-log line: what the path names, what the answer was, who asked (the client after
/// trusted proxies; the viewer as the origin's handler noted it, hashed).
fn log_request(log: &AccessLog, path: &str, client: std::net::IpAddr, status: StatusCode, bytes: u64, response: &Response, seconds: f64) {
    // /play/{token or c}/{video}/{file} or /play/{token or c}/{video}/{rendition}/{file}
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (video, rendition, file) = match parts.as_slice() {
        ["play", _, video, file] => (video.parse().ok(), None, *file),
        ["play", _, video, rendition, file] => (video.parse().ok(), Some((*rendition).to_string()), *file),
        _ => (None, None, parts.last().copied().unwrap_or_default()),
    };
    let served = response.extensions().get::<Served>().copied().unwrap_or_default();
    log.log(Entry {
        time: reel_base::domain::rfc3339(reel_base::domain::now_ms()),
        video,
        rendition,
        file: file.chars().take(64).collect(),
        class: origin::route_class(path),
        status: status.as_u16(),
        bytes,
        cache_hit: served.cache_hit,
        client,
        viewer: served.viewer.map(|v| log.viewer_tag(v)),
        ms: (seconds * 1_000_000.0).round() / 1000.0,
    });
}

/// The item an origin path is about: `/play/{token or c}/{video}/…`.
fn video_of(path: &str) -> Option<VideoId> {
    let mut parts = path.strip_prefix("/play/")?.split('/');
    parts.next()?;
    parts.next()?.parse().ok()
}

/// One request in `reel_http_requests_in_flight`, also when its handler is dropped mid-way
/// (the client went away).
struct InFlight<'a>(&'a Gauge);

impl<'a> InFlight<'a> {
    fn new(gauge: &'a Gauge) -> Self {
        gauge.increment(1.0);
        Self(gauge)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// The label values the origin's metrics take, in the order of the handles' slots.
const ROUTES: [&str; 4] = origin::ROUTES;
const METHODS: [&str; 4] = ["GET", "HEAD", "OPTIONS", "other"];
const STATUSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
const CLASSES: [&str; 7] = ["key", "manifest", "text", "segment", "download", "image", "other"];

fn route_of(request: &Request) -> usize {
    let matched = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
    ROUTES.iter().position(|r| Some(*r) == matched).unwrap_or(0)
}

fn method_of(method: &Method) -> usize {
    match *method {
        Method::GET => 0,
        Method::HEAD => 1,
        Method::OPTIONS => 2,
        _ => 3,
    }
}

fn status_of(status: u16) -> usize {
    let class = status_class(status);
    STATUSES.iter().position(|s| *s == class).unwrap_or(STATUSES.len() - 1)
}

fn class_of(class: &str) -> usize {
    CLASSES.iter().position(|c| *c == class).unwrap_or(CLASSES.len() - 1)
}

/// The metric handles of the origin's label sets, each registered with the recorder on first
/// use (so only label sets that happened are exported).
struct Handles {
    in_flight: OnceLock<Gauge>,
    http_requests: Box<[OnceLock<Counter>]>,
    http_seconds: Box<[OnceLock<Histogram>]>,
    origin_requests: Box<[OnceLock<Counter>]>,
    origin_seconds: Box<[OnceLock<Histogram>]>,
    origin_bytes: Box<[OnceLock<Counter>]>,
}

fn slots<T>(n: usize) -> Box<[OnceLock<T>]> {
    (0..n).map(|_| OnceLock::new()).collect()
}

impl Default for Handles {
    fn default() -> Self {
        Self {
            in_flight: OnceLock::new(),
            http_requests: slots(ROUTES.len() * METHODS.len() * STATUSES.len()),
            http_seconds: slots(ROUTES.len()),
            origin_requests: slots(CLASSES.len() * STATUSES.len()),
            origin_seconds: slots(CLASSES.len()),
            origin_bytes: slots(CLASSES.len()),
        }
    }
}

impl Handles {
    fn in_flight(&self) -> &Gauge {
        self.in_flight.get_or_init(|| metrics::gauge!("reel_http_requests_in_flight"))
    }

    fn http_requests(&self, route: usize, method: usize, status: u16) -> &Counter {
        let status = status_of(status);
        self.http_requests[(route * METHODS.len() + method) * STATUSES.len() + status].get_or_init(|| {
            metrics::counter!("reel_http_requests_total", "route" => ROUTES[route], "method" => METHODS[method], "status" => STATUSES[status])
        })
    }

    fn http_seconds(&self, route: usize) -> &Histogram {
        self.http_seconds[route].get_or_init(|| metrics::histogram!("reel_http_request_seconds", "route" => ROUTES[route]))
    }

    fn origin_requests(&self, class: &str, status: u16) -> &Counter {
        let (class, status) = (class_of(class), status_of(status));
        self.origin_requests[class * STATUSES.len() + status]
            .get_or_init(|| metrics::counter!("reel_origin_requests_total", "class" => CLASSES[class], "status" => STATUSES[status]))
    }

    fn origin_seconds(&self, class: &str) -> &Histogram {
        let class = class_of(class);
        self.origin_seconds[class].get_or_init(|| metrics::histogram!("reel_origin_request_seconds", "class" => CLASSES[class]))
    }

    fn origin_bytes(&self, class: &str) -> &Counter {
        let class = class_of(class);
        self.origin_bytes[class].get_or_init(|| metrics::counter!("reel_origin_response_bytes_total", "class" => CLASSES[class]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_the_origin_names_has_a_slot_of_its_own() {
        for path in [
            "/play/t/v/key",
            "/play/t/v/master.m3u8",
            "/play/t/v/captions/en.vtt",
            "/play/t/v/720p/init.mp4",
            "/play/t/v/download.mp4",
            "/play/t/v/poster.jpg",
            "/play/t/v/x",
        ] {
            let class = origin::route_class(path);
            assert_eq!(CLASSES[class_of(class)], class, "{path}");
        }
        for status in [101, 200, 304, 403, 503] {
            assert_eq!(STATUSES[status_of(status)], status_class(status));
        }
    }

    #[test]
    fn the_item_is_read_from_either_kind_of_origin_path() {
        let id = VideoId::new();
        assert_eq!(video_of(&format!("/play/tok.sig/{id}/720p/00001.m4s")), Some(id));
        assert_eq!(video_of(&format!("/play/c/{id}/master.m3u8")), Some(id));
        assert_eq!(video_of("/play/c/not-an-id/master.m3u8"), None);
        assert_eq!(video_of("/elsewhere"), None);
    }
}
