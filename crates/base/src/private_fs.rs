//! Owner-only folders and files for what Reel keeps on local disk: the data folder holds the
//! database, private originals and secrets, so no other local user may read any of it.

use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Makes every file and folder this process creates from now on, and those of the programs it
/// runs (ffmpeg's outputs in scratch space), owner-only (umask 077): what a library or a child
/// creates with the usual 0644/0755 (a local store's objects, scratch folders, uploads being
/// received) is 0600/0700 instead. Called first thing at start.
pub fn owner_only_from_now_on() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Creates `path` and any missing parents readable by the owner only. Folders that already
/// exist are left as they are: they may be shared ones (`/var/lib`, a mounted volume).
pub fn create_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(path)
}

/// Creates `path` like [`create_dir`], then takes group and other access away from it if it
/// had some (its other mode bits stay). Returns whether it had to. For Reel's own folder.
pub fn create_private_dir(path: &Path) -> io::Result<bool> {
    create_dir(path)?;
    #[cfg(unix)]
    {
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077))?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Creates an empty file readable and writable by the owner only, unless it exists.
pub fn create_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).map(drop)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn new_folders_are_owner_only_and_existing_ones_are_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let made = root.path().join("a/b");
        create_dir(&made).unwrap();
        assert_eq!((mode(&root.path().join("a")), mode(&made)), (0o700, 0o700));
        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        create_dir(&shared).unwrap();
        assert_eq!(mode(&shared), 0o1777);
    }

    #[test]
    fn reels_own_folder_is_tightened_keeping_its_other_bits() {
        let root = tempfile::tempdir().unwrap();
        let open = root.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o2755)).unwrap();
        assert!(create_private_dir(&open).unwrap());
        assert_eq!(mode(&open), 0o2700);
        assert!(!create_private_dir(&open).unwrap());
    }

    #[test]
    fn files_are_made_owner_only_and_kept() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("reel.db");
        create_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        std::fs::write(&file, b"kept").unwrap();
        create_file(&file).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"kept");
    }
}
