//! The notifications page (what followed channels published, newest first, unread ones
//! marked; "mark all read"; the email opt-in) and the page an email's unsubscribe link opens.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use minijinja::context;
use serde::Deserialize;

use crate::state::AppState;
use reel_core::audience::notifications;

use crate::http::pages::cards::{parse_cursor, PageQuery};
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::{PageError, PageResult};
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// Notifications one page shows.
const PAGE_SIZE: u32 = 30;

/// The confirmations of the page's `?done=`.
pub static NOTICES: Notices = Notices::new(&[("saved", "notifications-notice-saved")]);

/// `GET /notifications`.
pub async fn page(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    let page = notifications::list(&state, &caller, PAGE_SIZE, parse_cursor(q.cursor.as_deref())?).await?;
    let email = notifications::emails_on(&state, &caller).await?;
    let owners =
        reel_core::auth::account::by_ids(&state, &page.items.iter().filter_map(|n| n.video.as_ref()?.created_by).collect::<Vec<_>>())
            .await?;
    let items: Vec<minijinja::Value> = page
        .items
        .iter()
        .map(|n| {
            let owner = n.video.as_ref().and_then(|v| v.created_by).and_then(|o| owners.get(&o));
            context! {
                id => n.video.as_ref().map(|v| v.id.to_string()),
                title => n.video.as_ref().map(|v| v.title.clone()),
                channel => owner.map(|o| o.channel.clone()),
                channel_name => owner.map(|o| o.display_name.clone()),
                at => n.created_at,
                unread => n.read_at.is_none(),
                failed => n.kind() == "failed",
                kind => n.kind(),
                error => n.video.as_ref().and_then(|v| v.error.clone()),
                comment_id => n.comment.as_ref().map(|c| c.id.to_string()),
                comment_author => n.comment.as_ref().map(|c| c.author_name.clone()),
                comment_body => n.comment.as_ref().map(|c| c.body.chars().take(140).collect::<String>()),
                moderation => n.moderation.as_ref().map(|m| context! {
                    excerpt => m.excerpt.chars().take(140).collect::<String>(),
                    status => m.status.map(|s| s.as_str()),
                    target => m.target_type.map(|t| t.as_str()),
                    text => m.text,
                }),
            }
        })
        .collect();
    let more = page.next.map(|c| format!("/notifications?cursor={c}"));
    let info = PageInfo::new(Some(&caller), &t("notifications-title", &[]), "notifications").with_notice(NOTICES.of(q.done.as_deref()));
    render("notifications.html", context! { page => info, items, unread => page.unread, more, email })
}

/// "Mark all read", or one (`video_id`).
#[derive(Debug, Deserialize)]
pub struct ReadForm {
    csrf: String,
    video_id: Option<String>,
}

/// `POST /notifications/read`.
pub async fn mark_read(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<ReadForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    notifications::mark_read(&state, &caller, f.video_id.as_deref().filter(|v| !v.is_empty())).await?;
    Ok(see_other("/notifications"))
}

/// The email opt-in form: `email` is `on` when the box is ticked, absent when not.
#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    csrf: String,
    email: Option<String>,
}

/// `POST /notifications/settings`.
pub async fn settings(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<SettingsForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    notifications::set_emails(&state, &caller, f.email.is_some()).await?;
    Ok(see_other("/notifications?done=saved"))
}

/// `?token=` of an unsubscribe link.
#[derive(Debug, Deserialize)]
pub struct LinkQuery {
    token: Option<String>,
}

/// `GET /notifications/unsubscribe?token=`: the link of a notification email asks, and
/// changes nothing (mail scanners open every link): a page with one button that posts the
/// same link. It needs no sign-in: the token, signed and expiring, names the account.
pub async fn unsubscribe_confirm(State(state): State<AppState>, viewer: Viewer, Query(q): Query<LinkQuery>) -> PageResult {
    let token = q.token.unwrap_or_default();
    notifications::stop_link_account(&state, &token).map_err(|e| PageError::App(e.into()))?;
    let info = PageInfo::new(viewer.0.as_ref(), &t("unsubscribe-title", &[]), "notifications");
    render("unsubscribe.html", context! { page => info, token => token })
}

/// `POST /notifications/unsubscribe?token=`: stops the emails; from the confirm page's button
/// or a mail client's one-click unsubscribe (RFC 8058, body `List-Unsubscribe=One-Click`),
/// whatever the body. The signed token is the authority, so no session or CSRF field is read.
pub async fn unsubscribe(State(state): State<AppState>, viewer: Viewer, Query(q): Query<LinkQuery>) -> PageResult {
    let token = q.token.unwrap_or_default();
    let info = PageInfo::new(viewer.0.as_ref(), &t("unsubscribe-title", &[]), "notifications");
    match notifications::stop_emails_by_link(&state, &token).await {
        Ok(()) => render("unsubscribed.html", context! { page => info }),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => Err(PageError::App(e.into())),
        Err(e) => Err(e.into()),
    }
}
