//! `[storage]` and `[storage.cold]`: the object store for sources and media, and the cold
//! tier lifecycle rules move objects to.

use serde::{Deserialize, Serialize};

use super::Secret;

/// Object storage for sources and media.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// `file://PATH` or `s3://BUCKET`; empty means `file://{data_dir}/objects`.
    pub url: String,
    /// S3 endpoint for S3-compatible stores (`https://minio.example.org:9000`); empty: AWS.
    pub s3_endpoint: String,
    /// S3 region.
    pub s3_region: String,
    /// S3 access key id; empty: the usual AWS environment variables and instance credentials.
    pub s3_access_key_id: String,
    /// S3 secret access key.
    pub s3_secret_access_key: Secret,
    /// Path-style requests (`endpoint/bucket/key`), which most S3-compatible servers need;
    /// false: virtual-hosted style (`bucket.endpoint/key`), as AWS prefers.
    pub s3_path_style: bool,
    /// The cold tier lifecycle rules move objects to.
    pub cold: ColdStorageConfig,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            url: String::new(),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".into(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: Secret::default(),
            s3_path_style: false,
            cold: ColdStorageConfig::default(),
        }
    }
}

/// The cold tier: another folder or bucket, or (on S3) a storage class, or both. Off while
/// `url` and `storage_class` are both empty.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColdStorageConfig {
    /// `file://PATH` or `s3://BUCKET` (with the S3 settings above); empty: the hot store's own
    /// bucket, told apart by `storage_class` (S3 only).
    pub url: String,
    /// The S3 storage class objects get when moved to cold (`STANDARD_IA`, `ONEZONE_IA`,
    /// `INTELLIGENT_TIERING`, `GLACIER_IR`, `GLACIER`, `DEEP_ARCHIVE`); empty: the bucket's
    /// default. `GLACIER` and `DEEP_ARCHIVE` objects are restored by a job before they are read.
    pub storage_class: String,
    /// How often the restore job of an archived item looks again whether S3 has finished
    /// (hours for `DEEP_ARCHIVE`); also the `Retry-After` a viewer is given meanwhile.
    pub restore_check_secs: u64,
}

impl ColdStorageConfig {
    /// Classes whose objects cannot be read until a restore request has been honoured.
    pub const ARCHIVE_CLASSES: [&'static str; 2] = ["GLACIER", "DEEP_ARCHIVE"];

    /// Whether objects moved to cold need a restore before they can be read again.
    pub fn is_archive(&self) -> bool {
        Self::ARCHIVE_CLASSES.contains(&self.storage_class.trim())
    }
}

impl Default for ColdStorageConfig {
    fn default() -> Self {
        Self { url: String::new(), storage_class: String::new(), restore_check_secs: 900 }
    }
}
