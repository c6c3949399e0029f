//! The edge: what is refused before any other work is done for a request. An address on
//! `edge.deny` (or off a non-empty `edge.allow`) gets 403; a client over the request budget of
//! its class (pages, media, API; per address and, once known, per account) gets 429 with
//! `Retry-After`; progressive downloads are paced to a byte rate ([`DownloadThrottle`]).
//!
//! Budgets are counted through [`Shared::check_rate`], so processes sharing Redis share them;
//! the lists and the throttle are each process's own. Every refusal is counted in
//! `reel_edge_refusals_total`; list refusals are also written to the audit log, at most once
//! per address and reason in [`AUDIT_WINDOW`].
//!
//! The rules come from `[edge]` and are swapped whole when the configuration file changes
//! ([`follow_config`]), so a request meets one set of rules, old or new, never a mix.

pub mod cdn;
mod throttle;

pub use throttle::DownloadThrottle;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use http::HeaderMap;
use tokio_util::sync::CancellationToken;

use crate::platform::ratelimit::{ip_bucket, Quota, RateLimiter, RetryAfter};
use crate::platform::shared::Shared;
use cdn::OriginSecrets;
use reel_base::config::{Config, EdgeConfig};
use reel_base::db::{audit, Db};
use reel_base::domain::netlist::NetList;
use reel_base::domain::UserId;
use reel_base::file_stamp::FileStamp;

/// One audit record per address and reason in this window (per process): enough to see who
/// was refused and when it started, not a row per request of a flood.
pub const AUDIT_WINDOW: Quota = Quota { count: 1, per: Duration::from_secs(600) };
/// Audit records of refusals per minute at most (per process), however many addresses send.
const AUDIT_OVERALL: Quota = Quota::per_minute(60);
/// How often the configuration file is looked at for changes.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(2);

/// Which budget a request draws on, by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The web pages and their assets: everything outside `/api` and `/play`.
    Page,
    /// The origin, `/play/…`: manifests, segments, keys, pictures, downloads.
    Media,
    /// The API, `/api/…`.
    Api,
    /// `/healthz` and `/readyz`, which load balancers poll: under the lists, never a budget.
    Health,
}

impl Class {
    /// The class of a request for `path`.
    pub fn of_path(path: &str) -> Self {
        if path == "/healthz" || path == "/readyz" {
            Self::Health
        } else if path == "/api" || path.starts_with("/api/") {
            Self::Api
        } else if path.starts_with("/play/") {
            Self::Media
        } else {
            Self::Page
        }
    }

    /// The `class` label of the edge's metrics.
    pub fn label(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Media => "media",
            Self::Api => "api",
            Self::Health => "health",
        }
    }
}

/// Why the edge refused a request; the web layer answers each the way clients expect (a 403 the
/// same for both lists, so a client cannot tell which one it is on; a 429 with the wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The address is on a list.
    Listed(Listed),
    /// The address's budget for the class is spent until the wait is over.
    Budget(RetryAfter),
}

/// Why the lists refuse an address, whatever it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// On `edge.deny`.
    Denied,
    /// Off a non-empty `edge.allow`.
    NotAllowed,
}

impl Listed {
    /// The `reason` label of `reel_edge_refusals_total`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Denied => "denied",
            Self::NotAllowed => "not_allowed",
        }
    }
}

/// The rules in force.
struct Rules {
    deny: NetList,
    allow: NetList,
    config: EdgeConfig,
}

impl Rules {
    fn new(edge: &EdgeConfig) -> Self {
        Self { deny: edge.deny_list(), allow: edge.allow_list(), config: edge.clone() }
    }

    fn listed(&self, ip: IpAddr) -> Option<Listed> {
        if self.deny.contains(ip) {
            Some(Listed::Denied)
        } else if !self.allow.is_empty() && !self.allow.contains(ip) {
            Some(Listed::NotAllowed)
        } else {
            None
        }
    }

    fn per_ip(&self, class: Class) -> Quota {
        let c = &self.config;
        Quota::per_minute(match class {
            Class::Page => c.pages_per_minute_per_ip,
            Class::Media => c.media_per_minute_per_ip,
            Class::Api => c.api_per_minute_per_ip,
            Class::Health => 0,
        })
    }

    fn per_account(&self, class: Class) -> Quota {
        let c = &self.config;
        Quota::per_minute(match class {
            Class::Page => c.pages_per_minute_per_account,
            Class::Media => c.media_per_minute_per_account,
            Class::Api => c.api_per_minute_per_account,
            Class::Health => 0,
        })
    }
}

/// The edge of one process, shared by the listener, the middleware, the sign-in checks and
/// the origin.
pub struct Edge {
    rules: RwLock<Arc<Rules>>,
    shared: Shared,
    /// The CDN's proof, when one is configured: media it fetches is not counted against its
    /// address, which carries every viewer behind it.
    cdn: Option<OriginSecrets>,
    /// Where list refusals are recorded (none in tests of the edge alone).
    audit: Option<Db>,
    audit_gate: RateLimiter,
    downloads: DownloadThrottle,
}

