//! The webhook pages: `/account/webhooks` lists the account's endpoints and registers one;
//! `/account/webhooks/{id}` shows one with its deliveries (each attempt's status, latency and
//! answer), and disables, enables, tests, rotates, removes it or resends a delivery.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;
use reel_core::auth::Caller;
use reel_core::integrations::webhooks::{self, EndpointChange, EndpointView, NewEndpoint, Owner, Rotation};
use reel_core::platform::webhooks::{is_admin_event, EVENTS};

use crate::http::pages::frame::form_error::FormError;
use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::notices::Notices;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::respond::see_other;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::{form_caller, Viewer};

/// Deliveries one page shows.
const PAGE_SIZE: u32 = 25;

/// The message of what a redirect back says was done.
pub static NOTICES: Notices = Notices::new(&[
    ("disabled", "webhooks-notice-disabled"),
    ("enabled", "webhooks-notice-enabled"),
    ("tested", "webhooks-notice-tested"),
    ("resent", "webhooks-notice-resent"),
    ("removed", "webhooks-notice-removed"),
]);

/// `?done=` after a change, `?cursor=` of the deliveries.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    done: Option<String>,
    cursor: Option<String>,
}

/// The event types the caller may pick, for the form.
fn choices(caller: &Caller, picked: &[String]) -> Vec<Value> {
    EVENTS
        .iter()
        .filter(|(name, _)| caller.is_admin() || !is_admin_event(name))
        .map(|(name, _)| context! { name => *name, meaning => t(&event_key(name), &[]), picked => picked.iter().any(|p| p == name) })
        .collect()
}

/// The message saying what an event type means: `video.taken_down` is `webhooks-event-video-taken-down`.
fn event_key(name: &str) -> String {
    format!("webhooks-event-{}", name.replace(['.', '_'], "-"))
}

/// `GET /account/webhooks`.
pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    list_view(&state, &caller, NOTICES.of(q.done.as_deref()), None, None, StatusCode::OK).await
}

/// Which input of the registration form each refusal is about.
const REGISTRATION_FIELDS: &[(&str, &str)] = &[
    ("invalid-url", "webhook-url"),
    ("invalid-events", "webhook-events"),
    ("invalid-description", "webhook-description"),
    ("invalid-secret", "webhook-secret"),
];

