//! The JSON API under `/api/v1` (videos) plus `/healthz` and `/readyz`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::{policy, Caller};
use crate::db::videos::{self, Audience, VideoRecord};
use crate::delivery::{playback_urls, PlaybackUrls};
use crate::domain::{rfc3339, VideoDescription, VideoId, VideoTitle, Visibility};
use crate::error::{AppError, AppResult};
use crate::media::package::{Kind, PackageIndex};
use crate::storage::StorageKey;

/// A video as the API shows it.
#[derive(Debug, Serialize)]
pub struct VideoView {
    id: VideoId,
    title: String,
    description: String,
    status: String,
    visibility: Visibility,
    owner: Option<String>,
    error: Option<String>,
    progress: f64,
    duration_s: Option<f64>,
    views: i64,
    created_at: String,
    uploaded_at: Option<String>,
    playable_at: Option<String>,
    ready_at: Option<String>,
    time_to_playable_s: Option<f64>,
    time_to_ready_s: Option<f64>,
    renditions: Vec<RenditionView>,
    playback: Option<PlaybackUrls>,
}

/// One rendition as the API shows it.
#[derive(Debug, Serialize)]
pub struct RenditionView {
    name: String,
    kind: Kind,
    codecs: String,
    bandwidth: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    frame_rate: Option<f64>,
    segments: usize,
}

fn view(state: &AppState, v: VideoRecord, index: Option<&PackageIndex>, caller: Option<&Caller>) -> VideoView {
    let secs_since_upload = |t: Option<i64>| Some((t? - v.uploaded_at?) as f64 / 1000.0);
    let renditions = index
        .map(|i| {
            i.renditions
                .iter()
                .map(|r| RenditionView {
                    name: r.name.clone(),
                    kind: r.kind,
                    codecs: r.codecs.clone(),
                    bandwidth: r.peak_bps(),
                    width: r.width,
                    height: r.height,
                    frame_rate: r.frame_rate,
                    segments: r.segments.len(),
                })
                .collect()
        })
        .unwrap_or_default();
    let playback = index.filter(|_| v.status.is_watchable()).map(|i| {
        let viewer = caller.map_or("anonymous", Caller::subject);
        playback_urls(&state.signer, &state.playback_base, state.config.delivery.token_ttl_secs, v.id, viewer, i)
    });
    VideoView {
        id: v.id,
        time_to_playable_s: secs_since_upload(v.playable_at),
        time_to_ready_s: secs_since_upload(v.ready_at),
        title: v.title,
        description: v.description,
        status: v.status.to_string(),
        visibility: v.visibility,
        owner: v.created_by,
        error: v.error,
        progress: v.progress,
        duration_s: v.duration_s,
        views: v.views,
        created_at: rfc3339(v.created_at),
        uploaded_at: v.uploaded_at.map(rfc3339),
        playable_at: v.playable_at.map(rfc3339),
        ready_at: v.ready_at.map(rfc3339),
        renditions,
        playback,
    }
}

fn parse_id(id: &str) -> AppResult<VideoId> {
    id.parse().map_err(|_| AppError::not_found("video"))
}

/// Loads a video the caller may see; one they may not see is "not found", so its existence
/// does not leak.
pub(crate) async fn visible_video(state: &AppState, caller: Option<&Caller>, id: &str) -> AppResult<VideoRecord> {
    let id = parse_id(id)?;
    let video = videos::get(&state.db, id).await?.ok_or_else(|| AppError::not_found("video"))?;
    if !policy::can_view(caller, video.created_by.as_deref(), video.visibility, state.config.auth.allow_public_videos) {
        return Err(if caller.is_none() { AppError::unauthorized() } else { AppError::not_found("video") });
    }
    Ok(video)
}

/// `GET /api/v1/videos/{id}`: public videos answer without an account where they are allowed.
pub async fn get_video(State(state): State<AppState>, caller: Option<Caller>, Path(id): Path<String>) -> AppResult<Json<VideoView>> {
    let video = visible_video(&state, caller.as_ref(), &id).await?;
    let index = videos::package(&state.db, video.id).await?;
    Ok(Json(view(&state, video, index.as_ref(), caller.as_ref())))
}

/// Query of `GET /api/v1/videos`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<u32>,
    cursor: Option<String>,
    /// `me`, or an account id: only that owner's videos.
    owner: Option<String>,
    /// Search: only videos whose title or description contains this.
    q: Option<String>,
}

/// A page of videos.
#[derive(Debug, Serialize)]
pub struct VideoPage {
    items: Vec<VideoView>,
    next_cursor: Option<String>,
}

