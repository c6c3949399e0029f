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

/// Whether `text` is a web origin as browsers send it in `Origin`: `http` or `https`, a host
/// name or an IPv4 or bracketed IPv6 address, a port only where it is not the scheme's default
/// (a browser leaves that one out, so it could never match), and nothing after.
pub(super) fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return false,
    };
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((address, after)) if address.parse::<std::net::Ipv6Addr>().is_ok() => match after {
                "" => (address, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (address, Some(port)),
                    None => return false,
                },
            },
            _ => return false,
        },
        None => match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    let v6 = rest.starts_with('[');
    let host_ok = v6 || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b)));
    let port_ok = port.is_none_or(|p| p != default_port && p.parse::<u16>().is_ok_and(|n| n > 0) && !p.starts_with('0'));
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
        for good in ["http://[::1]:8080", "https://[2001:db8::1]", "http://localhost:5173", "https://x:8443"] {
            assert_eq!(ApiConfig { cors_origins: vec![good.into()] }.problem(), None, "{good}");
        }
        let bad = ["*", "app.example.com", "https://app.example.com/", "https://x/path", "ftp://x", "https://x:port", "https://u@x"];
        let worse = ["https://a:b:80", "https://x:443", "http://x:80", "http://[::1", "http://[zz]:80", "http://x:0", "http://x:99999"];
        for bad in bad.iter().chain(&worse) {
            assert!(ApiConfig { cors_origins: vec![bad.to_string()] }.problem().is_some(), "{bad}");
        }
        assert!(ApiConfig::default().cors_origins.is_empty());
    }
}
