//! The account page's forms for devices and screens: renaming and signing out a device,
//! stopping what plays.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Form;
use serde::Deserialize;

use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::viewer::form_caller;
use crate::state::AppState;
use reel_core::auth::devices;

use super::sign_in::after_action;

/// `POST /account/devices/remove` and `/account/devices/rename`: one of the account's devices,
/// and its new name.
#[derive(Debug, Deserialize)]
pub struct DeviceForm {
    csrf: String,
    device: String,
    #[serde(default)]
    name: Option<String>,
}

/// Signs one of the account's devices out.
pub async fn remove_device(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<DeviceForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let result = devices::remove(&state, &caller, &f.device).await;
    after_action(&state, &caller, result, "device-removed").await
}

/// Renames one of the account's devices.
pub async fn rename_device(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<DeviceForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let result = devices::rename(&state, &caller, &f.device, f.name.as_deref().unwrap_or_default()).await;
    after_action(&state, &caller, result, "device-renamed").await
}

/// `POST /account/screens/stop`: one of the account's streams.
#[derive(Debug, Deserialize)]
pub struct StopScreenForm {
    csrf: String,
    stream: String,
}

/// Stops one of the account's screens: its media stop being served.
pub async fn stop_screen(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<StopScreenForm>) -> PageResult {
    let caller = form_caller(&state, &headers, &f.csrf).await?;
    let result = reel_core::delivery::streams::stop(&state, &caller, &f.stream).await;
    after_action(&state, &caller, result, "screen-stopped").await
}
