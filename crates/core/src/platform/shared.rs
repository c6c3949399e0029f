//! What processes share besides the database and the object store: with `cache.url =
//! "redis://…"`, rate-limit counters and announcements of changed videos go through Redis, so
//! N `reel serve` and `reel worker` processes enforce one limit, and every process's caches
//! (the origin's and the metadata's) forget a changed or deleted video together. Without it
//! (the embedded default) the same calls stay in-process.
//!
//! The caches themselves stay in each process: a hit is a local hash lookup, where a Redis
//! round trip would cost about what the database query it saves does.
//!
//! Redis is an accelerator, not a source of truth: when it cannot be reached, or does not
//! answer within [`BUDGET`], rate limits fall back to each process's own counters and
//! invalidations to the caches' TTLs, and a warning says so (at most once a minute). A
//! request never waits longer than that for Redis, hung or gone.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::platform::metadata_cache::{Change, MetadataCache};
use crate::platform::origin_cache::OriginCache;
use crate::platform::ratelimit::{self, Budget, Quota, RateLimiter, RetryAfter};
use crate::platform::stream_looks::StreamLooks;
use reel_base::config::Config;
use reel_base::domain::{now_ms, VideoId};

/// How long a request waits for Redis before going on without it.
const BUDGET: Duration = Duration::from_millis(500);

/// The channel (after the key prefix) a process announces changed videos on.
const INVALIDATE_CHANNEL: &str = "invalidate";

/// GCRA in one atomic step on the Redis server, with the server's clock (so processes on
/// machines whose clocks differ still agree). KEYS[1]: the key; ARGV: interval and period in
/// milliseconds. Returns {0, how far the key's arrival time is ahead of now} when allowed (and
/// counted), else {the milliseconds to wait, how far it is ahead}: what is left of the budget
/// is read from the second.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
if new_tat > now + period then return {new_tat - now - period, tat - now} end
redis.call('SET', KEYS[1], new_tat, 'PX', new_tat - now + 1000)
return {0, new_tat - now}
";

/// The shared state's handle, with this process's caches; cheap to clone.
#[derive(Clone)]
pub struct Shared {
    local: RateLimiter,
    redis: Option<Redis>,
    origin: OriginCache,
    metadata: MetadataCache,
    /// What this process last saw of playback streams.
    streams: StreamLooks,
    /// Lists of ids computed by a job (recommendations), kept for [`ID_LIST_TTL`] here when
    /// there is no Redis to keep them for every process.
    id_lists: moka::sync::Cache<String, Arc<Vec<VideoId>>>,
}

/// How long a list of ids computed by a job is served before it is read again: short beside
/// the job's interval, so a new run shows within minutes.
pub const ID_LIST_TTL: Duration = Duration::from_secs(300);

fn id_list_cache() -> moka::sync::Cache<String, Arc<Vec<VideoId>>> {
    moka::sync::Cache::builder().max_capacity(100_000).time_to_live(ID_LIST_TTL).build()
}

#[derive(Clone)]
struct Redis {
    client: redis::Client,
    /// `cache.key_prefix`, then `:`.
    prefix: Arc<str>,
    conn: redis::aio::ConnectionManager,
    gcra: Arc<redis::Script>,
    last_warning: Arc<AtomicI64>,
}

impl Shared {
    /// In-process only, with caches that keep nothing (tests of the limiter itself).
    pub fn local() -> Self {
        Self {
            local: RateLimiter::new(),
            redis: None,
            origin: OriginCache::new(0, Duration::ZERO),
            metadata: MetadataCache::off(),
            streams: StreamLooks::new(Duration::from_secs(2)),
            id_lists: id_list_cache(),
        }
    }

