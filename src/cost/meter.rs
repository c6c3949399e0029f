//! The in-process usage meter: the origin adds the bytes of every answer here (a hash-map
//! update under a short lock, not a database write per request), and a task writes the sums
//! down every `cost.flush_secs`, with the requests the object store was sent meanwhile; the
//! server and the worker flush once more at the end.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::db::usage::UsageRow;
use crate::db::Db;
use crate::domain::now_ms;
use crate::storage::Store;

use super::{day_of, Resource};

/// What a pending quantity is of: the day, the resource and the item.
type Key = (i64, Resource, String);

/// Pending quantities by day, resource and item; cheap to clone (one meter per process).
#[derive(Clone, Default)]
pub struct UsageMeter {
    pending: Arc<Mutex<HashMap<Key, i64>>>,
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
        let quantity = i64::try_from(quantity).unwrap_or(i64::MAX);
        let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = pending.entry((day_of(now_ms()), resource, video.to_string())).or_default();
        *slot = slot.saturating_add(quantity);
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
        let taken: Vec<(Key, i64)> = {
            let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let keys: Vec<_> = pending.keys().take(MAX_ROWS_PER_FLUSH).cloned().collect();
            keys.into_iter().filter_map(|k| pending.remove_entry(&k)).collect()
        };
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
        if let Err(e) = crate::db::usage::add(db, &rows).await {
            let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (key, quantity) in taken {
                let slot = pending.entry(key).or_default();
                *slot = slot.saturating_add(quantity);
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
        let rows = crate::db::usage::by_day(&db, today, today + 1).await.unwrap();
        assert_eq!(rows.iter().map(|r| (r.resource.as_str(), r.quantity)).collect::<Vec<_>>(), [("origin_egress", 131)]);

        db.pool().close().await;
        meter.add(Resource::OriginEgress, "a", 5);
        assert!(meter.flush(&db).await.is_err());
        let pending = meter.pending.lock().unwrap();
        assert_eq!(pending.values().copied().collect::<Vec<_>>(), [5], "kept for the next flush");
    }
}
