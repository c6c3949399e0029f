//! An item's first appearance, told to its channel's subscribers: the library and processing
//! queue [`NotifySubscribers`] when an item becomes watchable or visible or its window opens,
//! and the audience runs
//! it (`audience/notify.rs`), so what asks for the news names nothing of who hears it.

use serde::{Deserialize, Serialize};

use crate::platform::jobs::Queue;
use reel_base::domain::VideoId;

/// An item became watchable (or visible) for the first time: notify its channel's subscribers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotifySubscribers {
    /// The item.
    pub video_id: VideoId,
    /// Why: `published` (it became playable or ready, whichever came first), `shown` (a
    /// private item was made visible) or `live:<ms>` (its window opened then; see [`live`]).
    /// Each happens once per item, and tells no one while the item is outside its window.
    pub reason: String,
}

/// The reason of the notifications of an item whose window opened at `at` (ms): one per
/// opening, so that an owner who moves the date is heard at the new one.
pub fn live(at: i64) -> String {
    format!("live:{at}")
}

/// Queues the notifications of an item that became watchable or visible, once per `reason`;
/// a failure to queue is logged, never a reason to fail the caller's own work.
pub async fn announce(queue: &Queue, video_id: VideoId, reason: &str) {
    if let Err(e) = queue.enqueue(&NotifySubscribers { video_id, reason: reason.to_string() }).await {
        tracing::warn!(video = %video_id, error = %e, "could not queue the subscribers' notifications");
    }
}
