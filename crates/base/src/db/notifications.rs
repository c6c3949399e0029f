//! Notifications of new items from followed channels: written once per account and item by
//! the fan-out, read only where the account may still watch the item, marked read and emailed;
//! an owner's notice that their item's processing failed, read while it stays failed; and the
//! notices of a comment on one's item or a reply to one's comment, read while the comment is
//! shown; an owner's notice that their item was taken down or restored; and a reporter's
//! notice of what came of their report (keyed by the report, read from it). One row per
//! account and item: the latest notice about an item takes its place.

use sqlx::{FromRow, Row};

pub use crate::domain::comment::CommentNotice;
pub use crate::domain::moderation::ModerationNotice;
use crate::domain::moderation::{ReportStatus, ReportTarget};
use crate::domain::{CommentId, ReportId, UserId, VideoId};

use super::listing::{video_audience_condition, Audience, Conditions, Param};
use super::videos::{VideoRecord, COLUMNS};
use super::Db;

/// The condition that keeps notifications whose item `n.user_id` may still watch, for what is
/// sent to the account (email): a member's view (members and public items, their own private
/// ones), playable or ready, and within its window at `now` (the placeholder of the time). Where
/// the account is is not known away from a request, so an item limited to some countries is
/// told of only where its rule denies some, as for any client whose country is unknown.
fn still_visible(now: &str) -> String {
    format!(
        "n.kind IS NULL AND v.status IN ('playable', 'ready') AND (v.visibility IN ('members', 'public') OR v.created_by = n.user_id) \
         AND ((v.available_from IS NULL OR v.available_from <= {now}) AND (v.available_until IS NULL OR v.available_until > {now}) \
         AND (v.country_rule IS NULL OR v.country_rule = 'deny') OR v.created_by = n.user_id)"
    )
}

/// The comment a notice is about, as the notice shows it.
#[derive(Debug, Clone)]
pub struct NoticeComment {
    /// What the notice tells.
    pub notice: CommentNotice,
    /// The comment.
    pub id: CommentId,
    /// Its writer's display name.
    pub author_name: String,
    /// Its text.
    pub body: String,
}

/// What a moderation notice tells.
#[derive(Debug, Clone)]
pub struct NoticeModeration {
    /// Which notice it is.
    pub notice: ModerationNotice,
    /// The report it tells the outcome of (a report's notice).
    pub report: Option<ReportId>,
    /// What the report was about.
    pub target_type: Option<ReportTarget>,
    /// What was reported, as it was then (a report's notice).
    pub excerpt: String,
    /// Where the report stands.
    pub status: Option<ReportStatus>,
    /// What was done and why: the report's outcome, or the takedown's reason (the moderator's
    /// own words).
    pub text: crate::i18n::Said,
}

/// One notification with the item it is about.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Its key beside its time: the item's id, or a report notice's report id.
    pub key: VideoId,
    /// The item it is about; none for a report's notice.
    pub video: Option<VideoRecord>,
    /// When the account was told (ms).
    pub created_at: i64,
    /// When the account read it (ms), if it has.
    pub read_at: Option<i64>,
    /// The comment it tells of, if it is a comment's notice.
    pub comment: Option<NoticeComment>,
    /// The moderation it tells of, if it is a moderation notice.
    pub moderation: Option<NoticeModeration>,
}

impl Notification {
    /// What it tells: `comment` or `reply` for a comment's notice, `report`, `takedown` or
    /// `restored` for a moderation notice, `failed` for the owner's notice that their item's
    /// processing failed, else `published`.
    pub fn kind(&self) -> &'static str {
        if let Some(c) = &self.comment {
            c.notice.as_str()
        } else if let Some(m) = &self.moderation {
            m.notice.as_str()
        } else if self.video.as_ref().is_some_and(|v| v.status == crate::domain::VideoStatus::Failed) {
            "failed"
        } else {
            "published"
        }
    }
}

