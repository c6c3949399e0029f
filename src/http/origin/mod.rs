//! The media origin's routes: `/play/{token}/{video_id}/…`, and `/play/c/{video_id}/…` where
//! the token comes from the `reel_play` cookie. What each answers is `delivery::origin`'s;
//! here are the paths, the CDN's proof every handler takes first ([`FromCdn`]), the CORS
//! preflight, each answer framed as its response ([`respond`]), and what the access log and
//! shared caches are told of an answer.

pub mod layer;

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::http::listed::{get, Listed};
use crate::state::AppState;
use reel_base::domain::Holder;
use reel_core::delivery::access_log::Served;
use reel_core::delivery::answer::{Answer, Object, ObjectBytes, Reply};
use reel_core::delivery::origin::{self, Credential};
use reel_core::platform::edge::cdn::OriginSecrets;

/// The origin's route templates (the `route` label of its requests' metrics). `c` is never a
/// token (tokens contain a dot), and the router prefers the static segment.
pub const ROUTES: [&str; 4] = [
    "/play/{token}/{video}/{file}",
    "/play/{token}/{video}/{rendition}/{file}",
    "/play/c/{video}/{file}",
    "/play/c/{video}/{rendition}/{file}",
];

/// The origin's routes, listed.
pub fn routes() -> Listed<AppState> {
    let [top, rendition, cookie_top, cookie_rendition] = ROUTES;
    Listed::new()
        .route(cookie_top, get(cookie_top_level).options(preflight))
        .route(cookie_rendition, get(cookie_rendition_file).options(preflight))
        .route(top, get(top_level).options(preflight))
        .route(rendition, get(rendition_file).options(preflight))
}

/// What kind of file an origin path asks for, by its last segment: the `class` label of the
/// origin's metrics.
pub fn route_class(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    match file.rsplit_once('.').map_or("", |(_, ext)| ext) {
        _ if file == "key" => "key",
        "m3u8" | "mpd" => "manifest",
        "vtt" => "text",
        "m4s" => "segment",
        "mp4" if file == "init.mp4" => "segment",
        _ if file.starts_with("download.") => "download",
        "jpg" => "image",
        _ => "other",
    }
}

async fn top_level(
    _: FromCdn,
    State(state): State<AppState>,
    Path((token, video, file)): Path<(String, String, String)>,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers();
    let grant = origin::authorize(&state, &state.edge, Credential::Path(&token), &video).await?;
    let viewer = grant.viewer;
    respond(viewer, origin::top_level_file(&state, &state.edge, grant, &file, headers).await?)
}

async fn cookie_top_level(
    _: FromCdn,
    State(state): State<AppState>,
    Path((video, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    let headers = request.headers();
    let served = async {
        let grant = origin::authorize(&state, &state.edge, Credential::Cookie(headers), &video).await?;
        let viewer = grant.viewer;
        respond(viewer, origin::top_level_file(&state, &state.edge, grant, &file, headers).await?)
    };
    varies_on_cookie(served.await)
}

async fn rendition_file(
    _: FromCdn,
    State(state): State<AppState>,
    Path((token, video, rendition, file)): Path<(String, String, String, String)>,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers();
    let grant = origin::authorize(&state, &state.edge, Credential::Path(&token), &video).await?;
    let viewer = grant.viewer;
    respond(viewer, origin::rendition_file_of(&state, grant, &rendition, &file, headers).await?)
}

async fn cookie_rendition_file(
    _: FromCdn,
    State(state): State<AppState>,
    Path((video, rendition, file)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let headers = request.headers();
    let served = async {
        let grant = origin::authorize(&state, &state.edge, Credential::Cookie(headers), &video).await?;
        let viewer = grant.viewer;
        respond(viewer, origin::rendition_file_of(&state, grant, &rendition, &file, headers).await?)
    };
    varies_on_cookie(served.await)
}

/// The response of the origin's `answer` to `viewer`, noting for the access log whose token
/// opened it and whether the origin cache answered.
pub fn respond(viewer: Holder, answer: Answer) -> AppResult<Response> {
    let Answer { reply, disposition, cache_hit } = answer;
    let mut response = match reply {
        Reply::Text { mime, cache, text } => with_type_and_cache(Body::from(text), mime, cache),
        Reply::Key { key, cache } => with_type_and_cache(Body::from(key), "application/octet-stream", cache),
        Reply::Object(object) => object_response(object)?,
        Reply::NotModified { etag, cache } => {
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, HeaderValue::from_static(cache))]).into_response()
        }
        Reply::Unsatisfiable { size } => {
            (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, format!("bytes */{size}"))]).into_response()
        }
        Reply::Redirect { location, cache } => {
            (StatusCode::FOUND, [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static(cache))]).into_response()
        }
    };
    if let Some(disposition) = disposition {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition);
    }
    response.extensions_mut().insert(Served { viewer: Some(viewer), cache_hit });
    Ok(response)
}

/// A 200 of `body`, of type `mime` and cached as `cache` says.
fn with_type_and_cache(body: Body, mime: &'static str, cache: &'static str) -> Response {
    let mut response = Response::new(body);
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// A stored object's 200, or a 206 of the part asked for, with what ranged requests and
/// caches read.
fn object_response(object: Object) -> AppResult<Response> {
    let status = if object.range.is_some() { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK };
    let (length, content_range) = (object.length(), object.content_range());
    let Object { mime, etag, cache, body, .. } = object;
    let body = match body {
        ObjectBytes::Held(bytes) => Body::from(bytes),
        ObjectBytes::Streamed(stream) => Body::from_stream(stream),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    // Room for these and the origin layer's, so the map is not grown on the way out.
    *response.headers_mut() = HeaderMap::with_capacity(16);
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::ETAG, etag);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Some(range) = content_range {
        h.insert(header::CONTENT_RANGE, HeaderValue::from_str(&range).map_err(AppError::internal)?);
    }
    Ok(response)
}

/// The answer depends on the cookie: a shared cache must not hand it to another viewer unless
/// it is told to (see docs/deploy.md).
fn varies_on_cookie(served: AppResult<Response>) -> Response {
    let mut response = served.into_response();
    response.headers_mut().append(header::VARY, HeaderValue::from_static("Cookie"));
    response
}

/// CORS preflight: media is fetched by players on other origins (the token is the credential).
async fn preflight(_: FromCdn) -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "Range, If-None-Match, If-Range"),
            (header::ACCESS_CONTROL_MAX_AGE, "86400"),
        ],
    )
}

/// Proof that a `/play` request came through the CDN (or that no CDN secret is configured).
/// Taken first by every origin handler; otherwise 403.
///
/// An extractor rather than a `from_fn` layer: [`routes`] has no `AppState` to hand a layer,
/// and an extractor reads it from the router like any handler argument.
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

#[cfg(test)]
mod tests {
    #[test]
    fn origin_paths_fall_into_their_classes() {
        for (path, class) in [
            ("/play/t/v/master.m3u8", "manifest"),
            ("/play/c/v/manifest.mpd", "manifest"),
            ("/play/t/v/720p/index.m3u8", "manifest"),
            ("/play/t/v/720p/init.mp4", "segment"),
            ("/play/t/v/720p/00012.m4s", "segment"),
            ("/play/t/v/key", "key"),
            ("/play/t/v/download.mp4", "download"),
            ("/play/t/v/download.m4a", "download"),
            ("/play/t/v/poster.jpg", "image"),
            ("/play/t/v/storyboard.jpg", "image"),
            ("/play/t/v/whatever", "other"),
        ] {
            assert_eq!(super::route_class(path), class, "{path}");
        }
    }
}
