//! Object storage for sources and media: typed keys over the `object_store` crate.

mod archive;
mod keys;
pub mod ledger;
pub mod migrate;
pub mod presign;
mod reach;
pub mod requests;
mod tier;

pub use archive::Restore;
pub use keys::StorageKey;
pub use ledger::{Ledger, ObjectKind, Tier};
pub use reach::is_unreachable;
pub use requests::{RequestCount, RequestLog};

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::multipart::MultipartStore;
use object_store::path::Path as ObjectPath;
use object_store::signer::Signer;
use object_store::{GetOptions, GetRange, ObjectStore, PutPayload, WriteMultipart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What can go wrong talking to the object store.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// No object under this key.
    #[error("no object at {0}")]
    NotFound(String),
    /// The configured URL names a store this build cannot open.
    #[error("storage url {0:?} is not supported (use file:///PATH or s3://BUCKET)")]
    UnsupportedUrl(String),
    /// The store answered with an error.
    #[error("object store: {0}")]
    Store(#[source] object_store::Error),
    /// A local file could not be read or written.
    #[error("local file: {0}")]
    Io(#[source] std::io::Error),
    /// The object is in an archive storage class and must be restored before it can be read.
    #[error("{0} is archived; it is being restored, try again later")]
    Archived(String),
    /// The accounts of what is stored could not be updated.
    #[error("storage accounts: {0}")]
    Ledger(#[source] LedgerFailure),
    /// The configuration of a tier cannot work.
    #[error("storage configuration: {0}")]
    Config(String),
}

/// Why the accounts could not be updated, kept whole so that its cause (the database out of
/// reach, say) can still be told apart from a failed statement.
#[derive(Debug)]
pub struct LedgerFailure(pub anyhow::Error);

impl std::fmt::Display for LedgerFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for LedgerFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let cause: &(dyn std::error::Error + Send + Sync + 'static) = self.0.as_ref();
        Some(cause)
    }
}

// Every error on its way out of this module passes one of these conversions, which is where
// `reel_storage_errors_total` counts it: the disk or bucket alarm reads that counter. An object
// that is not there is an answer, not an error.
impl From<object_store::Error> for StorageError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { path, .. } => Self::NotFound(path),
            other => {
                metrics::counter!("reel_storage_errors_total", "kind" => "store").increment(1);
                Self::Store(other)
            }
        }
    }
}

impl From<std::io::Error> for StorageError {
    fn from(e: std::io::Error) -> Self {
        metrics::counter!("reel_storage_errors_total", "kind" => "local_file").increment(1);
        Self::Io(e)
    }
}

/// Size and version of a stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    /// Length in bytes.
    pub size: u64,
    /// An opaque version tag, when the store has one.
    pub e_tag: Option<String>,
}

/// A byte range of an object being read: its bytes as a stream, plus the object's metadata.
pub struct ObjectBody {
    /// The whole object's metadata.
    pub info: ObjectInfo,
    /// The range delivered.
    pub range: Range<u64>,
    /// The bytes of `range`.
    pub stream: BoxStream<'static, Result<Bytes, StorageError>>,
}

/// Parts of a multipart upload are this large (S3 needs ≥ 5 MiB except for the last).
pub const PART_SIZE: usize = 8 << 20;

/// How long an S3 request keeps trying through errors that may pass (a refused connection, a
/// 5xx): a few quick retries, then the error. A request's client gets a 503 in seconds, not
/// minutes, when the store is down, and a job fails its attempt and is retried by the queue,
/// whose backoff is made for outages (the library's default would retry for three minutes).
const OUTAGE_RETRY: object_store::RetryConfig = object_store::RetryConfig {
    backoff: object_store::BackoffConfig { init_backoff: Duration::from_millis(100), max_backoff: Duration::from_secs(2), base: 2.0 },
    max_retries: 4,
    retry_timeout: Duration::from_secs(15),
};

/// The object store, shared by every part of the process.
#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// The folder behind a `file://` store.
    local_root: Option<std::path::PathBuf>,
    /// The S3 store behind `inner`, for what only S3 has: presigned URLs, and multipart
    /// uploads whose parts arrive one request at a time, perhaps at different processes
    /// (resumable uploads and uploads straight to the bucket).
    s3: Option<Arc<object_store::aws::AmazonS3>>,
    /// Signs part URLs for uploads the client sends straight to the bucket (S3 with an
    /// access key).
    presigner: Option<presign::Presigner>,
    /// The cold tier, when one is configured.
    cold: Option<Arc<tier::Cold>>,
    /// Told of every object written, moved or removed.
    ledger: Option<Arc<dyn Ledger>>,
    /// The requests sent to priced (S3) stores, for the cost report; a folder's stay zero.
    requests: RequestLog,
}

