//! The watch page's community parts: the like and dislike buttons, the comments section (its
//! threads, their first replies, the forms to write, reply, edit, take back, pin and hide), a
//! thread's own page with all its replies, and the liked items page.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::state::AppState;
use reel_base::db::videos::VideoRecord;
use reel_base::domain::percent_encode;
use reel_core::auth::Caller;
use reel_core::community::comments::{self, CommentPage, CommentQuery, NewCommentBody};
use reel_core::community::reactions;
use reel_core::library::videos;

use crate::http::pages::cards::{cards, parse_cursor, PageQuery};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// Threads the watch page shows at a time.
const THREADS_SHOWN: u32 = 20;
/// Replies a thread's page shows at a time.
const REPLIES_PER_PAGE: u32 = 50;
/// Liked items one page shows.
const LIKED_PAGE: u32 = 30;

/// The watch page's `?comments=` (order) and `?after=` (the next page of threads).
#[derive(Debug, Default, Deserialize)]
pub struct SectionQuery {
    pub comments: Option<String>,
    pub after: Option<String>,
}

/// The watch page's reactions and comments, for a viewer who may see `video`.
pub async fn section(
    state: &AppState,
    viewer: Option<&Caller>,
    video: &VideoRecord,
    q: &SectionQuery,
) -> Result<minijinja::Value, PageError> {
    let reactions = reactions::of_item(state, viewer, video).await?;
    let order = q.comments.clone().filter(|o| o == "top");
    let query = CommentQuery { order: order.clone(), limit: Some(THREADS_SHOWN), cursor: q.after.clone(), parent: None };
    let page = comments::list_of(state, viewer, video, &query).await?;
    let more = page
        .next_cursor
        .as_ref()
        .map(|c| format!("/watch/{}?comments={}&after={c}#comments", video.id, order.as_deref().unwrap_or("newest")));
    let can_react = viewer.is_some() && video.status.is_watchable();
    Ok(context! {
        reactions, can_react, comments => page_ctx(page), order => order.unwrap_or_else(|| "newest".into()), more,
        max_chars => state.config.community.max_comment_chars,
        // The site's switch: with comments off everywhere, the section is not shown at all.
        enabled => state.config.community.comments,
    })
}

fn page_ctx(page: CommentPage) -> minijinja::Value {
    minijinja::Value::from_serialize(&page)
}

/// The like and dislike form: `value` is 1, -1 or 0.
#[derive(Debug, Deserialize)]
pub struct ReactForm {
    csrf: String,
    value: i64,
}

/// `POST /watch/{id}/react`.
pub async fn react(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ReactForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    reactions::react(&state, &caller, &id, f.value).await?;
    Ok(see_other(&format!("/watch/{}#reactions", percent_encode(&id))))
}

/// The comment and reply form.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    csrf: String,
    body: String,
    /// The thread a reply answers; empty or absent for a new thread.
    parent_id: Option<String>,
}

/// `POST /watch/{id}/comments`: back to the new comment, in its thread's page for a reply.
pub async fn post(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<CommentForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let parent_id = f.parent_id.filter(|p| !p.is_empty());
    let made = comments::post(&state, &caller, &id, NewCommentBody { body: f.body, parent_id }).await?;
    let place = match made.parent_id {
        Some(thread) => format!("/watch/{}/comments/{thread}#c-{}", made.video_id, made.id),
        None => format!("/watch/{}#c-{}", made.video_id, made.id),
    };
    Ok(see_other(&place))
}

/// `GET /watch/{id}/comments/{comment}`: one thread with all its replies, a page at a time.
pub async fn thread(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path((id, comment)): Path<(String, String)>,
    Query(q): Query<SectionQuery>,
) -> PageResult {
    let video = videos::visible(&state, viewer.as_ref(), &id).await?;
    let query = CommentQuery { order: None, limit: Some(REPLIES_PER_PAGE), cursor: q.after.clone(), parent: Some(comment.clone()) };
    let replies = comments::list_of(&state, viewer.as_ref(), &video, &query).await?;
    let first = comments::thread(&state, viewer.as_ref(), &video, &comment).await?;
    let more = replies.next_cursor.as_ref().map(|c| format!("/watch/{}/comments/{}?after={c}", video.id, first.id));
    let page = PageInfo::new(viewer.as_ref(), &t("watch-thread-title", &[("title", video.title.as_str().into())]), "watch");
    let video_ctx = context! { id => video.id.to_string(), title => video.title };
    render(
        "thread.html",
        context! { page, video => video_ctx, thread => first, replies => page_ctx(replies), more, max_chars => state.config.community.max_comment_chars },
    )
}

/// The edit form.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    csrf: String,
    body: String,
}

/// `POST /watch/{id}/comments/{comment}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, comment)): Path<(String, String)>,
    Form(f): Form<EditForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let changed = comments::edit(&state, &caller, &comment, &f.body).await?;
    Ok(see_other(&back(&id, changed.parent_id.map(|p| p.to_string()).as_deref(), &changed.id.to_string())))
}

/// Where a change to a comment goes back to: its place in its thread's page, or on the watch
/// page for a thread's first comment.
fn back(video: &str, thread: Option<&str>, comment: &str) -> String {
    let video = percent_encode(video);
    let comment = percent_encode(comment);
    match thread.filter(|t| !t.is_empty()) {
        Some(thread) => format!("/watch/{video}/comments/{}#c-{comment}", percent_encode(thread)),
        None => format!("/watch/{video}#c-{comment}"),
    }
}

/// A form that acts on one comment: `on` is `1` or `0` for pin and hide; `thread` says which
/// thread's page it came from, to go back to.
#[derive(Debug, Deserialize)]
pub struct ActForm {
    csrf: String,
    on: Option<String>,
    thread: Option<String>,
}

/// `POST /watch/{id}/comments/{comment}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, comment)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    comments::delete(&state, &caller, &comment).await?;
    let place = match f.thread.as_deref().filter(|t| !t.is_empty()) {
        Some(thread) => format!("/watch/{}/comments/{}", percent_encode(&id), percent_encode(thread)),
        None => format!("/watch/{}#comments", percent_encode(&id)),
    };
    Ok(see_other(&place))
}

/// `POST /watch/{id}/comments/{comment}/pin`.
pub async fn pin(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, comment)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    comments::pin(&state, &caller, &comment, f.on.as_deref() == Some("1")).await?;
    Ok(see_other(&back(&id, None, &comment)))
}

/// `POST /watch/{id}/comments/{comment}/hide`.
pub async fn hide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, comment)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    comments::hide(&state, &caller, &comment, f.on.as_deref() == Some("1")).await?;
    Ok(see_other(&back(&id, f.thread.as_deref(), &comment)))
}

/// `GET /liked`: the acting profile's liked items, most recently liked first.
pub async fn liked(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    let page = reactions::liked(&state, &caller, LIKED_PAGE, parse_cursor(q.cursor.as_deref())?).await?;
    let videos = cards(&state, Some(&caller), page.items.into_iter().map(|l| l.video).collect(), &HashMap::new()).await?;
    let more = page.next.map(|c| format!("/liked?cursor={c}"));
    let heading = t("guide-liked", &[]);
    let info = PageInfo::new(Some(&caller), &heading, "liked");
    render("list.html", context! { page => info, heading, videos, more, empty => t("browse-liked-empty", &[]) })
}
