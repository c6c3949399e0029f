//! Webhook endpoints as their owners manage them: register one (URL, events, secret), change
//! or disable it, rotate its secret, send it a test event, and read and resend its
//! deliveries. Creators and admins may; only admins' endpoints receive the `account.` events,
//! and a creator's receive events about their own things alone (`platform::webhooks::emit`).

use std::collections::BTreeSet;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::auth::{Caller, Scope};
use crate::platform::outbound::is_private;
use crate::platform::problem::{self, Problem};
use crate::platform::webhooks::{self as events, signature};
use crate::platform::Context;
use reel_base::db::webhooks::{self as rows, Attempt, Delivery, Endpoint};
use reel_base::domain::{rfc3339, UserId, WebhookId};

/// The longest URL accepted.
const MAX_URL: usize = 2048;
/// The longest description.
const MAX_DESCRIPTION: usize = 200;
/// How long a rotated secret still signs, unless the rotation says otherwise.
pub const DEFAULT_OVERLAP_SECS: u64 = 86_400;
/// The longest a rotated secret may still sign.
const MAX_OVERLAP_SECS: u64 = 7 * 86_400;

/// What registering an endpoint takes.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    /// Where events are POSTed: `https://` (or `http://`), no user name or password in it.
    #[schema(max_length = 2048, pattern = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$")]
    pub url: String,
    /// The event types to receive (see the `WebhookPayload` schema); the `account.` ones
    /// for admins only.
    #[schema(min_items = 1, value_type = Vec<EventName>)]
    pub events: Vec<String>,
    /// The signing secret, `whsec_` and the base64 of 24 to 64 random bytes; the server makes one
    /// (and answers it, once) when none is given.
    #[serde(default)]
    #[schema(
        pattern = r"^whsec_(([A-Za-z0-9+/]{4}){8,20}([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?|([A-Za-z0-9+/]{4}){21}([A-Za-z0-9+/][AQgw]==)?)$"
    )]
    pub secret: Option<String>,
    /// A note for people: at most 200 characters, no control characters.
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub description: Option<String>,
}

/// How the API describes an event type an endpoint subscribes to: one of `EVENTS`.
pub struct EventName;

impl utoipa::PartialSchema for EventName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(events::EVENTS.iter().map(|(name, _)| *name))).into()
    }
}

impl utoipa::ToSchema for EventName {}

/// A change to an endpoint: what is given changes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointChange {
    /// As [`NewEndpoint::url`].
    #[schema(max_length = 2048, pattern = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$")]
    pub url: Option<String>,
    /// As [`NewEndpoint::events`].
    #[schema(min_items = 1, value_type = Option<Vec<EventName>>)]
    pub events: Option<Vec<String>>,
    /// As [`NewEndpoint::description`].
    #[schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub description: Option<String>,
    /// `false` stops deliveries; `true` starts them again (after the server disabled it too).
    pub enabled: Option<bool>,
}

/// An endpoint as its owner sees it (never its secret, once made).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointView {
    pub id: WebhookId,
    pub url: String,
    pub events: Vec<String>,
    pub description: String,
    /// RFC 3339.
    pub created_at: String,
    /// Whether deliveries are sent.
    pub enabled: bool,
    /// When it was disabled (RFC 3339), and why.
    pub disabled_at: Option<String>,
    pub disabled_reason: Option<String>,
    /// When a delivery last got through (RFC 3339).
    pub last_success_at: Option<String>,
    /// Until when (RFC 3339) the secret before the last rotation also signs.
    pub previous_secret_until: Option<String>,
}

impl From<&Endpoint> for EndpointView {
    fn from(e: &Endpoint) -> Self {
        Self {
            id: e.id,
            url: e.url.clone(),
            events: e.event_list().into_iter().map(str::to_owned).collect(),
            description: e.description.clone(),
            created_at: rfc3339(e.created_at),
            enabled: e.disabled_at.is_none(),
            disabled_at: e.disabled_at.map(rfc3339),
            disabled_reason: e.disabled_reason.clone(),
            last_success_at: e.last_success_at.map(rfc3339),
            previous_secret_until: e.previous_until.map(rfc3339),
        }
    }
}

