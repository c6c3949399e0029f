//! Watching the installation: the gauges sampled from the database and the process (jobs by
//! kind and state, items by status, the pool, the origin cache), for Prometheus and for Reel's
//! own alarms (`alarms.rs`).

pub mod alarms;
pub mod notify;

use std::collections::HashSet;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::platform::jobs::Queue;
use crate::platform::shared::Shared;
use reel_base::db::{self, Db};
use reel_base::domain::{JobState, VideoStatus};

/// The job states `reel_jobs` reports (done jobs are history).
const OPEN_STATES: [JobState; 4] = [JobState::Queued, JobState::Running, JobState::Failed, JobState::Dead];

/// How often the gauges are sampled. Counting by status reads an index or a small table, so
/// twice a minute costs nothing worth measuring, and Prometheus' usual scrape interval sees a
/// fresh value at every other scrape.
const EVERY: Duration = Duration::from_secs(15);

/// Samples the gauges now and every [`EVERY`] until `shutdown`. Every process runs one: each
/// reports its own pool and cache, and the queue and item counts are the same from all of them
/// (aggregate those with `max`, not `sum`).
pub async fn sample_gauges(db: Db, shared: Shared, queue: Queue, shutdown: CancellationToken) {
    // Every kind and state starts at 0, so the gauge is there before the first job of a kind.
    let mut seen_jobs: HashSet<(String, JobState)> =
        queue.registry().names().into_iter().flat_map(|kind| OPEN_STATES.map(|state| (kind.to_string(), state))).collect();
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = sample_once(&db, &shared, &mut seen_jobs).await {
                    tracing::warn!(error = %e, "could not sample the queue and item gauges");
                }
            }
            () = shutdown.cancelled() => return,
        }
    }
}

/// One sample. `seen_jobs` remembers every kind and state reported so far, so one that has
/// emptied goes back to 0 rather than keeping its last value.
async fn sample_once(db: &Db, shared: &Shared, seen_jobs: &mut HashSet<(String, JobState)>) -> sqlx::Result<()> {
    crate::ops::telemetry::sample_process();
    let (busy, idle, max) = db.pool_use();
    metrics::gauge!("reel_db_pool_connections", "state" => "busy").set(f64::from(busy));
    metrics::gauge!("reel_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("reel_db_pool_max_connections").set(f64::from(max));
    metrics::gauge!("reel_origin_cache_bytes").set(shared.origin_cache().held_bytes() as f64);

    let counts = db::jobs::open_counts(db).await?;
    let now: HashSet<(String, JobState)> = counts.iter().map(|(kind, state, _)| (kind.clone(), *state)).collect();
    for (kind, state) in seen_jobs.difference(&now) {
        metrics::gauge!("reel_jobs", "kind" => kind.clone(), "state" => state.as_str()).set(0.0);
    }
    for (kind, state, n) in counts {
        metrics::gauge!("reel_jobs", "kind" => kind, "state" => state.as_str()).set(n as f64);
    }
    seen_jobs.extend(now);

    let counts = db::videos::status_counts(db).await?;
    for status in VideoStatus::ALL {
        let n = counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
        metrics::gauge!("reel_videos", "status" => status.as_str()).set(n as f64);
    }
    Ok(())
}