    /// This process's caches as `config` sizes them, and Redis when `cache.url` is set; fails
    /// when it is set but cannot be reached at start, since a cluster whose processes silently
    /// kept their own limits and stale caches would be misconfigured.
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        let origin = OriginCache::new(config.delivery.cache_bytes, Duration::from_secs(config.delivery.recheck_secs));
        let metadata = MetadataCache::new(config.cache.metadata_items, Duration::from_secs(config.cache.metadata_ttl_s));
        let redis = Redis::connect(config.cache.url.expose(), &config.cache.key_prefix).await?;
        let streams = StreamLooks::new(Duration::from_secs(config.entitlements.enforce_within_secs));
        Ok(Self { local: RateLimiter::new(), redis, origin, metadata, streams, id_lists: id_list_cache() })
    }

    /// The origin's cache of finished videos' indexes and segments.
    pub fn origin_cache(&self) -> &OriginCache {
        &self.origin
    }

    /// What this process last saw of playback streams.
    pub fn streams(&self) -> &StreamLooks {
        &self.streams
    }

    /// The cache of video records and listings.
    pub fn metadata(&self) -> &MetadataCache {
        &self.metadata
    }

    /// The list of ids under `key` (e.g. an item's related items): from Redis when processes
    /// share it, else from this process's cache; on a miss `load` reads it and it is kept for
    /// [`ID_LIST_TTL`].
    pub async fn id_list<F>(&self, key: &str, load: F) -> sqlx::Result<Arc<Vec<VideoId>>>
    where
        F: std::future::Future<Output = sqlx::Result<Vec<VideoId>>>,
    {
        if let Some(r) = &self.redis {
            let mut conn = r.conn.clone();
            let full = format!("{}ids:{key}", r.prefix);
            let get = redis::cmd("GET").arg(&full).to_owned();
            if let Some(Some(text)) = r.within("lists are read from the database", get.query_async::<Option<String>>(&mut conn)).await {
                let ids: Vec<VideoId> = text.split(',').filter_map(|id| id.parse().ok()).collect();
                return Ok(Arc::new(ids));
            }
            let ids = load.await?;
            let text = ids.iter().map(VideoId::to_string).collect::<Vec<_>>().join(",");
            let set = redis::cmd("SET").arg(&full).arg(text).arg("EX").arg(ID_LIST_TTL.as_secs()).to_owned();
            r.within("the list is read again next time", set.query_async::<()>(&mut conn)).await;
            return Ok(Arc::new(ids));
        }
        if let Some(ids) = self.id_lists.get(key) {
            return Ok(ids);
        }
        let ids = Arc::new(load.await?);
        self.id_lists.insert(key.to_string(), ids.clone());
        Ok(ids)
    }

    /// Counts one request for `key` under `quota` across every process (Redis) or in this one,
    /// and keeps what is left of the budget for the request's answer
    /// ([`ratelimit::note`]).
    pub async fn check_rate(&self, key: &str, quota: Quota) -> Result<(), RetryAfter> {
        if quota.is_unlimited() {
            return Ok(());
        }
        if let Some(r) = &self.redis {
            let interval = u64::try_from((quota.per / quota.count).as_millis()).unwrap_or(u64::MAX).max(1);
            let period = u64::try_from(quota.per.as_millis()).unwrap_or(u64::MAX);
            let mut conn = r.conn.clone();
            let mut script = r.gcra.prepare_invoke();
            script.key(format!("{}rl:{key}", r.prefix)).arg(interval).arg(period);
            let answer = r.within("rate limits fall back to this process's counters", script.invoke_async::<(u64, u64)>(&mut conn)).await;
            if let Some((wait_ms, ahead_ms)) = answer {
                ratelimit::note(Budget::of(quota, Duration::from_millis(ahead_ms)));
                return match wait_ms {
                    0 => Ok(()),
                    wait_ms => Err(RetryAfter(Duration::from_millis(wait_ms))),
                };
            }
        }
        let (answer, budget) = self.local.check_budget_at(key, quota, std::time::Instant::now());
        budget.into_iter().for_each(ratelimit::note);
        answer
    }

    /// Tells every process's caches (this one's first) what changed, once it is committed.
    pub async fn announce(&self, change: Change) {
        self.forget(change);
        if let Some(r) = &self.redis {
            let mut conn = r.conn.clone();
            let publish = redis::cmd("PUBLISH").arg(format!("{}{INVALIDATE_CHANNEL}", r.prefix)).arg(change.encode()).to_owned();
            r.within("other processes forget the change when their cache entries expire", publish.query_async::<i64>(&mut conn)).await;
        }
    }

    /// Forgets what `change` makes stale in this process's caches.
    fn forget(&self, change: Change) {
        match change {
            Change::Gone(id) | Change::Media(id) => self.origin.forget_video(id),
            // Its visibility, rating or required plan may be what changed.
            Change::Listed(id) => self.origin.forget_passes(Some(id)),
            Change::Everything => self.origin.forget_passes(None),
            Change::Fields(_) | Change::Listings => {}
        }
        self.metadata.forget(change);
    }

    /// Listens for other processes' announcements until `shutdown`, reconnecting as needed.
    pub fn listen_for_changes(&self, shutdown: CancellationToken) {
        let Some(r) = self.redis.clone() else { return };
        let this = self.clone();
        tokio::spawn(async move {
            while !shutdown.is_cancelled() {
                match r.client.get_async_pubsub().await {
                    Ok(mut pubsub) => {
                        if let Err(e) = pubsub.subscribe(format!("{}{INVALIDATE_CHANNEL}", r.prefix)).await {
                            r.warn("cache invalidations are not heard", &e);
                        } else {
                            let mut messages = pubsub.on_message();
                            loop {
                                tokio::select! {
                                    m = messages.next() => match m.and_then(|m| m.get_payload::<String>().ok()) {
                                        Some(text) => {
                                            if let Some(change) = Change::decode(&text) {
                                                this.forget(change);
                                            }
                                        }
                                        None => break,
                                    },
                                    () = shutdown.cancelled() => return,
                                }
                            }
                        }
                    }
                    Err(e) => r.warn("cache invalidations are not heard", &e),
                }
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(2)) => {}
                    () = shutdown.cancelled() => return,
                }
            }
        });
    }
}

