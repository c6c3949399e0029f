//! The history page: what the viewer watched, newest first, with how far they got; a button
//! to remove each entry, one to clear them all, and one to pause or resume recording.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::state::AppState;
use reel_base::domain::VideoId;
use reel_core::audience::history;

use crate::http::pages::account::sign_in;
use crate::http::pages::cards::{cards, parse_cursor, PageQuery};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// Entries one page shows.
const PAGE_SIZE: u32 = 30;

/// The confirmations of the page's `?done=`.
pub static NOTICES: Notices =
    Notices::new(&[("saved", "history-notice-saved"), ("removed", "history-notice-removed"), ("cleared", "history-notice-cleared")]);

/// `GET /history`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    let page = history::list(&state, &caller, PAGE_SIZE, parse_cursor(q.cursor.as_deref())?).await?;
    let watched: HashMap<VideoId, f64> = page.items.iter().map(|w| (w.video.id, w.position_s)).collect();
    let at: Vec<i64> = page.items.iter().map(|w| w.at).collect();
    let cards = cards(&state, Some(&caller), page.items.into_iter().map(|w| w.video).collect(), &watched).await?;
    let entries: Vec<minijinja::Value> = cards.into_iter().zip(at).map(|(card, at)| context! { card, at }).collect();
    let more = page.next.map(|c| format!("/history?cursor={c}"));
    let info = PageInfo::new(Some(&caller), &t("history-title", &[]), "history").with_notice(NOTICES.of(q.done.as_deref()));
    render("history.html", context! { page => info, entries, paused => page.paused, more })
}

/// A form that names one entry.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    csrf: String,
    video_id: String,
}

/// `POST /history/remove`.
pub async fn remove(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<RemoveForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    history::remove(&state, &caller, &f.video_id).await?;
    Ok(see_other("/history?done=removed"))
}

/// `POST /history/clear`.
pub async fn clear(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<sign_in::CsrfForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    history::clear(&state, &caller).await?;
    Ok(see_other("/history?done=cleared"))
}

/// The pause form: `paused` is `1` to pause, `0` to resume.
#[derive(Debug, Deserialize)]
pub struct PauseForm {
    csrf: String,
    paused: String,
}

/// `POST /history/pause`.
pub async fn pause(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<PauseForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    history::set_paused(&state, &caller, f.paused == "1").await?;
    Ok(see_other("/history?done=saved"))
}
