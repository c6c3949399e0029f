//! The worker loops: claim a due job, run it under a heartbeat-renewed lease, record how it
//! ended. They know jobs only through the [`Registry`](super::Registry).

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use reel_base::db::jobs::{self as rows, JobRecord, Outcome};

use super::{backoff, scratch, FailureClass, JobError, Lane};
use crate::platform::Context;

/// Runs `jobs.concurrency` worker loops until `shutdown` is cancelled; returns when all stopped.
pub async fn run_workers(ctx: Context, shutdown: CancellationToken) {
    let owner = format!("{}-{}", hostname(), uuid::Uuid::new_v4().simple());
    tracing::info!(%owner, concurrency = ctx.config.jobs.concurrency, kinds = ?ctx.queue.registry().names(), "job workers started");
    // Folders of runs killed outright are never dropped; anything idle for well over a lease is theirs.
    let idle = Duration::from_secs(ctx.config.jobs.lease_secs.saturating_mul(4).max(600));
    match scratch::sweep_stale(&ctx.config.data_dir, idle) {
        Ok(0) => {}
        Ok(n) => tracing::info!(count = n, "removed scratch space of interrupted runs"),
        Err(e) => tracing::warn!(error = %e, "could not sweep scratch space"),
    }
    match ctx.queue.registry().recover(&ctx).await {
        0 => {}
        n => {
            tracing::warn!(count = n, "queued work that had no job (left by a crash)");
            let _ = ctx.queue.wake().await;
        }
    }
    if ctx.db.backend() == reel_base::db::Backend::Postgres {
        tokio::spawn(listen_for_jobs(ctx.clone(), shutdown.clone()));
    }
    // The main lanes take every kind but pictures; one more lane takes light jobs alone, so a
    // chunked item's audio runs beside its first chunk and a notification never waits behind a
    // long transcode; and one takes pictures alone, one at a time, so a burst of avatar
    // uploads never holds a lane an item's processing needs.
    let registry = ctx.queue.registry();
    let main = registry.names_for(Lane::Main);
    let mut loops: Vec<_> = (0..ctx.config.jobs.concurrency)
        .map(|i| tokio::spawn(worker_loop(ctx.clone(), format!("{owner}/{i}"), main.clone(), shutdown.clone())))
        .collect();
    for (lane, name) in [(Lane::Light, "light"), (Lane::Pictures, "pictures")] {
        let kinds = registry.names_for(lane);
        if !kinds.is_empty() {
            loops.push(tokio::spawn(worker_loop(ctx.clone(), format!("{owner}/{name}"), kinds, shutdown.clone())));
        }
    }
    for l in loops {
        let _ = l.await;
    }
    tracing::info!("job workers stopped");
}

