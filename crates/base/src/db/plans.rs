//! Plans, who holds them until when, the record of every grant, renewal and end (what
//! revenue is reported from), and which plan an item requires.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::domain::entitlement::{self, Entitlement};
use crate::domain::plan::Period;
use crate::domain::{rfc3339, PlanId, UserId, VideoId};

use super::Db;

/// A plan as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRecord {
    /// Its id.
    pub id: PlanId,
    /// Its name (unique).
    pub name: String,
    /// What it is, for people choosing.
    pub description: String,
    /// Price of one period, in minor units (cents).
    pub price_minor: i64,
    /// ISO 4217 code of the price.
    pub currency: String,
    /// `month` or `year`.
    pub period: String,
    /// Created (ms).
    pub created_at: i64,
    /// What it lets its holder do besides open the items that require it.
    pub entitlement: Entitlement,
}

impl<'r> FromRow<'r, AnyRow> for PlanRecord {
    fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
        let limit = |column: &str| row.try_get::<i64, _>(column).map(entitlement::from_stored);
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            price_minor: row.try_get("price_minor")?,
            currency: row.try_get("currency")?,
            period: row.try_get("period")?,
            created_at: row.try_get("created_at")?,
            entitlement: Entitlement {
                max_streams: limit("max_streams")?,
                max_devices: limit("max_devices")?,
                max_height: limit("max_height")?,
                downloads: row.try_get::<i64, _>("downloads")? != 0,
            },
        })
    }
}

impl PlanRecord {
    /// Its period (a month for a value written by hand that is neither).
    pub fn period(&self) -> Period {
        Period::parse(&self.period).unwrap_or(Period::Month)
    }
}

/// A plan someone holds, and until when.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// The plan.
    pub plan: PlanRecord,
    /// Since when, without a break (ms).
    pub starts_at: i64,
    /// Until when (ms).
    pub ends_at: i64,
}

const PLAN_COLUMNS: &str =
    "id, name, description, price_minor, currency, period, created_at, max_streams, max_devices, max_height, downloads";

/// Stores a new plan; a name already taken is a unique violation.
pub async fn insert(db: &Db, plan: &PlanRecord) -> sqlx::Result<()> {
    let e = &plan.entitlement;
    sqlx::query(&format!("INSERT INTO plans ({PLAN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(plan.id)
        .bind(&plan.name)
        .bind(&plan.description)
        .bind(plan.price_minor)
        .bind(&plan.currency)
        .bind(&plan.period)
        .bind(plan.created_at)
        .bind(entitlement::stored(e.max_streams))
        .bind(entitlement::stored(e.max_devices))
        .bind(entitlement::stored(e.max_height))
        .bind(i64::from(e.downloads))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Every plan, oldest first.
pub async fn list(db: &Db) -> sqlx::Result<Vec<PlanRecord>> {
    sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY created_at, name")).fetch_all(db.pool()).await
}

/// The plan with this id or, failing that, this name.
pub async fn find(db: &Db, id_or_name: &str) -> sqlx::Result<Option<PlanRecord>> {
    let by_id = id_or_name.parse::<PlanId>().ok().map(|id| id.to_string()).unwrap_or_default();
    sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1 OR name = $2 ORDER BY id = $1 DESC LIMIT 1"))
        .bind(by_id)
        .bind(id_or_name.trim())
        .fetch_optional(db.pool())
        .await
}

/// The plans `user` holds now.
pub async fn held(db: &Db, user: UserId) -> sqlx::Result<Vec<Held>> {
    let columns = PLAN_COLUMNS.split(", ").map(|c| format!("p.{c}")).collect::<Vec<_>>().join(", ");
    let rows = sqlx::query(&format!(
        "SELECT {columns}, g.starts_at, g.ends_at FROM plan_grants g JOIN plans p ON p.id = g.plan_id \
         WHERE g.user_id = $1 AND g.ends_at > $2 ORDER BY p.name"
    ))
    .bind(user)
    .bind(db.now_ms())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| Ok(Held { plan: PlanRecord::from_row(row)?, starts_at: row.try_get("starts_at")?, ends_at: row.try_get("ends_at")? }))
        .collect()
}

/// What a grant or renewal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Granted {
    /// `grant` (nothing was running) or `renew` (it extended a running grant).
    pub renewed: bool,
    /// The period paid for: from (ms)…
    pub period_start: i64,
    /// …to (ms), the grant's new end.
    pub ends_at: i64,
}

/// Grants `plan` to `user` for `periods` periods, or extends a running grant by as much;
/// records the amount (`periods` × the price) with the period it pays for.
pub async fn grant(db: &Db, user: UserId, plan: &PlanRecord, periods: u32, by: Option<UserId>) -> sqlx::Result<Granted> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    let running: Option<(i64, i64)> = sqlx::query_as("SELECT starts_at, ends_at FROM plan_grants WHERE user_id = $1 AND plan_id = $2")
        .bind(user)
        .bind(plan.id)
        .fetch_optional(&mut *tx)
        .await?
        .filter(|(_, ends)| *ends > now);
    let (starts_at, period_start) = match running {
        Some((starts, ends)) => (starts, ends),
        None => (now, now),
    };
    let ends_at = period_start.saturating_add(plan.period().millis().saturating_mul(i64::from(periods)));
    sqlx::query(
        "INSERT INTO plan_grants (user_id, plan_id, starts_at, ends_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, plan_id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at",
    )
    .bind(user)
    .bind(plan.id)
    .bind(starts_at)
    .bind(ends_at)
    .execute(&mut *tx)
    .await?;
    let action = if running.is_some() { "renew" } else { "grant" };
    let amount = plan.price_minor.saturating_mul(i64::from(periods));
    record(&mut tx, user, plan, action, amount, period_start, ends_at, by, db.now_ms()).await?;
    tx.commit().await?;
    Ok(Granted { renewed: running.is_some(), period_start, ends_at })
}

