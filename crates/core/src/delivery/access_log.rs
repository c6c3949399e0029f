//! The origin's access log (`[access_log]`, off by default): one JSON line per media request —
//! time, item, rendition, file, class, status, bytes, cache hit, client address (after the
//! trusted-proxy handling), a keyed hash of the viewer, latency — the CDN access log of the
//! designs Reel replaces. Lines go through a bounded channel to one writer task, so a slow disk
//! never holds a request (a full channel drops the line and counts it); the file is rotated by
//! size, keeping `keep` old files (`access.log.1` the newest).

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use tokio::sync::mpsc;

use reel_base::config::AccessLogConfig;
use reel_base::domain::VideoId;

use reel_base::domain::Holder;

/// Lines waiting for the writer at most; past this, lines are dropped and counted.
const QUEUE: usize = 8192;

/// What the origin's handlers leave on a response for the log: whose token opened it, and
/// whether the bytes came from the origin cache.
#[derive(Debug, Clone, Copy, Default)]
pub struct Served {
    /// The viewer the token was issued to.
    pub viewer: Option<Holder>,
    /// `Some(true)` from the origin cache, `Some(false)` read from the store, `None` not a
    /// cacheable object.
    pub cache_hit: Option<bool>,
}

/// One line.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// RFC 3339, milliseconds, UTC.
    pub time: String,
    /// The item, when the path names one.
    pub video: Option<VideoId>,
    /// The rendition, for a rendition's file.
    pub rendition: Option<String>,
    /// The file asked for.
    pub file: String,
    /// manifest, segment, key, download, image or other.
    pub class: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// Bytes answered with.
    pub bytes: u64,
    /// Whether the origin cache answered (absent: not a cacheable object).
    pub cache_hit: Option<bool>,
    /// The client's address after trusted-proxy handling.
    pub client: IpAddr,
    /// A keyed hash of the viewer's account (`anonymous` for a public item's anonymous viewer);
    /// absent when the request was refused before its token was read.
    pub viewer: Option<String>,
    /// Time to the response head, ms.
    pub ms: f64,
}

/// The log: a sender to the writer task and the key viewers are hashed with.
#[derive(Clone)]
pub struct AccessLog {
    lines: mpsc::Sender<Entry>,
    key: std::sync::Arc<[u8]>,
}

impl AccessLog {
    /// Starts the writer for `config` (under `data_dir` when its path is relative or empty);
    /// `None` when the log is off.
    pub fn start(config: &AccessLogConfig, data_dir: &Path, key: Vec<u8>) -> std::io::Result<Option<Self>> {
        if !config.enabled {
            return Ok(None);
        }
        let path = match config.path.trim() {
            "" => data_dir.join("logs").join("access.log"),
            p if Path::new(p).is_absolute() => PathBuf::from(p),
            p => data_dir.join(p),
        };
        let mut writer = Rotating::open(path, config.max_bytes, config.keep)?;
        let (tx, mut rx) = mpsc::channel::<Entry>(QUEUE);
        std::thread::Builder::new().name("access-log".into()).spawn(move || {
            while let Some(entry) = rx.blocking_recv() {
                let mut batch = vec![entry];
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                if let Err(e) = writer.write(&batch) {
                    tracing::warn!(error = %e, lines = batch.len(), "could not write the access log");
                }
            }
        })?;
        Ok(Some(Self { lines: tx, key: key.into() }))
    }

    /// The viewer as the log writes it: 16 hex digits of an HMAC of the account id, so lines of
    /// one viewer can be told apart and joined, but not traced to the account without the key.
    pub fn viewer_tag(&self, viewer: Holder) -> String {
        match viewer.account() {
            None => "anonymous".into(),
            Some(id) => {
                let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
                mac.update(b"access-log\n");
                mac.update(id.to_string().as_bytes());
                hex::encode(&mac.finalize().into_bytes()[..8])
            }
        }
    }

    /// Queues a line; drops it (and counts the drop) when the writer is that far behind.
    pub fn log(&self, entry: Entry) {
        if self.lines.try_send(entry).is_err() {
            metrics::counter!("reel_access_log_dropped_total").increment(1);
        }
    }
}

