//! Logs (tracing, to stderr) and Prometheus metrics on their own listener.

use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::PrometheusBuilder;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// Sends logs to stderr, filtered by `RUST_LOG` or else `filter`.
pub fn init_logging(filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
}

/// Installs the metrics recorder and serves `GET /metrics` on `addr` until `shutdown`.
/// Never on the public port: metrics say more about the system than visitors should know.
pub async fn serve_metrics(addr: &str, shutdown: CancellationToken) -> anyhow::Result<()> {
    let handle = PrometheusBuilder::new()
        .set_buckets(&[0.005, 0.025, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0])?
        .install_recorder()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("prometheus metrics served at http://{}/metrics", listener.local_addr()?);
    let app = Router::new().route("/metrics", get(move || std::future::ready(handle.render())));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown.cancelled_owned()).await {
            tracing::error!(error = %e, "metrics listener failed");
        }
    });
    Ok(())
}
