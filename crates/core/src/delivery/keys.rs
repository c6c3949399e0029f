//! The playback key ring: `{data_dir}/secrets/playback-keys.json`, newest key first. The first
//! key signs; `reel keys rotate` puts a new key in front and lets the old one verify for
//! `delivery.key_grace_secs` more. A running server follows the file with a [`RingWatch`].
//!
//! At most two keys are live at once: rotating again while the previous key is still in its
//! grace period is refused (it would cut that key's tokens off early) unless forced.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::platform::signing::{KeySource, Signer, SigningKey};
use reel_base::config::{Config, DeliveryConfig};
use reel_base::domain::{now_ms, rfc3339};
use reel_base::file_stamp::FileStamp;

/// The ring's file name in the secrets folder.
pub const RING_FILE: &str = "playback-keys.json";
/// The single key earlier versions kept; moved into the ring on first start.
const LEGACY_FILE: &str = "playback.key";
/// Random bytes in a new key.
const KEY_BYTES: usize = 32;
/// Shortest key accepted from a file.
const MIN_KEY_BYTES: usize = 16;
/// How often a running server looks at the ring file for a rotation.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(2);

/// Why the key ring could not be read, written or rotated.
#[derive(Debug, thiserror::Error)]
pub enum KeyRingError {
    /// The file system refused.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// The file is there but not a key ring we can use (it is never overwritten then).
    #[error("{} is not a usable key ring: {reason}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The previous key is still in its grace period.
    #[error(
        "key {kid} is still in its grace period (until {until}); rotating again now would cut its tokens off early. \
         Wait until then, or pass --force to drop it"
    )]
    StillRetiring {
        /// The retiring key.
        kid: String,
        /// When its grace period ends (RFC 3339).
        until: String,
    },
    /// `delivery.signing_key` or `signing_key_file` is configured, so there is no ring.
    #[error(
        "delivery.signing_key or signing_key_file is set (key id {kid}), so the key ring is not used; rotate by changing it, \
         with the old key in delivery.signing_key_previous"
    )]
    Configured {
        /// The id of the configured key.
        kid: String,
    },
}

impl KeyRingError {
    fn io(path: &Path, source: io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}

/// One key of the ring, as stored. `Debug` never shows the key.
#[derive(Clone, Serialize, Deserialize)]
pub struct RingKey {
    /// Key id, as written into tokens (derived from the key).
    pub kid: String,
    #[serde(with = "hex_bytes")]
    key: Vec<u8>,
    /// When it was made (Unix milliseconds).
    pub created_at: i64,
    /// When it stops verifying (Unix milliseconds); absent on the current key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retire_at: Option<i64>,
}

impl RingKey {
    fn new(key: Vec<u8>, created_at: i64) -> Self {
        let kid = SigningKey::new(key.clone()).kid().to_string();
        Self { kid, key, created_at, retire_at: None }
    }

    fn signing_key(&self) -> SigningKey {
        let key = SigningKey::new(self.key.clone());
        match self.retire_at {
            Some(at) => key.retiring_at(at),
            None => key,
        }
    }

    /// Where the key stands at `now` (Unix milliseconds).
    pub fn status(&self, now: i64) -> KeyStatus {
        match self.retire_at {
            None => KeyStatus::Current,
            Some(at) if at > now => KeyStatus::Retiring(at),
            Some(at) => KeyStatus::Retired(at),
        }
    }
}

impl fmt::Debug for RingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RingKey")
            .field("kid", &self.kid)
            .field("key", &"[redacted]")
            .field("created_at", &self.created_at)
            .field("retire_at", &self.retire_at)
            .finish()
    }
}

/// A key's standing, as `reel keys list` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// Signs new tokens.
    Current,
    /// Verifies until then (Unix milliseconds).
    Retiring(i64),
    /// Stopped verifying then; dropped from the file at the next rotation.
    Retired(i64),
}

impl fmt::Display for KeyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Current => f.write_str("current"),
            Self::Retiring(at) => write!(f, "retires {}", rfc3339(*at)),
            Self::Retired(at) => write!(f, "retired {}", rfc3339(*at)),
        }
    }
}

/// What a rotation did.
#[derive(Debug, Clone)]
pub struct Rotation {
    /// The new signing key.
    pub new_kid: String,
    /// The key it replaced, which verifies until `retire_at`.
    pub retiring_kid: String,
    /// When the replaced key stops verifying (Unix milliseconds).
    pub retire_at: i64,
    /// Older keys removed from the file.
    pub dropped: Vec<String>,
}

