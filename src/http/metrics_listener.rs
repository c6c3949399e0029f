//! The metrics listener: `GET /metrics` on `telemetry.metrics_listen`, a port of its own and
//! never the public one, since metrics say more about the system than visitors should know.
//! What it answers is `ops::telemetry`'s exposition; this is only the route that serves it.

use axum::routing::get;
use axum::Router;
use tokio_util::sync::CancellationToken;

/// Serves `GET /metrics` on `addr` until `shutdown`, each answer `render`ed when asked (the
/// process's own figures sampled then). Fails only when `addr` cannot be bound.
pub async fn serve(
    addr: &str,
    render: impl Fn() -> String + Clone + Send + Sync + 'static,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("prometheus metrics served at http://{}/metrics", listener.local_addr()?);
    let app = Router::new().route("/metrics", get(move || std::future::ready(render())));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown.cancelled_owned()).await {
            tracing::error!(error = %e, "metrics listener failed");
        }
    });
    Ok(())
}