/// A newly registered endpoint, with its secret when the server made it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Registered {
    #[serde(flatten)]
    pub endpoint: EndpointView,
    /// The secret the server made, shown this once; absent when the request gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A rotated secret.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rotated {
    /// The new secret, shown this once.
    pub secret: String,
    /// Until when (RFC 3339) deliveries carry a signature by the old secret as well.
    pub previous_secret_until: String,
}

/// What a rotation may say.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// The new secret (else the server makes one).
    pub secret: Option<String>,
    /// How long the old one still signs, seconds: 0 to 604800; 86400 when absent.
    pub overlap_s: Option<u64>,
}

/// One delivery with its attempts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    /// The `webhook-id` its attempts carry.
    pub id: String,
    pub event: String,
    /// RFC 3339.
    pub created_at: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// When the next attempt is due (RFC 3339), while pending.
    pub next_attempt_at: Option<String>,
    /// The body sent.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub attempts: Vec<Attempt>,
}

/// A page of deliveries, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<DeliveryView>,
    /// Pass as `cursor` for the next page; none on the last.
    pub next_cursor: Option<String>,
}

/// Whose endpoints are acted on, and whether they are an admin's: a caller with the `upload`
/// scope, or the account a command line names.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    /// The account.
    pub id: UserId,
    /// Whether it is an admin (who may receive the account events, and reach anyone's endpoint).
    pub admin: bool,
}

impl Owner {
    /// The caller, when it may manage webhooks (the `upload` scope: creators and admins).
    pub fn of(caller: &Caller) -> problem::Result<Self> {
        caller.require(Scope::Upload)?;
        Ok(Self { id: caller.subject(), admin: caller.is_admin() })
    }
}

/// The owner's endpoints.
pub async fn list(ctx: &Context, owner: Owner) -> problem::Result<Vec<EndpointView>> {
    Ok(rows::of_owner(&ctx.db, owner.id).await?.iter().map(EndpointView::from).collect())
}

/// Registers an endpoint for the owner.
pub async fn register(ctx: &Context, owner: Owner, new: NewEndpoint) -> problem::Result<Registered> {
    let url = check_url(ctx, &new.url).await?;
    let events = check_events(owner, &new.events)?;
    let description = check_description(new.description.as_deref().unwrap_or(""))?;
    let (secret, made) = match new.secret {
        Some(secret) => (check_secret(&secret)?, false),
        None => (signature::new_secret(), true),
    };
    let limit = ctx.config.webhooks.max_endpoints_per_account;
    if rows::count_of(&ctx.db, owner.id).await? >= i64::from(limit) {
        return Err(Problem::conflict("too-many-webhooks", format!("an account may register {limit} endpoints; remove one first")));
    }
    let endpoint = Endpoint {
        id: WebhookId::new(),
        owner_id: owner.id,
        url,
        events,
        description,
        secret: secret.clone(),
        previous_secret: None,
        previous_until: None,
        created_at: ctx.clock().now_ms(),
        last_success_at: None,
        disabled_at: None,
        disabled_reason: None,
    };
    rows::insert(&ctx.db, &endpoint).await?;
    Ok(Registered { endpoint: EndpointView::from(&endpoint), secret: made.then_some(secret) })
}

/// One of the owner's endpoints (an admin's: anyone's); 404 for another's, as for none.
pub async fn get(ctx: &Context, owner: Owner, id: &str) -> problem::Result<Endpoint> {
    let id: WebhookId = id.parse().map_err(|_| Problem::not_found("webhook"))?;
    match rows::get(&ctx.db, id).await? {
        Some(e) if e.owner_id == owner.id || owner.admin => Ok(e),
        _ => Err(Problem::not_found("webhook")),
    }
}

