//! The in-process usage meter: the origin adds the bytes of every answer here (a hash-map
//! update under a short lock of one of several shards, not a database write per request, and
//! no allocation once the item is pending), and a task writes the sums
//! down every `cost.flush_secs`, with the requests the object store was sent meanwhile; the
//! server and the worker flush once more at the end.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use reel_base::db::usage::UsageRow;
use reel_base::db::Db;
use reel_base::domain::now_ms;
use reel_base::storage::Store;

use super::{day_of, Resource};

/// What a pending quantity is of: the day, the resource and the item.
type Key = (i64, Resource, String);

/// One shard's pending quantities: by day and resource, then by item, so an item already
/// pending is found by `&str`.
type Pending = HashMap<(i64, Resource), HashMap<Box<str>, i64>>;

/// Shards of the pending sums (see [`UsageMeter::shard`]).
const SHARDS: usize = 16;

/// Pending quantities by day, resource and item; cheap to clone (one meter per process).
#[derive(Clone)]
pub struct UsageMeter {
    shards: Arc<[Mutex<Pending>]>,
}

impl Default for UsageMeter {
    fn default() -> Self {
        Self { shards: (0..SHARDS).map(|_| Mutex::default()).collect() }
    }
}

/// Items one flush writes at most; a process that delivered more in one interval writes the
/// rest at the next (nothing is dropped, and one transaction stays short).
const MAX_ROWS_PER_FLUSH: usize = 5_000;

impl UsageMeter {
    /// Adds `quantity` of `resource` used now by `video` (empty: by no item).
    pub fn add(&self, resource: Resource, video: &str, quantity: u64) {
        if quantity == 0 {
            return;
        }
        self.put((day_of(now_ms()), resource), video, i64::try_from(quantity).unwrap_or(i64::MAX));
    }

    /// The calling thread's shard: threads are dealt shards in turn, so even one popular
    /// item's requests on many cores seldom wait for one another.
    fn shard(&self) -> MutexGuard<'_, Pending> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        thread_local! {
            static SHARD: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS;
        }
        self.shards[SHARD.with(|i| *i)].lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn put(&self, day_and_resource: (i64, Resource), video: &str, quantity: i64) {
        let mut pending = self.shard();
        let items = pending.entry(day_and_resource).or_default();
        match items.get_mut(video) {
            Some(slot) => *slot = slot.saturating_add(quantity),
            None => {
                items.insert(video.into(), quantity);
            }
        }
    }

    /// Takes the pending sums of up to `limit` (day, resource, item) out of the meter, each
    /// summed over the shards; the rest stays for the next call.
    fn take(&self, limit: usize) -> Vec<(Key, i64)> {
        let mut taken: HashMap<Key, i64> = HashMap::new();
        for shard in self.shards.iter() {
            let mut pending = shard.lock().unwrap_or_else(PoisonError::into_inner);
            for (&(day, resource), items) in pending.iter_mut() {
                items.retain(|video, quantity| {
                    let key = (day, resource, video.to_string());
                    if taken.len() >= limit && !taken.contains_key(&key) {
                        return true;
                    }
                    let slot = taken.entry(key).or_default();
                    *slot = slot.saturating_add(*quantity);
                    false
                });
            }
            pending.retain(|_, items| !items.is_empty());
        }
        taken.into_iter().collect()
    }

    /// Adds the requests `store` counted since the last call, by item.
    fn add_store_requests(&self, store: &Store) {
        for (video, count) in store.take_requests() {
            self.add(Resource::StoreReads, &video, count.reads);
            self.add(Resource::StoreWrites, &video, count.writes);
        }
    }

    /// Takes the store's requests and writes everything pending; what a failed write kept waits
    /// for the next call.
    pub async fn flush_with(&self, db: &Db, store: &Store) {
        self.add_store_requests(store);
        if let Err(e) = self.flush(db).await {
            tracing::warn!(error = %e, "could not record usage; kept for the next try");
        }
    }

    /// Writes what is pending. On failure it is kept (added back to what came in meanwhile) for
    /// the next flush.
    pub async fn flush(&self, db: &Db) -> sqlx::Result<usize> {
        let taken = self.take(MAX_ROWS_PER_FLUSH);
        if taken.is_empty() {
            return Ok(0);
        }
        let rows: Vec<UsageRow> = taken
            .iter()
            .map(|((day, resource, video), quantity)| UsageRow {
                day: *day,
                resource: resource.name().to_string(),
                video_id: video.clone(),
                quantity: *quantity,
            })
            .collect();
        if let Err(e) = reel_base::db::usage::add(db, &rows).await {
            for ((day, resource, video), quantity) in taken {
                self.put((day, resource), &video, quantity);
            }
            return Err(e);
        }
        Ok(rows.len())
    }

    /// Flushes every `every` until `shutdown` (the caller flushes once more when its last
    /// request or job is done).
    pub async fn run(self, db: Db, store: Store, every: Duration, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = shutdown.cancelled() => return,
            }
            self.flush_with(&db, &store).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sums_are_written_once_and_kept_when_the_database_fails() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("reel.db").display()), 1).await.unwrap();
        let meter = UsageMeter::default();
        meter.add(Resource::OriginEgress, "a", 100);
        meter.add(Resource::OriginEgress, "a", 23);
        meter.add(Resource::OriginEgress, "b", 7);
        meter.add(Resource::OriginEgress, "b", 0);
        assert_eq!(meter.flush(&db).await.unwrap(), 2);
        assert_eq!(meter.flush(&db).await.unwrap(), 0, "nothing is written twice");
        meter.add(Resource::OriginEgress, "a", 1);
        meter.flush(&db).await.unwrap();
        let today = day_of(now_ms());
        let rows = reel_base::db::usage::by_day(&db, today, today + 1).await.unwrap();
        assert_eq!(rows.iter().map(|r| (r.resource.as_str(), r.quantity)).collect::<Vec<_>>(), [("origin_egress", 131)]);

        db.close().await;
        meter.add(Resource::OriginEgress, "a", 5);
        assert!(meter.flush(&db).await.is_err());
        let pending = meter.take(usize::MAX);
        assert_eq!(pending, [((today, Resource::OriginEgress, "a".to_string()), 5)], "kept for the next flush");
    }

    #[test]
    fn a_flush_takes_at_most_its_limit_and_leaves_the_rest() {
        let meter = UsageMeter::default();
        for i in 0..40 {
            meter.add(Resource::OriginEgress, &format!("v{i}"), 1);
            meter.add(Resource::StoreReads, &format!("v{i}"), 2);
        }
        let first = meter.take(50);
        assert_eq!(first.len(), 50);
        let rest = meter.take(usize::MAX);
        assert_eq!(rest.len(), 30);
        let total: i64 = first.iter().chain(&rest).map(|(_, q)| q).sum();
        assert_eq!(total, 120, "every sum taken once");
        assert!(meter.take(usize::MAX).is_empty());
    }

    #[test]
    fn one_items_sums_from_many_threads_come_out_as_one() {
        let meter = UsageMeter::default();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| (0..100).for_each(|_| meter.add(Resource::OriginEgress, "hot", 10)));
            }
        });
        assert_eq!(meter.take(1), [((day_of(now_ms()), Resource::OriginEgress, "hot".to_string()), 8000)]);
    }
}
