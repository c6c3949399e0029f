//! The durable job queue's rows: enqueue, atomic claim with a lease, heartbeat, and the ends
//! of a job (done, retry later, failed, dead, handed back).

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::domain::{JobId, JobKind, JobState, VideoId};

use super::Db;

/// A job as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct JobRecord {
    /// Its id.
    pub id: JobId,
    /// What kind of work, e.g. `process_video`.
    pub kind: JobKind,
    /// The kind's arguments, JSON.
    pub payload: String,
    /// Where it is in the queue.
    pub state: JobState,
    /// Attempts started so far (including a running one).
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// The last error, for people.
    pub last_error: Option<String>,
    /// Not to be run before (ms).
    pub run_after: i64,
    /// The worker holding it.
    pub lease_owner: Option<String>,
    /// Created (ms).
    pub created_at: i64,
    /// Last changed (ms).
    pub updated_at: i64,
}

from_row!(JobRecord { id, kind, payload, state, attempts, max_attempts, last_error, run_after, lease_owner, created_at, updated_at });

const COLUMNS: &str = "id, kind, payload, state, attempts, max_attempts, last_error, run_after, lease_owner, created_at, updated_at";

/// A job to add, as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// Its kind's name.
    pub kind: &'static str,
    /// The kind's arguments, JSON.
    pub payload: String,
    /// Two jobs with the same key are one job.
    pub dedupe_key: String,
    /// Attempts allowed.
    pub max_attempts: i64,
}

/// Adds a job unless one with the same `dedupe_key` exists; returns whether it was added.
pub async fn enqueue(db: &Db, job: &NewJob) -> sqlx::Result<bool> {
    let now = db.now_ms();
    enqueue_at(db, job, now).await
}

/// [`enqueue`], to be run no earlier than `run_after` (ms).
pub async fn enqueue_at(db: &Db, job: &NewJob, run_after: i64) -> sqlx::Result<bool> {
    let mut conn = db.pool().acquire().await?;
    insert_at(&mut conn, job, db.now_ms(), run_after).await
}

/// [`enqueue`] on a connection, so a job can be added in the same transaction as its subject.
pub(super) async fn insert(conn: &mut sqlx::AnyConnection, job: &NewJob, now: i64) -> sqlx::Result<bool> {
    insert_at(conn, job, now, now).await
}

async fn insert_at(conn: &mut sqlx::AnyConnection, job: &NewJob, now: i64, run_after: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, dedupe_key, state, attempts, max_attempts, run_after, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $7) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(JobId::new())
    .bind(job.kind)
    .bind(&job.payload)
    .bind(&job.dedupe_key)
    .bind(job.max_attempts)
    .bind(run_after)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Tells workers in other processes that a job is waiting: PostgreSQL's NOTIFY, which they
/// LISTEN for. On SQLite there are no such workers to tell (they poll in any case).
pub async fn announce(db: &Db) -> sqlx::Result<()> {
    if db.backend() == super::Backend::Postgres {
        sqlx::raw_sql(&format!("NOTIFY {NOTIFY_CHANNEL}")).execute(db.pool()).await?;
    }
    Ok(())
}

/// The PostgreSQL channel a new job is announced on.
pub const NOTIFY_CHANNEL: &str = "reel_jobs";

