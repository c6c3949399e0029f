//! The catalogue's memory: video records by id, and which ids each listing, search and facet
//! count selects for each audience, so a popular page costs a hash lookup instead of a query.
//!
//! Listings hold ids, not records: a field shown with an item (progress, views) changes one
//! record and no listing, so most changes forget one entry; only what can change which items
//! a listing selects, or their order, forgets every listing. Every entry lives at most
//! `cache.metadata_ttl_s`, the bound on staleness when a change from another process is not
//! heard (Redis down). Changes are announced through `crate::platform::shared::Shared`.
//!
//! Only what no job is changing is kept: records of settled items (ready or failed) and pages
//! made only of them. A job's progress, probe results and status moves therefore never go
//! stale here, even when the job runs in a `reel worker` that cannot tell this process
//! (no Redis); what such a process cannot announce is a new item entering listings, which
//! shows within the TTL.
//!
//! A read that races a change must not put back what the change removed: each change bumps a
//! generation *before* it forgets, and each read notes the generation *before* it queries;
//! an entry kept after the generation moved is dropped again at once (see [`keep`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use reel_base::db::videos::{Audience, Cursor, Facet, Filter, VideoRecord};
use reel_base::domain::VideoId;

/// What changed, so that each cache forgets only what depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Fields shown with an item but never filtered or ordered by (progress, duration, views).
    Fields(VideoId),
    /// What listings select or order by (title, description, metadata, visibility, status),
    /// or a new item: its record and every listing.
    Listed(VideoId),
    /// Which items a playlist holds or their order: every listing, no record.
    Listings,
    /// Many records at once (a series' deletion unlinks its episodes): everything.
    Everything,
    /// The item was deleted: everything of it, in the origin cache too.
    Gone(VideoId),
    /// Which renditions a ready item has changed (a lifecycle rule took rungs away, or a job
    /// made them again): its record, and its index and objects in the origin cache.
    Media(VideoId),
}

impl Change {
    /// As sent to other processes. A bare id means [`Change::Gone`], as it always has.
    pub fn encode(self) -> String {
        match self {
            Change::Fields(id) => format!("f:{id}"),
            Change::Listed(id) => format!("l:{id}"),
            Change::Listings => "listings".into(),
            Change::Everything => "everything".into(),
            Change::Gone(id) => id.to_string(),
            Change::Media(id) => format!("m:{id}"),
        }
    }

    /// Reads what [`Change::encode`] wrote; `None` for anything else (a newer process's
    /// message this one does not know is ignored, as it was before).
    pub fn decode(text: &str) -> Option<Self> {
        Some(match text {
            "listings" => Change::Listings,
            "everything" => Change::Everything,
            _ => match text.split_once(':') {
                Some(("f", id)) => Change::Fields(id.parse().ok()?),
                Some(("l", id)) => Change::Listed(id.parse().ok()?),
                Some(("m", id)) => Change::Media(id.parse().ok()?),
                Some(_) => return None,
                None => Change::Gone(text.parse().ok()?),
            },
        })
    }

    /// The item whose record this change makes stale, if it is one item.
    fn item(self) -> Option<VideoId> {
        match self {
            Change::Fields(id) | Change::Listed(id) | Change::Gone(id) | Change::Media(id) => Some(id),
            Change::Listings | Change::Everything => None,
        }
    }

    /// Whether this change can alter which items a listing selects, or their order.
    fn reaches_listings(self) -> bool {
        !matches!(self, Change::Fields(_) | Change::Media(_))
    }
}

/// Identifies one page of one listing for one audience.
///
/// Built from the `Debug` form of the audience and the filter, so every field either has,
/// including one added later, is part of the key: two requests share an entry only when
/// they would run the same query for the same viewer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListingKey(Arc<str>);

impl ListingKey {
    /// The key of a page of `limit` items from `after`.
    pub fn page(audience: Audience, filter: &Filter<'_>, limit: u32, after: Option<Cursor>) -> Self {
        Self(format!("page|{audience:?}|{filter:?}|{limit}|{after:?}").into())
    }

    /// The key of the `limit` most common values of `facet`.
    pub fn counts(audience: Audience, filter: &Filter<'_>, facet: Facet, limit: u32) -> Self {
        Self(format!("counts|{audience:?}|{filter:?}|{facet:?}|{limit}").into())
    }
}

/// The counts of a facet, most first.
pub type Counts = Arc<[(String, i64)]>;

/// The cache; cheap to clone, shared by every request of a process.
#[derive(Clone)]
pub struct MetadataCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    items: Cache<VideoId, Arc<VideoRecord>>,
    pages: Cache<ListingKey, Arc<[VideoId]>>,
    counts: Cache<ListingKey, Counts>,
    /// Moves before every forgetting; see the module's documentation.
    generation: AtomicU64,
}

