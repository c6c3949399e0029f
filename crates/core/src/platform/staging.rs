//! Where a resumable upload's bytes wait until the upload is complete.
//!
//! On a local store they are appended to a file in the data directory, which is renamed into
//! place at the end. On a remote store (S3) they wait in the object store itself, so that
//! whichever API process takes the next PATCH finds them: whole parts of a multipart upload of
//! the source's final key, and the bytes too few for a part yet as a small tail object.
//! Completing the upload is then completing the multipart upload, with no copy.
//!
//! Either way the database's `received` is the truth about how many bytes are kept. Bytes past
//! it are never counted, so a crash at any point loses at most bytes the client sends again.

use std::path::PathBuf;

use bytes::BytesMut;
use http::StatusCode;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use crate::platform::problem::{self, Problem};
use crate::platform::webhooks::{self, Event, UploadEventData};
use reel_base::db::uploads::{self, UploadRecord};
use reel_base::db::Db;
use reel_base::domain::{UploadId, VideoId};
use reel_base::storage::{StorageError, StorageKey, Store, PART_SIZE};

/// Bytes written to a staging file between two records of progress during one PATCH.
const RECORD_EVERY: u64 = 4 << 20;

/// Where the uploads of this process are staged.
pub enum Staging {
    /// Files in `dir`, moved into `store` (a local folder) when complete.
    File {
        /// The staging folder.
        dir: PathBuf,
        /// The store.
        store: Store,
    },
    /// Multipart uploads in the object store.
    Parts(Store),
}

fn gone() -> Problem {
    Problem::new(StatusCode::GONE, "upload-gone", "the upload's data is gone")
}

/// The key a complete upload is stored under: its video's source.
fn source_key(id: UploadId) -> StorageKey {
    StorageKey::source(VideoId(id.0))
}

impl Staging {
    /// Stages in the object store when it keeps multipart uploads (S3), else in `data_dir`.
    pub fn new(data_dir: &std::path::Path, store: &Store) -> Self {
        if store.has_multipart() {
            Self::Parts(store.clone())
        } else {
            Self::File { dir: data_dir.join("uploads"), store: store.clone() }
        }
    }

    fn file(dir: &std::path::Path, id: UploadId) -> PathBuf {
        dir.join(id.to_string())
    }

    /// Prepares an empty staging for a new upload; returns the multipart upload id to record
    /// with it, when there is one.
    pub async fn create(&self, id: UploadId) -> problem::Result<Option<String>> {
        match self {
            Self::File { dir, .. } => {
                tokio::fs::create_dir_all(dir).await.map_err(Problem::internal)?;
                tokio::fs::File::create(Self::file(dir, id)).await.map_err(Problem::internal)?;
                Ok(None)
            }
            Self::Parts(store) => Ok(Some(store.start_multipart(&source_key(id)).await?)),
        }
    }

