//! The servers a fault test owns and breaks: a PostgreSQL cluster it stops and starts, an
//! s3s-fs server it kills and restarts on the same port and folder, a tmpfs it fills, and
//! libfaketime for a process whose clock is off. Each is missing-aware: where a test cannot
//! get one it says so, and under CI it fails instead (`common::backend_present`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{backend_present, free_port, s3_bucket_on};

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// Waits until something listens on `port`, for up to `limit`.
fn wait_for_port(port: u16, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A process the test started (a `reel worker`), stopped when the guard goes, even when the
/// test fails midway.
pub struct Running(pub Option<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.0.take() {
            crate::common::stop(child, Duration::from_secs(5));
        }
    }
}

/// A PostgreSQL cluster of the test's own, on 127.0.0.1 at a port of its own. PostgreSQL
/// refuses to run as root, so as root its programs run as the `postgres` user.
pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl Postgres {
    /// Makes and starts a cluster; `None` (the test is skipped) where PostgreSQL's server
    /// programs are not installed, outside CI.
    pub fn start() -> Option<Self> {
        let bin = Self::bin_dir();
        if !backend_present("PostgreSQL's server programs (initdb, pg_ctl)", bin.is_some()) {
            return None;
        }
        let dir = tempfile::Builder::new().prefix("reel-fault-pg").tempdir().unwrap();
        if is_root() {
            let ok = Command::new("chown").arg("postgres").arg(dir.path()).status().unwrap().success();
            assert!(ok, "could not give the cluster's folder to the postgres user");
        }
        let pg = Self { dir, bin: bin.unwrap(), port: free_port() };
        let data = pg.data();
        let out =
            pg.program("initdb").args(["-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "-D"]).arg(&data).output().unwrap();
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        pg.start_again();
        Some(pg)
    }

    fn bin_dir() -> Option<PathBuf> {
        let on_path = Command::new("sh").args(["-c", "command -v pg_ctl"]).output().ok().filter(|o| o.status.success());
        if let Some(out) = on_path {
            return Path::new(String::from_utf8_lossy(&out.stdout).trim()).parent().map(Path::to_path_buf);
        }
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("pg_ctl").exists())
            .collect();
        versions.sort();
        versions.pop()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// One of PostgreSQL's programs, as the `postgres` user when this is root.
    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    /// Starts the server (again), on the same port and data, and waits until it takes
    /// connections.
    pub fn start_again(&self) {
        let options = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100",
            self.port,
            self.dir.path().display()
        );
        let out = self
            .program("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .output()
            .unwrap();
        assert!(out.status.success(), "pg_ctl start: {}\n{}", String::from_utf8_lossy(&out.stderr), self.server_log());
    }

    /// Stops the server the way an operator's restart or a failover does: open connections are
    /// closed under their users (`pg_ctl stop -m fast`).
    pub fn stop(&self) {
        let out = self.program("pg_ctl").arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]).output().unwrap();
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A new, empty database on this server; its URL.
    pub fn database(&self) -> String {
        let name = format!("reel_fault_{}", uuid::Uuid::new_v4().simple());
        let server = format!("postgres://postgres@127.0.0.1:{}", self.port);
        let out = Command::new("psql")
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &format!("{server}/postgres"), "-c", &format!("CREATE DATABASE {name}")])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "CREATE DATABASE: {}", String::from_utf8_lossy(&out.stderr));
        format!("{server}/{name}")
    }

    fn server_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .program("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// An s3s-fs server of the test's own, keeping its buckets as folders under a folder of its
/// own. Killed, it is started again on the same port over the same folder.
pub struct S3 {
    dir: tempfile::TempDir,
    port: u16,
    key: String,
    secret: String,
    child: Option<Child>,
}

impl S3 {
    /// Starts one; `None` (the test is skipped) where s3s-fs is not installed, outside CI.
    pub fn start() -> Option<Self> {
        let installed = Command::new("s3s-fs").arg("--help").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
        if !backend_present("s3s-fs", installed) {
            return None;
        }
        let dir = tempfile::Builder::new().prefix("reel-fault-s3").tempdir().unwrap();
        std::fs::create_dir(dir.path().join("root")).unwrap();
        let suffix = uuid::Uuid::new_v4().simple().to_string();
        let mut s3 = Self { dir, port: free_port(), key: format!("reel-fault-{}", &suffix[..8]), secret: suffix, child: None };
        s3.start_again();
        Some(s3)
    }

    /// Starts the server (again) and waits until it listens.
    pub fn start_again(&mut self) {
        assert!(self.child.is_none(), "s3s-fs is running already");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.dir.path().join("server.log")).unwrap();
        let child = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string(), "--access-key", &self.key, "--secret-key", &self.secret])
            .arg(self.root())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("s3s-fs starts");
        self.child = Some(child);
        assert!(wait_for_port(self.port, Duration::from_secs(20)), "s3s-fs did not listen on {}", self.port);
    }

    /// Kills the server outright (SIGKILL), mid-request if it is in one.
    pub fn kill(&mut self) {
        let mut child = self.child.take().expect("s3s-fs is running");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    /// A server's settings for a new bucket here.
    pub fn bucket(&self) -> Vec<(String, String)> {
        s3_bucket_on(&format!("http://127.0.0.1:{}", self.port), &self.root(), &self.key, &self.secret)
    }

    /// The folder the objects of `settings`' bucket are files in.
    pub fn objects(&self, settings: &[(String, String)]) -> PathBuf {
        let url = &settings.iter().find(|(k, _)| k == "REEL__STORAGE__URL").expect("a storage URL").1;
        self.root().join(url.trim_start_matches("s3://"))
    }
}

impl Drop for S3 {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A tmpfs of a given size mounted over a folder (needs root), unmounted when dropped.
pub struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    /// Mounts one of `size` (`mount`'s syntax: `256k`, `64m`) at `path`, which is made if
    /// missing; `None` (the test is skipped) where mounting is not allowed, outside CI.
    pub fn mount(path: &Path, size: &str) -> Option<Self> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = is_root()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
        if !backend_present("a tmpfs mount (root)", mounted) {
            return None;
        }
        Some(Self { path: path.to_path_buf() })
    }

    /// Makes it `size` large, keeping what is in it.
    pub fn resize(&self, size: &str) {
        let ok = Command::new("mount").args(["-o", &format!("remount,size={size}")]).arg(&self.path).status().unwrap().success();
        assert!(ok, "could not resize the tmpfs at {}", self.path.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: a process may still have a file open in it.
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// The environment that sets a process's clock `offset` (`+2s`, `-2s`) off the machine's,
/// with libfaketime; `None` (the test is skipped) where it is not installed, outside CI. The
/// monotonic clock is left alone: timers and timeouts keep their length, as on a real host
/// whose wall clock is off.
pub fn skewed_clock(offset: &str) -> Option<Vec<(String, String)>> {
    let library = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("faketime/libfaketime.so.1"))
        .chain([PathBuf::from("/usr/lib/faketime/libfaketime.so.1")])
        .find(|p| p.exists());
    if !backend_present("libfaketime (Debian's faketime)", library.is_some()) {
        return None;
    }
    Some(vec![
        ("LD_PRELOAD".into(), library.unwrap().display().to_string()),
        ("FAKETIME".into(), offset.into()),
        ("DONT_FAKE_MONOTONIC".into(), "1".into()),
    ])
}
