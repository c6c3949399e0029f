//! An item's first appearance, told to its channel's subscribers: the library and processing
//! queue [`NotifySubscribers`] when an item becomes watchable or visible, and the audience runs
//! it (`audience/notify.rs`), so what asks for the news names nothing of who hears it.

use serde::{Deserialize, Serialize};

use crate::platform::jobs::Queue;
use reel_base::domain::VideoId;

/// An item became watchable (or visible) for the first time: notify its channel's subscribers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotifySubscribers {
    /// The item.
    pub video_id: VideoId,
    /// Why: `published` (it became playable or ready, whichever came first) or `shown` (a
    /// private item was made visible). Each happens once per item.
    pub reason: String,
}

/// Queues the notifications of an item that became watchable or visible, once per `reason`;
/// a failure to queue is logged, never a reason to fail the caller's own work.
pub async fn announce(queue: &Queue, video_id: VideoId, reason: &str) {
    if let Err(e) = queue.enqueue(&NotifySubscribers { video_id, reason: reason.to_string() }).await {
        tracing::warn!(video = %video_id, error = %e, "could not queue the subscribers' notifications");
    }
}
