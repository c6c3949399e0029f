//! Content keys and their envelope: each encrypted video has a random AES-128 key, stored only
//! wrapped with AES-256-GCM under the master key (as a KMS wraps a data key), bound to the
//! video's id. The plain key lives in memory while segments are encrypted or a key is served,
//! and is never written or logged. During a master-key rotation the previous master key still
//! opens the keys not yet re-wrapped.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use reel_base::config::Config;
use reel_base::domain::VideoId;
use reel_base::file_stamp::FileStamp;
use reel_base::media::encrypt::KEY_LEN;

/// Bytes in the master key (AES-256).
pub const MASTER_KEY_LEN: usize = 32;
/// Bytes in an AES-GCM nonce.
const NONCE_LEN: usize = 12;
/// Bytes in an AES-GCM tag.
const TAG_LEN: usize = 16;
/// The generated master key's file in the secrets folder.
pub const MASTER_KEY_FILE: &str = "master.key";
/// The generated master key before the last rotation, kept beside it by `rotate-master`.
pub const PREVIOUS_MASTER_KEY_FILE: &str = "master.previous.key";
/// Generated master keys older than the previous one, kept as `master.retired-{ms}.key`: a
/// database restored from before several rotations still opens, and the next rotation moves
/// its envelopes on.
pub const RETIRED_MASTER_KEY_PREFIX: &str = "master.retired-";

/// Why a master key could not be had or a content key could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ContentKeyError {
    /// The configured master key, or its file, is not 32 bytes in hex.
    #[error("{0} must hold the master key as 64 hex digits (32 bytes)")]
    BadMasterKey(String),
    /// The master key file could not be read or made.
    #[error("master key {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: anyhow::Error,
    },
    /// The stored value is not of the wrapped-key shape.
    #[error("the stored content key is malformed")]
    Malformed,
    /// Authentication failed: another master key wrapped it, or it belongs to another video.
    #[error("the master key does not open this content key (another master key, or another video's key)")]
    WrongKey,
}

/// The key that wraps content keys. `Debug` never shows it.
#[derive(Clone)]
pub struct MasterKey([u8; MASTER_KEY_LEN]);

impl MasterKey {
    /// A master key from 64 hex digits; `source` names where they came from, for the error.
    pub fn from_hex(text: &str, source: &str) -> Result<Self, ContentKeyError> {
        let bytes = hex::decode(text.trim()).map_err(|_| ContentKeyError::BadMasterKey(source.to_string()))?;
        Self::from_bytes(&bytes, source)
    }

    fn from_bytes(bytes: &[u8], source: &str) -> Result<Self, ContentKeyError> {
        bytes.try_into().map(Self).map_err(|_| ContentKeyError::BadMasterKey(source.to_string()))
    }

