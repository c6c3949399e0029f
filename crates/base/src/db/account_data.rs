//! Everything Reel holds about one account, table by table: read out for its export, and
//! erased when it is deleted (its rows gone; records others rely on — revenue, the audit log —
//! kept under a pseudonym that names no one).

use std::collections::BTreeMap;

use sqlx::{Column, Row};

use crate::domain::{UploadId, UserId, VideoId};

use super::listing::{video_audience_condition, Audience, Conditions};
use super::Db;

/// One table's rows about the account, each a map of column to value. Credentials (hashes of
/// session ids, tokens and codes, CSRF tokens, TOTP secrets) are never among the columns.
pub type Rows = Vec<BTreeMap<String, serde_json::Value>>;

/// Stands in a query for "the account may see the item `v` now": its own items, and others' as
/// every listing shows them to it ([`video_audience_condition`] for a member: not private, not
/// failed, not taken down). The export reads an item's title, or a comment on it, only where
/// that holds, so it never shows what an owner renamed an item to after making it private or
/// after a moderator took it down.
const SEEN: &str = "{seen}";

/// What the export reads: a name, and the query (bound to the account id as `$1`, its email
/// as `$2`) with only columns that are the person's data.
const EXPORTED: &[(&str, &str)] = &[
    (
        "account",
        "SELECT id, email, phone, display_name, role, channel, created_at, disabled_at, bio, links, avatar_version, \
         watermark_version, watermark_placement, pref_language, pref_autoplay, pref_quality, pref_captions, email_uploads, totp_enabled_at FROM users WHERE id = $1",
    ),
    ("profiles", "SELECT id, name, avatar, kids, history_paused, created_at FROM profiles WHERE user_id = $1 ORDER BY created_at"),
    (
        "watching",
        "SELECT w.profile_id, w.video_id, CASE WHEN {seen} THEN v.title END AS title, w.position_s, w.updated_at, w.last_view_at, \
         w.in_history FROM watch_progress w LEFT JOIN videos v ON v.id = w.video_id WHERE w.user_id = $1 ORDER BY w.updated_at DESC",
    ),
    (
        "subscriptions",
        "SELECT u.channel, u.display_name, s.created_at FROM subscriptions s JOIN users u ON u.id = s.channel_id \
         WHERE s.subscriber_id = $1 ORDER BY s.created_at",
    ),
    (
        "notifications",
        "SELECT n.video_id, CASE WHEN {seen} THEN v.title END AS title, n.created_at, n.read_at, n.emailed_at \
         FROM notifications n LEFT JOIN videos v ON v.id = n.video_id WHERE n.user_id = $1 ORDER BY n.created_at DESC",
    ),
    (
        "plans",
        "SELECT p.name, g.starts_at, g.ends_at FROM plan_grants g JOIN plans p ON p.id = g.plan_id WHERE g.user_id = $1 ORDER BY g.starts_at",
    ),
    (
        "plan_events",
        "SELECT p.name AS plan, e.action, e.amount_minor, e.currency, e.period_start, e.period_end, e.at \
         FROM plan_events e JOIN plans p ON p.id = e.plan_id WHERE e.user_id = $1 ORDER BY e.at",
    ),
    (
        "playlists",
        "SELECT id, title, description, visibility, profile_id, created_at, updated_at FROM playlists WHERE created_by = $1 ORDER BY created_at",
    ),
    (
        "playlist_items",
        "SELECT i.playlist_id, i.video_id, i.position, i.added_at FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id \
         WHERE p.created_by = $1 ORDER BY i.playlist_id, i.position",
    ),
    ("series", "SELECT id, title, description, visibility, created_at, updated_at FROM series WHERE created_by = $1 ORDER BY created_at"),
    (
        "items",
        "SELECT id, title, description, visibility, status, source_filename, source_bytes, duration_s, views, created_at, ready_at, \
         kind, year, language, content_rating, credits, artist, album, album_artist, track_number, disc_number, series_id, season, episode, \
         required_plan FROM videos WHERE created_by = $1 ORDER BY created_at",
    ),
    (
        "item_genres",
        "SELECT g.video_id, g.genre FROM video_genres g JOIN videos v ON v.id = g.video_id WHERE v.created_by = $1 ORDER BY g.video_id",
    ),
    ("item_tags", "SELECT t.video_id, t.tag FROM video_tags t JOIN videos v ON v.id = t.video_id WHERE v.created_by = $1 ORDER BY t.video_id"),
    (
        "item_captions",
        "SELECT c.video_id, c.id, c.language, c.label, c.kind, c.origin, c.cues, c.created_at FROM captions c \
         JOIN videos v ON v.id = c.video_id WHERE v.created_by = $1 ORDER BY c.video_id, c.created_at",
    ),
    (
        "item_chapters",
        "SELECT c.video_id, c.origin, c.marks, c.updated_at FROM chapters c JOIN videos v ON v.id = c.video_id \
         WHERE v.created_by = $1 ORDER BY c.video_id",
    ),
    (
        "uploads_in_progress",
        "SELECT id, length, received, filename, title, created_at, expires_at FROM uploads WHERE created_by = $1 AND completed_at IS NULL",
    ),
    ("sessions", "SELECT created_at, last_seen_at, expires_at, revoked_at, ip, user_agent, profile_id FROM sessions WHERE user_id = $1"),
    (
        "streams",
        "SELECT video_id, profile_id, device, started_at, last_seen_at, ended_at, end_reason FROM streams WHERE user_id = $1 ORDER BY started_at",
    ),
    (
        "devices",
        "SELECT id, kind, name, user_agent, first_seen_at, removed_at FROM devices WHERE user_id = $1 ORDER BY first_seen_at",
    ),
    ("api_tokens", "SELECT id, name, scopes, profile_id, created_at, last_used_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1"),
    (
        "share_links",
        "SELECT id, video_id, start_s, expires_at, created_at, revoked_at FROM share_links WHERE created_by = $1 ORDER BY created_at",
    ),
    (
        "webhooks",
        "SELECT id, url, events, description, created_at, last_success_at, disabled_at, disabled_reason FROM webhook_endpoints \
         WHERE owner_id = $1 ORDER BY created_at",
    ),
    (
        "reactions",
        "SELECT profile_id, video_id, value, created_at FROM reactions WHERE user_id = $1 ORDER BY created_at",
    ),
    // Their comments on items they may still see: a comment is read only where its item is.
    (
        "comments",
        "SELECT c.id, c.video_id, c.parent_id, c.body, c.created_at, c.edited_at, c.hidden_at, c.deleted_at FROM comments c \
         JOIN videos v ON v.id = c.video_id WHERE c.user_id = $1 AND {seen} ORDER BY c.created_at",
    ),
    // What they reported and what came of it (not the excerpt: it may quote what they may no
    // longer see).
    (
        "reports",
        "SELECT id, kind, target_type, target_id, reason, status, outcome, created_at, resolved_at FROM reports \
         WHERE reporter_id = $1 ORDER BY created_at",
    ),
    // When each recovery code was made and used; never the codes or their hashes.
    ("totp_recovery_codes", "SELECT created_at, used_at FROM totp_recovery_codes WHERE user_id = $1 ORDER BY created_at"),
    // Which requests sent an idempotency key, and what they were answered, for a day.
    // A webhook's registration answer may hold the secret Reel made: kept for a retry, never exported.
    (
        "idempotency_keys",
        "SELECT idem_key, route, status, CASE WHEN route = 'POST /api/v1/webhooks' THEN NULL ELSE body END AS body, created_at \
         FROM idempotency_keys WHERE account_id = $1 ORDER BY created_at",
    ),
    ("sign_in_codes", "SELECT channel, address, created_at, expires_at, used_at, ip FROM otp_challenges WHERE user_id = $1 OR address = $2"),
    ("audit_log", "SELECT at, action, target, ip, detail FROM audit_log WHERE actor = $1 OR target = $1 OR target = $2 ORDER BY at"),
];

