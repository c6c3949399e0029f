//! What every request handler shares: the job context's parts plus the web's own (playback
//! signer, sign-in notifier and key, shared limits and cache). Imports no handler: the router
//! that uses it is built in `http::router`.

use std::sync::Arc;

use crate::auth::notify::Notifier;
use crate::config::Config;
use crate::db::Db;
use crate::delivery::token::Signer;
use crate::domain::profile::RatingCap;
use crate::media::process::Runner;
use crate::platform::jobs::{JobContext, Queue};
use crate::platform::shared::Shared;
use crate::storage::Store;

/// Everything a request handler needs. One pointer: axum clones the state for every handler
/// and middleware a request passes through, so a clone must cost one atomic increment, not
/// one per part (`state.db`, `state.config`… reach the parts through `Deref`).
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

impl std::ops::Deref for AppState {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

/// The parts of an [`AppState`].
pub struct Parts {
    /// The effective configuration.
    pub config: Arc<Config>,
    /// Metadata and queue database.
    pub db: Db,
    /// Object store.
    pub store: Store,
    /// ffmpeg/ffprobe runner (for the in-process workers).
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
    pub notifier: Arc<dyn Notifier>,
    /// Rate limits and announcements of changes shared between processes (Redis), or kept in
    /// this one; holds this process's caches.
    pub shared: Shared,
    /// Key of the login-code hashes.
    pub otp_key: Arc<[u8]>,
    /// What a kids profile may see (from `audience.kids_max_rating`).
    pub kids_cap: RatingCap,
    /// The origin's access log, when `access_log.enabled`.
    pub access_log: Option<crate::delivery::access_log::AccessLog>,
    /// What the origin delivered, by item, until it is written down (`cost.flush_secs`).
    pub usage: crate::ops::cost::meter::UsageMeter,
    /// The address lists, request budgets and download pacing of `[edge]`.
    pub edge: Arc<crate::platform::edge::Edge>,
}

impl AppState {
    /// Connects to everything `config` names.
    pub async fn build(config: Config, base_url: String) -> anyhow::Result<Self> {
        Self::with_jobs(JobContext::connect(config, crate::app::job_kinds()).await?, base_url).await
    }

    /// Adds the web's parts to a job context: the signer, notifier and sign-in key.
    pub async fn with_jobs(jobs: JobContext, base_url: String) -> anyhow::Result<Self> {
        let JobContext { config, db, store, media, queue, shared, site_url: _ } = jobs;
        let signer = Arc::new(crate::delivery::load_signer(&config)?);
        let playback_base =
            if config.cdn.base_url.is_empty() { base_url.clone() } else { config.cdn.base_url.trim_end_matches('/').to_string() };
        let notifier = crate::ops::cost::Metered::wrap(crate::auth::notify::from_config(&config)?, db.clone());
        let otp_key: Arc<[u8]> = crate::auth::secrets::login_code_key(&config)?.into();
        // Read now so a bad `keys.links` stops the start rather than the first message.
        crate::auth::secrets::links_key(&config)?;
        let edge = Arc::new(crate::platform::edge::Edge::new(&config, shared.clone(), Some(db.clone()))?);
        let kids_cap = config.kids_cap().ok_or_else(|| anyhow::anyhow!("audience.kids_max_rating is not on the rating scale"))?;
        let access_log = if config.access_log.enabled {
            let key = crate::auth::secrets::access_log_key(&config)?;
            crate::delivery::access_log::AccessLog::start(&config.access_log, &config.data_dir, key)
                .map_err(|e| anyhow::anyhow!("access_log: {e}"))?
        } else {
            None
        };
        Ok(Self(Arc::new(Parts {
            config,
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
            kids_cap,
            access_log,
            usage: crate::ops::cost::meter::UsageMeter::default(),
            edge,
        })))
    }

    /// What a job run from this process gets: the same database, store, runner and queue.
    pub fn job_context(&self) -> JobContext {
        JobContext {
            config: self.config.clone(),
            db: self.db.clone(),
            store: self.store.clone(),
            media: self.media.clone(),
            queue: self.queue.clone(),
            shared: self.shared.clone(),
            site_url: self.base_url.clone(),
        }
    }
}
