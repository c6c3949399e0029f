//! Private working folders for job runs under `{data_dir}/scratch`, removed when a run ends
//! however it ends, and swept at start-up when a killed process left them behind; and files
//! the runs on one host share (an original several chunks are encoded from), swept once idle.

use std::path::{Path, PathBuf};
use std::time::Duration;

use reel_base::config::Config;

/// A private working folder for one run of a job.
pub struct Scratch {
    /// The folder.
    pub path: PathBuf,
}

impl Scratch {
    /// Makes a fresh folder named after `subject` under `{data_dir}/scratch`; a `StorageFull`
    /// error, saying how much is free, when that disk has less than `jobs.scratch_min_free_mb`.
    pub async fn create(config: &Config, subject: impl std::fmt::Display) -> std::io::Result<Self> {
        let root = config.data_dir.join("scratch");
        tokio::fs::create_dir_all(&root).await?;
        room(&root, config.jobs.scratch_min_free_mb)?;
        // One folder per run: a run that lost its lease may still be exiting beside a new one.
        let path = root.join(format!("{subject}-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::create_dir_all(&path).await?;
        Ok(Self { path })
    }
}

/// Whether the disk `folder` is on has `min_mb` MiB free for this process (not counting what
/// is kept for root), as a `StorageFull` error that reads well in a job's last error.
fn room(folder: &Path, min_mb: u64) -> std::io::Result<()> {
    let stat = rustix::fs::statvfs(folder)?;
    let free = stat.f_bavail.saturating_mul(stat.f_frsize);
    if free >= min_mb << 20 {
        return Ok(());
    }
    let message = format!(
        "the scratch disk is full: {} KiB free in {}, and a run needs at least {min_mb} MiB (jobs.scratch_min_free_mb)",
        free >> 10,
        folder.display()
    );
    Err(std::io::Error::new(std::io::ErrorKind::StorageFull, message))
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %self.path.display(), error = %e, "could not remove scratch space");
            }
        }
    }
}

/// A file several runs on this host read (an original whose chunks they encode): fetched by
/// `fetch` into a temporary name and renamed into place by whichever run needs it first, then
/// read by the others as it is. It lives in a folder of its own under `scratch`, so the sweep
/// removes it once no run has used it for long.
pub async fn shared_file<F>(data_dir: &Path, name: &str, fetch: F) -> Result<PathBuf, super::JobError>
where
    F: AsyncFnOnce(&Path) -> Result<(), super::JobError>,
{
    let folder = data_dir.join("scratch").join(format!("shared-{name}"));
    let path = folder.join("file");
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        // Used now: not idle, whatever its age.
        if let Ok(file) = std::fs::File::open(&path) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        return Ok(path);
    }
    tokio::fs::create_dir_all(&folder).await.map_err(anyhow::Error::from)?;
    let partial = folder.join(format!("part-{}", uuid::Uuid::new_v4().simple()));
    let fetched = fetch(&partial).await;
    if fetched.is_ok() {
        tokio::fs::rename(&partial, &path).await.map_err(anyhow::Error::from)?;
    } else {
        let _ = tokio::fs::remove_file(&partial).await;
    }
    fetched.map(|()| path)
}

/// Removes a shared file (see [`shared_file`]) no run needs any more.
pub fn forget_shared(data_dir: &Path, name: &str) {
    let _ = std::fs::remove_dir_all(data_dir.join("scratch").join(format!("shared-{name}")));
}

/// Removes scratch folders nothing has written to for `max_idle`: runs whose process was
/// killed (SIGKILL, power loss) and so never dropped their [`Scratch`]. Returns how many went.
pub fn sweep_stale(data_dir: &Path, max_idle: Duration) -> std::io::Result<usize> {
    let root = data_dir.join("scratch");
    let Ok(entries) = std::fs::read_dir(&root) else { return Ok(0) };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        // A live run writes segments every few seconds somewhere below its folder.
        let idle = newest_write(&path).and_then(|t| t.elapsed().ok()).unwrap_or(Duration::MAX);
        if idle > max_idle && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

fn newest_write(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let own = meta.modified().ok();
    if !meta.is_dir() {
        return own;
    }
    std::fs::read_dir(path).ok()?.flatten().filter_map(|e| newest_write(&e.path())).chain(own).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scratch_folders_idle_for_long_are_swept() {
        let data = tempfile::tempdir().unwrap();
        let (old, busy) = (data.path().join("scratch/old-run/out"), data.path().join("scratch/busy-run/out"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(&busy).unwrap();
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for dir in [old.parent().unwrap(), &old] {
            std::fs::File::open(dir).unwrap().set_modified(an_hour_ago).unwrap();
        }
        std::fs::write(busy.join("00001.m4s"), b"fresh").unwrap();
        assert_eq!(sweep_stale(data.path(), Duration::from_secs(600)).unwrap(), 1);
        assert!(!old.exists() && busy.exists());
    }

    #[test]
    fn a_disk_with_too_little_free_refuses_a_run_and_says_how_much_is_free() {
        let data = tempfile::tempdir().unwrap();
        assert!(room(data.path(), 0).is_ok());
        let e = room(data.path(), u64::MAX >> 20).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
        assert!(e.to_string().starts_with("the scratch disk is full: ") && e.to_string().contains("KiB free in"), "{e}");
    }

    #[tokio::test]
    async fn a_shared_file_is_fetched_once_and_a_failed_fetch_leaves_nothing() {
        let data = tempfile::tempdir().unwrap();
        let fetches = std::sync::atomic::AtomicUsize::new(0);
        for _ in 0..2 {
            let path = shared_file(data.path(), "source-x", async |to: &Path| {
                fetches.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::fs::write(to, b"original").await.map_err(anyhow::Error::from)?;
                Ok(())
            })
            .await
            .unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"original");
        }
        assert_eq!(fetches.load(std::sync::atomic::Ordering::SeqCst), 1);
        let failed = shared_file(data.path(), "source-y", async |to: &Path| {
            tokio::fs::write(to, b"half").await.map_err(anyhow::Error::from)?;
            Err(crate::platform::jobs::JobError::Permanent("gone".into()))
        })
        .await;
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(data.path().join("scratch/shared-source-y")).unwrap().count(), 0);
        forget_shared(data.path(), "source-x");
        assert!(!data.path().join("scratch/shared-source-x").exists());
    }
}