/// Every table's rows about `user` (reached by address `email` too, where rows name it; none
/// binds as NULL, which matches nothing).
pub async fn export(db: &Db, user: UserId, email: Option<&str>) -> sqlx::Result<BTreeMap<&'static str, Rows>> {
    let mut out = BTreeMap::new();
    for (name, sql) in EXPORTED {
        let rows = if sql.contains(SEEN) {
            let mut c = Conditions::default();
            // `$1`, the account, as every query names it; the rule's parameters follow.
            c.text(user.to_string());
            let mark = c.mark();
            video_audience_condition(&mut c, Audience::Member(user, None), "v", db.now_ms());
            let seen = c.take_since(mark);
            c.bind_rows(sqlx::query(&sql.replace(SEEN, &seen))).fetch_all(db.pool()).await?
        } else {
            let mut query = sqlx::query(sql).bind(user);
            if sql.contains("$2") {
                query = query.bind(email);
            }
            query.fetch_all(db.pool()).await?
        };
        out.insert(*name, rows.iter().map(row_json).collect());
    }
    Ok(out)
}

/// A row as a map of column to JSON value (integers, floats, text or null, whichever reads).
fn row_json(row: &sqlx::any::AnyRow) -> BTreeMap<String, serde_json::Value> {
    row.columns()
        .iter()
        .map(|column| {
            let i = column.ordinal();
            let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                serde_json::json!(v)
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                serde_json::json!(v)
            } else {
                serde_json::json!(row.try_get::<Option<String>, _>(i).ok().flatten())
            };
            (column.name().to_string(), value)
        })
        .collect()
}

