//! What this process last saw of each playback stream (live, or ended and why), so the origin
//! asks the database about a stream at most once per half of `enforce_within_secs` (see
//! `delivery::streams`).

use std::sync::Arc;
use std::time::Duration;

/// Most streams remembered at once (an entry is a few dozen bytes).
const MAX_REMEMBERED: u64 = 200_000;

/// The looks; cheap to clone, shared by every request of the process.
#[derive(Clone)]
pub struct StreamLooks {
    /// By stream id: `None` while live, else the stored reason it ended.
    seen: moka::sync::Cache<Arc<str>, Option<&'static str>>,
}

impl StreamLooks {
    /// Remembers each look for half of `enforce_within` (at least a second), so a stop made
    /// in another process is seen within `enforce_within`.
    pub fn new(enforce_within: Duration) -> Self {
        let ttl = (enforce_within / 2).max(Duration::from_secs(1));
        Self { seen: moka::sync::Cache::builder().max_capacity(MAX_REMEMBERED).time_to_live(ttl).build() }
    }

    /// The last look at stream `id`, while it is trusted: `Some(None)` live, `Some(Some(why))`
    /// ended.
    pub fn get(&self, id: &str) -> Option<Option<&'static str>> {
        self.seen.get(id)
    }

    /// Remembers a look at stream `id`.
    pub fn keep(&self, id: &str, ended: Option<&'static str>) {
        self.seen.insert(id.into(), ended);
    }
}
