//! The durable job queue and its workers: claim with a lease, heartbeat while running, retry
//! with exponential backoff, fail or die with a reason, hand work back on shutdown.

pub mod process_video;

use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::app::AppState;
use crate::db::jobs::{self as rows, JobRecord, Outcome};
use crate::domain::now_ms;

/// A kind of background work. Payloads are JSON; every job is idempotent.
pub trait Job: Serialize + DeserializeOwned {
    /// Stored in the `kind` column.
    const KIND: &'static str;
    /// Two jobs with the same key are one job.
    fn dedupe_key(&self) -> String;
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

/// The queue as the rest of the process sees it.
#[derive(Clone)]
pub struct Queue {
    db: crate::db::Db,
    wake: Arc<Notify>,
    max_attempts: i64,
}

impl Queue {
    /// A queue over the database's `jobs` table.
    pub fn new(db: crate::db::Db, max_attempts: i64) -> Self {
        Self { db, wake: Arc::new(Notify::new()), max_attempts }
    }

    /// Adds a job (once per dedupe key) and wakes an idle worker in this process.
    pub async fn enqueue<J: Job>(&self, job: &J) -> sqlx::Result<bool> {
        let payload = serde_json::to_string(job).expect("job payloads serialise");
        let added = rows::enqueue(&self.db, J::KIND, &payload, &job.dedupe_key(), self.max_attempts).await?;
        self.wake().await?;
        Ok(added)
    }

    /// Wakes a worker: one of this process's at once, and those of other processes.
    async fn wake(&self) -> sqlx::Result<()> {
        self.wake.notify_one();
        rows::announce(&self.db).await
    }

