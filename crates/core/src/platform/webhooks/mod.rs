//! Events pushed to the endpoints accounts register: what an event says ([`Event`], with its
//! payloads as typed, documented data), which endpoints receive it ([`emit`]: the owner's of
//! what it is about, and every admin's), and the Standard Webhooks signature each delivery
//! carries. The delivery itself, attempt by attempt, is the [`deliver::DeliverWebhook`] job.

pub mod deliver;
pub mod signature;

use serde::Serialize;

use crate::platform::jobs::Registry;
use crate::platform::Context;
use reel_base::db::jobs as queue_rows;
use reel_base::db::videos::VideoRecord;
use reel_base::db::webhooks as rows;
use reel_base::db::Db;
use reel_base::domain::{rfc3339, CommentId, Role, UploadId, UserId, VideoId, WebhookId};

pub use deliver::DeliverWebhook;

/// The events an endpoint may subscribe to, each with what it means. The `account.` ones are
/// for admins' endpoints alone.
pub const EVENTS: &[(&str, &str)] = &[
    ("video.uploaded", "An item's file is stored and queued for processing."),
    ("video.playable", "The first segments of every rendition exist: the item can be watched while the rest is made."),
    ("video.ready", "Every output of the item is written and published."),
    ("video.failed", "The item cannot be processed; `error` says why."),
    ("video.deleted", "The item was deleted, with everything made of it."),
    (
        "video.taken_down",
        "A moderator took the item down: it stays stored, seen by its owner and the moderators alone; `takedown_reason` says why.",
    ),
    ("video.restored", "A moderator restored a taken-down item."),
    ("comment.created", "A member commented on an item, or replied to a comment on it."),
    ("upload.expired", "An unfinished upload (tus or direct) passed its expiry and was removed."),
    ("account.created", "An account was made (signed up, or by `reel user create`)."),
    ("account.role_changed", "An admin changed an account's role."),
    ("account.disabled", "An account was disabled: its sessions ended and its tokens stopped working."),
    ("account.enabled", "A disabled account was enabled again."),
    ("account.deleted", "An account asked to be deleted; its data is being erased."),
    ("account.suspended", "A moderator suspended an account until `until`: it cannot sign in or use its sessions and tokens."),
    ("report.created", "A member reported an item, a comment or an account, or an owner appealed a takedown."),
];

/// The event an owner asks for to try an endpoint; sent to that endpoint alone, whatever it
/// subscribes to.
pub const TEST_EVENT: &str = "webhook.test";

/// Whether an event type exists to subscribe to.
pub fn is_event(name: &str) -> bool {
    EVENTS.iter().any(|(n, _)| *n == name)
}

/// Whether only admins' endpoints may receive it (it is about accounts or the moderation
/// queue, not one's own items).
pub fn is_admin_event(name: &str) -> bool {
    name.starts_with("account.") || name.starts_with("report.")
}

/// The job kinds of this module.
pub fn register(registry: Registry) -> Registry {
    registry.register::<DeliverWebhook>()
}

/// The body of every delivery, as the Standard Webhooks specification shapes it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = WebhookPayload)]
pub struct Payload<'a> {
    /// The event type, e.g. `video.ready`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// When it happened (RFC 3339, UTC).
    pub timestamp: String,
    /// What it is about: [`VideoEventData`], [`CommentEventData`], [`UploadEventData`],
    /// [`AccountEventData`], [`ReportEventData`] or [`TestEventData`], by type.
    #[schema(value_type = Object)]
    pub data: &'a serde_json::Value,
}

/// `data` of the `video.` events.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VideoEventData {
    /// The item.
    pub id: VideoId,
    /// Its owner, if it has one.
    pub owner_id: Option<UserId>,
    pub title: String,
    /// `private`, `members` or `public`.
    pub visibility: &'static str,
    /// `uploaded`, `processing`, `playable`, `ready` or `failed` (for `video.deleted`: the
    /// status it had).
    pub status: &'static str,
    /// `video`, `film`, `episode`, `music` or `podcast`.
    pub kind: String,
    /// Seconds, once probed.
    pub duration_s: Option<f64>,
    /// Why it failed, for `video.failed`.
    pub error: Option<String>,
    /// Why a moderator took it down, while it is taken down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takedown_reason: Option<String>,
}

