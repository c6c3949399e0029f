//! `/api/v1/videos/{id}/reactions`, `/api/v1/videos/{id}/comments`, `/api/v1/comments/{id}…`
//! and `/api/v1/liked`: likes and dislikes, comments and replies, the item owner's pin and
//! hide, and the acting profile's liked items.

pub mod moderation;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::http::extract::Json;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_core::auth::Caller;
use reel_core::community::comments::{self, CommentPage, CommentQuery, CommentView, NewCommentBody};
use reel_core::community::reactions::{self, Reactions};

use crate::http::api::paging::{page_cursor, page_limit, PageParams};
use crate::http::api::videos::{views, VideoView};

/// The community routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reactions_of, react))
        .routes(routes!(list, post))
        .routes(routes!(edit, remove))
        .routes(routes!(pin))
        .routes(routes!(hide))
        .routes(routes!(liked))
}

/// Body of `POST /api/v1/videos/{id}/reactions`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct React {
    /// 1 likes the item, -1 dislikes it, 0 takes either back.
    #[schema(minimum = -1, maximum = 1)]
    value: i64,
}

/// `POST /api/v1/videos/{id}/reactions` `{"value": 1|-1|0}`: the acting profile's reaction to
/// an item it may watch; answers the item's totals after it.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/reactions", tag = "community",
    responses(
        (status = 200, description = "Set; the item's totals and the caller's reaction", body = Reactions),
        (status = 409, description = "The item cannot be watched yet", body = crate::http::api::openapi::Problem),
    )
)]
async fn react(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<React>,
) -> AppResult<Json<Reactions>> {
    Ok(Json(reactions::react(&state, &caller, &id, body.value).await?))
}

/// `GET /api/v1/videos/{id}/reactions`: the item's totals, and the caller's reaction.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/reactions", tag = "community",
    responses((status = 200, description = "Likes, dislikes and the caller's own (0 without one)", body = Reactions))
)]
async fn reactions_of(State(state): State<AppState>, caller: Option<Caller>, Path(id): Path<String>) -> AppResult<Json<Reactions>> {
    Ok(Json(reactions::of_id(&state, caller.as_ref(), &id).await?))
}

/// `GET /api/v1/videos/{id}/comments?order=&limit=&cursor=&parent=`: an item's threads, each
/// with its first replies (the pinned one first, on the first page), or one thread's replies.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/comments", tag = "community",
    params(CommentQuery),
    responses((status = 200, description = "A page of comments", body = CommentPage))
)]
async fn list(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(id): Path<String>,
    Query(q): Query<CommentQuery>,
) -> AppResult<Json<CommentPage>> {
    Ok(Json(comments::list(&state, caller.as_ref(), &id, &q).await?))
}

/// `POST /api/v1/videos/{id}/comments` `{"body","parent_id"?}` → 201: a comment, or a reply to
/// a thread. The item's owner (and the replied-to writer) are notified.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/comments", tag = "community",
    responses(
        (status = 201, description = "Written", body = CommentView),
        (status = 409, description = "The item's comments are off, or the thread takes no replies", body = crate::http::api::openapi::Problem),
        (status = 429, description = "The account wrote too many comments lately", body = crate::http::api::openapi::Problem),
    )
)]
async fn post(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<NewCommentBody>,
) -> AppResult<(StatusCode, Json<CommentView>)> {
    Ok((StatusCode::CREATED, Json(comments::post(&state, &caller, &id, body).await?)))
}

/// Body of `PATCH /api/v1/comments/{id}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct EditComment {
    /// The new text, as a new comment's (`NewCommentBody.body`).
    #[schema(schema_with = reel_core::community::comments::body_schema)]
    body: String,
}

/// `PATCH /api/v1/comments/{id}` `{"body"}`: the writer changes their comment, within
/// `community.edit_window_secs` of writing it.
#[utoipa::path(
    patch, path = "/api/v1/comments/{id}", tag = "community",
    responses(
        (status = 200, description = "Changed", body = CommentView),
        (status = 409, description = "The edit window is over", body = crate::http::api::openapi::Problem),
    )
)]
async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<EditComment>,
) -> AppResult<Json<CommentView>> {
    Ok(Json(comments::edit(&state, &caller, &id, &body.body).await?))
}

/// `DELETE /api/v1/comments/{id}`: its writer (or an admin) takes it back; its replies stay.
#[utoipa::path(
    delete, path = "/api/v1/comments/{id}", tag = "community",
    responses((status = 204, description = "Taken back"))
)]
async fn remove(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<StatusCode> {
    comments::delete(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of `PUT /api/v1/comments/{id}/pin`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Pin {
    pinned: bool,
}

/// `PUT /api/v1/comments/{id}/pin` `{"pinned"}`: the item's owner pins a thread above the
/// others (in place of any pinned before), or unpins it.
#[utoipa::path(
    put, path = "/api/v1/comments/{id}/pin", tag = "community",
    responses(
        (status = 204, description = "Done"),
        (status = 409, description = "Not a shown thread's first comment", body = crate::http::api::openapi::Problem),
    )
)]
async fn pin(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, Json(body): Json<Pin>) -> AppResult<StatusCode> {
    comments::pin(&state, &caller, &id, body.pinned).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of `PUT /api/v1/comments/{id}/hidden`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Hide {
    hidden: bool,
}

/// `PUT /api/v1/comments/{id}/hidden` `{"hidden"}`: the item's owner hides a comment from
/// everyone else, or shows it again.
#[utoipa::path(
    put, path = "/api/v1/comments/{id}/hidden", tag = "community",
    responses((status = 204, description = "Done"))
)]
async fn hide(State(state): State<AppState>, caller: Caller, Path(id): Path<String>, Json(body): Json<Hide>) -> AppResult<StatusCode> {
    comments::hide(&state, &caller, &id, body.hidden).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One liked item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct LikedEntry {
    video: VideoView,
    /// RFC 3339.
    liked_at: String,
}

/// A page of liked items.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct LikedPage {
    items: Vec<LikedEntry>,
    next_cursor: Option<String>,
}

/// `GET /api/v1/liked?limit=&cursor=`: the acting profile's liked items it may still watch,
/// most recently liked first.
#[utoipa::path(
    get, path = "/api/v1/liked", tag = "community",
    params(PageParams),
    responses((status = 200, description = "Liked items, latest first", body = LikedPage))
)]
async fn liked(State(state): State<AppState>, caller: Caller, Query(q): Query<PageParams>) -> AppResult<Json<LikedPage>> {
    let limit = page_limit(q.limit.as_deref())?;
    let page = reactions::liked(&state, &caller, limit, page_cursor(q.cursor.as_deref())?).await?;
    let at: Vec<String> = page.items.iter().map(|l| rfc3339(l.at)).collect();
    let videos = views(&state, page.items.into_iter().map(|l| l.video).collect(), Some(&caller)).await?;
    let items = videos.into_iter().zip(at).map(|(video, liked_at)| LikedEntry { video, liked_at }).collect();
    Ok(Json(LikedPage { items, next_cursor: page.next.map(|c| c.to_string()) }))
}
