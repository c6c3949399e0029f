//! Counting the requests a priced object store is sent: a wrapper around an S3 store that adds
//! every request to a per-item tally, which the usage meter drains (`store_reads` and
//! `store_writes` in the cost report). Classes follow S3's price list: GET and HEAD are reads;
//! PUT, COPY, LIST and each step of a multipart upload are writes; DELETE is free.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use futures::stream::{BoxStream, StreamExt};
use object_store::path::Path;
use object_store::{
    GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta, ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult,
    Result, UploadPart,
};

use super::ledger::classify;

/// Requests of each price class sent for one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestCount {
    /// GET and HEAD.
    pub reads: u64,
    /// PUT, COPY, LIST and multipart steps.
    pub writes: u64,
}

/// Requests sent since the last [`RequestLog::take`], by item (the empty string: objects of no
/// item, such as avatars and listings of a whole prefix). Shared by every clone of a store and
/// by its cold tier.
#[derive(Clone, Default, Debug)]
pub struct RequestLog {
    counts: Arc<Mutex<HashMap<String, RequestCount>>>,
}

/// A listing is one request per page of this many keys (S3's `ListObjectsV2` maximum).
const LIST_PAGE: u64 = 1000;

impl RequestLog {
    /// Counts requests about `key` (an object, or a listing's prefix) against its item.
    pub(super) fn add(&self, key: &str, reads: u64, writes: u64) {
        let item = classify(key).video.map(|v| v.to_string()).unwrap_or_default();
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(item).or_default();
        count.reads += reads;
        count.writes += writes;
    }

    /// Everything counted so far, by item; the tally starts again from zero.
    pub fn take(&self) -> Vec<(String, RequestCount)> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.drain().collect()
    }
}

/// An object store that counts what it is asked into a [`RequestLog`].
pub(super) struct Counted {
    inner: Arc<dyn ObjectStore>,
    log: RequestLog,
}

impl Counted {
    pub(super) fn wrap(inner: Arc<dyn ObjectStore>, log: RequestLog) -> Arc<dyn ObjectStore> {
        Arc::new(Self { inner, log })
    }
}

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counted({})", self.inner)
    }
}

impl fmt::Debug for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Counted({:?})", self.inner)
    }
}

#[async_trait]
impl ObjectStore for Counted {
    async fn put_opts(&self, location: &Path, payload: PutPayload, opts: PutOptions) -> Result<PutResult> {
        self.log.add(location.as_ref(), 0, 1);
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(&self, location: &Path, opts: PutMultipartOptions) -> Result<Box<dyn MultipartUpload>> {
        self.log.add(location.as_ref(), 0, 1);
        let inner = self.inner.put_multipart_opts(location, opts).await?;
        Ok(Box::new(CountedUpload { inner, location: location.clone(), log: self.log.clone() }))
    }

    async fn get_opts(&self, location: &Path, options: GetOptions) -> Result<GetResult> {
        self.log.add(location.as_ref(), 1, 0);
        self.inner.get_opts(location, options).await
    }

    async fn head(&self, location: &Path) -> Result<ObjectMeta> {
        self.log.add(location.as_ref(), 1, 0);
        self.inner.head(location).await
    }

    async fn delete(&self, location: &Path) -> Result<()> {
        self.inner.delete(location).await
    }

    fn delete_stream<'a>(&'a self, locations: BoxStream<'a, Result<Path>>) -> BoxStream<'a, Result<Path>> {
        self.inner.delete_stream(locations)
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, Result<ObjectMeta>> {
        let log = self.log.clone();
        let prefix_key = prefix.map(|p| p.as_ref().to_string()).unwrap_or_default();
        log.add(&prefix_key, 0, 1);
        let mut seen = 0u64;
        self.inner
            .list(prefix)
            .inspect(move |_| {
                seen += 1;
                if seen.is_multiple_of(LIST_PAGE) {
                    log.add(&prefix_key, 0, 1);
                }
            })
            .boxed()
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> Result<ListResult> {
        self.log.add(prefix.map_or("", |p| p.as_ref()), 0, 1);
        self.inner.list_with_delimiter(prefix).await
    }

    async fn copy(&self, from: &Path, to: &Path) -> Result<()> {
        self.log.add(to.as_ref(), 0, 1);
        self.inner.copy(from, to).await
    }

    async fn copy_if_not_exists(&self, from: &Path, to: &Path) -> Result<()> {
        self.log.add(to.as_ref(), 0, 1);
        self.inner.copy_if_not_exists(from, to).await
    }
}

/// A multipart upload whose parts and completion are counted against its object's item.
#[derive(Debug)]
struct CountedUpload {
    inner: Box<dyn MultipartUpload>,
    location: Path,
    log: RequestLog,
}

#[async_trait]
impl MultipartUpload for CountedUpload {
    fn put_part(&mut self, data: PutPayload) -> UploadPart {
        self.log.add(self.location.as_ref(), 0, 1);
        self.inner.put_part(data)
    }

    async fn complete(&mut self) -> Result<PutResult> {
        self.log.add(self.location.as_ref(), 0, 1);
        self.inner.complete().await
    }

    async fn abort(&mut self) -> Result<()> {
        self.inner.abort().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;
    use object_store::WriteMultipart;

    #[tokio::test]
    async fn each_request_is_counted_once_in_its_class_and_item() {
        let dir = tempfile::tempdir().unwrap();
        let log = RequestLog::default();
        let store = Counted::wrap(Arc::new(object_store::local::LocalFileSystem::new_with_prefix(dir.path()).unwrap()), log.clone());
        let id = "6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11";
        let segment = Path::from(format!("media/{id}/720p/00001.m4s"));

        store.put(&segment, PutPayload::from_static(b"moof")).await.unwrap();
        store.get(&segment).await.unwrap().bytes().await.unwrap();
        store.head(&segment).await.unwrap();
        let mut upload =
            WriteMultipart::new_with_chunk_size(store.put_multipart(&Path::from(format!("media/{id}/download.mp4"))).await.unwrap(), 4);
        upload.write(b"0123456789");
        upload.finish().await.unwrap();
        let listed: Vec<_> = store.list(Some(&Path::from(format!("media/{id}")))).try_collect().await.unwrap();
        assert_eq!(listed.len(), 2);
        store.delete(&segment).await.unwrap();
        store.put(&Path::from("avatars/someone/v1.jpg"), PutPayload::from_static(b"jpg")).await.unwrap();

        let mut taken = log.take();
        taken.sort_by(|a, b| a.0.cmp(&b.0));
        // The item: one put; a get and a head; a multipart start, three parts (4+4+2 bytes)
        // and its completion; one listing page. The delete is free.
        assert_eq!(taken, [(String::new(), RequestCount { reads: 0, writes: 1 }), (id.to_string(), RequestCount { reads: 2, writes: 7 })]);
        assert!(log.take().is_empty(), "a take starts the tally again");
    }
}
