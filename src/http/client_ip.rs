//! The client's IP address, behind trusted proxies: read once from the configuration, then
//! found per request by the [`ClientIp`] extractor.
//!
//! Wiring, for the code that builds the router and the listener:
//! - put the peer's `ConnectInfo<SocketAddr>` in each request's extensions (`http::serve` does),
//!   or every [`ClientIp`] is 127.0.0.1 and all clients share one bucket;
//! - add `Extension(Arc::new(ClientIpConfig::from_config(&config.rate_limit)?))` as a layer, or
//!   proxy headers are never believed.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Once};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use reel_base::config::RateLimitConfig;

/// The address of a client a trusted proxy could not name (its forwarding header holds a hop
/// that is not an address where the client's should be): one address for all of them, on no
/// allow list, so they share one budget and are never taken for the proxy.
pub const UNKNOWN_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

/// How to find the client's address: which header trusted proxies put it in, and which peers
/// are trusted proxies.
#[derive(Debug, Clone, Default)]
pub struct ClientIpConfig {
    header: Option<HeaderName>,
    trusted: Vec<IpAddr>,
}

impl ClientIpConfig {
    /// Reads `rate_limit.client_ip_header` and `rate_limit.trusted_proxies`, refusing a bad
    /// header name, an address that does not parse, or a header with no proxy to believe it
    /// from (which would be silently ignored).
    pub fn from_config(config: &RateLimitConfig) -> Result<Self, String> {
        let name = config.client_ip_header.trim();
        let header = if name.is_empty() {
            None
        } else {
            Some(
                HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| format!("rate_limit.client_ip_header: `{name}` is not a header name"))?,
            )
        };
        let trusted = config
            .trusted_proxies
            .iter()
            .map(|s| {
                s.trim()
                    .parse::<IpAddr>()
                    .ok()
                    .map(|ip| ip.to_canonical())
                    .filter(|ip| !ip.is_unspecified())
                    .ok_or_else(|| format!("rate_limit.trusted_proxies: `{s}` is not the IP address of a proxy"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if header.is_some() && trusted.is_empty() {
            return Err("rate_limit.client_ip_header is set but rate_limit.trusted_proxies is empty, so it would never be used".into());
        }
        Ok(Self { header, trusted })
    }

    /// The client of a request with these `extensions` (the peer's address among them) and
    /// `headers`, as [`Self::client_ip`] finds it.
    pub fn of_request(&self, extensions: &axum::http::Extensions, headers: &HeaderMap) -> IpAddr {
        self.client_ip(peer_of(extensions), headers)
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy and the header is
    /// there; then the right-most address in it that is not a trusted proxy (everything left of
    /// that was written by the client and may be forged).
    ///
    /// The walk from the right ends at the first hop that does not parse: a proxy of ours
    /// would not have written it, so the client wrote it, and the request comes from a client
    /// whose address is unknown: [`UNKNOWN_CLIENT`], never the proxy (which may be exempt from
    /// lists and budgets) nor a hop left of it (which the client chose).
    pub fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.ip().to_canonical();
        let Some(name) = &self.header else { return peer };
        if !self.is_trusted(peer) {
            return peer;
        }
        // Repeated header lines form one list, in order (RFC 9110 §5.3); a line that is not
        // text is one malformed hop.
        let mut hops: Vec<Option<IpAddr>> = Vec::new();
        for value in headers.get_all(name) {
            match value.to_str() {
                Ok(value) => hops.extend(value.split(',').map(parse_hop)),
                Err(_) => hops.push(None),
            }
        }
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) if self.is_trusted(*ip) => continue,
                Some(ip) => return *ip,
                None => return UNKNOWN_CLIENT,
            }
        }
        // Only proxies of ours in the chain: the request began at the left-most one.
        hops.first().copied().flatten().unwrap_or(peer)
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.trusted.contains(&ip.to_canonical())
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted.contains(&ip)
    }
}

