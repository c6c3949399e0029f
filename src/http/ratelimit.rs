//! Rate limits: a GCRA limiter keyed by client IP or account, and the client IP behind trusted proxies.
//!
//! Wiring, for the code that builds the router:
//! - serve with `router.into_make_service_with_connect_info::<SocketAddr>()`, or every
//!   [`ClientIp`] is 127.0.0.1 and all clients share one bucket;
//! - add `Extension(Arc::new(ClientIpConfig::from_config(&config.rate_limit)?))` as a layer, or
//!   proxy headers are never believed;
//! - keep one [`RateLimiter`] (in `AppState`, say) and prefix each key with its purpose, e.g.
//!   `format!("verify:{}", ip_bucket(ip))`: one key holds one counter, whatever the quota.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::BuildHasher;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use crate::config::RateLimitConfig;
use crate::error::AppError;

/// Keys one [`RateLimiter::new`] tracks at most (roughly 10 MB).
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// Shards of the key table; each has its own lock, so two requests rarely wait for each other.
const SHARDS: usize = 16;

/// A shard sweeps expired keys after this many checks, so idle keys do not linger until it is full.
const SWEEP_EVERY: u32 = 1024;

/// How many requests a key may make in a period: `count` per `per`, in any burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Requests allowed per period; 0 means unlimited.
    pub count: u32,
    /// The period.
    pub per: Duration,
}

impl Quota {
    /// `count` requests per hour.
    pub const fn per_hour(count: u32) -> Self {
        Self { count, per: Duration::from_secs(3600) }
    }
    /// `count` requests per minute.
    pub const fn per_minute(count: u32) -> Self {
        Self { count, per: Duration::from_secs(60) }
    }
    /// Whether this quota lets everything through.
    pub fn is_unlimited(&self) -> bool {
        self.count == 0 || self.per.is_zero()
    }
}

/// Code checks per hour per client IP (`rate_limit.verify_per_hour_per_ip`).
pub fn verify_quota(config: &RateLimitConfig) -> Quota {
    Quota::per_hour(config.verify_per_hour_per_ip)
}

/// Uploads started per hour per account (`rate_limit.uploads_per_hour_per_account`).
pub fn upload_quota(config: &RateLimitConfig) -> Quota {
    Quota::per_hour(config.uploads_per_hour_per_account)
}

/// API requests per minute per client IP (`rate_limit.api_per_minute_per_ip`).
pub fn api_quota(config: &RateLimitConfig) -> Quota {
    Quota::per_minute(config.api_per_minute_per_ip)
}

/// A refusal: how long until one more request from this key would be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// The wait in whole seconds for a `Retry-After` header: rounded up, and at least 1, because
    /// "retry after 0 seconds" invites an immediate retry that would be refused again.
    pub fn as_secs_ceil(&self) -> u64 {
        let secs = self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0);
        secs.max(1)
    }
}

impl From<RetryAfter> for AppError {
    fn from(r: RetryAfter) -> Self {
        AppError::too_many_requests(r.as_secs_ceil())
    }
}

/// An in-process GCRA limiter, cheap to clone (clones share their counters). Between processes
/// the same algorithm runs in Redis (`crate::shared`), which falls back to this one.
///
/// Each key holds one "theoretical arrival time" (TAT): requests push it forward by
/// `per / count`, and a request is refused when that would put it more than `per` ahead of now.
/// This allows `count` requests in a burst, then one every `per / count`. A refused request
/// does not move the TAT, so hammering a limit does not extend it.
///
/// Memory is bounded: a key whose TAT has passed holds no information and is dropped by sweeps,
/// and at most `max_keys` keys are tracked. When the table is full of live keys, a *new* key is
/// refused (until the earliest key expires) rather than evicting a counted one: evicting would
/// let a client with many addresses reset its own counters, and letting untracked keys through
/// would switch the limits off for exactly the clients that filled the table. Known keys keep
/// working either way. Callers should key IPv6 clients by [`ip_bucket`], since one client
/// usually holds a whole /64.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    /// TATs are stored as offsets from this instant, so every sum is plain `Duration` arithmetic.
    epoch: Instant,
    hasher: RandomState,
    shards: Box<[Mutex<Shard>]>,
}

struct Shard {
    tats: HashMap<Box<str>, Duration>,
    max_keys: usize,
    checks: u32,
    /// No key of this shard expires before this (a lower bound), so while the shard is full and
    /// this is still ahead, a sweep would free nothing and is skipped.
    earliest_expiry: Duration,
}

