//! One-time code challenges: a keyed hash of the code, its login attempt, what it is for, its
//! tries.

use crate::domain::UserId;

use super::Db;

/// A challenge as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeRecord {
    /// Its id (part of what the code hash covers).
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Where the code went.
    pub address: String,
    /// The account, when the address has one.
    pub user_id: Option<UserId>,
    /// HMAC of the code.
    pub code_hash: String,
    /// Wrong tries so far.
    pub failures: i64,
    /// Expiry (ms).
    pub expires_at: i64,
}

from_row!(ChallengeRecord { id, channel, address, user_id, code_hash, failures, expires_at });

/// What a code is for: a code is accepted only for the purpose it was sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// Signing in (and a kids profile's way back to its account); anyone may ask for one.
    SignIn,
    /// Deleting the account, asked for by one of its signed-in sessions and bound to it.
    DeleteAccount {
        /// The hash of the session's id.
        session_hash: &'a str,
    },
}

impl<'a> Purpose<'a> {
    /// The stored text of `otp_challenges.purpose`.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::SignIn => "sign-in",
            Purpose::DeleteAccount { .. } => "delete-account",
        }
    }

    /// The session a code is bound to.
    fn session(self) -> Option<&'a str> {
        match self {
            Purpose::SignIn => None,
            Purpose::DeleteAccount { session_hash } => Some(session_hash),
        }
    }
}

/// A new challenge.
pub struct NewChallenge<'a> {
    /// Its id.
    pub id: &'a str,
    /// Hash of the login attempt it is bound to.
    pub attempt_hash: &'a str,
    /// `email` or `sms`.
    pub channel: &'a str,
    /// Where the code went.
    pub address: &'a str,
    /// The account, if any.
    pub user_id: Option<UserId>,
    /// HMAC of the code.
    pub code_hash: &'a str,
    /// Expiry (ms).
    pub expires_at: i64,
    /// Client IP.
    pub ip: &'a str,
    /// What it is for.
    pub purpose: Purpose<'a>,
}

/// Stores a challenge; earlier unused ones for the same address, client and purpose stop
/// counting.
pub async fn insert(db: &Db, c: &NewChallenge<'_>) -> sqlx::Result<()> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    // One live code per address, client and purpose: a new code voids that client's previous
    // one, but not codes someone else asked for (so strangers cannot void a person's code), nor
    // a code for something else (asking to delete does not cancel a sign-in under way).
    sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE address = $2 AND ip = $3 AND purpose = $4 AND used_at IS NULL")
        .bind(now)
        .bind(c.address)
        .bind(c.ip)
        .bind(c.purpose.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO otp_challenges \
         (id, attempt_hash, channel, address, user_id, code_hash, failures, created_at, expires_at, ip, purpose, session_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11)",
    )
    .bind(c.id)
    .bind(c.attempt_hash)
    .bind(c.channel)
    .bind(c.address)
    .bind(c.user_id)
    .bind(c.code_hash)
    .bind(now)
    .bind(c.expires_at)
    .bind(c.ip)
    .bind(c.purpose.as_str())
    .bind(c.purpose.session())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// What became of a code's message: the transport's answer, then the SMS provider's receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The SMTP server or SMS provider took it.
    Sent,
    /// The transport refused it or could not be reached.
    Failed,
    /// The provider's receipt says it arrived.
    Delivered,
    /// The provider's receipt says it did not.
    Undelivered,
}

impl Delivery {
    /// The stored text, also the metric's `outcome` label.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
            Delivery::Delivered => "delivered",
            Delivery::Undelivered => "undelivered",
        }
    }
}

