//! Hosts whose clocks disagree, within what the leases tolerate: a job's lease is stamped by
//! its holder's clock and read by the others', and renewed every third of its length, so two
//! workers a third of a lease apart never take each other's live jobs. Here one worker runs
//! half of that ahead of the machine's clock and one half of it behind (libfaketime), while an
//! API process on the machine's clock signs playback URLs that an API process running ahead
//! serves.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use serde_json::Value;

use crate::backends::{skewed_clock, Running};
use crate::common::{make_clip, play_prefix, TestServer};

/// The jobs' lease here, and each process's distance from the machine's clock: the two workers
/// are a third of a lease apart.
const LEASE_SECS: &str = "9";
const AHEAD: &str = "+1.5s";
const BEHIND: &str = "-1.5s";

/// Starts `reel worker` for `server` with its clock set off by `skew`'s environment.
fn skewed_worker(server: &TestServer, skew: &[(String, String)], log: &Path) -> Running {
    let file = std::fs::File::create(log).unwrap();
    let child = server.command().arg("worker").envs(skew.iter().cloned()).stdout(Stdio::null()).stderr(file).spawn();
    Running(Some(child.expect("reel worker starts")))
}

/// How far the clock of the process that wrote `log` is from this one's, from the timestamp
/// of its first line, written at `spawned` (by this clock) or just after.
fn clock_offset(log: &Path, spawned: SystemTime) -> f64 {
    let text = std::fs::read_to_string(log).unwrap();
    let stamp = text.split_whitespace().next().expect("a logged line");
    let logged = humantime::parse_rfc3339_weak(stamp.trim_end_matches('Z')).unwrap_or_else(|e| panic!("{stamp}: {e}"));
    match logged.duration_since(spawned) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn workers_and_api_processes_with_clocks_apart_share_jobs_and_urls_without_stealing() {
    let (Some(ahead), Some(behind)) = (skewed_clock(AHEAD), skewed_clock(BEHIND)) else { return };
    let server = TestServer::start_as(&[("REEL__JOBS__LEASE_SECS", LEASE_SECS)], &["serve", "--no-worker"]);
    let dir = tempfile::tempdir().unwrap();
    let logs = [dir.path().join("ahead.log"), dir.path().join("behind.log")];
    let spawned = SystemTime::now();
    let workers = [skewed_worker(&server, &ahead, &logs[0]), skewed_worker(&server, &behind, &logs[1])];
    crate::common::eventually(Duration::from_secs(30), "both workers started", || async {
        logs.iter().all(|l| std::fs::read_to_string(l).is_ok_and(|t| t.contains("job workers started")))
    })
    .await;
    // Each offset also holds the process's start-up time, about the same for both: their
    // difference is the 3 s set between them.
    let (a, b) = (clock_offset(&logs[0], spawned), clock_offset(&logs[1], spawned));
    assert!((2.0..4.0).contains(&(a - b)) && a > 1.0, "the clocks are not off as set: {a:+.2} s and {b:+.2} s");

    // Jobs that outlast a lease several times over, so that each is renewed under the other
    // worker's skewed eyes.
    let clip = make_clip(dir.path(), "c.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 12.0, &["-shortest"]);
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(server.upload(&clip, &format!("Skewed {n}")).await);
    }
    let mut ready = Vec::new();
    for id in &ids {
        ready.push(server.wait_for(id, &["ready"], Duration::from_secs(240)).await);
    }

    // Every job ran once: no live lease looked expired to the other worker.
    let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
    let processing: Vec<&Value> = jobs.as_array().unwrap().iter().filter(|j| j["kind"] == "process_video").collect();
    assert_eq!(processing.len(), 3, "{jobs}");
    assert!(processing.iter().all(|j| j["state"] == "done" && j["attempts"] == 1), "a job was run twice: {jobs}");
    for log in &logs {
        let text = std::fs::read_to_string(log).unwrap();
        assert!(!text.contains("lease lost"), "a worker lost a lease it held:\n{text}");
    }

    // A URL signed on the machine's clock plays from a process running ahead of it.
    let mut env: Vec<(&str, &str)> = ahead.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.push(("REEL__JOBS__LEASE_SECS", LEASE_SECS));
    let ahead_api = server.sibling_with(&["serve", "--no-worker"], &env);
    let prefix = play_prefix(&ready[0]).replace(&server.base, &ahead_api.base);
    let r = server.http().get(format!("{prefix}/master.m3u8")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "a signed URL refused by a process {AHEAD} ahead");
    drop(workers);
}
