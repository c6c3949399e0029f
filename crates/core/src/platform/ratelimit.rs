//! Rate limits: an in-process GCRA limiter keyed by client IP or account, and the quotas.
//!
//! Keep one [`RateLimiter`] (inside `crate::platform::shared::Shared`, which runs the same algorithm in
//! Redis when processes share one) and prefix each key with its purpose, e.g.
//! `format!("verify:{}", ip_bucket(ip))`: one key holds one counter, whatever the quota.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reel_base::config::RateLimitConfig;

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

/// Pictures (avatars, logos) uploaded per hour per account
/// (`rate_limit.picture_uploads_per_hour_per_account`): one budget for every kind of picture.
pub fn picture_quota(config: &RateLimitConfig) -> Quota {
    Quota::per_hour(config.picture_uploads_per_hour_per_account)
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

/// What a key has left of its quota after a request: what the `RateLimit-Limit`,
/// `RateLimit-Remaining` and `RateLimit-Reset` headers tell the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Requests the quota allows in a burst.
    pub limit: u32,
    /// Requests that would still be allowed now, in a burst.
    pub remaining: u32,
    /// Time until the whole quota is back.
    pub reset: Duration,
}

impl Budget {
    /// The budget of `quota` when the key's theoretical arrival time is `ahead` of now: one
    /// request more is earned back every `per / count`.
    pub fn of(quota: Quota, ahead: Duration) -> Self {
        let interval = quota.per / quota.count.max(1);
        let room = quota.per.saturating_sub(ahead).as_nanos() / interval.as_nanos().max(1);
        Self { limit: quota.count, remaining: u32::try_from(room).unwrap_or(u32::MAX).min(quota.count), reset: ahead }
    }

    /// Seconds until the whole quota is back, rounded up.
    pub fn reset_secs(&self) -> u64 {
        self.reset.as_secs() + u64::from(self.reset.subsec_nanos() > 0)
    }

    /// The tighter of two budgets a request drew on: the one with less left, then the one
    /// that takes longer to come back.
    pub fn tighter(self, other: Self) -> Self {
        if (other.remaining, std::cmp::Reverse(other.reset)) < (self.remaining, std::cmp::Reverse(self.reset)) {
            other
        } else {
            self
        }
    }
}

tokio::task_local! {
    /// The tightest budget the request being served drew on so far (see [`tally`]).
    static TALLY: std::cell::Cell<Option<Budget>>;
}

/// Runs `serve` (one request's handling) keeping the tightest budget every client quota it
/// draws on leaves ([`note`]), so the answer can tell the client: the edge's budgets, the
/// account's, and a route's own (sign-in codes, uploads). None when nothing limited it.
pub async fn tally<F: std::future::Future>(serve: F) -> (F::Output, Option<Budget>) {
    TALLY
        .scope(std::cell::Cell::new(None), async {
            let out = serve.await;
            (out, TALLY.with(std::cell::Cell::get))
        })
        .await
}

/// Keeps `budget` for the request being served, if it is tighter than what it drew on before;
/// nothing outside [`tally`] (a job, a sweep).
pub fn note(budget: Budget) {
    let _ = TALLY.try_with(|tally| tally.set(Some(tally.get().map_or(budget, |b| b.tighter(budget)))));
}