/// Claims the next runnable job for `owner`: a queued one that is due, or a running one whose
/// lease has expired (its worker died); with `kinds`, only a job of one of those kinds. One
/// statement, so two workers never get the same job: SQLite runs one writer at a time; on
/// PostgreSQL the candidate row is locked, and rows other workers hold are skipped rather than
/// waited for.
pub async fn claim(db: &Db, owner: &str, lease_ms: i64, kinds: Option<&[&str]>) -> sqlx::Result<Option<JobRecord>> {
    let now = db.now_ms();
    let lock = match db.backend() {
        super::Backend::Sqlite => "",
        super::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
    };
    let only = kinds.map_or(String::new(), |k| format!("AND kind IN ({})", super::placeholders(4, k.len())));
    let sql = format!(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, lease_expires_at = $2, updated_at = $3 \
         WHERE id = (SELECT id FROM jobs WHERE ((state = 'queued' AND run_after <= $3) OR (state = 'running' AND lease_expires_at < $3)) {only} \
                     ORDER BY run_after, created_at LIMIT 1 {lock}) \
         RETURNING {COLUMNS}"
    );
    let mut query = sqlx::query_as(&sql).bind(owner).bind(now + lease_ms).bind(now);
    for kind in kinds.unwrap_or_default() {
        query = query.bind(*kind);
    }
    query.fetch_optional(db.pool()).await
}

/// Extends the lease; false when the job is no longer this worker's.
pub async fn heartbeat(db: &Db, id: JobId, owner: &str, lease_ms: i64) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let done =
        sqlx::query("UPDATE jobs SET lease_expires_at = $1, updated_at = $2 WHERE id = $3 AND lease_owner = $4 AND state = 'running'")
            .bind(now + lease_ms)
            .bind(now)
            .bind(id)
            .bind(owner)
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// How a held job ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<'a> {
    /// It succeeded.
    Done,
    /// It failed but may succeed later: run again at `run_after` (ms).
    RetryAt {
        /// When.
        run_after: i64,
        /// Why it failed this time.
        error: &'a str,
    },
    /// It can never succeed (bad input).
    Failed(&'a str),
    /// It failed too often.
    Dead(&'a str),
    /// The worker is shutting down: queue it again now, without counting this attempt, noting
    /// what was lost.
    HandBack(&'a str),
}

/// Ends a job this worker holds; false when it no longer held it.
pub async fn finish(db: &Db, id: JobId, owner: &str, outcome: Outcome<'_>) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let (state, run_after, error, attempts_delta) = match outcome {
        Outcome::Done => (JobState::Done, None, None, 0),
        Outcome::RetryAt { run_after, error } => (JobState::Queued, Some(run_after), Some(error), 0),
        Outcome::Failed(error) => (JobState::Failed, None, Some(error), 0),
        Outcome::Dead(error) => (JobState::Dead, None, Some(error), 0),
        Outcome::HandBack(note) => (JobState::Queued, Some(now), Some(note), -1),
    };
    let done = sqlx::query(
        "UPDATE jobs SET state = $1, run_after = COALESCE($2, run_after), last_error = COALESCE($3, last_error), \
         attempts = attempts + $4, lease_owner = NULL, lease_expires_at = NULL, updated_at = $5 \
         WHERE id = $6 AND lease_owner = $7 AND state = 'running'",
    )
    .bind(state.as_str())
    .bind(run_after)
    .bind(error)
    .bind(attempts_delta)
    .bind(now)
    .bind(id)
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A job in the admin's list, with the title of the video it is about (if any).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct JobListing {
    /// The job.
    #[serde(flatten)]
    pub job: JobRecord,
    /// The video named by the payload's `video_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_id: Option<VideoId>,
    /// That video's title, while it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_title: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for JobListing {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        // A payload is the job's own business: one whose `video_id` is no id names no video.
        let video_id = row.try_get::<Option<String>, _>("video_id")?.and_then(|s| s.parse::<VideoId>().ok());
        Ok(Self { job: JobRecord::from_row(row)?, video_id, video_title: row.try_get("video_title")? })
    }
}

