//! One attempt at delivering one event to one endpoint: [`DeliverWebhook`] POSTs the stored
//! body, signed, through a client that reaches only the addresses allowed, follows no redirect
//! and gives up after `webhooks.timeout_secs`; records what came back; and queues the next
//! attempt after an exponential backoff while the retry period lasts. An endpoint that failed
//! a whole period with no success is disabled and its owner emailed.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::jobs::{Job, JobError, Lane};
use crate::platform::notify::{self, Message};
use crate::platform::Context;
use reel_base::config::WebhooksConfig;
use reel_base::db::jobs::NewJob;
use reel_base::db::users;
use reel_base::db::webhooks::{self as rows, Attempt, Delivery, Endpoint, Outcome};
use reel_base::domain::{Address, Email};
use reel_base::i18n::{text, Lang};

/// How much of an answer's body an attempt keeps.
const EXCERPT_BYTES: usize = 512;
/// Tries of the job itself, for the database or the store being out of reach; the receiver's
/// failures are the delivery's attempts, not these.
const JOB_ATTEMPTS: i64 = 5;

/// Attempt `attempt` (1 for the first) of a delivery.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverWebhook {
    /// The delivery's id (its `webhook-id`).
    pub delivery: String,
    /// Which attempt this is.
    pub attempt: i64,
    /// An owner's resend: one attempt, no retries after it.
    #[serde(default)]
    pub resend: bool,
}

impl DeliverWebhook {
    /// The first attempt of a delivery.
    pub fn first(delivery: &str) -> Self {
        Self { delivery: delivery.to_string(), attempt: 1, resend: false }
    }
}

/// The job's row, for queueing it with the database alone.
pub(super) fn job_row(job: &DeliverWebhook) -> NewJob {
    NewJob {
        kind: DeliverWebhook::NAME,
        payload: serde_json::to_string(job).expect("job payloads serialise"),
        dedupe_key: job.dedupe_key(),
        max_attempts: JOB_ATTEMPTS,
    }
}

/// Queues `job` to run from `due` (ms): a new row, or, where a job that ended holds its key,
/// that one again (at once) with this payload. False when neither could be (one is queued or
/// running already).
pub(super) async fn queue_again(db: &reel_base::db::Db, job: &DeliverWebhook, due: i64) -> sqlx::Result<bool> {
    let row = job_row(job);
    Ok(reel_base::db::jobs::enqueue_at(db, &row, due).await? || reel_base::db::jobs::requeue_as(db, &row).await?)
}

impl Job for DeliverWebhook {
    const NAME: &'static str = "deliver_webhook";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.delivery, self.attempt))
    }

    /// A pending delivery whose next attempt has no job to make it (a crash between recording
    /// one attempt and queueing the next, or the job ended without making it) gets one, due
    /// when the attempt was.
    async fn recover(ctx: &Context) -> sqlx::Result<usize> {
        let mut queued = 0;
        for (delivery, attempts, next_at) in rows::stranded(&ctx.db, &Self::key_prefix(), 1000).await? {
            let job = DeliverWebhook { delivery, attempt: attempts + 1, resend: false };
            let due = next_at.unwrap_or_else(|| ctx.clock().now_ms());
            queued += usize::from(queue_again(&ctx.db, &job, due).await?);
        }
        Ok(queued)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let Some(delivery) = rows::delivery(&ctx.db, &self.delivery).await.context("reading the delivery")? else { return Ok(()) };
        // Another run made this attempt already (a lost lease), or the delivery moved on.
        if delivery.attempts != self.attempt - 1 || delivery.state == "delivered" {
            return Ok(());
        }
        let Some(endpoint) = rows::get(&ctx.db, delivery.endpoint_id).await.context("reading the endpoint")? else { return Ok(()) };
        if endpoint.disabled_at.is_some() {
            rows::abandon(&ctx.db, &delivery.id).await.context("abandoning the delivery")?;
            return Ok(());
        }
        let attempt = attempt(ctx, &endpoint, &delivery, self.attempt).await;
        let delivered = attempt.status.is_some_and(|s| (200..300).contains(&s));
        let outcome = match (delivered, self.resend) {
            (true, _) => Outcome::Delivered,
            (false, true) => Outcome::Failed,
            // The wait runs from when this attempt ended (a slow receiver's timeout included).
            (false, false) => next(&ctx.config.webhooks, delivery.created_at, self.attempt, ctx.clock().now_ms()),
        };
        if !rows::record_attempt(&ctx.db, endpoint.id, &attempt, outcome).await.context("recording the attempt")? {
            return Ok(());
        }
        tracing::info!(delivery = %delivery.id, event = %delivery.event, attempt = self.attempt, status = ?attempt.status, ?outcome, "webhook attempt");
        match outcome {
            Outcome::RetryAt(at) => {
                let job = DeliverWebhook { delivery: delivery.id.clone(), attempt: self.attempt + 1, resend: false };
                ctx.queue.enqueue_at(&job, at).await.context("queueing the next attempt")?;
            }
            Outcome::Failed if !self.resend => disable_if_dead(ctx, &endpoint, &delivery, &attempt).await?,
            _ => {}
        }
        Ok(())
    }
}

