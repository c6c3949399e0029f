//! The metadata and queue database: one pool, one set of queries for every backend.

/// Reads a row into a struct whose fields are its columns, each decoded as its field's type:
/// `from_row!(Record { id, title, profile = "profile_id" })` (a field read from a column of
/// another name says which). A record that nests another implements `FromRow` itself. Written out rather than derived: sqlx's derive is a procedural
/// macro that compiles both database drivers a second time, for the compiler's own use.
macro_rules! from_row {
    ($record:ident { $($field:ident $(= $column:literal)?),* $(,)? }) => {
        impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for $record {
            fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
                use sqlx::Row as _;
                Ok(Self { $($field: row.try_get(from_row!(@column $field $($column)?))?),* })
            }
        }
    };
    (@column $field:ident) => { stringify!($field) };
    (@column $field:ident $column:literal) => { $column };
}

pub mod account_data;
pub mod alarms;
pub mod analytics;
pub mod audit;
pub mod captions;
pub mod catalogue;
pub mod chapters;
mod codec;
pub mod collections;
pub mod comments;
pub mod devices;
pub mod idempotency;
pub mod jobs;
pub mod listing;
pub mod migrate;
pub mod notifications;
pub mod otp;
pub mod parts;
pub mod plans;
pub mod playback;
pub mod profiles;
pub mod reactions;
pub mod recommendations;
pub mod recovery_codes;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod share_links;
pub mod storage;
pub mod streams;
pub mod subscriptions;
pub mod tokens;
pub mod uploads;
pub mod usage;
pub mod users;
pub mod videos;
pub mod watch;
pub mod webhooks;
pub mod windows;

use std::str::FromStr;
use std::time::Duration;

use futures::future::BoxFuture;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, ConnectOptions, Executor};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema's migrations for one backend, embedded in the binary (listed by `build.rs`: the
/// version, the description and the SQL of each file of `migrations/{backend}`).
#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|&(version, description, sql)| {
                // As sqlx reads a migrations folder: the checksum is of the SQL, so a database
                // migrated by an earlier build checks out, and a first line of
                // `-- no-transaction` runs the file outside a transaction.
                let no_tx = sql.starts_with("-- no-transaction");
                Migration::new(version, description.into(), MigrationType::Simple, sql.into(), no_tx)
            })
            .collect();
        Box::pin(std::future::ready(Ok(migrations)))
    }
}

/// Longest a request waits for a connection. When the database is down every wait ends here,
/// so this is how long a request takes to be told "database unavailable" (503) rather than
/// hang; when it is up, a pool that stays exhausted this long is overloaded, and shedding
/// requests is the better answer too.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `e` says the database could not be reached (refused, dropped, shutting down, no
/// connection free in time), as opposed to a statement that failed: the first passes when the
/// database is back, so its requests get 503 and its jobs are tried again.
pub fn is_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        // Class 08 is "connection exception" (but 08P01, a protocol violation, is a bad
        // statement that would fail again); 57P01–57P03 are an administrator's shutdown, a
        // crash shutdown and "cannot connect now" (starting up or shutting down).
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|c| (c.starts_with("08") && c != "08P01") || matches!(&*c, "57P01" | "57P02" | "57P03"))
        }
        _ => false,
    }
}

/// Which database engine is behind the pool (for the few statements that differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file, WAL mode.
    Sqlite,
    /// PostgreSQL, for many processes on many machines.
    Postgres,
}

