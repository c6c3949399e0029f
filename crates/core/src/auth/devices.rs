//! Devices: each signed-in browser and each app token of an account is one, named from its
//! user agent (or its token's name) until the member renames it. A browser keeps its device
//! across sign-ins through the `reel_device` cookie. The best `max_devices` of the account's
//! plans bounds how many are in use at once: one more is refused at sign-in and at token
//! creation until one is signed out, and signing one out ends its sessions, tokens and
//! streams at once.

use http::StatusCode;

use crate::platform::problem::{self, Problem};
use crate::platform::Context;
use reel_base::db::devices::{self, DeviceRecord, NewDevice};
use reel_base::db::streams::{self as stream_rows, Ended};
use reel_base::db::{audit, plans as plan_rows, Db};
use reel_base::domain::device::{self as naming, DeviceId};
use reel_base::domain::UserId;

use super::{hash_token, random_token, Caller};

/// The cookie that names a browser's device to the account that signs in on it.
pub const DEVICE_COOKIE: &str = "reel_device";
/// How long a browser keeps its device cookie: the longest a browser honours (400 days).
const COOKIE_SECS: u64 = 400 * 86_400;
/// Longest name a member may give a device.
const MAX_NAME: usize = 60;

/// The device a sign-in is on, and the cookie that keeps it for the browser's next sign-in.
pub struct Seat {
    /// The device.
    pub id: DeviceId,
    /// The `Set-Cookie` value of [`DEVICE_COOKIE`].
    pub cookie: String,
    /// Whether the device is new: [`hold`] it once its session is recorded. (A browser that
    /// comes back after its sessions ended is looked at before, not held after: [`hold`] counts
    /// devices by when they were first seen.)
    pub new: bool,
}

fn new_id() -> DeviceId {
    DeviceId::from_bytes(rand::random())
}

/// The device a browser signs in on: the one its `reel_device` cookie (`secret`) names if
/// that is still the account's, else a new one, if the account's plans allow one more.
pub async fn for_browser(ctx: &Context, user: UserId, secret: Option<&str>, user_agent: Option<&str>) -> problem::Result<Seat> {
    let secure = ctx.site_url.starts_with("https://");
    let agent = user_agent.map(|ua| ua.chars().take(300).collect::<String>());
    if let Some(secret) = secret {
        if let Some(id) = devices::browser_of(&ctx.db, user, &hash_token(secret)).await? {
            // Signed out since (its sessions ended), it comes back as one more device in use.
            if !devices::is_live(&ctx.db, &id).await? {
                room_for_one_more(ctx, user).await?;
            }
            devices::seen_as(&ctx.db, &id, agent.as_deref()).await?;
            let id = id.parse().map_err(|_| Problem::internal(anyhow::anyhow!("device {id} has no valid id")))?;
            return Ok(Seat { id, cookie: super::session::set_cookie(DEVICE_COOKIE, secret, COOKIE_SECS, secure, "/", "Lax"), new: false });
        }
    }
    room_for_one_more(ctx, user).await?;
    let (id, secret) = (new_id(), random_token());
    let text = id.to_string();
    let row = NewDevice {
        id: &text,
        user_id: user,
        kind: "browser",
        name: None,
        user_agent: agent.as_deref(),
        secret_hash: Some(&hash_token(&secret)),
    };
    devices::insert(&ctx.db, &row).await?;
    Ok(Seat { id, cookie: super::session::set_cookie(DEVICE_COOKIE, &secret, COOKIE_SECS, secure, "/", "Lax"), new: true })
}

/// A new device for an app token named `name` (held to no plan: a member's own token checks
/// [`room_for_one_more`] first).
pub async fn for_token(db: &Db, user: UserId, name: &str) -> sqlx::Result<DeviceId> {
    let id = new_id();
    let text = id.to_string();
    let row = NewDevice { id: &text, user_id: user, kind: "app", name: Some(name), user_agent: None, secret_hash: None };
    devices::insert(db, &row).await?;
    Ok(id)
}

/// The best `max_devices` of `user`'s running plans (`[entitlements]` without one).
async fn max_devices(ctx: &Context, user: UserId) -> problem::Result<Option<u32>> {
    let held = plan_rows::held(&ctx.db, user).await?;
    Ok(ctx.config.entitlements.of_plans(held.iter().map(|h| h.plan.entitlement)).max_devices)
}

