//! The video status machine: the one place that says which transitions are allowed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a video is on its way from upload to playback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VideoStatus {
    /// The source is stored; processing has not started.
    Uploaded,
    /// A worker is probing or transcoding it.
    Processing,
    /// The first segments of every rendition exist; it can be watched while the rest is made.
    Playable,
    /// Every output is written and published.
    Ready,
    /// It can never be processed; `error` says why.
    Failed,
}

/// A transition the status machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a video cannot go from {from} to {to}")]
pub struct StatusError {
    /// The status the video had.
    pub from: VideoStatus,
    /// The status asked for.
    pub to: VideoStatus,
}

impl VideoStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [VideoStatus; 5] = [Self::Uploaded, Self::Processing, Self::Playable, Self::Ready, Self::Failed];

    /// The name stored in the database and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Uploaded => "uploaded",
            Self::Processing => "processing",
            Self::Playable => "playable",
            Self::Ready => "ready",
            Self::Failed => "failed",
        }
    }

    /// Statuses a video may move to from `self`.
    ///
    /// `Processing → Processing` and `Playable → Processing` exist because a job that was
    /// interrupted (a crash, a lost lease) starts over; a retried job re-enters processing.
    /// `Failed → Uploaded` is an admin retrying the job of a failed video (the source is kept).
    pub fn can_become(self, to: VideoStatus) -> bool {
        use VideoStatus::*;
        matches!(
            (self, to),
            (Uploaded, Processing)
                | (Processing, Processing)
                | (Processing, Playable)
                | (Processing, Ready)
                | (Playable, Processing)
                | (Playable, Ready)
                | (Uploaded | Processing | Playable, Failed)
                | (Failed, Uploaded)
        )
    }

    /// Checks a transition, for code that is about to make it.
    pub fn transition(self, to: VideoStatus) -> Result<VideoStatus, StatusError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(StatusError { from: self, to })
        }
    }

    /// The statuses from which a move to `to` is allowed (used to guard SQL updates).
    pub fn sources_of(to: VideoStatus) -> Vec<VideoStatus> {
        Self::ALL.into_iter().filter(|from| from.can_become(to)).collect()
    }

    /// Whether the video has segments a viewer may fetch.
    pub fn is_watchable(self) -> bool {
        matches!(self, Self::Playable | Self::Ready)
    }

    /// Whether no job is changing the video: it is ready, or failed (until an admin retries it).
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Ready | Self::Failed)
    }
}

impl fmt::Display for VideoStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VideoStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown video status {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::VideoStatus::*;
    use super::*;

    #[test]
    fn a_ready_video_never_changes_status_and_a_failed_one_only_goes_back_to_the_queue() {
        for to in VideoStatus::ALL {
            assert!(!Ready.can_become(to), "ready → {to}");
            assert_eq!(Failed.can_become(to), to == Uploaded, "failed → {to}");
        }
    }

    #[test]
    fn the_happy_path_is_allowed_in_order() {
        assert_eq!(Uploaded.transition(Processing), Ok(Processing));
        assert_eq!(Processing.transition(Playable), Ok(Playable));
        assert_eq!(Playable.transition(Ready), Ok(Ready));
        assert!(Uploaded.transition(Ready).is_err());
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in VideoStatus::ALL {
            assert_eq!(s.as_str().parse::<VideoStatus>(), Ok(s));
        }
    }
}
