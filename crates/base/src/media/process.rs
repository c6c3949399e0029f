//! The only place that spawns ffmpeg and ffprobe: confined arguments, timeouts that kill,
//! bounded concurrency, distinct errors for each way a child can fail, the CPU time each
//! child used (for the cost of a processing run, [`measure_cpu`]), and children held stopped
//! while other work needs the cores ([`Runner::ffmpeg_held`]).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::future::Future;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;
use tokio::sync::{watch, Semaphore};
use tracing::Instrument;

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

tokio::task_local! {
    /// Microseconds of CPU the children run by the current [`measure_cpu`] have used.
    static CPU_USED: Arc<AtomicU64>;
}

/// Runs `work`, adding up the CPU time (user and system) of every child it runs to its end
/// through a [`Runner`]; a child killed early (timeout, cancelled run) is not counted.
pub async fn measure_cpu<F: Future>(work: F) -> (F::Output, Duration) {
    let used = Arc::new(AtomicU64::new(0));
    let output = CPU_USED.scope(used.clone(), work).await;
    (output, Duration::from_micros(used.load(Ordering::Relaxed)))
}

/// The clock ticks `/proc/{pid}/stat` counts CPU time in (`USER_HZ`, 100 on every Linux ABI).
const TICKS_PER_SEC: u64 = 100;

