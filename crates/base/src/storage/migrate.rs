//! Copying every object from one store to another and proving the copy: `reel migrate-storage`
//! (moving from the embedded local folder to S3, or between buckets).
//!
//! Each object is streamed (never whole in memory) while its SHA-256 is computed, written with
//! a multipart upload, then read back from the target and hashed again. An object the target
//! already holds with the same size and hash is left alone, so an interrupted run is resumed by
//! running it again. The source is never changed.

use futures::{StreamExt, TryStreamExt};
use object_store::path::Path as ObjectPath;
use sha2::{Digest, Sha256};

use super::{StorageError, Store};

/// What a migration did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Objects copied and verified.
    pub copied: u64,
    /// Objects the target already had, identical.
    pub already_there: u64,
    /// Bytes copied.
    pub bytes: u64,
}

/// Why a migration stopped.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// A store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The copy read back from the target differs from the source.
    #[error("{0}: the copy in the target differs from the source (size or SHA-256); nothing was deleted")]
    Mismatch(String),
}

impl From<object_store::Error> for MigrateError {
    fn from(e: object_store::Error) -> Self {
        Self::Storage(e.into())
    }
}

/// Size and SHA-256 of an object, streamed.
async fn digest(store: &Store, path: &ObjectPath) -> Result<Option<(u64, [u8; 32])>, MigrateError> {
    let got = match store.inner.get(path).await {
        Ok(got) => got,
        Err(object_store::Error::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut stream = got.into_stream();
    let (mut hash, mut size) = (Sha256::new(), 0u64);
    while let Some(chunk) = stream.try_next().await? {
        hash.update(&chunk);
        size += chunk.len() as u64;
    }
    Ok(Some((size, hash.finalize().into())))
}

/// Copies every object of `from` into `to` and verifies each copy; `progress` hears of each
/// object as it is done (its key and size).
pub async fn copy_all(from: &Store, to: &Store, mut progress: impl FnMut(&str, u64)) -> Result<Report, MigrateError> {
    let mut report = Report::default();
    let mut listing = from.inner.list(None);
    while let Some(meta) = listing.next().await {
        let meta = meta?;
        let path = meta.location;
        // Hashing both sides is only worth it when the target has an object of the same size.
        let already_there = match to.inner.head(&path).await {
            Ok(there) if there.size == meta.size => digest(to, &path).await? == digest(from, &path).await?,
            Ok(_) | Err(object_store::Error::NotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        if already_there {
            report.already_there += 1;
            progress(path.as_ref(), meta.size);
            continue;
        }
        let source = copy(from, to, &path).await?;
        if digest(to, &path).await? != Some(source) {
            return Err(MigrateError::Mismatch(path.to_string()));
        }
        report.copied += 1;
        report.bytes += source.0;
        progress(path.as_ref(), source.0);
    }
    Ok(report)
}

/// Streams one object from `from` to `to`, hashing it on the way; returns its size and
/// SHA-256. A failed copy is abandoned, leaving nothing in the target.
async fn copy(from: &Store, to: &Store, path: &ObjectPath) -> Result<(u64, [u8; 32]), MigrateError> {
    let mut reader = match from.inner.get(path).await {
        Ok(got) => got.into_stream(),
        Err(object_store::Error::NotFound { .. }) => return Err(MigrateError::Mismatch(format!("{path} vanished from the source"))),
        Err(e) => return Err(e.into()),
    };
    let mut writer = to.writer_at(path).await?;
    let mut hash = Sha256::new();
    let streamed: Result<(), MigrateError> = async {
        while let Some(chunk) = reader.try_next().await? {
            hash.update(&chunk);
            writer.write(&chunk).await?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = streamed {
        writer.abort().await;
        return Err(e);
    }
    let size = writer.finish().await?;
    Ok((size, hash.finalize().into()))
}
/// `reel migrate-storage`: copies every object from `from` to `to` (URLs; `s3://` ones use the
/// `storage.s3_*` settings), reporting progress every hundred objects. Resumable.
pub async fn command(config: &crate::config::Config, from: &str, to: &str) -> anyhow::Result<()> {
    let source = Store::open(from, &config.storage)?;
    let target = Store::open(to, &config.storage)?;
    let started = std::time::Instant::now();
    let mut done = 0u64;
    let report = copy_all(&source, &target, |key, size| {
        done += 1;
        if done.is_multiple_of(100) {
            eprintln!("{done} objects… (last: {key}, {size} bytes)");
        }
    })
    .await?;
    eprintln!(
        "copied and verified {} objects ({} bytes); {} were already there, identical; {:.1} s",
        report.copied,
        report.bytes,
        report.already_there,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
