//! The one context every capability runs with, whoever calls it (a request handler, a job,
//! the command line): configuration, database, store, media runner, queue, the shared cache
//! and announcer of changed items, the site's address, the playback signer, the notifier that
//! sends email and SMS, the sign-in code key, what a kids profile may see and the country
//! database. The web state is this plus the web's parts (the edge's lists and budgets, the
//! access log, the origin's usage meter).

use std::sync::Arc;

use crate::platform::shared::Shared;
use reel_base::config::Config;
use reel_base::db::Db;
use reel_base::domain::profile::RatingCap;
use reel_base::media::process::Runner;
use reel_base::storage::Store;

use super::geo::Geo;
use super::notify::Notifier;
use super::signing::Signer;

use super::jobs::{Queue, Registry};

/// Everything a capability may touch, cheap to clone.
#[derive(Clone)]
pub struct Context {
    /// The effective configuration.
    pub config: Arc<Config>,
    /// Metadata and queue database.
    pub db: Db,
    /// Object store.
    pub store: Store,
    /// ffmpeg/ffprobe runner (the only way a job starts a process).
    pub media: Runner,
    /// The queue, for jobs that queue follow-up work.
    pub queue: Queue,
    /// Where a job announces a video it changed, so every process's caches forget it (and
    /// this process's caches, which a `reel worker` keeps empty).
    pub shared: Shared,
    /// The site's address, for links in what jobs send (emails): the address `reel serve`
    /// bound, or `server.base_url` in a `reel worker`, which binds none.
    pub site_url: Arc<str>,
    /// Signs and checks playback tokens.
    pub signer: Signer,
    /// Sends email and SMS (login codes, digests, alarms), each message counted as usage.
    pub notifier: Arc<dyn Notifier>,
    /// Key of the login-code hashes.
    pub otp_key: Arc<[u8]>,
    /// What a kids profile may see (from `audience.kids_max_rating`).
    pub kids_cap: RatingCap,
    /// Which country a client address is in (`[geo] database`).
    pub geo: Arc<Geo>,
}

impl Context {
    /// Makes the data folder owner-only, and connects to the database and store named by
    /// `config`; the queue's workers run the kinds of `kinds`, tokens are signed by `signer`,
    /// `count` wraps the notifier so that what it sends is counted, and everything reads the
    /// time from `clock`.
    pub async fn connect(
        config: Config,
        kinds: Registry,
        signer: Signer,
        count: fn(Arc<dyn Notifier>, Db) -> Arc<dyn Notifier>,
        clock: reel_base::domain::Clock,
    ) -> anyhow::Result<Self> {
        match reel_base::private_fs::create_private_dir(&config.data_dir) {
            Ok(false) => {}
            Ok(true) => {
                tracing::warn!(path = %config.data_dir.display(), "the data folder was readable by other users; it is owner-only now")
            }
            // Not ours to change (a volume shared by group, say): say so, and carry on.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                tracing::warn!(path = %config.data_dir.display(), error = %e, "could not make the data folder owner-only")
            }
            Err(e) => return Err(anyhow::anyhow!("creating the data folder {}: {e}", config.data_dir.display())),
        }
        let db = Db::connect(&config.database_url(), config.database.max_connections).await?.with_clock(clock);
        let store = Store::from_config(&config)?.with_ledger(Arc::new(reel_base::db::storage::DbLedger(db.clone())));
        let media = Runner::new(&config.media.ffmpeg, &config.media.ffprobe, config.media.max_processes);
        let queue = Queue::new(db.clone(), config.jobs.max_attempts, kinds);
        let shared = Shared::connect(&config).await?;
        let site_url = config.public_base_url_for_links().into();
        let notifier = count(super::notify::from_config(&config)?, db.clone());
        let otp_key = super::secrets::login_code_key(&config)?.into();
        // Read now so a bad `keys.links` stops the start rather than the first message.
        super::secrets::links_key(&config)?;
        let kids_cap = config.kids_cap().ok_or_else(|| anyhow::anyhow!("audience.kids_max_rating is not on the rating scale"))?;
        let geo = Arc::new(match &config.geo.database {
            Some(path) => Geo::open(path)?,
            None => Geo::none(),
        });
        Ok(Self { config: Arc::new(config), db, store, media, queue, shared, site_url, signer, notifier, otp_key, kids_cap, geo })
    }

    /// What "now" is for every capability: the database's clock, so what a capability decides
    /// and what a row records read one time (the system's, or one a test set).
    pub fn clock(&self) -> &reel_base::domain::Clock {
        self.db.clock()
    }

    /// Where playback URLs point: the CDN when one is configured, else the site itself.
    pub fn playback_base(&self) -> &str {
        let cdn = self.config.cdn.base_url.trim_end_matches('/');
        if cdn.is_empty() {
            &self.site_url
        } else {
            cdn
        }
    }
}
