//! `/api/v1/notifications…`: what followed channels published, the unread count, marking
//! read, and the email opt-in.

use axum::extract::{Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::audience::notifications;
use reel_core::auth::Caller;

use crate::http::api::paging::{page_cursor, page_limit, PageParams};
use crate::http::api::videos::{views, VideoView};

/// The notification routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(mark_read)).routes(routes!(settings, change_settings))
}

/// One notification: the item, when the caller was told, whether they read it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NotificationView {
    /// `published` (a followed channel's new item), `failed` (the caller's own item could
    /// not be processed: the video's `error` says why, and `POST /api/v1/videos/{id}/retry`
    /// tries again), `comment` (someone commented on the caller's item) or `reply` (someone
    /// replied to the caller's comment), `takedown` or `restored` (a moderator took the
    /// caller's item down, or restored it) or `report` (what came of the caller's report).
    kind: &'static str,
    /// The item; none for `report`.
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<VideoView>,
    /// The comment a `comment` or `reply` notification is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<NoticeComment>,
    /// What a `report`, `takedown` or `restored` notification tells.
    #[serde(skip_serializing_if = "Option::is_none")]
    moderation: Option<NoticeModeration>,
    created_at: String,
    read: bool,
}

/// The moderation a notification tells of.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NoticeModeration {
    /// The report, for `report`.
    report_id: Option<reel_base::domain::ReportId>,
    /// What was reported, as it was then, for `report`.
    excerpt: String,
    /// `dismissed` or `actioned`, for `report`.
    status: Option<reel_base::domain::moderation::ReportStatus>,
    /// The outcome of the report, or why the item was taken down.
    #[schema(value_type = String)]
    text: reel_base::i18n::Said,
}

/// The comment a notification tells of.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NoticeComment {
    id: reel_base::domain::CommentId,
    /// Its writer's display name.
    author: String,
    /// Plain text.
    body: String,
}

/// A page of notifications.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct NotificationPage {
    items: Vec<NotificationView>,
    /// Unread notifications in all (what a bell shows).
    unread: i64,
    next_cursor: Option<String>,
}

/// `GET /api/v1/notifications?limit=&cursor=`: newest first, only items the caller may still
/// watch, with the unread count.
#[utoipa::path(
    get, path = "/api/v1/notifications", tag = "viewers",
    params(PageParams),
    responses((status = 200, description = "Notifications, newest first", body = NotificationPage))
)]
async fn list(State(state): State<AppState>, caller: Caller, Query(q): Query<PageParams>) -> AppResult<Json<NotificationPage>> {
    let limit = page_limit(q.limit.as_deref())?;
    let page = notifications::list(&state, &caller, limit, page_cursor(q.cursor.as_deref())?).await?;
    let mut told = Vec::with_capacity(page.items.len());
    let mut shown = Vec::new();
    for n in page.items {
        let comment = n.comment.as_ref().map(|c| NoticeComment { id: c.id, author: c.author_name.clone(), body: c.body.clone() });
        let moderation = n.moderation.as_ref().map(|m| NoticeModeration {
            report_id: m.report,
            excerpt: m.excerpt.clone(),
            status: m.status,
            text: m.text.clone(),
        });
        told.push((n.kind(), n.video.is_some(), comment, moderation, rfc3339(n.created_at), n.read_at.is_some()));
        shown.extend(n.video);
    }
    let mut videos = views(&state, shown, Some(&caller)).await?.into_iter();
    let items = told
        .into_iter()
        .map(|(kind, has_video, comment, moderation, created_at, read)| {
            let video = if has_video { videos.next() } else { None };
            NotificationView { kind, video, comment, moderation, created_at, read }
        })
        .collect();
    Ok(Json(NotificationPage { items, unread: page.unread, next_cursor: page.next.map(|c| c.to_string()) }))
}

/// Body of `POST /api/v1/notifications/read`.
/// How many notifications are unread.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Unread {
    unread: i64,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MarkRead {
    /// Only the notification about this item; without it, all.
    video_id: Option<String>,
}

/// `POST /api/v1/notifications/read` `{"video_id"?}`: marks one or all read; answers the
/// unread count left.
#[utoipa::path(
    post, path = "/api/v1/notifications/read", tag = "viewers",
    request_body(content = Option<MarkRead>, description = "`video_id`: only that item's; all when absent"),
    responses((status = 200, description = "Marked; what is still unread", body = Unread))
)]
async fn mark_read(State(state): State<AppState>, caller: Caller, body: Option<Json<MarkRead>>) -> AppResult<Json<Unread>> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    notifications::mark_read(&state, &caller, body.video_id.as_deref()).await?;
    Ok(Json(Unread { unread: notifications::unread(&state, &caller).await? }))
}

/// The email opt-in.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NotificationSettings)]
struct Settings {
    /// An email (batched) when followed channels publish.
    email: bool,
}

/// `GET /api/v1/notifications/settings`.
#[utoipa::path(
    get, path = "/api/v1/notifications/settings", tag = "viewers",
    responses((status = 200, description = "Whether new uploads are also emailed", body = Settings))
)]
async fn settings(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Settings>> {
    Ok(Json(Settings { email: notifications::emails_on(&state, &caller).await? }))
}

/// `PUT /api/v1/notifications/settings` `{"email": bool}`.
#[utoipa::path(
    put, path = "/api/v1/notifications/settings", tag = "viewers",
    responses((status = 200, description = "As now set", body = Settings))
)]
async fn change_settings(State(state): State<AppState>, caller: Caller, Json(s): Json<Settings>) -> AppResult<Json<Settings>> {
    notifications::set_emails(&state, &caller, s.email).await?;
    Ok(Json(s))
}