impl Store {
    /// Opens the store the configuration names: its `storage.url` (the embedded default
    /// filled in) with the S3 settings for `s3://` URLs.
    pub fn from_config(config: &crate::config::Config) -> Result<Self, StorageError> {
        let mut store = Self::open(&config.storage_url(), &config.storage)?;
        store.cold = tier::Cold::open(&store, &config.storage)?.map(Arc::new);
        Ok(store)
    }

    /// The same store, telling `ledger` of every object it writes, moves or removes.
    pub fn with_ledger(mut self, ledger: Arc<dyn Ledger>) -> Self {
        self.ledger = Some(ledger);
        self
    }

    /// The requests sent to the store since the last call, by item (see [`RequestLog::take`]).
    pub fn take_requests(&self) -> Vec<(String, RequestCount)> {
        self.requests.take()
    }

    /// Whether a cold tier is configured.
    pub fn has_cold_tier(&self) -> bool {
        self.cold.is_some()
    }

    async fn note_written(&self, key: &str, bytes: u64, tier: Tier) -> Result<(), StorageError> {
        match &self.ledger {
            Some(ledger) => ledger.wrote(key, bytes, tier).await.map_err(|e| StorageError::Ledger(LedgerFailure(e))),
            None => Ok(()),
        }
    }

    async fn note_removed(&self, key: &str) -> Result<(), StorageError> {
        match &self.ledger {
            Some(ledger) => ledger.removed(key).await.map_err(|e| StorageError::Ledger(LedgerFailure(e))),
            None => Ok(()),
        }
    }

    /// Opens the store `url` names: `file:///abs/path` (created if missing) or `s3://bucket`
    /// (any S3-compatible server, with the endpoint, region, credentials and addressing style
    /// of `s3`).
    pub fn open(url: &str, s3: &crate::config::StorageConfig) -> Result<Self, StorageError> {
        if let Some(path) = url.strip_prefix("file://") {
            // Private originals live here: a folder made here is owner-only.
            crate::private_fs::create_dir(std::path::Path::new(path))?;
            let fs = LocalFileSystem::new_with_prefix(path)?.with_automatic_cleanup(true);
            tracing::info!(store = "file", path, "object store ready");
            let local_root = Some(std::path::PathBuf::from(path));
            let requests = RequestLog::default();
            return Ok(Self { inner: Arc::new(fs), local_root, s3: None, presigner: None, cold: None, ledger: None, requests });
        }
        let Some(bucket) = url.strip_prefix("s3://").map(|b| b.trim_end_matches('/')).filter(|b| !b.is_empty() && !b.contains('/')) else {
            return Err(StorageError::UnsupportedUrl(url.to_string()));
        };
        let mut builder = object_store::aws::AmazonS3Builder::from_env()
            .with_retry(OUTAGE_RETRY)
            .with_bucket_name(bucket)
            .with_region(&s3.s3_region)
            .with_virtual_hosted_style_request(!s3.s3_path_style);
        if !s3.s3_endpoint.is_empty() {
            builder = builder.with_endpoint(&s3.s3_endpoint).with_allow_http(s3.s3_endpoint.starts_with("http://"));
        }
        if !s3.s3_access_key_id.is_empty() {
            builder = builder.with_access_key_id(&s3.s3_access_key_id).with_secret_access_key(s3.s3_secret_access_key.expose());
        }
        let store = Arc::new(builder.build()?);
        tracing::info!(store = "s3", bucket, endpoint = %s3.s3_endpoint, "object store ready");
        // Signing part uploads needs the key itself, so direct uploads need explicit credentials.
        let presigner = (!s3.s3_access_key_id.is_empty()).then(|| {
            presign::Presigner::new(
                &s3.s3_endpoint,
                bucket,
                &s3.s3_region,
                s3.s3_path_style,
                &s3.s3_access_key_id,
                s3.s3_secret_access_key.expose(),
            )
        });
        let requests = RequestLog::default();
        let inner = requests::Counted::wrap(store.clone(), requests.clone());
        Ok(Self { inner, local_root: None, s3: Some(store), presigner, cold: None, ledger: None, requests })
    }