/// Wakes this process's idle workers when any process enqueues a job (PostgreSQL
/// `LISTEN/NOTIFY`), so a job starts at once instead of at the next poll. Polling stays as the
/// fallback: a lost connection only makes pick-up slower until it is back.
async fn listen_for_jobs(ctx: Context, shutdown: CancellationToken) {
    let mut delay = Duration::from_secs(1);
    while !shutdown.is_cancelled() {
        let listener = async {
            let mut l = sqlx::postgres::PgListener::connect(ctx.db.url()).await?;
            l.listen(rows::NOTIFY_CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        match listener.await {
            Ok(mut l) => {
                delay = Duration::from_secs(1);
                loop {
                    tokio::select! {
                        n = l.recv() => match n {
                            Ok(_) => ctx.queue.wake.notify_waiters(),
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

/// One lane: claims and runs jobs of `kinds`, one at a time, until shutdown.
async fn worker_loop(ctx: Context, owner: String, kinds: Vec<&'static str>, shutdown: CancellationToken) {
    let poll = Duration::from_millis(ctx.config.jobs.poll_interval_ms);
    let lease_ms = i64::try_from(ctx.config.jobs.lease_secs * 1000).unwrap_or(i64::MAX);
    while !shutdown.is_cancelled() {
        match rows::claim(&ctx.db, &owner, lease_ms, Some(&kinds)).await {
            Ok(Some(job)) => run_one(&ctx, &owner, job, &shutdown).await,
            Ok(None) => {
                tokio::select! {
                    _ = ctx.queue.wake.notified() => {}
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
#[tracing::instrument(name = "job", skip_all, fields(job = %job.id, kind = %job.kind, attempt = job.attempts, item = tracing::field::Empty))]
async fn run_one(ctx: &Context, owner: &str, job: JobRecord, shutdown: &CancellationToken) {
    let cfg = &ctx.config.jobs;
    let lease_ms = i64::try_from(cfg.lease_secs * 1000).unwrap_or(i64::MAX);
    let registry = ctx.queue.registry();
    if job.attempts > job.max_attempts {
        // Its earlier workers died mid-run too often: stop trying.
        let reason = format!("gave up after {} attempts", job.max_attempts);
        let why = format!("processing was stopped {} times before it could finish (its worker kept ending mid-run)", job.max_attempts);
        registry.gave_up(ctx, job.kind.as_str(), &job.payload, &why, FailureClass::Exhausted).await;
        end(ctx, owner, &job, Outcome::Dead(&reason)).await;
        return;
    }
    // From when it was due (queued, or its retry's time came) to now.
    let waited_ms = (ctx.clock().now_ms() - job.run_after).max(0);
    metrics::histogram!("reel_job_queue_wait_seconds", "kind" => job.kind.to_string()).record(waited_ms as f64 / 1000.0);
    let started = std::time::Instant::now();
    let heartbeat = async {
        let mut tick = tokio::time::interval(Duration::from_secs(cfg.lease_secs) / 3);
        tick.tick().await;
        loop {
            tick.tick().await;
            match rows::heartbeat(&ctx.db, job.id, owner, lease_ms).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(error = %e, "heartbeat failed; will retry"),
            }
        }
    };
    let result = tokio::select! {
        r = registry.run(ctx, job.kind.as_str(), &job.payload) => r,
        () = heartbeat => {
            tracing::warn!("lease lost to another worker; abandoning this run");
            return;
        }
        () = shutdown.cancelled() => {
            // Dropping the run has killed its processes; what they had done is lost, since the
            // next attempt starts over (chunked encoding would bound that to one chunk).
            let lost = started.elapsed().as_secs_f64();
            tracing::info!(seconds_lost = lost, "shutting down; handing the job back");
            metrics::counter!("reel_jobs_total", "kind" => job.kind.to_string(), "outcome" => "handed_back").increment(1);
            metrics::histogram!("reel_job_lost_seconds", "kind" => job.kind.to_string()).record(lost);
            let note = format!("handed back at shutdown after {lost:.1} s of work, which the next attempt does again");
            end(ctx, owner, &job, Outcome::HandBack(&note)).await;
            return;
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    let message = result.as_ref().err().map(ToString::to_string).unwrap_or_default();
    let outcome = match &result {
        Ok(()) => Outcome::Done,
        Err(JobError::Permanent(reason)) => Outcome::Failed(reason),
        Err(JobError::Retryable(_)) if job.attempts >= job.max_attempts => Outcome::Dead(&message),
        // The same failure twice over is the file's or the code's, not bad luck: more attempts
        // would only delay the answer. An outage is waited out however often it repeats.
        Err(e @ JobError::Retryable(_)) if job.last_error.as_deref().is_some_and(|last| same_failure(last, &message)) && !e.is_outage() => {
            Outcome::Dead(&message)
        }
        Err(JobError::Retryable(_)) => {
            let delay = backoff(job.attempts, Duration::from_secs(cfg.backoff_base_secs), Duration::from_secs(cfg.backoff_max_secs));
            Outcome::RetryAt { run_after: ctx.clock().now_ms() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX), error: &message }
        }
    };
    let label = match &outcome {
        Outcome::Done => "done",
        Outcome::RetryAt { .. } => "retry",
        Outcome::Failed(_) => "failed",
        Outcome::Dead(_) => "dead",
        Outcome::HandBack(_) => "handed_back",
    };
    metrics::counter!("reel_jobs_total", "kind" => job.kind.to_string(), "outcome" => label).increment(1);
    metrics::histogram!("reel_job_seconds", "kind" => job.kind.to_string()).record(elapsed);
    match &outcome {
        Outcome::Done => tracing::info!(seconds = elapsed, "job done"),
        other => tracing::warn!(outcome = ?other, "job did not succeed"),
    }
    let class = match outcome {
        Outcome::Failed(_) => Some(FailureClass::Rejected),
        Outcome::Dead(_) => Some(FailureClass::Exhausted),
        _ => None,
    };
    if let (Some(class), Err(e)) = (class, &result) {
        registry.gave_up(ctx, job.kind.as_str(), &job.payload, &e.owner_reason(), class).await;
    }
    end(ctx, owner, &job, outcome).await;
}

/// Whether two attempts' errors are the same failure: the same words, whatever the numbers
/// in them (which rendition or segment was found wanting first is a matter of timing).
fn same_failure(a: &str, b: &str) -> bool {
    let shape = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_ascii_digit() {
                out.push(c);
            } else if !out.ends_with('#') {
                out.push('#');
            }
        }
        out
    };
    shape(a) == shape(b)
}

async fn end(ctx: &Context, owner: &str, job: &JobRecord, outcome: Outcome<'_>) {
    if let Err(e) = rows::finish(&ctx.db, job.id, owner, outcome).await {
        tracing::error!(error = %e, job = %job.id, "could not record the end of a job; its lease will expire");
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "reel".into())
}

#[cfg(test)]
mod tests {
    use super::same_failure;

    #[test]
    fn a_failure_is_the_same_whatever_rendition_or_segment_it_names() {
        assert!(same_failure("segment 1 of rendition 360p is unreadable", "segment 1 of rendition 1080p is unreadable"));
        assert!(same_failure("chunk 2 made 0 segments of 720p, not 1", "chunk 2 made 0 segments of 540p, not 1"));
        assert!(!same_failure("segment 1 of rendition 360p is unreadable", "transcoding failed: Conversion failed!"));
    }
}
