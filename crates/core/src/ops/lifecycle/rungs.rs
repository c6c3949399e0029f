//! The rule that drops the top video rungs of idle items (`renditions_drop_after_idle_days`):
//! their segments are removed and the index lists only the rungs kept (the lowest
//! `renditions_keep_rungs`, and the audio), until a viewer's request queues the job that makes
//! them again from the original ([`RemakeRungs`], which `processing/process_video/remake.rs`
//! runs).

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::rules::{days_ago, empty, tally, ItemAction, Rule, RuleReport};
use crate::ops::cost::GIB as GB;
use crate::platform::jobs::Queue;
use crate::platform::Context;
use reel_base::db::{audit, storage as rows, videos};
use reel_base::domain::VideoId;
use reel_base::i18n::Said;
use reel_base::media::package::DroppedRungs;
use reel_base::storage::{StorageKey, Tier};

/// Make an item's dropped rungs again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemakeRungs {
    /// The item.
    pub video_id: VideoId,
    /// When the rungs were dropped ([`DroppedRungs::at`]): one job per drop.
    pub dropped_at: i64,
}

/// Queues the job that makes `dropped` again (once per drop, however many viewers ask).
pub async fn request_remake(queue: &Queue, video: VideoId, dropped: &DroppedRungs) -> sqlx::Result<()> {
    if queue.enqueue(&RemakeRungs { video_id: video, dropped_at: dropped.at }).await? {
        tracing::info!(%video, rungs = ?dropped.names, "queued the rungs a lifecycle rule dropped to be made again");
    }
    Ok(())
}

/// What the rung rule took (or would take) in a run, for the rules after it: the rendition
/// objects removed, and the package indexes rewritten with their new sizes.
#[derive(Debug, Default)]
pub(super) struct Taken {
    removed: HashSet<String>,
    resized: HashMap<String, u64>,
}

impl Taken {
    /// An object's size once the rung rule is done: `None` when it removes the object.
    pub(super) fn size_after(&self, key: &str, bytes: u64) -> Option<u64> {
        if self.removed.contains(key) {
            return None;
        }
        Some(self.resized.get(key).copied().unwrap_or(bytes))
    }
}

/// Drops the top rungs of ready items nobody has viewed for the configured days. Items whose
/// original is gone, or is removed by `originals_delete` in this same run (`removed_before`),
/// are left: their rungs could not be made again.
pub(super) async fn drop_top_rungs(ctx: &Context, removed_before: Option<i64>, dry_run: bool) -> anyhow::Result<(RuleReport, Taken)> {
    let (db, config) = (&ctx.db, &*ctx.config);
    let life = &config.lifecycle;
    let mut report = empty(Rule::RenditionsDropTop, "delete", u64::from(life.renditions_drop_after_idle_days));
    let mut taken = Taken::default();
    let before = days_ago(ctx, life.renditions_drop_after_idle_days);
    let keep = life.renditions_keep_rungs as usize;
    let price = |tier: &str| if tier == Tier::Cold.as_str() { config.prices.cold_gb_month } else { config.prices.hot_gb_month };
    let mut saving = 0.0;
    for item in rows::candidates(db, "rendition", None, true, before, i64::from(life.max_items_per_run)).await? {
        if removed_before.is_some_and(|removed| item.ready_at < removed) || rows::objects_of(db, item.id, "original").await?.is_empty() {
            continue;
        }
        let Some(index) = videos::package(db, item.id).await? else { continue };
        let names = index.rungs_above(keep);
        if names.is_empty() {
            continue;
        }
        let objects: Vec<_> =
            rows::objects_of(db, item.id, "rendition").await?.into_iter().filter(|o| names.contains(&o.rendition)).collect();
        let mut after = index.clone();
        after.drop_rungs(&names, ctx.clock().now_ms());
        let json_len = after.stored_json().len() as u64;
        let bytes: u64 = objects.iter().map(|o| o.bytes.max(0) as u64).sum();
        saving += objects.iter().map(|o| o.bytes.max(0) as f64 / GB * price(&o.tier)).sum::<f64>();
        // The package index shrinks too; priced in its tier, where the rewrite keeps it.
        for json in rows::objects_of(db, item.id, "index").await? {
            saving += (json.bytes - json_len as i64) as f64 / GB * price(&json.tier);
            taken.resized.insert(json.key, json_len);
        }
        taken.removed.extend(objects.iter().map(|o| o.key.clone()));
        if !dry_run {
            if let Err(e) = drop_rungs(ctx, item.id, &names).await {
                report.errors.push(format!("{}: {e:#}", item.id));
                continue;
            }
            let detail = Said::new("audit-rungs-dropped").arg("names", names.join(", ")).arg("n", objects.len()).arg("bytes", bytes);
            audit::record(db, None, "lifecycle.renditions_drop_top", Some(&item.id.to_string()), None, Some(&detail))
                .await
                .context("recording the drop")?;
        }
        tally(&mut report, ItemAction { id: item.id.to_string(), title: item.title, objects: objects.len() as u64, bytes });
    }
    report.monthly_saving = saving;
    Ok((report, taken))
}

/// Takes the rungs out of the index first (so no manifest lists them from then on), then
/// removes their objects.
async fn drop_rungs(ctx: &Context, id: VideoId, names: &[String]) -> anyhow::Result<()> {
    let at = ctx.clock().now_ms();
    // `None`: none of them is listed any more (or the item is gone), so removing is safe too.
    crate::library::item::change_package(ctx, id, |index| index.drop_rungs(names, at)).await?;
    for name in names {
        ctx.store.delete_prefix(&StorageKey::rendition_prefix(id, name)).await.with_context(|| format!("removing rung {name}"))?;
    }
    Ok(())
}