    /// Stores a small object whole.
    pub async fn put_bytes(&self, key: &StorageKey, bytes: impl Into<Bytes>) -> Result<(), StorageError> {
        let bytes = bytes.into();
        let size = bytes.len() as u64;
        self.inner.put(&key.path(), PutPayload::from(bytes)).await?;
        self.note_written(key.as_str(), size, Tier::Hot).await
    }

    /// Starts a streamed write; nothing is visible under `key` until [`ObjectWriter::finish`].
    pub async fn writer(&self, key: &StorageKey) -> Result<ObjectWriter, StorageError> {
        self.writer_at(&key.path()).await
    }

    /// A streamed write to any path of the store (copying objects between stores).
    pub(crate) async fn writer_at(&self, path: &ObjectPath) -> Result<ObjectWriter, StorageError> {
        let upload = self.inner.put_multipart(path).await?;
        let ledger = self.ledger.clone().map(|l| (l, path.to_string(), Tier::Hot));
        Ok(ObjectWriter { inner: WriteMultipart::new_with_chunk_size(upload, PART_SIZE), written: 0, ledger })
    }

    /// Copies a local file into the store without reading it whole into memory.
    pub async fn put_file(&self, key: &StorageKey, file: &Path) -> Result<u64, StorageError> {
        let mut f = tokio::fs::File::open(file).await?;
        let mut writer = self.writer(key).await?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = f.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            if let Err(e) = writer.write(&buf[..n]).await {
                writer.abort().await;
                return Err(e);
            }
        }
        writer.finish().await
    }

    /// The file behind a key when the store is a local folder (so a worker can hand it to
    /// ffmpeg without copying); `None` for remote stores.
    pub fn local_path(&self, key: &StorageKey) -> Option<std::path::PathBuf> {
        self.local_root.as_ref().map(|root| root.join(key.as_str()))
    }

    /// Moves a finished local file into the store: a rename when the store is a folder on the
    /// same filesystem, else a streamed copy. Returns the size.
    pub async fn import_file(&self, key: &StorageKey, file: &Path) -> Result<u64, StorageError> {
        if let Some(target) = self.local_path(key) {
            if let Some(dir) = target.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            if tokio::fs::rename(file, &target).await.is_ok() {
                let size = tokio::fs::metadata(&target).await?.len();
                self.note_written(key.as_str(), size, Tier::Hot).await?;
                return Ok(size);
            }
        }
        self.put_file(key, file).await
    }

    /// Whether clients can upload straight to the bucket (an S3 store with an access key).
    pub fn direct_uploads(&self) -> bool {
        self.presigner.is_some()
    }

    /// Whether the store keeps multipart uploads whose parts arrive separately (S3).
    pub fn has_multipart(&self) -> bool {
        self.s3.is_some()
    }

    fn multipart(&self) -> Result<&object_store::aws::AmazonS3, StorageError> {
        self.s3.as_deref().ok_or_else(|| StorageError::UnsupportedUrl("multipart uploads need an S3 store".into()))
    }

    /// Starts a multipart upload of `key` whose parts are sent one at a time; returns its id.
    pub async fn start_multipart(&self, key: &StorageKey) -> Result<String, StorageError> {
        self.requests.add(key.as_str(), 0, 1);
        Ok(self.multipart()?.create_multipart(&key.path()).await?)
    }

    /// Stores part `number` (from 1) of a multipart upload, replacing any earlier part with
    /// that number; returns the part's ETag.
    pub async fn put_part(&self, key: &StorageKey, upload_id: &str, number: u32, bytes: Bytes) -> Result<String, StorageError> {
        let index = number.checked_sub(1).expect("part numbers start at 1") as usize;
        let upload_id = upload_id.to_string();
        self.requests.add(key.as_str(), 0, 1);
        let part = self.multipart()?.put_part(&key.path(), &upload_id, index, PutPayload::from(bytes)).await?;
        Ok(part.content_id)
    }

    /// Completes a multipart upload from its parts' ETags, in part order: `key` appears whole.
    pub async fn complete_multipart(&self, key: &StorageKey, upload_id: &str, etags: Vec<String>) -> Result<(), StorageError> {
        let parts = etags.into_iter().map(|content_id| object_store::multipart::PartId { content_id }).collect();
        self.requests.add(key.as_str(), 0, 1);
        self.multipart()?.complete_multipart(&key.path(), &upload_id.to_string(), parts).await?;
        if self.ledger.is_some() {
            let size = self.inner.head(&key.path()).await?.size;
            self.note_written(key.as_str(), size, Tier::Hot).await?;
        }
        Ok(())
    }

    /// Abandons a multipart upload and the parts stored for it.
    pub async fn abort_multipart(&self, key: &StorageKey, upload_id: &str) -> Result<(), StorageError> {
        match self.multipart()?.abort_multipart(&key.path(), &upload_id.to_string()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A presigned URL the client PUTs part `number` (from 1) of a direct upload to.
    pub fn direct_part_url(&self, key: &StorageKey, upload_id: &str, number: u32, ttl: std::time::Duration) -> Option<String> {
        let n = number.to_string();
        let presigner = self.presigner.as_ref()?;
        // The client's PUT is billed to the bucket's owner: counted as the URL is handed out.
        self.requests.add(key.as_str(), 0, 1);
        Some(presigner.url("PUT", key.as_str(), &[("partNumber", &n), ("uploadId", upload_id)], ttl, std::time::SystemTime::now()))
    }

    /// A presigned GET URL for `key`, good for `ttl`, when the store can make one (S3); `None`
    /// for a local folder.
    pub async fn presigned_get(&self, key: &StorageKey, ttl: std::time::Duration) -> Result<Option<String>, StorageError> {
        let Some(signer) = &self.s3 else { return Ok(None) };
        let url = signer.signed_url(http::Method::GET, &key.path(), ttl).await?;
        self.requests.add(key.as_str(), 1, 0);
        Ok(Some(url.to_string()))
    }

    /// Size and version of an object.
    pub async fn head(&self, key: &StorageKey) -> Result<ObjectInfo, StorageError> {
        let path = key.path();
        let meta = match self.inner.head(&path).await {
            Err(object_store::Error::NotFound { .. }) if self.cold_elsewhere().is_some() => {
                self.cold_elsewhere().expect("checked").head(&path).await?
            }
            other => other?,
        };
        Ok(ObjectInfo { size: meta.size, e_tag: meta.e_tag })
    }

    /// Reads an object whole (for small objects such as the package index).
    pub async fn get_bytes(&self, key: &StorageKey) -> Result<Bytes, StorageError> {
        Ok(self.get_stream(key, None).await?.stream.try_collect::<Vec<Bytes>>().await?.concat().into())
    }

    /// Streams an object, or the given byte range of it, from whichever tier holds it: the hot
    /// store first, then a cold store of its own (an object being moved is in one or the other,
    /// or both, at every moment).
    pub async fn get_stream(&self, key: &StorageKey, range: Option<Range<u64>>) -> Result<ObjectBody, StorageError> {
        let path = key.path();
        let options = || GetOptions { range: range.clone().map(GetRange::Bounded), ..Default::default() };
        let result = match self.inner.get_opts(&path, options()).await {
            Err(object_store::Error::NotFound { .. }) if self.cold_elsewhere().is_some() => {
                self.cold_elsewhere().expect("checked").get_opts(&path, options()).await
            }
            other => other,
        };
        let result = result.map_err(|e| self.read_error(key, e))?;
        let info = ObjectInfo { size: result.meta.size, e_tag: result.meta.e_tag.clone() };
        let range = result.range.clone();
        let stream = result.into_stream().map_err(StorageError::from).boxed();
        Ok(ObjectBody { info, range, stream })
    }

    /// Copies an object to a local file (workers give ffmpeg local paths only).
    pub async fn download_to_file(&self, key: &StorageKey, file: &Path) -> Result<u64, StorageError> {
        let mut body = self.get_stream(key, None).await?;
        let mut out = tokio::fs::File::create(file).await?;
        let mut n = 0u64;
        while let Some(chunk) = body.stream.next().await {
            let chunk = chunk?;
            n += chunk.len() as u64;
            out.write_all(&chunk).await?;
        }
        out.flush().await?;
        Ok(n)
    }

    /// Deletes one object; a missing object is not an error.
    pub async fn delete(&self, key: &StorageKey) -> Result<(), StorageError> {
        for store in self.locations() {
            match store.delete(&key.path()).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.note_removed(key.as_str()).await
    }

    /// Deletes every object stored for a video (its media, then its source); returns how many
    /// went.
    pub async fn delete_video(&self, id: crate::domain::VideoId) -> Result<usize, StorageError> {
        let media = self.delete_prefix(&StorageKey::media_prefix(id)).await?;
        let source = self.delete_prefix(&StorageKey::source_prefix(id)).await?;
        Ok(media + source)
    }

    /// Deletes every object under a prefix; returns how many went.
    pub async fn delete_prefix(&self, prefix: &StorageKey) -> Result<usize, StorageError> {
        let mut count = 0;
        for store in self.locations() {
            let listed: Vec<_> = store.list(Some(&prefix.path())).map_ok(|m| m.location).try_collect().await?;
            count += listed.len();
            delete_each(store, listed).await?;
        }
        if let Some(ledger) = &self.ledger {
            ledger.removed_prefix(prefix.as_str()).await.map_err(|e| StorageError::Ledger(LedgerFailure(e)))?;
        }
        Ok(count)
    }

    /// Keys of every object under a prefix, in every tier.
    pub async fn list(&self, prefix: &StorageKey) -> Result<Vec<String>, StorageError> {
        Ok(self.list_sized(prefix).await?.into_iter().map(|(key, _, _)| key).collect())
    }

    /// Every object under a prefix with its size and the tier whose location holds it (an
    /// object in a cold storage class of the hot bucket is listed as hot: a listing does not
    /// say its class).
    pub async fn list_sized(&self, prefix: &StorageKey) -> Result<Vec<(String, u64, Tier)>, StorageError> {
        let mut out: Vec<(String, u64, Tier)> =
            self.inner.list(Some(&prefix.path())).map_ok(|m| (m.location.to_string(), m.size, Tier::Hot)).try_collect().await?;
        if let Some(cold) = self.cold_elsewhere() {
            let listed: Vec<_> =
                cold.list(Some(&prefix.path())).map_ok(|m| (m.location.to_string(), m.size, Tier::Cold)).try_collect().await?;
            out.extend(listed);
        }
        Ok(out)
    }

    /// The places objects may be: the hot store, and a cold one of its own.
    fn locations(&self) -> impl Iterator<Item = &Arc<dyn ObjectStore>> {
        std::iter::once(&self.inner).chain(self.cold_elsewhere())
    }
}

/// Deletes every one of `locations`, taking one already gone as deleted: a job cleaning up
/// after itself may remove an object between the listing and the delete, and the delete of
/// the whole prefix must not fail for it.
async fn delete_each(store: &Arc<dyn ObjectStore>, locations: Vec<ObjectPath>) -> Result<(), object_store::Error> {
    let locations = futures::stream::iter(locations.into_iter().map(Ok)).boxed();
    let results: Vec<_> = store.delete_stream(locations).collect().await;
    for result in results {
        match result {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A streamed write to the object store (multipart underneath).
pub struct ObjectWriter {
    inner: WriteMultipart,
    written: u64,
    /// Whom to tell, under which key and tier, once the object exists.
    ledger: Option<(Arc<dyn Ledger>, String, Tier)>,
}

impl ObjectWriter {
    /// Appends bytes, waiting while too many parts are in flight.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), StorageError> {
        self.inner.wait_for_capacity(4).await?;
        self.inner.write(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Completes the object; it becomes visible whole, or not at all.
    pub async fn finish(self) -> Result<u64, StorageError> {
        self.inner.finish().await?;
        if let Some((ledger, key, tier)) = &self.ledger {
            ledger.wrote(key, self.written, *tier).await.map_err(|e| StorageError::Ledger(LedgerFailure(e)))?;
        }
        Ok(self.written)
    }

    /// Abandons the write; nothing becomes visible.
    pub async fn abort(self) {
        if let Err(e) = self.inner.abort().await {
            tracing::warn!(error = %e, "could not abort a multipart upload");
        }
    }
}

impl StorageKey {
    fn path(&self) -> ObjectPath {
        ObjectPath::from(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_object_another_deleted_first_does_not_fail_the_delete_of_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn ObjectStore> = Arc::new(LocalFileSystem::new_with_prefix(dir.path()).unwrap());
        let kept = ObjectPath::from("media/a/00001.m4s");
        store.put(&kept, PutPayload::from_static(b"x")).await.unwrap();
        delete_each(&store, vec![ObjectPath::from("media/a/00000.m4s"), kept.clone()]).await.unwrap();
        assert!(matches!(store.head(&kept).await, Err(object_store::Error::NotFound { .. })));
    }
}
