//! Copying every row from one database to another and proving the copy: `reel migrate-db`
//! (moving from the embedded SQLite file to PostgreSQL, or between servers).
//!
//! Both databases are brought up to the same schema first (their own migrations), the target
//! must be empty, and each table is copied in one transaction per table. Afterwards every
//! table's row count and an order-independent digest of its rows must match on both sides.
//! The source is never changed.

use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Backend, Db};

/// Every table Reel keeps, in the order they are copied.
pub const TABLES: &[&str] = &[
    "users",
    "profiles",
    "invitations",
    "sessions",
    "otp_challenges",
    "totp_recovery_codes",
    "api_tokens",
    "idempotency_keys",
    "series",
    "videos",
    "video_events",
    "video_genres",
    "video_tags",
    "captions",
    "chapters",
    "video_parts",
    "uploads",
    "upload_parts",
    "jobs",
    "watch_progress",
    "playlists",
    "playlist_items",
    "subscriptions",
    "notifications",
    "plans",
    "plan_grants",
    "plan_events",
    "audit_log",
    "account_deletions",
    "related_items",
    "profile_recommendations",
    "alarms",
    "alarm_events",
    "playback_sessions",
    "streams",
    "devices",
    "video_daily",
    "rendition_daily",
    "viewer_days",
    "stored_objects",
    "usage_daily",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
    "share_links",
    "reactions",
    "reaction_counts",
    "comments",
    "reports",
];

/// Tables whose `id` comes from a sequence (PostgreSQL's must be moved past the copied ids).
const SERIAL_TABLES: &[&str] = &["video_events", "audit_log", "plan_events"];

/// How a column's values are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Text,
}

/// A value on its way between the two databases.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<String>),
}

impl Value {
    fn digest_into(&self, hash: &mut Sha256) {
        match self {
            Value::Int(v) => hash.update(format!("i{v:?}|")),
            Value::Float(v) => hash.update(format!("f{:?}|", v.map(f64::to_bits))),
            Value::Text(v) => hash.update(format!("t{}:{}|", v.as_ref().map_or(-1, |s| s.len() as i64), v.as_deref().unwrap_or(""))),
        }
    }
}

/// What a migration did: rows per table.
pub type Report = Vec<(&'static str, u64)>;

/// Why a migration stopped.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// A database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// Writing a row of a table failed.
    #[error("copying {0}: {1}")]
    Row(&'static str, #[source] sqlx::Error),
    /// The target already holds data.
    #[error("the target database is not empty ({0} has {1} rows); migrate-db copies into an empty database")]
    NotEmpty(&'static str, i64),
    /// The copy differs from the source.
    #[error("{0}: the copy differs from the source (rows or content); the target should be dropped and the copy run again")]
    Mismatch(&'static str),
}

/// The columns of `table` and how to carry each, from the database's own catalogue.
async fn columns(db: &Db, table: &str) -> Result<Vec<(String, Kind)>, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => format!("SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid"),
        Backend::Postgres => "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns \
                              WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
            .to_string(),
    };
    let mut query = sqlx::query(&sql);
    if db.backend() == Backend::Postgres {
        query = query.bind(table);
    }
    let rows: Vec<(String, String)> =
        query.fetch_all(db.pool()).await?.into_iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, sqlx::Error>>()?;
    Ok(rows
        .into_iter()
        .map(|(name, ty)| {
            let ty = ty.to_ascii_uppercase();
            let kind = if ty.contains("INT") {
                Kind::Int
            } else if ty.contains("DOUBLE") || ty.contains("REAL") || ty.contains("FLOAT") {
                Kind::Float
            } else {
                Kind::Text
            };
            (name, kind)
        })
        .collect())
}

fn read(row: &sqlx::any::AnyRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::Int => Value::Int(row.try_get(i)?),
        Kind::Float => Value::Float(row.try_get(i)?),
        Kind::Text => Value::Text(row.try_get(i)?),
    })
}

/// Row count and an order-independent digest of a table's rows (the sum of the rows' SHA-256
/// prefixes, so the two databases may return rows in any order).
#[derive(Debug, Default, PartialEq, Eq)]
struct Fingerprint {
    count: u64,
    sum: u128,
}

impl Fingerprint {
    fn add(&mut self, row: &[Value]) {
        let mut hash = Sha256::new();
        for value in row {
            value.digest_into(&mut hash);
        }
        let bytes: [u8; 32] = hash.finalize().into();
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(bytes[..16].try_into().expect("16 bytes")));
        self.count += 1;
    }
}

/// `SELECT` of every column of `table`.
fn select_all(table: &str, cols: &[(String, Kind)]) -> String {
    let names = cols.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
    format!("SELECT {names} FROM {table}")
}

