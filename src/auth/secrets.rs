//! Secrets generated on first start and kept under the data directory with mode 0600.

use std::io::Write;
use std::path::Path;

use rand::RngCore;

/// Reads a hex-encoded secret from `path`, or creates one of `len` random bytes.
pub fn read_or_create(path: &Path, len: usize) -> anyhow::Result<Vec<u8>> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let key = hex::decode(text.trim()).map_err(|e| anyhow::anyhow!("{} is not a hex key: {e}", path.display()))?;
        anyhow::ensure!(key.len() >= 16, "{} holds a key that is too short", path.display());
        return Ok(key);
    }
    if let Some(dir) = path.parent() {
        crate::private_fs::create_dir(dir)?;
    }
    let mut key = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(hex::encode(&key).as_bytes())?;
            file.sync_all()?;
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_or_create(path, len),
        Err(e) => Err(e.into()),
    }
}

/// Compares two secrets in constant time (for equal lengths; a length mismatch is just false).
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_created_once_with_private_permissions_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets/key");
        let first = read_or_create(&path, 32).unwrap();
        assert_eq!(first.len(), 32);
        assert_eq!(read_or_create(&path, 32).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
