//! `[jobs]`: the durable job queue and its workers.

use serde::{Deserialize, Serialize};

/// The durable job queue and its workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Jobs (transcodes) one process runs at once; light jobs (notifications, a chunked item's
    /// audio) have one more lane of their own.
    pub concurrency: usize,
    /// A claimed job belongs to its worker for this long without a heartbeat, in seconds.
    pub lease_secs: u64,
    /// Attempts before a job is dead.
    pub max_attempts: i64,
    /// First retry delay, in seconds; doubled on each further attempt.
    pub backoff_base_secs: u64,
    /// Longest retry delay, in seconds.
    pub backoff_max_secs: u64,
    /// How often an idle worker looks for work, in milliseconds.
    pub poll_interval_ms: u64,
    /// A run does not start while the disk of `{data_dir}/scratch` has less than this many MiB
    /// free: its attempt fails saying so and is retried later, instead of dying midway.
    pub scratch_min_free_mb: u64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            concurrency: 1,
            lease_secs: 30,
            max_attempts: 5,
            backoff_base_secs: 10,
            backoff_max_secs: 3600,
            poll_interval_ms: 1000,
            scratch_min_free_mb: 100,
        }
    }
}

impl JobsConfig {
    /// What is wrong with these settings, if anything, given `max_processes` (`media`'s bound
    /// on the children a run may spawn, which a job needs at least one of).
    pub fn problem(&self, max_processes: usize) -> Option<String> {
        if self.concurrency == 0 || self.lease_secs < 2 || max_processes == 0 {
            return Some("jobs.concurrency and media.max_processes must be ≥ 1, jobs.lease_secs ≥ 2".into());
        }
        None
    }
}
