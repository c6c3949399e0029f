//! Owner-only folders and files for what Reel keeps on local disk: the data folder holds the
//! database, private originals and secrets, so no other local user may read any of it.

use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Creates `path` (and missing parents) readable by the owner only, and takes group and other
/// access away from it if it already existed with some. Returns whether it had to tighten it.
pub fn create_dir(path: &Path) -> io::Result<bool> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(path)?;
    #[cfg(unix)]
    {
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
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
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_are_made_owner_only_and_open_ones_are_tightened() {
        let root = tempfile::tempdir().unwrap();
        let made = root.path().join("a/b");
        assert!(!create_dir(&made).unwrap());
        assert_eq!(mode(&made), 0o700);
        let open = root.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(create_dir(&open).unwrap());
        assert_eq!(mode(&open), 0o700);
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