/// The CPU time of a child that has finished its work: read from `/proc/{pid}/stat` once the
/// kernel shows it as a zombie (exited, not yet reaped: its times are final and still there).
/// Polls briefly, since closing stdout comes just before the exit; `None` off Linux or when the
/// state never shows (then nothing is counted rather than a guess).
async fn cpu_at_exit(pid: u32) -> Option<Duration> {
    let path = format!("/proc/{pid}/stat");
    for _ in 0..200 {
        let stat = tokio::fs::read_to_string(&path).await.ok()?;
        // The command name is in parentheses and may hold spaces: fields count from after it.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        // Fields 3 (state), 14 (utime) and 15 (stime) of proc(5), here from 0 after the name.
        if fields.first() == Some(&"Z") {
            let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            return Some(Duration::from_millis(ticks * 1000 / TICKS_PER_SEC));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

impl Runner {
    /// A runner using the given binaries and at most `max_processes` children at once.
    pub fn new(ffmpeg: impl Into<PathBuf>, ffprobe: impl Into<PathBuf>, max_processes: usize) -> Self {
        Self { ffmpeg: ffmpeg.into(), ffprobe: ffprobe.into(), permits: Arc::new(Semaphore::new(max_processes.max(1))) }
    }

    /// Runs ffprobe and returns its stdout.
    pub async fn ffprobe(&self, args: Vec<OsString>, limit: Duration) -> Result<Vec<u8>, ProcessError> {
        self.probe(args, limit, Bounds::default()).await
    }

    /// Runs ffprobe as [`Runner::ffprobe`] does with at most `memory` bytes of heap (see
    /// [`Runner::ffmpeg_bounded`]): reading a stream's parameters may decode its first picture.
    pub async fn ffprobe_bounded(&self, args: Vec<OsString>, limit: Duration, memory: u64) -> Result<Vec<u8>, ProcessError> {
        self.probe(args, limit, Bounds { memory: Some(memory), ..Bounds::default() }).await
    }

    async fn probe(&self, args: Vec<OsString>, limit: Duration, bounds: Bounds) -> Result<Vec<u8>, ProcessError> {
        let mut stdout = Vec::new();
        self.run(
            &self.ffprobe,
            args,
            limit,
            |line| {
                stdout.extend_from_slice(line.as_bytes());
                stdout.push(b'\n');
            },
            bounds,
        )
        .await?;
        Ok(stdout)
    }

    /// Runs ffmpeg; every line it writes to stdout (its `-progress pipe:1` report) goes to
    /// `on_stdout_line`.
    pub async fn ffmpeg(&self, args: Vec<OsString>, limit: Duration, on_stdout_line: impl FnMut(&str)) -> Result<(), ProcessError> {
        self.run(&self.ffmpeg, args, limit, on_stdout_line, Bounds::default()).await
    }

    /// Runs ffmpeg with at most `memory` bytes of heap (its data segment, `RLIMIT_DATA`, set
    /// before it starts): work on what someone uploaded whose size a header can lie about (a
    /// picture) fails to allocate ("Cannot allocate memory", see [`is_out_of_memory`]) instead
    /// of taking the host's memory.
    pub async fn ffmpeg_bounded(&self, args: Vec<OsString>, limit: Duration, memory: u64) -> Result<(), ProcessError> {
        self.run(&self.ffmpeg, args, limit, |_| {}, Bounds { memory: Some(memory), ..Bounds::default() }).await
    }

    /// Runs ffmpeg as [`Runner::ffmpeg`] does, stopped (`SIGSTOP`) whenever `hold` says true
    /// and continued (`SIGCONT`) when it says false again or is dropped: work that must give
    /// the cores to other work for a while without losing its place. Time held counts
    /// against `limit`.
    pub async fn ffmpeg_held(
        &self,
        args: Vec<OsString>,
        limit: Duration,
        on_stdout_line: impl FnMut(&str),
        hold: watch::Receiver<bool>,
    ) -> Result<(), ProcessError> {
        self.run(&self.ffmpeg, args, limit, on_stdout_line, Bounds { hold: Some(hold), ..Bounds::default() }).await
    }

    async fn run(
        &self,
        program: &PathBuf,
        args: Vec<OsString>,
        limit: Duration,
        mut on_line: impl FnMut(&str),
        bounds: Bounds,
    ) -> Result<(), ProcessError> {
        let name = program.display().to_string();
        let _permit = self.permits.acquire().await.expect("the semaphore is never closed");
        let _running = Running::new(program);
        // The bounding shell answers 127 when it cannot find the program.
        let wrapped = bounds.memory.is_some();
        let mut command = match bounds.memory {
            None => Command::new(program),
            Some(bytes) => bounded_memory(program, bytes),
        };
        let mut child = command
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
        // One span per child, inside the job's or the request's: what it logs and how it ended
        // read as part of its item's trace.
        let short = program.file_name().map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
        let span = tracing::info_span!("child", program = %short, pid = child.id().unwrap_or_default());
        let started = std::time::Instant::now();
        async {
            tracing::debug!(program = %name, ?args, "spawned");
            let holder = hold_while(child.id(), bounds.hold);
            let stdout = child.stdout.take().expect("stdout is piped");
            let stderr = child.stderr.take().expect("stderr is piped");
            let stderr_tail = tokio::spawn(tail_lines(stderr));
            let work = async {
                let mut lines = BufReader::new(stdout).lines();
                while let Some(line) = lines.next_line().await.map_err(|source| ProcessError::Io { program: name.clone(), source })? {
                    on_line(&line);
                }
                // Before the wait reaps it, while its final times can still be read.
                if let (Ok(used), Some(pid)) = (CPU_USED.try_with(Arc::clone), child.id()) {
                    if let Some(cpu) = cpu_at_exit(pid).await {
                        used.fetch_add(u64::try_from(cpu.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
                    }
                }
                child.wait().await.map_err(|source| ProcessError::Io { program: name.clone(), source })
            };
            // The holder never ends: the child's work does, and then it is dropped. The child is
            // not reaped before that, so its pid cannot be another process's meanwhile.
            let work = async {
                tokio::select! {
                    status = work => status,
                    never = holder => match never {},
                }
            };
            let status = match tokio::time::timeout(limit, work).await {
                Ok(status) => status?,
                Err(_) => {
                    // kill_on_drop kills the child when `child` goes out of scope with this frame.
                    return Err(ProcessError::Timeout { program: name, limit });
                }
            };
            tracing::debug!(seconds = started.elapsed().as_secs_f64(), code = ?status.code(), "exited");
            let stderr = stderr_tail.await.unwrap_or_default();
            if status.success() {
                Ok(())
            } else if wrapped && status.code() == Some(127) {
                Err(ProcessError::NotInstalled(name))
            } else {
                Err(ProcessError::Failed { program: name, code: status.code(), stderr })
            }
        }
        .instrument(span)
        .await
    }
}

/// How a child runs beyond its arguments and time limit.
#[derive(Default)]
struct Bounds {
    /// Stopped while this says true (see [`Runner::ffmpeg_held`]).
    hold: Option<watch::Receiver<bool>>,
    /// The most heap it may have, in bytes (see [`Runner::ffmpeg_bounded`]).
    memory: Option<u64>,
}

/// A command that runs `program` with its data segment (its heap and every private writable
/// mapping) limited to `bytes`, soft and hard, so it cannot raise it again: the shell sets the
/// limit on itself and becomes the program (`exec`, the same process), so the limit is in force
/// before the program's first instruction. The program's arguments follow as the shell's
/// positional parameters, never read as shell words.
fn bounded_memory(program: &std::path::Path, bytes: u64) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", r#"ulimit -d "$0" && exec "$@""#]).arg((bytes / 1024).to_string()).arg(program);
    command
}

/// Whether a child failed because it could not have the memory it asked for (see
/// [`Runner::ffmpeg_bounded`]).
pub fn is_out_of_memory(e: &ProcessError) -> bool {
    matches!(e, ProcessError::Failed { stderr, .. } if stderr.contains("Cannot allocate memory"))
}

/// Stops and continues the child `pid` as `hold` says, for as long as it is polled; continues
/// it for good once `hold` is dropped.
async fn hold_while(pid: Option<u32>, hold: Option<watch::Receiver<bool>>) -> std::convert::Infallible {
    let pid = pid.and_then(|p| i32::try_from(p).ok()).and_then(rustix::process::Pid::from_raw);
    if let (Some(pid), Some(mut hold)) = (pid, hold) {
        let mut held = false;
        loop {
            let want = *hold.borrow_and_update();
            if want != held {
                let signal = if want { rustix::process::Signal::STOP } else { rustix::process::Signal::CONT };
                // It may have exited meanwhile (a zombie takes signals quietly): nothing to do.
                let _ = rustix::process::kill_process(pid, signal);
                held = want;
            }
            if hold.changed().await.is_err() {
                if held {
                    let _ = rustix::process::kill_process(pid, rustix::process::Signal::CONT);
                }
                break;
            }
        }
    }
    std::future::pending().await
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
        let err = runner.ffprobe_bounded(vec![], Duration::from_secs(5), 256 << 20).await.unwrap_err();
        assert!(matches!(err, ProcessError::NotInstalled(_)), "bounded too: {err}");
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

    #[tokio::test]
    async fn a_bounded_child_cannot_have_more_heap_nor_raise_its_bound() {
        let runner = Runner::new("sh", "sh", 1);
        let args = || vec!["-c".into(), "ulimit -S -d; ulimit -H -d".into()];
        // The bounded program is `sh` itself here, run by the bounding shell.
        let bounded = runner.ffprobe_bounded(args(), Duration::from_secs(5), 256 << 20).await.unwrap();
        assert_eq!(String::from_utf8(bounded).unwrap(), "262144\n262144\n", "in KiB, soft and hard");
        let free = runner.ffprobe(args(), Duration::from_secs(5)).await.unwrap();
        assert_ne!(String::from_utf8(free).unwrap(), "262144\n262144\n", "only the bounded run is");
        let raise = vec!["-c".into(), "ulimit -d unlimited".into()];
        assert!(runner.ffprobe_bounded(raise, Duration::from_secs(5), 256 << 20).await.is_err(), "a bounded child cannot lift its bound");
    }

    #[tokio::test]
    async fn a_held_child_is_stopped_until_let_go() {
        let runner = Runner::new("sh", "sh", 1);
        // Prints a tick every 20 ms: none may come while it is held.
        let args = vec!["-c".into(), "i=0; while [ $i -lt 40 ]; do echo $i; i=$((i+1)); sleep 0.02; done".into()];
        let (hold, held) = watch::channel(false);
        let ticks = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = ticks.clone();
        let run = runner.ffmpeg_held(args, Duration::from_secs(30), move |_| seen.lock().unwrap().push(std::time::Instant::now()), held);
        let control = async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            hold.send(true).unwrap();
            let stopped = std::time::Instant::now();
            tokio::time::sleep(Duration::from_millis(600)).await;
            hold.send(false).unwrap();
            stopped
        };
        let (result, stopped) = tokio::join!(run, control);
        result.unwrap();
        let ticks = ticks.lock().unwrap();
        assert_eq!(ticks.len(), 40, "it ran to its end");
        // Allow for a tick already in the pipe when the stop came.
        let during =
            ticks.iter().filter(|t| **t > stopped + Duration::from_millis(100) && **t < stopped + Duration::from_millis(600)).count();
        assert_eq!(during, 0, "nothing ran while held");
    }

    #[tokio::test]
    async fn the_cpu_time_of_children_is_measured() {
        let runner = Runner::new("sh", "sh", 2);
        let busy = || vec!["-c".into(), "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done".into()];
        let started = std::time::Instant::now();
        let ((), cpu) = measure_cpu(async {
            runner.ffmpeg(busy(), Duration::from_secs(30), |_| {}).await.unwrap();
            runner.ffmpeg(busy(), Duration::from_secs(30), |_| {}).await.unwrap();
        })
        .await;
        let wall = started.elapsed();
        // Two runs of the loop take well over 50 ms of CPU on any machine, however loaded (a
        // loaded one stretches the wall time, not the CPU time); one child at a time can use no
        // more than the wall time (/proc counts in 10 ms ticks).
        assert!(cpu >= Duration::from_millis(50), "cpu {cpu:?} over wall {wall:?}");
        assert!(cpu <= wall + Duration::from_millis(50), "cpu {cpu:?} over wall {wall:?}");
        // Outside a measurement nothing is counted, and nothing fails.
        runner.ffmpeg(busy(), Duration::from_secs(30), |_| {}).await.unwrap();
    }
}