/// The most recent jobs, newest first, only those in `state` when given; with the title of
/// the video each is about, in the same query.
pub async fn recent(db: &Db, limit: u32, state: Option<JobState>) -> sqlx::Result<Vec<JobListing>> {
    let video_of = match db.backend() {
        super::Backend::Sqlite => "json_extract(j.payload, '$.video_id')",
        super::Backend::Postgres => "(j.payload::jsonb ->> 'video_id')",
    };
    let columns = COLUMNS.split(", ").map(|c| format!("j.{c}")).collect::<Vec<_>>().join(", ");
    sqlx::query_as(&format!(
        "SELECT {columns}, {video_of} AS video_id, v.title AS video_title FROM jobs j LEFT JOIN videos v ON v.id = {video_of} \
         WHERE ($1 = '' OR j.state = $1) ORDER BY j.created_at DESC LIMIT $2"
    ))
    .bind(super::codec::or_any(state))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// Jobs not done, counted by kind and state (the `reel_jobs` gauge). Done jobs are history and
/// left out; the index on state keeps this to the live rows.
pub async fn open_counts(db: &Db) -> sqlx::Result<Vec<(String, JobState, i64)>> {
    sqlx::query_as("SELECT kind, state, COUNT(*) FROM jobs WHERE state IN ('queued', 'running', 'failed', 'dead') GROUP BY kind, state")
        .fetch_all(db.pool())
        .await
}

/// Dead jobs (every attempt used), and how long the longest-waiting due job has waited (ms).
pub async fn stuck(db: &Db) -> sqlx::Result<(i64, i64)> {
    let now = db.now_ms();
    let dead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'dead'").fetch_one(db.pool()).await?;
    let oldest: Option<i64> = sqlx::query_scalar("SELECT MIN(run_after) FROM jobs WHERE state = 'queued' AND run_after <= $1")
        .bind(now)
        .fetch_one(db.pool())
        .await?;
    Ok((dead, oldest.map_or(0, |due| now - due)))
}

/// One job.
pub async fn get(db: &Db, id: JobId) -> sqlx::Result<Option<JobRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// Queues a `failed` or `dead` job again, due now, with its attempts reset (its last error
/// stays for reference); false when there is no such job or it is not failed or dead.
pub async fn retry(db: &Db, id: JobId) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let done = sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1 \
         WHERE id = $2 AND state IN ('failed', 'dead')",
    )
    .bind(now)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every queued or running job whose dedupe key starts with `prefix` as done, with `note`
/// as its last error: work whose subject is gone. A worker running one loses its lease at its
/// next heartbeat and stops it. Returns how many ended.
pub async fn cancel_prefixed(db: &Db, prefix: &str, note: &str) -> sqlx::Result<u64> {
    let now = db.now_ms();
    let done = sqlx::query(
        "UPDATE jobs SET state = 'done', last_error = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $2 \
         WHERE state IN ('queued', 'running') AND substr(dedupe_key, 1, CAST($3 AS INTEGER)) = $4",
    )
    .bind(note)
    .bind(now)
    .bind(i64::try_from(prefix.chars().count()).unwrap_or(i64::MAX))
    .bind(prefix)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Queues a finished job again now with a new payload (`job`'s, found by its dedupe key), its
/// attempts from zero; false when no such job has finished.
pub async fn requeue_as(db: &Db, job: &NewJob) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let done = sqlx::query(
        "UPDATE jobs SET state = 'queued', payload = $1, attempts = 0, run_after = $2, lease_owner = NULL, lease_expires_at = NULL, \
         updated_at = $2 WHERE dedupe_key = $3 AND state IN ('done', 'failed', 'dead')",
    )
    .bind(&job.payload)
    .bind(now)
    .bind(&job.dedupe_key)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Queues the job with `dedupe_key` again, due now with its attempts reset, whatever way it
/// ended (done, failed or dead); false when there is none or it has not ended.
pub async fn requeue(db: &Db, dedupe_key: &str) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let done = sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1 \
         WHERE dedupe_key = $2 AND state IN ('done', 'failed', 'dead')",
    )
    .bind(now)
    .bind(dedupe_key)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Jobs with the given dedupe key (at most one).
pub async fn by_key(db: &Db, dedupe_key: &str) -> sqlx::Result<Option<JobRecord>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM jobs WHERE dedupe_key = $1")).bind(dedupe_key).fetch_optional(db.pool()).await
}
