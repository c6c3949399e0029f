//! A job's kind and where it is in the durable queue.

use serde::{Deserialize, Serialize};

/// The kind of a stored job: the name a job type registers under (`process_video`). Lower-case
/// ASCII letters, digits and `_`, at most 64 bytes, so it is safe in logs and metric labels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "process_video")]
pub struct JobKind(String);

impl JobKind {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for JobKind {
    type Error = super::text::TextError;
    fn try_from(name: String) -> Result<Self, Self::Error> {
        let fits = !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if fits {
            Ok(Self(name))
        } else {
            Err(super::text::TextError(format!("{name:?} is not a job kind")))
        }
    }
}

impl From<JobKind> for String {
    fn from(kind: JobKind) -> String {
        kind.0
    }
}

impl std::str::FromStr for JobKind {
    type Err = super::text::TextError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::try_from(name.to_string())
    }
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A job's state; the queue's SQL moves it (claim, finish, retry), this names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
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

    #[test]
    fn a_job_kind_is_a_plain_lower_case_name() {
        assert_eq!(JobKind::try_from("process_video".to_string()).unwrap().as_str(), "process_video");
        for bad in ["", "Process", "a-b", "a b", "kind\n", &"k".repeat(65)] {
            assert!(JobKind::try_from(bad.to_string()).is_err(), "{bad:?}");
        }
    }
}