impl From<&VideoRecord> for VideoEventData {
    fn from(v: &VideoRecord) -> Self {
        Self {
            id: v.id,
            owner_id: v.created_by,
            title: v.title.clone(),
            visibility: v.visibility.as_str(),
            status: v.status.as_str(),
            kind: v.meta.kind.as_str().to_string(),
            duration_s: v.duration_s,
            error: v.error.clone(),
            takedown_reason: v.takedown_reason.clone(),
        }
    }
}

/// `data` of `comment.created`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommentEventData {
    /// The comment.
    pub id: CommentId,
    /// The item it is on.
    pub video_id: VideoId,
    /// The comment it replies to, for a reply.
    pub parent_id: Option<CommentId>,
    /// Its writer.
    pub author_id: UserId,
    /// Its text, as written (plain text: escape it before showing it in a page).
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
}

/// `data` of `upload.expired`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UploadEventData {
    /// The upload.
    pub id: UploadId,
    /// Who started it.
    pub owner_id: Option<UserId>,
    /// Bytes it was to have.
    pub length: i64,
    /// Bytes it had received.
    pub offset: i64,
}

/// `data` of the `account.` events.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccountEventData {
    /// The account.
    pub id: UserId,
    /// Its role now (for `account.deleted`: none).
    pub role: Option<String>,
    /// The admin (or moderator) who did it, when one did.
    pub by: Option<UserId>,
    /// Until when it is suspended (RFC 3339), for `account.suspended`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Why, for `account.suspended`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `data` of `report.created`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportEventData {
    /// The report.
    pub id: reel_base::domain::ReportId,
    /// `report`, or `appeal` (an owner's appeal of a takedown).
    pub kind: &'static str,
    /// `video`, `comment` or `account`.
    pub target_type: &'static str,
    pub target_id: String,
    /// The item concerned, for a video or a comment.
    pub video_id: Option<VideoId>,
    /// The reporter's words.
    pub reason: String,
}

/// `data` of `webhook.test`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TestEventData {
    /// The endpoint tried.
    pub endpoint_id: WebhookId,
}

/// One event to emit: its type, whose it is, and its JSON body.
#[derive(Debug, Clone)]
pub struct Event {
    kind: &'static str,
    /// The account whose thing it is about; none for the account events (admins only).
    subject: Option<UserId>,
    data: serde_json::Value,
}

impl Event {
    /// A `video.` event about `video` (as it is, or was just before it was deleted).
    pub fn video(kind: &'static str, video: &VideoRecord) -> Self {
        debug_assert!(kind.starts_with("video.") && is_event(kind));
        let data = serde_json::to_value(VideoEventData::from(video)).expect("event data serialises");
        Self { kind, subject: video.created_by, data }
    }

    /// `comment.created`, for the endpoints of the item's owner (`item_owner`) and the admins'.
    pub fn comment_created(item_owner: Option<UserId>, data: CommentEventData) -> Self {
        Self { kind: "comment.created", subject: item_owner, data: serde_json::to_value(data).expect("event data serialises") }
    }

    /// `upload.expired`.
    pub fn upload_expired(data: UploadEventData) -> Self {
        let subject = data.owner_id;
        Self { kind: "upload.expired", subject, data: serde_json::to_value(data).expect("event data serialises") }
    }

    /// An `account.` event; `role` none for a deleted account.
    pub fn account(kind: &'static str, id: UserId, role: Option<Role>, by: Option<UserId>) -> Self {
        debug_assert!(is_admin_event(kind) && is_event(kind));
        let data = AccountEventData { id, role: role.map(|r| r.to_string()), by, until: None, reason: None };
        Self { kind, subject: None, data: serde_json::to_value(data).expect("event data serialises") }
    }

    /// `account.suspended`.
    pub fn account_suspended(id: UserId, role: Role, by: Option<UserId>, until_ms: i64, reason: &str) -> Self {
        let data =
            AccountEventData { id, role: Some(role.to_string()), by, until: Some(rfc3339(until_ms)), reason: Some(reason.to_string()) };
        Self { kind: "account.suspended", subject: None, data: serde_json::to_value(data).expect("event data serialises") }
    }

    /// `report.created`, for admins' endpoints.
    pub fn report_created(data: ReportEventData) -> Self {
        Self { kind: "report.created", subject: None, data: serde_json::to_value(data).expect("event data serialises") }
    }