/// Ends `user`'s grant of `plan` now; false when none was running.
pub async fn end(db: &Db, user: UserId, plan: &PlanRecord, by: Option<UserId>) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    let ends: Option<i64> = sqlx::query_scalar("SELECT ends_at FROM plan_grants WHERE user_id = $1 AND plan_id = $2 AND ends_at > $3")
        .bind(user)
        .bind(plan.id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(ends) = ends else { return Ok(false) };
    sqlx::query("UPDATE plan_grants SET ends_at = $3 WHERE user_id = $1 AND plan_id = $2")
        .bind(user)
        .bind(plan.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, user, plan, "end", 0, now, ends, by, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
    plan: &PlanRecord,
    action: &str,
    amount: i64,
    from: i64,
    to: i64,
    by: Option<UserId>,
    at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO plan_events (user_id, plan_id, action, amount_minor, currency, period_start, period_end, at, by_user) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(user)
    .bind(plan.id)
    .bind(action)
    .bind(amount)
    .bind(&plan.currency)
    .bind(from)
    .bind(to)
    .bind(at)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Revenue of one plan in one month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Revenue {
    /// The plan.
    pub plan_id: PlanId,
    /// `YYYY-MM` (UTC) of the grants and renewals.
    pub month: String,
    /// Their sum, in minor units.
    pub amount_minor: i64,
    /// The currency they were charged in.
    pub currency: String,
    /// How many grants and renewals.
    pub payments: i64,
}

/// Revenue per plan and month (UTC), from the recorded grants and renewals, newest month first.
pub async fn revenue(db: &Db) -> sqlx::Result<Vec<Revenue>> {
    let rows: Vec<(PlanId, i64, String, i64)> =
        sqlx::query_as("SELECT plan_id, amount_minor, currency, at FROM plan_events WHERE action IN ('grant', 'renew') ORDER BY at")
            .fetch_all(db.pool())
            .await?;
    let mut totals: std::collections::BTreeMap<(String, PlanId, String), (i64, i64)> = Default::default();
    for (plan, amount, currency, at) in rows {
        let month = rfc3339(at)[..7].to_string();
        let entry = totals.entry((month, plan, currency)).or_default();
        entry.0 += amount;
        entry.1 += 1;
    }
    let mut out: Vec<Revenue> = totals
        .into_iter()
        .map(|((month, plan_id, currency), (amount_minor, payments))| Revenue { plan_id, month, amount_minor, currency, payments })
        .collect();
    out.sort_by(|a, b| b.month.cmp(&a.month).then(a.plan_id.to_string().cmp(&b.plan_id.to_string())));
    Ok(out)
}

/// Makes `video` require `plan` (or nothing); false when there is no such video.
pub async fn require(db: &Db, video: VideoId, plan: Option<PlanId>) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE videos SET required_plan = $2 WHERE id = $1").bind(video).bind(plan).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}
