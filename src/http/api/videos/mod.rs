//! `/api/v1/videos…` and the admin's jobs, storage and cost (plus `/healthz` and `/readyz`):
//! an item as the API shows it, which other lists answer with too ([`views`]).

pub mod analytics;
pub mod captions;
pub mod collections;
pub mod sharing;
pub mod tus;
pub mod uploads;

use crate::http::extract::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use reel_base::domain::plan::format_price;
use reel_base::domain::{rfc3339, JobState, Metadata, PlanId, UserId, VideoId, Visibility};
use reel_base::media::package::{Kind, PackageIndex};
use reel_core::audience::plans::{self, Gate, PlanRecord};
use reel_core::auth::Caller;
use reel_core::delivery::token::ViewerRights;
use reel_core::delivery::PlaybackUrls;
use reel_core::library::catalogue::ListingFilters;
use reel_core::library::videos::{self, Changed, EditVideo, Filter, JobListing, VideoRecord};

use super::paging::{page_cursor, page_limit, PageParams};

/// A video as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VideoView {
    id: VideoId,
    title: String,
    description: String,
    status: String,
    visibility: Visibility,
    owner: Option<UserId>,
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
    /// The item's audio languages and versions, default first among equals, once it plays.
    audio_tracks: Vec<reel_core::library::audio_tracks::TrackSummary>,
    /// None while it cannot be played, and for a caller without the plan it requires.
    playback: Option<PlaybackUrls>,
    /// The plan a viewer must hold to play it.
    required_plan: Option<PlanRef>,
    /// Whether the caller lacks that plan (and so got no `playback`).
    locked: bool,
    /// From when it may be watched (RFC 3339), where its owner scheduled it; before then only
    /// its owner and the admins see it.
    available_from: Option<String>,
    /// Until when it may be watched (RFC 3339), where its owner set an end.
    available_until: Option<String>,
    /// Where it may be watched, where its owner limited it: `{"allow": [..]}` or `{"deny": [..]}`.
    countries: Option<reel_base::domain::availability::CountryRule>,
    /// Present while a moderator has the item taken down (only its owner and moderators see
    /// it then, and no one plays it): why, since when, whether the owner appealed.
    #[serde(skip_serializing_if = "Option::is_none")]
    takedown: Option<TakedownView>,
    /// The catalogue's fields: `kind`, `genres`, `tags`, `year`, `language`, … beside the rest.
    #[serde(flatten)]
    meta: Metadata,
    /// Every byte the item holds in the store: in a single item's answer to its owner and
    /// admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    storage_bytes: Option<u64>,
    /// The item's text tracks: in a single item's answer only.
    #[serde(skip_serializing_if = "Option::is_none")]
    captions: Option<Vec<captions::CaptionView>>,
    /// The item's chapters (`start_s`, `title`), in order: in a single item's answer only.
    #[serde(skip_serializing_if = "Option::is_none")]
    chapters: Option<Vec<reel_core::library::chapters::ChapterJson>>,
}

/// A takedown as the item's owner and the moderators see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TakedownView {
    /// Why, as the owner is told.
    reason: String,
    /// RFC 3339.
    at: String,
    /// RFC 3339, once the owner appealed (a takedown is appealed once).
    appealed_at: Option<String>,
}

/// A plan as an item that requires it names it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanRef {
    id: PlanId,
    name: String,
    /// One period's price, e.g. `9.99 EUR`, and the period.
    price: String,
    period: String,
}

/// One rendition as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
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

/// The API's view of `v`; `gate` is the plan it requires, if one, and whether the caller
/// lacks it.
/// `rights` are the caller's, for the playback token.
fn view(
    state: &AppState,
    v: VideoRecord,
    index: Option<&PackageIndex>,
    caller: Option<&Caller>,
    gate: Option<&Gate>,
    rights: &ViewerRights,
) -> VideoView {
    let locked = gate.is_some_and(|g| g.locked);
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
    let audio_tracks = index.map(reel_core::library::audio_tracks::summaries).unwrap_or_default();
    let takedown = v.taken_down_at.map(|at| TakedownView {
        reason: v.takedown_reason.clone().unwrap_or_default(),
        at: rfc3339(at),
        appealed_at: v.appealed_at.map(rfc3339),
    });
    let playback = index
        .filter(|_| v.status.is_watchable() && !locked && takedown.is_none())
        .map(|i| rights.urls(state, &v, reel_core::delivery::token::holder_of(caller), i));
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
        audio_tracks,
        playback,
        required_plan: gate.map(|g| plan_ref(&g.plan)),
        locked,
        available_from: v.availability.from.map(rfc3339),
        available_until: v.availability.until.map(rfc3339),
        countries: v.availability.countries,
        takedown,
        meta: v.meta,
        storage_bytes: None,
        captions: None,
        chapters: None,
    }
}