    /// A new random master key from the OS.
    pub fn generate() -> Self {
        let mut key = [0u8; MASTER_KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// The key as 64 hex digits, as the key files hold it.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The master key of this configuration: `packaging.master_key`, else the file named by
    /// `packaging.master_key_file`, else `{data_dir}/secrets/master.key` (made on first use,
    /// mode 0600). A file is read again only when it changed (a rotation replaced it).
    pub fn from_config(config: &Config) -> Result<Self, ContentKeyError> {
        let p = &config.packaging;
        if !p.master_key.is_empty() {
            return Self::from_hex(p.master_key.expose(), "packaging.master_key");
        }
        if !p.master_key_file.is_empty() {
            return from_file(Path::new(&p.master_key_file), "packaging.master_key_file");
        }
        let path = generated_path(config, MASTER_KEY_FILE);
        cached(&path, |path| {
            let bytes = crate::platform::secrets::read_or_create(path, MASTER_KEY_LEN).map_err(|e| unreadable(path, e))?;
            Self::from_bytes(&bytes, &path.display().to_string())
        })
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

/// The master keys in force: the current one wraps and opens; the previous one, while a
/// rotation is under way or was the last thing done, only opens.
#[derive(Debug, Clone)]
pub struct MasterKeys {
    /// Wraps every new content key.
    pub current: MasterKey,
    /// Opens the content keys not yet re-wrapped under `current`.
    pub previous: Option<MasterKey>,
    /// Generated keys older still, newest first; tried last.
    pub retired: Vec<MasterKey>,
}

impl MasterKeys {
    /// The keys of this configuration: the current one as [`MasterKey::from_config`], and the
    /// previous one from `packaging.master_key_previous` or its file, or (with generated keys)
    /// `{data_dir}/secrets/master.previous.key` when a rotation left one.
    pub fn from_config(config: &Config) -> Result<Self, ContentKeyError> {
        let current = MasterKey::from_config(config)?;
        let p = &config.packaging;
        let previous = if !p.master_key_previous.is_empty() {
            Some(MasterKey::from_hex(p.master_key_previous.expose(), "packaging.master_key_previous")?)
        } else if !p.master_key_previous_file.is_empty() {
            Some(from_file(Path::new(&p.master_key_previous_file), "packaging.master_key_previous_file")?)
        } else if generated(config) {
            let path = generated_path(config, PREVIOUS_MASTER_KEY_FILE);
            match std::fs::metadata(&path) {
                Ok(_) => Some(from_file(&path, "the previous master key")?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(unreadable(&path, e.into())),
            }
        } else {
            None
        };
        let retired = if generated(config) { retired_keys(config)? } else { Vec::new() };
        Ok(Self { current, previous, retired })
    }

    /// Wraps `key` for `video` under the current key.
    pub fn wrap(&self, video: VideoId, key: &ContentKey) -> String {
        wrap(&self.current, video, key)
    }

    /// Opens a wrapped key with the current key, else the previous one.
    pub fn unwrap(&self, video: VideoId, wrapped: &str) -> Result<ContentKey, ContentKeyError> {
        self.open(video, wrapped).map(|(key, _)| key)
    }

    /// Opens a wrapped key as [`MasterKeys::unwrap`] (trying the retired keys last) and says
    /// whether the current key opened it.
    pub fn open(&self, video: VideoId, wrapped: &str) -> Result<(ContentKey, bool), ContentKeyError> {
        let mut result = unwrap(&self.current, video, wrapped).map(|key| (key, true));
        for older in self.previous.iter().chain(&self.retired) {
            if !matches!(result, Err(ContentKeyError::WrongKey)) {
                break;
            }
            result = unwrap(older, video, wrapped).map(|key| (key, false));
        }
        result
    }
}

/// Whether this configuration's master keys are the generated files (no `packaging.master_key*`).
pub fn generated(config: &Config) -> bool {
    config.packaging.master_key.is_empty() && config.packaging.master_key_file.is_empty()
}

/// The retired generated keys, newest first (their names carry when they were retired).
fn retired_keys(config: &Config) -> Result<Vec<MasterKey>, ContentKeyError> {
    let dir = crate::platform::secrets::secrets_dir(config);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(&dir, e.into())),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(RETIRED_MASTER_KEY_PREFIX) && n.ends_with(".key")))
        .collect();
    paths.sort_by(|a, b| b.cmp(a));
    paths.iter().map(|p| from_file(p, "a retired master key")).collect()
}

/// The path of a generated key file in the secrets folder.
pub fn generated_path(config: &Config, name: &str) -> PathBuf {
    crate::platform::secrets::secrets_dir(config).join(name)
}

fn unreadable(path: &Path, source: anyhow::Error) -> ContentKeyError {
    ContentKeyError::Unreadable { path: path.to_path_buf(), source }
}

/// The master key in the file at `path`, which `setting` named.
fn from_file(path: &Path, setting: &str) -> Result<MasterKey, ContentKeyError> {
    cached(path, |path| {
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(path, e.into()))?;
        MasterKey::from_hex(&text, &format!("{setting} {}", path.display()))
    })
}

/// The master key loaded from `path` by `load`, remembered per path until the file changes:
/// each use costs one `stat`, and a key file replaced by a rotation is followed at once.
fn cached(path: &Path, load: impl FnOnce(&Path) -> Result<MasterKey, ContentKeyError>) -> Result<MasterKey, ContentKeyError> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, (FileStamp, MasterKey)>>> = OnceLock::new();
    let stamp = FileStamp::of(path).ok();
    let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner);
    if let (Some(stamp), Some((seen, key))) = (stamp, loaded.get(path)) {
        if stamp == *seen {
            return Ok(key.clone());
        }
    }
    let key = load(path)?;
    // Stamped after loading when the file was made just now (the generated key's first use).
    if let Some(stamp) = stamp.or_else(|| FileStamp::of(path).ok()) {
        loaded.insert(path.to_path_buf(), (stamp, key.clone()));
    }
    Ok(key)
}