/// One row's values, column by column.
fn values(row: &sqlx::any::AnyRow, cols: &[(String, Kind)]) -> Result<Vec<Value>, sqlx::Error> {
    cols.iter().enumerate().map(|(i, (_, kind))| read(row, i, *kind)).collect()
}

/// The fingerprint of every row of `table` in `db`.
async fn fingerprint(db: &Db, table: &str, cols: &[(String, Kind)]) -> Result<Fingerprint, sqlx::Error> {
    let sql = select_all(table, cols);
    let mut rows = sqlx::query(&sql).fetch(db.pool());
    let mut print = Fingerprint::default();
    while let Some(row) = rows.try_next().await? {
        print.add(&values(&row, cols)?);
    }
    Ok(print)
}

/// Copies every table of `from` into the empty `to` and verifies the copy.
pub async fn copy_all(from: &Db, to: &Db) -> Result<Report, MigrateError> {
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(to.pool()).await?;
        if n > 0 {
            return Err(MigrateError::NotEmpty(table, n));
        }
    }
    let mut report = Report::new();
    for table in TABLES {
        let cols = columns(from, table).await?;
        let names = cols.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
        let insert = format!("INSERT INTO {table} ({names}) VALUES ({})", super::placeholders(1, cols.len()));
        let select = select_all(table, &cols);
        let mut tx = to.begin().await?;
        let mut rows = sqlx::query(&select).fetch(from.pool());
        // The source's fingerprint is taken as its rows are copied: the source is read once.
        let mut source = Fingerprint::default();
        while let Some(row) = rows.try_next().await? {
            let row = values(&row, &cols)?;
            source.add(&row);
            // Not a cached statement: PostgreSQL fixes a parameter's type when a statement is
            // prepared, from the first row's values, and a NULL there would type a column that
            // later rows fill with numbers wrongly.
            let mut q = sqlx::query(&insert).persistent(false);
            for value in row {
                q = match value {
                    Value::Int(v) => q.bind(v),
                    Value::Float(v) => q.bind(v),
                    Value::Text(v) => q.bind(v),
                };
            }
            q.execute(&mut *tx).await.map_err(|e| MigrateError::Row(table, e))?;
        }
        tx.commit().await?;
        if to.backend() == Backend::Postgres && SERIAL_TABLES.contains(table) {
            // New rows must not collide with the copied ids.
            sqlx::query(&format!(
                "SELECT CAST(setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) AS BIGINT) FROM {table}"
            ))
            .fetch_one(to.pool())
            .await?;
        }
        if fingerprint(to, table, &cols).await? != source {
            return Err(MigrateError::Mismatch(table));
        }
        report.push((table, source.count));
    }
    // The search index is each engine's own kind of table: it is built, not copied.
    super::search::backfill(to).await?;
    Ok(report)
}

/// `reel migrate-db`: copies the database at `from` into the empty one at `to` (its schema
/// is made first) and reports each table's verified rows. The source is never changed.
pub async fn command(from: &str, to: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let source = Db::connect(from, 2).await.context("opening the source database")?;
    let target = Db::connect(to, 2).await.context("opening the target database")?;
    for (table, rows) in &copy_all(&source, &target).await? {
        eprintln!("{table}: {rows} rows copied and verified");
    }
    eprintln!("the target holds a verified copy; point database.url at it");
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Tables the target builds from the copied ones instead (the search index's, whose form
    /// differs between engines).
    const BUILT_NOT_COPIED: &[&str] = &["video_search_rows"];

    /// Every table the migrations leave is copied (a new table must be added to `TABLES`); a
    /// table made to be renamed counts under its final name.
    #[test]
    fn every_table_the_migrations_make_is_copied() {
        let dir = format!("{}/../../migrations/sqlite", env!("CARGO_MANIFEST_DIR"));
        let text: String = std::fs::read_dir(dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
        let name_after =
            |prefix: &str, line: &str| line.trim().strip_prefix(prefix).map(|rest| rest.split_whitespace().next().unwrap().to_string());
        let renamed: Vec<String> =
            text.lines().filter(|l| l.contains(" RENAME TO ")).filter_map(|l| name_after("ALTER TABLE ", l)).collect();
        let mut made: Vec<String> = text.lines().filter_map(|l| name_after("CREATE TABLE ", l)).filter(|t| !renamed.contains(t)).collect();
        made.sort();
        made.dedup();
        let mut copied: Vec<String> = super::TABLES.iter().chain(BUILT_NOT_COPIED).map(|t| t.to_string()).collect();
        copied.sort();
        assert_eq!(made, copied);
    }
}
