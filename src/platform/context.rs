//! The one context every capability runs with, whoever calls it (a request handler, a job,
//! the command line): configuration, database, store, media runner, queue, the shared cache
//! and announcer of changed items, and the site's address. It holds nothing of the web, so a
//! `reel worker` needs no signer or sign-in key to start (a job that sends email builds its
//! notifier from the configuration when it runs); the web state is this plus the web's parts.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::media::process::Runner;
use crate::platform::shared::Shared;
use crate::storage::Store;

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
}

impl Context {
    /// Makes the data folder owner-only, and connects to the database and store named by
    /// `config`; the queue's workers run the kinds of `kinds`.
    pub async fn connect(config: Config, kinds: Registry) -> anyhow::Result<Self> {
        match crate::private_fs::create_private_dir(&config.data_dir) {
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
        let db = Db::connect(&config.database_url(), config.database.max_connections).await?;
        let store = Store::from_config(&config)?.with_ledger(Arc::new(crate::db::storage::DbLedger(db.clone())));
        let media = Runner::new(&config.media.ffmpeg, &config.media.ffprobe, config.media.max_processes);
        let queue = Queue::new(db.clone(), config.jobs.max_attempts, kinds);
        let shared = Shared::connect(&config).await?;
        let site_url = config.public_base_url_for_links().into();
        Ok(Self { config: Arc::new(config), db, store, media, queue, shared, site_url })
    }
}
