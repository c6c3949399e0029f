//! `Idempotency-Key` on the routes that start an upload: the first request with a key does the
//! work and its answer is kept (`platform::idempotency`); a retry with the same key gets that
//! answer again, marked `Idempotent-Replayed: true`, and makes nothing.

use std::future::Future;

use axum::body::{to_bytes, Body, HttpBody};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use reel_base::domain::UserId;
use reel_core::platform::idempotency::{self, Answer, Claim, Claimed};

/// The request header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The answers' headers a replay repeats.
const KEPT_HEADERS: [&str; 3] = ["content-type", "location", "upload-expires"];
/// The largest answer kept: these routes answer a few hundred bytes of JSON, a direct upload
/// with its part URLs tens of kilobytes. A larger one is sent but not kept (its key let go).
const MAX_KEPT_BODY: u64 = 16 << 20;

/// Answers with `serve` once per `Idempotency-Key` that `account` sends on `route`, whose
/// content `fingerprint` identifies; without a key, simply with `serve`. Only a success is
/// kept: after an error the key is let go, so a retry does the work.
///
/// A claimed request runs on a task of its own, to its end, even when its client goes away
/// meanwhile: a retry must find the answer of work that was done, not do it again.
pub async fn once(
    state: &AppState,
    account: UserId,
    headers: &HeaderMap,
    route: &str,
    fingerprint: &str,
    serve: impl Future<Output = AppResult<Response>> + Send + 'static,
) -> AppResult<Response> {
    let Some(key) = headers.get(IDEMPOTENCY_KEY) else { return serve.await };
    let key = key.to_str().map_err(|_| idempotency::parse_key("").unwrap_err())?;
    let claimed = match idempotency::claim(state, account, key, route, fingerprint).await? {
        Claim::Replay(answer) => return Ok(replayed(answer)),
        Claim::New(claimed) => claimed,
    };
    let served = tokio::spawn(async move { keep(claimed, serve.await).await });
    served.await.map_err(|e| AppError::internal(anyhow::anyhow!("a request holding an idempotency key stopped: {e}")))?
}

/// Keeps a successful answer as the key's; lets the key go after anything else.
async fn keep(claimed: Claimed, served: AppResult<Response>) -> AppResult<Response> {
    let response = match served {
        Ok(response) if response.status().is_success() && response.body().size_hint().upper().is_some_and(|n| n <= MAX_KEPT_BODY) => {
            response
        }
        other => {
            claimed.release().await;
            return other;
        }
    };
    let (parts, body) = response.into_parts();
    let limit = usize::try_from(MAX_KEPT_BODY).unwrap_or(usize::MAX);
    let bytes = to_bytes(body, limit).await.map_err(|e| AppError::internal(anyhow::anyhow!("reading an answer to keep: {e}")))?;
    let kept =
        KEPT_HEADERS.iter().filter_map(|name| Some((name.to_string(), parts.headers.get(*name)?.to_str().ok()?.to_string()))).collect();
    let answer = Answer { status: parts.status.as_u16(), body: String::from_utf8_lossy(&bytes).into_owned(), headers: kept };
    claimed.finish(&answer).await?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

/// The kept answer, again.
fn replayed(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let h = response.headers_mut();
    h.remove(axum::http::header::CONTENT_TYPE);
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            h.insert(name, value);
        }
    }
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