    /// Opens an upload's staging to append at its `received` offset.
    pub async fn open(&self, id: UploadId, upload: &UploadRecord) -> problem::Result<Appender> {
        let offset = upload.received as u64;
        match self {
            Self::File { dir, .. } => {
                let mut file = tokio::fs::OpenOptions::new().write(true).open(Self::file(dir, id)).await.map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => gone(),
                    _ => Problem::internal(e),
                })?;
                // Bytes past the recorded offset were never acknowledged: overwrite them.
                file.set_len(offset).await.map_err(Problem::internal)?;
                file.seek(std::io::SeekFrom::Start(offset)).await.map_err(Problem::internal)?;
                Ok(Appender::File { file, at: offset, recorded: offset })
            }
            Self::Parts(store) => {
                let staging_id = upload.staging_id.clone().ok_or_else(gone)?;
                let whole_parts = offset / PART_SIZE as u64;
                let tail_len = (offset % PART_SIZE as u64) as usize;
                let mut buffer = BytesMut::with_capacity(PART_SIZE);
                if tail_len > 0 {
                    // The tail object may hold more than was recorded (a crash between storing
                    // it and recording the offset); only the recorded bytes count.
                    // Missing is gone for good; a store that cannot be reached is a 503 to retry.
                    let tail = store.get_bytes(&StorageKey::upload_tail(id)).await.map_err(|e| match e {
                        StorageError::NotFound(_) => gone(),
                        other => Problem::from(other),
                    })?;
                    buffer.extend_from_slice(tail.get(..tail_len).ok_or_else(gone)?);
                }
                Ok(Appender::Parts(Parts {
                    store: store.clone(),
                    id,
                    staging_id,
                    length: upload.length as u64,
                    buffer,
                    next: u32::try_from(whole_parts + 1).map_err(Problem::internal)?,
                    stored: Vec::new(),
                }))
            }
        }
    }

    /// Puts a complete upload in place as its video's source; returns the source's size.
    /// Repeatable: a source already in place is left as it is.
    pub async fn finish(&self, db: &Db, id: UploadId, upload: &UploadRecord) -> problem::Result<u64> {
        let key = source_key(id);
        match self {
            Self::File { dir, store } => {
                let path = Self::file(dir, id);
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    Ok(store.import_file(&key, &path).await?)
                } else {
                    Ok(store.head(&key).await?.size)
                }
            }
            Self::Parts(store) => {
                // Already whole (a repeat); only "not there" means the parts must be joined.
                match store.head(&key).await {
                    Ok(info) => return Ok(info.size),
                    Err(StorageError::NotFound(_)) => {}
                    Err(other) => return Err(other.into()),
                }
                let staging_id = upload.staging_id.as_deref().ok_or_else(gone)?;
                let count = u32::try_from((upload.length as u64).div_ceil(PART_SIZE as u64)).map_err(Problem::internal)?;
                let etags = uploads::parts(db, id, count).await?;
                if etags.len() != count as usize {
                    return Err(Problem::internal(anyhow::anyhow!("upload {id} has {} of its {count} parts recorded", etags.len())));
                }
                store.complete_multipart(&key, staging_id, etags).await?;
                // The source is whole: a repeat finds it, and needs neither parts nor tail.
                uploads::forget_parts(db, id).await?;
                store.delete(&StorageKey::upload_tail(id)).await?;
                Ok(store.head(&key).await?.size)
            }
        }
    }

    /// Throws away an unfinished upload's bytes.
    pub async fn discard(&self, id: UploadId, upload: &UploadRecord) {
        let result = match self {
            Self::File { dir, .. } => match tokio::fs::remove_file(Self::file(dir, id)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
                _ => Ok(()),
            },
            Self::Parts(store) => {
                // An upload sent straight to the bucket has a multipart upload of its own.
                let aborted = match upload.staging_id.as_deref().or(upload.direct_upload_id.as_deref()) {
                    Some(staging_id) => store.abort_multipart(&source_key(id), staging_id).await,
                    None => Ok(()),
                };
                aborted.and(store.delete(&StorageKey::upload_tail(id)).await).map_err(|e| e.to_string())
            }
        };
        if let Err(error) = result {
            tracing::warn!(%id, %error, "could not discard an upload's staged bytes");
        }
    }
}

/// Appends one PATCH's bytes to an upload's staging.
pub enum Appender {
    /// To a staging file.
    File {
        /// The file, positioned at `at`.
        file: tokio::fs::File,
        /// Bytes in the file.
        at: u64,
        /// Bytes recorded as received.
        recorded: u64,
    },
    /// To a multipart upload.
    Parts(Parts),
}

/// Appending to a multipart upload: full parts are stored as they fill.
pub struct Parts {
    store: Store,
    id: UploadId,
    staging_id: String,
    length: u64,
    /// Bytes of the part being filled (at most `PART_SIZE`).
    buffer: BytesMut,
    /// The number of the part being filled.
    next: u32,
    /// Parts stored but not recorded yet.
    stored: Vec<(u32, String)>,
}

