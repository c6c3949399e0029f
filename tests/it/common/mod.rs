//! Test harness: starts the real `reel` binary on 127.0.0.1:0 with its own data dir, makes
//! clips with ffmpeg's lavfi sources, and talks to the server over HTTP.
#![allow(dead_code)]

pub mod fixture;
pub mod in_process;
pub mod items;
pub mod moto;
pub mod routes;
pub mod smtp;
pub mod tls;
pub mod tus;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running `reel serve` with its data directory and an API token.
pub struct TestServer {
    child: Option<Child>,
    /// The `reel` arguments that start it (`serve`, or `serve --no-worker`).
    args: Vec<String>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// An API token for this server's database.
    pub token: String,
    /// The data directory (kept across restarts).
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    /// Everything the server printed (stderr), for failure messages.
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

/// The Prometheus endpoint a server logged.
pub fn metrics_url(log: &str) -> Option<String> {
    let at = log.find("prometheus metrics served at ")?;
    log[at + "prometheus metrics served at ".len()..].split_whitespace().next().map(str::to_string)
}

/// A fresh, empty PostgreSQL database for one test server, when the suite runs on PostgreSQL
/// (`REEL_TEST_POSTGRES_URL`, set by `scripts/with-postgres`); `None` on the embedded default.
pub fn postgres_database() -> Option<String> {
    let server = std::env::var("REEL_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())?;
    let name = format!("reel_test_{}", uuid::Uuid::new_v4().simple());
    let out = Command::new("psql")
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &format!("{server}/postgres"), "-c", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql runs");
    assert!(out.status.success(), "could not create a test database: {}", String::from_utf8_lossy(&out.stderr));
    Some(format!("{server}/{name}"))
}

/// Whether a server a test needs (`name`) is there. The CI run provides every one, so there a
/// missing one fails the test instead of letting it pass unrun; elsewhere the test says it was
/// skipped. Tests that call this live in a `needs_*` module, which the embedded-default pass of
/// `scripts/test` leaves out.
pub fn backend_present(name: &str, present: bool) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "this test needs {name}, and CI runs it with one: the second pass of scripts/test"
    );
    eprintln!("skipped: needs {name} (the second pass of scripts/test provides it)");
    false
}

/// Whether the suite runs on PostgreSQL (`scripts/with-postgres`).
pub fn on_postgres() -> bool {
    std::env::var("REEL_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty())
}

/// Whether the suite runs with Redis (`scripts/with-redis`).
pub fn on_redis() -> bool {
    std::env::var("REEL_TEST_REDIS_URL").is_ok_and(|u| !u.is_empty())
}

/// The folder the test S3 server keeps the bucket of an `s3://BUCKET` URL in.
pub fn bucket_dir(url: &str) -> PathBuf {
    let root = std::env::var("REEL_TEST_S3_ROOT").expect("the S3 server's folder");
    Path::new(&root).join(url.trim_start_matches("s3://"))
}

/// Every file under `folder` with its size, by its path relative to `folder` (an object's key);
/// none when `folder` does not exist.
pub fn files(folder: &Path) -> Vec<(String, u64)> {
    fn walk(root: &Path, at: &Path, out: &mut Vec<(String, u64)>) {
        let Ok(entries) = std::fs::read_dir(at) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let key = path.strip_prefix(root).unwrap().display().to_string();
                out.push((key, entry.metadata().unwrap().len()));
            }
        }
    }
    let mut out = Vec::new();
    walk(folder, folder, &mut out);
    out.sort();
    out
}

/// Whether the suite runs on the test S3 server (`scripts/with-s3`).
pub fn on_s3() -> bool {
    std::env::var("REEL_TEST_S3_ENDPOINT").is_ok_and(|e| !e.is_empty())
}