/// Counts a lookup of a cache that is on (`reel_metadata_cache_lookups_total`, by what was
/// looked up and whether it was held).
fn counted<T>(what: &'static str, found: Option<T>) -> Option<T> {
    let result = if found.is_some() { "hit" } else { "miss" };
    metrics::counter!("reel_metadata_cache_lookups_total", "what" => what, "result" => result).increment(1);
    found
}

/// Keeps `value` under `key` unless a change came since the read began at `since`; drops
/// it again if one came while it was being kept.
fn keep<K, V>(cache: &Cache<K, V>, generation: &AtomicU64, since: u64, key: K, value: V)
where
    K: std::hash::Hash + Eq + Send + Sync + Clone + 'static,
    V: Clone + Send + Sync + 'static,
{
    if generation.load(Ordering::SeqCst) != since {
        return;
    }
    cache.insert(key.clone(), value);
    if generation.load(Ordering::SeqCst) != since {
        cache.invalidate(&key);
    }
}

impl MetadataCache {
    /// A cache of at most `items` records (and listings of as many ids in all), each trusted
    /// for at most `ttl`; `items` 0 is a cache that keeps nothing.
    pub fn new(items: u64, ttl: Duration) -> Self {
        if items == 0 || ttl.is_zero() {
            return Self::off();
        }
        let inner = Inner {
            items: Cache::builder().max_capacity(items).time_to_live(ttl).build(),
            pages: Cache::builder()
                .max_capacity(items)
                .weigher(|_: &ListingKey, ids: &Arc<[VideoId]>| u32::try_from(ids.len()).unwrap_or(u32::MAX).saturating_add(1))
                .time_to_live(ttl)
                .build(),
            counts: Cache::builder()
                .max_capacity(items / 4 + 1)
                .weigher(|_: &ListingKey, values: &Counts| u32::try_from(values.len()).unwrap_or(u32::MAX).saturating_add(1))
                .time_to_live(ttl)
                .build(),
            generation: AtomicU64::new(0),
        };
        Self { inner: Some(Arc::new(inner)) }
    }

    /// A cache that keeps nothing: every read goes to the database.
    pub fn off() -> Self {
        Self { inner: None }
    }

    /// Whether anything is kept.
    pub fn is_on(&self) -> bool {
        self.inner.is_some()
    }

    /// Where the changes stand; note it before reading what will be kept.
    pub fn generation(&self) -> u64 {
        self.inner.as_ref().map_or(0, |i| i.generation.load(Ordering::SeqCst))
    }

    /// A video's record, if held.
    pub fn item(&self, id: VideoId) -> Option<Arc<VideoRecord>> {
        counted("item", self.inner.as_ref()?.items.get(&id))
    }

    /// Keeps a record read since `since`, if it is settled.
    pub fn keep_item(&self, since: u64, record: &VideoRecord) {
        if let (Some(i), true) = (&self.inner, record.status.is_settled()) {
            keep(&i.items, &i.generation, since, record.id, Arc::new(record.clone()));
        }
    }

    /// The ids a listing page selected, in order, if held.
    pub fn page(&self, key: &ListingKey) -> Option<Arc<[VideoId]>> {
        counted("page", self.inner.as_ref()?.pages.get(key))
    }

    /// Keeps a listing page read since `since` (as its ids), if every item on it is settled.
    pub fn keep_page(&self, since: u64, key: ListingKey, page: &[VideoRecord]) {
        if let (Some(i), true) = (&self.inner, page.iter().all(|v| v.status.is_settled())) {
            keep(&i.pages, &i.generation, since, key, page.iter().map(|v| v.id).collect());
        }
    }

    /// A facet's counts, if held.
    pub fn counts(&self, key: &ListingKey) -> Option<Counts> {
        counted("counts", self.inner.as_ref()?.counts.get(key))
    }

    /// Keeps a facet's counts read since `since`.
    pub fn keep_counts(&self, since: u64, key: ListingKey, counts: Counts) {
        if let Some(i) = &self.inner {
            keep(&i.counts, &i.generation, since, key, counts);
        }
    }