impl Redis {
    /// Connects when `url` is set.
    async fn connect(url: &str, key_prefix: &str) -> anyhow::Result<Option<Self>> {
        if url.is_empty() {
            return Ok(None);
        }
        let client = redis::Client::open(url)?;
        // Without these the manager waits for ever on a hung server, and retries a lost one for
        // seconds while requests queue behind it.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_response_timeout(BUDGET)
            .set_connection_timeout(Duration::from_secs(1))
            .set_number_of_retries(1)
            .set_max_delay(1000);
        let conn = tokio::time::timeout(Duration::from_secs(10), redis::aio::ConnectionManager::new_with_config(client.clone(), config))
            .await
            .map_err(|_| anyhow::anyhow!("cache.url: Redis did not answer within 10 s"))??;
        tracing::info!(shared = "redis", "shared state ready");
        let redis = Redis {
            client,
            prefix: format!("{key_prefix}:").into(),
            conn,
            gcra: Arc::new(redis::Script::new(GCRA)),
            last_warning: Arc::new(AtomicI64::new(0)),
        };
        Ok(Some(redis))
    }

    /// Runs one Redis call within [`BUDGET`]; `None` (and a warning naming `consequence`) when
    /// it fails or takes longer.
    async fn within<T>(&self, consequence: &str, call: impl std::future::Future<Output = redis::RedisResult<T>>) -> Option<T> {
        match tokio::time::timeout(BUDGET, call).await {
            Ok(Ok(value)) => {
                metrics::gauge!("reel_redis_fallback_active").set(0.0);
                Some(value)
            }
            Ok(Err(e)) => {
                self.warn(consequence, &e);
                None
            }
            Err(_) => {
                self.warn(consequence, &format!("no answer within {} ms", BUDGET.as_millis()));
                None
            }
        }
    }

    /// Counts a fallback (and marks it active until a call succeeds again); logs it at most
    /// once a minute.
    fn warn(&self, consequence: &str, e: &dyn std::fmt::Display) {
        metrics::counter!("reel_redis_fallbacks_total").increment(1);
        metrics::gauge!("reel_redis_fallback_active").set(1.0);
        let now = now_ms();
        let last = self.last_warning.load(Ordering::Relaxed);
        if now - last > 60_000 && self.last_warning.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            tracing::warn!(error = %e, "Redis unavailable: {consequence}");
        }
    }
}