/// `GET /api/v1/videos?limit=&cursor=&owner=&q=`: newest first, only what the caller may see
/// (searching with `q` too);
/// `next_cursor` fetches the next page.
pub async fn list_videos(State(state): State<AppState>, caller: Option<Caller>, Query(q): Query<ListQuery>) -> AppResult<Json<VideoPage>> {
    let audience = match &caller {
        Some(c) if c.is_admin() => Audience::All,
        Some(c) => {
            c.require(crate::auth::Scope::Read)?;
            Audience::Member(c.subject())
        }
        None if state.config.auth.allow_public_videos => Audience::Public,
        None => return Err(AppError::unauthorized()),
    };
    let owner = match (q.owner.as_deref(), &caller) {
        (Some("me"), Some(c)) => Some(c.subject().to_string()),
        (Some("me"), None) => return Err(AppError::unauthorized()),
        (other, _) => other.map(str::to_string),
    };
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let after = q.cursor.as_deref().map(parse_cursor).transpose()?;
    if q.q.as_deref().is_some_and(|t| t.chars().count() > 200) {
        return Err(AppError::bad_request("invalid-search", "a search is at most 200 characters"));
    }
    let filter = videos::Filter { owner: owner.as_deref(), text: q.q.as_deref(), watchable: false };
    let rows = videos::list(&state.db, audience, filter, limit, after).await?;
    let next_cursor = videos::next_cursor(&rows, limit);
    let watchable: Vec<VideoId> = rows.iter().filter(|v| v.status.is_watchable()).map(|v| v.id).collect();
    let packages = videos::packages(&state.db, &watchable).await?;
    let items = rows
        .into_iter()
        .map(|v| {
            let index = packages.get(&v.id);
            view(&state, v, index, caller.as_ref())
        })
        .collect();
    Ok(Json(VideoPage { items, next_cursor }))
}

fn parse_cursor(cursor: &str) -> AppResult<(i64, VideoId)> {
    videos::parse_cursor(cursor).ok_or_else(|| AppError::bad_request("invalid-cursor", "the cursor is not one this API returned"))
}

/// Body of `PATCH /api/v1/videos/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditVideo {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New visibility.
    pub visibility: Option<String>,
}

/// Loads a video the caller may change: its owner, or an admin.
pub(crate) async fn managed_video(state: &AppState, caller: &Caller, id: &str) -> AppResult<VideoRecord> {
    let video = visible_video(state, Some(caller), id).await?;
    if !policy::can_manage(caller, video.created_by.as_deref()) {
        return Err(AppError::forbidden("only the video's creator or an admin may change it"));
    }
    Ok(video)
}

/// `PATCH /api/v1/videos/{id}`: edits title, description and/or visibility. The id of a tus
/// upload still in progress works too (it is the id its video will have): the edit is kept
/// for the video the upload becomes, and the answer is 202 with no body.
pub async fn edit_video(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(edit): Json<EditVideo>,
) -> AppResult<axum::response::Response> {
    match change_video(&state, &caller, &id, &edit).await? {
        Changed::Upload => Ok(StatusCode::ACCEPTED.into_response()),
        Changed::Video => Ok(get_video(State(state), Some(caller), Path(id)).await?.into_response()),
    }
}

/// What an edit changed.
pub enum Changed {
    /// A video.
    Video,
    /// An upload still in progress (its video will have the edit).
    Upload,
}

/// Applies an edit for a caller who manages the video (or owns the upload in progress with
/// that id); shared by the API and the creator's pages.
pub async fn change_video(state: &AppState, caller: &Caller, id: &str, edit: &EditVideo) -> AppResult<Changed> {
    let title = edit.title.as_deref().map(VideoTitle::parse).transpose()?;
    let description = edit.description.as_deref().map(VideoDescription::parse).transpose()?;
    let visibility = match edit.visibility.as_deref() {
        Some(v) => Some(crate::ingest::parse_visibility(Some(v), state.config.auth.allow_public_videos)?),
        None => None,
    };
    let video_id = parse_id(id)?;
    if videos::get(&state.db, video_id).await?.is_none() {
        caller.require(crate::auth::Scope::Upload)?;
        let upload = crate::domain::UploadId(video_id.0);
        let (t, d, v) = (
            title.as_ref().map(VideoTitle::as_str),
            description.as_ref().map(VideoDescription::as_str),
            visibility.map(Visibility::as_str),
        );
        // The upload may complete between the two reads; then the video below takes the edit.
        if crate::db::uploads::update_details(&state.db, upload, caller.subject(), t, d, v).await?
            && videos::get(&state.db, video_id).await?.is_none()
        {
            return Ok(Changed::Upload);
        }
    }
    let video = managed_video(state, caller, id).await?;
    if !videos::update(&state.db, video.id, title.as_ref(), description.as_ref(), visibility).await? {
        return Err(AppError::not_found("video"));
    }
    Ok(Changed::Video)
}

/// Body of `PUT /api/v1/videos/{id}/progress`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    position_s: f64,
}