/// Changes an endpoint; its view after.
pub async fn change(ctx: &Context, owner: Owner, id: &str, change: EndpointChange) -> problem::Result<EndpointView> {
    let endpoint = get(ctx, owner, id).await?;
    let url = match &change.url {
        Some(url) => check_url(ctx, url).await?,
        None => endpoint.url.clone(),
    };
    let events = match &change.events {
        Some(list) => check_events(owner, list)?,
        None => endpoint.events.clone(),
    };
    let description = check_description(change.description.as_deref().unwrap_or(&endpoint.description))?;
    rows::update(&ctx.db, endpoint.id, &url, &events, &description).await?;
    match change.enabled {
        Some(false) => {
            rows::set_disabled(&ctx.db, endpoint.id, Some("disabled by its owner")).await?;
        }
        Some(true) => {
            rows::set_disabled(&ctx.db, endpoint.id, None).await?;
        }
        None => {}
    }
    let now = rows::get(&ctx.db, endpoint.id).await?.ok_or_else(|| Problem::not_found("webhook"))?;
    Ok(EndpointView::from(&now))
}

/// Removes an endpoint with its deliveries.
pub async fn remove(ctx: &Context, owner: Owner, id: &str) -> problem::Result<()> {
    let endpoint = get(ctx, owner, id).await?;
    rows::delete(&ctx.db, endpoint.id).await?;
    Ok(())
}

/// Replaces an endpoint's secret; the old one signs beside it for the overlap.
pub async fn rotate(ctx: &Context, owner: Owner, id: &str, rotation: Rotation) -> problem::Result<Rotated> {
    let endpoint = get(ctx, owner, id).await?;
    let overlap = rotation.overlap_s.unwrap_or(DEFAULT_OVERLAP_SECS);
    if overlap > MAX_OVERLAP_SECS {
        return Err(Problem::bad_request("invalid-overlap", format!("overlap_s is at most {MAX_OVERLAP_SECS} (7 days)")));
    }
    let secret = match rotation.secret {
        Some(secret) => check_secret(&secret)?,
        None => signature::new_secret(),
    };
    let until = ctx.clock().now_ms().saturating_add(i64::try_from(overlap * 1000).unwrap_or(i64::MAX));
    rows::rotate(&ctx.db, endpoint.id, &secret, until).await?;
    Ok(Rotated { secret, previous_secret_until: rfc3339(until) })
}

/// Queues `webhook.test` to an endpoint; the delivery's id.
pub async fn test(ctx: &Context, owner: Owner, id: &str) -> problem::Result<String> {
    let endpoint = get(ctx, owner, id).await?;
    if endpoint.disabled_at.is_some() {
        return Err(Problem::conflict("webhook-disabled", "the endpoint is disabled; enable it first"));
    }
    Ok(events::send_test(ctx, endpoint.id).await?)
}

/// A page of an endpoint's deliveries with their attempts, newest first.
pub async fn deliveries(ctx: &Context, owner: Owner, id: &str, limit: u32, cursor: Option<&str>) -> problem::Result<DeliveryPage> {
    let endpoint = get(ctx, owner, id).await?;
    let before = cursor.map(parse_cursor).transpose()?;
    let rows = rows::deliveries(&ctx.db, endpoint.id, limit, before.as_ref().map(|(at, id)| (*at, id.as_str()))).await?;
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let mut attempts = rows::attempts(&ctx.db, &ids).await?;
    let next_cursor = (rows.len() == limit as usize).then(|| rows.last().map(|d| format!("{}_{}", d.created_at, d.id))).flatten();
    let items = rows
        .into_iter()
        .map(|d| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut attempts).into_iter().partition(|a| a.delivery_id == d.id);
            attempts = rest;
            view(d, mine)
        })
        .collect();
    Ok(DeliveryPage { items, next_cursor })
}

