//! Bringing an object back from an archive storage class (`GLACIER`, `DEEP_ARCHIVE`): S3 reads
//! it again only after a restore request has been honoured (minutes to hours), and then only for
//! a while; Reel asks for the restore, looks again later, and once it is done copies the object
//! back into the hot tier, where it stays readable.
//!
//! `object_store` has neither the restore request nor the `x-amz-restore` header, so these two
//! requests are signed by [`Presigner`](super::presign::Presigner) and sent as they are.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use super::presign::Presigner;
use super::{StorageError, StorageKey, Store, Tier};

/// Days a restored copy stays readable: long enough to copy it back hot, with room for retries.
const RESTORED_DAYS: u32 = 2;

/// Where restoring an object stands after one [`Store::restore_object`] step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restore {
    /// It is readable in the hot tier again (copied back, or never archived).
    Done,
    /// S3 is restoring it; look again later.
    Pending,
}

/// What a HEAD says of an object's class and restore.
struct Head {
    class: Option<String>,
    restore: Option<String>,
}

/// The requests for one archive bucket.
pub(super) struct Archive {
    presigner: Presigner,
    http: reqwest::Client,
}

impl Archive {
    pub(super) fn new(presigner: Presigner) -> Result<Self, StorageError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| StorageError::Config(format!("an HTTP client for restores: {e}")))?;
        Ok(Self { presigner, http })
    }

    fn url(&self, method: &str, key: &StorageKey, query: &[(&str, &str)]) -> String {
        self.presigner.url(method, key.as_str(), query, Duration::from_secs(60), SystemTime::now())
    }

    async fn head(&self, key: &StorageKey) -> Result<Head, StorageError> {
        let response = self.http.head(self.url("HEAD", key, &[])).send().await.map_err(request_error)?;
        match response.status() {
            StatusCode::NOT_FOUND => return Err(StorageError::NotFound(key.to_string())),
            s if !s.is_success() => return Err(status_error("HEAD", key, s, String::new())),
            _ => {}
        }
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        Ok(Head { class: header("x-amz-storage-class"), restore: header("x-amz-restore") })
    }

    async fn request_restore(&self, key: &StorageKey) -> Result<(), StorageError> {
        let body = format!(
            "<RestoreRequest><Days>{RESTORED_DAYS}</Days><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>"
        );
        let response = self.http.post(self.url("POST", key, &[("restore", "")])).body(body).send().await.map_err(request_error)?;
        let status = response.status();
        // 202: started; 200: already restored; 409: a restore is already under way.
        if status.is_success() || status == StatusCode::CONFLICT {
            return Ok(());
        }
        Err(status_error("POST ?restore", key, status, response.text().await.unwrap_or_default()))
    }
}

fn request_error(e: reqwest::Error) -> StorageError {
    metrics::counter!("reel_storage_errors_total", "kind" => "store").increment(1);
    StorageError::Io(std::io::Error::other(format!("archive request: {e}")))
}

fn status_error(what: &str, key: &StorageKey, status: StatusCode, body: String) -> StorageError {
    metrics::counter!("reel_storage_errors_total", "kind" => "store").increment(1);
    let body: String = body.chars().take(300).collect();
    StorageError::Io(std::io::Error::other(format!("{what} {key}: {status} {body}")))
}

/// Whether an `x-amz-restore` value says the restored copy is ready to read.
fn restored(restore: &str) -> bool {
    restore.replace(' ', "").contains("ongoing-request=\"false\"")
}

impl Store {
    /// Whether the cold tier is an archive class, whose objects need a restore before reading.
    pub fn has_archive_tier(&self) -> bool {
        self.cold.as_ref().is_some_and(|c| c.is_archive())
    }

    /// Takes one cold object a step toward reading: asks S3 for a restore when none is under
    /// way, and copies it back into the hot tier once one is done (or when it is in no archive
    /// class at all). Safe to repeat: each call finds where the last one left it.
    pub async fn restore_object(&self, key: &StorageKey) -> Result<Restore, StorageError> {
        let cold = self.cold.as_ref().ok_or_else(|| StorageError::Config("no cold tier is configured ([storage.cold])".into()))?;
        let Some(archive) = &cold.archive else {
            self.move_object(key, Tier::Hot).await?;
            return Ok(Restore::Done);
        };
        self.requests.add(key.as_str(), 1, 0);
        let head = match archive.head(key).await {
            // Copied back by an earlier step whose accounts were not written: the hot store has it.
            Err(StorageError::NotFound(_)) if self.cold_is_separate() => {
                self.move_object(key, Tier::Hot).await?;
                return Ok(Restore::Done);
            }
            other => other?,
        };
        let archived = head.class.as_deref().is_some_and(|c| crate::config::ColdStorageConfig::ARCHIVE_CLASSES.contains(&c));
        match head.restore.as_deref() {
            _ if !archived => {}
            Some(r) if restored(r) => {}
            Some(_) => return Ok(Restore::Pending),
            None => {
                self.requests.add(key.as_str(), 0, 1);
                archive.request_restore(key).await?;
                tracing::info!(key = %key, "asked for an archived object's restore");
                return Ok(Restore::Pending);
            }
        }
        self.move_object(key, Tier::Hot).await?;
        Ok(Restore::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restore_is_done_only_when_s3_says_the_request_is_over() {
        assert!(restored(r#"ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT""#));
        assert!(!restored(r#"ongoing-request="true""#));
        assert!(!restored(""));
    }
}
