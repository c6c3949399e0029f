//! The application: shared state, the router, and `serve` (HTTP plus in-process workers).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::db::Db;
use crate::delivery::{self, origin, token::Signer};
use crate::http::{api, middleware as mw};
use crate::ingest::{multipart, tus};
use crate::jobs::{self, Queue};
use crate::media::process::Runner;
use crate::storage::Store;

/// Everything a request handler or a job needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The effective configuration.
    pub config: Arc<Config>,
    /// Metadata and queue database.
    pub db: Db,
    /// Object store.
    pub store: Store,
    /// ffmpeg/ffprobe runner.
    pub media: Runner,
    /// The job queue.
    pub queue: Queue,
    /// Playback token signer.
    pub signer: Arc<Signer>,
    /// Public URL of this server (API links).
    pub base_url: Arc<str>,
    /// Where playback URLs point: the CDN when configured, else `base_url`.
    pub playback_base: Arc<str>,
    /// Delivers login codes.
    pub notifier: Arc<dyn crate::auth::notify::Notifier>,
    /// Rate limits and cache invalidations shared between processes (Redis), or kept in this one.
    pub shared: crate::shared::Shared,
    /// Key of the login-code hashes.
    pub otp_key: Arc<[u8]>,
    /// How the client's IP is found (behind trusted proxies).
    pub client_ip: Arc<crate::http::ratelimit::ClientIpConfig>,
    /// The origin's cache of finished videos' indexes and segments.
    pub origin_cache: crate::delivery::cache::OriginCache,
}

impl AppState {
    /// Connects to the database and store named by `config`.
    pub async fn build(config: Config, base_url: String) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url(), config.database.max_connections).await?;
        let store = Store::from_config(&config)?;
        let media = Runner::new(&config.media.ffmpeg, &config.media.ffprobe, config.media.max_processes);
        let queue = Queue::new(db.clone(), config.jobs.max_attempts);
        let signer = Arc::new(delivery::load_signer(&config)?);
        let playback_base =
            if config.cdn.base_url.is_empty() { base_url.clone() } else { config.cdn.base_url.trim_end_matches('/').to_string() };
        let notifier = crate::auth::notify::from_config(&config)?;
        let otp_key: Arc<[u8]> = crate::auth::secrets::read_or_create(&config.data_dir.join("secrets").join("otp.key"), 32)?.into();
        let client_ip = Arc::new(
            crate::http::ratelimit::ClientIpConfig::from_config(&config.rate_limit).map_err(|e| anyhow::anyhow!("rate_limit: {e}"))?,
        );
        let config_cache_bytes = config.delivery.cache_bytes;
        let shared = crate::shared::Shared::connect(config.cache.url.expose(), &config.cache.key_prefix).await?;
        Ok(Self {
            config: Arc::new(config),
            db,
            store,
            media,
            queue,
            signer,
            base_url: base_url.into(),
            playback_base: playback_base.into(),
            notifier,
            shared,
            otp_key,
            client_ip,
            origin_cache: crate::delivery::cache::OriginCache::new(config_cache_bytes),
        })
    }
}

/// Every route of the public listener.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.server.max_body_bytes;
    // The file plus the form's text fields; whatever else a form carries counts against it too.
    let multipart_limit = usize::try_from(state.config.server.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(1 << 20);
    let api = Router::new()
        .route("/api/v1/videos", get(api::list_videos).post(multipart::upload.layer(DefaultBodyLimit::max(multipart_limit))))
        .route("/api/v1/videos/{id}", get(api::get_video).patch(api::edit_video).delete(api::delete_video))
        .route("/api/v1/videos/{id}/playback-cookie", axum::routing::post(api::playback_cookie))
        .route("/api/v1/videos/{id}/progress", axum::routing::put(api::save_progress))
        .route("/api/v1/videos/{id}/views", axum::routing::post(api::count_view))
        .route("/api/v1/admin/jobs", get(api::admin_jobs))
        .route("/api/v1/admin/jobs/{id}/retry", axum::routing::post(api::admin_retry_job))
        .merge(tus::routes().layer(DefaultBodyLimit::disable()))
        .route("/api/v1/uploads/direct", axum::routing::post(crate::ingest::direct::start))
        .route("/api/v1/uploads/direct/{id}/complete", axum::routing::post(crate::ingest::direct::complete))
        .merge(crate::http::auth_api::routes())
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz));
    let timeout = Duration::from_secs(state.config.server.request_timeout_secs);
    let pages = crate::http::pages::routes()
        .fallback(crate::http::pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), crate::http::pages::page_headers));
    Router::new()
        .merge(api)
        .merge(origin::routes().layer(middleware::from_fn(origin::cors)))
        .merge(pages)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), crate::http::auth_api::limit_api))
        .layer(axum::Extension(state.client_ip.clone()))
        .layer(middleware::from_fn(move |req, next| time_limit(timeout, req, next)))
        .layer(middleware::from_fn(mw::json_errors))
        .layer(middleware::from_fn(mw::record_metrics))
        .layer(middleware::from_fn(mw::security_headers))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// Cuts off slow requests, except uploads, whose bodies may take as long as they take.
async fn time_limit(limit: Duration, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_upload = path.starts_with("/api/v1/uploads") || (request.method() == Method::POST && path == "/api/v1/videos");
    if is_upload {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => crate::error::AppError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long").into_response(),
    }
}

/// Runs the HTTP server on `listener` (and the job workers unless `with_workers` is false)
/// until `shutdown` is cancelled; then stops taking work and hands running jobs back.
pub async fn serve(config: Config, listener: TcpListener, with_workers: bool, shutdown: CancellationToken) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    let base_url = config.public_base_url(addr);
    let state = AppState::build(config, base_url.clone()).await?;
    let workers = with_workers.then(|| tokio::spawn(jobs::run_workers(state.clone(), shutdown.clone())));
    tokio::spawn(sweep_uploads(state.clone(), shutdown.clone()));
    state.shared.listen_for_invalidations(state.origin_cache.clone(), shutdown.clone());
    if crate::db::users::list(&state.db).await?.is_empty() {
        tracing::warn!("no accounts yet: create the first admin with `reel user create --email YOU@EXAMPLE.ORG --role admin`");
    }
    tracing::info!("listening on {base_url}");
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown.clone().cancelled_owned()).await?;
    if let Some(workers) = workers {
        let _ = workers.await;
    }
    Ok(())
}

/// Runs only the job workers until `shutdown` (the `reel worker` process).
pub async fn work(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    let base_url = config.public_base_url(config.server.listen.parse().unwrap_or_else(|_| ([127, 0, 0, 1], 8080).into()));
    let state = AppState::build(config, base_url).await?;
    jobs::run_workers(state, shutdown).await;
    Ok(())
}

async fn sweep_uploads(state: AppState, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = tick.tick() => match tus::sweep_expired(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "removed expired uploads"),
                Err(e) => tracing::warn!(error = %e, "could not sweep expired uploads"),
            },
            () = shutdown.cancelled() => return,
        }
    }
}