/// Notifies every subscriber of `channel` about `video`; an account already told about it is
/// left as it is. Returns how many were newly told.
pub async fn fan_out(db: &Db, channel: UserId, video: VideoId) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, video_id, created_at) \
         SELECT subscriber_id, $1, $2 FROM subscriptions WHERE channel_id = $3 \
         ON CONFLICT (user_id, video_id) DO NOTHING",
    )
    .bind(video)
    .bind(db.now_ms())
    .bind(channel)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Tells the owner of `video` that its processing failed (unread, now), in place of any
/// earlier notice of theirs about it.
pub async fn tell_failure(db: &Db, video: VideoId) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, video_id, created_at) SELECT created_by, id, $1 FROM videos \
         WHERE id = $2 AND created_by IS NOT NULL \
         ON CONFLICT (user_id, video_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL, kind = NULL, comment_id = NULL",
    )
    .bind(db.now_ms())
    .bind(video)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Tells `user` of `comment` on `video` (unread, now), in place of any earlier notice of theirs
/// about the item.
pub async fn tell_comment(db: &Db, user: UserId, video: VideoId, comment: CommentId, notice: CommentNotice) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, video_id, created_at, kind, comment_id) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, video_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL, emailed_at = NULL, \
         kind = excluded.kind, comment_id = excluded.comment_id",
    )
    .bind(user)
    .bind(video)
    .bind(db.now_ms())
    .bind(notice.as_str())
    .bind(comment)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Tells the owner of `video` that it was taken down or restored (unread, now), in place of
/// any earlier notice of theirs about it.
pub async fn tell_owner(db: &Db, video: VideoId, notice: ModerationNotice) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, video_id, created_at, kind) SELECT created_by, id, $1, $2 FROM videos \
         WHERE id = $3 AND created_by IS NOT NULL \
         ON CONFLICT (user_id, video_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL, emailed_at = NULL, \
         kind = excluded.kind, comment_id = NULL, report_id = NULL",
    )
    .bind(db.now_ms())
    .bind(notice.as_str())
    .bind(video)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Tells `reporter` what came of `report` (unread, now); the row is keyed by the report.
pub async fn tell_reporter(db: &Db, reporter: UserId, report: ReportId) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, video_id, created_at, kind, report_id) VALUES ($1, $2, $3, 'report', $2) \
         ON CONFLICT (user_id, video_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL",
    )
    .bind(reporter)
    .bind(report.to_string())
    .bind(db.now_ms())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Removes the owner's notice that `video` failed (it is being processed again).
pub async fn forget_failure(db: &Db, video: VideoId) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM notifications WHERE video_id = $1 AND kind IS NULL AND user_id = (SELECT created_by FROM videos WHERE id = $1)",
    )
    .bind(video)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The subscribers of `channel` who asked for an email about new items and have an address.
pub async fn email_subscribers(db: &Db, channel: UserId) -> sqlx::Result<Vec<UserId>> {
    sqlx::query_scalar(
        "SELECT u.id FROM subscriptions s JOIN users u ON u.id = s.subscriber_id \
         WHERE s.channel_id = $1 AND u.email_uploads = 1 AND u.email IS NOT NULL AND u.disabled_at IS NULL ORDER BY u.id",
    )
    .bind(channel)
    .fetch_all(db.pool())
    .await
}

/// The conditions of `user`'s notifications whose item `audience` (the account as its
/// profile sees it) may still watch, numbered from `$1`: the rows of `notifications n` with
/// `videos v` joined where there is one.
fn readable(user: UserId, audience: Audience, now: i64) -> Conditions {
    let mut c = Conditions::default();
    let me = c.text(user.to_string());
    let mark = c.mark();
    // Besides new items of followed channels: the notice to an item's owner that its
    // processing failed, for as long as it stays failed.
    c.push(format!("(v.status IN ('playable', 'ready') OR (v.status = 'failed' AND v.created_by = {me}))"));
    video_audience_condition(&mut c, audience, "v", now);
    // A comment's notice, while the comment is shown and its item's comments are on.
    c.push(
        "(n.kind IS NULL OR (n.kind IN ('comment', 'reply') AND v.comments_off = 0 AND EXISTS (SELECT 1 FROM comments c \
         WHERE c.id = n.comment_id AND c.deleted_at IS NULL AND c.hidden_at IS NULL)))"
            .into(),
    );
    let about_items = c.take_since(mark);
    // A report's outcome is the reporter's whatever became of its target; a takedown's notice
    // is its owner's while the item is theirs.
    c.push(format!(
        "n.user_id = {me} AND (n.kind = 'report' OR (n.kind IN ('takedown', 'restored') AND v.created_by = {me}) OR {about_items})"
    ));
    c
}