/// Settings for a fresh bucket on the test S3 server, when the suite runs on S3
/// (`REEL_TEST_S3_*`, set by `scripts/with-s3`); none on the embedded default.
pub fn s3_bucket() -> Vec<(String, String)> {
    let Some(endpoint) = std::env::var("REEL_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty()) else { return Vec::new() };
    let root = std::env::var("REEL_TEST_S3_ROOT").expect("REEL_TEST_S3_ROOT with REEL_TEST_S3_ENDPOINT");
    let key = std::env::var("REEL_TEST_S3_ACCESS_KEY").unwrap_or_default();
    let secret = std::env::var("REEL_TEST_S3_SECRET_KEY").unwrap_or_default();
    s3_bucket_on(&endpoint, Path::new(&root), &key, &secret)
}

/// Settings for a fresh bucket on the s3s-fs server at `endpoint` that keeps its buckets under
/// `root`, signing in with `key` and `secret`.
pub fn s3_bucket_on(endpoint: &str, root: &Path, key: &str, secret: &str) -> Vec<(String, String)> {
    let bucket = format!("reel-test-{}", uuid::Uuid::new_v4().simple());
    // s3s-fs keeps a bucket as a folder under its root.
    std::fs::create_dir_all(root.join(&bucket)).expect("a bucket folder");
    [
        ("REEL__STORAGE__URL", format!("s3://{bucket}")),
        ("REEL__STORAGE__S3_ENDPOINT", endpoint.to_string()),
        ("REEL__STORAGE__S3_PATH_STYLE", "true".into()),
        ("REEL__STORAGE__S3_ACCESS_KEY_ID", key.to_string()),
        ("REEL__STORAGE__S3_SECRET_ACCESS_KEY", secret.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A TCP port on 127.0.0.1 that was free when asked, for a server a test starts next.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// The first admin every test server has; `token` acts for it.
pub const ADMIN_EMAIL: &str = "admin@example.org";

/// Settings every test server gets: a quick lease so crash recovery is quick, a fast preset.
const TEST_ENV: &[(&str, &str)] = &[
    ("REEL__SERVER__LISTEN", "127.0.0.1:0"),
    ("REEL__TELEMETRY__METRICS_LISTEN", "127.0.0.1:0"),
    ("REEL__TELEMETRY__LOG_FILTER", "info,tower_http=warn"),
    ("REEL__JOBS__LEASE_SECS", "3"),
    ("REEL__JOBS__POLL_INTERVAL_MS", "200"),
    ("REEL__JOBS__BACKOFF_BASE_SECS", "1"),
    ("REEL__MEDIA__X264_PRESET", "ultrafast"),
];

impl TestServer {
    /// Starts a server with the test defaults.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts a server with extra `REEL__…` settings.
    pub fn start_with(extra: &[(&str, &str)]) -> Self {
        Self::start_as(extra, &["serve"])
    }

    /// Starts `reel ARGS` (a `serve` variant) with extra settings.
    pub fn start_as(extra: &[(&str, &str)], args: &[&str]) -> Self {
        let mut server = Self::configured(extra, args);
        server.make_admin();
        server.launch();
        server
    }

    /// Makes the first admin ([`ADMIN_EMAIL`]) and an API token of theirs, this server's `token`.
    fn make_admin(&mut self) {
        self.cli(&["user", "create", "--email", ADMIN_EMAIL, "--role", "admin", "--name", "Test Admin"]);
        self.token = self.cli(&["token", "create", "--name", "tests", "--scopes", "read,upload,admin"]).trim().to_string();
    }

    /// A server not started yet, with the test defaults, `extra`, and the pass's database,
    /// store and shared cache (PostgreSQL, S3, Redis where the suite provides them and `extra`
    /// names none of its own).
    fn configured(extra: &[(&str, &str)], args: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut env: Vec<(String, String)> = TEST_ENV.iter().chain(extra).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        env.push(("REEL__DATA_DIR".into(), dir.path().join("data").display().to_string()));
        let own_database = extra.iter().any(|(k, _)| *k == "REEL__DATABASE__URL");
        if let Some(url) = postgres_database().filter(|_| !own_database) {
            env.push(("REEL__DATABASE__URL".into(), url));
        }
        if !extra.iter().any(|(k, _)| *k == "REEL__STORAGE__URL") {
            env.extend(s3_bucket());
        }
        let own_redis = extra.iter().any(|(k, _)| *k == "REEL__CACHE__URL");
        if let Some(url) = std::env::var("REEL_TEST_REDIS_URL").ok().filter(|u| !u.is_empty() && !own_redis) {
            // One Redis for the whole suite: each server (and its siblings) gets its own keys.
            env.push(("REEL__CACHE__URL".into(), url));
            env.push(("REEL__CACHE__KEY_PREFIX".into(), format!("t{}", uuid::Uuid::new_v4().simple())));
        }
        Self::unstarted(args, dir, env, String::new())
    }

    /// Another process on the same data directory and database (`reel ARGS`, on its own
    /// port), as a second API process behind a load balancer would be.
    pub fn sibling(&self, args: &[&str]) -> Self {
        let mut other = Self::unstarted(args, tempfile::tempdir().expect("a temp dir"), self.env.clone(), self.token.clone());
        other.launch();
        other
    }

    /// [`TestServer::sibling`] with settings of its own (`extra` replaces what this one has).
    pub fn sibling_with(&self, args: &[&str], extra: &[(&str, &str)]) -> Self {
        let mut env: Vec<(String, String)> = self.env.iter().filter(|(k, _)| !extra.iter().any(|(e, _)| e == k)).cloned().collect();
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut other = Self::unstarted(args, tempfile::tempdir().expect("a temp dir"), env, self.token.clone());
        other.launch();
        other
    }

    /// A server not started yet: `reel ARGS` with `env`, keeping `dir` for as long as it lives.
    fn unstarted(args: &[&str], dir: tempfile::TempDir, env: Vec<(String, String)>, token: String) -> Self {
        let args = args.iter().map(|a| a.to_string()).collect();
        Self { child: None, args, base: String::new(), token, dir, env, log: Default::default() }
    }

    /// Changes one of this server's `REEL__…` settings for its next start (`None` removes it).
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) {
        self.env.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.env.push((key.to_string(), value.to_string()));
        }
    }

    /// One of this server's `REEL__…` settings.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Where this server's objects are: its `storage.url`, or the embedded default's folder.
    pub fn store_url(&self) -> String {
        self.setting("REEL__STORAGE__URL").map_or_else(|| format!("file://{}", self.objects_dir().display()), str::to_string)
    }

    /// Another process on the same database and object store that shares no disk with this
    /// one, as on another host: its own data directory, with a copy of the secrets (which
    /// every host must share). Only possible when the database and the store are servers
    /// (PostgreSQL and S3); see [`TestServer::shares_nothing_local`].
    pub fn sibling_elsewhere(&self, args: &[&str]) -> Self {
        assert!(self.shares_nothing_local(), "another host needs PostgreSQL and S3");
        let dir = tempfile::tempdir().expect("a temp dir");
        let data = dir.path().join("data");
        let secrets = data.join("secrets");
        std::fs::create_dir_all(&secrets).unwrap();
        for entry in std::fs::read_dir(self.data_dir().join("secrets")).expect("the secrets folder") {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), secrets.join(entry.file_name())).unwrap();
        }
        let mut env: Vec<(String, String)> = self.env.iter().filter(|(k, _)| k != "REEL__DATA_DIR").cloned().collect();
        env.push(("REEL__DATA_DIR".into(), data.display().to_string()));
        let mut other = Self::unstarted(args, dir, env, self.token.clone());
        other.launch();
        other
    }

    /// Another process on the same database and object store with its own, empty data
    /// directory and nothing copied into it, as on another host: whatever keys it shares with
    /// this one must come from configuration. The database and store must be outside this
    /// server's data directory (servers, or a folder both name).
    pub fn another_host(&self, args: &[&str]) -> Self {
        let mine = self.data_dir();
        assert!(!self.database_url().contains(mine.to_str().unwrap()), "the database is in this host's data folder");
        assert!(!self.store_url().contains(mine.to_str().unwrap()), "the store is in this host's data folder");
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut env: Vec<(String, String)> = self.env.iter().filter(|(k, _)| k != "REEL__DATA_DIR").cloned().collect();
        env.push(("REEL__DATA_DIR".into(), dir.path().join("data").display().to_string()));
        let mut other = Self::unstarted(args, dir, env, self.token.clone());
        other.launch();
        other
    }

    /// Whether everything this server keeps lives in servers (PostgreSQL, S3) rather than in
    /// its data directory, so that a process on another host could share it.
    pub fn shares_nothing_local(&self) -> bool {
        self.database_url().starts_with("postgres") && self.setting("REEL__STORAGE__URL").is_some()
    }

    /// Starts a `reel worker` process on this server's data directory and database; its log
    /// goes to `log_file`.
    pub fn worker(&self, log_file: &Path) -> Child {
        let log = std::fs::File::create(log_file).expect("a worker log file");
        self.command().arg("worker").stdout(Stdio::null()).stderr(log).spawn().expect("reel worker starts")
    }

    /// The data directory.
    pub fn data_dir(&self) -> PathBuf {
        PathBuf::from(self.setting("REEL__DATA_DIR").expect("a data dir"))
    }

    /// The folder the stored objects are files in: the local store's, or the test S3 server's
    /// bucket folder.
    pub fn objects_dir(&self) -> PathBuf {
        match self.setting("REEL__STORAGE__URL") {
            Some(url) if url.starts_with("file://") => PathBuf::from(url.trim_start_matches("file://")),
            Some(url) => bucket_dir(url),
            None => self.data_dir().join("objects"),
        }
    }

    /// The database this server uses: its PostgreSQL database, or the SQLite file.
    pub fn database_url(&self) -> String {
        self.env
            .iter()
            .find(|(k, _)| k == "REEL__DATABASE__URL")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir().join("reel.db").display()))
    }

    /// Runs a `reel` subcommand against this server's config; returns stdout, panics on failure.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("reel runs");
        assert!(out.status.success(), "reel {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// A `reel` command with this server's environment.
    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_reel"));
        c.envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    fn launch(&mut self) {
        let mut child = self.command().args(&self.args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("reel serve starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let log = self.log.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("listening on http://") {
                    let _ = tx.send(line[at + "listening on ".len()..].trim().to_string());
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        self.base =
            rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("server did not start:\n{}", self.log.lock().unwrap()));
        // A suite meant for PostgreSQL must not pass on SQLite by accident.
        let expected = if self.database_url().starts_with("postgres") { "backend=Postgres" } else { "backend=Sqlite" };
        assert!(self.log().contains(expected), "the server is not on the expected database ({expected}):\n{}", self.log());
        let on_s3 = self.setting("REEL__STORAGE__URL").is_some_and(|url| url.starts_with("s3://"));
        let store = if on_s3 { "store=\"s3\"" } else { "store=\"file\"" };
        assert!(self.log().contains(store), "the server is not on the expected object store ({store}):\n{}", self.log());
        let redis = self.setting("REEL__CACHE__URL").is_some();
        assert_eq!(self.log().contains("shared=\"redis\""), redis, "the server is not on the expected shared state:\n{}", self.log());
        self.child = Some(child);
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Kills the server with SIGKILL (no graceful shutdown).
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    /// Sends the server signal `name` (`HUP`, `TERM`, …).
    pub fn signal(&self, name: &str) {
        let pid = self.child.as_ref().expect("a running server").id();
        let status = Command::new("kill").arg(format!("-{name}")).arg(pid.to_string()).status().expect("kill runs");
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Starts the server again on the same data directory (a new port).
    pub fn restart(&mut self) {
        self.kill9();
        self.launch();
    }

    /// An HTTP client.
    pub fn http(&self) -> reqwest::Client {
        reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap()
    }

    /// `GET {base}{path}` with the token, as JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.http().get(format!("{}{path}", self.base)).bearer_auth(&self.token).send().await.unwrap();
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.unwrap()
    }

    /// Uploads a file with the multipart route; returns the video id.
    pub async fn upload(&self, file: &Path, title: &str) -> String {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let form = reqwest::multipart::Form::new()
            .text("title", title.to_string())
            .text("description", "made by a test")
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let r = self.http().post(format!("{}/api/v1/videos", self.base)).bearer_auth(&self.token).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 201, "upload refused: {}", r.text().await.unwrap());
        let body: Value = r.json().await.unwrap();
        body["id"].as_str().unwrap().to_string()
    }

    /// Polls a video until its status is one of `statuses`; panics after `limit`.
    pub async fn wait_for(&self, id: &str, statuses: &[&str], limit: Duration) -> Value {
        let started = Instant::now();
        loop {
            let v = self.get_json(&format!("/api/v1/videos/{id}")).await;
            let status = v["status"].as_str().unwrap_or_default();
            if statuses.contains(&status) {
                return v;
            }
            assert!(status != "failed", "video failed: {v}\n{}", self.log());
            assert!(started.elapsed() < limit, "video still {status} after {limit:?}: {v}\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Uploads and waits for `ready`.
    pub async fn upload_ready(&self, file: &Path, title: &str) -> Value {
        let id = self.upload(file, title).await;
        self.wait_for(&id, &["ready"], Duration::from_secs(180)).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            stop(child, Duration::from_secs(5));
        }
    }
}

/// Polls `check` every 50 ms until it holds and returns how long that took; panics after
/// `limit`, naming `what`. For waits on the server (a key's grace period running out, an
/// upload expiring) instead of sleeping for a guess at their length.
pub async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "still not {what} after {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
}

/// Asserts an API error answer: its status and its `{"code"}`.
pub async fn assert_api_error(r: reqwest::Response, status: u16, code: &str) {
    let got = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!((got, body["code"].as_str()), (status, Some(code)), "{body}");
}

/// Stops a `reel` process gracefully (SIGTERM), or with SIGKILL after `grace`.
pub fn stop(mut child: Child, grace: Duration) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Makes a clip with ffmpeg: `inputs` are lavfi graphs (`testsrc2=…`, `sine=…`).
pub fn make_clip(dir: &Path, name: &str, inputs: &[&str], seconds: f64, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut c = Command::new("ffmpeg");
    c.args(["-hide_banner", "-loglevel", "error", "-y"]);
    for input in inputs {
        c.args(["-f", "lavfi", "-i", input]);
    }
    c.args(["-t", &seconds.to_string()]);
    if inputs.iter().any(|i| i.starts_with("testsrc") || i.starts_with("smptebars") || i.starts_with("mandelbrot")) {
        c.args(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
    }
    if inputs.iter().any(|i| i.starts_with("sine") || i.starts_with("anoisesrc")) {
        c.args(["-c:a", "aac"]);
    }
    c.args(extra).arg(&out);
    let status = c.status().expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg could not make {name}");
    out
}

/// Runs ffprobe on a URL or file; returns its JSON.
pub fn ffprobe(target: &str, args: &[&str]) -> Value {
    let out = Command::new("ffprobe").args(["-v", "error", "-print_format", "json"]).args(args).arg(target).output().expect("ffprobe runs");
    assert!(out.status.success(), "ffprobe {target}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The playback URL prefix (`…/play/{token}/{id}`) of a ready video.
pub fn play_prefix(video: &Value) -> String {
    video["playback"]["hls"].as_str().expect("playback URLs").trim_end_matches("/master.m3u8").to_string()
}
