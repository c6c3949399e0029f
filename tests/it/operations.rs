//! Operating Reel: the shipped Prometheus rules checked and unit-tested by promtool, every metric
//! the dashboard and the rules name found on a running server after real work (an upload, a
//! sign-in by email and by SMS with the provider's receipt, a playback), and the metrics table of
//! docs/operations.md kept equal to what the code exports; one item's path read back from the log as one
//! trace.

// suite: backends

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use reel_core::ops::telemetry::catalog::{metric_of, METRICS};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::common::{backend_present, make_clip, metrics_url, play_prefix, TestServer};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every `reel_…` name in a text (PromQL in the dashboard or the rules).
fn names_in(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("reel_") {
        let tail = &rest[at..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        names.insert(tail[..end].to_string());
        rest = &tail[end..];
    }
    names
}

/// The PromQL of every panel of the shipped dashboard.
fn dashboard_queries() -> Vec<String> {
    let dashboard: Value = serde_json::from_str(&std::fs::read_to_string(repo("deploy/grafana/reel.json")).unwrap()).unwrap();
    let panels = dashboard["panels"].as_array().unwrap();
    panels.iter().flat_map(|p| p["targets"].as_array().into_iter().flatten()).map(|t| t["expr"].as_str().unwrap().to_string()).collect()
}

fn rules_text() -> String {
    std::fs::read_to_string(repo("deploy/prometheus/alerts.yml")).unwrap()
}

fn promtool(args: &[&str]) -> Option<std::process::Output> {
    let found = std::process::Command::new("promtool").arg("--version").output().is_ok_and(|o| o.status.success());
    if !backend_present("promtool (Debian's prometheus package, installed by scripts/setup --test)", found) {
        return None;
    }
    Some(std::process::Command::new("promtool").args(args).current_dir(repo("deploy/prometheus")).output().unwrap())
}

#[test]
fn promtool_accepts_the_rules_and_their_unit_tests_pass() {
    let Some(check) = promtool(&["check", "rules", "alerts.yml"]) else { return };
    let said = format!("{}{}", String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    assert!(check.status.success() && said.contains("SUCCESS: 9 rules found"), "{said}");
    let test = promtool(&["test", "rules", "alerts.test.yml"]).unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&test.stdout), String::from_utf8_lossy(&test.stderr));
    assert!(test.status.success() && said.contains("SUCCESS"), "{said}");
}

#[test]
fn every_rule_has_its_unit_test_and_a_broken_rule_fails_it() {
    let rules = rules_text();
    let tests = std::fs::read_to_string(repo("deploy/prometheus/alerts.test.yml")).unwrap();
    for line in rules.lines().filter_map(|l| l.trim().strip_prefix("- alert: ")) {
        assert!(tests.contains(&format!("alertname: {line}")), "{line} has no unit test");
    }
    // The unit tests can fail: the same tests against rules with a threshold moved must not pass.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alerts.yml"), rules.replace("< 0.95", "< 0.5")).unwrap();
    std::fs::write(dir.path().join("alerts.test.yml"), &tests).unwrap();
    let test = dir.path().join("alerts.test.yml");
    let Some(out) = promtool(&["test", "rules", test.to_str().unwrap()]) else { return };
    assert!(!out.status.success(), "a rule whose threshold moved still passed its tests");
}

#[test]
fn the_dashboard_and_the_rules_name_only_exported_metrics_and_every_metric_has_a_panel() {
    let on_panels: BTreeSet<String> = dashboard_queries().iter().flat_map(|q| names_in(q)).collect();
    let in_rules = names_in(&rules_text());
    for name in on_panels.iter().chain(&in_rules) {
        assert!(metric_of(name).is_some(), "{name} is not a metric Reel exports (src/ops/telemetry/catalog.rs)");
    }
    let shown: BTreeSet<&str> = on_panels.iter().filter_map(|n| metric_of(n)).map(|m| m.name).collect();
    let missing: Vec<&str> = METRICS.iter().map(|m| m.name).filter(|n| !shown.contains(n)).collect();
    assert!(missing.is_empty(), "metrics on no dashboard panel: {missing:?}");
}

