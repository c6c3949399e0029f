//! Report rows: the moderation queue (open ones oldest first, resolved ones newest first, by
//! keyset), a reporter's own reports, and resolving every open report about one target at
//! once, with the outcome each reporter is told.

use crate::domain::moderation::{ReportKind, ReportStatus, ReportTarget};
use crate::domain::{ReportId, UserId, VideoId};

use super::Db;

/// A report (or an appeal) as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Its id.
    pub id: ReportId,
    /// A member's report, or an owner's appeal.
    pub kind: ReportKind,
    /// Who made it; none once their account is erased.
    pub reporter_id: Option<UserId>,
    /// What it is about.
    pub target_type: ReportTarget,
    /// The id of what it is about.
    pub target_id: String,
    /// The item concerned (the item itself, or the comment's).
    pub video_id: Option<VideoId>,
    /// The account concerned (the item's owner, the comment's writer, or the account).
    pub account_id: Option<UserId>,
    /// Why, in the reporter's words.
    pub reason: String,
    /// What was reported, as it was then.
    pub excerpt: String,
    /// Where it stands.
    pub status: ReportStatus,
    /// What was done, as the reporter is told.
    pub outcome: Option<String>,
    /// Made (ms).
    pub created_at: i64,
    /// Resolved (ms).
    pub resolved_at: Option<i64>,
    /// The moderator who resolved it.
    pub resolved_by: Option<UserId>,
}

from_row!(Report {
    id,
    kind,
    reporter_id,
    target_type,
    target_id,
    video_id,
    account_id,
    reason,
    excerpt,
    status,
    outcome,
    created_at,
    resolved_at,
    resolved_by
});

const COLUMNS: &str = "id, kind, reporter_id, target_type, target_id, video_id, account_id, reason, excerpt, status, outcome, \
                       created_at, resolved_at, resolved_by";

/// Stores a new open report.
pub async fn insert(db: &Db, report: &Report) -> sqlx::Result<()> {
    sqlx::query(&format!("INSERT INTO reports ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
        .bind(report.id)
        .bind(report.kind)
        .bind(report.reporter_id)
        .bind(report.target_type)
        .bind(&report.target_id)
        .bind(report.video_id)
        .bind(report.account_id)
        .bind(&report.reason)
        .bind(&report.excerpt)
        .bind(report.status)
        .bind(&report.outcome)
        .bind(report.created_at)
        .bind(report.resolved_at)
        .bind(report.resolved_by)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// One report.
pub async fn get(db: &Db, id: ReportId) -> sqlx::Result<Option<Report>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM reports WHERE id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// Whether `reporter` has an open report of `kind` about this target.
pub async fn open_by(db: &Db, reporter: UserId, kind: ReportKind, target: ReportTarget, target_id: &str) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM reports WHERE reporter_id = $1 AND kind = $2 AND target_type = $3 AND target_id = $4 AND status = 'open' LIMIT 1",
    )
    .bind(reporter)
    .bind(kind)
    .bind(target)
    .bind(target_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// Whether anything about this target is open in the queue: a report, or an appeal.
pub async fn open_about(db: &Db, target: ReportTarget, target_id: &str) -> sqlx::Result<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM reports WHERE target_type = $1 AND target_id = $2 AND status = 'open' LIMIT 1")
            .bind(target)
            .bind(target_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// Whether anything concerning `account` is open in the queue: a report about it, or a
/// report or appeal about one of its items or comments (each row names the account concerned).
pub async fn open_concerning(db: &Db, account: UserId) -> sqlx::Result<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM reports WHERE account_id = $1 AND status = 'open' LIMIT 1")
        .bind(account)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// A page of the queue: the open reports oldest first (the longest waiting is next), or the
/// resolved ones most recently resolved first; after `(time, id)` of the page before.
pub async fn queue(db: &Db, open: bool, after: Option<(i64, ReportId)>, limit: u32) -> sqlx::Result<Vec<Report>> {
    let (condition, order, next) = if open {
        ("status = 'open'", "created_at, id", "AND (created_at > $2 OR (created_at = $2 AND id > $3))")
    } else {
        ("status <> 'open'", "resolved_at DESC, id DESC", "AND (resolved_at < $2 OR (resolved_at = $2 AND id < $3))")
    };
    let keyset = if after.is_some() { next } else { "" };
    let sql = format!("SELECT {COLUMNS} FROM reports WHERE {condition} {keyset} ORDER BY {order} LIMIT $1");
    let mut query = sqlx::query_as(&sql).bind(i64::from(limit));
    if let Some((at, id)) = after {
        query = query.bind(at).bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// How many reports are open (what the queue's tab shows).
pub async fn open_count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE status = 'open'").fetch_one(db.pool()).await
}

/// `reporter`'s reports and appeals, newest first, at most `limit`.
pub async fn by_reporter(db: &Db, reporter: UserId, limit: u32) -> sqlx::Result<Vec<Report>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM reports WHERE reporter_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"))
        .bind(reporter)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await
}

/// Resolves every open report of `kind` about one target as `status` with `outcome`, by
/// `moderator`; the reports it resolved. A report about an account erased meanwhile, kept as
/// evidence while it was open, then stops quoting or naming it.
pub async fn resolve(
    db: &Db,
    kind: ReportKind,
    target: ReportTarget,
    target_id: &str,
    status: ReportStatus,
    outcome: &str,
    moderator: Option<UserId>,
) -> sqlx::Result<Vec<Report>> {
    let mut tx = db.begin().await?;
    let open: Vec<Report> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports WHERE kind = $1 AND target_type = $2 AND target_id = $3 AND status = 'open' ORDER BY created_at, id"
    ))
    .bind(kind)
    .bind(target)
    .bind(target_id)
    .fetch_all(&mut *tx)
    .await?;
    let now = db.now_ms();
    for report in &open {
        sqlx::query("UPDATE reports SET status = $1, outcome = $2, resolved_at = $3, resolved_by = $4 WHERE id = $5 AND status = 'open'")
            .bind(status)
            .bind(outcome)
            .bind(now)
            .bind(moderator)
            .bind(report.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE reports SET excerpt = '', account_id = NULL WHERE id = $1 AND account_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = reports.account_id)",
        )
        .bind(report.id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(open
        .into_iter()
        .map(|r| Report { status, outcome: Some(outcome.to_string()), resolved_at: Some(now), resolved_by: moderator, ..r })
        .collect())
}