impl Shard {
    /// Drops keys whose TAT has passed and recomputes `earliest_expiry` exactly.
    fn sweep(&mut self, now: Duration) {
        self.tats.retain(|_, tat| *tat > now);
        self.earliest_expiry = self.tats.values().copied().min().unwrap_or(Duration::MAX);
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter").field("tracked_keys", &self.tracked_keys()).finish()
    }
}

impl RateLimiter {
    /// A limiter tracking at most [`DEFAULT_MAX_KEYS`] keys.
    pub fn new() -> Self {
        Self::with_max_keys(DEFAULT_MAX_KEYS)
    }

    /// A limiter tracking at most `max_keys` keys (at least 1).
    pub fn with_max_keys(max_keys: usize) -> Self {
        let max_keys = max_keys.max(1);
        let count = max_keys.min(SHARDS);
        // Spread the cap so the shards' caps add up to exactly `max_keys`.
        let shards = (0..count)
            .map(|i| {
                let cap = max_keys / count + usize::from(i < max_keys % count);
                Mutex::new(Shard { tats: HashMap::new(), max_keys: cap, checks: 0, earliest_expiry: Duration::MAX })
            })
            .collect();
        Self { inner: Arc::new(Inner { epoch: Instant::now(), hasher: RandomState::new(), shards }) }
    }

    /// Counts one request for `key` now; see [`RateLimiter::check_at`].
    pub fn check(&self, key: &str, quota: Quota) -> Result<(), RetryAfter> {
        self.check_at(key, quota, Instant::now())
    }

    /// Counts one request for `key` at `now` and allows it, or refuses it (without counting it)
    /// with the time until one more would be allowed. Tests pass their own `now`.
    pub fn check_at(&self, key: &str, quota: Quota, now: Instant) -> Result<(), RetryAfter> {
        if quota.is_unlimited() {
            return Ok(());
        }
        let now = now.saturating_duration_since(self.inner.epoch);
        let interval = quota.per / quota.count;
        let shard = &self.inner.shards[self.inner.hasher.hash_one(key) as usize % self.inner.shards.len()];
        // The state is one `Duration` per key, never half-updated, so a poisoned lock is still usable.
        let mut shard = shard.lock().unwrap_or_else(PoisonError::into_inner);

        shard.checks = shard.checks.wrapping_add(1);
        if shard.checks.is_multiple_of(SWEEP_EVERY) {
            shard.sweep(now);
        }

        let known = shard.tats.get(key).copied();
        let tat = known.filter(|&tat| tat > now).unwrap_or(now);
        let new_tat = tat.saturating_add(interval);
        let horizon = now.saturating_add(quota.per);
        if new_tat > horizon {
            return Err(RetryAfter(new_tat - horizon));
        }

        if known.is_none() && shard.tats.len() >= shard.max_keys {
            if shard.earliest_expiry <= now {
                shard.sweep(now);
            }
            if shard.tats.len() >= shard.max_keys {
                metrics::counter!("reel_ratelimit_table_full_total").increment(1);
                return Err(RetryAfter(shard.earliest_expiry.saturating_sub(now)));
            }
        }
        shard.earliest_expiry = shard.earliest_expiry.min(new_tat);
        match shard.tats.get_mut(key) {
            Some(stored) => *stored = new_tat,
            None => {
                shard.tats.insert(key.into(), new_tat);
            }
        }
        Ok(())
    }

    /// How many keys are held right now (expired ones included until the next sweep).
    pub fn tracked_keys(&self) -> usize {
        self.inner.shards.iter().map(|s| s.lock().unwrap_or_else(PoisonError::into_inner).tats.len()).sum()
    }
}

