//! Wiring: `serve` (the HTTP listener plus in-process workers and sweeps) and `work` (workers
//! only). Builds the state, asks `http::router` for the routes, and runs them until shutdown.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::http::client_ip::ClientIpConfig;
use crate::http::serve::ConnectionLimits;
use crate::state::AppState;
use reel_base::config::Config;
use reel_core::platform::jobs::{self, Registry};
use reel_core::platform::Context;

/// Runs the HTTP server on `listener` (and the job workers unless `with_workers` is false)
/// until `shutdown` is cancelled; then stops taking work and hands running jobs back. The
/// configuration came from `config_file` (if any), which is followed for `[edge]` changes.
pub async fn serve(
    config: Config,
    config_file: Option<PathBuf>,
    listener: TcpListener,
    with_workers: bool,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let base_url = config.public_base_url(addr);
    let state = state(config, base_url.clone()).await?;
    let client_ip = Arc::new(ClientIpConfig::from_config(&state.config.rate_limit).map_err(|e| anyhow::anyhow!("rate_limit: {e}"))?);
    let limits = ConnectionLimits::from_config(&state.config.server, client_ip.clone(), Some(state.edge.clone()));
    if let Some(file) = config_file {
        tokio::spawn(reel_core::platform::edge::follow_config(state.edge.clone(), file, shutdown.clone()));
    }
    let app = crate::http::router::router(state.clone(), client_ip);
    let workers = with_workers.then(|| tokio::spawn(jobs::run_workers(state.ctx.clone(), shutdown.clone())));
    tokio::spawn(sweep_uploads(state.clone(), shutdown.clone()));
    tokio::spawn(reel_core::ops::monitor::sample_gauges(state.db.clone(), state.shared.clone(), state.queue.clone(), shutdown.clone()));
    tokio::spawn(reel_core::ops::monitor::alarms::watch(state.db.clone(), state.queue.clone(), state.config.clone(), shutdown.clone()));
    state.shared.listen_for_changes(shutdown.clone());
    let every = Duration::from_secs(state.config.cost.flush_secs);
    tokio::spawn(state.usage.clone().run(state.db.clone(), state.store.clone(), every, shutdown.clone()));
    if reel_base::db::users::list(&state.db).await?.is_empty() {
        tracing::warn!("no accounts yet: create the first admin with `reel user create --email YOU@EXAMPLE.ORG --role admin`");
    }
    tracing::info!("listening on {base_url}");
    crate::http::serve::serve(listener, app, limits, shutdown.clone()).await;
    if let Some(workers) = workers {
        let _ = workers.await;
    }
    // What the origin delivered since the last flush, now that it has answered its last.
    state.usage.flush_with(&state.db, &state.store).await;
    Ok(())
}

/// Connects to everything `config` names and adds the web's parts; links in what this process
/// sends point at `base_url`, the address it serves.
pub async fn state(config: Config, base_url: String) -> anyhow::Result<AppState> {
    AppState::with_context(context(config).await?, base_url).await
}

/// Every job kind this build runs: each domain adds its own.
pub fn job_kinds() -> Registry {
    let registry = reel_core::processing::register(Registry::default());
    let registry = reel_core::audience::register(registry);
    let registry = reel_core::platform::webhooks::register(registry);
    reel_core::ops::register(registry)
}

/// The context of this build: every domain's job kinds, the delivery's playback signer, and
/// every message sent counted as usage. Servers, workers and commands all run on one.
pub async fn context(config: Config) -> anyhow::Result<Context> {
    context_with_clock(config, reel_base::domain::Clock::system()).await
}

/// The one context, reading the time from `clock`: a test's, which it sets and moves.
pub async fn context_with_clock(config: Config, clock: reel_base::domain::Clock) -> anyhow::Result<Context> {
    let signer = reel_core::delivery::load_signer(&config)?;
    Context::connect(config, job_kinds(), signer, reel_core::ops::cost::Metered::wrap, clock).await
}