fn plan_ref(p: &PlanRecord) -> PlanRef {
    PlanRef { id: p.id, name: p.name.clone(), price: format_price(p.price_minor, &p.currency), period: p.period.clone() }
}

/// The API's views of `rows`, their package indexes read in one query.
pub(super) async fn views(state: &AppState, rows: Vec<VideoRecord>, caller: Option<&Caller>) -> AppResult<Vec<VideoView>> {
    let packages = videos::packages(state, &rows).await?;
    let gates = plans::gates(state, caller, &rows).await?;
    let rights = ViewerRights::of(state, caller).await?;
    Ok(rows
        .into_iter()
        .map(|v| {
            let (index, gate) = (packages.get(&v.id), gates.get(&v.id));
            view(state, v, index, caller, gate, &rights)
        })
        .collect())
}

/// `GET /api/v1/videos/{id}`: public videos answer without an account where they are allowed.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}", tag = "videos", security((), ("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The item, with its captions and chapters", body = VideoView),
        (status = 403, description = "Not in the caller's country (`not-available-here`)", body = crate::http::api::openapi::Problem),
        (status = 404, description = "No such item for the caller, or not yet available (`not-yet-available`, saying from when)", body = crate::http::api::openapi::Problem),
        (status = 410, description = "It left on the date its window closed (`no-longer-available`)", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn get_video(State(state): State<AppState>, caller: Option<Caller>, Path(id): Path<String>) -> AppResult<Json<VideoView>> {
    let video = videos::visible(&state, caller.as_ref(), &id).await?;
    let chapters = reel_core::library::chapters::of_item(&state, &video).await?;
    let index = videos::package(&state, &video).await?.map(|index| PackageIndex { chapters: chapters.clone(), ..index });
    let gate = plans::gates(&state, caller.as_ref(), std::slice::from_ref(&video)).await?.remove(&video.id);
    let storage = reel_core::ops::lifecycle::item_storage(&state, caller.as_ref(), &video).await?;
    let tracks = reel_core::library::captions::list(&state, caller.as_ref(), &id).await?;
    let rights = ViewerRights::of(&state, caller.as_ref()).await?;
    let mut view = view(&state, video, index.as_ref(), caller.as_ref(), gate.as_ref(), &rights);
    view.chapters = Some(chapters.as_slice().iter().map(reel_core::library::chapters::ChapterJson::from).collect());
    view.storage_bytes = storage.map(|s| s.storage_bytes);
    let prefix = view.playback.as_ref().and_then(|p| p.hls.strip_suffix("/master.m3u8"));
    view.captions = Some(tracks.into_iter().map(|c| captions::CaptionView::of(c, prefix)).collect());
    Ok(Json(view))
}

/// `GET /api/v1/videos/{id}/storage`: the item's objects by tier, kind and rendition, for its
/// owner and admins.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/storage", tag = "videos",
    responses((status = 200, description = "The item's objects by tier", body = reel_core::ops::lifecycle::ItemStorage))
)]
pub async fn video_storage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<reel_core::ops::lifecycle::ItemStorage>> {
    let video = videos::managed(&state, &caller, &id).await?;
    let storage = reel_core::ops::lifecycle::item_storage(&state, Some(&caller), &video).await?;
    storage.map(Json).ok_or_else(|| AppError::forbidden("only the video's creator or an admin may see its storage"))
}

