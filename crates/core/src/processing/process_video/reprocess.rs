//! Transcoding a ready item again from its original, with the settings of today (a new
//! ladder, another CRF, encryption turned on): `reprocess_video` makes a whole new package
//! whose renditions have names (and so keys and URLs) of their own, while the item goes on
//! playing the old one; then swaps the index in one guarded write. The old renditions stay
//! for [`RETIRE_AFTER`], since a player holds its media playlists for the whole session, and
//! `retire_renditions` removes them then.

use std::time::Duration;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::encode::cpu_recorded;
use super::inputs::configured_key;
use super::publish::Publisher;
use super::source::{open_source, original_removed};
use crate::library::item;
use crate::platform::jobs::{Job, JobError, Queue};
use crate::platform::Context;
use reel_base::db::{audit, videos};
use reel_base::domain::VideoId;
use reel_base::i18n::Said;
use reel_base::media::transcode::TranscodePlan;
use reel_base::storage::StorageKey;

/// How long the renditions an item had before it was transcoded again are kept.
pub const RETIRE_AFTER: Duration = Duration::from_secs(6 * 3600);

/// Transcode a ready item again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReprocessVideo {
    /// The item.
    pub video_id: VideoId,
    /// The generation to make: one more than the index's when it was asked for, so asking
    /// twice before it runs queues it once.
    pub generation: u32,
}

/// Queues the next transcode of a ready item whose index is of `current` generation; returns
/// the generation it will make.
pub async fn request(queue: &Queue, video: VideoId, current: u32) -> sqlx::Result<u32> {
    let generation = current + 1;
    queue.enqueue(&ReprocessVideo { video_id: video, generation }).await?;
    Ok(generation)
}

impl Job for ReprocessVideo {
    const NAME: &'static str = "reprocess_video";

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.generation))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        cpu_recorded(ctx, self.video_id, reprocess(ctx, self.video_id, self.generation)).await
    }
}

async fn reprocess(ctx: &Context, id: VideoId, generation: u32) -> Result<(), JobError> {
    let Some(index) = videos::package(&ctx.db, id).await.context("reading the package index")? else { return Ok(()) };
    if index.generation >= generation {
        return Ok(());
    }
    if let Some(reason) = original_removed(ctx, id).await? {
        return Err(JobError::Permanent(reason));
    }
    let key = configured_key(ctx, id).await?;
    let (scratch, source, info) = open_source(ctx, id).await?;
    let mark = super::inputs::watermark(ctx, id, &scratch.path).await?;
    let mut plan = TranscodePlan::new(&info, &source, &scratch.path.join("out"), &ctx.config).generation(generation).watermarked(mark);
    let opening = super::loudness::from_opening(ctx, id, &mut plan).await?;
    tokio::fs::create_dir_all(&plan.tiles_dir()).await.context("creating the output folder")?;
    let mut publisher = Publisher::quiet(ctx, id, &plan, key);
    super::loudness::transcode(ctx, id, &plan, &mut publisher, &opening).await?;
    let new = publisher.finish(&scratch.path).await?;
    super::text::keep_source_tracks(ctx, id, &source, &info, &scratch.path).await?;
    crate::library::chapters::keep_from_source(ctx, id, &info).await.map_err(|e| anyhow::anyhow!("keeping the file's chapters: {e}"))?;

    let mut old = None;
    let swapped = item::change_package(ctx, id, |index| {
        if index.generation >= generation {
            return false;
        }
        let mut swapped = new.clone();
        // The same original has the same streams: names and languages given since stay.
        for (new, old) in swapped.audio_tracks.iter_mut().zip(&index.audio_tracks) {
            new.language.clone_from(&old.language);
            new.label = old.label.clone();
        }
        // The old renditions stay reachable (not listed) for the players holding them.
        swapped.retiring = index.renditions.iter().chain(&index.retiring).chain(&new.retiring).cloned().collect();
        old = Some(std::mem::replace(index, swapped));
        true
    })
    .await
    .context("swapping in the new package index")?;
    let (Some(index), Some(old)) = (swapped, old) else {
        // Deleted meanwhile (what this run stored goes too), or another run swapped first.
        crate::processing::purge::if_deleted(ctx, id).await?;
        return Ok(());
    };
    let mut names: Vec<String> = old.renditions.iter().map(|r| r.name.clone()).collect();
    names.extend(old.dropped.into_iter().flat_map(|d| d.names));
    // Audio this run encoded twice: the first encode was never listed.
    names.extend(new.retiring.iter().map(|r| r.name.clone()));
    names.retain(|n| !index.lists(n));
    retire_later(ctx, id, names).await?;
    let names = index.renditions.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
    let detail = Said::new("audit-generation-rungs").arg("generation", generation).arg("names", names);
    audit::record(&ctx.db, None, "video.reprocessed", Some(&id.to_string()), None, Some(&detail))
        .await
        .context("recording the transcode")?;
    tracing::info!(%id, generation, "item transcoded again");
    Ok(())
}

/// Queues the removal of renditions no longer listed, [`RETIRE_AFTER`] from now (players may
/// hold their playlists until then); nothing when there are none.
pub(super) async fn retire_later(ctx: &Context, id: VideoId, names: Vec<String>) -> Result<(), JobError> {
    if names.is_empty() {
        return Ok(());
    }
    let at = ctx.clock().now_ms() + i64::try_from(RETIRE_AFTER.as_millis()).expect("hours fit");
    ctx.queue.enqueue_at(&RetireRenditions { video_id: id, names }, at).await.context("queueing the old renditions' removal")?;
    Ok(())
}

/// Remove the renditions an item had before it was transcoded again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetireRenditions {
    /// The item.
    pub video_id: VideoId,
    /// The old renditions' names.
    pub names: Vec<String>,
}

impl Job for RetireRenditions {
    const NAME: &'static str = "retire_renditions";

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.names.join(",")))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    /// Unlisted first (from then on a request for them is a 404), then removed.
    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let names = &self.names;
        item::change_package(ctx, self.video_id, |index| {
            let before = index.retiring.len();
            index.retiring.retain(|r| !names.contains(&r.name));
            index.retiring.len() != before
        })
        .await
        .context("unlisting the old renditions")?;
        let listed = videos::package(&ctx.db, self.video_id).await.context("reading the package index")?;
        for name in names {
            // Never what the index lists now (a name does not come back, but the check is cheap).
            if listed.as_ref().is_some_and(|i| i.lists(name)) {
                continue;
            }
            ctx.store
                .delete_prefix(&StorageKey::rendition_prefix(self.video_id, name))
                .await
                .with_context(|| format!("removing rendition {name}"))?;
        }
        Ok(())
    }
}
