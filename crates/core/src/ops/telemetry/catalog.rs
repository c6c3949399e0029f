//! Every metric Reel exports, in one table: its help text comes from here, its zero series are
//! made here at start (so a rate over a counter that has not moved yet is 0, not "no data"),
//! and `docs/operations.md` is checked against it.

/// What kind of series a metric is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only goes up; read with `rate()`.
    Counter,
    /// A value now.
    Gauge,
    /// Observations in buckets (`_bucket`, `_sum`, `_count`).
    Histogram,
}

/// One metric: its name, kind, labels and what it tells an operator.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// The full name, `reel_…`.
    pub name: &'static str,
    /// Counter, gauge or histogram.
    pub kind: Kind,
    /// Its label names, in the order the table in the docs gives them.
    pub labels: &'static [&'static str],
    /// One sentence, also the `# HELP` line.
    pub help: &'static str,
    /// Label values whose series exist from the start at zero (each a full set of labels).
    pub zeroes: &'static [&'static [(&'static str, &'static str)]],
}

const fn m(name: &'static str, kind: Kind, labels: &'static [&'static str], help: &'static str) -> Metric {
    Metric { name, kind, labels, help, zeroes: &[] }
}

const fn z(metric: Metric, zeroes: &'static [&'static [(&'static str, &'static str)]]) -> Metric {
    Metric { zeroes, ..metric }
}

use Kind::{Counter, Gauge, Histogram};