    /// Its type.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The body sent, with the time it happened.
    fn body(&self, at_ms: i64) -> String {
        serde_json::to_string(&Payload { kind: self.kind, timestamp: rfc3339(at_ms), data: &self.data }).expect("payload serialises")
    }
}

/// Queues a delivery of `event` to every enabled endpoint subscribed to it that may receive
/// it: its subject's own and every admin's. Returns how many were queued. Only the database is
/// needed, so a command line emits as a server does; workers pick the jobs up at their next
/// look (at once where PostgreSQL announces them).
pub async fn emit(db: &Db, event: &Event) -> sqlx::Result<usize> {
    let receivers = rows::receivers(db, event.kind, event.subject).await?;
    if receivers.is_empty() {
        return Ok(0);
    }
    let body = event.body(db.clock().now_ms());
    for endpoint in &receivers {
        queue_delivery(db, endpoint.id, event.kind, &body).await?;
    }
    queue_rows::announce(db).await?;
    Ok(receivers.len())
}

/// [`emit`], for a change that is already made: a failure to queue is logged, not the
/// caller's error (the change stands; only its announcement is lost), and this process's
/// workers are woken.
pub async fn announce(ctx: &Context, event: Event) {
    match emit(&ctx.db, &event).await {
        Ok(0) => {}
        Ok(_) => {
            if let Err(e) = ctx.queue.wake().await {
                tracing::debug!(error = %e, "could not wake the workers for a webhook delivery");
            }
        }
        Err(e) => tracing::warn!(event = event.kind, error = %e, "could not queue the webhook deliveries of an event"),
    }
}

/// [`announce`] with the database alone (a command line's change).
pub async fn announce_from(db: &Db, event: Event) {
    if let Err(e) = emit(db, &event).await {
        tracing::warn!(event = event.kind, error = %e, "could not queue the webhook deliveries of an event");
    }
}

/// Queues `webhook.test` to one endpoint; returns the delivery's id.
pub async fn send_test(ctx: &Context, endpoint: WebhookId) -> sqlx::Result<String> {
    let data = serde_json::to_value(TestEventData { endpoint_id: endpoint }).expect("event data serialises");
    let body = Event { kind: TEST_EVENT, subject: None, data }.body(ctx.db.clock().now_ms());
    let id = queue_delivery(&ctx.db, endpoint, TEST_EVENT, &body).await?;
    ctx.queue.wake().await?;
    Ok(id)
}

/// Stores one pending delivery and queues its first attempt.
async fn queue_delivery(db: &Db, endpoint: WebhookId, kind: &str, body: &str) -> sqlx::Result<String> {
    let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    rows::insert_delivery(db, &id, endpoint, kind, body).await?;
    queue_rows::enqueue(db, &deliver::job_row(&DeliverWebhook::first(&id))).await?;
    Ok(id)
}

/// How long a delivery and its attempts are kept once it is done: its endpoint's page shows
/// them (and they can be resent) until then.
pub const KEEP_DELIVERIES: std::time::Duration = std::time::Duration::from_secs(30 * 86_400);

/// Forgets the deliveries done longer ago than [`KEEP_DELIVERIES`]; how many went.
pub async fn forget_old(ctx: &Context) -> sqlx::Result<u64> {
    let keep = i64::try_from(KEEP_DELIVERIES.as_millis()).unwrap_or(i64::MAX);
    rows::prune(&ctx.db, ctx.clock().now_ms().saturating_sub(keep)).await
}

/// Makes a delivery due again now, for one more attempt (an owner's resend).
pub async fn resend(ctx: &Context, delivery: &rows::Delivery) -> sqlx::Result<()> {
    let job = DeliverWebhook { delivery: delivery.id.clone(), attempt: delivery.attempts + 1, resend: true };
    rows::resend(&ctx.db, &delivery.id).await?;
    // A job that ended without making this attempt (its endpoint was disabled then) holds its
    // key: that one is queued again, as this resend.
    if !deliver::queue_again(&ctx.db, &job, ctx.clock().now_ms()).await? {
        rows::abandon(&ctx.db, &delivery.id).await?;
        return Err(sqlx::Error::Protocol("the resend could not be queued".into()));
    }
    ctx.queue.wake().await
}
