//! The origin's memory: package indexes and the bytes of init and media segments of finished
//! videos, bounded by `delivery.cache_bytes`, so that many viewers of one video cost one
//! database read per index and one object-store read per segment.
//!
//! Only finished (`complete`) indexes and their segments are kept: a video still being made
//! changes its index every few seconds, and a restarted job may rewrite a segment. Entries of
//! a deleted video are dropped by this process at once; other processes forget them within
//! [`INDEX_TTL`] (the index is looked up first, so its segments stop being served too).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use metrics::Counter;

use reel_base::domain::{Holder, VideoId};
use reel_base::media::package::PackageIndex;

/// How long a finished index is trusted without asking the database again.
pub const INDEX_TTL: Duration = Duration::from_secs(30);

/// Rough memory of an index entry (they are small next to segments, but not free).
const INDEX_WEIGHT: u32 = 64 << 10;

/// A stored object's bytes with its entity tag.
#[derive(Clone)]
pub struct CachedObject {
    /// The whole object.
    pub bytes: Bytes,
    /// Its ETag as the origin sends it (quoted).
    pub etag: Arc<str>,
}

/// The origin cache; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct OriginCache {
    indexes: Option<moka::sync::Cache<VideoId, Arc<PackageIndex>>>,
    objects: Option<moka::sync::Cache<Arc<str>, CachedObject>>,
    /// Objects larger than this are streamed, never kept (one would crowd out many segments).
    max_object: u64,
    /// The last answer to "may this holder still watch this item?", for `delivery.recheck_secs`.
    passes: Option<moka::sync::Cache<(VideoId, Holder), bool>>,
    /// `reel_origin_cache_total` by result (hit, miss), registered on first use.
    counted: Arc<[OnceLock<Counter>; 2]>,
}

/// Most answers about holders kept at once (an entry is a few dozen bytes).
const MAX_PASSES: u64 = 200_000;

impl OriginCache {
    /// A cache of at most `capacity` bytes (0: a cache that keeps no index or object), which
    /// trusts an answer about a holder for `recheck` (zero: not at all).
    pub fn new(capacity: u64, recheck: Duration) -> Self {
        let passes = (!recheck.is_zero())
            .then(|| moka::sync::Cache::builder().max_capacity(MAX_PASSES).time_to_live(recheck).support_invalidation_closures().build());
        if capacity == 0 {
            return Self { indexes: None, objects: None, max_object: 0, passes, counted: Arc::default() };
        }
        let indexes = moka::sync::Cache::builder()
            .max_capacity(capacity / 16)
            .weigher(|_: &VideoId, _: &Arc<PackageIndex>| INDEX_WEIGHT)
            .time_to_live(INDEX_TTL)
            .build();
        let objects = moka::sync::Cache::builder()
            .max_capacity(capacity - capacity / 16)
            .weigher(|key: &Arc<str>, o: &CachedObject| u32::try_from(o.bytes.len() + key.len()).unwrap_or(u32::MAX))
            .support_invalidation_closures()
            .build();
        Self { indexes: Some(indexes), objects: Some(objects), max_object: (capacity / 8).min(32 << 20), passes, counted: Arc::default() }
    }

    /// A finished index, if it is held.
    pub fn index(&self, id: VideoId) -> Option<Arc<PackageIndex>> {
        self.indexes.as_ref()?.get(&id)
    }

    /// Keeps an index if it is finished (a growing one changes under the viewers' feet).
    pub fn keep_index(&self, id: VideoId, index: &Arc<PackageIndex>) {
        if let (Some(c), true) = (&self.indexes, index.complete) {
            c.insert(id, index.clone());
        }
    }

    /// Counts one answer from memory (`hit`) or from the store.
    pub fn count(&self, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.counted[usize::from(hit)].get_or_init(|| metrics::counter!("reel_origin_cache_total", "result" => result)).increment(1);
    }

