//! `/api/v1/series…` and `/api/v1/playlists…`: make, read, change and delete series and
//! playlists, and add, remove and move their items. Both shelves share every handler; the
//! route says which shelf it serves.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::extract::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::state::AppState;
use reel_base::db::collections::CollectionRecord;
use reel_base::domain::collection::{Place, Shelf};
use reel_base::domain::{rfc3339, CollectionId, UserId, Visibility};
use reel_core::auth::Caller;
use reel_core::library::collections::{self, CollectionInput};
use reel_core::library::videos;

use crate::http::api::videos::{owner_filter, views, VideoView};

/// Which shelf a route serves.
trait OnShelf {
    const SHELF: Shelf;
}

/// Routes under `/api/v1/series`.
struct Series;
/// Routes under `/api/v1/playlists`.
struct Playlists;

impl OnShelf for Series {
    const SHELF: Shelf = Shelf::Series;
}
impl OnShelf for Playlists {
    const SHELF: Shelf = Shelf::Playlist;
}

/// The routes of both shelves.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_series, create_series))
        .routes(routes!(show_series, change_series, remove_series))
        .routes(routes!(put_episode))
        .routes(routes!(remove_episode))
        .routes(routes!(list_playlists, create_playlist))
        .routes(routes!(show_playlist, change_playlist, remove_playlist))
        .routes(routes!(add_item))
        .routes(routes!(move_item, remove_item))
}

/// A series or playlist as the API shows it; `items` (in order, only those the caller may
/// see) when one is read by itself.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CollectionView {
    id: CollectionId,
    kind: &'static str,
    title: String,
    description: String,
    visibility: Visibility,
    owner: Option<UserId>,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<VideoView>>,
}

fn view(shelf: Shelf, r: CollectionRecord, items: Option<Vec<VideoView>>) -> CollectionView {
    CollectionView {
        id: r.id,
        kind: shelf.as_str(),
        title: r.title,
        description: r.description,
        visibility: r.visibility,
        owner: r.created_by,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        items,
    }
}

/// A collection with its items as `caller` sees them.
async fn full_view(state: &AppState, caller: Option<&Caller>, shelf: Shelf, record: CollectionRecord) -> AppResult<CollectionView> {
    let audience = videos::api_audience(state, caller)?;
    let items = collections::items(state, audience, shelf, &record, false).await?;
    Ok(view(shelf, record, Some(views(state, items, caller).await?)))
}

/// `?owner=me|{account id}` of a listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `me`, or an account id: only that owner's.
    #[param(pattern = r"^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    owner: Option<String>,
}

/// A listing's page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CollectionPage {
    items: Vec<CollectionView>,
}