/// Sends a delivery once more, now (whatever came of it before).
pub async fn resend(ctx: &Context, owner: Owner, id: &str, delivery: &str) -> problem::Result<()> {
    let endpoint = get(ctx, owner, id).await?;
    let found = rows::delivery(&ctx.db, delivery).await?.filter(|d| d.endpoint_id == endpoint.id);
    let delivery = found.ok_or_else(|| Problem::not_found("delivery"))?;
    if endpoint.disabled_at.is_some() {
        return Err(Problem::conflict("webhook-disabled", "the endpoint is disabled; enable it first"));
    }
    if delivery.state == "pending" {
        return Err(Problem::conflict("delivery-pending", "this delivery is still being tried"));
    }
    events::resend(ctx, &delivery).await?;
    Ok(())
}

fn view(d: Delivery, attempts: Vec<Attempt>) -> DeliveryView {
    DeliveryView {
        payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
        id: d.id,
        event: d.event,
        created_at: rfc3339(d.created_at),
        next_attempt_at: d.next_at.filter(|_| d.state == "pending").map(rfc3339),
        state: d.state,
        attempts,
    }
}

fn parse_cursor(text: &str) -> problem::Result<(i64, String)> {
    let bad = || Problem::bad_request("invalid-cursor", "the cursor is not one this API returned");
    let (at, id) = text.split_once('_').ok_or_else(bad)?;
    Ok((at.parse().map_err(|_| bad())?, id.to_string()))
}

/// The URL as stored, once it is one Reel may call: http(s), no credentials, and (unless
/// private addresses are allowed) a host that is no private address and resolves to none.
async fn check_url(ctx: &Context, text: &str) -> problem::Result<String> {
    let invalid = |why: &str| Problem::new(http::StatusCode::UNPROCESSABLE_ENTITY, "invalid-url", why.to_string());
    let text = text.trim();
    if text.len() > MAX_URL {
        return Err(invalid("the URL is longer than 2048 characters"));
    }
    let url = reqwest::Url::parse(text).map_err(|e| invalid(&format!("not a URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(invalid("the URL must be https:// or http://"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("the URL must not hold a user name or password; check the signature instead"));
    }
    let host = url.host_str().ok_or_else(|| invalid("the URL has no host"))?.trim_start_matches('[').trim_end_matches(']').to_string();
    if !ctx.config.webhooks.allow_private_addresses {
        let refused = |_: IpAddr| {
            Problem::new(
                http::StatusCode::UNPROCESSABLE_ENTITY,
                "private-address",
                format!("{host} is or resolves to a private address; this server only calls public ones"),
            )
        };
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs: Vec<IpAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|e| invalid(&format!("{host} does not resolve: {e}")))?
                .map(|a| a.ip())
                .collect(),
        };
        if let Some(ip) = addrs.into_iter().find(|ip| is_private(*ip)) {
            return Err(refused(ip));
        }
    }
    Ok(url.to_string())
}

/// The event list as stored: known types, the `account.` ones only for admins, at least one.
fn check_events(owner: Owner, list: &[String]) -> problem::Result<String> {
    let invalid = |why: String| Problem::new(http::StatusCode::UNPROCESSABLE_ENTITY, "invalid-events", why);
    let set: BTreeSet<&str> = list.iter().map(|e| e.trim()).collect();
    if set.is_empty() {
        return Err(invalid("give at least one event type".into()));
    }
    for name in &set {
        if !events::is_event(name) {
            let known: Vec<&str> = events::EVENTS.iter().map(|(n, _)| *n).collect();
            return Err(invalid(format!("{name:?} is not an event type; they are {}", known.join(", "))));
        }
        if events::is_admin_event(name) && !owner.admin {
            return Err(Problem::forbidden(format!("only admins may receive {name}")));
        }
    }
    Ok(set.into_iter().collect::<Vec<_>>().join(" "))
}

fn check_description(text: &str) -> problem::Result<String> {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION || text.chars().any(char::is_control) {
        return Err(Problem::bad_request("invalid-description", "a description is at most 200 characters, on one line"));
    }
    Ok(text.to_string())
}

fn check_secret(secret: &str) -> problem::Result<String> {
    if !signature::is_valid_secret(secret) {
        return Err(Problem::new(
            http::StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-secret",
            "a secret is whsec_ followed by the base64 of 24 to 64 random bytes",
        ));
    }
    Ok(secret.to_string())
}
