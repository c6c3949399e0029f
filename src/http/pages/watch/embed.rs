//! What other sites use to show this site's items: `/embed/{id}`, the player alone for an iframe
//! (framed only by this site, the origins `embed.allowed_origins` names and those the item's
//! owner allows: `Content-Security-Policy: frame-ancestors`), opened by whoever may see the
//! item or by a share link; and `/oembed?url=`, which tells an editor a pasted watch link's
//! title, picture and iframe.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::state::AppState;
use reel_core::delivery::token::ViewerRights;
use reel_core::library::sharing::{self, NotShared};
use reel_core::library::videos::{self, VideoRecord};

use crate::http::pages::frame::csp::page_csp_framed;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::shell::ShellView;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;

/// `?share=` (a share link's token), `?t=` (where to start, seconds), `?autoplay=1`.
#[derive(Debug, Deserialize)]
pub struct EmbedQuery {
    share: Option<String>,
    t: Option<f64>,
    autoplay: Option<String>,
}

/// `GET /embed/{id}`.
pub async fn embed(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    Query(q): Query<EmbedQuery>,
) -> PageResult {
    let watch_url = format!("{}/watch/{id}", state.site_url);
    // Framed where any of this site's embeds may be, until the item is known.
    let anywhere = state.config.embed.allowed_origins.clone();
    let mut start_s = q.t.filter(|t| t.is_finite() && *t >= 0.0);
    let (video, holder) = match q.share.as_deref().filter(|s| !s.is_empty()) {
        Some(token) => match sharing::open(&state, viewer.as_ref(), &id, token).await? {
            Ok(shared) => {
                start_s = start_s.or(shared.start_s);
                (shared.video, shared.holder)
            }
            Err(NotShared::Expired) => {
                return message(&state, &anywhere, StatusCode::GONE, "watch-embed-link-expired", None);
            }
            Err(NotShared::Unknown) => return message(&state, &anywhere, StatusCode::NOT_FOUND, "watch-embed-link-unknown", None),
        },
        None => match videos::visible(&state, viewer.as_ref(), &id).await {
            Ok(video) => (video, reel_core::delivery::token::holder_of(viewer.as_ref())),
            // Cross-site frames are sent no session cookie, so a member is asked to watch on the site.
            Err(e) if e.status() == StatusCode::UNAUTHORIZED => {
                let link = Some((watch_url.as_str(), "watch-embed-watch-on-site"));
                return message(&state, &anywhere, StatusCode::UNAUTHORIZED, "watch-embed-sign-in", link);
            }
            Err(e) if e.status().is_client_error() => {
                return message(&state, &anywhere, StatusCode::NOT_FOUND, "watch-embed-unavailable", None);
            }
            Err(e) => return Err(e.into()),
        },
    };
    let ancestors = sharing::frame_ancestors(&state, video.id).await?;
    let locked = match holder {
        reel_base::domain::Holder::Share(_) => video.required_plan.is_some(),
        _ => reel_core::audience::plans::lock(&state, viewer.as_ref(), &video).await?.is_some(),
    };
    if locked {
        let link = Some((watch_url.as_str(), "watch-embed-open-on-site"));
        return message(&state, &ancestors, StatusCode::FORBIDDEN, "watch-embed-plan-required", link);
    }
    let Some(index) = videos::package(&state, &video).await? else {
        let link = Some((watch_url.as_str(), "watch-embed-open-on-site"));
        return message(&state, &ancestors, StatusCode::OK, "watch-embed-processing", link);
    };
    let playback = ViewerRights::of(&state, viewer.as_ref()).await?.urls(&state, &video, holder, &index);
    let storyboard = index.storyboard.as_ref().map(|s| serde_json::to_string(&s.grid).unwrap_or_default());
    let audio = matches!(video.meta.kind, reel_base::domain::ItemKind::Music | reel_base::domain::ItemKind::Podcast);
    let response = render(
        "embed.html",
        context! {
            page => context! { shell => ShellView::current() },
            title => video.title,
            video_id => video.id.to_string(),
            status => video.status.to_string(),
            duration_s => video.duration_s,
            start_s,
            autoplay => q.autoplay.as_deref() == Some("1"),
            playback,
            storyboard,
            audio,
            watch_url,
        },
    )?;
    Ok(framed(&state, response, &ancestors))
}

/// The message `key` in the frame instead of the player, with a link (where to, the key of its
/// text) when there is one.
fn message(state: &AppState, ancestors: &[String], status: StatusCode, key: &str, link: Option<(&str, &str)>) -> PageResult {
    let nothing: Option<()> = None;
    let page = context! { shell => ShellView::current() };
    let (watch_url, link_text) = match link {
        Some((url, text_key)) => (Some(url), t(text_key, &[])),
        None => (None, String::new()),
    };
    let ctx = context! { page, title => state.config.site.name, message => t(key, &[]), watch_url, link_text, playback => nothing };
    let mut response = render("embed.html", ctx)?;
    *response.status_mut() = status;
    Ok(framed(state, response, ancestors))
}

