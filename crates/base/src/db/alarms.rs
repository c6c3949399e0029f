//! The built-in alarms' state (one row per alarm) and their history of firing and resolving.

use super::Db;
use crate::i18n::Said;

/// An alarm's stored state.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRow {
    /// The alarm's name, as in `deploy/prometheus/alerts.yml` (`ReelOtpDeliveryLow`).
    pub name: String,
    /// `ok`, `pending`, `firing` or `resolved`.
    pub state: String,
    /// When it entered that state (ms).
    pub since: i64,
    /// The last value measured, if there was one to measure.
    pub value: Option<f64>,
    /// What the value is about, for people ("sms: 3 of 10 codes lost").
    pub detail: Said,
    /// When it last fired (ms).
    pub fired_at: Option<i64>,
    /// When it last resolved (ms).
    pub resolved_at: Option<i64>,
}

from_row!(AlarmRow { name, state, since, value, detail, fired_at, resolved_at });

/// A firing or resolving, kept for the health page and named by the notifications.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AlarmEvent {
    /// Its id (the webhook's `webhook-id`).
    pub id: String,
    /// The alarm.
    pub name: String,
    /// `firing` or `resolved`.
    pub state: String,
    /// The value that made it so.
    pub value: Option<f64>,
    /// What the value is about.
    #[schema(value_type = String)]
    pub detail: Said,
    /// When (ms).
    pub at: i64,
}

from_row!(AlarmEvent { id, name, state, value, detail, at });

/// How long the history keeps events.
const KEEP_EVENTS_MS: i64 = 90 * 24 * 3600 * 1000;

/// Every alarm's stored state.
pub async fn all(db: &Db) -> sqlx::Result<Vec<AlarmRow>> {
    sqlx::query_as("SELECT name, state, since, value, detail, fired_at, resolved_at FROM alarms ORDER BY name").fetch_all(db.pool()).await
}

/// Stores an alarm's state, and the event its change made, if any, in one transaction (so a
/// notification is queued for exactly the events recorded). The value is cast in the SQL: on
/// PostgreSQL a statement's parameter types are fixed when it is first prepared, and a first
/// NULL would otherwise type it as text for every later number.
pub async fn save(db: &Db, row: &AlarmRow, event: Option<&AlarmEvent>) -> sqlx::Result<()> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO alarms (name, state, since, value, detail, fired_at, resolved_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (name) DO UPDATE SET state = $2, since = $3, value = $4, detail = $5, fired_at = $6, resolved_at = $7, updated_at = $8",
    )
    .persistent(false)
    .bind(&row.name)
    .bind(&row.state)
    .bind(row.since)
    .bind(row.value)
    .bind(&row.detail)
    .bind(row.fired_at)
    .bind(row.resolved_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(e) = event {
        sqlx::query("INSERT INTO alarm_events (id, name, state, value, detail, at) VALUES ($1, $2, $3, $4, $5, $6)")
            .persistent(false)
            .bind(&e.id)
            .bind(&e.name)
            .bind(&e.state)
            .bind(e.value)
            .bind(&e.detail)
            .bind(e.at)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM alarm_events WHERE at < $1").bind(now - KEEP_EVENTS_MS).execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The latest events, newest first.
pub async fn recent_events(db: &Db, limit: u32) -> sqlx::Result<Vec<AlarmEvent>> {
    sqlx::query_as("SELECT id, name, state, value, detail, at FROM alarm_events ORDER BY at DESC, id DESC LIMIT $1")
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}

/// One event.
pub async fn event(db: &Db, id: &str) -> sqlx::Result<Option<AlarmEvent>> {
    sqlx::query_as("SELECT id, name, state, value, detail, at FROM alarm_events WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}