/// The keys, newest (signing) first.
#[derive(Debug, Clone)]
pub struct KeyRing {
    keys: Vec<RingKey>,
}

impl KeyRing {
    /// The keys, newest first.
    pub fn keys(&self) -> &[RingKey] {
        &self.keys
    }

    /// The keys as a signer uses them.
    pub fn signing_keys(&self) -> Vec<SigningKey> {
        self.keys.iter().map(RingKey::signing_key).collect()
    }

    /// Reads the ring at `path`; `None` when there is no file.
    pub fn read(path: &Path) -> Result<Option<Self>, KeyRingError> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(KeyRingError::io(path, e)),
        };
        Self::parse(&text).map(Some).map_err(|reason| KeyRingError::Corrupt { path: path.to_path_buf(), reason })
    }

    fn parse(text: &str) -> Result<Self, String> {
        let keys: Vec<RingKey> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let current = keys.first().ok_or("it holds no key")?;
        if current.retire_at.is_some() {
            return Err("its first key signs, so it cannot have a retire_at".into());
        }
        for k in &keys {
            if k.key.len() < MIN_KEY_BYTES {
                return Err(format!("key {} is shorter than {MIN_KEY_BYTES} bytes", k.kid));
            }
            if SigningKey::new(k.key.clone()).kid() != k.kid {
                return Err(format!("key {} does not match its id", k.kid));
            }
        }
        Ok(Self { keys })
    }

    /// Reads the ring in the secrets folder `dir`, making it on first start: from the key of an
    /// earlier version's `playback.key` if there is one (so its tokens keep working), else from
    /// a new random key. When processes race, the first to write wins and the others read it.
    pub fn open_or_create(dir: &Path, now: i64) -> Result<Self, KeyRingError> {
        let path = dir.join(RING_FILE);
        if let Some(ring) = Self::read(&path)? {
            return Ok(ring);
        }
        let legacy_path = dir.join(LEGACY_FILE);
        let legacy = read_legacy(&legacy_path)?;
        let migrated = legacy.is_some();
        let (key, created_at) = legacy.unwrap_or_else(|| (random_key(), now));
        let ring = Self { keys: vec![RingKey::new(key, created_at)] };
        match write_private(&path, &ring.to_json(), false) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Self::read(&path)?.ok_or_else(|| KeyRingError::io(&path, io::ErrorKind::NotFound.into()));
            }
            Err(e) => return Err(KeyRingError::io(&path, e)),
        }
        if migrated {
            // Renamed rather than left: a deleted ring must not bring a retired key back.
            let _ = fs::rename(&legacy_path, dir.join(format!("{LEGACY_FILE}.migrated")));
            tracing::info!(kid = %ring.keys[0].kid, "moved {} into the key ring", legacy_path.display());
        }
        Ok(ring)
    }

    /// Puts a new key in front; the current one verifies for `grace_secs` more. Keys past
    /// their retirement are dropped. A key still in its grace period makes this fail unless
    /// `force`, which drops it (its tokens stop working at once).
    pub fn rotate(&mut self, now: i64, grace_secs: u64, force: bool) -> Result<Rotation, KeyRingError> {
        if !force {
            if let Some(k) = self.keys[1..].iter().find(|k| k.retire_at.is_none_or(|at| at > now)) {
                let until = k.retire_at.map_or_else(|| "it has no retire_at".to_string(), rfc3339);
                return Err(KeyRingError::StillRetiring { kid: k.kid.clone(), until });
            }
        }
        let dropped = self.keys.drain(1..).map(|k| k.kid).collect();
        let grace_ms = i64::try_from(grace_secs).unwrap_or(i64::MAX).saturating_mul(1000);
        let retire_at = now.saturating_add(grace_ms);
        self.keys[0].retire_at = Some(retire_at);
        let retiring_kid = self.keys[0].kid.clone();
        let new = RingKey::new(random_key(), now);
        let new_kid = new.kid.clone();
        self.keys.insert(0, new);
        Ok(Rotation { new_kid, retiring_kid, retire_at, dropped })
    }

    /// Replaces the file at `path` atomically (a private temporary file renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), KeyRingError> {
        write_private(path, &self.to_json(), true).map_err(|e| KeyRingError::io(path, e))
    }

    fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(&self.keys).expect("keys serialise");
        json.push(b'\n');
        json
    }
}

