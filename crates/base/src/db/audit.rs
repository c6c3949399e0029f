//! The audit log of security events: append-only rows for admins to read.

use crate::domain::UserId;
use crate::i18n::Said;

use super::Db;

/// One recorded event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AuditRecord {
    /// Sequence number.
    pub id: i64,
    /// When (ms).
    pub at: i64,
    /// Who did it (user id), when known.
    pub actor: Option<UserId>,
    /// What happened, e.g. `login.succeeded`.
    pub action: String,
    /// What it was done to.
    pub target: Option<String>,
    /// Client IP.
    pub ip: Option<String>,
    /// Anything else worth knowing, in the reader's language.
    #[schema(value_type = Option<String>)]
    pub detail: Option<Said>,
}

from_row!(AuditRecord { id, at, actor, action, target, ip, detail });

/// Appends an event.
pub async fn record(
    db: &Db,
    actor: Option<UserId>,
    action: &str,
    target: Option<&str>,
    ip: Option<&str>,
    detail: Option<&Said>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, target, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(db.now_ms())
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(ip)
        .bind(detail)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The newest events first; `before` pages back by id.
pub async fn recent(db: &Db, limit: u32, before: Option<i64>) -> sqlx::Result<Vec<AuditRecord>> {
    sqlx::query_as("SELECT id, at, actor, action, target, ip, detail FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}