/// A connection pool plus the engine it talks to.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    url: std::sync::Arc<str>,
    /// What the rows' timestamps and the queries' "now" read.
    clock: crate::domain::Clock,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) when needed, and migrates.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            anyhow::bail!("database url must start with sqlite:// or postgres:// (got {}:)", url.split(':').next().unwrap_or(""))
        };
        if backend == Backend::Sqlite {
            prepare_sqlite_file(url).await?;
        }
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the one writer; busy_timeout makes a
                        // second writer wait instead of failing with SQLITE_BUSY.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Self { pool, backend, url: url.into(), clock: crate::domain::Clock::system() };
        db.migrate().await?;
        let indexed = search::backfill(&db).await?;
        if indexed > 0 {
            tracing::info!(items = indexed, "search index filled in for items it did not have");
        }
        tracing::info!(?backend, "database ready");
        Ok(db)
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let embedded = match self.backend {
            Backend::Sqlite => Embedded(SQLITE),
            Backend::Postgres => Embedded(POSTGRES),
        };
        Migrator::new(embedded).await?.run(&self.pool).await?;
        Ok(())
    }

    /// Reads `clock` from now on, instead of the system's: the time a test sets.
    pub fn with_clock(mut self, clock: crate::domain::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock the rows' timestamps and the queries' "now" read; the context hands the same
    /// one to the capabilities.
    pub fn clock(&self) -> &crate::domain::Clock {
        &self.clock
    }

    /// Milliseconds since the Unix epoch by [`Db::clock`].
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The pool, for the repository functions in this module.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Opens a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads before it writes is refused
    /// outright, not made to wait, when another connection commits a write in between, since
    /// its snapshot is then stale (`SQLITE_BUSY`, which `busy_timeout` does not wait out).
    pub(crate) async fn begin(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Closes every connection; what asks afterwards gets an error.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The pool's connections now: `(busy, idle, max)`.
    pub fn pool_use(&self) -> (u32, u32, u32) {
        let size = self.pool.size();
        let idle = u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX).min(size);
        (size - idle, idle, self.pool.options().get_max_connections())
    }

    /// The engine behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL it was opened with (for connections of their own, like a LISTEN session).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Creates the folder of a `sqlite://PATH` database and the empty file, owner-only, so a first
/// start works and no other local user can read it.
async fn prepare_sqlite_file(url: &str) -> anyhow::Result<()> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    let path = std::path::Path::new(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private_fs::create_dir(dir)?;
    }
    // SQLite gives its -wal and -shm files the database file's permissions.
    crate::private_fs::create_file(path)?;
    Ok(())
}

/// `$1, $2, …` placeholders starting at `first`, for `IN (…)` lists.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::Db;

    /// A transaction reads, another connection writes meanwhile, then the transaction writes:
    /// the other writer waits its turn and both land, as on PostgreSQL.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_transaction_that_reads_before_it_writes_is_not_refused_by_a_write_in_between() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("reel.db").display()), 4).await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER)").execute(db.pool()).await.unwrap();
        for _ in 0..20 {
            let mut tx = db.begin().await.unwrap();
            let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(&mut *tx).await.unwrap();
            let other = db.clone();
            let meanwhile = tokio::spawn(async move { sqlx::query("INSERT INTO t (n) VALUES (1)").execute(other.pool()).await });
            tokio::time::sleep(Duration::from_millis(20)).await;
            sqlx::query("INSERT INTO t (n) VALUES ($1)").bind(before).execute(&mut *tx).await.expect("the transaction's write");
            tx.commit().await.unwrap();
            meanwhile.await.unwrap().expect("the write in between");
        }
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(db.pool()).await.unwrap();
        assert_eq!(rows, 40);
    }

    /// Each engine's migrations, by file name, with the one line that must differ made equal.
    fn migrations(dir: &str) -> BTreeMap<String, String> {
        std::fs::read_dir(format!("{}/../../migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap().replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY");
                (path.file_name().unwrap().to_string_lossy().into_owned(), text)
            })
            .collect()
    }

    /// Migrations that must differ: each engine's own full-text index and its order.
    const ENGINE_SPECIFIC: &[&str] = &["0008_search.sql", "0011_search_order.sql"];

    #[test]
    fn sqlite_and_postgres_migrations_are_kept_in_step() {
        let (sqlite, postgres) = (migrations("sqlite"), migrations("postgres"));
        assert_eq!(sqlite.keys().collect::<Vec<_>>(), postgres.keys().collect::<Vec<_>>());
        for (name, text) in sqlite.iter().filter(|(name, _)| !ENGINE_SPECIFIC.contains(&name.as_str())) {
            assert_eq!(text, &postgres[name], "{name} differs beyond the id column type");
        }
    }
}