/// `POST /api/v1/videos/{id}/reprocess`: transcode a ready item again from its original with
/// today's settings; 202 with the generation the job makes.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/reprocess", tag = "videos",
    responses(
        (status = 202, description = "Queued: the generation the job makes", body = reel_core::processing::again::Reprocess),
        (status = 409, description = "The item is not ready (or is being processed)", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn reprocess_video(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> AppResult<(StatusCode, Json<reel_core::processing::again::Reprocess>)> {
    Ok((StatusCode::ACCEPTED, Json(reel_core::processing::again::reprocess(&state, &caller, &id).await?)))
}

/// `POST /api/v1/videos/{id}/retry`: processes a failed item again from its original; 202.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/retry", tag = "videos",
    responses(
        (status = 202, description = "Queued again"),
        (status = 409, description = "The item has not failed", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn retry_video(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    reel_core::processing::again::try_again(&state, &caller, &id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Body of `PUT /api/v1/videos/{id}/storage`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageEdit {
    /// Keep the item hot: no lifecycle rule moves or removes its objects.
    pinned: bool,
}

/// `PATCH /api/v1/videos/{id}/audio-tracks/{n}`: rename or re-tag one audio track
/// (`language`, `label`); answers every track as the item now has them.
#[utoipa::path(
    patch, path = "/api/v1/videos/{id}/audio-tracks/{n}", tag = "videos",
    params(("n" = u32, Path, description = "The track's number, from 0 in the item's order")),
    responses((status = 200, description = "Every audio track as the item now has them", body = Vec<reel_core::library::audio_tracks::TrackSummary>))
)]
pub async fn edit_audio_track(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    Json(edit): Json<reel_core::library::audio_tracks::TrackEdit>,
) -> AppResult<Json<Vec<reel_core::library::audio_tracks::TrackSummary>>> {
    let n = n.parse().map_err(|_| AppError::not_found("audio track"))?;
    Ok(Json(reel_core::library::audio_tracks::edit(&state, &caller, &id, n, edit).await?))
}

/// `GET /api/v1/videos/{id}/chapters`: the item's chapters and where they came from.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/chapters", tag = "videos", security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The chapters and where they came from", body = reel_core::library::chapters::ChapterList))
)]
pub async fn chapters(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(id): Path<String>,
) -> AppResult<Json<reel_core::library::chapters::ChapterList>> {
    Ok(Json(reel_core::library::chapters::list(&state, caller.as_ref(), &id).await?))
}

/// `PUT /api/v1/videos/{id}/chapters`: replace the item's chapters with `{"chapters": [{start_s,
/// title}, …]}` (an empty list removes them; processing again keeps an edited list).
#[utoipa::path(
    put, path = "/api/v1/videos/{id}/chapters", tag = "videos",
    responses((status = 200, description = "The chapters as they now are", body = reel_core::library::chapters::ChapterList))
)]
pub async fn edit_chapters(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(edit): Json<reel_core::library::chapters::ChapterEdit>,
) -> AppResult<Json<reel_core::library::chapters::ChapterList>> {
    Ok(Json(reel_core::library::chapters::edit(&state, &caller, &id, edit).await?))
}

/// `PUT /api/v1/videos/{id}/storage`: pin the item hot, or unpin it.
#[utoipa::path(
    put, path = "/api/v1/videos/{id}/storage", tag = "videos",
    responses((status = 200, description = "The item's storage now", body = reel_core::ops::lifecycle::ItemStorage))
)]
pub async fn edit_video_storage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(edit): Json<StorageEdit>,
) -> AppResult<Json<reel_core::ops::lifecycle::ItemStorage>> {
    Ok(Json(reel_core::ops::lifecycle::set_pinned(&state, &caller, &id, edit.pinned).await?))
}

/// `GET /api/v1/admin/storage`: the storage report (admins).
#[utoipa::path(
    get, path = "/api/v1/admin/storage", tag = "admin",
    responses((status = 200, description = "Bytes and objects by tier, kind and holder", body = reel_core::ops::lifecycle::report::StorageReport))
)]
pub async fn storage_report(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<Json<reel_core::ops::lifecycle::report::StorageReport>> {
    Ok(Json(reel_core::ops::lifecycle::admin_report(&state, &caller).await?))
}

/// Query of `GET /api/v1/admin/cost`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CostQuery {
    /// `YYYY-MM`; this month when absent.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    month: Option<String>,
}

/// `GET /api/v1/admin/cost`: a month's cost report (admins).
#[utoipa::path(
    get, path = "/api/v1/admin/cost", tag = "admin",
    params(CostQuery),
    responses((status = 200, description = "The month's cost by resource, day, item and channel", body = reel_core::ops::cost::report::CostReport))
)]
pub async fn cost_report(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CostQuery>,
) -> AppResult<Json<reel_core::ops::cost::report::CostReport>> {
    Ok(Json(reel_core::ops::cost::admin_report(&state, &caller, q.month.as_deref()).await?))
}

/// Query of `GET /api/v1/videos`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// 1–100 (text, as a flattened query needs; checked below).
    limit: Option<String>,
    cursor: Option<String>,
    /// `me`, or an account id: only that owner's videos.
    owner: Option<String>,
    /// `q` (search), `kind`, `genre`, `tag`, `artist`, `album`, `year`, `language`.
    #[serde(flatten)]
    catalogue: ListingFilters,
}