    /// Queues a failed or dead job again (an admin's retry) and wakes a worker; a video whose
    /// processing had failed goes back to `uploaded`. False when the job is not failed or dead.
    pub async fn retry(&self, job_id: &str) -> sqlx::Result<bool> {
        let Some(job) = rows::get(&self.db, job_id).await?.filter(|j| matches!(j.state.as_str(), "failed" | "dead")) else {
            return Ok(false);
        };
        if job.kind == <process_video::ProcessVideo as Job>::KIND {
            if let Ok(p) = serde_json::from_str::<process_video::ProcessVideo>(&job.payload) {
                // Before the job is queued, so a worker never sees a job for a failed video.
                crate::db::videos::set_status(&self.db, p.video_id, crate::domain::VideoStatus::Uploaded, None).await?;
            }
        }
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

/// Runs `jobs.concurrency` worker loops until `shutdown` is cancelled; returns when all stopped.
pub async fn run_workers(state: AppState, shutdown: CancellationToken) {
    let owner = format!("{}-{}", hostname(), uuid::Uuid::new_v4().simple());
    tracing::info!(%owner, concurrency = state.config.jobs.concurrency, "job workers started");
    // Folders of runs killed outright are never dropped; anything idle for well over a lease is theirs.
    let idle = Duration::from_secs(state.config.jobs.lease_secs.saturating_mul(4).max(600));
    match process_video::sweep_stale_scratch(&state.config.data_dir, idle) {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "removed scratch space of interrupted runs"),
        Err(e) => tracing::warn!(error = %e, "could not sweep scratch space"),
    }
    if state.db.backend() == crate::db::Backend::Postgres {
        tokio::spawn(listen_for_jobs(state.clone(), shutdown.clone()));
    }
    let loops: Vec<_> = (0..state.config.jobs.concurrency)
        .map(|i| tokio::spawn(worker_loop(state.clone(), format!("{owner}/{i}"), shutdown.clone())))
        .collect();
    for l in loops {
        let _ = l.await;
    }
    tracing::info!("job workers stopped");
}

/// Wakes this process's idle workers when any process enqueues a job (PostgreSQL
/// `LISTEN/NOTIFY`), so a job starts at once instead of at the next poll. Polling stays as the
/// fallback: a lost connection only makes pick-up slower until it is back.
async fn listen_for_jobs(state: AppState, shutdown: CancellationToken) {
    let mut delay = Duration::from_secs(1);
    while !shutdown.is_cancelled() {
        let listener = async {
            let mut l = sqlx::postgres::PgListener::connect(state.db.url()).await?;
            l.listen(rows::NOTIFY_CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        match listener.await {
            Ok(mut l) => {
                delay = Duration::from_secs(1);
                loop {
                    tokio::select! {
                        n = l.recv() => match n {
                            Ok(_) => state.queue.wake.notify_waiters(),
                            Err(e) => {
                                tracing::warn!(error = %e, "job notifications lost; polling until they are back");
                                break;
                            }
                        },
                        () = shutdown.cancelled() => return,
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not listen for job notifications; polling meanwhile"),
        }
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = shutdown.cancelled() => return,
        }
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}

async fn worker_loop(state: AppState, owner: String, shutdown: CancellationToken) {
    let poll = Duration::from_millis(state.config.jobs.poll_interval_ms);
    let lease_ms = i64::try_from(state.config.jobs.lease_secs * 1000).unwrap_or(i64::MAX);
    while !shutdown.is_cancelled() {
        match rows::claim(&state.db, &owner, lease_ms).await {
            Ok(Some(job)) => run_one(&state, &owner, job, &shutdown).await,
            Ok(None) => {
                tokio::select! {
                    _ = state.queue.wake.notified() => {}
                    _ = tokio::time::sleep(poll) => {}
                    _ = shutdown.cancelled() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not claim a job");
                tokio::time::sleep(poll).await;
            }
        }
    }
}

/// Runs one claimed job under its lease and records how it ended.
#[tracing::instrument(skip_all, fields(job = %job.id, kind = %job.kind, attempt = job.attempts))]
async fn run_one(state: &AppState, owner: &str, job: JobRecord, shutdown: &CancellationToken) {
    let cfg = &state.config.jobs;
    let lease_ms = i64::try_from(cfg.lease_secs * 1000).unwrap_or(i64::MAX);
    if job.attempts > job.max_attempts {
        // Its earlier workers died mid-run too often: stop trying.
        let reason = format!("gave up after {} attempts", job.max_attempts);
        end(state, owner, &job, Outcome::Dead(&reason)).await;
        return;
    }
    let started = std::time::Instant::now();
    let heartbeat = async {
        let mut tick = tokio::time::interval(Duration::from_secs(cfg.lease_secs) / 3);
        tick.tick().await;
        loop {
            tick.tick().await;
            match rows::heartbeat(&state.db, &job.id, owner, lease_ms).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(error = %e, "heartbeat failed; will retry"),
            }
        }
    };
    let result = tokio::select! {
        r = dispatch(state, &job) => r,
        () = heartbeat => {
            tracing::warn!("lease lost to another worker; abandoning this run");
            return;
        }
        () = shutdown.cancelled() => {
            tracing::info!("shutting down; handing the job back");
            end(state, owner, &job, Outcome::HandBack).await;
            return;
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    let outcome = match &result {
        Ok(()) => Outcome::Done,
        Err(JobError::Permanent(reason)) => Outcome::Failed(reason),
        Err(JobError::Retryable(_)) if job.attempts >= job.max_attempts => Outcome::Dead(""),
        Err(JobError::Retryable(_)) => {
            let delay = backoff(job.attempts, Duration::from_secs(cfg.backoff_base_secs), Duration::from_secs(cfg.backoff_max_secs));
            Outcome::RetryAt { run_after: now_ms() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX), error: "" }
        }
    };
    let message = result.as_ref().err().map(ToString::to_string).unwrap_or_default();
    let outcome = match outcome {
        Outcome::Dead(_) => Outcome::Dead(&message),
        Outcome::RetryAt { run_after, .. } => Outcome::RetryAt { run_after, error: &message },
        other => other,
    };
    let label = match &outcome {
        Outcome::Done => "done",
        Outcome::RetryAt { .. } => "retry",
        Outcome::Failed(_) => "failed",
        Outcome::Dead(_) => "dead",
        Outcome::HandBack => "handed_back",
    };
    metrics::counter!("reel_jobs_total", "kind" => job.kind.clone(), "outcome" => label).increment(1);
    metrics::histogram!("reel_job_seconds", "kind" => job.kind.clone()).record(elapsed);
    match &outcome {
        Outcome::Done => tracing::info!(seconds = elapsed, "job done"),
        other => tracing::warn!(outcome = ?other, "job did not succeed"),
    }
    if matches!(outcome, Outcome::Failed(_) | Outcome::Dead(_)) {
        // Bad media gets its own readable reason; anything else may carry internals (paths,
        // store errors), which stay in the job row for operators.
        let reason = match &outcome {
            Outcome::Failed(reason) => reason.to_string(),
            _ => format!("processing failed after {} attempts; an administrator can see why in the job queue", job.attempts),
        };
        on_gave_up(state, &job, &reason).await;
    }
    end(state, owner, &job, outcome).await;
}

async fn end(state: &AppState, owner: &str, job: &JobRecord, outcome: Outcome<'_>) {
    if let Err(e) = rows::finish(&state.db, &job.id, owner, outcome).await {
        tracing::error!(error = %e, job = %job.id, "could not record the end of a job; its lease will expire");
    }
}

async fn dispatch(state: &AppState, job: &JobRecord) -> Result<(), JobError> {
    match job.kind.as_str() {
        process_video::ProcessVideo::KIND => {
            let payload: process_video::ProcessVideo = parse(&job.payload)?;
            process_video::run(state, payload).await
        }
        other => Err(JobError::Permanent(format!("unknown job kind {other:?}"))),
    }
}

/// Lets the job's subject know no further attempt will be made.
async fn on_gave_up(state: &AppState, job: &JobRecord, reason: &str) {
    if job.kind == process_video::ProcessVideo::KIND {
        if let Ok(p) = parse::<process_video::ProcessVideo>(&job.payload) {
            process_video::mark_failed(state, p.video_id, reason).await;
        }
    }
}

fn parse<T: DeserializeOwned>(payload: &str) -> Result<T, JobError> {
    serde_json::from_str(payload).map_err(|e| JobError::Permanent(format!("malformed job payload: {e}")))
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "reel".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let (base, max) = (Duration::from_secs(10), Duration::from_secs(60));
        let delays: Vec<u64> = (1..=5).map(|a| backoff(a, base, max).as_secs()).collect();
        assert_eq!(delays, [10, 20, 40, 60, 60]);
    }
}
