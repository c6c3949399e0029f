//! Where a form post sends the browser next: a `303` to a page on this site, and only a local
//! path after signing in.

use axum::response::{IntoResponse, Redirect, Response};

/// A `303 See Other` to a page on this site, after a form post.
pub fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// A local path to go back to after signing in: only `/something` on this site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() <= 500
                && !n.chars().any(reel_base::domain::text::breaks_a_line) =>
        {
            n
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/watch/abc?t=1")), "/watch/abc?t=1");
        for bad in ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