impl utoipa::IntoParams for ListQuery {
    fn into_params(parameter_in: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let text = |pattern: &str| ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)).build();
        let mut params = PageParams::into_params(&parameter_in);
        // A search's pages are counted (`r` and how many came before, at most 10000), not keyed.
        for param in params.iter_mut().filter(|p| p.name == "cursor") {
            param.schema = Some(text(&format!("^(r(0|[1-9][0-9]{{0,3}}|10000)|{})$", KEYSET_CURSOR)).into());
        }
        params.push(
            utoipa::openapi::path::ParameterBuilder::new()
                .name("owner")
                .parameter_in(parameter_in().unwrap_or_default())
                .description(Some("`me`, or an account id: only that owner's items"))
                .schema(Some(text(OWNER_PATTERN)))
                .build(),
        );
        params.extend(ListingFilters::into_params(parameter_in));
        params
    }
}

/// What an `?owner=` may be: `me` or an account id (a hyphenated UUID).
pub(super) const OWNER_PATTERN: &str = r"^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";

/// A keyset page's cursor, without its anchors: a time and an item id.
const KEYSET_CURSOR: &str = r"-?[0-9]{1,18}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// The account an `?owner=` names: `me` (the caller) or an account id; anything else is a
/// 400 `invalid-owner`.
pub(super) fn owner_filter(owner: Option<&str>, caller: Option<&Caller>) -> AppResult<Option<UserId>> {
    match (owner, caller) {
        (Some("me"), Some(c)) => Ok(Some(c.subject())),
        (Some("me"), None) => Err(AppError::unauthorized()),
        (Some(id), _) => id.parse().map(Some).map_err(|_| AppError::bad_request("invalid-owner", "owner is `me` or an account id")),
        (None, _) => Ok(None),
    }
}

/// A page of videos.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VideoPage {
    pub(super) items: Vec<VideoView>,
    pub(super) next_cursor: Option<String>,
}

/// `GET /api/v1/videos?limit=&cursor=&owner=&q=&kind=&genre=&tag=&artist=&album=&year=&language=`:
/// newest first (best match first with `q`), only what the caller may see, every filter given
/// applied; `next_cursor` fetches the next page.
#[utoipa::path(
    get, path = "/api/v1/videos", tag = "videos", security((), ("bearer" = []), ("session" = [])),
    params(ListQuery),
    responses((status = 200, description = "A page of items the caller may see", body = VideoPage))
)]
pub async fn list_videos(State(state): State<AppState>, caller: Option<Caller>, Query(q): Query<ListQuery>) -> AppResult<Json<VideoPage>> {
    let audience = videos::api_audience(&state, caller.as_ref())?;
    let owner = owner_filter(q.owner.as_deref(), caller.as_ref())?;
    let limit = page_limit(q.limit.as_deref())?;
    let catalogue = q.catalogue.check(&state.config.catalogue)?;
    let filter = catalogue.narrow(Filter { owner, ..Filter::default() });
    let after = page_cursor(q.cursor.as_deref())?;
    let rows = videos::list(&state, audience, filter, limit, after).await?;
    let next_cursor = videos::next_cursor(&rows, limit, &filter, after);
    let items = views(&state, rows, caller.as_ref()).await?;
    Ok(Json(VideoPage { items, next_cursor }))
}

