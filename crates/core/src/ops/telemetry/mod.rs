//! Logs (tracing, to stderr) and Prometheus metrics: the recorder every process installs, the
//! exposition its listener (`http::metrics_listener`, in the web crate) answers with, and the
//! process's own figures (memory, open files).
//!
//! Every metric is named `reel_…` with its unit in the name; `docs/operations.md` lists them
//! all, and a test checks the list against what a running server exports.

pub mod catalog;

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Sends logs to stderr at the levels `RUST_LOG`, or else `filter`, names (see [`log_filter`]).
pub fn init_logging(filter: &str) {
    let targets = log_filter(std::env::var("RUST_LOG").ok().as_deref(), filter);
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_ansi(false);
    let _ = tracing_subscriber::registry().with(targets).with(stderr).try_init();
}

/// The log filter: `from_env` if set and it reads, else `configured` if it reads, else `info`;
/// one that does not read is said on stderr. A filter is a default level and `target=level`
/// pairs, as in `info,reel_core::processing=debug`; a target covers every target that starts
/// with it, so `reel` covers `reel_core` too. (Span-field filters are not read: they need a
/// regular-expression engine the build would compile for this one use.)
fn log_filter(from_env: Option<&str>, configured: &str) -> Targets {
    [from_env.filter(|v| !v.trim().is_empty()), Some(configured)]
        .into_iter()
        .flatten()
        .find_map(|text| text.parse::<Targets>().map_err(|e| eprintln!("log filter {text:?} ignored: {e}")).ok())
        .unwrap_or_else(|| Targets::new().with_default(Level::INFO))
}

/// Request latencies: a millisecond to ten seconds.
const REQUEST_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Time to playable: the target is seconds, a slow machine takes minutes.
const PLAYABLE_BUCKETS: &[f64] = &[1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0];
/// Jobs, waits in the queue and whole transcodes: a tenth of a second to two hours.
const JOB_BUCKETS: &[f64] = &[0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0];
/// Transcode speed, media seconds per wall second: a tenth of real time to 32 times it.
const SPEED_BUCKETS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's metrics recorder (once; later calls return the same handle), with
/// buckets fitted to each histogram. Installed whether or not metrics are served, so Reel's own
/// alarms can read the counters.
pub fn install_recorder() -> anyhow::Result<PrometheusHandle> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let full = |name: &str| Matcher::Full(name.to_string());
    let handle = PrometheusBuilder::new()
        .set_buckets(JOB_BUCKETS)?
        .set_buckets_for_metric(full("reel_http_request_seconds"), REQUEST_BUCKETS)?
        .set_buckets_for_metric(full("reel_origin_request_seconds"), REQUEST_BUCKETS)?
        .set_buckets_for_metric(full("reel_time_to_playable_seconds"), PLAYABLE_BUCKETS)?
        .set_buckets_for_metric(full("reel_transcode_speed_ratio"), SPEED_BUCKETS)?
        .install_recorder()?;
    catalog::describe_and_zero();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// The recorder's handle, once [`install_recorder`] has run.
pub fn handle() -> Option<PrometheusHandle> {
    HANDLE.get().cloned()
}

/// Every series the recorder holds now, as written in the exposition (`name{labels}`) to its
/// value: what Reel's own alarms read its counters from.
pub fn snapshot() -> Snapshot {
    Snapshot::from_exposition(&handle().map(|h| h.render()).unwrap_or_default())
}

/// Series and values of one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot(std::collections::HashMap<String, f64>);

impl Snapshot {
    /// The series of a Prometheus text exposition (comments and malformed lines skipped).
    pub fn from_exposition(text: &str) -> Self {
        Self(parse_exposition(text))
    }

    /// The sum of the series of `name` whose labels include every `k="v"` of `labels` and, for
    /// each `(k, values)` of `any_of`, one of those values.
    pub fn sum(&self, name: &str, labels: &[(&str, &str)], any_of: Option<(&str, &[&str])>) -> f64 {
        self.0
            .iter()
            .filter(|(series, _)| {
                let (series_name, rest) = series.split_once('{').unwrap_or((series.as_str(), ""));
                series_name == name
                    && labels.iter().all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")))
                    && any_of.is_none_or(|(k, values)| values.iter().any(|v| rest.contains(&format!("{k}=\"{v}\""))))
            })
            .map(|(_, v)| v)
            .sum()
    }

    /// The values of one label among the series of `name`.
    pub fn label_values(&self, name: &str, label: &str) -> std::collections::BTreeSet<String> {
        let key = format!("{label}=\"");
        self.0
            .keys()
            .filter_map(|series| {
                let rest = series.strip_prefix(name)?.strip_prefix('{')?;
                let at = rest.find(&key)? + key.len();
                Some(rest[at..].split('"').next()?.to_string())
            })
            .collect()
    }
}

