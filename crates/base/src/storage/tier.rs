//! The cold tier: a folder or bucket of its own, or an S3 storage class in the hot bucket, and
//! moving one object between the tiers without ever leaving it in neither.

use std::sync::Arc;

use futures::TryStreamExt;
use object_store::{Attribute, Attributes, ObjectStore, PutMultipartOptions, WriteMultipart};

use super::{StorageError, StorageKey, Store, Tier, PART_SIZE};
use crate::config::ColdStorageConfig;

/// S3 storage classes a cold tier may name.
const CLASSES: [&str; 7] =
    ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY"];

/// The configured cold tier.
pub(crate) struct Cold {
    /// Another folder or bucket; `None`: the hot bucket, objects told apart by `class`.
    elsewhere: Option<Arc<dyn ObjectStore>>,
    /// The S3 storage class objects moved to cold are given.
    class: Option<String>,
    /// For an archive class: the requests that restore its objects.
    pub(super) archive: Option<super::archive::Archive>,
}

impl Cold {
    /// The cold tier `[storage.cold]` describes for `hot`, if any; a configuration that cannot
    /// work (a storage class on a folder, a class S3 does not have, the hot store again) is an
    /// error, so a server does not start with it.
    pub(crate) fn open(hot: &Store, config: &crate::config::StorageConfig) -> Result<Option<Self>, StorageError> {
        let cold = &config.cold;
        let class = Some(cold.storage_class.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(class) = &class {
            if !CLASSES.contains(&class.as_str()) {
                return Err(StorageError::Config(format!("storage.cold.storage_class {class:?} is not one of {}", CLASSES.join(", "))));
            }
        }
        if cold.url.is_empty() {
            return match (&class, hot.s3.is_some()) {
                (None, _) => Ok(None),
                (Some(_), true) => {
                    let archive = Self::archive_for(&class, hot.presigner.clone())?;
                    Ok(Some(Self { elsewhere: None, class, archive }))
                }
                (Some(_), false) => Err(StorageError::Config(
                    "storage.cold.storage_class needs an S3 store; on a folder, give storage.cold.url another folder".into(),
                )),
            };
        }
        if cold.url.trim_end_matches('/') == config.url.trim_end_matches('/') {
            return Err(StorageError::Config("storage.cold.url names the hot store itself".into()));
        }
        let store = Store::open(&cold.url, config)?;
        if class.is_some() && store.s3.is_none() {
            return Err(StorageError::Config("storage.cold.storage_class applies to S3 buckets only".into()));
        }
        let archive = Self::archive_for(&class, store.presigner.clone())?;
        // A cold bucket's requests are counted with the hot store's.
        let elsewhere = match store.s3 {
            Some(s3) => super::requests::Counted::wrap(s3, hot.requests.clone()),
            None => store.inner,
        };
        Ok(Some(Self { elsewhere: Some(elsewhere), class, archive }))
    }

    /// The restore requests an archive `class` needs, signed with the bucket's access key.
    fn archive_for(
        class: &Option<String>,
        presigner: Option<super::presign::Presigner>,
    ) -> Result<Option<super::archive::Archive>, StorageError> {
        if !class.as_deref().is_some_and(|c| ColdStorageConfig::ARCHIVE_CLASSES.contains(&c)) {
            return Ok(None);
        }
        let presigner =
            presigner.ok_or_else(|| StorageError::Config("restoring archived objects needs storage.s3_access_key_id".into()))?;
        Ok(Some(super::archive::Archive::new(presigner)?))
    }

    /// Whether reading a cold object needs a restore first.
    pub(crate) fn is_archive(&self) -> bool {
        self.archive.is_some()
    }
}

impl Store {
    /// The cold tier's own store, when it is not the hot bucket.
    pub(super) fn cold_elsewhere(&self) -> Option<&Arc<dyn ObjectStore>> {
        self.cold.as_ref()?.elsewhere.as_ref()
    }

    /// Whether the cold tier is a folder or bucket of its own (not a class of the hot bucket).
    pub fn cold_is_separate(&self) -> bool {
        self.cold_elsewhere().is_some()
    }

    /// A read's error, with "archived: restore first" told apart from the rest.
    pub(super) fn read_error(&self, key: &StorageKey, e: object_store::Error) -> StorageError {
        let archived = self.cold.as_ref().is_some_and(|c| c.is_archive())
            && matches!(e, object_store::Error::PermissionDenied { .. } | object_store::Error::Generic { .. })
            && format!("{e:?}").contains("InvalidObjectState");
        if archived {
            StorageError::Archived(key.to_string())
        } else {
            e.into()
        }
    }

    /// Moves one object to `to`: copied (streamed, never whole in memory) into the tier's store
    /// or class, checked for size, then removed from where it was. At every moment the object
    /// is readable from one tier or the other. Moving an object already there rewrites nothing
    /// when the tiers are separate stores. Returns the object's size.
    pub async fn move_object(&self, key: &StorageKey, to: Tier) -> Result<u64, StorageError> {
        let cold = self.cold.as_ref().ok_or_else(|| StorageError::Config("no cold tier is configured ([storage.cold])".into()))?;
        let cold_store = cold.elsewhere.as_ref().unwrap_or(&self.inner);
        let (from, dest) = match to {
            Tier::Cold => (&self.inner, cold_store),
            Tier::Hot => (cold_store, &self.inner),
        };
        let path = key.path();
        let separate = cold.elsewhere.is_some();
        let got = match from.get(&path).await {
            Err(object_store::Error::NotFound { .. }) if separate => {
                // Moved before (a resumed run): it is where it should be, or nowhere.
                let size = dest.head(&path).await?.size;
                self.note_written(key.as_str(), size, to).await?;
                return Ok(size);
            }
            other => other.map_err(|e| self.read_error(key, e))?,
        };
        let size = got.meta.size;
        let mut attributes = Attributes::new();
        if let (Tier::Cold, Some(class)) = (to, &cold.class) {
            attributes.insert(Attribute::StorageClass, class.clone().into());
        }
        let upload = dest.put_multipart_opts(&path, PutMultipartOptions { attributes, ..Default::default() }).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        let mut reader = got.into_stream();
        let mut written = 0u64;
        let copied: Result<(), StorageError> = async {
            while let Some(chunk) = reader.try_next().await? {
                writer.wait_for_capacity(4).await?;
                written += chunk.len() as u64;
                writer.write(&chunk);
            }
            Ok(())
        }
        .await;
        if let Err(e) = copied {
            let _ = writer.abort().await;
            return Err(e);
        }
        if written != size {
            let _ = writer.abort().await;
            return Err(StorageError::Io(std::io::Error::other(format!(
                "{key} changed while it was moved ({size} bytes became {written})"
            ))));
        }
        writer.finish().await?;
        if separate {
            match from.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.note_written(key.as_str(), size, to).await?;
        Ok(size)
    }
}
