//! Reel's own alarms: the conditions of `deploy/prometheus/alerts.yml`, evaluated every
//! `alarms.every_secs` from this process's counters (rates over a window, from snapshots of its
//! metrics) and from the database (codes, jobs, items: the same for every process). Each alarm
//! goes ok → pending → firing → resolved; it fires only once its condition has held for its
//! `for_secs`, so a blip does not flap it. Firing and resolving are recorded and announced to
//! admins by email and to the webhook, each by a job from the durable queue.

use std::collections::VecDeque;
use std::time::Duration;

use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::ops::monitor::notify::{NotifyAlarm, Target};
use crate::ops::telemetry::Snapshot;
use crate::platform::jobs::Queue;
use reel_base::config::{AlarmRule, AlarmsConfig, Config};
use reel_base::db::alarms::{AlarmEvent, AlarmRow};
use reel_base::db::{self, Db};
use reel_base::domain::now_ms;
use reel_base::i18n::{Said, Value};

/// Which way a value crosses its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// It holds when the value is below the threshold (a success ratio).
    Below,
    /// It holds when the value is above the threshold.
    Above,
}

/// One alarm: its name (the Prometheus rule's), what it watches and which setting rules it.
#[derive(Debug, Clone, Copy)]
pub struct Alarm {
    /// The name, as in `deploy/prometheus/alerts.yml`.
    pub name: &'static str,
    /// What it means when it fires: a catalogue key.
    summary: &'static str,
    /// The setting under `[alarms]`.
    pub setting: &'static str,
    /// Which way it fires.
    pub direction: Direction,
    measure: Measure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    OtpDelivery,
    JobFailures,
    DeadJobs,
    QueueWait,
    TimeToPlayable,
    Origin5xx,
    StorageErrors,
    RedisFallback,
    CostAnomaly,
}

const fn alarm(name: &'static str, setting: &'static str, direction: Direction, measure: Measure, summary: &'static str) -> Alarm {
    Alarm { name, summary, setting, direction, measure }
}

/// Every alarm, in the order of the rules file.
pub const ALARMS: [Alarm; 9] = [
    alarm("ReelOtpDeliveryLow", "otp_delivery_low", Direction::Below, Measure::OtpDelivery, "admin-alarm-otp-delivery-low"),
    alarm("ReelJobFailureRatio", "job_failure_ratio", Direction::Above, Measure::JobFailures, "admin-alarm-job-failure-ratio"),
    alarm("ReelDeadJobs", "dead_jobs", Direction::Above, Measure::DeadJobs, "admin-alarm-dead-jobs"),
    alarm("ReelQueueWaitHigh", "queue_wait", Direction::Above, Measure::QueueWait, "admin-alarm-queue-wait"),
    alarm("ReelTimeToPlayableSlow", "time_to_playable", Direction::Above, Measure::TimeToPlayable, "admin-alarm-time-to-playable"),
    alarm("ReelOrigin5xx", "origin_5xx", Direction::Above, Measure::Origin5xx, "admin-alarm-origin-5xx"),
    alarm("ReelStorageErrors", "storage_errors", Direction::Above, Measure::StorageErrors, "admin-alarm-storage-errors"),
    alarm("ReelRedisFallbackActive", "redis_fallback", Direction::Above, Measure::RedisFallback, "admin-alarm-redis-fallback"),
    alarm("ReelCostAnomaly", "cost_anomaly", Direction::Above, Measure::CostAnomaly, "admin-alarm-cost-anomaly"),
];

impl Alarm {
    /// What it means when it fires.
    pub fn summary(&self) -> Said {
        Said::new(self.summary)
    }

    /// Its threshold, window and period.
    pub fn rule(&self, config: &AlarmsConfig) -> AlarmRule {
        match self.measure {
            Measure::OtpDelivery => config.otp_delivery_low,
            Measure::JobFailures => config.job_failure_ratio,
            Measure::DeadJobs => config.dead_jobs,
            Measure::QueueWait => config.queue_wait,
            Measure::TimeToPlayable => config.time_to_playable,
            Measure::Origin5xx => config.origin_5xx,
            Measure::StorageErrors => config.storage_errors,
            Measure::RedisFallback => config.redis_fallback,
            Measure::CostAnomaly => config.cost_anomaly,
        }
    }

