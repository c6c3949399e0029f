//! Webhook rows: the endpoints accounts registered, one delivery per event and endpoint, and
//! each attempt to deliver it.

use crate::domain::{UserId, WebhookId};

use super::Db;

/// A registered endpoint, secrets included (they sign; they are never listed).
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Its id.
    pub id: WebhookId,
    /// The account that registered it.
    pub owner_id: UserId,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The event types it receives, space-separated.
    pub events: String,
    /// A note for people.
    pub description: String,
    /// The signing secret, `whsec_` and base64.
    pub secret: String,
    /// The secret before the last rotation, signed with as well until `previous_until`.
    pub previous_secret: Option<String>,
    /// Until when (ms) the previous secret also signs.
    pub previous_until: Option<i64>,
    /// Registered (ms).
    pub created_at: i64,
    /// When a delivery last succeeded (ms), if one has.
    pub last_success_at: Option<i64>,
    /// When it was disabled (ms): it receives nothing until enabled again.
    pub disabled_at: Option<i64>,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
}

from_row!(Endpoint {
    id,
    owner_id,
    url,
    events,
    description,
    secret,
    previous_secret,
    previous_until,
    created_at,
    last_success_at,
    disabled_at,
    disabled_reason
});

impl Endpoint {
    /// The event types it receives.
    pub fn event_list(&self) -> Vec<&str> {
        self.events.split_whitespace().collect()
    }
}

const ENDPOINT_COLUMNS: &str = "id, owner_id, url, events, description, secret, previous_secret, previous_until, created_at, \
                                last_success_at, disabled_at, disabled_reason";