/// Series and values of a Prometheus text exposition (comments and malformed lines skipped).
fn parse_exposition(text: &str) -> std::collections::HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// What `GET /metrics` answers: the process's own figures sampled now, then every series
/// `handle`'s recorder holds, in Prometheus's text format. The web crate serves it on its own
/// listener (`http::metrics_listener`), never on the public port.
pub fn exposition(handle: &PrometheusHandle) -> String {
    sample_process();
    handle.render()
}

/// `2xx`, `4xx`…: the status label, which keeps a series per route and class rather than per
/// code.
pub fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Sets the process gauges from `/proc/self`: resident memory, open files and the limit on them.
/// Where there is no `/proc` (not Linux) they are left out rather than reported as zero.
pub fn sample_process() {
    if let Some(rss) = std::fs::read_to_string("/proc/self/status").ok().as_deref().and_then(resident_bytes) {
        metrics::gauge!("reel_process_resident_memory_bytes").set(rss as f64);
    }
    if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
        metrics::gauge!("reel_process_open_fds").set(entries.count() as f64);
    }
    if let Some(max) = std::fs::read_to_string("/proc/self/limits").ok().as_deref().and_then(max_open_files) {
        metrics::gauge!("reel_process_max_fds").set(max as f64);
    }
}

/// `VmRSS` of `/proc/self/status`, in bytes.
fn resident_bytes(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let mut words = line.split_whitespace().skip(1);
    let value: u64 = words.next()?.parse().ok()?;
    (words.next()? == "kB").then_some(value * 1024)
}

/// The soft limit of `Max open files` in `/proc/self/limits`.
fn max_open_files(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files").split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_filter_is_read_from_the_environment_then_the_configuration_then_info() {
        let guide = log_filter(Some("info,reel=debug"), "warn");
        assert!(guide.would_enable("reel_core::processing::transcode", &Level::DEBUG), "`reel` covers the core's targets");
        assert!(guide.would_enable("reel::http", &Level::DEBUG));
        assert!(guide.would_enable("sqlx::query", &Level::INFO));
        assert!(!guide.would_enable("sqlx::query", &Level::DEBUG));

        let configured = log_filter(None, "warn,reel_core::processing=trace");
        assert!(configured.would_enable("reel_core::processing", &Level::TRACE));
        assert!(!configured.would_enable("reel_core::delivery", &Level::INFO), "elsewhere only warnings");
        assert_eq!(log_filter(Some("  "), "warn").default_level(), Some(Level::WARN.into()), "a blank RUST_LOG is unset");

        let unread = log_filter(Some("reel=loud"), "also[not]=read");
        assert!(unread.would_enable("anything", &Level::INFO), "neither reads: info");
        assert!(!unread.would_enable("anything", &Level::DEBUG));
    }

    #[test]
    fn the_process_figures_are_read_from_procfs_text() {
        let status = "Name:\treel\nVmPeak:\t  200 kB\nVmRSS:\t   12345 kB\nThreads:\t9\n";
        assert_eq!(resident_bytes(status), Some(12345 * 1024));
        assert_eq!(resident_bytes("Name:\treel\n"), None);
        assert_eq!(resident_bytes("VmRSS:\t12 MB\n"), None, "an unknown unit is not guessed at");
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max cpu time              unlimited            unlimited            seconds\n\
                      Max open files            65536                524288               files\n";
        assert_eq!(max_open_files(limits), Some(65536));
        assert_eq!(max_open_files("Max open files            unlimited   unlimited  files\n"), None);
    }

    #[test]
    fn a_snapshot_sums_series_by_their_labels() {
        let text = "# HELP reel_jobs_total x\n# TYPE reel_jobs_total counter\n\
                    reel_jobs_total{kind=\"a\",outcome=\"done\"} 5\n\
                    reel_jobs_total{kind=\"a\",outcome=\"retry\"} 2\n\
                    reel_jobs_total{kind=\"b\",outcome=\"dead\"} 1\n\
                    reel_jobs_total_other 9\n\
                    reel_redis_fallback_active 1\n";
        let s = Snapshot(parse_exposition(text));
        assert_eq!(s.sum("reel_jobs_total", &[], None), 8.0);
        assert_eq!(s.sum("reel_jobs_total", &[("kind", "a")], None), 7.0);
        assert_eq!(s.sum("reel_jobs_total", &[], Some(("outcome", &["retry", "dead"]))), 3.0);
        assert_eq!(s.sum("reel_redis_fallback_active", &[], None), 1.0);
        assert_eq!(s.sum("reel_missing", &[], None), 0.0);
        assert_eq!(s.label_values("reel_jobs_total", "kind").into_iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn the_process_figures_of_this_test_are_plausible() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let rss = resident_bytes(&status).unwrap();
        assert!(rss > 1 << 20 && rss < 8 << 30, "{rss}");
    }
}
