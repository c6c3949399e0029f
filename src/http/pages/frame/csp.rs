//! The pages' Content-Security-Policy: scripts and styles from this origin only, media from
//! the playback origin too, framed by no one but where the embeddable player allows.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;

use crate::state::AppState;

/// The Content-Security-Policy of pages: scripts and styles only from this origin, media and
/// images also from the playback origin (a CDN when configured), no inline script, no framing.
/// `media-src` allows `data:` because hls.js gives each caption track a `<track>` element
/// whose source is an empty `data:,WEBVTT` (the cues come from the stream, not from it).
pub fn page_csp(playback_base: &str) -> HeaderValue {
    csp(playback_base, "'none'")
}

/// The embeddable player's policy: the pages' own, framed by this site and `ancestors`
/// (origins the configuration or the item's owner allows, checked as origins when they were
/// set). Its media comes from where every page's does.
pub fn page_csp_framed(playback_base: &str, ancestors: &[String]) -> HeaderValue {
    let sources: String = ancestors.iter().map(|o| format!(" {o}")).collect();
    csp(playback_base, &format!("'self'{sources}"))
}

fn csp(playback_base: &str, frame_ancestors: &str) -> HeaderValue {
    let media = playback_origin(playback_base).map(|o| format!(" {o}")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{media}; media-src 'self' data: blob:{media}; \
         connect-src 'self'{media}; worker-src 'self' blob:; object-src 'none'; frame-ancestors {frame_ancestors}; base-uri 'none'; form-action 'self'"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// `scheme://host[:port]` of a URL, if it has one.
fn playback_origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))).then(|| &url[..scheme.len() + 3 + end])
}

/// Sets the page CSP on HTML answers (the API's stricter default stays everywhere else).
pub async fn page_headers(State(state): State<AppState>, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    // A page that set its own (the embeddable player, which may be framed) keeps it.
    if is_html && !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, page_csp(state.playback_base()));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_names_the_playback_origin_and_allows_no_inline_script() {
        let csp = page_csp("https://cdn.example.com:8443/some/path");
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("media-src 'self' data: blob: https://cdn.example.com:8443;"), "{csp}");
        assert!(csp.contains("script-src 'self';"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(playback_origin("not a url"), None);
        assert_eq!(playback_origin("http://a b/"), None);
    }
}
