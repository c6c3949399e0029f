//! Many processes on one database and one data directory: two API processes without workers
//! of their own and two `reel worker`s share the queue. A worker killed with SIGKILL in the
//! middle of a transcode loses nothing: its job is taken over when its lease expires, and every
//! video ends `ready` exactly once and plays through both API processes. (The suite runs on
//! SQLite and again on PostgreSQL.)

// suite: backends

use std::time::{Duration, Instant};

use crate::common::TestServer;
use serde_json::Value;

/// The lease owner prefix a worker logged when it started (`owner=HOST-UUID`).
fn owner_of(log_file: &std::path::Path) -> Option<String> {
    let log = std::fs::read_to_string(log_file).ok()?;
    let at = log.find("owner=")? + "owner=".len();
    Some(log[at..].split_whitespace().next()?.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_api_processes_and_two_workers_share_the_queue_and_survive_a_killed_worker() {
    let api1 = TestServer::start_as(&[], &["serve", "--no-worker"]);
    let api2 = api1.sibling(&["serve", "--no-worker"]);
    let logs = api1.dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let mut doomed = Some(api1.worker(&logs.join("w1.log")));
    let survivor = api1.worker(&logs.join("w2.log"));

    // Long enough clips that a transcode is caught running; ten uploads over both API processes.
    let clip = crate::common::make_clip(api1.dir.path(), "c.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 8.0, &["-shortest"]);
    let mut ids = Vec::new();
    for i in 0..10 {
        let api = if i % 2 == 0 { &api1 } else { &api2 };
        ids.push(api.upload(&clip, &format!("video {i}")).await);
    }

    // Kill the first worker with SIGKILL while it holds a running job.
    let started = Instant::now();
    let killed_job = loop {
        assert!(started.elapsed() < Duration::from_secs(90), "the first worker never ran a job:\n{}", api1.log());
        if let Some(owner) = owner_of(&logs.join("w1.log")) {
            let running = api1.get_json("/api/v1/admin/jobs?state=running").await;
            let mine = running
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["kind"] == "process_video" && j["lease_owner"].as_str().is_some_and(|o| o.starts_with(&owner)))
                .cloned();
            if let Some(job) = mine {
                let mut w1 = doomed.take().unwrap();
                w1.kill().expect("SIGKILL");
                w1.wait().unwrap();
                break job;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // Every video ends ready, whichever API process is asked.
    for (i, id) in ids.iter().enumerate() {
        let api = if i % 2 == 0 { &api2 } else { &api1 };
        api.wait_for(id, &["ready"], Duration::from_secs(240)).await;
    }
    let db = reel_base::db::Db::connect(&api1.database_url(), 1).await.unwrap();
    for id in &ids {
        let vid: reel_base::domain::VideoId = id.parse().unwrap();
        let events: Vec<String> = reel_base::db::videos::events(&db, vid).await.unwrap().into_iter().map(|(s, _)| s).collect();
        assert_eq!(events.iter().filter(|s| *s == "ready").count(), 1, "{id}: {events:?}");
        let job = reel_base::db::jobs::by_key(&db, &format!("process_video:{id}")).await.unwrap().unwrap();
        assert_eq!(job.state.as_str(), "done", "{id}");
        // A run starts with `processing`: more runs than attempts would mean two workers at once.
        let runs = events.iter().filter(|s| *s == "processing").count() as i64;
        assert_eq!(runs, job.attempts, "{id}: {events:?}");
    }
    // The killed worker's job was taken over: a second attempt, by the other worker.
    let taken = reel_base::db::jobs::by_key(&db, &format!("process_video:{}", payload_video(&killed_job))).await.unwrap().unwrap();
    assert_eq!(taken.attempts, 2, "{taken:?}");

    // Both API processes list every upload and serve every video's playlists.
    for api in [&api1, &api2] {
        let list = api.get_json("/api/v1/videos?limit=100").await;
        assert_eq!(list["items"].as_array().unwrap().len(), ids.len());
        for id in &ids {
            let video = api.get_json(&format!("/api/v1/videos/{id}")).await;
            let hls = video["playback"]["hls"].as_str().unwrap();
            assert!(hls.starts_with(&api.base), "{hls}");
            let r = api.http().get(hls).send().await.unwrap();
            assert_eq!(r.status(), 200);
            assert!(r.text().await.unwrap().contains("#EXT-X-STREAM-INF"));
        }
    }
    crate::common::stop(survivor, Duration::from_secs(10));
}

/// The processes whose command line names `needle` (ffmpeg runs name the item's scratch folder).
fn processes_naming(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains(needle)))
        .collect()
}

/// Workers on machines taken away at short notice: SIGTERM makes a worker hand its running
/// transcode back at once (its ffmpeg stopped, the attempt not counted, the time lost noted on
/// the job), and the next worker does it again from the start.
#[tokio::test(flavor = "multi_thread")]
async fn a_worker_told_to_stop_hands_its_job_back_at_once_and_the_next_one_finishes_it() {
    let api = TestServer::start_as(&[], &["serve", "--no-worker"]);
    let logs = api.dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let first = api.worker(&logs.join("w1.log"));
    let clip = crate::common::make_clip(api.dir.path(), "long.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 60.0, &["-shortest"]);
    let id = api.upload(&clip, "interrupted").await;
    let db = reel_base::db::Db::connect(&api.database_url(), 1).await.unwrap();
    let key = format!("process_video:{id}");
    let job = || async { reel_base::db::jobs::by_key(&db, &key).await.unwrap().unwrap() };

    // Caught transcoding, half a second into it.
    crate::common::eventually(Duration::from_secs(60), "the transcode running", || async {
        job().await.state.as_str() == "running" && !processes_naming(&id).is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Told to stop, the worker ends promptly and cleanly, and its ffmpeg with it.
    let pid = first.id();
    let sent = Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap().success());
    let mut first = first;
    let status = loop {
        if let Some(status) = first.try_wait().unwrap() {
            break status;
        }
        assert!(sent.elapsed() < Duration::from_secs(15), "the worker did not stop after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    // SIGKILL is delivered at once, but a busy machine may take a moment to tear the process down.
    crate::common::eventually(Duration::from_secs(3), "ffmpeg gone with its worker", || async { processes_naming(&id).is_empty() }).await;

    // The job is queued again, this attempt not counted, with the work it lost.
    let back = job().await;
    assert_eq!((back.state.as_str(), back.attempts, back.lease_owner.as_deref()), ("queued", 0, None), "{back:?}");
    let note = back.last_error.clone().unwrap_or_default();
    let lost: f64 = note
        .strip_prefix("handed back at shutdown after ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no time lost in {note:?}"));
    assert!(lost >= 0.5, "{note}");
    assert!(std::fs::read_to_string(logs.join("w1.log")).unwrap().contains("seconds_lost"));

    // The next worker does it again and the item is published once.
    let second = api.worker(&logs.join("w2.log"));
    api.wait_for(&id, &["ready"], Duration::from_secs(180)).await;
    // The worker records the job's end just after the item is published: on a busy machine the
    // row may say so a moment after the item does.
    crate::common::eventually(Duration::from_secs(10), "the job's end recorded", || async { job().await.state.as_str() != "running" })
        .await;
    let done = job().await;
    assert_eq!((done.state.as_str(), done.attempts), ("done", 1), "{done:?}");
    let events: Vec<String> = reel_base::db::videos::events(&db, id.parse().unwrap()).await.unwrap().into_iter().map(|(s, _)| s).collect();
    assert_eq!(events.iter().filter(|s| *s == "processing").count(), 2, "{events:?}");
    assert_eq!(events.iter().filter(|s| *s == "ready").count(), 1, "{events:?}");
    crate::common::stop(second, Duration::from_secs(10));
}

fn payload_video(job: &Value) -> String {
    let payload: Value = serde_json::from_str(job["payload"].as_str().unwrap()).unwrap();
    payload["video_id"].as_str().unwrap().to_string()
}

mod needs_postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn a_worker_in_another_process_starts_at_once_without_polling() {
        // LISTEN/NOTIFY is PostgreSQL's; the embedded default wakes workers in-process.
        if !crate::common::backend_present("PostgreSQL", crate::common::on_postgres()) {
            return;
        }
        // Polling once a minute: only the notification can make the worker start within the wait.
        let api = TestServer::start_as(&[("REEL__JOBS__POLL_INTERVAL_MS", "60000")], &["serve", "--no-worker"]);
        let log = api.dir.path().join("worker.log");
        let worker = api.worker(&log);
        // Let the worker claim nothing and go idle on its (minute-long) wait first.
        let started = Instant::now();
        while !std::fs::read_to_string(&log).unwrap_or_default().contains("job workers started") {
            assert!(started.elapsed() < Duration::from_secs(20), "the worker did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let clip = crate::common::make_clip(api.dir.path(), "n.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
        let id = api.upload(&clip, "notified").await;
        api.wait_for(&id, &["ready"], Duration::from_secs(30)).await;
        crate::common::stop(worker, Duration::from_secs(10));
    }
}

mod needs_redis {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn api_processes_share_rate_limits_and_forget_a_deleted_video_together() {
        // Without Redis each process keeps its own counters, by design.
        if !crate::common::backend_present("Redis", crate::common::on_redis()) {
            return;
        }
        let api1 = TestServer::start_with(&[("REEL__RATE_LIMIT__VERIFY_PER_HOUR_PER_IP", "4")]);
        let api2 = api1.sibling(&["serve", "--no-worker"]);

        // Four code checks per hour per client, counted across both processes.
        let check = |api: &TestServer| {
            let body = serde_json::json!({"email": "nobody@example.org", "code": "000000", "attempt": "none"});
            api.http().post(format!("{}/api/v1/auth/otp/verify", api.base)).json(&body).send()
        };
        for api in [&api1, &api2, &api1, &api2] {
            assert_eq!(check(api).await.unwrap().status(), 400, "under the limit: refused for the bad code");
        }
        for api in [&api1, &api2] {
            let r = check(api).await.unwrap();
            assert_eq!(r.status(), 429, "the fifth check, whichever process gets it");
            assert!(r.headers().contains_key("retry-after"));
        }

        // A segment cached by the second process stops being served the moment the first deletes
        // the video (not when the cache entry would expire).
        let clip = crate::common::make_clip(api1.dir.path(), "i.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
        let video = api1.upload_ready(&clip, "shared").await;
        let id = video["id"].as_str().unwrap();
        let seen_by_2 = api2.get_json(&format!("/api/v1/videos/{id}")).await;
        let rung = seen_by_2["renditions"][0]["name"].as_str().unwrap();
        let segment = format!("{}/{rung}/00000.m4s", crate::common::play_prefix(&seen_by_2));
        for _ in 0..2 {
            assert_eq!(api2.http().get(&segment).send().await.unwrap().status(), 200);
        }
        let r = api1.http().delete(format!("{}/api/v1/videos/{id}", api1.base)).bearer_auth(&api1.token).send().await.unwrap();
        assert_eq!(r.status(), 204);
        let started = Instant::now();
        loop {
            let status = api2.http().get(&segment).send().await.unwrap().status();
            if status == 404 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(3), "the second process still serves the deleted video ({status})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn api_processes_share_the_edge_budgets_of_an_address_and_an_account() {
        if !crate::common::backend_present("Redis", crate::common::on_redis()) {
            return;
        }
        let api1 = TestServer::start_with(&[("REEL__EDGE__PAGES_PER_MINUTE_PER_IP", "4"), ("REEL__EDGE__API_PER_MINUTE_PER_ACCOUNT", "6")]);
        let api2 = api1.sibling(&["serve", "--no-worker"]);

        let page = |api: &TestServer| api.http().get(format!("{}/login", api.base)).send();
        for api in [&api1, &api2, &api1, &api2] {
            assert_eq!(page(api).await.unwrap().status(), 200);
        }
        for api in [&api1, &api2] {
            assert_eq!(page(api).await.unwrap().status(), 429, "the fifth page, whichever process gets it");
        }
        let me = |api: &TestServer| api.http().get(format!("{}/api/v1/me", api.base)).bearer_auth(&api.token).send();
        for api in [&api1, &api2, &api1, &api2, &api1, &api2] {
            assert_eq!(me(api).await.unwrap().status(), 200);
        }
        for api in [&api1, &api2] {
            assert_eq!(me(api).await.unwrap().status(), 429, "past the account's six, whichever process gets it");
        }
    }
}

/// A redis-server of one test's own on 127.0.0.1, which the test can hang, kill and start again.
struct OwnRedis {
    child: Option<std::process::Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl OwnRedis {
    fn start() -> Self {
        let port = crate::common::free_port();
        let mut redis = Self { child: None, port, dir: tempfile::tempdir().unwrap() };
        redis.launch();
        redis
    }

    /// Starts redis-server (again) on this port, empty; waits until it takes connections.
    fn launch(&mut self) {
        let child = std::process::Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string(), "--save", "", "--appendonly", "no"])
            .current_dir(self.dir.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server runs (scripts/setup --test installs it)");
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "redis-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        assert!(std::process::Command::new("kill").args([signal, &pid]).status().unwrap().success());
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// The rate-limit keys Redis holds.
    fn rate_keys(&self) -> Vec<String> {
        let out = std::process::Command::new("redis-cli")
            .args(["-p", &self.port.to_string(), "--scan", "--pattern", "*rl:*"])
            .output()
            .expect("redis-cli runs");
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Redis hung (SIGSTOP) or gone (SIGKILL) costs a request half a second at most: limits fall
/// back to the process's own counters, a warning says so, and nothing fails. When Redis is
/// back, counting goes to it again.
#[tokio::test(flavor = "multi_thread")]
async fn when_redis_hangs_or_goes_away_requests_are_still_answered_and_come_back_to_it() {
    let mut redis = OwnRedis::start();
    let url = redis.url();
    let api = TestServer::start_with(&[("REEL__CACHE__URL", url.as_str()), ("REEL__RATE_LIMIT__VERIFY_PER_HOUR_PER_IP", "3")]);
    let check = || async {
        let body = serde_json::json!({"email": "nobody@example.org", "code": "000000", "attempt": "none"});
        let started = Instant::now();
        let r = api.http().post(format!("{}/api/v1/auth/otp/verify", api.base)).json(&body).send().await.unwrap();
        (r.status().as_u16(), started.elapsed())
    };
    for expected in [400, 400, 400, 429] {
        assert_eq!(check().await.0, expected, "Redis's counters");
    }
    assert!(!redis.rate_keys().is_empty(), "the limit was not counted in Redis");

    // Hung: each request waits out the budget, then counts in the process.
    redis.signal("-STOP");
    for expected in [400, 400, 400, 429] {
        let (status, took) = check().await;
        assert_eq!(status, expected, "the process's own counters, from zero");
        assert!(took < Duration::from_secs(2), "a request waited {took:?} for a hung Redis");
    }
    assert!(api.log().contains("Redis unavailable"), "no warning that Redis is unavailable:\n{}", api.log());

    // Gone: answered at once.
    redis.kill();
    let (status, took) = check().await;
    assert_eq!(status, 429);
    assert!(took < Duration::from_secs(2), "a request waited {took:?} for a Redis that is gone");
    assert_eq!(api.http().get(format!("{}/healthz", api.base)).send().await.unwrap().status(), 200);

    // Back (empty): counting goes to Redis again once the connection is remade.
    redis.launch();
    let started = Instant::now();
    while redis.rate_keys().is_empty() {
        let (status, _) = check().await;
        assert!(status == 400 || status == 429, "{status}");
        assert!(started.elapsed() < Duration::from_secs(15), "the process did not come back to Redis");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_left_without_a_job_is_queued_when_a_worker_starts() {
    let api = TestServer::start_as(&[], &["serve", "--no-worker"]);
    let clip = crate::common::make_clip(api.dir.path(), "s.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let id = api.upload(&clip, "stranded").await;
    // What a crash between the video's row and its job's used to leave behind.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&api.database_url()).await.unwrap();
    let removed = sqlx::query("DELETE FROM jobs WHERE dedupe_key = $1").bind(format!("process_video:{id}")).execute(&pool).await.unwrap();
    assert_eq!(removed.rows_affected(), 1, "the upload queued its job with the video");
    pool.close().await;

    let log = api.dir.path().join("worker.log");
    let worker = api.worker(&log);
    api.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    crate::common::stop(worker, Duration::from_secs(10));
    assert!(std::fs::read_to_string(&log).unwrap().contains("queued work that had no job"));
}