    /// Whether `value` breaks `threshold`.
    pub fn holds(&self, value: f64, threshold: f64) -> bool {
        match self.direction {
            Direction::Below => value < threshold,
            Direction::Above => value > threshold,
        }
    }
}

/// Snapshots of this process's counters, oldest first, as long as the longest window needs.
#[derive(Debug, Default)]
pub struct History {
    samples: VecDeque<(i64, Snapshot)>,
}

impl History {
    /// Keeps `snapshot` taken at `at` (ms), forgetting what is older than `keep_ms` before it.
    pub fn push(&mut self, at: i64, snapshot: Snapshot, keep_ms: i64) {
        self.samples.push_back((at, snapshot));
        // One sample at or before the window's start must stay: it is the baseline.
        while self.samples.len() > 1 && self.samples[1].0 <= at - keep_ms {
            self.samples.pop_front();
        }
    }

    /// How much `read` grew over the last `window_ms` before the newest sample: from the newest
    /// sample at or before the window's start, or from 0 (the process's start, where every
    /// counter began) when the history is shorter than the window.
    pub fn growth(&self, window_ms: i64, read: impl Fn(&Snapshot) -> f64) -> f64 {
        let Some((now, latest)) = self.samples.back() else { return 0.0 };
        let start = now - window_ms;
        let base = self.samples.iter().rev().find(|(at, _)| *at <= start).map_or(0.0, |(_, s)| read(s));
        (read(latest) - base).max(0.0)
    }

    /// The newest snapshot.
    pub fn latest(&self) -> Option<&Snapshot> {
        self.samples.back().map(|(_, s)| s)
    }
}

/// What an alarm measured: a value and what it is about, or nothing to measure (no codes sent,
/// no jobs run in the window: nothing can be said to be failing).
type Measured = Option<(f64, Said)>;

