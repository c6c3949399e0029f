//! Recommendations: "up next" on the watch page and "recommended for you" on the home page.
//! A periodic job ([`job`]) runs the model of `domain::recommend` over every item
//! and history and stores the lists; requests read them through the shared cache (this
//! process's, or Redis at scale) and show only what the viewer may watch now, minus what their
//! profile has finished. Nothing is computed per request.

pub mod job;

use std::time::{Duration, Instant};

use crate::auth::Caller;
use crate::library::videos::{self, Audience, VideoRecord};
use crate::platform::problem;
use crate::platform::Context;
use reel_base::db::{recommendations, watch, Db};
use reel_base::domain::{ProfileId, VideoId};

/// How many stored picks are read for one list, so that some may be filtered out and the
/// list still fills.
const READ: u32 = 30;

/// What one run of the model did, for its log line and the benchmark.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// Items read.
    pub items: usize,
    /// Profiles with a history.
    pub profiles: usize,
    /// History entries read.
    pub watches: usize,
    /// Related-item rows written.
    pub related_rows: usize,
    /// Profile recommendation rows written.
    pub profile_rows: usize,
    /// Reading the inputs.
    pub read: Duration,
    /// Building the model.
    pub build: Duration,
    /// Writing it.
    pub write: Duration,
    /// The process's peak memory (MiB) after reading, after building and at the end, where
    /// the system says (Linux).
    pub peak_mib: [Option<u64>; 3],
}

/// The process's peak resident memory so far, in MiB (`VmHWM` in `/proc/self/status`).
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:")?.trim().strip_suffix("kB")?.trim().parse().ok())?;
    Some(kib / 1024)
}

/// Reads everything, builds the model (on a blocking thread: it is pure CPU) and replaces the
/// stored lists.
pub async fn run(db: &Db) -> anyhow::Result<Run> {
    let started = Instant::now();
    let inputs = recommendations::inputs(db).await?;
    let read = started.elapsed();
    let after_read = peak_mib();
    let (items, profiles, watches) = (inputs.items.len(), inputs.profile_ids.len(), inputs.watches.len());
    let started = Instant::now();
    let (inputs, model) = tokio::task::spawn_blocking(move || {
        let mut inputs = inputs;
        // The model sorts the history in place; the inputs keep only the ids it indexes.
        let watches = std::mem::take(&mut inputs.watches);
        let model = reel_base::domain::recommend::build(&inputs.items, inputs.profile_ids.len(), watches);
        (inputs, model)
    })
    .await?;
    let build = started.elapsed();
    let after_build = peak_mib();
    let started = Instant::now();
    let (related_rows, profile_rows) = recommendations::replace(db, &inputs, &model).await?;
    let peak_mib = [after_read, after_build, peak_mib()];
    Ok(Run { items, profiles, watches, related_rows, profile_rows, read, build, write: started.elapsed(), peak_mib })
}

/// `reel recommend`: one run now, with what it did, how long each part took and the process's
/// peak memory after each part.
pub async fn command(config: &reel_base::config::Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url(), 2).await?;
    let run = run(&db).await?;
    let mib = |m: Option<u64>| m.map_or_else(|| "unknown".into(), |m| m.to_string());
    println!(
        "items={} profiles={} watches={} related_rows={} profile_rows={} read_s={:.2} build_s={:.2} write_s={:.2} \
         peak_after_read_mib={} peak_after_build_mib={} peak_rss_mib={}",
        run.items,
        run.profiles,
        run.watches,
        run.related_rows,
        run.profile_rows,
        run.read.as_secs_f64(),
        run.build.as_secs_f64(),
        run.write.as_secs_f64(),
        mib(run.peak_mib[0]),
        mib(run.peak_mib[1]),
        mib(run.peak_mib[2]),
    );
    Ok(())
}

/// "Up next" after `video` (which the viewer may see): the items related to it that the
/// viewer may watch (as a member, a kids profile, or anyone where public items are open),
/// minus what their profile has finished, at most `limit`.
#[tracing::instrument(skip_all, fields(item = %video))]
pub async fn up_next(ctx: &Context, viewer: Option<&Caller>, video: VideoId, limit: usize) -> problem::Result<Vec<VideoRecord>> {
    let Some(audience) = videos::browsing_audience(ctx, viewer) else { return Ok(Vec::new()) };
    let db = ctx.db.clone();
    let ids = ctx.shared.id_list(&format!("related:{video}"), recommendations::related(&db, video, READ)).await?;
    shown(ctx, audience, viewer.map(Caller::profile_id), &ids, limit).await
}

/// "Recommended for you": the caller's profile's picks that it may watch now, at most `limit`.
pub async fn for_you(ctx: &Context, caller: &Caller, limit: usize) -> problem::Result<Vec<VideoRecord>> {
    let (db, profile) = (ctx.db.clone(), caller.profile_id());
    let ids = ctx.shared.id_list(&format!("profile:{profile}"), recommendations::for_profile(&db, profile, READ)).await?;
    shown(ctx, videos::member_audience(ctx, caller), Some(profile), &ids, limit).await
}

/// The items of `ids` that `audience` may watch and `profile` has not finished, in order.
async fn shown(
    ctx: &Context,
    audience: Audience,
    profile: Option<ProfileId>,
    ids: &[VideoId],
    limit: usize,
) -> problem::Result<Vec<VideoRecord>> {
    let mut rows = videos::watchable_among(ctx, audience, ids).await?;
    if let Some(profile) = profile {
        let done = watch::finished_among(&ctx.db, profile, &rows.iter().map(|v| v.id).collect::<Vec<_>>()).await?;
        rows.retain(|v| !done.contains(&v.id));
    }
    rows.truncate(limit);
    Ok(rows)
}
