//! Work an item does not need to play giving way to the work it does: waiting until the item
//! is playable, and a chunked item's audio encode held still while its first chunk runs.

use std::time::Duration;

use super::publish::Publisher;
use crate::platform::Context;
use reel_base::db::videos;
use reel_base::domain::{VideoId, VideoStatus};

/// How often the running transcode is checked for finished segments (a look at a few small
/// playlists; the first one found is what makes an item playable).
const WATCH_INTERVAL: Duration = Duration::from_millis(200);

/// The longest that work not needed to play waits for the item to become playable: past it,
/// whatever holds it up (a slow or failing first chunk) no longer holds the rest up too.
const GIVE_WAY_LIMIT: Duration = Duration::from_secs(30);

/// Waits until the item is playable, ready or gone (its status looked at every
/// [`WATCH_INTERVAL`]), or [`GIVE_WAY_LIMIT`] has passed: for work an item does not need to be
/// played, which until then would take cores from the work it does need.
pub(super) async fn until_playable(ctx: &Context, id: VideoId) {
    let started = std::time::Instant::now();
    while started.elapsed() < GIVE_WAY_LIMIT {
        if !matches!(videos::status(&ctx.db, id).await, Ok(Some(VideoStatus::Uploaded | VideoStatus::Processing))) {
            return;
        }
        tokio::time::sleep(WATCH_INTERVAL).await;
    }
}

/// When a chunked item's audio encode holds still: from its first stored segments (all the item
/// needs of it to play) until the item is playable, for at most [`GIVE_WAY_LIMIT`]. The first
/// chunk, which the item also waits for, then has the cores to itself; the rest of the audio is
/// needed only when the last chunk is.
#[derive(Default)]
pub(super) struct GiveWay {
    since: Option<std::time::Instant>,
    over: bool,
}

/// How often an encode that gives way is watched until its first segments are out: it is to be
/// held as soon as they are, and a core-second spent past them is the first chunk's lost.
const GIVE_WAY_WATCH: Duration = Duration::from_millis(40);

impl GiveWay {
    /// How long to wait before the next look at what `publisher`'s ffmpeg has finished.
    pub(super) fn watch_interval(&self, publisher: &Publisher<'_>) -> Duration {
        if !self.over && self.since.is_none() && publisher.gives_way() {
            GIVE_WAY_WATCH
        } else {
            WATCH_INTERVAL
        }
    }

    /// Whether the encode should be held now.
    pub(super) async fn hold(&mut self, ctx: &Context, publisher: &Publisher<'_>) -> bool {
        if self.over || !publisher.gives_way() || !publisher.started() {
            return false;
        }
        let since = *self.since.get_or_insert_with(std::time::Instant::now);
        let waiting = matches!(videos::status(&ctx.db, publisher.id).await, Ok(Some(VideoStatus::Processing)));
        self.over = !waiting || since.elapsed() >= GIVE_WAY_LIMIT;
        !self.over
    }
}
