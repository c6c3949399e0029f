//! The analytics API: player beacons in (`POST /api/v1/videos/{id}/beacons`), figures out
//! (`GET /api/v1/analytics/…`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;

use crate::analytics::beacons;
use crate::analytics::report::{self, DayRange, VideoReport};
use crate::auth::Caller;
use crate::auth::{session_caller, Csrf};
use crate::domain::qoe::Beacon;
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::state::AppState;

/// The largest beacon body.
const MAX_BEACON_BYTES: usize = 8 << 10;

/// `POST /api/v1/videos/{id}/beacons`: a player's report on its playback session, as JSON (any
/// content type, since `navigator.sendBeacon` sends what it is given). 204 once taken (or
/// dropped for coming too soon after the session's last: its totals arrive with the next);
/// 400 `invalid-beacon` naming the field at fault; 403 without a valid playback token for the
/// item; 429 past the client address's budget.
pub async fn beacon(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<StatusCode> {
    if body.len() > MAX_BEACON_BYTES {
        return Err(AppError::bad_request("invalid-beacon", "a beacon is at most 8 KiB"));
    }
    let beacon: Beacon = serde_json::from_slice(&body)
        .map_err(|e| AppError::bad_request("invalid-beacon", format!("the beacon is not what it should be: {e}")))?;
    // Only who is watching is read from the session, never a change made for it: a beacon's
    // authority is its playback token.
    let viewer = session_caller(&state, &headers, Csrf::NotNeeded).await.ok().map(|c| c.viewer());
    beacons::record(&state, &id, &beacon, &crate::ratelimit::ip_bucket(ip), viewer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`: the days a report covers (default: the last 28).
#[derive(Debug, Deserialize)]
pub struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
}

impl RangeQuery {
    fn range(&self) -> AppResult<DayRange> {
        DayRange::parse(self.from.as_deref(), self.to.as_deref())
    }
}

/// `GET /api/v1/analytics/videos/{id}`: an item's views, time played, retention curve and where
/// viewers leave, startup times, stalls and errors, by rendition and by day; for its owner and
/// admins.
pub async fn video(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> AppResult<Json<VideoReport>> {
    Ok(Json(report::video(&state, &caller, &id, q.range()?).await?))
}