/// An in-process GCRA limiter, cheap to clone (clones share their counters). Between processes
/// the same algorithm runs in Redis (`crate::platform::shared`), which falls back to this one.
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
        self.check_budget_at(key, quota, now).0
    }

    /// [`RateLimiter::check_at`], with what is left of the key's budget after it (none for an
    /// unlimited quota).
    pub fn check_budget_at(&self, key: &str, quota: Quota, now: Instant) -> (Result<(), RetryAfter>, Option<Budget>) {
        if quota.is_unlimited() {
            return (Ok(()), None);
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
            return (Err(RetryAfter(new_tat - horizon)), Some(Budget::of(quota, tat - now)));
        }

        if known.is_none() && shard.tats.len() >= shard.max_keys {
            if shard.earliest_expiry <= now {
                shard.sweep(now);
            }
            if shard.tats.len() >= shard.max_keys {
                metrics::counter!("reel_ratelimit_table_full_total").increment(1);
                let wait = shard.earliest_expiry.saturating_sub(now);
                return (Err(RetryAfter(wait)), Some(Budget { limit: quota.count, remaining: 0, reset: wait }));
            }
        }
        shard.earliest_expiry = shard.earliest_expiry.min(new_tat);
        match shard.tats.get_mut(key) {
            Some(stored) => *stored = new_tat,
            None => {
                shard.tats.insert(key.into(), new_tat);
            }
        }
        (Ok(()), Some(Budget::of(quota, new_tat - now)))
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let config = RateLimitConfig { verify_per_hour_per_ip: 0, ..RateLimitConfig::default() };
        assert!(verify_quota(&config).is_unlimited());
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
    fn each_check_says_what_is_left_and_when_it_is_all_back() {
        let limiter = RateLimiter::new();
        let t0 = Instant::now();
        let quota = Quota::per_minute(3);
        let budget = |at| limiter.check_budget_at("k", quota, at);
        assert_eq!(budget(t0), (Ok(()), Some(Budget { limit: 3, remaining: 2, reset: secs(20) })));
        assert_eq!(budget(t0).1.unwrap().remaining, 1);
        assert_eq!(budget(t0), (Ok(()), Some(Budget { limit: 3, remaining: 0, reset: secs(60) })));
        // Refused: nothing left, the whole quota back in a minute, one request in 20 s.
        assert_eq!(budget(t0), (Err(RetryAfter(secs(20))), Some(Budget { limit: 3, remaining: 0, reset: secs(60) })));
        // 25 s on, one request has been earned back and spent again.
        assert_eq!(budget(t0 + secs(25)), (Ok(()), Some(Budget { limit: 3, remaining: 0, reset: secs(55) })));
        assert_eq!(limiter.check_budget_at("k", Quota::per_minute(0), t0), (Ok(()), None));
    }

    #[test]
    fn the_tighter_budget_is_the_one_with_less_left() {
        let a = Budget { limit: 100, remaining: 40, reset: secs(30) };
        let b = Budget { limit: 10, remaining: 9, reset: secs(360) };
        assert_eq!(a.tighter(b), b);
        assert_eq!(b.tighter(a), b);
        let c = Budget { limit: 10, remaining: 9, reset: secs(400) };
        assert_eq!(b.tighter(c), c, "as little left, and longer to come back");
        assert_eq!(Budget { reset: Duration::from_millis(1500), ..a }.reset_secs(), 2);
    }

    #[tokio::test]
    async fn a_tally_keeps_the_tightest_budget_of_one_request_only() {
        let loose = Budget { limit: 100, remaining: 99, reset: secs(1) };
        let tight = Budget { limit: 5, remaining: 1, reset: secs(600) };
        let ((), kept) = tally(async {
            note(loose);
            note(tight);
            note(loose);
        })
        .await;
        assert_eq!(kept, Some(tight));
        let ((), none) = tally(async {}).await;
        assert_eq!(none, None);
        note(tight); // outside a tally: nothing to keep it, and no panic
    }

    #[test]
    fn retry_after_is_at_least_one_whole_second() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::ZERO).as_secs_ceil(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(2001)).as_secs_ceil(), 3);
    }

    #[test]
    fn one_ipv6_client_is_one_bucket() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(ip_bucket(ip("2001:db8:1:2:aaaa::1")), ip_bucket(ip("2001:db8:1:2:bbbb::2")));
        assert_eq!(ip_bucket(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_ne!(ip_bucket(ip("2001:db8:1:2::1")), ip_bucket(ip("2001:db8:1:3::1")));
        assert_eq!(ip_bucket(ip("::ffff:192.0.2.1")), "192.0.2.1");
    }

    #[test]
    fn quotas_come_from_the_config() {
        let config = RateLimitConfig::default();
        assert_eq!(verify_quota(&config), Quota { count: 60, per: HOUR });
        assert_eq!(upload_quota(&config), Quota { count: 100, per: HOUR });
    }
}