impl std::fmt::Debug for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rules = self.rules();
        f.debug_struct("Edge").field("deny", &rules.deny.len()).field("allow", &rules.allow.len()).finish_non_exhaustive()
    }
}

impl Edge {
    /// The edge `config` describes, counting budgets through `shared` and recording list
    /// refusals in `audit`.
    pub fn new(config: &Config, shared: Shared, audit: Option<Db>) -> anyhow::Result<Self> {
        let cdn = OriginSecrets::from_config(&config.cdn)?;
        let edge = &config.edge;
        Ok(Self {
            rules: RwLock::new(Arc::new(Rules::new(edge))),
            shared,
            cdn,
            audit,
            audit_gate: RateLimiter::with_max_keys(10_000),
            downloads: DownloadThrottle::new(edge.download_bytes_per_sec_per_ip, edge.download_bytes_per_sec_total),
        })
    }

    /// Puts new `[edge]` settings in force; requests already past the checks keep going.
    pub fn apply(&self, edge: &EdgeConfig) {
        let rules = Arc::new(Rules::new(edge));
        self.downloads.set_rates(edge.download_bytes_per_sec_per_ip, edge.download_bytes_per_sec_total);
        *self.rules.write().unwrap_or_else(PoisonError::into_inner) = rules;
    }