/// `GET /api/v1/{series,playlists}?owner=`: those the caller may see, newest first.
async fn list<S: OnShelf>(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<CollectionPage>> {
    let audience = videos::api_audience(&state, caller.as_ref())?;
    let owner = owner_filter(q.owner.as_deref(), caller.as_ref())?.map(|id| collections::owner_for(caller.as_ref(), S::SHELF, id));
    let records = collections::list(&state, caller.as_ref(), audience, S::SHELF, owner).await?;
    Ok(Json(CollectionPage { items: records.into_iter().map(|r| view(S::SHELF, r, None)).collect() }))
}

/// `POST /api/v1/{series,playlists}` `{"title", "description"?, "visibility"?}`: 201 with it.
async fn create<S: OnShelf>(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<CollectionInput>,
) -> AppResult<(StatusCode, Json<CollectionView>)> {
    let record = collections::create(&state, &caller, S::SHELF, &input).await?;
    Ok((StatusCode::CREATED, Json(full_view(&state, Some(&caller), S::SHELF, record).await?)))
}

/// `GET /api/v1/{series,playlists}/{id}`: it, with its items in order.
async fn show<S: OnShelf>(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(id): Path<String>,
) -> AppResult<Json<CollectionView>> {
    let record = collections::visible(&state, caller.as_ref(), S::SHELF, &id).await?;
    Ok(Json(full_view(&state, caller.as_ref(), S::SHELF, record).await?))
}

/// `PATCH /api/v1/{series,playlists}/{id}`: title, description and/or visibility.
async fn change<S: OnShelf>(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(input): Json<CollectionInput>,
) -> AppResult<Json<CollectionView>> {
    let record = collections::change(&state, &caller, S::SHELF, &id, &input).await?;
    Ok(Json(full_view(&state, Some(&caller), S::SHELF, record).await?))
}

/// `DELETE /api/v1/{series,playlists}/{id}`: 204.
async fn remove<S: OnShelf>(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    collections::remove(&state, &caller, S::SHELF, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"video_id"}` of an item to add.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewItem {
    video_id: String,
}

/// `POST /api/v1/playlists/{id}/items` `{"video_id"}`: 201 with the playlist, the item last.
#[utoipa::path(
    post, path = "/api/v1/playlists/{id}/items", tag = "catalogue",
    responses(
        (status = 201, description = "Added at the end", body = CollectionView),
        (status = 409, description = "Already in the playlist, or the playlist is full", body = crate::http::api::openapi::Problem),
    )
)]
async fn add_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(item): Json<NewItem>,
) -> AppResult<(StatusCode, Json<CollectionView>)> {
    let record = collections::add_item(&state, &caller, &id, &item.video_id).await?;
    Ok((StatusCode::CREATED, Json(full_view(&state, Some(&caller), Shelf::Playlist, record).await?)))
}

/// What a new series or playlist is: a [`CollectionInput`] with its title.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NewCollection {
    /// Title, 1–200 characters, no control characters.
    #[schema(
        max_length = 200,
        pattern = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*[^\s\x00-\x1F\x7F-\x9F\u2028\u2029][^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
    )]
    title: String,
    /// Description, up to 5000 characters; line breaks and tabs but no other control characters.
    #[schema(max_length = 5000, pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    description: Option<String>,
    /// `private`, `members` or `public` (where public content is allowed).
    #[schema(value_type = Option<reel_base::domain::Visibility>)]
    visibility: Option<String>,
}

/// `{"position"}` an item moves to: 0 is first, past the end is last.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MoveTo {
    #[schema(maximum = 4294967295_u64)]
    position: usize,
}

/// `PATCH /api/v1/playlists/{id}/items/{video_id}` `{"position"}`: the playlist, reordered.
#[utoipa::path(
    patch, path = "/api/v1/playlists/{id}/items/{video_id}", tag = "catalogue",
    responses((status = 200, description = "Moved", body = CollectionView))
)]
async fn move_item(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, video)): Path<(String, String)>,
    Json(to): Json<MoveTo>,
) -> AppResult<Json<CollectionView>> {
    collections::move_item(&state, &caller, &id, &video, Place::At(to.position)).await?;
    let record = collections::visible(&state, Some(&caller), Shelf::Playlist, &id).await?;
    Ok(Json(full_view(&state, Some(&caller), Shelf::Playlist, record).await?))
}

/// `DELETE /api/v1/playlists/{id}/items/{video_id}`: 204.
#[utoipa::path(
    delete, path = "/api/v1/playlists/{id}/items/{video_id}", tag = "catalogue",
    responses((status = 204, description = "Removed from the playlist"))
)]
async fn remove_item(State(state): State<AppState>, caller: Caller, Path((id, video)): Path<(String, String)>) -> AppResult<StatusCode> {
    collections::remove_item(&state, &caller, &id, &video).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"video_id", "season"?, "episode"}` of an episode to add or renumber.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewEpisode {
    video_id: String,
    /// 1–999 (1 when not given).
    #[schema(minimum = 1, maximum = 999)]
    season: Option<i64>,
    /// 1–9999.
    #[schema(minimum = 1, maximum = 9999)]
    episode: Option<i64>,
}

/// `POST /api/v1/series/{id}/episodes` `{"video_id", "season"?, "episode"}`: the series, with
/// the video as that episode (its season 1 unless given).
#[utoipa::path(
    post, path = "/api/v1/series/{id}/episodes", tag = "catalogue",
    responses((status = 200, description = "The series with the episode in place", body = CollectionView))
)]
async fn put_episode(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(e): Json<NewEpisode>,
) -> AppResult<Json<CollectionView>> {
    collections::put_episode(&state, &caller, &id, &e.video_id, e.season, e.episode).await?;
    let record = collections::visible(&state, Some(&caller), Shelf::Series, &id).await?;
    Ok(Json(full_view(&state, Some(&caller), Shelf::Series, record).await?))
}

