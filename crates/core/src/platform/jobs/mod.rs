//! The durable job queue: the [`Job`] trait, the [`Queue`] that stores jobs, and the workers
//! that claim them with a lease, heartbeat while running, retry with exponential backoff, fail
//! or die with a reason, and hand work back on shutdown.

mod registry;
pub mod scratch;
pub mod slots;
mod worker;

pub use registry::Registry;
pub use worker::run_workers;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::Notify;

use crate::platform::Context;
use reel_base::db::jobs as rows;
use reel_base::domain::{JobId, VideoId};
use reel_base::outage::Outage;

/// A kind of background work, stored as JSON under [`Job::NAME`] and found again through the
/// [`Registry`]. Every job must be idempotent: a lost lease or a crash runs it again.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Stored in the `kind` column; never rename one that may be queued.
    const NAME: &'static str;

    /// Which of a worker process's lanes may run it.
    const LANE: Lane = Lane::Main;

    /// Two jobs with the same key are one job. Built with [`Job::key`] from the payload's
    /// ids, so every key of a kind starts with its name; stored keys are never reformatted.
    fn dedupe_key(&self) -> String;

    /// The start of every dedupe key of this kind (its name, then `:`): a sweep of the kind's
    /// jobs matches on it.
    fn key_prefix() -> String {
        format!("{}:", Self::NAME)
    }

    /// A dedupe key of this kind: [`Job::key_prefix`], then `ids` (the payload's, `:` between
    /// them).
    fn key(ids: impl std::fmt::Display) -> String {
        format!("{}:{ids}", Self::NAME)
    }

    /// The item it works on, if it works on one: recorded in its run's span, so an item's
    /// trace reads on from the request that queued it through the worker to its processes.
    fn item(&self) -> Option<VideoId> {
        None
    }

    /// Does the work.
    fn run(self, ctx: &Context) -> impl Future<Output = Result<(), JobError>> + Send;

    /// Called once when no further attempt will be made (failed or dead), with a reason a
    /// person can read, so the job's subject can say so.
    fn gave_up(&self, ctx: &Context, reason: &str, class: FailureClass) -> impl Future<Output = ()> + Send {
        let _ = (ctx, reason, class);
        async {}
    }

    /// Called before an admin's retry queues a failed or dead job again, so the subject can
    /// leave its failed state first (a worker then never sees a job for a failed subject).
    fn before_retry(&self, ctx: &Context) -> impl Future<Output = sqlx::Result<()>> + Send {
        let _ = ctx;
        async { Ok(()) }
    }

    /// Called when workers start: queues this kind's jobs for subjects that should have one
    /// and have none (left by a crash or by hand). Returns how many it queued.
    fn recover(ctx: &Context) -> impl Future<Output = sqlx::Result<usize>> + Send {
        let _ = ctx;
        async { Ok(0) }
    }
}

/// The lanes of a worker process: its `jobs.concurrency` main lanes, one lane for light work and
/// one for pictures. A kind's lane decides which of them may claim it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Processing and everything else: the main lanes only.
    Main,
    /// Little CPU, and someone waits for it (a chunked item's audio, a notification): the main
    /// lanes and a lane of its own, so it never waits behind a long transcode.
    Light,
    /// A picture made from someone's upload (an avatar, a channel's logo): a lane of its own
    /// and no other, one at a time, so however many are queued they never hold a main lane and
    /// an item's processing never waits behind them.
    Pictures,
}

/// Why a job did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// It may succeed if tried again later (I/O, a killed child, a busy database).
    #[error("{0:#}")]
    Retryable(#[from] anyhow::Error),
    /// It can never succeed; the message is for the person who uploaded the video.
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    /// A failure of the media work that may pass if tried again (an encoder that died, an
    /// output that could not be read back): `reason` is what the item's owner is told if no
    /// attempt is left, `detail` what the job row keeps for operators.
    pub fn media(reason: impl Into<String>, detail: impl std::fmt::Display) -> Self {
        Self::Retryable(anyhow::anyhow!("{detail}").context(ForOwner(reason.into())))
    }

    /// What the person whose item this is should read when this error ends the job: a
    /// permanent error's message, a media failure's reason, else what kind of trouble it was.
    pub fn owner_reason(&self) -> String {
        match self {
            Self::Permanent(reason) => reason.clone(),
            // anyhow finds a context of the type asked for at any depth of the chain.
            Self::Retryable(e) => match e.downcast_ref::<ForOwner>() {
                Some(ForOwner(reason)) => reason.clone(),
                None => match (Outage::of(e), self.scratch_full()) {
                    (Some(Outage::Database), _) => "the database could not be reached while this file was processed".into(),
                    (Some(Outage::Store), _) => "the file store could not be reached while this file was processed".into(),
                    (None, true) => "the server ran out of working space while processing this file".into(),
                    (None, false) => "the server failed while processing this file (the file itself was read without error)".into(),
                },
            },
        }
    }

    /// Whether it says a backend was out of reach or the scratch disk full: trouble of the
    /// installation's, which passes, however often it repeats.
    pub fn is_outage(&self) -> bool {
        matches!(self, Self::Retryable(e) if Outage::of(e).is_some()) || self.scratch_full()
    }

    fn scratch_full(&self) -> bool {
        let Self::Retryable(e) = self else { return false };
        e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull))
    }
}