    fn rules(&self) -> Arc<Rules> {
        self.rules.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Whether the lists refuse `ip` (asking for something of `class`: a metrics label, e.g.
    /// `connection` at the listener); counted, and audited, when they do.
    pub fn listed(&self, ip: IpAddr, class: &'static str) -> Option<Listed> {
        self.listed_by(&self.rules(), ip, class)
    }

    fn listed_by(&self, rules: &Rules, ip: IpAddr, class: &'static str) -> Option<Listed> {
        let listed = rules.listed(ip)?;
        metrics::counter!("reel_edge_refusals_total", "reason" => listed.reason(), "class" => class).increment(1);
        self.audit_refusal(listed, ip, class);
        Some(listed)
    }

    /// Admits a request of `class` from `ip`: the lists, then the address's budget. Media that
    /// carries the CDN's proof is not counted against the CDN's address.
    pub async fn admit(&self, class: Class, ip: IpAddr, headers: &HeaderMap) -> Result<(), Refused> {
        // One read of the rules per request: the lists and the budget come from the same set.
        let rules = self.rules();
        if let Some(listed) = self.listed_by(&rules, ip, class.label()) {
            return Err(Refused::Listed(listed));
        }
        let quota = rules.per_ip(class);
        if quota.is_unlimited() || (class == Class::Media && self.cdn.as_ref().is_some_and(|cdn| cdn.admits(headers))) {
            return Ok(());
        }
        let key = format!("edge:{}:{}", class.label(), ip_bucket(ip));
        self.shared.check_rate(&key, quota).await.map_err(|wait| Refused::Budget(refused("rate_ip", class, wait)))
    }

    /// Counts one request of `class` by `user` against the account's budget, over every
    /// address and process it uses.
    pub async fn admit_account(&self, class: Class, user: UserId) -> Result<(), RetryAfter> {
        let quota = self.rules().per_account(class);
        if quota.is_unlimited() {
            return Ok(());
        }
        let key = format!("edge:{}:account:{user}", class.label());
        self.shared.check_rate(&key, quota).await.map_err(|wait| refused("rate_account", class, wait))
    }

    /// The pacing of progressive downloads.
    pub fn downloads(&self) -> &DownloadThrottle {
        &self.downloads
    }

    /// Writes a list refusal to the audit log, unless this address and reason were written
    /// within [`AUDIT_WINDOW`] or the overall cap is reached: a flood from many addresses must
    /// not become a flood of rows. Never waits: the write runs on its own.
    fn audit_refusal(&self, listed: Listed, ip: IpAddr, class: &'static str) {
        let Some(db) = self.audit.clone() else { return };
        let first_in_window = self.audit_gate.check(&format!("{}:{}", listed.reason(), ip_bucket(ip)), AUDIT_WINDOW).is_ok();
        if !first_in_window || self.audit_gate.check("overall", AUDIT_OVERALL).is_err() {
            return;
        }
        let action = match listed {
            Listed::Denied => "edge.denied",
            Listed::NotAllowed => "edge.not_allowed",
        };
        let ip = ip.to_string();
        tokio::spawn(async move {
            if let Err(e) = audit::record(&db, None, action, Some(class), Some(&ip), None).await {
                tracing::warn!(error = %e, action, "could not record an edge refusal in the audit log");
            }
        });
    }
}

/// A budget refusal, counted.
fn refused(reason: &'static str, class: Class, wait: RetryAfter) -> RetryAfter {
    metrics::counter!("reel_edge_refusals_total", "reason" => reason, "class" => class.label()).increment(1);
    wait
}

/// Follows the configuration file until `shutdown`: when it changes (looked at every
/// [`RELOAD_INTERVAL`]) or on SIGHUP, reads the whole configuration again as at start (the
/// file, then the environment) and puts its `[edge]` in force. A file that no longer reads or
/// validates changes nothing: the error is logged and counted, and the rules in force stay.
/// Other sections take effect at the next start.
pub async fn follow_config(edge: Arc<Edge>, file: PathBuf, shutdown: CancellationToken) {
    let mut seen = FileStamp::of(&file).ok();
    let mut hangup = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(signal) => Some(signal),
        Err(e) => {
            tracing::warn!(error = %e, "no SIGHUP handler: the configuration is reloaded only when its file changes");
            None
        }
    };
    let mut tick = tokio::time::interval(RELOAD_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let asked = tokio::select! {
            _ = tick.tick() => false,
            Some(()) = async {
                match hangup.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            } => true,
            () = shutdown.cancelled() => return,
        };
        let now = FileStamp::of(&file).ok();
        if !asked && now == seen {
            continue;
        }
        seen = now;
        match Config::load(Some(file.as_path())) {
            Ok(config) => {
                edge.apply(&config.edge);
                metrics::counter!("reel_config_reloads_total", "outcome" => "applied").increment(1);
                tracing::info!(deny = config.edge.deny.len(), allow = config.edge.allow.len(), "edge rules reloaded");
            }
            Err(e) => {
                metrics::counter!("reel_config_reloads_total", "outcome" => "refused").increment(1);
                tracing::warn!(error = %e, file = %file.display(), "the configuration file changed but cannot be used; the edge rules in force stay");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn edge(with: impl FnOnce(&mut EdgeConfig)) -> Edge {
        let mut config = Config::default();
        with(&mut config.edge);
        Edge::new(&config, Shared::local(), None).unwrap()
    }

    #[test]
    fn paths_fall_into_their_classes() {
        assert_eq!(Class::of_path("/api/v1/videos"), Class::Api);
        assert_eq!(Class::of_path("/play/t/v/720p/00001.m4s"), Class::Media);
        assert_eq!(Class::of_path("/"), Class::Page);
        assert_eq!(Class::of_path("/apis"), Class::Page);
        assert_eq!(Class::of_path("/healthz"), Class::Health);
        assert_eq!(Class::of_path("/readyz"), Class::Health);
    }

    #[tokio::test]
    async fn deny_wins_over_allow_and_an_allow_list_shuts_out_the_rest() {
        let e = edge(|c| {
            c.allow = vec!["10.0.0.0/8".into()];
            c.deny = vec!["10.6.6.0/24".into()];
        });
        let headers = HeaderMap::new();
        assert!(e.admit(Class::Page, ip("10.1.1.1"), &headers).await.is_ok());
        assert_eq!(e.listed(ip("10.6.6.6"), "page"), Some(Listed::Denied));
        assert_eq!(e.listed(ip("192.0.2.1"), "page"), Some(Listed::NotAllowed));
        let refused = e.admit(Class::Api, ip("192.0.2.1"), &headers).await.unwrap_err();
        assert_eq!(refused, Refused::Listed(Listed::NotAllowed));
        // The lists hold for health checks too.
        assert!(e.admit(Class::Health, ip("10.6.6.6"), &headers).await.is_err());
    }

    #[tokio::test]
    async fn budgets_are_per_class_per_address_and_per_account() {
        let e = edge(|c| {
            c.pages_per_minute_per_ip = 2;
            c.api_per_minute_per_account = 1;
        });
        let headers = HeaderMap::new();
        let a = ip("192.0.2.1");
        for _ in 0..2 {
            e.admit(Class::Page, a, &headers).await.unwrap();
        }
        let over = e.admit(Class::Page, a, &headers).await.unwrap_err();
        assert!(matches!(over, Refused::Budget(wait) if wait.as_secs_ceil() >= 1), "{over:?}");
        // Health checks have no budget; media and the API have their own; another address too.
        for _ in 0..10 {
            e.admit(Class::Health, a, &headers).await.unwrap();
        }
        e.admit(Class::Media, a, &headers).await.unwrap();
        e.admit(Class::Api, a, &headers).await.unwrap();
        e.admit(Class::Page, ip("192.0.2.2"), &headers).await.unwrap();
        // One IPv6 client is its /64.
        e.admit(Class::Page, ip("2001:db8::1"), &headers).await.unwrap();
        e.admit(Class::Page, ip("2001:db8::2"), &headers).await.unwrap();
        assert!(e.admit(Class::Page, ip("2001:db8::3"), &headers).await.is_err());

        let user = UserId::new();
        e.admit_account(Class::Api, user).await.unwrap();
        assert!(e.admit_account(Class::Api, user).await.is_err());
        e.admit_account(Class::Api, UserId::new()).await.unwrap();
        e.admit_account(Class::Media, user).await.unwrap();
    }

    #[tokio::test]
    async fn new_rules_replace_the_old_at_once() {
        let e = edge(|_| {});
        assert_eq!(e.listed(ip("203.0.113.9"), "page"), None);
        e.apply(&EdgeConfig { deny: vec!["203.0.113.0/24".into()], ..EdgeConfig::default() });
        assert_eq!(e.listed(ip("203.0.113.9"), "page"), Some(Listed::Denied));
        e.apply(&EdgeConfig::default());
        assert_eq!(e.listed(ip("203.0.113.9"), "page"), None);
    }
}
