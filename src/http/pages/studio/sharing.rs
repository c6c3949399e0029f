//! `/studio/{id}/share`: an item's share links (make one, with an expiry and a start; the live
//! ones, each revocable) and its embed (the iframe code, and the origins allowed to frame it).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::library::sharing::{self, EmbedOrigins, NewShareLink, ShareLinkView};
use reel_core::library::videos;

use crate::http::pages::frame::form_error::FormError;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};
use crate::http::pages::watch::embed;

/// The expiries the form offers: seconds, and how many of which unit the menu names them by.
const EXPIRIES: [(u64, &str, u32); 4] = [
    (3600, "studio-share-for-hours", 1),
    (86_400, "studio-share-for-days", 1),
    (7 * 86_400, "studio-share-for-days", 7),
    (30 * 86_400, "studio-share-for-days", 30),
];

/// `?done=` after a change.
#[derive(Debug, Deserialize)]
pub struct ShareQuery {
    done: Option<String>,
}

pub static NOTICES: Notices = Notices::new(&[("revoked", "studio-share-notice-revoked"), ("origins", "studio-share-notice-origins")]);

/// `GET /studio/{id}/share`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>, Query(q): Query<ShareQuery>) -> PageResult {
    let caller = viewer.required()?;
    view(&state, &caller, &id, Shown { notice: NOTICES.of(q.done.as_deref()), ..Shown::default() }, StatusCode::OK).await
}

/// What the page shows beside the item's links and embed: a confirmation, the link just made,
/// or a refusal with what was typed, so that nothing typed is lost.
#[derive(Default)]
struct Shown {
    notice: Option<&'static str>,
    made: Option<ShareLinkView>,
    error: Option<FormError>,
    /// The new link's start as typed.
    start: Option<String>,
    /// The origins as typed.
    origins: Option<String>,
}

impl Shown {
    fn refused(error: FormError) -> Self {
        Self { error: Some(error), ..Self::default() }
    }
}

async fn view(state: &AppState, caller: &Caller, id: &str, shown: Shown, status: StatusCode) -> PageResult {
    let video = videos::managed(state, caller, id).await?;
    let links = sharing::list(state, caller, id).await?;
    let origins = match shown.origins {
        Some(typed) => typed,
        None => sharing::embed_origins(state, caller, id).await?.origins.join("\n"),
    };
    let iframe = embed::iframe(state, video.id, &video.title, 640, 360);
    let expiries: Vec<_> = EXPIRIES.iter().map(|(secs, key, n)| context! { secs, name => t(key, &[("n", (*n).into())]) }).collect();
    let info = PageInfo::new(Some(caller), &t("studio-share-page-title", &[("title", video.title.as_str().into())]), "studio")
        .with_notice(shown.notice);
    let mut response = render(
        "share.html",
        context! {
            page => info,
            video => context! { id => video.id.to_string(), title => video.title, visibility => video.visibility.to_string() },
            links,
            made => shown.made,
            error => shown.error,
            start => shown.start,
            iframe,
            origins,
            site_origins => state.config.embed.allowed_origins,
            expiries,
            share_links => state.config.embed.share_links,
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// The new link's form.
#[derive(Debug, Deserialize)]
pub struct LinkForm {
    csrf: String,
    expires_in_s: u64,
    #[serde(default)]
    start: String,
}

/// `POST /studio/{id}/share`: makes a link and shows it, once.
pub async fn make(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<LinkForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let start = f.start.trim();
    let start_s = match start {
        "" => None,
        text => match reel_base::domain::chapter::parse_clock(text) {
            Some(ms) => Some(ms as f64 / 1000.0),
            None => {
                let why = t("studio-share-start-not-a-time", &[("text", text.into())]);
                let shown = Shown { start: Some(text.to_string()), ..Shown::refused(FormError::at("share-start", &why)) };
                return view(&state, &caller, &id, shown, StatusCode::BAD_REQUEST).await;
            }
        },
    };
    match sharing::create(&state, &caller, &id, NewShareLink { expires_in_s: f.expires_in_s, start_s }).await {
        Ok(made) => view(&state, &caller, &id, Shown { made: Some(made), ..Shown::default() }, StatusCode::OK).await,
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND && e.status() != StatusCode::FORBIDDEN => {
            let status = e.status();
            let shown = Shown { start: Some(start.to_string()), ..Shown::refused(FormError::above(e.message())) };
            view(&state, &caller, &id, shown, status).await
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

/// A revoke button.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    csrf: String,
    link: String,
}

/// `POST /studio/{id}/share/revoke`.
pub async fn revoke(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<RevokeForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    sharing::revoke(&state, &caller, &id, &f.link).await?;
    Ok(see_other(&format!("/studio/{id}/share?done=revoked")))
}

/// The origins form: one per line.
#[derive(Debug, Deserialize)]
pub struct OriginsForm {
    csrf: String,
    #[serde(default)]
    origins: String,
}

/// `POST /studio/{id}/share/origins`.
pub async fn origins(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<OriginsForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let list = EmbedOrigins { origins: f.origins.split_whitespace().map(str::to_owned).collect() };
    match sharing::set_embed_origins(&state, &caller, &id, list).await {
        Ok(_) => Ok(see_other(&format!("/studio/{id}/share?done=origins"))),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => {
            let shown = Shown { origins: Some(f.origins.clone()), ..Shown::refused(FormError::at("embed-origins", e.message())) };
            view(&state, &caller, &id, shown, StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}