/// `PUT /api/v1/videos/{id}/progress`: where the caller is in the video (for resuming and
/// "continue watching").
pub async fn save_progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<Progress>,
) -> AppResult<StatusCode> {
    caller.require(crate::auth::Scope::Read)?;
    let video = visible_video(&state, Some(&caller), &id).await?;
    let longest = video.duration_s.unwrap_or(f64::MAX);
    if !body.position_s.is_finite() || body.position_s < 0.0 || body.position_s > longest + 1.0 {
        return Err(AppError::bad_request("invalid-position", "position_s must be between 0 and the video's duration"));
    }
    crate::db::watch::save_position(&state.db, caller.subject(), video.id, body.position_s).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A viewer counts once per video in this window, however often they reload or replay.
const VIEW_WINDOW_MS: i64 = 6 * 3600 * 1000;

/// `POST /api/v1/videos/{id}/views`: the caller started watching; counts a view (once per
/// viewer and video every six hours) and answers the count.
pub async fn count_view(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<serde_json::Value>> {
    caller.require(crate::auth::Scope::Read)?;
    let video = visible_video(&state, Some(&caller), &id).await?;
    if !video.status.is_watchable() {
        return Err(AppError::conflict("not-watchable", "the video cannot be watched yet"));
    }
    let counted = crate::db::watch::count_view(&state.db, caller.subject(), video.id, VIEW_WINDOW_MS).await?;
    let views = videos::get(&state.db, video.id).await?.map_or(video.views, |v| v.views);
    Ok(Json(serde_json::json!({ "views": views, "counted": counted })))
}

/// `DELETE /api/v1/videos/{id}`: removes the video and every object stored for it.
pub async fn delete_video(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    remove_video(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a video the caller manages, its stored objects and its watch records; shared by
/// the API and the creator's pages.
pub async fn remove_video(state: &AppState, caller: &Caller, id: &str) -> AppResult<()> {
    let video = managed_video(state, caller, id).await?;
    let id = video.id;
    // The row goes first so the origin stops serving at once; objects follow.
    videos::delete(&state.db, id).await?;
    state.shared.forget_video(&state.origin_cache, id).await;
    state.store.delete_prefix(&StorageKey::media_prefix(id)).await?;
    state.store.delete_prefix(&StorageKey::source_prefix(id)).await?;
    if video.created_by.as_deref() != Some(caller.subject()) {
        crate::db::audit::record(&state.db, Some(caller.subject()), "video.deleted_by_admin", Some(&id.to_string()), None, None).await?;
    }
    tracing::info!(%id, "video deleted");
    Ok(())
}

/// `POST /api/v1/videos/{id}/playback-cookie`: sets the `reel_play` cookie that opens
/// `/play/c/{id}/…` (the URL form that is the same for every viewer), for a viewer allowed to
/// watch. Answers the cookie-form master playlist URL.
pub async fn playback_cookie(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<axum::response::Response> {
    let video = visible_video(&state, Some(&caller), &id).await?;
    if !video.status.is_watchable() {
        return Err(AppError::conflict("not-watchable", "the video cannot be watched yet"));
    }
    let secure = state.base_url.starts_with("https://");
    let cookie = crate::delivery::playback_cookie(&state.signer, video.id, caller.subject(), state.config.delivery.token_ttl_secs, secure);
    let hls = format!("{}/play/c/{}/master.m3u8", state.playback_base, video.id);
    let mut response = Json(serde_json::json!({ "hls": hls })).into_response();
    response.headers_mut().insert(axum::http::header::SET_COOKIE, axum::http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

/// Query of `GET /api/v1/admin/jobs`.
#[derive(Debug, Deserialize)]
pub struct JobsQuery {
    state: Option<String>,
    limit: Option<u32>,
}

/// `GET /api/v1/admin/jobs?state=&limit=`: the queue, newest first.
pub async fn admin_jobs(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<JobsQuery>,
) -> AppResult<Json<Vec<crate::db::jobs::JobRecord>>> {
    caller.require(crate::auth::Scope::Admin)?;
    let filter = q.state.as_deref().filter(|s| !s.is_empty());
    if filter.is_some_and(|s| !JOB_STATES.contains(&s)) {
        return Err(AppError::bad_request("invalid-state", "state is one of queued, running, done, failed, dead"));
    }
    Ok(Json(crate::db::jobs::recent(&state.db, q.limit.unwrap_or(100).clamp(1, 500), filter).await?))
}

/// The states a job can be in.
pub const JOB_STATES: [&str; 5] = ["queued", "running", "done", "failed", "dead"];

/// `POST /api/v1/admin/jobs/{id}/retry`: queues a failed or dead job again.
pub async fn admin_retry_job(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    caller.require(crate::auth::Scope::Admin)?;
    retry_job(&state, &caller, &id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Retries a job for an admin, with the audit record; shared by the API and the admin page.
pub async fn retry_job(state: &AppState, caller: &Caller, id: &str) -> AppResult<()> {
    if id.len() > 64 || !state.queue.retry(id).await? {
        return Err(AppError::conflict("not-retryable", "only a failed or dead job can be retried"));
    }
    crate::db::audit::record(&state.db, Some(caller.subject()), "job.retried", Some(id), None, None).await?;
    Ok(())
}

/// `GET /healthz`: the process is alive.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: the database answers, so this process can serve.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
