//! The lifecycle rules of `[lifecycle]`: which items each rule would act on and what that
//! moves, removes and saves, and applying them. Every action works one object at a time from
//! the accounts, skipping what is already done, so a run that stops half way is finished by the
//! next; each item acted on is one audit-log entry.

use anyhow::Context as _;
use serde::Serialize;

use crate::ops::cost::GIB as GB;
use crate::platform::Context;
use reel_base::config::Config;
use reel_base::db::{audit, storage as rows, Db};
use reel_base::i18n::Said;
use reel_base::storage::{StorageKey, Store, Tier};

use super::rungs::Taken;

/// A rule of `[lifecycle]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// `originals_cold_after_days`.
    OriginalsToCold,
    /// `originals_delete_after_days`.
    OriginalsDelete,
    /// `renditions_cold_after_idle_days`.
    RenditionsToCold,
    /// `renditions_drop_after_idle_days`.
    RenditionsDropTop,
    /// Unfinished uploads past `server.upload_expiry_secs`.
    AbandonedUploads,
}

impl Rule {
    /// The name in reports and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Rule::OriginalsToCold => "originals_to_cold",
            Rule::OriginalsDelete => "originals_delete",
            Rule::RenditionsToCold => "renditions_to_cold",
            Rule::RenditionsDropTop => "renditions_drop_top",
            Rule::AbandonedUploads => "abandoned_uploads",
        }
    }
}

/// One item a rule acted on (or would).
#[derive(Debug, Clone, Serialize)]
pub struct ItemAction {
    /// The item (or upload).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Objects moved or removed.
    pub objects: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// What one rule did (or would do) in a run.
#[derive(Debug, Clone, Serialize)]
pub struct RuleReport {
    /// The rule.
    pub rule: Rule,
    /// `move_to_cold` or `delete`.
    pub action: &'static str,
    /// The setting that drives it (days or hours), 0 when off.
    pub after: u64,
    /// Items acted on.
    pub items: u64,
    /// Objects moved or removed.
    pub objects: u64,
    /// Their bytes.
    pub bytes: u64,
    /// What it takes off the monthly storage bill at `[prices]`, in dollars.
    pub monthly_saving: f64,
    /// The items, at most 50 of them.
    pub examples: Vec<ItemAction>,
    /// Why items were left (an error moving one), if any.
    pub errors: Vec<String>,
}

/// A whole run.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleReport {
    /// Whether nothing was changed.
    pub dry_run: bool,
    /// Each rule that is on.
    pub rules: Vec<RuleReport>,
    /// Bytes moved to cold.
    pub bytes_moved: u64,
    /// Bytes removed.
    pub bytes_removed: u64,
    /// The monthly storage bill before the run, at `[prices]`, in dollars.
    pub monthly_before: f64,
    /// And after it (what it would be, on a dry run).
    pub monthly_after: f64,
}

/// The monthly storage bill for `hot` and `cold` bytes.
pub fn monthly_storage_cost(config: &Config, hot: u64, cold: u64) -> f64 {
    crate::ops::cost::monthly_storage_cost(&config.prices, hot, cold)
}

/// The moment (ms) `days` before now by the context's clock.
pub(super) fn days_ago(ctx: &Context, days: u32) -> i64 {
    ctx.clock().now_ms() - i64::from(days) * 86_400_000
}