/// One video's AES-128 key, as players receive it. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey([u8; KEY_LEN]);

impl ContentKey {
    /// A new random key from the OS.
    pub fn generate() -> Self {
        let mut key = [0u8; KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// The raw key.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContentKey([redacted])")
    }
}

/// What the wrapped key is bound to: it opens for this video only.
fn associated_data(video: VideoId) -> String {
    format!("reel content key {video}")
}

/// Wraps `key` for `video`: hex(nonce ‖ ciphertext ‖ tag), AES-256-GCM with a random nonce.
pub fn wrap(master: &MasterKey, video: VideoId, key: &ContentKey) -> String {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad = associated_data(video);
    let sealed = master
        .cipher()
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: key.as_bytes(), aad: aad.as_bytes() })
        .expect("AES-GCM encrypts 16 bytes");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    hex::encode(out)
}

/// Opens a key made by [`wrap`] for the same video under the same master key.
pub fn unwrap(master: &MasterKey, video: VideoId, wrapped: &str) -> Result<ContentKey, ContentKeyError> {
    let bytes = hex::decode(wrapped).map_err(|_| ContentKeyError::Malformed)?;
    if bytes.len() != NONCE_LEN + KEY_LEN + TAG_LEN {
        return Err(ContentKeyError::Malformed);
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let aad = associated_data(video);
    let plain = master
        .cipher()
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: aad.as_bytes() })
        .map_err(|_| ContentKeyError::WrongKey)?;
    plain.try_into().map(ContentKey).map_err(|_| ContentKeyError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::config::Secret;

    fn master(byte: u8) -> MasterKey {
        MasterKey([byte; MASTER_KEY_LEN])
    }

    #[test]
    fn a_wrapped_key_opens_with_its_master_key_for_its_video_only() {
        let (m, video, key) = (master(1), VideoId::new(), ContentKey::generate());
        let wrapped = wrap(&m, video, &key);
        assert_eq!(wrapped.len(), 2 * (NONCE_LEN + KEY_LEN + TAG_LEN));
        assert!(!wrapped.contains(&hex::encode(key.as_bytes())), "the key is not stored in the clear");
        assert_eq!(unwrap(&m, video, &wrapped).unwrap(), key);
        assert!(matches!(unwrap(&master(2), video, &wrapped), Err(ContentKeyError::WrongKey)));
        assert!(matches!(unwrap(&m, VideoId::new(), &wrapped), Err(ContentKeyError::WrongKey)), "moved to another video");
    }

    #[test]
    fn every_wrapping_uses_a_fresh_nonce() {
        let (m, video, key) = (master(1), VideoId::new(), ContentKey::generate());
        assert_ne!(wrap(&m, video, &key), wrap(&m, video, &key));
        assert_ne!(ContentKey::generate(), ContentKey::generate());
    }

    #[test]
    fn damaged_wrapped_keys_are_refused() {
        let (m, video) = (master(1), VideoId::new());
        let wrapped = wrap(&m, video, &ContentKey::generate());
        let mut flipped = hex::decode(&wrapped).unwrap();
        flipped[NONCE_LEN] ^= 1;
        assert!(matches!(unwrap(&m, video, &hex::encode(flipped)), Err(ContentKeyError::WrongKey)));
        for bad in ["", "zz", &wrapped[..wrapped.len() - 2]] {
            assert!(matches!(unwrap(&m, video, bad), Err(ContentKeyError::Malformed)), "{bad:?}");
        }
    }

    #[test]
    fn the_master_key_comes_from_the_setting_or_a_file_or_is_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };

        let generated = MasterKey::from_config(&config).unwrap();
        let file = dir.path().join("secrets").join(MASTER_KEY_FILE);
        assert_eq!(hex::decode(std::fs::read_to_string(&file).unwrap()).unwrap(), generated.0);
        assert_eq!(MasterKey::from_config(&config).unwrap().0, generated.0);

        config.packaging.master_key = Secret::new("ab".repeat(32));
        assert_eq!(MasterKey::from_config(&config).unwrap().0, [0xab; 32]);

        config.packaging.master_key = Secret::default();
        let own = dir.path().join("own.key");
        std::fs::write(&own, format!("{}\n", "cd".repeat(32))).unwrap();
        config.packaging.master_key_file = own.display().to_string();
        assert_eq!(MasterKey::from_config(&config).unwrap().0, [0xcd; 32]);

        let short = dir.path().join("short.key");
        std::fs::write(&short, "cd".repeat(16)).unwrap();
        config.packaging.master_key_file = short.display().to_string();
        assert!(matches!(MasterKey::from_config(&config), Err(ContentKeyError::BadMasterKey(_))));
        config.packaging.master_key_file = dir.path().join("missing.key").display().to_string();
        assert!(matches!(MasterKey::from_config(&config), Err(ContentKeyError::Unreadable { .. })));
    }

    #[test]
    fn during_a_rotation_the_previous_master_key_opens_what_the_current_one_cannot() {
        let (video, key) = (VideoId::new(), ContentKey::generate());
        let under_old = wrap(&master(1), video, &key);
        let keys = MasterKeys { current: master(2), previous: Some(master(1)), retired: vec![master(4)] };
        assert_eq!(keys.open(video, &under_old).unwrap(), (key.clone(), false));
        let moved = keys.wrap(video, &key);
        assert_eq!(keys.open(video, &moved).unwrap(), (key.clone(), true));
        let alone = MasterKeys { current: master(2), previous: None, retired: Vec::new() };
        assert!(matches!(alone.unwrap(video, &under_old), Err(ContentKeyError::WrongKey)));
        assert!(matches!(keys.unwrap(video, &wrap(&master(3), video, &key)), Err(ContentKeyError::WrongKey)));
        assert_eq!(keys.open(video, &wrap(&master(4), video, &key)).unwrap(), (key.clone(), false), "a retired key opens too");
        assert!(matches!(keys.unwrap(video, "zz"), Err(ContentKeyError::Malformed)), "malformed is not retried as a wrong key");
    }

    #[test]
    fn a_replaced_key_file_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        std::fs::write(&path, "aa".repeat(32)).unwrap();
        assert_eq!(from_file(&path, "test").unwrap().0, [0xaa; 32]);
        let next = dir.path().join("next.key");
        std::fs::write(&next, "bb".repeat(32)).unwrap();
        std::fs::rename(&next, &path).unwrap();
        assert_eq!(from_file(&path, "test").unwrap().0, [0xbb; 32], "a rename over the file is seen at once");
    }

    #[test]
    fn keys_never_show_in_debug_output() {
        let key = ContentKey([0xee; KEY_LEN]);
        let text = format!("{key:?} {:?}", master(0xee));
        assert!(!text.contains("ee") && !text.contains("238"), "{text}");
    }
}