    /// Forgets what `change` makes stale in this process.
    pub fn forget(&self, change: Change) {
        let Some(i) = &self.inner else { return };
        i.generation.fetch_add(1, Ordering::SeqCst);
        match change.item() {
            Some(id) => i.items.invalidate(&id),
            None if change == Change::Everything => i.items.invalidate_all(),
            None => {}
        }
        if change.reaches_listings() {
            i.pages.invalidate_all();
            i.counts.invalidate_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::domain::{Metadata, UserId, VideoStatus, Visibility};

    fn record(id: VideoId) -> VideoRecord {
        VideoRecord {
            id,
            title: "t".into(),
            description: String::new(),
            status: VideoStatus::Ready,
            error: None,
            progress: 100.0,
            duration_s: Some(1.0),
            source_filename: None,
            source_bytes: 0,
            created_by: Some(UserId::new()),
            visibility: Visibility::Members,
            created_at: 1,
            uploaded_at: None,
            playable_at: None,
            ready_at: None,
            views: 0,
            required_plan: None,
            taken_down_at: None,
            takedown_reason: None,
            appealed_at: None,
            availability: Default::default(),
            meta: Metadata::default(),
        }
    }

    fn cache() -> MetadataCache {
        MetadataCache::new(1000, Duration::from_secs(60))
    }

    #[test]
    fn changes_travel_as_text_and_a_bare_id_still_means_gone() {
        let id = VideoId::new();
        for change in [Change::Fields(id), Change::Listed(id), Change::Listings, Change::Everything, Change::Gone(id), Change::Media(id)] {
            assert_eq!(Change::decode(&change.encode()), Some(change));
        }
        assert_eq!(Change::decode(&id.to_string()), Some(Change::Gone(id)));
        for junk in ["", "x:1", "f:not-an-id", "gone"] {
            assert_eq!(Change::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn a_field_change_forgets_one_record_and_no_listing() {
        let c = cache();
        let (a, b) = (VideoId::new(), VideoId::new());
        let since = c.generation();
        c.keep_item(since, &record(a));
        c.keep_item(since, &record(b));
        let key = ListingKey::page(Audience::Public(None), &Filter::default(), 20, None);
        c.keep_page(since, key.clone(), &[record(a), record(b)]);
        c.forget(Change::Fields(a));
        assert!(c.item(a).is_none() && c.item(b).is_some());
        assert!(c.page(&key).is_some(), "views or progress do not change what a listing selects");
        c.forget(Change::Listed(b));
        assert!(c.item(b).is_none() && c.page(&key).is_none());
    }

    #[test]
    fn listings_are_kept_per_audience_and_filter() {
        let c = cache();
        let me = UserId::new();
        let member = ListingKey::page(Audience::Member(me, None), &Filter::default(), 20, None);
        let public = ListingKey::page(Audience::Public(None), &Filter::default(), 20, None);
        let other = ListingKey::page(Audience::Member(UserId::new(), None), &Filter::default(), 20, None);
        let films = ListingKey::page(Audience::Member(me, None), &Filter { genre: Some("Drama"), ..Filter::default() }, 20, None);
        // Where the member is decides which items limited to some countries they see.
        let in_france = ListingKey::page(Audience::Member(me, "FR".parse().ok()), &Filter::default(), 20, None);
        c.keep_page(c.generation(), member.clone(), &[record(VideoId::new())]);
        assert!(c.page(&member).is_some());
        assert!(c.page(&public).is_none() && c.page(&other).is_none() && c.page(&films).is_none() && c.page(&in_france).is_none());
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_kept() {
        let c = cache();
        let id = VideoId::new();
        let since = c.generation();
        // The change lands while the read's query runs…
        c.forget(Change::Listed(id));
        // …so what the read saw may be from before it, and is not kept.
        c.keep_item(since, &record(id));
        assert!(c.item(id).is_none());
        c.keep_item(c.generation(), &record(id));
        assert!(c.item(id).is_some());
    }

    #[test]
    fn what_a_job_is_still_changing_is_never_kept() {
        let c = cache();
        let (done, busy) = (record(VideoId::new()), VideoRecord { status: VideoStatus::Playable, ..record(VideoId::new()) });
        c.keep_item(c.generation(), &busy);
        assert!(c.item(busy.id).is_none(), "its progress moves every second");
        let key = ListingKey::page(Audience::Public(None), &Filter::default(), 20, None);
        c.keep_page(c.generation(), key.clone(), &[done.clone(), busy]);
        assert!(c.page(&key).is_none());
        c.keep_page(c.generation(), key.clone(), &[done]);
        assert!(c.page(&key).is_some());
    }

    #[test]
    fn everything_forgets_every_record_and_an_off_cache_keeps_nothing() {
        let c = cache();
        let id = VideoId::new();
        c.keep_item(c.generation(), &record(id));
        c.forget(Change::Everything);
        assert!(c.item(id).is_none());
        let off = MetadataCache::new(0, Duration::from_secs(60));
        off.keep_item(off.generation(), &record(id));
        assert!(!off.is_on() && off.item(id).is_none());
    }
}