/// When the attempt after attempt `n` (made at `now`) of a delivery made at `created_at` is
/// due: `first_retry_secs` after the first, twice as long after each further one up to
/// `max_retry_secs`; `Failed` when that is past `retry_period_secs` from the event.
fn next(cfg: &WebhooksConfig, created_at: i64, n: i64, now: i64) -> Outcome {
    let doubled = cfg.first_retry_secs.saturating_mul(1u64 << (n - 1).clamp(0, 32));
    let wait_ms = i64::try_from(doubled.min(cfg.max_retry_secs).saturating_mul(1000)).unwrap_or(i64::MAX);
    let until = created_at.saturating_add(i64::try_from(cfg.retry_period_secs.saturating_mul(1000)).unwrap_or(i64::MAX));
    match now.saturating_add(wait_ms) {
        at if at <= until => Outcome::RetryAt(at),
        _ => Outcome::Failed,
    }
}

/// Sends the delivery once and says what came of it.
async fn attempt(ctx: &Context, endpoint: &Endpoint, delivery: &Delivery, n: i64) -> Attempt {
    let at = ctx.clock().now_ms();
    let started = Instant::now();
    let (status, excerpt) = match send(ctx, endpoint, delivery).await {
        Ok((status, body)) => (Some(i64::from(status)), body),
        Err(e) => (None, e),
    };
    let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    Attempt { delivery_id: delivery.id.clone(), n, at, status, latency_ms, excerpt }
}

/// POSTs the body; the status and the start of the answer's body, or what went wrong.
async fn send(ctx: &Context, endpoint: &Endpoint, delivery: &Delivery) -> Result<(u16, String), String> {
    let cfg = &ctx.config.webhooks;
    let url = reqwest::Url::parse(&endpoint.url).map_err(|e| format!("the URL does not parse: {e}"))?;
    let client = crate::platform::outbound::pinned_client(&url, cfg.allow_private_addresses, Duration::from_secs(cfg.timeout_secs)).await?;
    // The receiver checks the timestamp against its own clock, so it is the system's.
    let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let now = ctx.clock().now_ms();
    let mut secrets = vec![endpoint.secret.as_str()];
    if let (Some(previous), Some(until)) = (endpoint.previous_secret.as_deref(), endpoint.previous_until) {
        if until > now {
            secrets.push(previous);
        }
    }
    let signature = super::signature::header(&secrets, &delivery.id, timestamp, &delivery.payload)
        .ok_or("the endpoint's secret is not whsec_ and base64")?;
    let mut response = client
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", concat!("Reel-Webhooks/", env!("CARGO_PKG_VERSION")))
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| describe(&e.without_url()))?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    // Only the start is kept, so no more is read: a receiver cannot make this hold much.
    while body.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    body.truncate(EXCERPT_BYTES);
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// A request's error with its causes (given without its URL, which may hold a token of the
/// receiver's).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() { "timed out".to_string() } else { e.to_string() };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// After a delivery's last attempt failed: disables the endpoint when nothing has reached it
/// since that delivery began (it failed for a whole retry period), and emails its owner.
async fn disable_if_dead(ctx: &Context, endpoint: &Endpoint, delivery: &Delivery, last: &Attempt) -> Result<(), JobError> {
    // Read again: another delivery may have got through meanwhile.
    let Some(now) = rows::get(&ctx.db, endpoint.id).await.context("reading the endpoint")? else { return Ok(()) };
    if now.last_success_at.is_some_and(|at| at >= delivery.created_at) {
        return Ok(());
    }
    let answered = last.status.map_or_else(|| last.excerpt.clone(), |s| format!("HTTP {s}"));
    let reason = format!(
        "no delivery succeeded for {} (the last attempt: {answered})",
        humantime::format_duration(Duration::from_secs(ctx.config.webhooks.retry_period_secs))
    );
    if !rows::set_disabled(&ctx.db, endpoint.id, Some(&reason)).await.context("disabling the endpoint")? {
        return Ok(());
    }
    tracing::warn!(endpoint = %endpoint.id, %reason, "webhook endpoint disabled");
    let Some(owner) = users::by_id(&ctx.db, endpoint.owner_id).await.context("reading the endpoint's owner")? else { return Ok(()) };
    let Some(email) = owner.email.as_deref().and_then(|e| Email::parse(e).ok()) else { return Ok(()) };
    let lang = notify::language_for(&ctx.db, &ctx.config.site, Some(owner.id)).await;
    let link = format!("{}/account/webhooks/{}", ctx.site_url, endpoint.id);
    let (subject, body) =
        disabled_email(lang, &ctx.config.site.name, &endpoint.url, ctx.config.webhooks.retry_period_secs, &answered, &link);
    // The endpoint is disabled either way, and its page says why.
    if let Err(e) = ctx.notifier.send(&Address::Email(email), &Message::new(subject, body)).await {
        tracing::warn!(endpoint = %endpoint.id, error = %format!("{e:#}"), "could not email the owner of a disabled webhook endpoint");
    }
    Ok(())
}