/// Applies every rule that is on (or, with `dry_run`, reports what each would do).
pub async fn run(ctx: &Context, dry_run: bool) -> anyhow::Result<LifecycleReport> {
    let (db, store, config) = (&ctx.db, &ctx.store, &*ctx.config);
    let life = &config.lifecycle;
    let (hot_before, cold_before) = super::report::tier_bytes(db).await?;
    let mut reports = Vec::new();
    let cold = store.has_cold_tier();
    // What an earlier rule takes in this run is not counted again by a later one, on a dry run
    // as on a real one.
    let removed_before = (life.originals_delete_after_days > 0).then(|| days_ago(ctx, life.originals_delete_after_days));
    let mut taken = Taken::default();
    if life.originals_cold_after_days > 0 && cold {
        let before = days_ago(ctx, life.originals_cold_after_days);
        let rule = MoveRule { rule: Rule::OriginalsToCold, kind: "original", before, removed_before };
        reports.push(move_rule(db, store, config, rule, &taken, dry_run).await?);
    }
    if life.originals_delete_after_days > 0 {
        reports.push(delete_originals(ctx, dry_run).await?);
    }
    if life.renditions_drop_after_idle_days > 0 {
        let (report, took) = super::rungs::drop_top_rungs(ctx, removed_before, dry_run).await?;
        reports.push(report);
        taken = took;
    }
    if life.renditions_cold_after_idle_days > 0 && cold {
        let before = days_ago(ctx, life.renditions_cold_after_idle_days);
        let rule = MoveRule { rule: Rule::RenditionsToCold, kind: "rendition", before, removed_before: None };
        reports.push(move_rule(db, store, config, rule, &taken, dry_run).await?);
    }
    reports.push(abandoned_uploads(ctx, dry_run).await?);
    let moved: u64 = reports.iter().filter(|r| r.action == "move_to_cold").map(|r| r.bytes).sum();
    let removed: u64 = reports.iter().filter(|r| r.action == "delete").map(|r| r.bytes).sum();
    // Each rule prices what it does in the tier the bytes were in, and no object is acted on by
    // two rules in one run, so the savings add up.
    let monthly_before = monthly_storage_cost(config, hot_before, cold_before);
    let saving: f64 = reports.iter().map(|r| r.monthly_saving).sum();
    Ok(LifecycleReport {
        dry_run,
        rules: reports,
        bytes_moved: moved,
        bytes_removed: removed,
        monthly_before,
        monthly_after: (monthly_before - saving).max(0.0),
    })
}

pub(super) fn empty(rule: Rule, action: &'static str, after: u64) -> RuleReport {
    RuleReport { rule, action, after, items: 0, objects: 0, bytes: 0, monthly_saving: 0.0, examples: Vec::new(), errors: Vec::new() }
}

pub(super) fn tally(report: &mut RuleReport, action: ItemAction) {
    report.items += 1;
    report.objects += action.objects;
    report.bytes += action.bytes;
    if report.examples.len() < 50 {
        report.examples.push(action);
    }
}

/// A rule that moves objects to the cold tier.
struct MoveRule {
    rule: Rule,
    /// The kind of object that makes an item a candidate.
    kind: &'static str,
    /// Items older (or idle since) before this (ms) are candidates.
    before: i64,
    /// Items the removal of originals takes in this run are left (not copied to cold first).
    removed_before: Option<i64>,
}

/// Moves the hot objects of `kind` (and, for renditions, the download and the index with them)
/// of each candidate to the cold tier, except what an earlier rule `taken` removes.
async fn move_rule(db: &Db, store: &Store, config: &Config, m: MoveRule, taken: &Taken, dry_run: bool) -> anyhow::Result<RuleReport> {
    let life = &config.lifecycle;
    let after = match m.rule {
        Rule::OriginalsToCold => life.originals_cold_after_days,
        _ => life.renditions_cold_after_idle_days,
    };
    let mut report = empty(m.rule, "move_to_cold", u64::from(after));
    let idle = m.rule == Rule::RenditionsToCold;
    let kinds: &[&str] = if idle { &["rendition", "download", "index"] } else { &["original"] };
    let limit = i64::from(life.max_items_per_run);
    for item in rows::candidates(db, m.kind, Some(Tier::Hot), idle, m.before, limit).await? {
        if m.removed_before.is_some_and(|removed| item.ready_at < removed) {
            continue;
        }
        let mut objects = Vec::new();
        for kind in kinds {
            for mut o in rows::objects_of(db, item.id, kind).await?.into_iter().filter(|o| o.tier == Tier::Hot.as_str()) {
                if let Some(size) = taken.size_after(&o.key, o.bytes.max(0) as u64) {
                    o.bytes = i64::try_from(size).unwrap_or(i64::MAX);
                    objects.push(o);
                }
            }
        }
        if objects.is_empty() {
            continue;
        }
        let bytes: u64 = objects.iter().map(|o| o.bytes.max(0) as u64).sum();
        let action = ItemAction { id: item.id.to_string(), title: item.title.clone(), objects: objects.len() as u64, bytes };
        if !dry_run {
            let mut failed = None;
            for object in &objects {
                let key = StorageKey::existing(&object.key);
                if let Err(e) = store.move_object(&key, Tier::Cold).await {
                    failed = Some(format!("{}: {e}", object.key));
                    break;
                }
            }
            if let Some(error) = failed {
                report.errors.push(error);
                continue;
            }
            let detail = Said::new("audit-cold-tier").arg("n", objects.len()).arg("bytes", bytes);
            audit::record(db, None, &format!("lifecycle.{}", m.rule.name()), Some(&item.id.to_string()), None, Some(&detail))
                .await
                .context("recording the move")?;
        }
        tally(&mut report, action);
    }
    report.monthly_saving = report.bytes as f64 / GB * (config.prices.hot_gb_month - config.prices.cold_gb_month);
    Ok(report)
}