/// Every metric, grouped as the dashboard and `docs/operations.md` group them.
pub const METRICS: &[Metric] = &[
    // The pipeline.
    m("reel_jobs", Gauge, &["kind", "state"], "Jobs in the queue by kind and state (queued, running, failed, dead), sampled every 15 s."),
    m("reel_jobs_total", Counter, &["kind", "outcome"], "Job attempts ended, by outcome (done, retry, failed, dead, handed_back)."),
    m("reel_job_seconds", Histogram, &["kind"], "How long one job attempt ran."),
    z(
        m("reel_job_lost_seconds", Histogram, &["kind"], "How long a job handed back at shutdown had run: work thrown away, since its next attempt starts over."),
        &[&[("kind", "process_video")]],
    ),
    m("reel_job_queue_wait_seconds", Histogram, &["kind"], "How long a job waited from when it was due until a worker claimed it."),
    m("reel_videos", Gauge, &["status"], "Items by status (uploaded, processing, playable, ready, failed), sampled every 15 s."),
    m("reel_uploads_total", Counter, &[], "Sources stored and queued for processing."),
    m("reel_upload_bytes_total", Counter, &[], "Bytes of sources stored."),
    m("reel_time_to_playable_seconds", Histogram, &[], "From the upload's last byte to the item being playable."),
    m("reel_time_to_ready_seconds", Histogram, &[], "From the upload's last byte to the item being ready (every rendition, download, storyboard)."),
    m("reel_transcode_seconds", Histogram, &[], "Wall time of the transcode step of one item."),
    m("reel_transcode_speed_ratio", Histogram, &[], "Media seconds transcoded per wall-clock second, per item."),
    z(
        m("reel_videos_failed_total", Counter, &["reason"], "Items that failed for good: rejected (the file can never work) or exhausted (every attempt failed)."),
        &[&[("reason", "rejected")], &[("reason", "exhausted")]],
    ),
    m("reel_media_processes", Gauge, &["program"], "ffmpeg and ffprobe children running now."),
    // Delivery.
    m("reel_origin_requests_total", Counter, &["class", "status"], "Origin requests by class (manifest, segment, key, download, image, text: caption files) and status class."),
    m("reel_origin_response_bytes_total", Counter, &["class"], "Bytes the origin answered with, by class."),
    m("reel_origin_request_seconds", Histogram, &["class"], "Origin latency to the response head, by class."),
    m("reel_origin_cache_total", Counter, &["result"], "Origin cache lookups for segments of finished items (hit, miss)."),
    m("reel_origin_cache_bytes", Gauge, &[], "Bytes the origin cache holds now."),
    m("reel_playback_denied_total", Counter, &["reason"], "Playback tokens and cookies refused, by reason."),
    m("reel_streams_total", Counter, &["outcome"], "Playback sessions (screens) opened, refused for one past the plan's max_streams, and stopped."),
    z(m("reel_content_keys_served_total", Counter, &[], "Content keys handed to players of encrypted items."), &[&[]]),
    z(m("reel_access_log_dropped_total", Counter, &[], "Access-log lines dropped because the writer was too far behind."), &[&[]]),
    // Sign-in.
    z(
        m(
            "reel_login_codes_total",
            Counter,
            &["channel", "outcome"],
            "Sign-in codes by channel (email, sms) and outcome: requested, sent (the SMTP server or SMS provider took it), failed (it did not), delivered or undelivered (the SMS provider's receipt says so).",
        ),
        &[
            &[("channel", "email"), ("outcome", "requested")],
            &[("channel", "email"), ("outcome", "sent")],
            &[("channel", "email"), ("outcome", "failed")],
            &[("channel", "sms"), ("outcome", "requested")],
            &[("channel", "sms"), ("outcome", "sent")],
            &[("channel", "sms"), ("outcome", "failed")],
            &[("channel", "sms"), ("outcome", "delivered")],
            &[("channel", "sms"), ("outcome", "undelivered")],
        ],
    ),
    z(
        m("reel_signins_total", Counter, &["outcome"], "Sign-in attempts with a code or a second factor, by outcome (succeeded, failed)."),
        &[&[("outcome", "succeeded")], &[("outcome", "failed")]],
    ),
    z(
        m(
            "reel_lockouts_total",
            Counter,
            &["reason"],
            "Sign-ins locked out: code_limit (too many codes asked for), code_tries (a code guessed wrong too often), address_throttled (too many wrong codes in a day), totp_tries.",
        ),
        &[&[("reason", "code_limit")], &[("reason", "code_tries")], &[("reason", "address_throttled")], &[("reason", "totp_tries")]],
    ),
    m("reel_notifications_total", Counter, &["channel", "outcome"], "Every message handed to the email or SMS transport (codes and notifications), by outcome (sent, failed)."),
    // HTTP.
    m("reel_http_requests_total", Counter, &["route", "method", "status"], "Requests by route template, method and status class (2xx, 3xx, 4xx, 5xx)."),
    m("reel_http_requests_in_flight", Gauge, &[], "Requests being answered now."),
    m("reel_http_request_seconds", Histogram, &["route"], "Latency to the response head, by route template."),
    z(m("reel_connections_refused_total", Counter, &[], "Connections refused at the listener's caps (overall or per client address)."), &[&[]]),
    z(m("reel_ratelimit_table_full_total", Counter, &[], "Rate-limit checks refused because the in-process table of clients was full."), &[&[]]),
    z(
        m(
            "reel_edge_refusals_total",
            Counter,
            &["reason", "class"],
            "Requests and connections refused at the edge, by reason (denied, not_allowed: the address lists; rate_ip, rate_account: the request budgets; headers: too many or too large; header_timeout; body_timeout: an idle upload) and class (page, media, api, health, connection).",
        ),
        &[
            &[("reason", "denied"), ("class", "connection")],
            &[("reason", "rate_ip"), ("class", "page")],
            &[("reason", "rate_ip"), ("class", "media")],
            &[("reason", "rate_ip"), ("class", "api")],
            &[("reason", "rate_account"), ("class", "api")],
        ],
    ),
    z(m("reel_download_throttled_bytes_total", Counter, &[], "Bytes of progressive downloads held back to keep to edge.download_bytes_per_sec_per_ip and _total."), &[&[]]),
    z(
        m("reel_config_reloads_total", Counter, &["outcome"], "Reloads of the configuration file for its [edge] rules, by outcome (applied, refused: the new file did not read or validate)."),
        &[&[("outcome", "applied")], &[("outcome", "refused")]],
    ),
    m("reel_metadata_cache_lookups_total", Counter, &["what", "result"], "Metadata cache lookups by what was looked up and result (hit, miss)."),
    // The process.
    m("reel_process_resident_memory_bytes", Gauge, &[], "Resident memory of this process."),
    m("reel_process_open_fds", Gauge, &[], "Open file descriptors of this process."),
    m("reel_process_max_fds", Gauge, &[], "The limit on open file descriptors of this process."),
    m("reel_db_pool_connections", Gauge, &["state"], "Database pool connections, idle or busy."),
    m("reel_db_pool_max_connections", Gauge, &[], "The most connections the database pool opens."),
    z(m("reel_storage_errors_total", Counter, &["kind"], "Object store (disk folder or bucket) and local file errors."), &[&[("kind", "store")], &[("kind", "local_file")]]),
    z(m("reel_redis_fallbacks_total", Counter, &[], "Redis calls that failed or timed out, so this process went on without Redis."), &[&[]]),
    m("reel_redis_fallback_active", Gauge, &[], "1 while this process's last Redis call failed, else 0 (always 0 without Redis)."),
    m("reel_cost_anomalies", Gauge, &[], "Cost anomalies on yesterday and today (a resource's day far above its normal), as the alarms last counted them."),
];

