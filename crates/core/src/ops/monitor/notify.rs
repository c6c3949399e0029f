//! Telling people an alarm fired or resolved: [`NotifyAlarm`] emails one admin, or POSTs the
//! event to `alarms.webhook_url` signed the Standard Webhooks way (`webhook-id` is the event's
//! id, so a receiver can drop a retried delivery it already has). One job per recipient: a
//! retry repeats only what failed.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::ops::monitor::alarms::ALARMS;
use crate::platform::notify::Message;
use reel_base::db::alarms::{self, AlarmEvent};
use reel_base::db::users;
use reel_base::domain::{Address, Email, UserId};
use reel_base::i18n::{text, Lang, Said};

use crate::platform::jobs::{Job, JobError, Lane};
use crate::platform::Context;

/// Who is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// One admin, by email.
    Admin(UserId),
    /// The configured webhook.
    Webhook,
}

/// Announce one recorded alarm event to one target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotifyAlarm {
    /// The `alarm_events` row.
    pub event_id: String,
    /// Whom to tell.
    pub target: Target,
}

/// How long the webhook may take to answer.
const WEBHOOK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Job for NotifyAlarm {
    const NAME: &'static str = "notify_alarm";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        match self.target {
            Target::Admin(user) => Self::key(format_args!("{}:{user}", self.event_id)),
            Target::Webhook => Self::key(format_args!("{}:webhook", self.event_id)),
        }
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let Some(event) = alarms::event(&ctx.db, &self.event_id).await.context("reading the alarm event")? else { return Ok(()) };
        let summary = ALARMS.iter().find(|a| a.name == event.name).map_or_else(|| Said::verbatim(""), |a| a.summary());
        match self.target {
            Target::Admin(user) => {
                let Some(user) = users::by_id(&ctx.db, user).await.context("reading the admin")? else { return Ok(()) };
                let Some(email) = user.email.as_deref().and_then(|e| Email::parse(e).ok()) else { return Ok(()) };
                if user.disabled_at.is_some() {
                    return Ok(());
                }
                let lang = crate::platform::notify::language_for(&ctx.db, &ctx.config.site, Some(user.id)).await;
                let (subject, text) = alarm_email(lang, &ctx.config.site.name, &event, &summary, &ctx.site_url);
                ctx.notifier.send(&Address::Email(email), &Message::new(subject, text)).await.context("sending the alarm email")?;
            }
            Target::Webhook => {
                let cfg = &ctx.config.alarms;
                let url =
                    reqwest::Url::parse(&cfg.webhook_url).map_err(|_| JobError::Permanent("alarms.webhook_url is not a URL".into()))?;
                let client = crate::platform::outbound::pinned_client(&url, cfg.webhook_allow_private, WEBHOOK_TIMEOUT)
                    .await
                    .map_err(|e| JobError::Retryable(anyhow::anyhow!("alarm webhook: {e}")))?;
                let body = serde_json::json!({
                    "type": format!("alarm.{}", event.state),
                    "timestamp": httpdate::fmt_http_date(std::time::SystemTime::now()),
                    "data": {
                        "alarm": event.name,
                        "state": event.state,
                        "summary": summary.english(),
                        "value": event.value,
                        "detail": event.detail.english(),
                        "at_ms": event.at,
                    }
                })
                .to_string();
                // The receiver checks the timestamp against its own clock, so it is the system's.
                let timestamp = crate::auth::account::unix_now();
                let signature = crate::platform::webhooks::signature::sign(cfg.webhook_secret.expose(), &event.id, timestamp, &body)
                    .ok_or_else(|| JobError::Permanent("alarms.webhook_secret is not whsec_ and base64".into()))?;
                let response = client
                    .post(url)
                    .header("content-type", "application/json")
                    .header("webhook-id", &event.id)
                    .header("webhook-timestamp", timestamp.to_string())
                    .header("webhook-signature", signature)
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| JobError::Retryable(anyhow::anyhow!("alarm webhook: {}", e.without_url())))?;
                if !response.status().is_success() {
                    return Err(JobError::Retryable(anyhow::anyhow!("alarm webhook answered {}", response.status())));
                }
            }
        }
        Ok(())
    }
}

/// The email telling an admin of the site called `site`, in `lang`, that `event` happened to
/// the alarm that means `summary` (`site_url` leads to the health page).
fn alarm_email(lang: Lang, site: &str, event: &AlarmEvent, summary: &Said, site_url: &str) -> (String, String) {
    let state = |key: &str| text(lang, &format!("{key}-{}", event.state), &[]);
    let subject = text(
        lang,
        "alarm-email-subject",
        &[
            ("state", state("alarm-email-state").into()),
            ("name", event.name.as_str().into()),
            ("summary", summary.text(lang).into()),
            ("site", site.into()),
        ],
    );
    let body = text(
        lang,
        "alarm-email-text",
        &[
            ("summary", summary.text(lang).into()),
            ("name", event.name.as_str().into()),
            ("state", state("admin-alarm-state").into()),
            ("since", reel_base::i18n::date_time(lang, event.at).into()),
            ("detail", event.detail.text(lang).into()),
            ("link", format!("{site_url}/admin/health").into()),
        ],
    );
    (subject, body + "\n")
}