/// A file rotated by size: `path`, then `path.1` … `path.{keep}`.
struct Rotating {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    size: u64,
    max_bytes: u64,
    keep: u32,
}

impl Rotating {
    fn open(path: PathBuf, max_bytes: u64, keep: u32) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            reel_base::private_fs::create_dir(dir)?;
        }
        reel_base::private_fs::create_file(&path)?;
        let file = std::fs::OpenOptions::new().append(true).open(&path)?;
        let size = file.metadata()?.len();
        Ok(Self { path, file: std::io::BufWriter::new(file), size, max_bytes: max_bytes.max(1024), keep })
    }

    fn write(&mut self, batch: &[Entry]) -> std::io::Result<()> {
        for entry in batch {
            let mut line = serde_json::to_vec(entry).expect("an entry serialises");
            line.push(b'\n');
            if self.size > 0 && self.size + line.len() as u64 > self.max_bytes {
                self.rotate()?;
            }
            self.file.write_all(&line)?;
            self.size += line.len() as u64;
        }
        self.file.flush()
    }

    /// `path.{keep-1}` → `path.{keep}` … `path` → `path.1`, then a fresh `path`.
    fn rotate(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        let numbered = |n: u32| PathBuf::from(format!("{}.{n}", self.path.display()));
        if self.keep == 0 {
            std::fs::remove_file(&self.path)?;
        } else {
            for n in (1..self.keep).rev() {
                if numbered(n).exists() {
                    std::fs::rename(numbered(n), numbered(n + 1))?;
                }
            }
            std::fs::rename(&self.path, numbered(1))?;
        }
        reel_base::private_fs::create_file(&self.path)?;
        self.file = std::io::BufWriter::new(std::fs::OpenOptions::new().append(true).open(&self.path)?);
        self.size = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u16) -> Entry {
        Entry {
            time: "2026-11-23T00:00:00.000Z".into(),
            video: None,
            rendition: None,
            file: format!("{n:05}.m4s"),
            class: "segment",
            status: 200,
            bytes: u64::from(n),
            cache_hit: Some(false),
            client: "127.0.0.1".parse().unwrap(),
            viewer: None,
            ms: 1.0,
        }
    }

    #[test]
    fn the_file_rotates_by_size_and_keeps_only_so_many_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/access.log");
        let mut log = Rotating::open(path.clone(), 1024, 2).unwrap();
        for n in 0..100 {
            log.write(&[entry(n)]).unwrap();
        }
        let sizes: Vec<u64> = ["access.log", "access.log.1", "access.log.2"]
            .iter()
            .map(|f| std::fs::metadata(dir.path().join("logs").join(f)).unwrap().len())
            .collect();
        assert!(sizes.iter().all(|&s| s > 0 && s <= 1024), "{sizes:?}");
        assert!(!dir.path().join("logs/access.log.3").exists(), "only two old files are kept");
        // Every line is whole JSON, and the newest is in the current file.
        let current = std::fs::read_to_string(&path).unwrap();
        let last: serde_json::Value = serde_json::from_str(current.lines().last().unwrap()).unwrap();
        assert_eq!(last["file"], "00099.m4s");
        for file in ["access.log", "access.log.1", "access.log.2"] {
            for line in std::fs::read_to_string(dir.path().join("logs").join(file)).unwrap().lines() {
                serde_json::from_str::<serde_json::Value>(line).unwrap();
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn viewers_are_hashed_with_the_key() {
        let (tx, _rx) = mpsc::channel(1);
        let log = AccessLog { lines: tx, key: b"key-one".to_vec().into() };
        let other = AccessLog { key: b"key-two".to_vec().into(), ..log.clone() };
        let user = reel_base::domain::UserId::new();
        let tag = log.viewer_tag(Holder::Account(user));
        assert_eq!(tag.len(), 16);
        assert!(!tag.contains(&user.to_string()[..8]));
        assert_eq!(tag, log.viewer_tag(Holder::Account(user)));
        assert_ne!(tag, other.viewer_tag(Holder::Account(user)));
        assert_eq!(log.viewer_tag(Holder::Anonymous), "anonymous");
    }
}