/// A reason for the item's owner, carried in a retryable error's chain above the technical
/// detail (see [`JobError::media`]).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ForOwner(pub String);

/// Why no attempt is left, in the classes failures are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The job said it can never succeed ([`JobError::Permanent`]: unreadable or refused media).
    Rejected,
    /// Every attempt failed with an error that might have passed (or its workers kept dying).
    Exhausted,
}

impl FailureClass {
    /// The metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Rejected => "rejected",
            FailureClass::Exhausted => "exhausted",
        }
    }
}

/// The queue as the rest of the process sees it.
#[derive(Clone)]
pub struct Queue {
    db: reel_base::db::Db,
    wake: Arc<Notify>,
    max_attempts: i64,
    registry: Arc<Registry>,
}

impl Queue {
    /// A queue over the database's `jobs` table whose workers run the kinds of `registry`.
    pub fn new(db: reel_base::db::Db, max_attempts: i64, registry: Registry) -> Self {
        Self { db, wake: Arc::new(Notify::new()), max_attempts, registry: Arc::new(registry) }
    }

    /// Adds a job (once per dedupe key) and wakes an idle worker in this process.
    pub async fn enqueue<J: Job>(&self, job: &J) -> sqlx::Result<bool> {
        let added = rows::enqueue(&self.db, &self.row(job)).await?;
        tracing::debug!(kind = %J::NAME, item = job.item().map(tracing::field::display), added, "queued");
        self.wake().await?;
        Ok(added)
    }

    /// Adds a job (once per dedupe key) to be run no earlier than `run_after` (ms): work
    /// that waits to be batched with more of its kind.
    pub async fn enqueue_at<J: Job>(&self, job: &J, run_after: i64) -> sqlx::Result<bool> {
        rows::enqueue_at(&self.db, &self.row(job), run_after).await
    }

    /// A job as it will be stored, for adding it in the same transaction as its subject; call
    /// [`Queue::wake`] once that is committed.
    pub fn row<J: Job>(&self, job: &J) -> rows::NewJob {
        let payload = serde_json::to_string(job).expect("job payloads serialise");
        rows::NewJob { kind: J::NAME, payload, dedupe_key: job.dedupe_key(), max_attempts: self.max_attempts }
    }

    /// Wakes a worker: one of this process's at once, and those of other processes.
    pub async fn wake(&self) -> sqlx::Result<()> {
        // Every idle lane looks (the light lane cannot take every kind), and the next lane to
        // go idle looks once more.
        self.wake.notify_waiters();
        self.wake.notify_one();
        rows::announce(&self.db).await
    }

    /// The job kinds this queue's workers run.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Queues a failed or dead job again (an admin's retry) and wakes a worker, after the
    /// job's own [`Job::before_retry`]. False when there is no such job or it is not failed or
    /// dead.
    pub async fn retry(&self, ctx: &Context, job_id: JobId) -> sqlx::Result<bool> {
        let Some(job) = rows::get(&self.db, job_id).await?.filter(|j| j.state.is_retryable()) else {
            return Ok(false);
        };
        self.registry.before_retry(ctx, job.kind.as_str(), &job.payload).await?;
        let queued = rows::retry(&self.db, job_id).await?;
        if queued {
            self.wake().await?;
        }
        Ok(queued)
    }
}

/// Delay before attempt `attempt + 1`: base × 2^(attempt-1), capped.
pub fn backoff(attempt: i64, base: Duration, max: Duration) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(2u32.saturating_pow(exp)).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn a_media_failure_tells_its_reason_and_keeps_the_detail_for_the_job_row() {
        let e = JobError::media("the 720p rendition could not be read back", "segment 3 of rendition 720p is unreadable");
        assert_eq!(e.owner_reason(), "the 720p rendition could not be read back");
        assert_eq!(e.to_string(), "the 720p rendition could not be read back: segment 3 of rendition 720p is unreadable");
        // Found below later context too.
        let JobError::Retryable(inner) = e else { unreachable!() };
        let wrapped = JobError::Retryable(Err::<(), _>(inner).context("running a chunk").unwrap_err());
        assert_eq!(wrapped.owner_reason(), "the 720p rendition could not be read back");
        assert!(!wrapped.is_outage());
        let disk =
            JobError::Retryable(anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::StorageFull)).context("creating scratch"));
        assert!(disk.is_outage() && disk.owner_reason().contains("working space"), "{}", disk.owner_reason());
        assert!(!JobError::Retryable(anyhow::anyhow!("boom")).owner_reason().contains("administrator"));
    }

    #[derive(Serialize, serde::Deserialize)]
    struct Sample {
        id: u32,
    }

    impl Job for Sample {
        const NAME: &'static str = "sample";

        fn dedupe_key(&self) -> String {
            Self::key(format_args!("{}:x", self.id))
        }

        async fn run(self, _: &Context) -> Result<(), JobError> {
            Ok(())
        }
    }

    #[test]
    fn a_dedupe_key_starts_with_its_kinds_name() {
        assert_eq!(Sample { id: 7 }.dedupe_key(), "sample:7:x");
        assert_eq!(Sample::key_prefix(), "sample:");
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let (base, max) = (Duration::from_secs(10), Duration::from_secs(60));
        let delays: Vec<u64> = (1..=5).map(|a| backoff(a, base, max).as_secs()).collect();
        assert_eq!(delays, [10, 20, 40, 60, 60]);
    }
}