/// Gives every metric its help text and makes the zero series; called once the recorder is in.
pub fn describe_and_zero() {
    for metric in METRICS {
        match metric.kind {
            Kind::Counter => metrics::describe_counter!(metric.name, metric.help),
            Kind::Gauge => metrics::describe_gauge!(metric.name, metric.help),
            Kind::Histogram => metrics::describe_histogram!(metric.name, metric.help),
        }
        for labels in metric.zeroes {
            let labels: Vec<metrics::Label> = labels.iter().map(|(k, v)| metrics::Label::new(*k, *v)).collect();
            match metric.kind {
                // A registered histogram is exported with a count of 0 until its first sample.
                Kind::Histogram => drop(metrics::histogram!(metric.name, labels)),
                _ => metrics::counter!(metric.name, labels).increment(0),
            }
        }
    }
    metrics::gauge!("reel_redis_fallback_active").set(0.0);
    metrics::gauge!("reel_cost_anomalies").set(0.0);
}

/// The metric a series name belongs to: `reel_x_bucket` is `reel_x`'s when `reel_x` is a
/// histogram.
pub fn metric_of(series: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == series).or_else(|| {
        ["_bucket", "_sum", "_count"].iter().find_map(|suffix| {
            let base = series.strip_suffix(suffix)?;
            METRICS.iter().find(|m| m.name == base && m.kind == Kind::Histogram)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_prometheus_conventions() {
        let mut seen = std::collections::HashSet::new();
        for metric in METRICS {
            assert!(seen.insert(metric.name), "{} is listed twice", metric.name);
            assert!(metric.name.starts_with("reel_"), "{}", metric.name);
            assert!(metric.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{}", metric.name);
            assert_eq!(metric.kind == Kind::Counter, metric.name.ends_with("_total"), "{}: only counters end in _total", metric.name);
            if metric.kind == Kind::Histogram {
                assert!(["_seconds", "_bytes", "_ratio"].iter().any(|u| metric.name.ends_with(u)), "{}: a unit", metric.name);
            }
            for labels in metric.zeroes {
                assert!(labels.iter().all(|(k, _)| metric.labels.contains(k)), "{}: zero series with an unlisted label", metric.name);
            }
            assert!(metric.help.ends_with('.') && !metric.help.contains('\n'), "{}", metric.name);
        }
    }

    #[test]
    fn a_histogram_series_belongs_to_its_metric() {
        assert_eq!(metric_of("reel_http_request_seconds_bucket").map(|m| m.name), Some("reel_http_request_seconds"));
        assert_eq!(metric_of("reel_jobs_total").map(|m| m.name), Some("reel_jobs_total"));
        assert!(metric_of("reel_jobs_bucket").is_none(), "reel_jobs is a gauge");
        assert!(metric_of("reel_unknown").is_none());
    }
}
