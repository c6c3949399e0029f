//! `/api/v1/videos/{id}/share-links…` and `/api/v1/videos/{id}/embed`: an item's share links
//! (made, listed, revoked) and the origins its owner allows to frame its player.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppResult;
use crate::http::extract::Json;
use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::library::sharing::{self, EmbedOrigins, NewShareLink, ShareLinkView};

/// The sharing routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(revoke)).routes(routes!(embed_origins, set_embed_origins))
}

/// `POST /api/v1/videos/{id}/share-links` `{"expires_in_s","start_s"?}` → 201 with `url`:
/// the watch page with a token that lets anyone watch the item, without an account, until it
/// expires (and `embed_url`, the same as the embeddable player). The item's owner or an admin.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/share-links", tag = "videos",
    responses(
        (status = 201, description = "Made; the URLs are in this answer only", body = ShareLinkView),
        (status = 409, description = "The item requires a plan or failed, or has as many live links as it may", body = crate::http::api::openapi::Problem),
    )
)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<NewShareLink>,
) -> AppResult<(StatusCode, Json<ShareLinkView>)> {
    Ok((StatusCode::CREATED, Json(sharing::create(&state, &caller, &id, body).await?)))
}

/// `GET /api/v1/videos/{id}/share-links`: the links that still work, newest first.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/share-links", tag = "videos",
    responses((status = 200, description = "Live share links, without their tokens", body = Vec<ShareLinkView>))
)]
async fn list(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<Vec<ShareLinkView>>> {
    Ok(Json(sharing::list(&state, &caller, &id).await?))
}

/// `DELETE /api/v1/videos/{id}/share-links/{link}`: it stops working at once, for players
/// already playing too.
#[utoipa::path(
    delete, path = "/api/v1/videos/{id}/share-links/{link}", tag = "videos",
    responses((status = 204, description = "Revoked"))
)]
async fn revoke(State(state): State<AppState>, caller: Caller, Path((id, link)): Path<(String, String)>) -> AppResult<StatusCode> {
    sharing::revoke(&state, &caller, &id, &link).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/videos/{id}/embed`: the origins the owner allows to frame the item's player.
#[utoipa::path(
    get, path = "/api/v1/videos/{id}/embed", tag = "videos",
    responses((status = 200, description = "The item's own list (the site's `embed.allowed_origins` apply as well)", body = EmbedOrigins))
)]
async fn embed_origins(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> AppResult<Json<EmbedOrigins>> {
    Ok(Json(sharing::embed_origins(&state, &caller, &id).await?))
}

/// `PUT /api/v1/videos/{id}/embed` `{"origins":[…]}`: replaces that list.
#[utoipa::path(
    put, path = "/api/v1/videos/{id}/embed", tag = "videos",
    responses((status = 200, description = "The list as stored", body = EmbedOrigins))
)]
async fn set_embed_origins(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<EmbedOrigins>,
) -> AppResult<Json<EmbedOrigins>> {
    Ok(Json(sharing::set_embed_origins(&state, &caller, &id, body).await?))
}
