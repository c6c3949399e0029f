//! TOTP recovery codes: a keyed hash of each, per account, spent once.

use crate::domain::UserId;

use super::Db;

/// Replaces the account's codes with these hashes (the old set is void at once).
pub async fn replace(db: &Db, user: UserId, hashes: &[String]) -> sqlx::Result<()> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM totp_recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO totp_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Spends the unused code with this hash; false when there is none (wrong, or already used).
/// The guarded update makes two requests racing with one code spend it once.
pub async fn spend(db: &Db, user: UserId, hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE totp_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
        .bind(db.now_ms())
        .bind(user)
        .bind(hash)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many of the account's codes are still unused.
pub async fn unused(db: &Db, user: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user)
        .fetch_one(db.pool())
        .await
}