/// The list with what a registration left to say: its secret, or why it was refused.
async fn list_view(
    state: &AppState,
    caller: &Caller,
    notice_text: Option<&'static str>,
    made: Option<(EndpointView, Option<String>)>,
    refused: Option<(FormError, NewEndpoint)>,
    status: StatusCode,
) -> PageResult {
    let endpoints = webhooks::list(state, Owner::of(caller)?).await?;
    let (error, form) = match refused {
        Some((error, form)) => (Some(error), Some(form)),
        None => (None, None),
    };
    let picked = form.as_ref().map_or_else(Vec::new, |f| f.events.clone());
    let made = made.map(|(endpoint, secret)| context! { url => endpoint.url, id => endpoint.id.to_string(), secret });
    let info = PageInfo::new(Some(caller), &t("webhooks-title", &[]), "account").with_notice(notice_text);
    let mut response = render(
        "webhooks.html",
        context! {
            page => info,
            endpoints,
            made,
            error,
            url => form.as_ref().map(|f| f.url.clone()),
            description => form.as_ref().and_then(|f| f.description.clone()),
            events => choices(caller, &picked),
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// The registration form: `events` once per ticked box.
struct RegisterForm {
    csrf: String,
    url: String,
    description: String,
    secret: String,
    events: Vec<String>,
}

/// `POST /account/webhooks`: registers, and shows the secret Reel made once.
pub async fn register(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> PageResult {
    // A form repeats `events`; `serde_urlencoded` reads repeats into a list only as pairs.
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&body).map_err(|_| AppError::bad_request("invalid-form", "the form could not be read"))?;
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let f = RegisterForm {
        csrf: field("csrf"),
        url: field("url"),
        description: field("description"),
        secret: field("secret"),
        events: pairs.iter().filter(|(k, _)| k == "events").map(|(_, v)| v.clone()).collect(),
    };
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let new = NewEndpoint {
        url: f.url,
        events: f.events,
        secret: Some(f.secret.trim().to_string()).filter(|s| !s.is_empty()),
        description: Some(f.description),
    };
    match webhooks::register(&state, Owner::of(&caller)?, new.clone()).await {
        Ok(made) => list_view(&state, &caller, None, Some((made.endpoint, made.secret)), None, StatusCode::OK).await,
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::FORBIDDEN => {
            let status = e.status();
            let error = FormError::coded(e.code(), e.message(), REGISTRATION_FIELDS);
            list_view(&state, &caller, None, None, Some((error, new)), status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /account/webhooks/{id}`.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>, Query(q): Query<PageQuery>) -> PageResult {
    let caller = viewer.required()?;
    endpoint_view(&state, &caller, &id, &q, None, StatusCode::OK).await
}

async fn endpoint_view(
    state: &AppState,
    caller: &Caller,
    id: &str,
    q: &PageQuery,
    rotated: Option<webhooks::Rotated>,
    status: StatusCode,
) -> PageResult {
    let owner = Owner::of(caller)?;
    let endpoint = EndpointView::from(&webhooks::get(state, owner, id).await?);
    let page = webhooks::deliveries(state, owner, id, PAGE_SIZE, q.cursor.as_deref()).await?;
    let deliveries: Vec<Value> = page
        .items
        .iter()
        .map(|d| {
            context! {
                id => d.id,
                event => d.event,
                created_at => d.created_at,
                state => d.state,
                next_attempt_at => d.next_attempt_at,
                payload => serde_json::to_string_pretty(&d.payload).unwrap_or_default(),
                attempts => d.attempts,
            }
        })
        .collect();
    let more = page.next_cursor.map(|c| format!("/account/webhooks/{id}?cursor={c}"));
    let info = PageInfo::new(Some(caller), &t("webhooks-endpoint-title", &[]), "account").with_notice(NOTICES.of(q.done.as_deref()));
    let mut response = render("webhook.html", context! { page => info, endpoint, deliveries, more, rotated })?;
    *response.status_mut() = status;
    Ok(response)
}

/// A button on the endpoint's page: `disable`, `enable`, `test`, `rotate` or `remove`.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    csrf: String,
    action: String,
}

/// `POST /account/webhooks/{id}`.
pub async fn act(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ActionForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let owner = Owner::of(&caller)?;
    let back = |done: &str| -> Response { see_other(&format!("/account/webhooks/{id}?done={done}")) };
    match f.action.as_str() {
        "disable" | "enable" => {
            let enabled = f.action == "enable";
            webhooks::change(&state, owner, &id, EndpointChange { enabled: Some(enabled), ..Default::default() }).await?;
            Ok(back(if enabled { "enabled" } else { "disabled" }))
        }
        "test" => {
            webhooks::test(&state, owner, &id).await?;
            Ok(back("tested"))
        }
        "rotate" => {
            let rotated = webhooks::rotate(&state, owner, &id, Rotation::default()).await?;
            let q = PageQuery { done: None, cursor: None };
            endpoint_view(&state, &caller, &id, &q, Some(rotated), StatusCode::OK).await
        }
        "remove" => {
            webhooks::remove(&state, owner, &id).await?;
            Ok(see_other("/account/webhooks?done=removed"))
        }
        _ => Err(AppError::bad_request("invalid-action", "that is not something this page does").into()),
    }
}

/// The resend button of one delivery.
#[derive(Debug, Deserialize)]
pub struct ResendForm {
    csrf: String,
    delivery: String,
}

/// `POST /account/webhooks/{id}/resend`.
pub async fn resend(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>, Form(f): Form<ResendForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    webhooks::resend(&state, Owner::of(&caller)?, &id, &f.delivery).await?;
    Ok(see_other(&format!("/account/webhooks/{id}?done=resent")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_its_message() {
        for (name, _) in EVENTS {
            assert!(reel_base::i18n::has(&event_key(name)), "no message for the event {name}");
        }
    }
}