/// The answer with the policy that lets `ancestors` (and this site) frame it.
fn framed(state: &AppState, mut response: Response, ancestors: &[String]) -> Response {
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, page_csp_framed(state.playback_base(), ancestors));
    response
}

/// `?url=` (a watch or embed page of this site), `?maxwidth=`, `?maxheight=`, `?format=`.
#[derive(Debug, Deserialize)]
pub struct OembedQuery {
    url: Option<String>,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
    format: Option<String>,
}

/// The oEmbed answer (a `video` or, for an audio item, `rich`).
#[derive(Debug, Serialize)]
struct Oembed {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    provider_name: String,
    provider_url: String,
    title: String,
    author_name: Option<String>,
    author_url: Option<String>,
    html: String,
    width: u32,
    height: u32,
    thumbnail_url: Option<String>,
    thumbnail_width: Option<u32>,
    thumbnail_height: Option<u32>,
    cache_age: u32,
}

/// `GET /oembed?url=`: what an editor shows for a pasted link to an item a signed-out visitor
/// may watch; 404 for anything else (an item they may not see is not said to exist).
pub async fn oembed(State(state): State<AppState>, Query(q): Query<OembedQuery>) -> Result<Response, AppError> {
    if q.format.as_deref().is_some_and(|f| f != "json") {
        return Err(AppError::new(StatusCode::NOT_IMPLEMENTED, "unsupported-format", "only format=json is answered"));
    }
    let url = q.url.as_deref().ok_or_else(|| AppError::bad_request("missing-url", "give the link as ?url="))?;
    let video = linked_item(&state, url).await?.ok_or_else(|| AppError::not_found("video"))?;
    let preview = reel_core::audience::feeds::video_preview(&state, &video).await?;
    // 16:9 in the largest box the consumer allows (never past its maxwidth or maxheight), at
    // most 1280 wide.
    let mut width = q.maxwidth.unwrap_or(640).clamp(1, 1280);
    let mut height = (width * 9 / 16).max(1);
    if let Some(max) = q.maxheight.filter(|h| *h < height) {
        height = max.max(1);
        width = (height * 16 / 9).clamp(1, width);
    }
    let html = iframe(&state, video.id, &preview.title, width, height);
    let owner = match video.created_by {
        Some(o) => reel_core::auth::account::by_id(&state, o).await?,
        None => None,
    };
    let audio = matches!(video.meta.kind, reel_base::domain::ItemKind::Music | reel_base::domain::ItemKind::Podcast);
    // The poster as it was made (a portrait clip's is tall, a cover's square): oEmbed names a
    // thumbnail only with its real size.
    let thumbnail = if preview.image.is_some() { reel_core::audience::feeds::poster_size(&state, &video).await? } else { None };
    let body = Oembed {
        version: "1.0",
        kind: if audio { "rich" } else { "video" },
        provider_name: state.config.site.name.clone(),
        provider_url: format!("{}/", state.site_url),
        title: preview.title.clone(),
        author_name: owner.as_ref().map(|o| o.display_name.clone()),
        author_url: owner.as_ref().map(|o| format!("{}/c/{}", state.site_url, o.channel)),
        html,
        width,
        height,
        thumbnail_width: thumbnail.map(|(w, _)| w),
        thumbnail_height: thumbnail.map(|(_, h)| h),
        thumbnail_url: preview.image.filter(|_| thumbnail.is_some()),
        cache_age: 3600,
    };
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, crate::http::pages::watch::feeds::cache_control(&state));
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(response)
}

/// The public item a link to this site's watch or embed page names.
async fn linked_item(state: &AppState, url: &str) -> Result<Option<VideoRecord>, AppError> {
    let Some(path) = url.strip_prefix(&*state.site_url) else { return Ok(None) };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let Some(id) = path.strip_prefix("/watch/").or_else(|| path.strip_prefix("/embed/")) else { return Ok(None) };
    if id.contains('/') {
        return Ok(None);
    }
    match videos::visible(state, None, id).await {
        Ok(video) if videos::is_public(state, &video) => Ok(Some(video)),
        Ok(_) => Ok(None),
        Err(e) if e.status().is_client_error() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The `<iframe>` that shows `id`'s player on another site's page: what oEmbed answers and the
/// share page offers to copy.
pub fn iframe(state: &AppState, id: reel_base::domain::VideoId, title: &str, width: u32, height: u32) -> String {
    format!(
        r#"<iframe src="{}/embed/{id}" width="{width}" height="{height}" title="{}" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>"#,
        state.site_url,
        attribute(title)
    )
}

/// Text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}
