//! The subscriptions page (what the followed channels published, and the channels) and the
//! subscribe button every channel and watch page carries.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::percent_encode;
use reel_base::domain::UserId;
use reel_core::audience::subscriptions;
use reel_core::auth::Caller;
use reel_core::library::videos;

use crate::http::pages::cards::{cards, parse_cursor, PageQuery, PAGE_SIZE};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::{safe_next, see_other};
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// What a subscribe button shows for the channel `channel` (handle `handle`) on the page at
/// `back`: its subscriber count, whether `viewer` follows it, and whether they may (signed
/// in, not their own channel).
pub async fn button(
    state: &AppState,
    viewer: Option<&Caller>,
    channel: UserId,
    handle: &str,
    back: &str,
) -> Result<minijinja::Value, PageError> {
    let (subscribers, following) = subscriptions::standing(state, viewer, channel).await?;
    let own = viewer.is_some_and(|v| v.subject() == channel);
    let sign_in = format!("/login?next={}", percent_encode(back));
    Ok(context! { handle, subscribers, following, own, signed_in => viewer.is_some(), back, sign_in })
}

/// The subscribe button's form.
#[derive(Debug, Deserialize)]
pub struct FollowForm {
    csrf: String,
    channel: String,
    /// `subscribe` or `unsubscribe`.
    action: String,
    /// The page to go back to.
    back: Option<String>,
}

/// `POST /subscriptions`: follows or stops following a channel, then goes back to the page
/// the button was on.
pub async fn follow(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<FollowForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    match f.action.as_str() {
        "subscribe" => {
            subscriptions::subscribe(&state, &caller, &f.channel).await?;
        }
        "unsubscribe" => subscriptions::unsubscribe(&state, &caller, &f.channel).await?,
        _ => return Err(PageError::App(AppError::bad_request("bad-request", "action is subscribe or unsubscribe"))),
    }
    Ok(see_other(safe_next(f.back.as_deref())))
}

/// `GET /subscriptions`: the newest of what the followed channels published, then (on the
/// first page) the channels themselves.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    let after = parse_cursor(q.cursor.as_deref())?;
    let rows = subscriptions::feed(&state, &caller, PAGE_SIZE, after).await?;
    let more =
        videos::next_cursor(&rows, PAGE_SIZE, &subscriptions::feed_filter(&caller), after).map(|c| format!("/subscriptions?cursor={c}"));
    let videos = cards(&state, Some(&caller), rows, &HashMap::new()).await?;
    let channels: Vec<minijinja::Value> = if after.is_none() {
        subscriptions::channels(&state, &caller)
            .await?
            .into_iter()
            .map(|f| context! { handle => f.channel.channel, name => f.channel.display_name, subscribers => f.subscribers })
            .collect()
    } else {
        Vec::new()
    };
    let page = PageInfo::new(Some(&caller), &t("subscriptions-title", &[]), "subscriptions");
    render("subscriptions.html", context! { page, videos, more, channels })
}
