//! The analytics API: player beacons in (`POST /api/v1/videos/{id}/beacons`), figures out
//! (`GET /api/v1/analytics/…`).

use crate::http::extract::Json;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::state::AppState;
use reel_base::domain::qoe::Beacon;
use reel_core::auth::Caller;
use reel_core::auth::{session_caller, Csrf};
use reel_core::ops::analytics::csv::Csv;
use reel_core::ops::analytics::report::{self, DayRange};
use reel_core::ops::analytics::{beacons, dashboards, operations};

/// The largest beacon body.
const MAX_BEACON_BYTES: usize = 8 << 10;

/// `POST /api/v1/videos/{id}/beacons`: a player's report on its playback session, as JSON (any
/// content type, since `navigator.sendBeacon` sends what it is given). 204 once taken (or
/// dropped for coming too soon after the session's last: its totals arrive with the next);
/// 400 `invalid-beacon` naming the field at fault; 403 without a valid playback token for the
/// item; 429 past the client address's budget.
#[utoipa::path(
    post, path = "/api/v1/videos/{id}/beacons", tag = "analytics", security(()),
    request_body(content = Beacon, description = "Any content type: `navigator.sendBeacon` sends what it is given"),
    responses(
        (status = 204, description = "Taken (or folded into the session's next)"),
        (status = 403, description = "No valid playback token for the item", body = crate::http::api::openapi::Problem),
    )
)]
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
    // Read as the API's JSON bodies are: `2.0` is the integer 2.
    let body = crate::http::extract::with_whole_numbers_as_integers(body);
    let beacon: Beacon = serde_json::from_slice(&body)
        .map_err(|e| AppError::bad_request("invalid-beacon", format!("the beacon is not what it should be: {e}")))?;
    // Only who is watching is read from the session, never a change made for it: a beacon's
    // authority is its playback token.
    let viewer = session_caller(&state, &headers, Csrf::NotNeeded).await.ok().map(|c| c.viewer());
    beacons::record(&state, &id, &beacon, &reel_core::platform::ratelimit::ip_bucket(ip), viewer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`: the days a report covers (default: the last 28);
/// `format=csv` answers its table as a CSV download; `by` and `limit` rank the most watched.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// The first day, `YYYY-MM-DD` (UTC); empty is the default.
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD` (UTC); empty is the default.
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    to: Option<String>,
    /// `json` (the default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
    /// The most watched by `views` or `watch_time` (`/analytics/top` only).
    #[param(pattern = "^(views|watch_time)$")]
    by: Option<String>,
    /// How many of the most watched (`/analytics/top` only).
    #[param(value_type = Option<u64>, minimum = 0, maximum = 4294967295.0)]
    limit: Option<u32>,
}

