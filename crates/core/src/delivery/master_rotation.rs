//! `reel keys rotate-master`: every content key re-wrapped under a new master key while
//! players go on fetching keys. Content keys themselves never change, so no segment is
//! re-encrypted and a player's key stays good; only their envelopes move.
//!
//! Safe to stop at any point and run again. Each envelope is replaced by a compare-and-swap,
//! so one re-wrapped meanwhile by another run (or newly stored by a job) is never overwritten,
//! and until every envelope has moved the previous master key still opens the rest.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::content_key::{
    self, ContentKeyError, MasterKey, MasterKeys, MASTER_KEY_FILE, PREVIOUS_MASTER_KEY_FILE, RETIRED_MASTER_KEY_PREFIX,
};
use reel_base::config::Config;
use reel_base::db::{videos, Db};
use reel_base::domain::VideoId;

/// Envelopes read per page of the walk.
const PAGE: u32 = 200;
/// Walks over every envelope before giving up on one that keeps changing under the re-wrap.
const MAX_PASSES: u32 = 5;

/// What a rotation did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// A new master key was made (generated keys only; configured ones are made by the operator).
    pub new_key: bool,
    /// Envelopes an earlier, interrupted rotation left under the previous key, moved first.
    pub finished_earlier: u64,
    /// Envelopes moved from the previous key to the current one.
    pub rewrapped: u64,
    /// Envelopes already under the current key when the walk began.
    pub current: u64,
    /// Videos whose envelope neither key opens (left as they are).
    pub unopenable: Vec<VideoId>,
}

/// Rotates the master key of `config`, then re-wraps every content key under it.
///
/// With generated keys (no `packaging.master_key*` set) a run first finishes any rotation an
/// earlier run left half done, then makes the new key: the current one moves to
/// `master.previous.key` and a fresh one replaces `master.key` (each file swapped in by
/// rename, so a reader sees the old key or the new one, never a torn one). With configured
/// keys the operator has already given every host the new key as `packaging.master_key` (or
/// its file) and the old one as `packaging.master_key_previous`; the run then re-wraps.
/// `progress` hears about each page.
pub async fn rotate(config: &Config, db: &Db, progress: &mut dyn FnMut(&Rotation)) -> anyhow::Result<Rotation> {
    // Two runs at once would each swap in a key of their own, and the first one's could end up
    // in no file at all.
    let _lock = exclusive(config)?;
    if !content_key::generated(config) {
        let keys = MasterKeys::from_config(config)?;
        anyhow::ensure!(
            keys.previous.is_some(),
            "packaging.master_key is configured, so Reel does not make the new key: set the new key as packaging.master_key \
             (or master_key_file) and the old one as packaging.master_key_previous (or master_key_previous_file) on every host, \
             restart them, then run this again"
        );
        return rewrap_all(db, &keys, progress).await;
    }
    // An earlier rotation's stragglers (and a restored database's older envelopes) move first,
    // so nothing is left under the key about to be retired.
    let before = MasterKeys::from_config(config)?;
    let mut finished_earlier = 0;
    if before.previous.is_some() || !before.retired.is_empty() {
        let finished = rewrap_all(db, &before, progress).await?;
        finished_earlier = finished.rewrapped;
        if !finished.unopenable.is_empty() {
            anyhow::bail!(
                "{} content keys open with no master key kept (current, previous or retired) (videos {}); \
                 not rotating again until they are dealt with",
                finished.unopenable.len(),
                list(&finished.unopenable)
            );
        }
    }
    install_new_key(config, &before.current)?;
    let mut rotation = rewrap_all(db, &MasterKeys::from_config(config)?, progress).await?;
    rotation.new_key = true;
    rotation.finished_earlier = finished_earlier;
    Ok(rotation)
}

/// Retires the previous key, moves `current` to the previous key's file, then puts a new key
/// in `master.key`.
fn install_new_key(config: &Config, current: &MasterKey) -> anyhow::Result<()> {
    let previous = content_key::generated_path(config, PREVIOUS_MASTER_KEY_FILE);
    if previous.exists() {
        let retired = content_key::generated_path(config, &format!("{RETIRED_MASTER_KEY_PREFIX}{:013}.key", reel_base::domain::now_ms()));
        std::fs::rename(&previous, &retired).with_context(|| format!("retiring {}", previous.display()))?;
    }
    replace_private(&previous, &current.to_hex())?;
    replace_private(&content_key::generated_path(config, MASTER_KEY_FILE), &MasterKey::generate().to_hex())?;
    Ok(())
}

/// Holds the rotation lock (`secrets/rotate-master.lock`) until dropped; fails at once when
/// another run holds it.
fn exclusive(config: &Config) -> anyhow::Result<std::fs::File> {
    let dir = crate::platform::secrets::secrets_dir(config);
    reel_base::private_fs::create_dir(&dir)?;
    let path = dir.join("rotate-master.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!("another `reel keys rotate-master` is running on this data folder"),
        Err(std::fs::TryLockError::Error(e)) => Err(anyhow::Error::from(e).context(format!("locking {}", path.display()))),
    }
}

/// Writes `text` to a new private file beside `path` and renames it over `path`.
fn replace_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().context("a key file has a folder")?;
    reel_base::private_fs::create_dir(dir)?;
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary).with_context(|| format!("writing {}", temporary.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))?;
    // The rename itself must survive a crash, or the new key could be lost with its envelopes.
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// Walks every envelope, moving each one the previous key opens under the current key, until
/// a walk moves none (a job may have stored an envelope under a key it read before the swap).
async fn rewrap_all(db: &Db, keys: &MasterKeys, progress: &mut dyn FnMut(&Rotation)) -> anyhow::Result<Rotation> {
    let mut total = Rotation::default();
    for walk in 0..MAX_PASSES {
        let pass = rewrap_pass(db, keys, walk == 0, &mut total, progress).await?;
        if pass == 0 {
            return Ok(total);
        }
    }
    anyhow::bail!("envelopes kept changing during {MAX_PASSES} walks; run the rotation again")
}

/// One walk in id order; returns how many envelopes it moved or found changed under it. In
/// `total`, envelopes already current are counted on the `first` walk, those moved on every
/// walk, and those no key opens on the last.
async fn rewrap_pass(
    db: &Db,
    keys: &MasterKeys,
    first: bool,
    total: &mut Rotation,
    progress: &mut dyn FnMut(&Rotation),
) -> anyhow::Result<u64> {
    let mut changed = 0;
    let mut after = None;
    total.unopenable.clear();
    loop {
        let page = videos::content_keys_after(db, after, PAGE).await?;
        let Some((last, _)) = page.last() else { break };
        after = Some(*last);
        for (id, wrapped) in page {
            match keys.open(id, &wrapped) {
                Ok((_, true)) => total.current += u64::from(first),
                Ok((key, false)) => {
                    // Lost to another writer: the next walk looks at it again.
                    changed += 1;
                    if videos::replace_content_key(db, id, &wrapped, &keys.wrap(id, &key)).await? {
                        total.rewrapped += 1;
                    }
                }
                Err(ContentKeyError::WrongKey | ContentKeyError::Malformed) => total.unopenable.push(id),
                Err(e) => return Err(e.into()),
            }
        }
        progress(total);
    }
    Ok(changed)
}

/// Ids for a message: the first few, and how many more.
pub fn list(ids: &[VideoId]) -> String {
    let shown: Vec<String> = ids.iter().take(5).map(ToString::to_string).collect();
    match ids.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
