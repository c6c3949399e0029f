//! What every request handler shares: the platform's [`Context`] (which capabilities take, and
//! which jobs and the command line get too) plus the web's own parts (the edge, the access log,
//! the origin's usage meter). Imports no handler: the router that uses it is built in
//! `http::router`.

use std::sync::Arc;

use reel_core::platform::Context;

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
    /// The origin's access log, when `access_log.enabled`.
    pub access_log: Option<reel_core::delivery::access_log::AccessLog>,
    /// What the origin delivered, by item, until it is written down (`cost.flush_secs`).
    pub usage: reel_core::ops::cost::meter::UsageMeter,
    /// The address lists, request budgets and download pacing of `[edge]`.
    pub edge: Arc<reel_core::platform::edge::Edge>,
}

impl std::ops::Deref for Parts {
    type Target = Context;

    fn deref(&self) -> &Context {
        &self.ctx
    }
}

impl AppState {
    /// Adds the web's parts to a context. Links in what this process sends point at
    /// `base_url`, the address it serves.
    pub async fn with_context(mut ctx: Context, base_url: String) -> anyhow::Result<Self> {
        ctx.site_url = base_url.into();
        let Context { config, db, shared, .. } = &ctx;
        let edge = Arc::new(reel_core::platform::edge::Edge::new(config, shared.clone(), Some(db.clone()))?);
        let access_log = if config.access_log.enabled {
            let key = reel_core::platform::secrets::access_log_key(config)?;
            reel_core::delivery::access_log::AccessLog::start(&config.access_log, &config.data_dir, key)
                .map_err(|e| anyhow::anyhow!("access_log: {e}"))?
        } else {
            None
        };
        Ok(Self(Arc::new(Parts { ctx, access_log, usage: reel_core::ops::cost::meter::UsageMeter::default(), edge })))
    }
}