/// Records what became of a challenge's message, once per step: the transport's answer only on
/// a challenge with none yet (a receipt may come first), a receipt only once. Returns the
/// channel when something changed, so the caller counts it exactly once.
pub async fn record_delivery(db: &Db, id: &str, delivery: Delivery) -> sqlx::Result<Option<String>> {
    let allowed_from = match delivery {
        Delivery::Sent | Delivery::Failed => "delivery IS NULL",
        Delivery::Delivered | Delivery::Undelivered => "(delivery IS NULL OR delivery = 'sent')",
    };
    sqlx::query_scalar(&format!(
        "UPDATE otp_challenges SET delivery = $1, delivery_at = $2 WHERE id = $3 AND {allowed_from} RETURNING channel"
    ))
    .bind(delivery.as_str())
    .bind(db.now_ms())
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

/// Codes handed to a transport since `since` (ms), by channel: `(channel, handed over, lost)`,
/// where lost ones were refused or reported undelivered.
pub async fn delivery_counts(db: &Db, since: i64) -> sqlx::Result<Vec<(String, i64, i64)>> {
    sqlx::query_as(
        "SELECT channel, COUNT(*), SUM(CASE WHEN delivery IN ('failed', 'undelivered') THEN 1 ELSE 0 END)          FROM otp_challenges WHERE created_at >= $1 AND delivery IS NOT NULL GROUP BY channel",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// The limits a guess is checked against, all counted in wrong tries.
#[derive(Debug, Clone, Copy)]
pub struct GuessLimits<'a> {
    /// Tries one code allows.
    pub per_code: i64,
    /// Tries per address since `since`, from everyone.
    pub per_address: i64,
    /// Tries per address since `since`, from this client.
    pub per_client: i64,
    /// The client (IP bucket).
    pub client: &'a str,
    /// Start of the window of the daily caps (ms).
    pub since: i64,
}

/// Whether a guess may be compared with the code.
#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    /// Yes: a try of this challenge is reserved (counted as wrong until [`consume`] says
    /// otherwise).
    Open(ChallengeRecord),
    /// No live challenge for this address and attempt, or its tries are used up.
    Closed,
    /// A daily cap is reached.
    Throttled,
}

/// Reserves one try of the live challenge for this address and attempt, sent for `purpose` (and
/// for a deletion, to its session), within every limit, as one atomic step: the guess is compared only after this returns [`Gate::Open`], so
/// parallel guesses can never check more codes than the limits allow. On SQLite the
/// reservation's write holds the database's one write lock until commit; on PostgreSQL
/// advisory locks on the address and the client serialise the cap checks.
pub async fn reserve_guess(
    db: &Db,
    address: &str,
    attempt_hash: &str,
    purpose: Purpose<'_>,
    limits: GuessLimits<'_>,
) -> sqlx::Result<Gate> {
    let mut tx = db.begin().await?;
    if db.backend() == super::Backend::Postgres {
        // Address before client, always: two guesses never wait on each other in a circle.
        for key in [format!("otp-address:{address}"), format!("otp-client:{}:{address}", limits.client)] {
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended($1, 0))").bind(key).execute(&mut *tx).await?;
        }
    }
    let reserved: Option<ChallengeRecord> = sqlx::query_as(
        "UPDATE otp_challenges SET failures = failures + 1 \
         WHERE id = (SELECT id FROM otp_challenges WHERE address = $1 AND attempt_hash = $2 AND used_at IS NULL AND expires_at > $3 \
                     AND purpose = $5 AND COALESCE(session_hash, '') = $6 ORDER BY created_at DESC LIMIT 1) \
           AND used_at IS NULL AND failures < $4 \
         RETURNING id, channel, address, user_id, code_hash, failures, expires_at",
    )
    .bind(address)
    .bind(attempt_hash)
    .bind(db.now_ms())
    .bind(limits.per_code)
    .bind(purpose.as_str())
    .bind(purpose.session().unwrap_or_default())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(challenge) = reserved else {
        tx.rollback().await?;
        return Ok(Gate::Closed);
    };
    // Counted with this try: past a cap, nothing of this guess is kept.
    let sum = "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT) FROM otp_challenges WHERE address = $1 AND created_at > $2";
    let all: i64 = sqlx::query_scalar(sum).bind(address).bind(limits.since).fetch_one(&mut *tx).await?;
    let mine: i64 =
        sqlx::query_scalar(&format!("{sum} AND ip = $3")).bind(address).bind(limits.since).bind(limits.client).fetch_one(&mut *tx).await?;
    if all > limits.per_address || mine > limits.per_client {
        tx.rollback().await?;
        return Ok(Gate::Throttled);
    }
    tx.commit().await?;
    Ok(Gate::Open(challenge))
}

/// After a wrong guess: voids the challenge once its tries are used up. True when it did.
pub async fn void_if_spent(db: &Db, id: &str, max_failures: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE otp_challenges SET used_at = $1 WHERE id = $2 AND failures >= $3 AND used_at IS NULL")
        .bind(db.now_ms())
        .bind(id)
        .bind(max_failures)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses a challenge up after a right guess, giving back the try [`reserve_guess`] counted as
/// wrong; true only for the one caller that got there first.
pub async fn consume(db: &Db, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE otp_challenges SET used_at = $1, failures = failures - 1 WHERE id = $2 AND used_at IS NULL")
        .bind(db.now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many codes were asked for recently, for the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// For the address, from anyone.
    pub address: i64,
    /// For the address, from this client.
    pub address_from_client: i64,
    /// From this client, for any address.
    pub client: i64,
    /// When this client last asked for the address (ms).
    pub newest_from_client: Option<i64>,
}

/// Codes asked for since `since` (ms), by address and by client (IP bucket).
pub async fn recent(db: &Db, address: &str, client: &str, since: i64) -> sqlx::Result<Recent> {
    let pool = db.pool();
    let address_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE address = $1 AND created_at > $2")
        .bind(address)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let address_from_client: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE address = $1 AND ip = $2 AND created_at > $3")
            .bind(address)
            .bind(client)
            .bind(since)
            .fetch_one(pool)
            .await?;
    let client_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_challenges WHERE ip = $1 AND created_at > $2")
        .bind(client)
        .bind(since)
        .fetch_one(pool)
        .await?;
    let newest_from_client: Option<i64> = sqlx::query_scalar("SELECT MAX(created_at) FROM otp_challenges WHERE address = $1 AND ip = $2")
        .bind(address)
        .bind(client)
        .fetch_one(pool)
        .await?;
    Ok(Recent { address: address_total, address_from_client, client: client_total, newest_from_client })
}

/// Wrong codes entered since `since` (ms) for an address: from anyone, and from one client.
pub async fn failures_since(db: &Db, address: &str, client: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(failures), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN ip = $2 THEN failures ELSE 0 END), 0) AS BIGINT) \
         FROM otp_challenges WHERE address = $1 AND created_at > $3",
    )
    .bind(address)
    .bind(client)
    .bind(since)
    .fetch_one(db.pool())
    .await
}
