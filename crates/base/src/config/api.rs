//! `[api]`: which other sites' pages may call the API from a browser.

use serde::{Deserialize, Serialize};

/// The API as other sites' pages see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// Origins (`https://app.example.com`, a port where it is not the scheme's) whose pages
    /// may call the API from a browser with an API token: they get CORS answers, every other
    /// origin none. Empty (the default): no cross-origin calls. Never a session cookie: a
    /// cross-origin call is not sent one Reel would accept, so it always needs a token.
    pub cors_origins: Vec<String>,
}

impl ApiConfig {
    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        self.cors_origins.iter().find(|o| !is_origin(o)).map(|o| {
            format!("api.cors_origins: {o:?} is not an origin (scheme://host or scheme://host:port, http or https, nothing after)")
        })
    }

    /// Whether a request's `Origin` header value is one the API answers across origins.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.cors_origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }
}

/// Whether `text` is a serialised web origin: `http` or `https`, a host, maybe a port, no
/// path, query, user or trailing slash.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    if !matches!(scheme, "http" | "https") || rest.is_empty() {
        return false;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || rest.starts_with('[') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_matched_whole() {
        let ok = ApiConfig { cors_origins: vec!["https://app.example.com".into(), "http://127.0.0.1:5173".into()] };
        assert_eq!(ok.problem(), None);
        assert!(ok.allows_origin("https://app.example.com") && ok.allows_origin("HTTPS://APP.EXAMPLE.COM"));
        assert!(!ok.allows_origin("https://app.example.com.evil.org") && !ok.allows_origin("http://app.example.com"));
        assert!(!ok.allows_origin("null"));
        for bad in ["*", "app.example.com", "https://app.example.com/", "https://x/path", "ftp://x", "https://x:port", "https://u@x"] {
            assert!(ApiConfig { cors_origins: vec![bad.into()] }.problem().is_some(), "{bad}");
        }
        assert!(ApiConfig::default().cors_origins.is_empty());
    }
}