/// Stores a new endpoint.
pub async fn insert(db: &Db, e: &Endpoint) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, owner_id, url, events, description, secret, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(e.owner_id)
    .bind(&e.url)
    .bind(&e.events)
    .bind(&e.description)
    .bind(&e.secret)
    .bind(e.created_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// One endpoint.
pub async fn get(db: &Db, id: WebhookId) -> sqlx::Result<Option<Endpoint>> {
    sqlx::query_as(&format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// An account's endpoints, oldest first.
pub async fn of_owner(db: &Db, owner: UserId) -> sqlx::Result<Vec<Endpoint>> {
    sqlx::query_as(&format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE owner_id = $1 ORDER BY created_at, id"))
        .bind(owner)
        .fetch_all(db.pool())
        .await
}

/// How many endpoints an account has.
pub async fn count_of(db: &Db, owner: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM webhook_endpoints WHERE owner_id = $1").bind(owner).fetch_one(db.pool()).await
}

/// The enabled endpoints that receive `event` about something `subject` owns: those of its
/// owner while a creator, and those of enabled admin accounts (who receive every account's
/// events); none of an account disabled or suspended now. With no subject (an event about the
/// installation), the admins' alone.
pub async fn receivers(db: &Db, event: &str, subject: Option<UserId>) -> sqlx::Result<Vec<Endpoint>> {
    // Matched as a whole word of the space-separated list.
    let pattern = format!("% {event} %");
    let columns = ENDPOINT_COLUMNS.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ");
    sqlx::query_as(&format!(
        "SELECT {columns} FROM webhook_endpoints e JOIN users u ON u.id = e.owner_id \
         WHERE e.disabled_at IS NULL AND u.disabled_at IS NULL AND (u.suspended_until IS NULL OR u.suspended_until <= $3) \
         AND (' ' || e.events || ' ') LIKE $1 \
         AND (u.role = 'admin' OR (e.owner_id = $2 AND u.role = 'creator')) ORDER BY e.created_at, e.id"
    ))
    .bind(pattern)
    .bind(subject)
    .bind(db.now_ms())
    .fetch_all(db.pool())
    .await
}

/// Changes an endpoint's URL, events and description.
pub async fn update(db: &Db, id: WebhookId, url: &str, events: &str, description: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE webhook_endpoints SET url = $1, events = $2, description = $3 WHERE id = $4")
        .bind(url)
        .bind(events)
        .bind(description)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Disables an endpoint with a reason (`Some`), or enables it again (`None`); false when it
/// already was so.
pub async fn set_disabled(db: &Db, id: WebhookId, reason: Option<&str>) -> sqlx::Result<bool> {
    let done = match reason {
        Some(reason) => {
            sqlx::query("UPDATE webhook_endpoints SET disabled_at = $1, disabled_reason = $2 WHERE id = $3 AND disabled_at IS NULL")
                .bind(db.now_ms())
                .bind(reason)
                .bind(id)
        }
        None => {
            sqlx::query("UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
                .bind(id)
        }
    }
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Signs with `secret` from now on, and with the current secret as well until `overlap_until`.
pub async fn rotate(db: &Db, id: WebhookId, secret: &str, overlap_until: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE webhook_endpoints SET previous_secret = secret, previous_until = $1, secret = $2 WHERE id = $3")
        .bind(overlap_until)
        .bind(secret)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes an endpoint with its deliveries and their attempts.
pub async fn delete(db: &Db, id: WebhookId) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM webhook_deliveries WHERE endpoint_id = $1").bind(id).execute(&mut *tx).await?;
    let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// One event for one endpoint.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Delivery {
    /// Its id: the `webhook-id` every attempt sends, for the receiver to drop a repeat.
    pub id: String,
    /// The endpoint.
    pub endpoint_id: WebhookId,
    /// The event type.
    pub event: String,
    /// The JSON body sent.
    pub payload: String,
    /// Made (ms).
    pub created_at: i64,
    /// `pending`, `delivered` or `failed` (no attempt is left).
    pub state: String,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt is due (ms), while pending.
    pub next_at: Option<i64>,
}

from_row!(Delivery { id, endpoint_id, event, payload, created_at, state, attempts, next_at });

const DELIVERY_COLUMNS: &str = "id, endpoint_id, event, payload, created_at, state, attempts, next_at";

/// Stores a new pending delivery, due at once.
pub async fn insert_delivery(db: &Db, id: &str, endpoint: WebhookId, event: &str, payload: &str) -> sqlx::Result<()> {
    let now = db.now_ms();
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, created_at, state, attempts, next_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $5)",
    )
    .bind(id)
    .bind(endpoint)
    .bind(event)
    .bind(payload)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// One delivery.
pub async fn delivery(db: &Db, id: &str) -> sqlx::Result<Option<Delivery>> {
    sqlx::query_as(&format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// An endpoint's deliveries, newest first, older than `before` (created_at, id) when given.
pub async fn deliveries(db: &Db, endpoint: WebhookId, limit: u32, before: Option<(i64, &str)>) -> sqlx::Result<Vec<Delivery>> {
    let (at, id) = before.unwrap_or((i64::MAX, ""));
    sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 \
         AND (created_at < $2 OR (created_at = $2 AND id < $3)) ORDER BY created_at DESC, id DESC LIMIT $4"
    ))
    .bind(endpoint)
    .bind(at)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// One try at delivering.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Attempt {
    /// The delivery.
    #[serde(skip)]
    pub delivery_id: String,
    /// 1 for the first.
    pub n: i64,
    /// When (ms).
    pub at: i64,
    /// The HTTP status answered; none when no answer came.
    pub status: Option<i64>,
    /// How long the receiver took, ms.
    pub latency_ms: i64,
    /// The start of the answer's body, or what went wrong.
    pub excerpt: String,
}

from_row!(Attempt { delivery_id, n, at, status, latency_ms, excerpt });

/// The attempts of these deliveries, in order.
pub async fn attempts(db: &Db, deliveries: &[String]) -> sqlx::Result<Vec<Attempt>> {
    if deliveries.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT delivery_id, n, at, status, latency_ms, excerpt FROM webhook_attempts WHERE delivery_id IN ({}) ORDER BY delivery_id, n",
        super::placeholders(1, deliveries.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in deliveries {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// What an attempt came to, for [`record_attempt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The receiver took it: the delivery is done and the endpoint worked.
    Delivered,
    /// Another attempt is due at this time (ms).
    RetryAt(i64),
    /// No attempt is left.
    Failed,
}

/// Records attempt `attempt.n` and what it came to, in one transaction; false (nothing
/// written) when that attempt was already recorded, by a run that lost its lease.
pub async fn record_attempt(db: &Db, endpoint: WebhookId, attempt: &Attempt, outcome: Outcome) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let (state, next_at) = match outcome {
        Outcome::Delivered => ("delivered", None),
        Outcome::RetryAt(at) => ("pending", Some(at)),
        Outcome::Failed => ("failed", None),
    };
    let moved = sqlx::query("UPDATE webhook_deliveries SET attempts = $1, state = $2, next_at = $3 WHERE id = $4 AND attempts = $5")
        .bind(attempt.n)
        .bind(state)
        .bind(next_at)
        .bind(&attempt.delivery_id)
        .bind(attempt.n - 1)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO webhook_attempts (delivery_id, n, at, status, latency_ms, excerpt) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&attempt.delivery_id)
        .bind(attempt.n)
        .bind(attempt.at)
        .bind(attempt.status)
        .bind(attempt.latency_ms)
        .bind(&attempt.excerpt)
        .execute(&mut *tx)
        .await?;
    if outcome == Outcome::Delivered {
        sqlx::query("UPDATE webhook_endpoints SET last_success_at = $1 WHERE id = $2")
            .bind(attempt.at)
            .bind(endpoint)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Makes a delivery due again now, keeping its attempts (an owner's resend); false when there
/// is no such delivery.
pub async fn resend(db: &Db, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE webhook_deliveries SET state = 'pending', next_at = $1 WHERE id = $2")
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Gives a pending delivery up without an attempt (its endpoint was disabled meanwhile).
pub async fn abandon(db: &Db, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE webhook_deliveries SET state = 'failed', next_at = NULL WHERE id = $1 AND state = 'pending'")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Pending deliveries whose next attempt has no queued or running job (never queued, after a
/// crash between recording an attempt and queueing the next; or ended without making it):
/// id, attempts made, when the next is due (ms). At most `limit`.
pub async fn stranded(db: &Db, job_prefix: &str, limit: u32) -> sqlx::Result<Vec<(String, i64, Option<i64>)>> {
    sqlx::query_as(
        "SELECT d.id, d.attempts, d.next_at FROM webhook_deliveries d WHERE d.state = 'pending' \
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = $1 || d.id || ':' || CAST(d.attempts + 1 AS TEXT) \
         AND j.state IN ('queued', 'running')) \
         ORDER BY d.created_at LIMIT $2",
    )
    .bind(job_prefix)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
}

/// Removes the deliveries made before `before` (ms) that are done (delivered or failed), with
/// their attempts; how many deliveries went.
pub async fn prune(db: &Db, before: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM webhook_attempts WHERE delivery_id IN \
         (SELECT id FROM webhook_deliveries WHERE created_at < $1 AND state <> 'pending')",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    let done =
        sqlx::query("DELETE FROM webhook_deliveries WHERE created_at < $1 AND state <> 'pending'").bind(before).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