/// `?from=&to=&format=`: what every report over days but `/analytics/top` reads of a
/// [`RangeQuery`] (it reads it whole, ignoring `by` and `limit`).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct DaysQuery {
    /// The first day, `YYYY-MM-DD` (UTC); empty is the default.
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD` (UTC); empty is the default.
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    to: Option<String>,
    /// `json` (the default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
}

/// The report as JSON, or its table as CSV (`format=csv`) named after the report and range.
fn answer<T: Serialize + Csv>(q: &RangeQuery, name: &str, range: &str, report: T) -> AppResult<Response> {
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(report).into_response()),
        Some("csv") => {
            let disposition = format!("attachment; filename=\"reel-{name}-{range}.csv\"");
            Ok((
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                    (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(AppError::internal)?),
                ],
                report.csv(),
            )
                .into_response())
        }
        Some(_) => Err(AppError::bad_request("invalid-format", "format is json or csv")),
    }
}

fn range_name(range: &DayRange) -> String {
    format!("{}-{}", reel_base::domain::qoe::date_of_day(range.from), reel_base::domain::qoe::date_of_day(range.to))
}

impl RangeQuery {
    fn range(&self) -> AppResult<DayRange> {
        Ok(DayRange::parse(self.from.as_deref(), self.to.as_deref())?)
    }
}

/// `GET /api/v1/analytics/videos/{id}`: an item's views, time played, retention curve and where
/// viewers leave, startup times, stalls and errors, by rendition and by day; for its owner and
/// admins.
#[utoipa::path(
    get, path = "/api/v1/analytics/videos/{id}", tag = "analytics",
    params(DaysQuery),
    responses((status = 200, description = "The item's report", content((reel_core::ops::analytics::report::VideoReport = "application/json"), (String = "text/csv"))))
)]
pub async fn video(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> AppResult<Response> {
    let range = q.range()?;
    answer(&q, "video", &range_name(&range), report::video(&state, &caller, &id, range).await?)
}

/// `GET /api/v1/analytics/overview`: views, hours played, active viewers (the last day, 7 and
/// 30 days), uploads and stored bytes, per day; every item for admins, one's own for creators.
#[utoipa::path(
    get, path = "/api/v1/analytics/overview", tag = "analytics",
    params(DaysQuery),
    responses((status = 200, description = "Views, hours, viewers, uploads and bytes per day", content((reel_core::ops::analytics::dashboards::Overview = "application/json"), (String = "text/csv"))))
)]
pub async fn overview(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    let range = q.range()?;
    answer(&q, "overview", &range_name(&range), dashboards::overview(&state, &caller, range).await?)
}

/// `GET /api/v1/analytics/top?by=views|watch_time&limit=`: the most watched items and channels.
#[utoipa::path(
    get, path = "/api/v1/analytics/top", tag = "analytics",
    params(RangeQuery),
    responses((status = 200, description = "The most watched items and channels", content((reel_core::ops::analytics::dashboards::Top = "application/json"), (String = "text/csv"))))
)]
pub async fn top(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    let range = q.range()?;
    let top = dashboards::top(&state, &caller, range, q.by.as_deref(), q.limit.unwrap_or(10)).await?;
    answer(&q, "top", &range_name(&range), top)
}

/// `GET /api/v1/analytics/qoe`: startup p50/p95, rebuffering ratio and error rate, per day and
/// by rendition.
#[utoipa::path(
    get, path = "/api/v1/analytics/qoe", tag = "analytics",
    params(DaysQuery),
    responses((status = 200, description = "Startup, rebuffering and errors, per day and rendition", content((reel_core::ops::analytics::dashboards::Qoe = "application/json"), (String = "text/csv"))))
)]
pub async fn qoe(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    let range = q.range()?;
    answer(&q, "qoe", &range_name(&range), dashboards::qoe(&state, &caller, range).await?)
}

/// `GET /api/v1/analytics/pipeline`: time to playable and ready, failures by reason (admins).
#[utoipa::path(
    get, path = "/api/v1/analytics/pipeline", tag = "analytics",
    params(DaysQuery),
    responses((status = 200, description = "Time to playable and ready; failures by reason", content((reel_core::ops::analytics::operations::Pipeline = "application/json"), (String = "text/csv"))))
)]
pub async fn pipeline(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    let range = q.range()?;
    answer(&q, "pipeline", &range_name(&range), operations::pipeline(&state, &caller, range).await?)
}

/// `GET /api/v1/analytics/signin`: codes sent and delivered by channel, sign-in success,
/// lockouts (admins).
#[utoipa::path(
    get, path = "/api/v1/analytics/signin", tag = "analytics",
    params(DaysQuery),
    responses((status = 200, description = "Codes sent and delivered, sign-ins, lockouts", content((reel_core::ops::analytics::operations::Signin = "application/json"), (String = "text/csv"))))
)]
pub async fn signin(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    let range = q.range()?;
    answer(&q, "signin", &range_name(&range), operations::signin(&state, &caller, range).await?)
}

/// `GET /api/v1/analytics/revenue`: revenue by plan and month, subscribers now (admins).
#[utoipa::path(
    get, path = "/api/v1/analytics/revenue", tag = "analytics",
    params(("format" = Option<String>, Query, pattern = r"^(json|csv)$", description = "`json` (the default) or `csv`")),
    responses((status = 200, description = "Revenue by plan and month; subscribers now", content((reel_core::ops::analytics::operations::RevenueReport = "application/json"), (String = "text/csv"))))
)]
pub async fn revenue(State(state): State<AppState>, caller: Caller, Query(q): Query<RangeQuery>) -> AppResult<Response> {
    answer(&q, "revenue", "all", operations::revenue(&state, &caller).await?)
}