/// `user`'s notifications newest first, from before `(created_at, key)` when given, at most
/// `limit`; only those whose item `audience` may still watch.
pub async fn list(
    db: &Db,
    user: UserId,
    audience: Audience,
    before: Option<(i64, VideoId)>,
    limit: u32,
) -> sqlx::Result<Vec<Notification>> {
    let mut c = readable(user, audience, db.now_ms());
    if let Some((at, id)) = before {
        let (at, id) = (c.param(Param::Int(at)), c.text(id.to_string()));
        c.push(format!("(n.created_at < {at} OR (n.created_at = {at} AND n.video_id < {id}))"));
    }
    let limit = c.param(Param::Int(i64::from(limit)));
    let columns = COLUMNS.split(", ").map(|c| format!("v.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {columns}, n.video_id AS notice_key, v.id AS found_video, n.created_at AS told_at, n.read_at, n.kind AS notice, \
         n.comment_id AS notice_comment, cu.display_name AS notice_author, cc.body AS notice_body, \
         n.report_id AS notice_report, r.target_type AS report_target, r.excerpt AS report_excerpt, r.status AS report_status, \
         r.outcome AS report_outcome \
         FROM notifications n LEFT JOIN videos v ON v.id = n.video_id \
         LEFT JOIN comments cc ON cc.id = n.comment_id LEFT JOIN users cu ON cu.id = cc.user_id \
         LEFT JOIN reports r ON r.id = n.report_id \
         WHERE {} ORDER BY n.created_at DESC, n.video_id DESC LIMIT {limit}",
        c.all()
    );
    let rows = c.bind_rows(sqlx::query(&sql)).fetch_all(db.pool()).await?;
    let mut found = Vec::with_capacity(rows.len());
    let mut videos = Vec::new();
    for row in rows {
        let video = match row.try_get::<Option<String>, _>("found_video")? {
            Some(_) => {
                videos.push(VideoRecord::from_row(&row)?);
                Some(videos.len() - 1)
            }
            None => None,
        };
        let notice: Option<String> = row.try_get("notice")?;
        let comment =
            match (notice.as_deref().and_then(|n| n.parse::<CommentNotice>().ok()), row.try_get::<Option<CommentId>, _>("notice_comment")?)
            {
                (Some(notice), Some(id)) => Some(NoticeComment {
                    notice,
                    id,
                    author_name: row.try_get::<Option<String>, _>("notice_author")?.unwrap_or_default(),
                    body: row.try_get::<Option<String>, _>("notice_body")?.unwrap_or_default(),
                }),
                _ => None,
            };
        let moderation = match notice.as_deref().and_then(|n| n.parse::<ModerationNotice>().ok()) {
            Some(notice) => {
                let reason = video.and_then(|i| videos[i].takedown_reason.clone());
                Some(NoticeModeration {
                    notice,
                    report: row.try_get("notice_report")?,
                    target_type: row.try_get("report_target")?,
                    excerpt: row.try_get::<Option<String>, _>("report_excerpt")?.unwrap_or_default(),
                    status: row.try_get("report_status")?,
                    text: match row.try_get::<Option<String>, _>("report_outcome")? {
                        Some(outcome) => crate::i18n::Said::from_stored(&outcome),
                        None => crate::i18n::Said::verbatim(reason.unwrap_or_default()),
                    },
                })
            }
            None => None,
        };
        let key: VideoId = row.try_get::<String, _>("notice_key")?.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        found.push((key, video, row.try_get::<i64, _>("told_at")?, row.try_get::<Option<i64>, _>("read_at")?, comment, moderation));
    }
    super::catalogue::attach_labels(db, &mut videos).await?;
    let mut videos: Vec<Option<VideoRecord>> = videos.into_iter().map(Some).collect();
    Ok(found
        .into_iter()
        .map(|(key, video, created_at, read_at, comment, moderation)| Notification {
            key,
            video: video.and_then(|i| videos[i].take()),
            created_at,
            read_at,
            comment,
            moderation,
        })
        .collect())
}

/// How many of `user`'s notifications are unread (only those whose item `audience` may still
/// watch).
pub async fn unread(db: &Db, user: UserId, audience: Audience) -> sqlx::Result<i64> {
    let c = readable(user, audience, db.now_ms());
    let sql =
        format!("SELECT COUNT(*) FROM notifications n LEFT JOIN videos v ON v.id = n.video_id WHERE {} AND n.read_at IS NULL", c.all());
    c.bind(sqlx::query_as::<_, (i64,)>(&sql)).fetch_one(db.pool()).await.map(|(n,)| n)
}

/// Marks `user`'s notification about `video` read, or all of them without one; how many
/// changed.
pub async fn mark_read(db: &Db, user: UserId, video: Option<VideoId>) -> sqlx::Result<u64> {
    let sql = match video {
        Some(_) => "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND video_id = $3",
        None => "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
    };
    let mut query = sqlx::query(sql).bind(user).bind(db.now_ms());
    if let Some(video) = video {
        query = query.bind(video);
    }
    Ok(query.execute(db.pool()).await?.rows_affected())
}

/// `user`'s unread notifications not yet emailed, oldest first, at most `limit`, with their
/// items (only those they may still watch): what one email tells.
pub async fn to_email(db: &Db, user: UserId, limit: u32) -> sqlx::Result<Vec<VideoRecord>> {
    let columns = COLUMNS.split(", ").map(|c| format!("v.{}", c.trim())).collect::<Vec<_>>().join(", ");
    sqlx::query_as(&format!(
        "SELECT {columns} FROM notifications n JOIN videos v ON v.id = n.video_id \
         WHERE n.user_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND {} \
         ORDER BY n.created_at, n.video_id LIMIT $2",
        still_visible("$3")
    ))
    .bind(user)
    .bind(i64::from(limit))
    .bind(db.now_ms())
    .fetch_all(db.pool())
    .await
}

/// When the oldest of `user`'s notifications that an email would tell of was written (ms).
pub async fn oldest_unsent(db: &Db, user: UserId) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(&format!(
        "SELECT MIN(n.created_at) FROM notifications n JOIN videos v ON v.id = n.video_id \
         WHERE n.user_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND {}",
        still_visible("$2")
    ))
    .bind(user)
    .bind(db.now_ms())
    .fetch_one(db.pool())
    .await
}

/// Records that `user` was emailed about `videos`.
pub async fn mark_emailed(db: &Db, user: UserId, videos: &[VideoId]) -> sqlx::Result<()> {
    if videos.is_empty() {
        return Ok(());
    }
    let sql =
        format!("UPDATE notifications SET emailed_at = $2 WHERE user_id = $1 AND video_id IN ({})", super::placeholders(3, videos.len()));
    videos.iter().fold(sqlx::query(&sql).bind(user).bind(db.now_ms()), |q, id| q.bind(id)).execute(db.pool()).await?;
    Ok(())
}

/// Whether `user` gets an email when followed channels publish.
pub async fn emails_on(db: &Db, user: UserId) -> sqlx::Result<bool> {
    let on: Option<i64> = sqlx::query_scalar("SELECT email_uploads FROM users WHERE id = $1").bind(user).fetch_optional(db.pool()).await?;
    Ok(on == Some(1))
}

/// Turns `user`'s emails about new items on or off; false when there is no such account.
pub async fn set_emails(db: &Db, user: UserId, on: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE users SET email_uploads = $2 WHERE id = $1").bind(user).bind(i64::from(on)).execute(db.pool()).await?;
    Ok(done.rows_affected() == 1)
}
