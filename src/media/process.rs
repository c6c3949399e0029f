//! The only place that spawns ffmpeg and ffprobe: confined arguments, timeouts that kill,
//! bounded concurrency, and distinct errors for each way a child can fail.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;
use tokio::sync::Semaphore;

/// How a child process failed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The binary is not installed or not on `PATH`.
    #[error("{0} is not installed (or not on PATH)")]
    NotInstalled(String),
    /// The child ran longer than allowed and was killed.
    #[error("{program} did not finish within {} s and was stopped", .limit.as_secs())]
    Timeout {
        /// Which program.
        program: String,
        /// The limit it hit.
        limit: Duration,
    },
    /// The child exited unsuccessfully; `stderr` holds the end of what it printed.
    #[error("{program} exited with {code:?}: {stderr}")]
    Failed {
        /// Which program.
        program: String,
        /// Exit code, when it exited rather than being killed by a signal.
        code: Option<i32>,
        /// The last lines it wrote to stderr.
        stderr: String,
    },
    /// Spawning or talking to the child failed.
    #[error("running {program}: {source}")]
    Io {
        /// Which program.
        program: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Spawns ffmpeg/ffprobe with a per-process cap on how many run at once.
#[derive(Clone)]
pub struct Runner {
    ffmpeg: PathBuf,
    ffprobe: PathBuf,
    permits: Arc<Semaphore>,
}

/// Counts a child in `reel_media_processes{program}` for as long as it is held, however the run
/// ends (a dropped run kills its child).
struct Running(metrics::Gauge);

impl Running {
    fn new(program: &std::path::Path) -> Self {
        let name = program.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let gauge = metrics::gauge!("reel_media_processes", "program" => name);
        gauge.increment(1.0);
        Self(gauge)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Lines of a child's stderr kept for the error message.
const STDERR_LINES: usize = 20;

impl Runner {
    /// A runner using the given binaries and at most `max_processes` children at once.
    pub fn new(ffmpeg: impl Into<PathBuf>, ffprobe: impl Into<PathBuf>, max_processes: usize) -> Self {
        Self { ffmpeg: ffmpeg.into(), ffprobe: ffprobe.into(), permits: Arc::new(Semaphore::new(max_processes.max(1))) }
    }

    /// Runs ffprobe and returns its stdout.
    pub async fn ffprobe(&self, args: Vec<OsString>, limit: Duration) -> Result<Vec<u8>, ProcessError> {
        let mut stdout = Vec::new();
        self.run(&self.ffprobe, args, limit, |line| {
            stdout.extend_from_slice(line.as_bytes());
            stdout.push(b'\n');
        })
        .await?;
        Ok(stdout)
    }

    /// Runs ffmpeg; every line it writes to stdout (its `-progress pipe:1` report) goes to
    /// `on_stdout_line`.
    pub async fn ffmpeg(&self, args: Vec<OsString>, limit: Duration, on_stdout_line: impl FnMut(&str)) -> Result<(), ProcessError> {
        self.run(&self.ffmpeg, args, limit, on_stdout_line).await
    }

    async fn run(
        &self,
        program: &PathBuf,
        args: Vec<OsString>,
        limit: Duration,
        mut on_line: impl FnMut(&str),
    ) -> Result<(), ProcessError> {
        let name = program.display().to_string();
        let _permit = self.permits.acquire().await.expect("the semaphore is never closed");
        let _running = Running::new(program);
        let mut child = Command::new(program)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Dropping the future (a lost lease, shutdown, timeout) must not leave ffmpeg behind.
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => ProcessError::NotInstalled(name.clone()),
                _ => ProcessError::Io { program: name.clone(), source },
            })?;
        tracing::debug!(program = %name, ?args, "spawned");

        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let stderr_tail = tokio::spawn(tail_lines(stderr));
        let work = async {
            let mut lines = BufReader::new(stdout).lines();
            while let Some(line) = lines.next_line().await.map_err(|source| ProcessError::Io { program: name.clone(), source })? {
                on_line(&line);
            }
            child.wait().await.map_err(|source| ProcessError::Io { program: name.clone(), source })
        };
        let status = match tokio::time::timeout(limit, work).await {
            Ok(status) => status?,
            Err(_) => {
                // kill_on_drop kills the child when `child` goes out of scope with this frame.
                return Err(ProcessError::Timeout { program: name, limit });
            }
        };
        let stderr = stderr_tail.await.unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(ProcessError::Failed { program: name, code: status.code(), stderr })
        }
    }
}

/// Keeps the last few lines a child writes to stderr (bounded, however much it writes).
async fn tail_lines(stream: impl AsyncRead + Unpin) -> String {
    let mut lines = BufReader::new(stream).lines();
    let mut tail = VecDeque::with_capacity(STDERR_LINES);
    while let Ok(Some(line)) = lines.next_line().await {
        if tail.len() == STDERR_LINES {
            tail.pop_front();
        }
        tail.push_back(line.chars().take(500).collect::<String>());
    }
    Vec::from(tail).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_missing_binary_is_reported_as_not_installed() {
        let runner = Runner::new("/nonexistent/ffmpeg", "/nonexistent/ffprobe", 1);
        let err = runner.ffprobe(vec![], Duration::from_secs(5)).await.unwrap_err();
        assert!(matches!(err, ProcessError::NotInstalled(_)), "{err}");
    }

    #[tokio::test]
    async fn a_child_that_runs_too_long_is_killed() {
        let runner = Runner::new("sleep", "sleep", 1);
        let started = std::time::Instant::now();
        let err = runner.ffmpeg(vec!["30".into()], Duration::from_millis(300), |_| {}).await.unwrap_err();
        assert!(matches!(err, ProcessError::Timeout { .. }), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_failing_child_reports_its_exit_code_and_stderr() {
        let runner = Runner::new("sh", "sh", 1);
        let args = vec!["-c".into(), "echo boom >&2; exit 3".into()];
        match runner.ffmpeg(args, Duration::from_secs(5), |_| {}).await.unwrap_err() {
            ProcessError::Failed { code, stderr, .. } => {
                assert_eq!(code, Some(3));
                assert_eq!(stderr, "boom");
            }
            other => panic!("unexpected {other}"),
        }
    }
}