/// Starts deleting `user`: signs them out everywhere, ends their tokens, disables the account
/// (no sign-in from now), and records the pseudonym the deletion job and the records kept
/// will know them by. Whether it started (false: already under way).
pub async fn start_deletion(db: &Db, user: UserId, pseudonym: &str) -> sqlx::Result<bool> {
    let now = db.now_ms();
    let mut tx = db.begin().await?;
    let started = sqlx::query(
        "INSERT INTO account_deletions (pseudonym, user_id, requested_at) SELECT $1, $2, $3 \
         WHERE NOT EXISTS (SELECT 1 FROM account_deletions WHERE user_id = $2)",
    )
    .bind(pseudonym)
    .bind(user)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1").bind(user).bind(now).execute(&mut *tx).await?;
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(started)
}

/// The account a deletion under way is for, by its pseudonym.
pub async fn pending(db: &Db, pseudonym: &str) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar("SELECT user_id FROM account_deletions WHERE pseudonym = $1").bind(pseudonym).fetch_optional(db.pool()).await
}

/// The items `user` owns.
pub async fn items_of(db: &Db, user: UserId) -> sqlx::Result<Vec<VideoId>> {
    sqlx::query_scalar("SELECT id FROM videos WHERE created_by = $1").bind(user).fetch_all(db.pool()).await
}

/// The uploads `user` left unfinished.
pub async fn uploads_of(db: &Db, user: UserId) -> sqlx::Result<Vec<UploadId>> {
    sqlx::query_scalar("SELECT id FROM uploads WHERE created_by = $1").bind(user).fetch_all(db.pool()).await
}

/// Hands `user`'s items and series to account `to`.
pub async fn hand_over(db: &Db, user: UserId, to: UserId) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE videos SET created_by = $2 WHERE created_by = $1").bind(user).bind(to).execute(&mut *tx).await?;
    sqlx::query("UPDATE series SET created_by = $2 WHERE created_by = $1").bind(user).bind(to).execute(&mut *tx).await?;
    tx.commit().await
}

/// Who a comment kept after its writer's account was erased is written by: no account has it.
const NO_ONE: UserId = UserId(uuid::Uuid::nil());

/// Erases the comments of `user` (id text `u`): their replies stop counting on their threads
/// and go; a thread of theirs that others answered stays, as a comment taken back at `now`
/// (ms) with no text and no writer, so the answers keep their place; the rest go.
async fn erase_comments(tx: &mut sqlx::Transaction<'static, sqlx::Any>, u: &str, now: i64) -> sqlx::Result<()> {
    for sql in [
        "UPDATE comments SET replies = replies - (SELECT COUNT(*) FROM comments r WHERE r.parent_id = comments.id AND r.user_id = $1 \
         AND r.deleted_at IS NULL AND r.hidden_at IS NULL) WHERE id IN (SELECT parent_id FROM comments WHERE user_id = $1 AND parent_id IS NOT NULL)",
        "DELETE FROM notifications WHERE comment_id IN (SELECT id FROM comments WHERE user_id = $1)",
        "DELETE FROM comments WHERE user_id = $1 AND parent_id IS NOT NULL",
    ] {
        sqlx::query(sql).bind(u).execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE comments SET user_id = $2, body = '', edited_at = NULL, pinned_at = NULL, deleted_at = COALESCE(deleted_at, $3) \
         WHERE user_id = $1 AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)",
    )
    .bind(u)
    .bind(NO_ONE)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM comments WHERE user_id = $1").bind(u).execute(&mut **tx).await?;
    Ok(())
}