async fn measure(alarm: &Alarm, rule: &AlarmRule, db: &Db, config: &Config, history: &History) -> sqlx::Result<Measured> {
    let window_ms = i64::try_from(rule.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    Ok(match alarm.measure {
        Measure::OtpDelivery => {
            let counts = db::otp::delivery_counts(db, db.clock().now_ms() - window_ms).await?;
            // The worst channel that sent anything.
            counts
                .into_iter()
                .filter(|(_, handed, _)| *handed > 0)
                .map(|(channel, handed, lost)| {
                    let detail = Said::new("alarm-detail-otp").arg("channel", channel).arg("lost", lost).arg("handed", handed);
                    (1.0 - lost as f64 / handed as f64, detail)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
        }
        Measure::JobFailures => {
            let Some(latest) = history.latest() else { return Ok(None) };
            let failing: &[&str] = &["retry", "failed", "dead"];
            latest
                .label_values("reel_jobs_total", "kind")
                .into_iter()
                .filter_map(|kind| {
                    let all = history.growth(window_ms, |s| s.sum("reel_jobs_total", &[("kind", &kind)], None));
                    let bad = history.growth(window_ms, |s| s.sum("reel_jobs_total", &[("kind", &kind)], Some(("outcome", failing))));
                    (all > 0.0).then(|| (bad / all, Said::new("alarm-detail-jobs").arg("kind", kind).arg("bad", bad).arg("all", all)))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
        }
        Measure::DeadJobs => {
            let (dead, _) = db::jobs::stuck(db).await?;
            Some((dead as f64, Said::new("alarm-detail-dead-jobs").arg("n", dead)))
        }
        Measure::QueueWait => {
            let (_, waited_ms) = db::jobs::stuck(db).await?;
            let secs = waited_ms as f64 / 1000.0;
            Some((secs, Said::new("alarm-detail-queue-wait").arg("secs", Value::figure(secs, 0))))
        }
        Measure::TimeToPlayable => {
            let mut delays = db::videos::playable_delays_since(db, db.clock().now_ms() - window_ms, 10_000).await?;
            (!delays.is_empty()).then(|| {
                delays.sort_unstable();
                let p95 = delays[(delays.len() * 95).div_ceil(100) - 1] as f64 / 1000.0;
                (p95, Said::new("alarm-detail-time-to-playable").arg("secs", Value::figure(p95, 1)).arg("n", delays.len()))
            })
        }
        Measure::Origin5xx => {
            let all = history.growth(window_ms, |s| s.sum("reel_origin_requests_total", &[], None));
            let bad = history.growth(window_ms, |s| s.sum("reel_origin_requests_total", &[("status", "5xx")], None));
            (all > 0.0).then(|| (bad / all, Said::new("alarm-detail-origin").arg("bad", bad).arg("all", all)))
        }
        Measure::StorageErrors => {
            let errors = history.growth(window_ms, |s| s.sum("reel_storage_errors_total", &[], None));
            Some((errors, Said::new("alarm-detail-storage").arg("n", errors)))
        }
        Measure::RedisFallback => {
            let active = history.latest().map_or(0.0, |s| s.sum("reel_redis_fallback_active", &[], None));
            Some((active, Said::new(if active > 0.0 { "alarm-detail-redis-down" } else { "alarm-detail-redis-up" })))
        }
        Measure::CostAnomaly => {
            let found = crate::ops::cost::report::recent_anomalies(db, config, db.clock().now_ms()).await?;
            metrics::gauge!("reel_cost_anomalies").set(found.len() as f64);
            let detail = match found.first() {
                None => Said::new("alarm-detail-cost-none"),
                Some(first) if found.len() == 1 => first.said(),
                Some(first) => Said::new("alarm-detail-more").arg("first", first.said()).arg("n", found.len() - 1),
            };
            Some((found.len() as f64, detail))
        }
    })
}

/// An alarm's next state given whether its condition holds now, and the event that makes, if
/// any: `firing` once the condition has held for `for_ms`, `resolved` when a firing one's
/// condition ends. A pending alarm whose condition ends goes back to `ok` unannounced.
pub fn step(previous: &AlarmRow, holds: bool, now: i64, for_ms: i64) -> (AlarmRow, Option<&'static str>) {
    let mut next = previous.clone();
    let state = |next: &mut AlarmRow, s: &str| {
        if next.state != s {
            next.state = s.to_string();
            next.since = now;
        }
    };
    let fire = |next: &mut AlarmRow| {
        state(next, "firing");
        next.fired_at = Some(now);
        Some("firing")
    };
    let event = match (previous.state.as_str(), holds) {
        ("firing", true) => None,
        ("firing", false) => {
            state(&mut next, "resolved");
            next.resolved_at = Some(now);
            Some("resolved")
        }
        ("pending", true) if now - previous.since >= for_ms => fire(&mut next),
        (_, true) if for_ms <= 0 => fire(&mut next),
        ("pending", true) => None,
        (_, true) => {
            state(&mut next, "pending");
            None
        }
        ("pending", false) => {
            state(&mut next, "ok");
            None
        }
        (_, false) => None,
    };
    (next, event)
}

/// One evaluation of every alarm; returns the events it recorded.
pub async fn evaluate(db: &Db, queue: &Queue, whole: &Config, history: &History) -> anyhow::Result<Vec<AlarmEvent>> {
    let config = &whole.alarms;
    let now = db.clock().now_ms();
    let stored = db::alarms::all(db).await?;
    let mut events = Vec::new();
    for alarm in &ALARMS {
        let rule = alarm.rule(config);
        let measured = measure(alarm, &rule, db, whole, history).await?;
        let holds = measured.as_ref().is_some_and(|(v, _)| alarm.holds(*v, rule.threshold));
        let previous = stored.iter().find(|r| r.name == alarm.name).cloned().unwrap_or_else(|| AlarmRow {
            name: alarm.name.to_string(),
            state: "ok".into(),
            since: now,
            value: None,
            detail: Said::verbatim(""),
            fired_at: None,
            resolved_at: None,
        });
        let for_ms = i64::try_from(rule.for_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        let (mut next, event) = step(&previous, holds, now, for_ms);
        (next.value, next.detail) = measured.map_or((None, Said::new("alarm-detail-nothing")), |(v, d)| (Some(v), d));
        let event = event.map(|state| AlarmEvent {
            id: format!("alarm_{}", uuid::Uuid::new_v4().simple()),
            name: alarm.name.to_string(),
            state: state.to_string(),
            value: next.value,
            detail: next.detail.clone(),
            at: now,
        });
        db::alarms::save(db, &next, event.as_ref()).await?;
        if let Some(event) = event {
            tracing::warn!(alarm = alarm.name, state = %event.state, detail = %event.detail, "alarm {}", event.state);
            if config.email_admins {
                for admin in db::users::admins(db).await?.into_iter().filter(|a| a.email.is_some()) {
                    queue.enqueue(&NotifyAlarm { event_id: event.id.clone(), target: Target::Admin(admin.id) }).await?;
                }
            }
            if !config.webhook_url.is_empty() {
                queue.enqueue(&NotifyAlarm { event_id: event.id.clone(), target: Target::Webhook }).await?;
            }
            events.push(event);
        }
    }
    Ok(events)
}

/// Evaluates the alarms every `alarms.every_secs` until `shutdown` (when `alarms.enabled`).
pub async fn watch(db: Db, queue: Queue, config: std::sync::Arc<Config>, shutdown: CancellationToken) {
    let alarms = &config.alarms;
    if !alarms.enabled {
        return;
    }
    let longest = ALARMS.iter().map(|a| a.rule(alarms).window_secs).max().unwrap_or(0);
    let keep_ms = i64::try_from(longest.saturating_mul(1000)).unwrap_or(i64::MAX);
    let mut history = History::default();
    let mut tick = tokio::time::interval(Duration::from_secs(alarms.every_secs));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                history.push(now_ms(), crate::ops::telemetry::snapshot(), keep_ms);
                if let Err(e) = evaluate(&db, &queue, &config, &history).await {
                    tracing::warn!(error = %e, "could not evaluate the alarms");
                }
            }
            () = shutdown.cancelled() => return,
        }
    }
}

/// An alarm as the admin API and health page show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AlarmView {
    /// The rule's name.
    pub name: &'static str,
    /// What it means.
    #[schema(value_type = String)]
    pub summary: Said,
    /// `ok`, `pending`, `firing` or `resolved`.
    pub state: String,
    /// The last value measured.
    pub value: Option<f64>,
    /// What the value is about.
    #[schema(value_type = String)]
    pub detail: Said,
    /// The threshold it is compared with, and which way.
    pub threshold: f64,
    /// `below` or `above`.
    pub fires_when: Direction,
    /// The window, seconds.
    pub window_secs: u64,
    /// How long it must hold, seconds.
    pub for_secs: u64,
    /// Since when it is in its state (ms), last fired and resolved (ms).
    pub since: Option<i64>,
    /// When it last fired (ms).
    pub fired_at: Option<i64>,
    /// When it last resolved (ms).
    pub resolved_at: Option<i64>,
}

/// What an admin sees: every alarm and the latest events (others are refused).
pub async fn for_admin(
    ctx: &crate::platform::Context,
    caller: &crate::auth::Caller,
) -> crate::platform::problem::Result<(Vec<AlarmView>, Vec<AlarmEvent>)> {
    caller.require(crate::auth::Scope::Admin)?;
    Ok(overview(&ctx.db, &ctx.config.alarms).await?)
}

/// Every alarm's state and settings, and the latest events, newest first.
pub async fn overview(db: &Db, config: &AlarmsConfig) -> sqlx::Result<(Vec<AlarmView>, Vec<AlarmEvent>)> {
    let stored = db::alarms::all(db).await?;
    let views = ALARMS
        .iter()
        .map(|alarm| {
            let rule = alarm.rule(config);
            let row = stored.iter().find(|r| r.name == alarm.name);
            AlarmView {
                name: alarm.name,
                summary: alarm.summary(),
                state: row.map_or_else(|| "ok".to_string(), |r| r.state.clone()),
                value: row.and_then(|r| r.value),
                detail: row.map_or_else(|| Said::verbatim(""), |r| r.detail.clone()),
                threshold: rule.threshold,
                fires_when: alarm.direction,
                window_secs: rule.window_secs,
                for_secs: rule.for_secs,
                since: row.map(|r| r.since),
                fired_at: row.and_then(|r| r.fired_at),
                resolved_at: row.and_then(|r| r.resolved_at),
            }
        })
        .collect();
    Ok((views, db::alarms::recent_events(db, 50).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, since: i64) -> AlarmRow {
        AlarmRow {
            name: "A".into(),
            state: state.into(),
            since,
            value: None,
            detail: Said::verbatim(""),
            fired_at: None,
            resolved_at: None,
        }
    }

    #[test]
    fn an_alarm_fires_only_after_its_condition_held_for_its_period_and_resolves_once() {
        let (pending, e) = step(&row("ok", 0), true, 1_000, 5_000);
        assert_eq!((pending.state.as_str(), pending.since, e), ("pending", 1_000, None));
        let (still, e) = step(&pending, true, 5_999, 5_000);
        assert_eq!((still.state.as_str(), still.since, e), ("pending", 1_000, None), "not yet held for 5 s");
        let (firing, e) = step(&still, true, 6_000, 5_000);
        assert_eq!((firing.state.as_str(), firing.fired_at, e), ("firing", Some(6_000), Some("firing")));
        let (again, e) = step(&firing, true, 60_000, 5_000);
        assert_eq!((again.state.as_str(), again.since, e), ("firing", 6_000, None), "announced once");
        let (resolved, e) = step(&again, false, 61_000, 5_000);
        assert_eq!((resolved.state.as_str(), resolved.resolved_at, e), ("resolved", Some(61_000), Some("resolved")));
        let (quiet, e) = step(&resolved, false, 62_000, 5_000);
        assert_eq!((quiet.state.as_str(), e), ("resolved", None));
        let (pending_again, _) = step(&quiet, true, 63_000, 5_000);
        assert_eq!(pending_again.state, "pending", "a resolved alarm waits its period again");
    }

    #[test]
    fn a_blip_shorter_than_the_period_never_fires() {
        let (pending, _) = step(&row("ok", 0), true, 1_000, 5_000);
        let (ok, e) = step(&pending, false, 2_000, 5_000);
        assert_eq!((ok.state.as_str(), e), ("ok", None));
        let (pending, _) = step(&ok, true, 3_000, 5_000);
        assert_eq!(pending.since, 3_000, "the period starts over");
    }

    #[test]
    fn what_an_alarm_measured_reads_with_each_languages_plurals() {
        let jobs = |bad: i32| Said::new("alarm-detail-jobs").arg("kind", "process_video").arg("bad", bad).arg("all", 11);
        assert_eq!(jobs(1).english(), "process_video: 1 of 11 attempts failed");
        assert_eq!(jobs(1).text(reel_base::i18n::Lang::Fr), "process_video : 1 tentative échouée sur 11");
        assert_eq!(jobs(3).text(reel_base::i18n::Lang::Fr), "process_video : 3 tentatives échouées sur 11");
        let wait = Said::new("alarm-detail-queue-wait").arg("secs", Value::figure(2.6, 0));
        assert_eq!(wait.english(), "the longest-waiting due job has waited 3 s");
    }

    #[test]
    fn a_period_of_zero_fires_at_once() {
        let (firing, e) = step(&row("ok", 0), true, 1_000, 0);
        assert_eq!((firing.state.as_str(), e), ("firing", Some("firing")));
    }

    fn snapshot(text: &str) -> Snapshot {
        Snapshot::from_exposition(text)
    }

    #[test]
    fn growth_is_measured_from_the_sample_at_the_start_of_the_window_or_from_zero() {
        let mut h = History::default();
        h.push(0, snapshot("reel_storage_errors_total{kind=\"store\"} 2\n"), 60_000);
        h.push(30_000, snapshot("reel_storage_errors_total{kind=\"store\"} 5\n"), 60_000);
        h.push(60_000, snapshot("reel_storage_errors_total{kind=\"store\"} 9\n"), 60_000);
        let read = |s: &Snapshot| s.sum("reel_storage_errors_total", &[], None);
        assert_eq!(h.growth(30_000, read), 4.0, "9 - 5");
        assert_eq!(h.growth(60_000, read), 7.0, "9 - 2");
        assert_eq!(h.growth(600_000, read), 9.0, "since the process started");
        h.push(200_000, snapshot("reel_storage_errors_total{kind=\"store\"} 9\n"), 60_000);
        assert_eq!(h.samples.len(), 2, "older samples than the window are dropped, the baseline kept");
        assert_eq!(h.growth(60_000, read), 0.0);
    }
}