/// Refuses one more device when the account's plans allow no more, naming those in use.
pub async fn room_for_one_more(ctx: &Context, user: UserId) -> problem::Result<()> {
    let Some(max) = max_devices(ctx, user).await? else { return Ok(()) };
    let in_use = devices::live_of(&ctx.db, user).await?;
    if in_use.len() < max as usize {
        return Ok(());
    }
    Err(too_many(max, &in_use))
}

/// Keeps new device `id`, signed in now, only if it is within the account's `max_devices`
/// counted first come first: [`room_for_one_more`] looked before the device was recorded, and
/// another sign-in may have come in between. A device past the limit is signed out again.
pub async fn hold(ctx: &Context, user: UserId, id: DeviceId) -> problem::Result<()> {
    let Some(max) = max_devices(ctx, user).await? else { return Ok(()) };
    let id = id.to_string();
    if devices::rank(&ctx.db, user, &id).await? <= i64::from(max) {
        return Ok(());
    }
    devices::remove(&ctx.db, user, &id).await?;
    Err(too_many(max, &devices::live_of(&ctx.db, user).await?))
}

/// The refusal of one device more than `max`, naming those in use.
fn too_many(max: u32, in_use: &[DeviceRecord]) -> Problem {
    let names: Vec<String> = in_use.iter().map(name_of).collect();
    let allowed = if max == 1 { "one device".to_string() } else { format!("{max} devices") };
    Problem::new(
        StatusCode::FORBIDDEN,
        "too-many-devices",
        format!(
            "this account's plan allows {allowed} and all are signed in ({}): sign one out from the account page on another, then sign in here",
            names.join(", ")
        ),
    )
}

/// A device's name as its member reads it: theirs, else its token's, else its browser's.
pub fn name_of(device: &DeviceRecord) -> String {
    device.name.clone().unwrap_or_else(|| naming::name_of(device.user_agent.as_deref()))
}

/// One of the member's devices as their list shows it.
#[derive(Debug, Clone)]
pub struct Device {
    /// The row.
    pub record: DeviceRecord,
    /// Its name, as [`name_of`] makes it.
    pub name: String,
    /// Whether the list was asked for from this device.
    pub current: bool,
}

/// The caller's account's devices in use, first signed in first, and how many it may have.
pub async fn list(ctx: &Context, caller: &Caller) -> problem::Result<(Vec<Device>, Option<u32>)> {
    caller.require_grown_up()?;
    let user = caller.subject();
    let current = caller.device.map(|d| d.to_string());
    let items = devices::live_of(&ctx.db, user)
        .await?
        .into_iter()
        .map(|record| Device { name: name_of(&record), current: current.as_deref() == Some(record.id.as_str()), record })
        .collect();
    Ok((items, max_devices(ctx, user).await?))
}

/// The caller's device `id`, in use, or not found.
async fn own(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<DeviceRecord> {
    let valid = id.parse::<DeviceId>().is_ok();
    let found = match valid {
        true => devices::live_of(&ctx.db, caller.subject()).await?.into_iter().find(|d| d.id == id),
        false => None,
    };
    found.ok_or_else(|| Problem::not_found("device"))
}

/// Names one of the caller's devices (1–60 printable characters).
pub async fn rename(ctx: &Context, caller: &Caller, id: &str, name: &str) -> problem::Result<()> {
    caller.require_grown_up()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(reel_base::domain::text::breaks_a_line) {
        return Err(Problem::bad_request("invalid-name", format!("a device's name must be 1–{MAX_NAME} printable characters")));
    }
    let device = own(ctx, caller, id).await?;
    devices::rename(&ctx.db, caller.subject(), &device.id, name).await?;
    Ok(())
}

/// Signs one of the caller's devices out: its sessions and tokens stop working, and what it
/// plays stops here at once and in every process within `enforce_within_secs`.
pub async fn remove(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require_grown_up()?;
    let device = own(ctx, caller, id).await?;
    let user = caller.subject();
    devices::remove(&ctx.db, user, &device.id).await?;
    end_streams(ctx, user, &device.id).await?;
    let detail = reel_base::i18n::Said::new("audit-device").arg("name", name_of(&device));
    audit::record(&ctx.db, Some(user), "device.removed", Some(&device.id), None, Some(&detail)).await?;
    Ok(())
}

/// Ends what device `id` of `user` plays: refused here at once, and in every process within
/// `enforce_within_secs`.
pub async fn end_streams(ctx: &Context, user: UserId, id: &str) -> problem::Result<()> {
    let looks = ctx.shared.streams();
    for stream in stream_rows::end_on_device(&ctx.db, user, id, Ended::SignedOut).await? {
        looks.keep(&stream, Some(Ended::SignedOut.as_str()));
    }
    Ok(())
}