/// The rate-limit key of a client address: IPv4 as is, IPv6 by its /64 (one subscriber's
/// prefix, which a single client can pick addresses from at will).
pub fn ip_bucket(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(prefix))
        }
    }
}

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
                    .map(|ip| ip.to_canonical())
                    .map_err(|_| format!("rate_limit.trusted_proxies: `{s}` is not an IP address"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if header.is_some() && trusted.is_empty() {
            return Err("rate_limit.client_ip_header is set but rate_limit.trusted_proxies is empty, so it would never be used".into());
        }
        Ok(Self { header, trusted })
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy and the header is
    /// there; then the right-most address in it that is not a trusted proxy (everything left of
    /// that was written by the client and may be forged). A malformed header gives the peer.
    pub fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.ip().to_canonical();
        let Some(name) = &self.header else { return peer };
        if !self.is_trusted(peer) {
            return peer;
        }
        // Repeated header lines form one list, in order (RFC 9110 §5.3).
        let mut hops = Vec::new();
        for value in headers.get_all(name) {
            let Ok(value) = value.to_str() else { return peer };
            for hop in value.split(',') {
                match parse_hop(hop) {
                    Some(ip) => hops.push(ip),
                    None => return peer,
                }
            }
        }
        // If every hop is a proxy of ours, the request began at the left-most one.
        hops.iter().rev().find(|ip| !self.is_trusted(**ip)).or(hops.first()).copied().unwrap_or(peer)
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
/// Reads `ConnectInfo<SocketAddr>` (present when the server is run with
/// `into_make_service_with_connect_info::<SocketAddr>()`; 127.0.0.1 when absent, as under
/// `oneshot` in tests) and an `Arc<ClientIpConfig>` the app inserts with
/// `Extension(Arc<ClientIpConfig>)` (absent: the peer address, headers never believed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Missing wiring is a deployment bug that would merge or mislabel clients; say so once.
        static NO_PEER: Once = Once::new();
        static NO_CONFIG: Once = Once::new();
        let peer = match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(addr)) => *addr,
            None => {
                NO_PEER.call_once(|| tracing::warn!("no ConnectInfo on requests: every client counts as 127.0.0.1"));
                SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
            }
        };
        let ip = match parts.extensions.get::<Arc<ClientIpConfig>>() {
            Some(config) => config.client_ip(peer, &parts.headers),
            None => {
                NO_CONFIG.call_once(|| tracing::warn!("no ClientIpConfig extension: proxy headers are ignored"));
                peer.ip().to_canonical()
            }
        };
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Request};

    const HOUR: Duration = Duration::from_secs(3600);

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn allows_up_to_the_quota_then_refuses_with_a_sensible_retry_after() {
        let limiter = RateLimiter::new();
        let t0 = Instant::now();
        let quota = Quota::per_hour(10);
        for i in 0..10 {
            assert_eq!(limiter.check_at("k", quota, t0), Ok(()), "request {i}");
        }
        let refused = limiter.check_at("k", quota, t0).unwrap_err();
        // One request is earned back every 6 minutes.
        assert_eq!(refused, RetryAfter(secs(360)));
        assert_eq!(refused.as_secs_ceil(), 360);
        // Being refused does not push the wait further out.
        assert_eq!(limiter.check_at("k", quota, t0 + secs(60)), Err(RetryAfter(secs(300))));
    }

    #[test]
    fn recovers_after_time_passes() {
        let limiter = RateLimiter::new();
        let t0 = Instant::now();
        let quota = Quota::per_minute(2);
        limiter.check_at("k", quota, t0).unwrap();
        limiter.check_at("k", quota, t0).unwrap();
        let wait = limiter.check_at("k", quota, t0).unwrap_err().0;
        assert!(limiter.check_at("k", quota, t0 + wait - Duration::from_millis(1)).is_err());
        assert_eq!(limiter.check_at("k", quota, t0 + wait), Ok(()));
        assert!(limiter.check_at("k", quota, t0 + wait).is_err());
        // After a whole quiet period the full burst is back.
        let later = t0 + wait + secs(60);
        assert!(limiter.check_at("k", quota, later).is_ok());
        assert!(limiter.check_at("k", quota, later).is_ok());
        assert!(limiter.check_at("k", quota, later).is_err());
    }

    #[test]
    fn keys_are_independent() {
        let limiter = RateLimiter::new();
        let t0 = Instant::now();
        let quota = Quota::per_hour(1);
        limiter.check_at("verify:1.2.3.4", quota, t0).unwrap();
        assert!(limiter.check_at("verify:1.2.3.4", quota, t0).is_err());
        assert_eq!(limiter.check_at("verify:5.6.7.8", quota, t0), Ok(()));
        assert_eq!(limiter.check_at("upload:1.2.3.4", quota, t0), Ok(()));
    }

    #[test]
    fn clones_share_their_counters() {
        let limiter = RateLimiter::new();
        let other = limiter.clone();
        let quota = Quota::per_hour(1);
        other.check("k", quota).unwrap();
        assert!(limiter.check("k", quota).is_err());
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new();
        let t0 = Instant::now();
        for _ in 0..10_000 {
            assert_eq!(limiter.check_at("k", Quota::per_hour(0), t0), Ok(()));
        }
        assert_eq!(limiter.tracked_keys(), 0);
        let config = RateLimitConfig { api_per_minute_per_ip: 0, ..RateLimitConfig::default() };
        assert!(api_quota(&config).is_unlimited());
    }

    #[test]
    fn memory_stays_bounded_under_many_distinct_keys() {
        let limiter = RateLimiter::with_max_keys(100);
        let t0 = Instant::now();
        let quota = Quota::per_minute(5);
        limiter.check_at("early", quota, t0).unwrap();
        let mut refused = 0;
        for i in 0..10_000 {
            if let Err(wait) = limiter.check_at(&format!("k{i}"), quota, t0 + secs(1)) {
                assert!(wait.0 > Duration::ZERO && wait.0 <= secs(60), "{wait:?}");
                refused += 1;
            }
        }
        assert_eq!(limiter.tracked_keys(), 100);
        assert!(refused >= 9_900, "{refused}");
        // A key already counted keeps its count rather than being evicted by the flood.
        for _ in 0..4 {
            limiter.check_at("early", quota, t0 + secs(2)).unwrap();
        }
        assert!(limiter.check_at("early", quota, t0 + secs(2)).is_err());
        // Once the flood's keys expire, new clients get in again and the stale keys are gone.
        let later = t0 + secs(1) + HOUR;
        assert_eq!(limiter.check_at("newcomer", quota, later), Ok(()));
        let admitted = (0..10_000).filter(|i| limiter.check_at(&format!("n{i}"), quota, later + secs(120)).is_ok()).count();
        assert_eq!(admitted, 100);
        assert_eq!(limiter.tracked_keys(), 100);
    }

    #[test]
    fn retry_after_is_at_least_one_whole_second() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::ZERO).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(2001)).as_secs_ceil(), 3);
        let error = AppError::from(RetryAfter(Duration::from_millis(1500)));
        assert_eq!(error.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
    }

    #[test]
    fn quotas_come_from_the_config() {
        let config = RateLimitConfig::default();
        assert_eq!(verify_quota(&config), Quota { count: 60, per: HOUR });
        assert_eq!(upload_quota(&config), Quota { count: 100, per: HOUR });
        assert_eq!(api_quota(&config), Quota { count: 600, per: secs(60) });
    }

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
    fn client_ip_falls_back_to_the_peer_on_garbage() {
        let config = proxied("X-Forwarded-For", &["10.0.0.1"]);
        for garbage in ["not-an-ip", "1.2.3.4, , 5.6.7.8", "", "1.2.3.999", "unknown"] {
            assert_eq!(config.client_ip(peer("10.0.0.1"), &xff(&[garbage])), ip("10.0.0.1"), "{garbage:?}");
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_bytes(b"1.2.3.4\xff").unwrap());
        assert_eq!(config.client_ip(peer("10.0.0.1"), &headers), ip("10.0.0.1"));
    }

    #[test]
    fn client_ip_works_with_ipv6() {
        let config = proxied("X-Forwarded-For", &["2001:db8::1", "10.0.0.1"]);
        let headers = xff(&["2001:db8:beef::7, [2001:db8:cafe::9]:443"]);
        assert_eq!(config.client_ip(peer("2001:db8::1"), &headers), ip("2001:db8:cafe::9"));
        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; they still match the list.
        assert_eq!(config.client_ip(peer("::ffff:10.0.0.1"), &xff(&["192.0.2.4:5555"])), ip("192.0.2.4"));
        assert_eq!(config.client_ip(peer("2001:db8::2"), &headers), ip("2001:db8::2"));
        // One client's /64 is one bucket.
        assert_eq!(ip_bucket(ip("2001:db8:1:2:aaaa::1")), ip_bucket(ip("2001:db8:1:2:bbbb::2")));
        assert_eq!(ip_bucket(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_ne!(ip_bucket(ip("2001:db8:1:2::1")), ip_bucket(ip("2001:db8:1:3::1")));
        assert_eq!(ip_bucket(ip("::ffff:192.0.2.1")), "192.0.2.1");
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