/// Erases `user` (whose items are already gone or handed over): every row about them goes, in
/// one transaction; revenue records and the audit log keep `pseudonym` instead of them, with
/// no address or client IP; the deletion's own record goes last.
pub async fn erase(db: &Db, user: UserId, pseudonym: &str) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    let addresses: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT email, phone FROM users WHERE id = $1").bind(user).fetch_optional(&mut *tx).await?;
    // A missing address binds as NULL, which no comparison matches.
    let (email, phone) = addresses.unwrap_or_default();
    let u = user.to_string();
    let by_user: &[&str] = &[
        "DELETE FROM playlist_items WHERE playlist_id IN (SELECT id FROM playlists WHERE created_by = $1)",
        "DELETE FROM playlists WHERE created_by = $1",
        "UPDATE videos SET series_id = NULL, season = NULL, episode = NULL WHERE series_id IN (SELECT id FROM series WHERE created_by = $1)",
        "DELETE FROM series WHERE created_by = $1",
        "DELETE FROM watch_progress WHERE user_id = $1",
        // Their playback sessions' totals are already in the daily aggregates, which name no one.
        "DELETE FROM playback_sessions WHERE user_id = $1",
        "DELETE FROM subscriptions WHERE subscriber_id = $1 OR channel_id = $1",
        "DELETE FROM notifications WHERE user_id = $1",
        // Their reactions leave each item's totals (their comments are erased below).
        "UPDATE reaction_counts SET \
         likes = likes - (SELECT COUNT(*) FROM reactions r WHERE r.video_id = reaction_counts.video_id AND r.user_id = $1 AND r.value = 1), \
         dislikes = dislikes - (SELECT COUNT(*) FROM reactions r WHERE r.video_id = reaction_counts.video_id AND r.user_id = $1 AND r.value = -1) \
         WHERE video_id IN (SELECT video_id FROM reactions WHERE user_id = $1)",
        "DELETE FROM reactions WHERE user_id = $1",
        // Settled reports stay as the queue's record, no longer naming or quoting them; open
        // ones keep what was reported and whose it was until the moderators settle them
        // (`reports::resolve` then blanks them), a report of the account itself known by the
        // pseudonym (below), as the moderator's action will be in the audit log.
        "UPDATE reports SET excerpt = '', account_id = NULL, target_id = CASE WHEN target_type = 'account' THEN '' ELSE target_id END \
         WHERE account_id = $1 AND status <> 'open'",
        "UPDATE reports SET reporter_id = NULL WHERE reporter_id = $1",
        "DELETE FROM plan_grants WHERE user_id = $1",
        "DELETE FROM profile_recommendations WHERE profile_id IN (SELECT id FROM profiles WHERE user_id = $1)",
        "DELETE FROM profiles WHERE user_id = $1",
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM streams WHERE user_id = $1",
        "DELETE FROM devices WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT d.id FROM webhook_deliveries d \
         JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.owner_id = $1)",
        "DELETE FROM webhook_deliveries WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE owner_id = $1)",
        "DELETE FROM webhook_endpoints WHERE owner_id = $1",
        // Links they handed out stop working, even for items handed over to someone else.
        "DELETE FROM share_links WHERE created_by = $1",
        "DELETE FROM totp_recovery_codes WHERE user_id = $1",
        "DELETE FROM idempotency_keys WHERE account_id = $1",
        "DELETE FROM upload_parts WHERE upload_id IN (SELECT id FROM uploads WHERE created_by = $1)",
        "DELETE FROM uploads WHERE created_by = $1",
        "UPDATE invitations SET created_by = NULL WHERE created_by = $1",
        // Jobs about them (their emails, their avatar) name them in their key and payload.
        "DELETE FROM jobs WHERE state <> 'running' AND (dedupe_key LIKE '%' || $1 || '%' OR payload LIKE '%' || $1 || '%')",
    ];
    erase_comments(&mut tx, &u, db.now_ms()).await?;
    for sql in by_user {
        sqlx::query(sql).bind(&u).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE reports SET target_id = $2 WHERE target_type = 'account' AND target_id = $1 AND status = 'open'")
        .bind(&u)
        .bind(pseudonym)
        .execute(&mut *tx)
        .await?;
    // Counted among active viewers under a hash of their id.
    sqlx::query("DELETE FROM viewer_days WHERE viewer = $1").bind(crate::domain::qoe::viewer_key(user)).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM otp_challenges WHERE user_id = $1 OR address = $2 OR address = $3")
        .bind(&u)
        .bind(&email)
        .bind(&phone)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM invitations WHERE email = $1").bind(&email).execute(&mut *tx).await?;
    // Records others rely on stay, under the pseudonym.
    sqlx::query("UPDATE plan_events SET user_id = $2 WHERE user_id = $1").bind(&u).bind(pseudonym).execute(&mut *tx).await?;
    sqlx::query("UPDATE plan_events SET by_user = NULL WHERE by_user = $1").bind(&u).execute(&mut *tx).await?;
    // The audit log keeps what happened and when: their own entries and those about them name
    // the pseudonym, with no address, IP or free text.
    for sql in [
        "UPDATE audit_log SET target = $4 WHERE actor = $1 AND (target IS NULL OR target IN ($1, $2, $3))",
        "UPDATE audit_log SET target = $4, ip = NULL, detail = NULL WHERE target IN ($1, $2, $3)",
    ] {
        sqlx::query(sql).bind(&u).bind(&email).bind(&phone).bind(pseudonym).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE audit_log SET actor = NULL, ip = NULL, detail = NULL WHERE actor = $1").bind(&u).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM users WHERE id = $1").bind(&u).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM account_deletions WHERE pseudonym = $1").bind(pseudonym).execute(&mut *tx).await?;
    tx.commit().await
}