#[test]
fn the_operations_guide_lists_every_metric_once_with_its_labels() {
    let guide = std::fs::read_to_string(repo("docs/operations.md")).unwrap();
    // Rows of the metrics table: | `name` | kind | labels | meaning |
    let rows: BTreeMap<String, String> = guide
        .lines()
        .filter_map(|l| l.strip_prefix("| `reel_"))
        .map(|l| {
            let (name, rest) = l.split_once('`').unwrap();
            (format!("reel_{name}"), rest.to_string())
        })
        .collect();
    let exported: BTreeSet<String> = METRICS.iter().map(|m| m.name.to_string()).collect();
    let documented: BTreeSet<String> = rows.keys().cloned().collect();
    assert_eq!(documented, exported, "docs/operations.md's metrics table and src/ops/telemetry/catalog.rs differ");
    for metric in METRICS {
        let row = &rows[metric.name];
        for label in metric.labels {
            assert!(row.contains(&format!("`{label}`")), "{}: label {label} not documented", metric.name);
        }
    }
}

/// A scrape, as series (name and labels as written) to value.
fn parse_scrape(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

/// The sum of every series of `name` whose labels include all of `labels` (`k="v"` pairs).
fn total(scrape: &BTreeMap<String, f64>, name: &str, labels: &[&str]) -> f64 {
    scrape
        .iter()
        .filter(|(series, _)| series.split('{').next() == Some(name) && labels.iter().all(|l| series.contains(l)))
        .map(|(_, v)| v)
        .sum()
}

/// An SMS provider that takes each message and hands the test its JSON body.
pub(crate) async fn sms_provider() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new().route(
        "/sms",
        post(move |body: String| async move {
            let _ = tx.send(serde_json::from_str::<Value>(&body).unwrap());
            StatusCode::ACCEPTED
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

#[tokio::test(flavor = "multi_thread")]
async fn after_real_work_a_scrape_holds_every_metric_with_plausible_values() {
    let (sms_url, mut texts) = sms_provider().await;
    let server = TestServer::start_with(&[
        ("REEL__NOTIFY__SMS", "webhook"),
        ("REEL__NOTIFY__SMS_WEBHOOK_URL", &sms_url),
        ("REEL__NOTIFY__SMS_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("REEL__NOTIFY__SMS_WEBHOOK_TEMPLATE", r#"{"to": "{to}", "body": "{message}", "StatusCallback": "{receipt_url}"}"#),
    ]);
    let http = server.http();
    let scrape_url = metrics_url(&server.log()).expect("a metrics listener");

    // An upload that becomes ready.
    let clip = make_clip(server.dir.path(), "ops.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Operations").await;

    // A sign-in by SMS, whose provider then reports the message delivered.
    let phone = "+447700900123";
    server.cli(&["user", "create", "--phone", phone]);
    let r = http.post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "phone": phone })).send().await.unwrap();
    assert_eq!(r.status(), 202);
    let attempt = r.json::<Value>().await.unwrap()["attempt"].as_str().unwrap().to_string();
    let sms = tokio::time::timeout(Duration::from_secs(20), texts.recv()).await.expect("the SMS within 20 s").unwrap();
    let text = sms["body"].as_str().unwrap();
    let code = &text[text.find("code is ").unwrap() + 8..][..6];
    let r = http
        .post(format!("{}/api/v1/auth/otp/verify", server.base))
        .json(&json!({ "phone": phone, "attempt": attempt, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let receipt = sms["StatusCallback"].as_str().unwrap().to_string();
    assert!(receipt.starts_with(&format!("{}/api/v1/sms/receipts/", server.base)), "{receipt}");
    // A status on the way changes nothing; delivered counts once, however often it is said.
    for status in ["sent", "delivered", "delivered"] {
        let r = http.post(&receipt).form(&[("MessageSid", "SM1"), ("MessageStatus", status)]).send().await.unwrap();
        assert_eq!(r.status(), 204, "{status}");
    }
    // A receipt URL Reel did not sign, and a body without a status, are refused.
    let forged = format!("{}x", receipt.trim_end_matches(|c: char| c != '.'));
    let r = http.post(&forged).json(&json!({ "status": "delivered" })).send().await.unwrap();
    crate::common::assert_api_error(r, 403, "forbidden").await;
    let r = http.post(&receipt).json(&json!({ "state": "delivered" })).send().await.unwrap();
    crate::common::assert_api_error(r, 400, "invalid-body").await;

    // A wrong code for an email address nobody has (requested, never sent).
    let r =
        http.post(format!("{}/api/v1/auth/otp/request", server.base)).json(&json!({ "email": "nobody@example.org" })).send().await.unwrap();
    assert_eq!(r.status(), 202);

    // A playback: master, a media playlist, its init segment and first segment; a forged token.
    let prefix = play_prefix(&video);
    let rendition = video["renditions"][0]["name"].as_str().unwrap();
    for file in
        ["master.m3u8".to_string(), format!("{rendition}/index.m3u8"), format!("{rendition}/init.mp4"), format!("{rendition}/00000.m4s")]
    {
        let r = http.get(format!("{prefix}/{file}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
        // The origin's own layer gives its answers what the site's layers give every other.
        for (name, value) in [("x-content-type-options", "nosniff"), ("x-frame-options", "DENY"), ("access-control-allow-origin", "*")] {
            assert_eq!(r.headers().get(name).and_then(|v| v.to_str().ok()), Some(value), "{file}: {name}");
        }
        assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{file}");
        r.bytes().await.unwrap();
    }
    let id = video["id"].as_str().unwrap();
    let r = http.get(format!("{}/play/not.a-token/{id}/master.m3u8", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff", "a refusal too");
    let _ = server.get_json("/api/v1/videos").await;

    // The gauges are sampled every 15 s: wait for a sample that has seen the item ready.
    let scrape_now = || async { parse_scrape(&http.get(&scrape_url).send().await.unwrap().text().await.unwrap()) };
    crate::common::eventually(Duration::from_secs(30), "a sample with the ready item", || async {
        total(&scrape_now().await, "reel_videos", &[r#"status="ready""#]) >= 1.0
    })
    .await;
    let scrape = scrape_now().await;

    // Every metric the code lists is there, and so every one a panel or a rule names.
    let names: BTreeSet<&str> = scrape.keys().filter_map(|s| metric_of(s.split('{').next().unwrap())).map(|m| m.name).collect();
    let absent: Vec<&str> = METRICS.iter().map(|m| m.name).filter(|n| !names.contains(n)).collect();
    assert!(absent.is_empty(), "not exported by a server that did the work: {absent:?}");
    let unknown: Vec<&String> =
        scrape.keys().filter(|s| s.starts_with("reel_") && metric_of(s.split('{').next().unwrap()).is_none()).collect();
    assert!(unknown.is_empty(), "exported but not in the catalogue: {unknown:?}");

    // And the values say what happened.
    let expect = |name: &str, labels: &[&str], check: &dyn Fn(f64) -> bool, what: &str| {
        let value = total(&scrape, name, labels);
        assert!(check(value), "{name}{labels:?} = {value}: expected {what}");
    };
    expect("reel_uploads_total", &[], &|v| v == 1.0, "one upload");
    expect("reel_upload_bytes_total", &[], &|v| v == std::fs::metadata(&clip).unwrap().len() as f64, "the clip's size");
    expect("reel_time_to_playable_seconds_count", &[], &|v| v == 1.0, "one item playable");
    expect("reel_time_to_ready_seconds_count", &[], &|v| v == 1.0, "one item ready");
    expect("reel_transcode_speed_ratio_count", &[], &|v| v == 1.0, "one transcode");
    expect("reel_jobs_total", &[r#"kind="process_video""#, r#"outcome="done""#], &|v| v == 1.0, "one job done");
    expect("reel_job_queue_wait_seconds_count", &[r#"kind="process_video""#], &|v| v == 1.0, "one claim");
    expect("reel_jobs", &[r#"kind="process_video""#, r#"state="queued""#], &|v| v == 0.0, "an empty queue");
    expect("reel_media_processes", &[], &|v| v == 0.0, "no child left running");
    expect("reel_login_codes_total", &[r#"channel="sms""#, r#"outcome="requested""#], &|v| v == 1.0, "one SMS code asked for");
    expect("reel_login_codes_total", &[r#"channel="sms""#, r#"outcome="sent""#], &|v| v == 1.0, "one SMS handed over");
    expect("reel_login_codes_total", &[r#"channel="sms""#, r#"outcome="delivered""#], &|v| v == 1.0, "one receipt counted once");
    expect("reel_login_codes_total", &[r#"channel="email""#, r#"outcome="requested""#], &|v| v == 1.0, "one email code asked for");
    expect("reel_login_codes_total", &[r#"channel="email""#, r#"outcome="sent""#], &|v| v == 0.0, "no email to an unknown address");
    expect("reel_signins_total", &[r#"outcome="succeeded""#], &|v| v == 1.0, "one sign-in");
    expect("reel_origin_requests_total", &[r#"class="segment""#, r#"status="2xx""#], &|v| v == 2.0, "init and one segment");
    expect("reel_origin_requests_total", &[r#"class="manifest""#, r#"status="2xx""#], &|v| v == 2.0, "two playlists");
    expect("reel_origin_requests_total", &[r#"class="manifest""#, r#"status="4xx""#], &|v| v == 1.0, "the forged token");
    expect("reel_origin_response_bytes_total", &[r#"class="segment""#], &|v| v > 1000.0, "the segments' bytes");
    expect("reel_playback_denied_total", &[], &|v| v == 1.0, "the forged token refused");
    expect("reel_http_requests_total", &[r#"route="/api/v1/sms/receipts/{token}""#, r#"status="2xx""#], &|v| v == 3.0, "three receipts");
    let rendition_route = r#"route="/play/{token}/{video}/{rendition}/{file}""#;
    expect("reel_http_requests_total", &[rendition_route, r#"method="GET""#, r#"status="2xx""#], &|v| v == 3.0, "three files of a rung");
    expect("reel_http_requests_total", &[r#"route="/play/{token}/{video}/{file}""#, r#"status="4xx""#], &|v| v == 1.0, "the forged token");
    expect("reel_http_request_seconds_count", &[rendition_route], &|v| v == 3.0, "three files of a rung timed");
    expect("reel_http_requests_in_flight", &[], &|v| v == 0.0, "none left in flight");
    expect("reel_process_resident_memory_bytes", &[], &|v| v > 4e6 && v < 4e9, "a plausible RSS");
    expect("reel_process_open_fds", &[], &|v| v > 3.0, "some open files");
    expect("reel_db_pool_max_connections", &[], &|v| v >= 1.0, "a pool");
    expect("reel_storage_errors_total", &[], &|v| v == 0.0, "no storage error");
    expect("reel_redis_fallback_active", &[], &|v| v == 0.0, "no Redis fallback");
}

/// The lines of `log` inside the span of job `job` (`job{job=… …}`).
fn in_job<'a>(log: &'a str, job: &str) -> Vec<&'a str> {
    let opening = format!("job{{job={job} ");
    log.lines().filter(|l| l.contains(&opening)).collect()
}

/// One item's path reads as one trace in the log: the request that uploaded it, the job that
/// processed it and each ffprobe and ffmpeg child of that job all carry the item's id.
#[tokio::test(flavor = "multi_thread")]
async fn one_items_path_from_request_through_job_to_processes_reads_as_one_trace() {
    let server = TestServer::start_with(&[("REEL__TELEMETRY__LOG_FILTER", "info,reel_base::media::process=debug,tower_http=warn")]);
    let clip = make_clip(server.dir.path(), "traced.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "traced").await;
    let id = video["id"].as_str().unwrap();
    let log = server.log();
    let item = format!("item={id}");

    let uploaded = log.lines().find(|l| l.contains("video uploaded")).unwrap_or_else(|| panic!("no upload line:\n{log}"));
    assert!(
        uploaded.contains("request{method=POST route=/api/v1/videos}:") && uploaded.contains(&format!("create_video{{{item}}}")),
        "the upload is logged inside its request's span with the item: {uploaded}"
    );

    let opening = log
        .lines()
        .find(|l| l.contains("kind=process_video ") && l.contains(&item))
        .unwrap_or_else(|| panic!("no line of the item's processing job names the item:\n{log}"));
    let job = opening
        .split("job{job=")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("the job's id in its span: {opening}"));
    let lines = in_job(&log, job);
    assert!(lines.iter().all(|l| l.contains(&item)), "every line of the job's run names the item:\n{}", lines.join("\n"));
    assert!(lines.iter().any(|l| l.contains("job done")), "the job's end is in its span:\n{}", lines.join("\n"));
    for program in ["ffprobe", "ffmpeg"] {
        let child = format!("}}:child{{program={program} pid=");
        for event in ["spawned", "exited"] {
            assert!(
                lines.iter().any(|l| l.contains(&child) && l.contains(event)),
                "{program} {event} inside the job's span:\n{}",
                lines.join("\n")
            );
        }
    }
}