/// Removes the originals of ready items past `originals_delete_after_days`, in whichever tier.
async fn delete_originals(ctx: &Context, dry_run: bool) -> anyhow::Result<RuleReport> {
    let (db, store, config) = (&ctx.db, &ctx.store, &*ctx.config);
    let days = config.lifecycle.originals_delete_after_days;
    let mut report = empty(Rule::OriginalsDelete, "delete", u64::from(days));
    let limit = i64::from(config.lifecycle.max_items_per_run);
    let mut saving = 0.0;
    for item in rows::candidates(db, "original", None, false, days_ago(ctx, days), limit).await? {
        if reel_base::db::videos::package(db, item.id).await?.is_some_and(|p| p.dropped.is_some()) {
            // Its top rungs were dropped and are made again from the original when a viewer
            // comes: the original stays until they are back.
            continue;
        }
        let objects = rows::objects_of(db, item.id, "original").await?;
        let bytes: u64 = objects.iter().map(|o| o.bytes.max(0) as u64).sum();
        for o in &objects {
            let cold = o.tier == Tier::Cold.as_str();
            let price = if cold { config.prices.cold_gb_month } else { config.prices.hot_gb_month };
            saving += o.bytes.max(0) as f64 / GB * price;
        }
        if !dry_run {
            crate::library::item::mark_original_removed(ctx, item.id, ctx.clock().now_ms()).await?;
            if let Err(e) = store.delete_prefix(&StorageKey::source_prefix(item.id)).await {
                report.errors.push(format!("{}: {e}", item.id));
                continue;
            }
            let detail = Said::new("audit-objects-removed").arg("n", objects.len()).arg("bytes", bytes);
            audit::record(db, None, "lifecycle.originals_delete", Some(&item.id.to_string()), None, Some(&detail)).await?;
        }
        tally(&mut report, ItemAction { id: item.id.to_string(), title: item.title, objects: objects.len() as u64, bytes });
    }
    report.monthly_saving = saving;
    Ok(report)
}

/// Removes unfinished uploads past `server.upload_expiry_secs` (the server also sweeps them
/// every minute; the rule catches what a stopped server left).
async fn abandoned_uploads(ctx: &Context, dry_run: bool) -> anyhow::Result<RuleReport> {
    let (db, config) = (&ctx.db, &*ctx.config);
    let hours = config.server.upload_expiry_secs / 3600;
    let mut report = empty(Rule::AbandonedUploads, "delete", hours);
    let expired = reel_base::db::uploads::expired(db).await?;
    for upload in &expired {
        let action = ItemAction {
            id: upload.id.to_string(),
            title: upload.title.clone().or_else(|| upload.filename.clone()).unwrap_or_default(),
            objects: 1,
            bytes: upload.received.max(0) as u64,
        };
        tally(&mut report, action);
    }
    if !dry_run {
        let removed = crate::platform::staging::sweep_expired(ctx).await?;
        if removed > 0 {
            let detail = Said::new("audit-uploads-removed").arg("n", removed);
            audit::record(db, None, "lifecycle.abandoned_uploads", None, None, Some(&detail)).await?;
        }
    }
    report.monthly_saving = report.bytes as f64 / GB * config.prices.hot_gb_month;
    Ok(report)
}
