//! What tells one version of a file from another, for the watchers that follow files while
//! Reel runs (the playback key ring, the configuration file's `[edge]` lists).

use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// A file's modification time, length and inode: a rewrite in place changes the first two, a
/// new file renamed over it (how keys and configuration are best replaced) the third.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now.
    pub fn of(path: &Path) -> io::Result<Self> {
        let meta = fs::metadata(path)?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Self { modified: meta.modified().ok(), len: meta.len(), inode })
    }
}