/// `DELETE /api/v1/series/{id}/episodes/{video_id}`: 204; the video stays, in no series.
#[utoipa::path(
    delete, path = "/api/v1/series/{id}/episodes/{video_id}", tag = "catalogue",
    responses((status = 204, description = "No longer an episode of the series"))
)]
async fn remove_episode(State(state): State<AppState>, caller: Caller, Path((id, video)): Path<(String, String)>) -> AppResult<StatusCode> {
    collections::remove_episode(&state, &caller, &id, &video).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The five handlers of one shelf's routes, each documented at its own path: thin and typed,
/// so that the OpenAPI document has an operation per path (a generic handler has one name).
macro_rules! shelf_handlers {
    ($shelf:ty, $all:literal, $one:literal, $plural:literal, $single:literal,
     $list:ident, $create:ident, $show:ident, $change:ident, $remove:ident) => {
        #[doc = concat!("`GET ", $all, "?owner=`: the ", $plural, " the caller may see.")]
        #[utoipa::path(
                    summary = concat!("`GET ", $all, "?owner=`: the ", $plural, " the caller may see."),

                    get, path = $all, tag = "catalogue", security((), ("bearer" = []), ("session" = [])),
                    params(ListQuery),
                    responses((status = 200, description = "Without their items", body = CollectionPage))
                )]
        async fn $list(state: State<AppState>, caller: Option<Caller>, query: Query<ListQuery>) -> AppResult<Json<CollectionPage>> {
            list::<$shelf>(state, caller, query).await
        }

        #[doc = concat!("`POST ", $all, "`: a new ", $single, " of the caller's.")]
        #[utoipa::path(
                    summary = concat!("`POST ", $all, "`: a new ", $single, " of the caller's."),
                    post, path = $all, tag = "catalogue", request_body(content = NewCollection),
                    responses((status = 201, description = "Made", body = CollectionView)))]
        async fn $create(
            state: State<AppState>,
            caller: Caller,
            input: Json<CollectionInput>,
        ) -> AppResult<(StatusCode, Json<CollectionView>)> {
            create::<$shelf>(state, caller, input).await
        }

        #[doc = concat!("`GET ", $one, "`: one ", $single, " with the items the caller may see.")]
        #[utoipa::path(
                    summary = concat!("`GET ", $one, "`: one ", $single, " with the items the caller may see."),

                    get, path = $one, tag = "catalogue", security((), ("bearer" = []), ("session" = [])),
                    responses((status = 200, description = "It and its items", body = CollectionView))
                )]
        async fn $show(state: State<AppState>, caller: Option<Caller>, id: Path<String>) -> AppResult<Json<CollectionView>> {
            show::<$shelf>(state, caller, id).await
        }

        #[doc = concat!("`PATCH ", $one, "`: the ", $single, "'s title, description or visibility.")]
        #[utoipa::path(
                    summary = concat!("`PATCH ", $one, "`: the ", $single, "'s title, description or visibility."),
                    patch, path = $one, tag = "catalogue", responses((status = 200, description = "As it now is", body = CollectionView)))]
        async fn $change(
            state: State<AppState>,
            caller: Caller,
            id: Path<String>,
            input: Json<CollectionInput>,
        ) -> AppResult<Json<CollectionView>> {
            change::<$shelf>(state, caller, id, input).await
        }

        #[doc = concat!("`DELETE ", $one, "`: removes the ", $single, " (not its items).")]
        #[utoipa::path(
                    summary = concat!("`DELETE ", $one, "`: removes the ", $single, " (not its items)."),
                    delete, path = $one, tag = "catalogue", responses((status = 204, description = "Removed")))]
        async fn $remove(state: State<AppState>, caller: Caller, id: Path<String>) -> AppResult<StatusCode> {
            remove::<$shelf>(state, caller, id).await
        }
    };
}

shelf_handlers!(
    Series,
    "/api/v1/series",
    "/api/v1/series/{id}",
    "series",
    "series",
    list_series,
    create_series,
    show_series,
    change_series,
    remove_series
);
shelf_handlers!(
    Playlists,
    "/api/v1/playlists",
    "/api/v1/playlists/{id}",
    "playlists",
    "playlist",
    list_playlists,
    create_playlist,
    show_playlist,
    change_playlist,
    remove_playlist
);
