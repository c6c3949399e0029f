//! Where a job is in the durable queue.

use serde::{Deserialize, Serialize};

/// A job's state; the queue's SQL moves it (claim, finish, retry), this names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for a worker (or for its `run_after`).
    Queued,
    /// Held by a worker under a lease.
    Running,
    /// Finished successfully.
    Done,
    /// Can never succeed (bad input); an admin may retry it.
    Failed,
    /// Failed too often; an admin may retry it.
    Dead,
}

str_enum!(JobState { Queued => "queued", Running => "running", Done => "done", Failed => "failed", Dead => "dead" });

impl JobState {
    /// Every state, in the order a job moves through them.
    pub const ALL: [JobState; 5] = [Self::Queued, Self::Running, Self::Done, Self::Failed, Self::Dead];

    /// Whether an admin may queue the job again.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Failed | Self::Dead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_names() {
        for s in JobState::ALL {
            assert_eq!(s.as_str().parse::<JobState>().unwrap(), s);
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert!("paused".parse::<JobState>().is_err());
        assert!(JobState::Dead.is_retryable() && !JobState::Done.is_retryable());
    }
}
