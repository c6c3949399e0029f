//! An S3 server that knows storage classes and restores, for the archive tests: moto's server
//! on 127.0.0.1 (`scripts/setup --test` installs it with boto3), and boto3 to look at what Reel
//! left in it from outside Reel.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server; killed on drop.
pub struct MotoServer {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    child: Child,
    log: tempfile::NamedTempFile,
}

impl MotoServer {
    /// Starts a server on a free port and waits (at most ~20 s) until it answers.
    pub fn start() -> Self {
        let port = super::free_port();
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log.reopen().expect("a log handle"))
            .stderr(log.reopen().expect("a log handle"))
            .spawn()
            .expect("python3 runs");
        let mut server = Self { endpoint: format!("http://127.0.0.1:{port}"), child, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = server.child.try_wait().expect("moto's status") {
                panic!("moto exited with {status} (`scripts/setup --test` installs it):\n{}", server.log());
            }
            assert!(Instant::now() < deadline, "moto did not listen on {port} within 20 s:\n{}", server.log());
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// What moto printed, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Runs a boto3 script with `s3` a client of this server (and `sys.argv[1:]` = `args`);
    /// returns what it printed.
    pub fn boto3(&self, script: &str, args: &[&str]) -> String {
        let prelude = format!(
            "import sys, boto3\ns3 = boto3.client('s3', endpoint_url='{}', aws_access_key_id='reel', aws_secret_access_key='reel-secret', region_name='us-east-1')\n",
            self.endpoint
        );
        let out = Command::new("python3").arg("-c").arg(prelude + script).args(args).output().expect("python3 runs");
        assert!(out.status.success(), "boto3 script failed:\n{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8").trim().to_string()
    }

    /// The storage class S3 reports for `key` in `bucket` (`STANDARD` when it reports none).
    pub fn storage_class(&self, bucket: &str, key: &str) -> String {
        self.boto3("print(s3.head_object(Bucket=sys.argv[1], Key=sys.argv[2]).get('StorageClass') or 'STANDARD')", &[bucket, key])
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
