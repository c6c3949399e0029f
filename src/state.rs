//! What every request handler shares: the platform's [`Context`] (which capabilities take, and
//! which jobs and the command line get too) plus the web's own parts (playback signer, sign-in
//! notifier and key, the edge, the access log). Imports no handler: the router that uses it is
//! built in `http::router`.

use std::sync::Arc;

use crate::auth::notify::Notifier;
use crate::config::Config;
use crate::delivery::token::Signer;
use crate::domain::profile::RatingCap;
use crate::platform::Context;

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

/// The parts of an [`AppState`]: the context (`state.db`, `state.queue`… reach its parts
/// through `Deref`, and `&state` passes where a capability asks for `&Context`) and the web's.
pub struct Parts {
    /// What every capability runs with.
    pub ctx: Context,
    /// Playback token signer.
    pub signer: Arc<Signer>,
    /// Public URL of this server (API links).
    pub base_url: Arc<str>,
    /// Where playback URLs point: the CDN when configured, else `base_url`.
    pub playback_base: Arc<str>,
    /// Delivers login codes.
    pub notifier: Arc<dyn Notifier>,
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

impl std::ops::Deref for Parts {
    type Target = Context;

    fn deref(&self) -> &Context {
        &self.ctx
    }
}

impl AppState {
    /// Connects to everything `config` names.
    pub async fn build(config: Config, base_url: String) -> anyhow::Result<Self> {
        Self::with_context(Context::connect(config, crate::app::job_kinds()).await?, base_url).await
    }

    /// Adds the web's parts to a context: the signer, notifier and sign-in key. Links in what
    /// jobs of this process send point at `base_url`, the address it serves.
    pub async fn with_context(mut ctx: Context, base_url: String) -> anyhow::Result<Self> {
        ctx.site_url = base_url.as_str().into();
        let Context { config, db, shared, .. } = &ctx;
        let signer = Arc::new(crate::delivery::load_signer(config)?);
        let playback_base =
            if config.cdn.base_url.is_empty() { base_url.clone() } else { config.cdn.base_url.trim_end_matches('/').to_string() };
        let notifier = crate::ops::cost::Metered::wrap(crate::auth::notify::from_config(config)?, db.clone());
        let otp_key: Arc<[u8]> = crate::auth::secrets::login_code_key(config)?.into();
        // Read now so a bad `keys.links` stops the start rather than the first message.
        crate::auth::secrets::links_key(config)?;
        let edge = Arc::new(crate::platform::edge::Edge::new(config, shared.clone(), Some(db.clone()))?);
        let kids_cap = config.kids_cap().ok_or_else(|| anyhow::anyhow!("audience.kids_max_rating is not on the rating scale"))?;
        let access_log = if config.access_log.enabled {
            let key = crate::auth::secrets::access_log_key(config)?;
            crate::delivery::access_log::AccessLog::start(&config.access_log, &config.data_dir, key)
                .map_err(|e| anyhow::anyhow!("access_log: {e}"))?
        } else {
            None
        };
        Ok(Self(Arc::new(Parts {
            ctx,
            signer,
            base_url: base_url.into(),
            playback_base: playback_base.into(),
            notifier,
            otp_key,
            kids_cap,
            access_log,
            usage: crate::ops::cost::meter::UsageMeter::default(),
            edge,
        })))
    }
}