impl Parts {
    /// Bytes of the upload written so far: the whole parts before the one being filled, and it.
    fn at(&self) -> u64 {
        u64::from(self.next - 1) * PART_SIZE as u64 + self.buffer.len() as u64
    }

    async fn store_part(&mut self) -> problem::Result<()> {
        let bytes = self.buffer.split().freeze();
        let etag = self.store.put_part(&source_key(self.id), &self.staging_id, self.next, bytes).await?;
        self.stored.push((self.next, etag));
        self.next += 1;
        Ok(())
    }

    async fn record(&mut self, db: &Db) -> problem::Result<()> {
        if !self.stored.is_empty() {
            uploads::record_parts(db, self.id, &self.stored).await?;
            self.stored.clear();
        }
        Ok(())
    }
}

impl Appender {
    /// Bytes of the upload written so far (kept or not yet).
    pub fn at(&self) -> u64 {
        match self {
            Self::File { at, .. } => *at,
            Self::Parts(parts) => parts.at(),
        }
    }

    /// Appends bytes (the caller has checked them against the upload's length).
    pub async fn write(&mut self, mut bytes: &[u8]) -> problem::Result<()> {
        match self {
            Self::File { file, at, .. } => {
                file.write_all(bytes).await.map_err(Problem::internal)?;
                *at += bytes.len() as u64;
            }
            Self::Parts(parts) => {
                while !bytes.is_empty() {
                    let take = bytes.len().min(PART_SIZE - parts.buffer.len());
                    parts.buffer.extend_from_slice(&bytes[..take]);
                    bytes = &bytes[take..];
                    if parts.buffer.len() == PART_SIZE {
                        parts.store_part().await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Makes what is cheaply durable so far so, when some is new: the offset that may now be
    /// recorded as received. (Called only when no checksum is pending.)
    pub async fn checkpoint(&mut self, db: &Db) -> problem::Result<Option<u64>> {
        match self {
            Self::File { file, at, recorded } if *at - *recorded >= RECORD_EVERY => {
                file.flush().await.map_err(Problem::internal)?;
                *recorded = *at;
                Ok(Some(*at))
            }
            Self::File { .. } => Ok(None),
            Self::Parts(parts) if !parts.stored.is_empty() => {
                parts.record(db).await?;
                Ok(Some(u64::from(parts.next - 1) * PART_SIZE as u64))
            }
            Self::Parts(_) => Ok(None),
        }
    }

    /// Makes every byte written durable; returns the offset to record as received.
    pub async fn keep(self, db: &Db) -> problem::Result<u64> {
        match self {
            Self::File { mut file, at, .. } => {
                file.flush().await.map_err(Problem::internal)?;
                file.sync_data().await.map_err(Problem::internal)?;
                Ok(at)
            }
            Self::Parts(mut parts) => {
                let at = parts.at();
                if at == parts.length && !parts.buffer.is_empty() {
                    // The last part may be short.
                    parts.store_part().await?;
                } else if !parts.buffer.is_empty() {
                    let tail = parts.buffer.clone().freeze();
                    parts.store.put_bytes(&StorageKey::upload_tail(parts.id), tail).await?;
                }
                parts.record(db).await?;
                Ok(at)
            }
        }
    }
}

/// Deletes unfinished uploads past their expiry (announcing `upload.expired`): every minute in `reel serve`, and as the
/// lifecycle's abandoned-uploads rule.
pub async fn sweep_expired(ctx: &crate::platform::Context) -> anyhow::Result<usize> {
    let expired = uploads::expired(&ctx.db).await?;
    let staging = Staging::new(&ctx.config.data_dir, &ctx.store);
    for upload in &expired {
        staging.discard(upload.id, upload).await;
        // Several servers sweep: the one whose delete removed the row announces it, once.
        if uploads::delete(&ctx.db, upload.id).await? {
            let data = UploadEventData { id: upload.id, owner_id: upload.created_by, length: upload.length, offset: upload.received };
            webhooks::announce(ctx, Event::upload_expired(data)).await;
        }
    }
    Ok(expired.len())
}
