//! Wiring: `serve` (the HTTP listener plus in-process workers and sweeps) and `work` (workers
//! only). Builds the state, asks `http::router` for the routes, and runs them until shutdown.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::http::client_ip::ClientIpConfig;
use crate::http::serve::ConnectionLimits;
use crate::jobs::{self, JobContext};
use crate::state::AppState;

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
    let state = AppState::build(config, base_url.clone()).await?;
    let client_ip = Arc::new(ClientIpConfig::from_config(&state.config.rate_limit).map_err(|e| anyhow::anyhow!("rate_limit: {e}"))?);
    let limits = ConnectionLimits::from_config(&state.config.server, client_ip.clone(), Some(state.edge.clone()));
    if let Some(file) = config_file {
        tokio::spawn(crate::edge::follow_config(state.edge.clone(), file, shutdown.clone()));
    }
    let app = crate::http::router::router(state.clone(), client_ip);
    let workers = with_workers.then(|| tokio::spawn(jobs::run_workers(state.job_context(), shutdown.clone())));
    tokio::spawn(sweep_uploads(state.clone(), shutdown.clone()));
    tokio::spawn(crate::monitor::sample_gauges(state.db.clone(), state.shared.clone(), state.queue.clone(), shutdown.clone()));
    tokio::spawn(crate::monitor::alarms::watch(state.db.clone(), state.queue.clone(), state.config.clone(), shutdown.clone()));
    state.shared.listen_for_changes(shutdown.clone());
    let every = Duration::from_secs(state.config.cost.flush_secs);
    tokio::spawn(state.usage.clone().run(state.db.clone(), state.store.clone(), every, shutdown.clone()));
    if crate::db::users::list(&state.db).await?.is_empty() {
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

/// Runs only the job workers until `shutdown` (the `reel worker` process): no notifier, signer
/// or sign-in key is needed, so none is opened; its changes reach the servers through Redis.
pub async fn work(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    let ctx = JobContext::connect(config).await?;
    tokio::spawn(crate::monitor::sample_gauges(ctx.db.clone(), ctx.shared.clone(), ctx.queue.clone(), shutdown.clone()));
    // The worker's own usage is its requests to the store (its CPU is recorded per job).
    let usage = crate::cost::meter::UsageMeter::default();
    let every = Duration::from_secs(ctx.config.cost.flush_secs);
    tokio::spawn(usage.clone().run(ctx.db.clone(), ctx.store.clone(), every, shutdown.clone()));
    let (db, store) = (ctx.db.clone(), ctx.store.clone());
    jobs::run_workers(ctx, shutdown).await;
    usage.flush_with(&db, &store).await;
    Ok(())
}

async fn sweep_uploads(state: AppState, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = tick.tick() => match crate::ingest::tus::sweep_expired(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "removed expired uploads"),
                Err(e) => tracing::warn!(error = %e, "could not sweep expired uploads"),
            },
            () = shutdown.cancelled() => return,
        }
    }
}