    /// A stored object's bytes, if held.
    pub fn object(&self, key: &str) -> Option<CachedObject> {
        self.objects.as_ref()?.get(key)
    }

    /// Bytes of objects held now (after moka's pending bookkeeping is done).
    pub fn held_bytes(&self) -> u64 {
        self.objects.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.weighted_size()
        })
    }

    /// Whether objects are kept at all (`delivery.cache_bytes` above zero).
    pub fn keeps_objects(&self) -> bool {
        self.objects.is_some()
    }

    /// Whether an object of `size` bytes would be kept.
    pub fn would_keep(&self, size: u64) -> bool {
        self.objects.is_some() && size <= self.max_object
    }

    /// Keeps an object's bytes (when small enough).
    pub fn keep_object(&self, key: &str, object: CachedObject) {
        if let (Some(c), true) = (&self.objects, self.would_keep(object.bytes.len() as u64)) {
            c.insert(key.into(), object);
        }
    }

    /// The last answer about whether `holder` may watch `id`, while it is trusted.
    pub fn pass(&self, id: VideoId, holder: Holder) -> Option<bool> {
        self.passes.as_ref()?.get(&(id, holder))
    }

    /// Keeps an answer about whether `holder` may watch `id`.
    pub fn keep_pass(&self, id: VideoId, holder: Holder, allowed: bool) {
        if let Some(c) = &self.passes {
            c.insert((id, holder), allowed);
        }
    }

    /// Forgets every answer about who may watch `id` (what it requires or who may see it
    /// changed), or about every item (`None`).
    pub fn forget_passes(&self, id: Option<VideoId>) {
        match (&self.passes, id) {
            (Some(c), Some(id)) => {
                let _ = c.invalidate_entries_if(move |(video, _), _| *video == id);
            }
            (Some(c), None) => c.invalidate_all(),
            (None, _) => {}
        }
    }

    /// Forgets everything of a video (it was deleted or its access changed).
    pub fn forget_video(&self, id: VideoId) {
        self.forget_passes(Some(id));
        if let Some(c) = &self.indexes {
            c.invalidate(&id);
        }
        if let Some(c) = &self.objects {
            let prefix = format!("media/{id}/");
            // Segments are found through the index, which is gone now; this frees their memory.
            let _ = c.invalidate_entries_if(move |k, _| k.starts_with(&prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(complete: bool) -> Arc<PackageIndex> {
        Arc::new(PackageIndex::empty(complete))
    }

    #[test]
    fn only_finished_indexes_are_kept_and_a_deleted_video_is_forgotten() {
        let cache = OriginCache::new(64 << 20, Duration::from_secs(60));
        let (a, b) = (VideoId::new(), VideoId::new());
        cache.keep_index(a, &index(true));
        cache.keep_index(b, &index(false));
        assert!(cache.index(a).is_some());
        assert!(cache.index(b).is_none(), "a growing index is never cached");
        let key = format!("media/{a}/360p/00000.m4s");
        cache.keep_object(&key, CachedObject { bytes: Bytes::from_static(b"segment"), etag: "\"7\"".into() });
        assert_eq!(cache.object(&key).unwrap().bytes.as_ref(), b"segment");
        cache.forget_video(a);
        assert!(cache.index(a).is_none());
    }

    #[test]
    fn large_objects_and_a_zero_capacity_cache_keep_nothing() {
        let cache = OriginCache::new(64 << 20, Duration::from_secs(60));
        assert!(cache.would_keep(1 << 20));
        assert!(!cache.would_keep(9 << 20), "an object over an eighth of the cache is streamed");
        let off = OriginCache::new(0, Duration::ZERO);
        off.keep_index(VideoId::new(), &index(true));
        off.keep_object("k", CachedObject { bytes: Bytes::from_static(b"x"), etag: "\"1\"".into() });
        assert!(off.object("k").is_none() && !off.would_keep(1));
    }
}