/// Runs only the job workers until `shutdown` (the `reel worker` process); its changes reach
/// the servers through Redis.
pub async fn work(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    let ctx = context(config).await?;
    tokio::spawn(reel_core::ops::monitor::sample_gauges(ctx.db.clone(), ctx.shared.clone(), ctx.queue.clone(), shutdown.clone()));
    // The worker's own usage is its requests to the store (its CPU is recorded per job).
    let usage = reel_core::ops::cost::meter::UsageMeter::default();
    let every = Duration::from_secs(ctx.config.cost.flush_secs);
    tokio::spawn(usage.clone().run(ctx.db.clone(), ctx.store.clone(), every, shutdown.clone()));
    let (db, store) = (ctx.db.clone(), ctx.store.clone());
    jobs::run_workers(ctx, shutdown).await;
    usage.flush_with(&db, &store).await;
    Ok(())
}

/// Every ten minutes: the unfinished uploads past their expiry, the idempotency keys past
/// theirs, webhook deliveries past their keeping, and playback streams gone idle or ended a
/// month ago.
async fn sweep_uploads(state: AppState, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                match reel_core::platform::staging::sweep_expired(&state.ctx).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(count = n, "removed expired uploads"),
                    Err(e) => tracing::warn!(error = %e, "could not sweep expired uploads"),
                }
                if let Err(e) = reel_core::platform::idempotency::forget_expired(&state.ctx).await {
                    tracing::warn!(error = %e, "could not forget expired idempotency keys");
                }
                if let Err(e) = reel_core::platform::webhooks::forget_old(&state.ctx).await {
                    tracing::warn!(error = %e, "could not forget old webhook deliveries");
                }
                if let Err(e) = reel_core::delivery::streams::sweep(&state.ctx).await {
                    tracing::warn!(error = %e, "could not sweep playback streams");
                }
            }
            () = shutdown.cancelled() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_core::platform::jobs::Lane;

    #[test]
    fn the_standard_registry_knows_every_kind() {
        assert_eq!(
            job_kinds().names(),
            [
                "apply_lifecycle",
                "compute_recommendations",
                "delete_account",
                "deliver_webhook",
                "email_digest",
                "finish_video_chunks",
                "notify_alarm",
                "notify_subscribers",
                "process_avatar",
                "process_video",
                "process_video_audio",
                "process_video_chunk",
                "process_watermark",
                "purge_deleted_video",
                "record_usage",
                "remake_rungs",
                "reprocess_video",
                "restore_archived",
                "retire_renditions",
                "window_edge"
            ]
        );
    }

    #[test]
    fn the_light_kinds_are_the_short_ones_someone_waits_for() {
        assert_eq!(
            job_kinds().names_for(Lane::Light),
            [
                "deliver_webhook",
                "email_digest",
                "finish_video_chunks",
                "notify_alarm",
                "notify_subscribers",
                "process_video_audio",
                "window_edge"
            ]
        );
    }

    #[test]
    fn pictures_have_a_lane_of_their_own_and_no_other() {
        let registry = job_kinds();
        let pictures = registry.names_for(Lane::Pictures);
        assert_eq!(pictures, ["process_avatar", "process_watermark"]);
        let main = registry.names_for(Lane::Main);
        assert!(pictures.iter().all(|p| !main.contains(p)), "a main lane never holds a picture");
        assert!(registry.names_for(Lane::Light).iter().all(|l| main.contains(l)), "light work may run in a main lane too");
        assert_eq!(main.len() + pictures.len(), registry.names().len(), "every other kind runs in a main lane");
    }

    #[test]
    #[should_panic(expected = "registered twice")]
    fn a_kind_cannot_be_registered_twice() {
        let _ = job_kinds().register::<reel_core::processing::process_video::ProcessVideo>();
    }

    #[test]
    fn the_queue_names_no_job_kind_and_no_domain() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src/platform/jobs");
        let kinds = job_kinds().names();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let words: std::collections::HashSet<&str> = text.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
            for kind in &kinds {
                assert!(!words.contains(kind), "{} names the job kind {kind}; its domain registers it", path.display());
            }
            for domain in ["crate::processing", "crate::audience", "crate::library", "crate::ingest"] {
                assert!(!text.contains(domain), "{} reaches into {domain}; the queue runs what domains register", path.display());
            }
        }
    }
}
