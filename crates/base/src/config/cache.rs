//! `[cache]`: the state processes share (Redis, or each process alone) and each process's
//! metadata cache.

use serde::{Deserialize, Serialize};

use super::Secret;

/// State shared between processes (rate-limit counters, announcements of changes) and each
/// process's metadata cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// `redis://[:PASSWORD@]HOST:PORT[/DB]`; empty keeps it in each process (the embedded default).
    pub url: Secret,
    /// Prefix of every Redis key and channel, so several installations can share one Redis.
    pub key_prefix: String,
    /// Video records the metadata cache of each process holds (listings hold as many ids);
    /// 0 turns it off, so every read asks the database.
    pub metadata_items: u64,
    /// Longest a cached record or listing is trusted, in seconds: how stale a read can be when
    /// another process's change is not heard (Redis unreachable).
    pub metadata_ttl_s: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self { url: Secret::default(), key_prefix: "reel".into(), metadata_items: 50_000, metadata_ttl_s: 30 }
    }
}