/// `PATCH /api/v1/videos/{id}`: edits title, description and/or visibility. The id of a tus
/// upload still in progress works too (it is the id its video will have): the edit is kept
/// for the video the upload becomes, and the answer is 202 with no body.
#[utoipa::path(
    patch, path = "/api/v1/videos/{id}", tag = "videos",
    responses(
        (status = 200, description = "The item as it now is", body = VideoView),
        (status = 202, description = "An upload still in progress: kept for the item it becomes"),
        (status = 409, description = "Catalogue fields wait for the upload to complete", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn edit_video(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(edit): Json<EditVideo>,
) -> AppResult<axum::response::Response> {
    match videos::change(&state, &caller, &id, &edit).await? {
        Changed::Upload => Ok(StatusCode::ACCEPTED.into_response()),
        Changed::Video => Ok(get_video(State(state), Some(caller), Path(id)).await?.into_response()),
    }
}

/// Body of `PUT /api/v1/videos/{id}/progress`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Seconds from the start: 0 to the item's duration.
    #[schema(minimum = 0)]
    position_s: f64,
}

/// `PUT /api/v1/videos/{id}/progress`: where the caller is in the video (for resuming and
/// "continue watching").
#[utoipa::path(
    put, path = "/api/v1/videos/{id}/progress", tag = "videos",
    responses((status = 204, description = "Kept"))
)]
pub async fn save_progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<Progress>,
) -> AppResult<StatusCode> {
    videos::save_position(&state, &caller, &id, body.position_s).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/videos/{id}/views`: the caller started watching; counts a view (once per
/// viewer and video every six hours) and answers the count.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/views", tag = "videos",
    responses(
        (status = 200, description = "The count", body = ViewCount),
        (status = 409, description = "The item cannot be watched yet", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn count_view(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<ViewCount>> {
    let (views, counted) = videos::count_view(&state, &caller, &id).await?;
    Ok(Json(ViewCount { views, counted }))
}

/// A code sent by email or SMS, to be entered with this attempt. Described as `CodeAttempt`: a
/// webhook delivery's attempt is another `Attempt`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = CodeAttempt)]
pub struct Attempt {
    /// Names the code's attempt: give it back with the code.
    pub attempt: String,
}

/// The answer of `POST /api/v1/videos/{id}/views`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ViewCount {
    /// The item's views now.
    views: i64,
    /// Whether this call counted one (not when the viewer was counted in the last six hours).
    counted: bool,
}

/// The answer of `POST /api/v1/videos/{id}/playback-cookie`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CookiePlayback {
    /// The master playlist's URL in the form the cookie opens.
    hls: String,
    /// The playback session the cookie's plays count as (see `PlaybackUrls.stream`); null
    /// for a signed-out viewer.
    stream: Option<String>,
}

/// `DELETE /api/v1/videos/{id}`: removes the video and every object stored for it.
#[utoipa::path(
    delete, path = "/api/v1/videos/{id}", tag = "videos",
    responses((status = 204, description = "Removed, with every stored object"))
)]
pub async fn delete_video(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    reel_core::processing::purge::remove(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/videos/{id}/playback-cookie`: sets the `reel_play` cookie that opens
/// `/play/c/{id}/…` (the URL form that is the same for every viewer), for a viewer allowed to
/// watch. Answers the cookie-form master playlist URL.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/playback-cookie", tag = "videos",
    responses(
        (status = 200, description = "The cookie is set (`Set-Cookie: reel_play=…`)", body = CookiePlayback),
        (status = 409, description = "The item cannot be played yet", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn playback_cookie(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<axum::response::Response> {
    let video = videos::watchable(&state, &caller, &id).await?;
    plans::check_playable(&state, &caller, &video).await?;
    let secure = state.site_url.starts_with("https://");
    let rights = ViewerRights::of(&state, Some(&caller)).await?.for_item(video.created_by);
    let (cookie, stream) = reel_core::delivery::playback_cookie_and_stream(
        &state.signer,
        video.id,
        reel_core::delivery::token::holder_of(Some(&caller)),
        rights,
        state.config.delivery.token_ttl_secs,
        secure,
    );
    let hls = format!("{}/play/c/{}/master.m3u8", state.playback_base(), video.id);
    let mut response = Json(CookiePlayback { hls, stream }).into_response();
    response.headers_mut().insert(axum::http::header::SET_COOKIE, axum::http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

/// Query of `GET /api/v1/admin/jobs`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobsQuery {
    /// Only jobs in this state: `queued`, `running`, `done`, `failed` or `dead` (empty: all).
    #[param(pattern = r"^(queued|running|done|failed|dead)?$")]
    state: Option<String>,
    /// How many: 1–500 (taken into that range); 100 when absent.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    limit: Option<u32>,
}

/// `GET /api/v1/admin/jobs?state=&limit=`: the queue, newest first, with each job's video.
#[utoipa::path(
    get, path = "/api/v1/admin/jobs", tag = "admin",
    params(JobsQuery),
    responses((status = 200, description = "Jobs, newest first", body = Vec<JobListing>))
)]
pub async fn admin_jobs(State(state): State<AppState>, caller: Caller, Query(q): Query<JobsQuery>) -> AppResult<Json<Vec<JobListing>>> {
    caller.require(reel_core::auth::Scope::Admin)?;
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<JobState>()
                .map_err(|_| AppError::bad_request("invalid-state", "state is one of queued, running, done, failed, dead"))?,
        ),
        None => None,
    };
    Ok(Json(videos::jobs(&state, &caller, q.limit.unwrap_or(100).clamp(1, 500), filter).await?))
}

/// `POST /api/v1/admin/jobs/{id}/retry`: queues a failed or dead job again.
#[utoipa::path(
    post, path = "/api/v1/admin/jobs/{id}/retry", tag = "admin",
    responses(
        (status = 202, description = "Queued again"),
        (status = 409, description = "The job has not failed", body = crate::http::api::openapi::Problem),
    )
)]
pub async fn admin_retry_job(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    videos::retry_job(&state, &caller, &id).await?;
    Ok(StatusCode::ACCEPTED)
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
