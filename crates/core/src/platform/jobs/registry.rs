//! The job kinds a process knows, by the name stored in `jobs.kind`: a worker looks a claimed
//! job up here. The queue names no kind itself; each domain adds its own (`processing::register`
//! and its siblings) and the binary's wiring chains them, so adding a kind means one `register`
//! line beside it and no worker code.

use std::collections::HashMap;

use futures::future::BoxFuture;

use super::{FailureClass, Job, JobError, Lane};
use crate::platform::Context;

type RunFn = for<'a> fn(&'a Context, &'a str) -> BoxFuture<'a, Result<(), JobError>>;
type GaveUpFn = for<'a> fn(&'a Context, &'a str, &'a str, FailureClass) -> BoxFuture<'a, ()>;
type RetryFn = for<'a> fn(&'a Context, &'a str) -> BoxFuture<'a, sqlx::Result<()>>;
type RecoverFn = for<'a> fn(&'a Context) -> BoxFuture<'a, sqlx::Result<usize>>;

/// One kind's entry points, with its payload type erased.
#[derive(Clone, Copy)]
struct Entry {
    lane: Lane,
    run: RunFn,
    gave_up: GaveUpFn,
    before_retry: RetryFn,
    recover: RecoverFn,
}

/// Job kinds by name.
#[derive(Clone, Default)]
pub struct Registry {
    kinds: HashMap<&'static str, Entry>,
}

impl Registry {
    /// Adds kind `J` under `J::NAME`.
    pub fn register<J: Job>(mut self) -> Self {
        let entry = Entry { lane: J::LANE, run: run::<J>, gave_up: gave_up::<J>, before_retry: before_retry::<J>, recover: recover::<J> };
        assert!(self.kinds.insert(J::NAME, entry).is_none(), "job kind {} registered twice", J::NAME);
        self
    }

    /// Runs a stored job; an unknown kind or a payload that does not parse fails permanently.
    pub async fn run(&self, ctx: &Context, kind: &str, payload: &str) -> Result<(), JobError> {
        let entry = self.kinds.get(kind).ok_or_else(|| JobError::Permanent(format!("unknown job kind {kind:?}")))?;
        (entry.run)(ctx, payload).await
    }

    /// Tells the job its work will not be tried again (see [`Job::gave_up`]).
    pub async fn gave_up(&self, ctx: &Context, kind: &str, payload: &str, reason: &str, class: FailureClass) {
        if let Some(entry) = self.kinds.get(kind) {
            (entry.gave_up)(ctx, payload, reason, class).await;
        }
    }

    /// Prepares a job an admin queues again (see [`Job::before_retry`]).
    pub async fn before_retry(&self, ctx: &Context, kind: &str, payload: &str) -> sqlx::Result<()> {
        match self.kinds.get(kind) {
            Some(entry) => (entry.before_retry)(ctx, payload).await,
            None => Ok(()),
        }
    }

    /// Runs every kind's [`Job::recover`]; returns how many jobs were queued. A kind that
    /// fails is logged and the others still run.
    pub async fn recover(&self, ctx: &Context) -> usize {
        let mut queued = 0;
        for (name, entry) in &self.kinds {
            match (entry.recover)(ctx).await {
                Ok(n) => queued += n,
                Err(e) => tracing::warn!(kind = name, error = %e, "could not look for stranded work"),
            }
        }
        queued
    }

    /// The names of the kinds a lane claims, sorted: the main lanes take every kind but
    /// pictures; the light and picture lanes, their own kinds alone.
    pub fn names_for(&self, lane: Lane) -> Vec<&'static str> {
        let claims = |kind: Lane| match lane {
            Lane::Main => kind != Lane::Pictures,
            other => kind == other,
        };
        let mut names: Vec<_> = self.kinds.iter().filter(|(_, e)| claims(e.lane)).map(|(name, _)| *name).collect();
        names.sort_unstable();
        names
    }

    /// The registered names, sorted (for logs and tests).
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.kinds.keys().copied().collect();
        names.sort_unstable();
        names
    }
}

fn parse<J: Job>(payload: &str) -> Result<J, JobError> {
    serde_json::from_str(payload).map_err(|e| JobError::Permanent(format!("malformed {} payload: {e}", J::NAME)))
}

fn run<'a, J: Job>(ctx: &'a Context, payload: &'a str) -> BoxFuture<'a, Result<(), JobError>> {
    Box::pin(async move {
        let job = parse::<J>(payload)?;
        // The worker's span for this run was opened before the payload was read.
        if let Some(item) = job.item() {
            tracing::Span::current().record("item", tracing::field::display(item));
        }
        job.run(ctx).await
    })
}

fn gave_up<'a, J: Job>(ctx: &'a Context, payload: &'a str, reason: &'a str, class: FailureClass) -> BoxFuture<'a, ()> {
    Box::pin(async move {
        // A payload that never parsed has nothing to tell.
        if let Ok(job) = parse::<J>(payload) {
            job.gave_up(ctx, reason, class).await;
        }
    })
}

fn before_retry<'a, J: Job>(ctx: &'a Context, payload: &'a str) -> BoxFuture<'a, sqlx::Result<()>> {
    Box::pin(async move {
        match parse::<J>(payload) {
            Ok(job) => job.before_retry(ctx).await,
            Err(_) => Ok(()),
        }
    })
}

fn recover<J: Job>(ctx: &Context) -> BoxFuture<'_, sqlx::Result<usize>> {
    Box::pin(J::recover(ctx))
}