/// One hop of `X-Forwarded-For` (`1.2.3.4`, `2001:db8::1`, `[2001:db8::1]:443`, `1.2.3.4:80`)
/// or of `Forwarded` (`for="[2001:db8::1]:443";proto=https`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let hop = if hop.contains('=') {
        hop.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            k.trim().eq_ignore_ascii_case("for").then(|| v.trim().trim_matches('"'))
        })?
    } else {
        hop
    };
    let ip = hop
        .parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| hop.strip_prefix('[').and_then(|h| h.strip_suffix(']')).and_then(|h| h.parse::<Ipv6Addr>().ok()).map(IpAddr::V6))?;
    Some(ip.to_canonical())
}

/// The client's address, as [`ClientIpConfig::client_ip`] finds it.
///
/// Reads `ConnectInfo<SocketAddr>` (which `http::serve` puts on every request; 127.0.0.1 when
/// absent, as under `oneshot` in tests) and an `Arc<ClientIpConfig>` the app inserts with
/// `Extension(Arc<ClientIpConfig>)` (absent: the peer address, headers never believed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The peer a request came from; missing wiring is a deployment bug that would merge or
/// mislabel clients, said once.
fn peer_of(extensions: &axum::http::Extensions) -> SocketAddr {
    static NO_PEER: Once = Once::new();
    match extensions.get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(addr)) => *addr,
        None => {
            NO_PEER.call_once(|| tracing::warn!("no ConnectInfo on requests: every client counts as 127.0.0.1"));
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Missing wiring is a deployment bug that would ignore proxies; say so once.
        static NO_CONFIG: Once = Once::new();
        let ip = match parts.extensions.get::<Arc<ClientIpConfig>>() {
            Some(config) => config.of_request(&parts.extensions, &parts.headers),
            None => {
                NO_CONFIG.call_once(|| tracing::warn!("no ClientIpConfig extension: proxy headers are ignored"));
                peer_of(&parts.extensions).ip().to_canonical()
            }
        };
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Request};

    fn proxied(header: &str, trusted: &[&str]) -> ClientIpConfig {
        let config = RateLimitConfig {
            client_ip_header: header.into(),
            trusted_proxies: trusted.iter().map(|s| s.to_string()).collect(),
            ..RateLimitConfig::default()
        };
        ClientIpConfig::from_config(&config).unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn peer(s: &str) -> SocketAddr {
        SocketAddr::new(ip(s), 40000)
    }

    #[test]
    fn client_ip_ignores_the_header_from_untrusted_peers() {
        let config = proxied("X-Forwarded-For", &["10.0.0.1"]);
        assert_eq!(config.client_ip(peer("203.0.113.9"), &xff(&["1.1.1.1"])), ip("203.0.113.9"));
        // With no header configured, even a trusted peer's header is ignored.
        let plain = ClientIpConfig::from_config(&RateLimitConfig::default()).unwrap();
        assert_eq!(plain.client_ip(peer("10.0.0.1"), &xff(&["1.1.1.1"])), ip("10.0.0.1"));
    }

    #[test]
    fn client_ip_uses_the_right_most_untrusted_hop_from_trusted_ones() {
        let config = proxied("X-Forwarded-For", &["10.0.0.1", "10.0.0.2"]);
        // The client forged "6.6.6.6"; 198.51.100.7 is what our first proxy saw.
        let headers = xff(&["6.6.6.6, 198.51.100.7, 10.0.0.2"]);
        assert_eq!(config.client_ip(peer("10.0.0.1"), &headers), ip("198.51.100.7"));
        // Repeated header lines read as one list.
        let headers = xff(&["6.6.6.6", "198.51.100.7, 10.0.0.2"]);
        assert_eq!(config.client_ip(peer("10.0.0.1"), &headers), ip("198.51.100.7"));
        // No header at all: the proxy itself is the client.
        assert_eq!(config.client_ip(peer("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        // Only proxies of ours in the chain: the request began at the left-most.
        assert_eq!(config.client_ip(peer("10.0.0.1"), &xff(&["10.0.0.2"])), ip("10.0.0.2"));
    }

    #[test]
    fn a_hop_that_is_not_an_address_ends_the_walk_as_an_unknown_client() {
        let config = proxied("X-Forwarded-For", &["10.0.0.1", "10.0.0.2"]);
        // Junk the client wrote left of its address changes nothing: the walk stops before it.
        assert_eq!(config.client_ip(peer("10.0.0.1"), &xff(&["junk, 198.51.100.66"])), ip("198.51.100.66"));
        assert_eq!(config.client_ip(peer("10.0.0.1"), &xff(&["junk", "198.51.100.66, 10.0.0.2"])), ip("198.51.100.66"));
        // Where the client's address should be, junk is an unknown client: never the proxy.
        for garbage in ["not-an-ip", "1.2.3.4, , 10.0.0.2", "", "1.2.3.999", "unknown", "198.51.100.66, junk"] {
            assert_eq!(config.client_ip(peer("10.0.0.1"), &xff(&[garbage])), UNKNOWN_CLIENT, "{garbage:?}");
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_bytes(b"1.2.3.4\xff").unwrap());
        assert_eq!(config.client_ip(peer("10.0.0.1"), &headers), UNKNOWN_CLIENT);
        assert!(!config.is_trusted_proxy(UNKNOWN_CLIENT));
    }

    #[test]
    fn client_ip_works_with_ipv6() {
        let config = proxied("X-Forwarded-For", &["2001:db8::1", "10.0.0.1"]);
        let headers = xff(&["2001:db8:beef::7, [2001:db8:cafe::9]:443"]);
        assert_eq!(config.client_ip(peer("2001:db8::1"), &headers), ip("2001:db8:cafe::9"));
        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; they still match the list.
        assert_eq!(config.client_ip(peer("::ffff:10.0.0.1"), &xff(&["192.0.2.4:5555"])), ip("192.0.2.4"));
        assert_eq!(config.client_ip(peer("2001:db8::2"), &headers), ip("2001:db8::2"));
    }

    #[test]
    fn client_ip_reads_the_forwarded_header() {
        let config = proxied("Forwarded", &["10.0.0.1"]);
        let mut headers = HeaderMap::new();
        headers.insert("forwarded", HeaderValue::from_static(r#"for=192.0.2.60;proto=https, for="[2001:db8::5]:443""#));
        assert_eq!(config.client_ip(peer("10.0.0.1"), &headers), ip("2001:db8::5"));
    }

    #[test]
    fn the_config_is_validated() {
        let bad = |header: &str, trusted: &[&str]| {
            ClientIpConfig::from_config(&RateLimitConfig {
                client_ip_header: header.into(),
                trusted_proxies: trusted.iter().map(|s| s.to_string()).collect(),
                ..RateLimitConfig::default()
            })
            .unwrap_err()
        };
        assert!(bad("X Forwarded", &["10.0.0.1"]).contains("client_ip_header"));
        assert!(bad("X-Forwarded-For", &["10.0.0.0/8"]).contains("10.0.0.0/8"));
        assert!(bad("X-Forwarded-For", &["0.0.0.0"]).contains("0.0.0.0"), "the unknown client is never a proxy");
        assert!(bad("X-Forwarded-For", &[]).contains("trusted_proxies is empty"));
    }

    #[tokio::test]
    async fn the_extractor_reads_connect_info_and_the_config() {
        let extract = |request: Request<()>| async move {
            let (mut parts, ()) = request.into_parts();
            let ClientIp(ip) = ClientIp::from_request_parts(&mut parts, &()).await.unwrap();
            ip
        };
        // Under `oneshot` there is no ConnectInfo.
        assert_eq!(extract(Request::new(())).await, ip("127.0.0.1"));

        let mut request = Request::builder().header("x-forwarded-for", "198.51.100.7").body(()).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer("10.0.0.1")));
        request.extensions_mut().insert(Arc::new(proxied("X-Forwarded-For", &["10.0.0.1"])));
        assert_eq!(extract(request).await, ip("198.51.100.7"));

        // Without the config, the header is not believed.
        let mut request = Request::builder().header("x-forwarded-for", "198.51.100.7").body(()).unwrap();
        request.extensions_mut().insert(ConnectInfo(peer("10.0.0.1")));
        assert_eq!(extract(request).await, ip("10.0.0.1"));
    }
}