/// The email telling an endpoint's owner it was disabled, in `lang`, from the site called
/// `site`: no delivery to `url` succeeded for `period_secs`, the last attempt got `answered`;
/// `link` is its page.
fn disabled_email(lang: Lang, site: &str, url: &str, period_secs: u64, answered: &str, link: &str) -> (String, String) {
    // English says the period as the stored reason does (`3days`).
    let period = if lang == Lang::En {
        humantime::format_duration(Duration::from_secs(period_secs)).to_string()
    } else if period_secs >= 86_400 && period_secs.is_multiple_of(86_400) {
        text(lang, "email-period-days", &[("n", (period_secs / 86_400).into())])
    } else if period_secs >= 3600 && period_secs.is_multiple_of(3600) {
        text(lang, "email-period-hours", &[("n", (period_secs / 3600).into())])
    } else {
        text(lang, "email-period-minutes", &[("n", period_secs.div_ceil(60).into())])
    };
    let args =
        [("url", url.into()), ("period", period.into()), ("answered", answered.into()), ("link", link.into()), ("site", site.into())];
    (text(lang, "email-webhook-disabled-subject", &[("site", site.into())]), text(lang, "email-webhook-disabled-text", &args) + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disabled_notice_reads_as_it_always_has_in_english_and_is_written_in_the_owners_language() {
        let link = "https://reel.example/account/webhooks/w1";
        let (subject, body) = disabled_email(Lang::En, "Reel", "https://hooks.example/in", 259_200, "HTTP 500", link);
        assert_eq!(subject, "[Reel] A webhook endpoint was disabled");
        assert_eq!(
            body,
            format!(
                "Reel stopped sending events to https://hooks.example/in: no delivery succeeded for 3days (the last attempt: HTTP 500).\n\n\
                 Its deliveries can be resent, and it can be enabled again, on {link}\n"
            )
        );
        let (_, body) = disabled_email(Lang::Fr, "Reel", "https://hooks.example/in", 259_200, "HTTP 500", link);
        assert!(body.contains("pendant 3 jours (dernière tentative : HTTP 500)"), "{body}");
        assert!(disabled_email(Lang::Fr, "Reel", "u", 7200, "x", link).1.contains("2 heures"));
        assert!(
            disabled_email(Lang::Ar, "Reel", "u", 90, "x", link).1.contains("دقيقتين"),
            "90 s is two minutes, which Arabic says its own way"
        );
        let (subject, body) = disabled_email(Lang::En, "Kino Club", "u", 90, "x", link);
        assert!(
            subject.starts_with("[Kino Club] ") && body.starts_with("Kino Club stopped"),
            "the site's configured name: {subject} {body}"
        );
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_cap_and_stop_at_the_period() {
        let cfg = WebhooksConfig { first_retry_secs: 5, max_retry_secs: 60, retry_period_secs: 300, ..WebhooksConfig::default() };
        let at = |n: i64, now: i64| next(&cfg, 0, n, now);
        assert_eq!(at(1, 1_000), Outcome::RetryAt(6_000));
        assert_eq!(at(2, 6_000), Outcome::RetryAt(16_000));
        assert_eq!(at(3, 16_000), Outcome::RetryAt(36_000));
        assert_eq!(at(5, 100_000), Outcome::RetryAt(160_000), "capped at a minute");
        assert_eq!(at(40, 200_000), Outcome::RetryAt(260_000), "no overflow far along");
        assert_eq!(at(9, 240_000), Outcome::RetryAt(300_000), "due exactly at the period's end");
        assert_eq!(at(10, 241_000), Outcome::Failed, "past the period");
    }
}