/// The secrets folder that holds the ring.
pub fn secrets_dir(config: &Config) -> PathBuf {
    config.data_dir.join("secrets")
}

/// `reel keys rotate`: rotates the ring of this configuration and saves it.
pub fn rotate(config: &Config, force: bool) -> Result<Rotation, KeyRingError> {
    refuse_configured_key(config)?;
    let dir = secrets_dir(config);
    let now = now_ms();
    let mut ring = KeyRing::open_or_create(&dir, now)?;
    let rotation = ring.rotate(now, config.delivery.key_grace_secs, force)?;
    ring.save(&dir.join(RING_FILE))?;
    Ok(rotation)
}

/// `reel keys list`: the ring of this configuration (made if there is none yet).
pub fn list(config: &Config) -> Result<KeyRing, KeyRingError> {
    refuse_configured_key(config)?;
    KeyRing::open_or_create(&secrets_dir(config), now_ms())
}

fn refuse_configured_key(config: &Config) -> Result<(), KeyRingError> {
    match configured_key(&config.delivery)? {
        None => Ok(()),
        Some(key) => Err(KeyRingError::Configured { kid: key.kid().to_string() }),
    }
}

/// The signing key configuration gives: `delivery.signing_key`, else the trimmed contents of
/// `delivery.signing_key_file` (at least 32 bytes, as the setting); `None` means the key ring.
pub fn configured_key(delivery: &DeliveryConfig) -> Result<Option<SigningKey>, KeyRingError> {
    // Trimmed as the file's contents are, so one key given both ways has one id.
    if !delivery.signing_key.is_empty() {
        return Ok(Some(SigningKey::new(delivery.signing_key.expose().trim().as_bytes().to_vec())));
    }
    if delivery.signing_key_file.is_empty() {
        return Ok(None);
    }
    let path = Path::new(&delivery.signing_key_file);
    let text = fs::read_to_string(path).map_err(|e| KeyRingError::io(path, e))?;
    let key = text.trim().as_bytes().to_vec();
    if key.len() < 32 {
        let reason = "delivery.signing_key_file must hold at least 32 characters".to_string();
        return Err(KeyRingError::Corrupt { path: path.to_path_buf(), reason });
    }
    Ok(Some(SigningKey::new(key)))
}

/// A signer over the ring in `dir` (made on first start) that follows rotations made while
/// it runs, within [`RELOAD_INTERVAL`].
pub fn watched_signer(dir: &Path) -> Result<Signer, KeyRingError> {
    KeyRing::open_or_create(dir, now_ms())?;
    let path = dir.join(RING_FILE);
    // Stamp first, then read: a rotation in between is seen as a change later, never missed.
    let watch = RingWatch::new(path.clone(), RELOAD_INTERVAL);
    let ring = KeyRing::read(&path)?.ok_or_else(|| KeyRingError::io(&path, io::ErrorKind::NotFound.into()))?;
    Ok(Signer::with_source(ring.signing_keys(), Arc::new(watch)))
}

/// Follows the ring file for a [`Signer`]: at most once per interval one caller looks at the
/// file's metadata, and re-reads it only when that changed. Every other call costs a clock
/// read and an atomic load, so verification never waits on the file system.
pub struct RingWatch {
    path: PathBuf,
    interval_ms: u64,
    epoch: Instant,
    /// Milliseconds after `epoch` when the file is next looked at.
    next_check: AtomicU64,
    seen: Mutex<Option<FileStamp>>,
}

impl RingWatch {
    /// Watches `path`, taking the file as it is now as already loaded.
    pub fn new(path: PathBuf, interval: Duration) -> Self {
        let interval_ms = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
        let seen = FileStamp::of(&path).ok();
        Self { path, interval_ms, epoch: Instant::now(), next_check: AtomicU64::new(interval_ms), seen: Mutex::new(seen) }
    }
}

impl KeySource for RingWatch {
    fn poll(&self) -> Option<Vec<SigningKey>> {
        let now = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        let due = self.next_check.load(Ordering::Relaxed);
        if now < due {
            return None;
        }
        // Whoever moves the deadline looks; everyone else goes on with the keys in hand.
        if self.next_check.compare_exchange(due, now.saturating_add(self.interval_ms), Ordering::Relaxed, Ordering::Relaxed).is_err() {
            return None;
        }
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let current = match FileStamp::of(&self.path) {
            Ok(s) => s,
            Err(e) => {
                if seen.take().is_some() {
                    tracing::warn!(error = %e, path = %self.path.display(), "cannot see the key ring; keeping the keys in use");
                }
                return None;
            }
        };
        if *seen == Some(current) {
            return None;
        }
        *seen = Some(current);
        match KeyRing::read(&self.path) {
            Ok(Some(ring)) => {
                tracing::info!(kid = %ring.keys[0].kid, keys = ring.keys.len(), "playback keys reloaded");
                Some(ring.signing_keys())
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "cannot reload the key ring; keeping the keys in use");
                None
            }
        }
    }
}

