//! Secrets generated on first start and kept under the data directory with mode 0600, or
//! given by configuration so that every host shares them.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rand::RngCore;

use reel_base::config::{is_hex_key, Config, Secret, MIN_KEY_BYTES};

/// The key named `setting`: its configured value, else the file `file` names, else the file
/// `generated` in the secrets folder (made on first use). Configured keys are hex, as the
/// generated files are, so a host's key moves into configuration unchanged.
pub fn configured_or_generated(setting: &str, value: &Secret, file: &str, generated: &Path) -> anyhow::Result<Vec<u8>> {
    let (text, from) = if !value.is_empty() {
        (value.expose().to_string(), setting.to_string())
    } else if !file.is_empty() {
        let text = std::fs::read_to_string(file).with_context(|| format!("{setting}_file {file}"))?;
        (text, format!("{setting}_file {file}"))
    } else {
        return read_or_create(generated, 32);
    };
    // The message names where the key came from, never the key.
    anyhow::ensure!(is_hex_key(&text), "{from} must hold at least {} hex digits ({MIN_KEY_BYTES} bytes)", 2 * MIN_KEY_BYTES);
    Ok(hex::decode(text.trim())?)
}

/// The key sign-in codes are hashed with (`keys.login_code`, else `secrets/otp.key`).
pub fn login_code_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    let k = &config.keys;
    configured_or_generated("keys.login_code", &k.login_code, &k.login_code_file, &secrets_dir(config).join("otp.key"))
}

/// The key message links are signed with (`keys.links`, else `secrets/links.key`).
pub fn links_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    let k = &config.keys;
    configured_or_generated("keys.links", &k.links, &k.links_file, &secrets_dir(config).join("links.key"))
}

/// The key client addresses are hashed with in the access log (`keys.access_log`, else
/// `secrets/access-log.key`).
pub fn access_log_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    let k = &config.keys;
    configured_or_generated("keys.access_log", &k.access_log, &k.access_log_file, &secrets_dir(config).join("access-log.key"))
}

/// The folder generated secrets live in.
pub fn secrets_dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("secrets")
}

/// Reads a hex-encoded secret from `path`, or creates one of `len` random bytes.
pub fn read_or_create(path: &Path, len: usize) -> anyhow::Result<Vec<u8>> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let key = hex::decode(text.trim()).map_err(|e| anyhow::anyhow!("{} is not a hex key: {e}", path.display()))?;
        anyhow::ensure!(key.len() >= 16, "{} holds a key that is too short", path.display());
        return Ok(key);
    }
    if let Some(dir) = path.parent() {
        reel_base::private_fs::create_dir(dir)?;
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
    fn a_configured_key_comes_before_its_file_and_both_before_the_generated_one() {
        let dir = tempfile::tempdir().unwrap();
        let generated = dir.path().join("secrets/links.key");
        let made = configured_or_generated("keys.links", &Secret::default(), "", &generated).unwrap();
        assert_eq!(made.len(), 32);

        // The generated file's text, moved into a file or a value, is the same key.
        let moved = dir.path().join("moved.key");
        std::fs::copy(&generated, &moved).unwrap();
        let from_file = configured_or_generated("keys.links", &Secret::default(), moved.to_str().unwrap(), &generated).unwrap();
        assert_eq!(from_file, made);
        let text = std::fs::read_to_string(&generated).unwrap();
        assert_eq!(configured_or_generated("keys.links", &Secret::new(text), "", &generated).unwrap(), made);

        let value = Secret::new("ab".repeat(40));
        assert_eq!(configured_or_generated("keys.links", &value, moved.to_str().unwrap(), &generated).unwrap(), vec![0xab; 40]);

        for bad in ["ab".repeat(16), "zz".repeat(32), "abc".repeat(31)] {
            let e = configured_or_generated("keys.links", &Secret::new(bad.clone()), "", &generated).unwrap_err().to_string();
            assert!(e.contains("keys.links must hold") && !e.contains(&bad), "{e}");
        }
        let e = configured_or_generated("keys.links", &Secret::default(), "/nonexistent/k", &generated).unwrap_err();
        assert!(format!("{e:#}").contains("keys.links_file /nonexistent/k"), "{e:#}");
    }

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