/// Reads an earlier version's hex key file and its age; `None` when there is none.
fn read_legacy(path: &Path) -> Result<Option<(Vec<u8>, i64)>, KeyRingError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(KeyRingError::io(path, e)),
    };
    let corrupt = |reason: String| KeyRingError::Corrupt { path: path.to_path_buf(), reason };
    let key = hex::decode(text.trim()).map_err(|e| corrupt(format!("not a hex key: {e}")))?;
    if key.len() < MIN_KEY_BYTES {
        return Err(corrupt(format!("the key is shorter than {MIN_KEY_BYTES} bytes")));
    }
    let created_at = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or_else(now_ms);
    Ok(Some((key, created_at)))
}

fn random_key() -> Vec<u8> {
    let mut key = vec![0u8; KEY_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut key);
    key
}

/// Writes `bytes` to `path` through a mode-0600 temporary file in the same folder, so readers
/// see the old file or the new one, never half of one. With `replace` false, an existing file
/// is left alone and the answer is `AlreadyExists`.
fn write_private(path: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    reel_base::private_fs::create_dir(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.{:016x}.tmp", std::process::id(), rand::random::<u64>()));
    let written = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        // A hard link fails if the name is taken: creation without clobbering.
        if replace {
            fs::rename(&tmp, path)
        } else {
            fs::hard_link(&tmp, path)
        }
    })();
    let _ = fs::remove_file(&tmp);
    written?;
    // Make the new name itself durable (best effort: not every platform syncs folders).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Keys as hex strings in the file.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        hex::decode(text.trim()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::signing::TokenError;
    use reel_base::domain::{Holder, VideoId};

    const GRACE: u64 = 3600;

    fn ring_in(dir: &Path) -> KeyRing {
        KeyRing::open_or_create(dir, 1_000_000).unwrap()
    }

    #[test]
    fn the_first_start_makes_one_private_key_and_later_starts_reuse_it() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = dir.path().join("secrets");
        let first = ring_in(&secrets);
        assert_eq!(first.keys().len(), 1);
        assert_eq!(first.keys()[0].status(0), KeyStatus::Current);
        assert_eq!(ring_in(&secrets).keys()[0].kid, first.keys()[0].kid);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(secrets.join(RING_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = fs::read_dir(&secrets).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, [RING_FILE], "no temporary files are left behind");
    }

    #[test]
    fn an_earlier_versions_key_moves_into_the_ring_and_its_tokens_keep_working() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = vec![7u8; 32];
        fs::write(dir.path().join(LEGACY_FILE), hex::encode(&legacy)).unwrap();
        let v = VideoId::new();
        let old_token = Signer::new(vec![SigningKey::new(legacy)]).sign(v, Holder::Anonymous, i64::MAX);

        let ring = ring_in(dir.path());
        assert_eq!(ring.keys().len(), 1);
        assert!(Signer::new(ring.signing_keys()).verify(&old_token, v, 0).is_ok());
        assert!(!dir.path().join(LEGACY_FILE).exists(), "the old file cannot bring the key back later");
    }

    #[test]
    fn a_rotation_signs_with_a_new_key_and_lets_the_old_one_verify_until_the_grace_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        let v = VideoId::new();
        let old_token = Signer::new(ring.signing_keys()).sign(v, Holder::Anonymous, i64::MAX);
        let old_kid = ring.keys()[0].kid.clone();

        let now = 2_000_000;
        let rotation = ring.rotate(now, GRACE, false).unwrap();
        assert_eq!((rotation.retiring_kid.as_str(), rotation.retire_at), (old_kid.as_str(), now + 3_600_000));
        assert_eq!(ring.keys()[0].kid, rotation.new_kid);
        assert_eq!(ring.keys()[1].status(now), KeyStatus::Retiring(now + 3_600_000));

        let signer = Signer::new(ring.signing_keys());
        assert_eq!(signer.current_kid(), rotation.new_kid);
        assert!(signer.verify(&old_token, v, (now + 3_599_000) / 1000).is_ok());
        assert_eq!(signer.verify(&old_token, v, (now + 3_600_000) / 1000), Err(TokenError::Retired));
    }

    #[test]
    fn rotating_again_during_the_grace_period_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        let first = ring.rotate(2_000_000, GRACE, false).unwrap();

        let refused = ring.rotate(2_000_001, GRACE, false).unwrap_err();
        assert!(matches!(&refused, KeyRingError::StillRetiring { kid, .. } if *kid == first.retiring_kid), "{refused}");
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(ring.keys().len(), 2, "a refused rotation changes nothing");
        assert_eq!(ring.keys()[0].kid, first.new_kid);

        let forced = ring.rotate(2_000_002, GRACE, true).unwrap();
        assert_eq!(forced.dropped, [first.retiring_kid]);
        assert_eq!(ring.keys().iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(), [forced.new_kid.as_str(), first.new_kid.as_str()]);
    }

    #[test]
    fn keys_past_their_retirement_are_dropped_at_the_next_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        let first = ring.rotate(2_000_000, 1, false).unwrap();
        let second = ring.rotate(2_001_000, 1, false).unwrap();
        assert_eq!(second.dropped, [first.retiring_kid]);
        assert_eq!(ring.keys().len(), 2, "never more than two keys");
    }

    #[test]
    fn the_ring_survives_a_save_and_a_read_and_never_shows_a_key_in_debug() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        ring.rotate(2_000_000, GRACE, false).unwrap();
        let path = dir.path().join(RING_FILE);
        ring.save(&path).unwrap();
        let again = KeyRing::read(&path).unwrap().unwrap();
        let kids = |r: &KeyRing| r.keys().iter().map(|k| (k.kid.clone(), k.retire_at)).collect::<Vec<_>>();
        assert_eq!(kids(&again), kids(&ring));
        let debug = format!("{again:?}");
        assert!(!debug.contains(&hex::encode(&again.keys[0].key)), "{debug}");
    }

    #[test]
    fn a_damaged_ring_is_an_error_and_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RING_FILE);
        for bad in ["", "[]", "{\"keys\": 1}", "[{\"kid\":\"00000000\",\"key\":\"0707\",\"created_at\":0}]"] {
            fs::write(&path, bad).unwrap();
            assert!(matches!(KeyRing::open_or_create(dir.path(), 0), Err(KeyRingError::Corrupt { .. })), "{bad:?}");
            assert_eq!(fs::read_to_string(&path).unwrap(), bad);
        }
    }

    #[test]
    fn a_watched_signer_picks_up_a_rotation_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        let path = dir.path().join(RING_FILE);
        let watch = RingWatch::new(path.clone(), Duration::ZERO);
        let signer = Signer::with_source(ring.signing_keys(), Arc::new(watch));
        let before = signer.current_kid();
        assert_eq!(before, ring.keys()[0].kid);

        let rotation = ring.rotate(now_ms(), GRACE, false).unwrap();
        ring.save(&path).unwrap();
        assert_eq!(signer.current_kid(), rotation.new_kid);
        let v = VideoId::new();
        let token = signer.sign(v, Holder::Anonymous, i64::MAX);
        assert_eq!(signer.verify(&token, v, 0).unwrap().kid, rotation.new_kid);
    }

    #[test]
    fn a_watched_signer_looks_at_the_file_at_most_once_per_interval() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = ring_in(dir.path());
        let path = dir.path().join(RING_FILE);
        let signer = Signer::with_source(ring.signing_keys(), Arc::new(RingWatch::new(path.clone(), Duration::from_secs(3600))));
        let before = signer.current_kid();
        ring.rotate(now_ms(), GRACE, false).unwrap();
        ring.save(&path).unwrap();
        assert_eq!(signer.current_kid(), before, "not due yet");
    }

    #[test]
    fn a_damaged_file_during_a_run_keeps_the_keys_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let ring = ring_in(dir.path());
        let path = dir.path().join(RING_FILE);
        let signer = Signer::with_source(ring.signing_keys(), Arc::new(RingWatch::new(path.clone(), Duration::ZERO)));
        fs::write(&path, "not json").unwrap();
        assert_eq!(signer.current_kid(), ring.keys()[0].kid);
        fs::remove_file(&path).unwrap();
        assert_eq!(signer.current_kid(), ring.keys()[0].kid);
    }
}
