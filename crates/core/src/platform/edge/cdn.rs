//! The CDN → origin secret: when `cdn.origin_secret` (or `cdn.origin_secret_file`) is set,
//! `/play` answers only requests that carry it in `cdn.origin_secret_header`, so viewers
//! cannot go around the CDN, and the edge does not count the CDN's requests against its
//! address. `cdn.origin_secret_previous` is accepted too, for rotation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use http::{HeaderMap, HeaderName};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

use reel_base::config::CdnConfig;

type Hash = [u8; 32];

/// Why the configured secret cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CdnSecretError {
    /// `cdn.origin_secret_file` could not be read.
    #[error("cdn.origin_secret_file {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `cdn.origin_secret_file` holds nothing but white space.
    #[error("cdn.origin_secret_file {} is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// `cdn.origin_secret_header` is not a header name.
    #[error("cdn.origin_secret_header {0:?} is not a valid header name")]
    BadHeader(String),
}

/// The secrets the origin accepts, kept as SHA-256 digests: comparing equal-length digests in
/// constant time says nothing about the secret's length or content.
pub struct OriginSecrets {
    header: HeaderName,
    accepted: Vec<Hash>,
}

impl OriginSecrets {
    /// The secrets of `cdn`, or `None` when no secret is configured (the origin is open).
    /// A secret file is read once per process and path; a file that cannot be read is an
    /// error, never an open origin.
    pub fn from_config(cdn: &CdnConfig) -> Result<Option<Self>, CdnSecretError> {
        let current = if !cdn.origin_secret.is_empty() {
            Some(hash(cdn.origin_secret.expose().as_bytes()))
        } else if !cdn.origin_secret_file.is_empty() {
            Some(file_secret(Path::new(&cdn.origin_secret_file))?)
        } else {
            None
        };
        let previous = (!cdn.origin_secret_previous.is_empty()).then(|| hash(cdn.origin_secret_previous.expose().as_bytes()));
        let accepted: Vec<Hash> = current.into_iter().chain(previous).collect();
        if accepted.is_empty() {
            return Ok(None);
        }
        let header = HeaderName::try_from(cdn.origin_secret_header.as_str())
            .map_err(|_| CdnSecretError::BadHeader(cdn.origin_secret_header.clone()))?;
        Ok(Some(Self { header, accepted }))
    }

    /// Whether the request carries one of the accepted secrets.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(sent) = headers.get(&self.header) else { return false };
        let sent = hash(sent.as_bytes());
        // Every accepted value is compared, so the time does not tell which one matched.
        let matched = self.accepted.iter().fold(Choice::from(0), |found, a| found | sent.ct_eq(a));
        matched.into()
    }
}

fn hash(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// The digest of the trimmed contents of a secret file, read once per path.
fn file_secret(path: &Path) -> Result<Hash, CdnSecretError> {
    static READ: OnceLock<Mutex<HashMap<PathBuf, Hash>>> = OnceLock::new();
    let mut read = READ.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(h) = read.get(path) {
        return Ok(*h);
    }
    let text = std::fs::read_to_string(path).map_err(|source| CdnSecretError::Unreadable { path: path.to_path_buf(), source })?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(CdnSecretError::Empty { path: path.to_path_buf() });
    }
    let h = hash(secret.as_bytes());
    read.insert(path.to_path_buf(), h);
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use reel_base::config::Secret;

    fn cdn(secret: &str, previous: &str) -> CdnConfig {
        CdnConfig { origin_secret: Secret::new(secret), origin_secret_previous: Secret::new(previous), ..CdnConfig::default() }
    }

    fn sent(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-reel-cdn-secret", HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn without_a_secret_the_origin_is_open() {
        assert!(OriginSecrets::from_config(&CdnConfig::default()).unwrap().is_none());
    }

    #[test]
    fn the_current_and_the_previous_secret_are_admitted_and_nothing_else() {
        let s = OriginSecrets::from_config(&cdn("current-secret", "previous-secret")).unwrap().unwrap();
        assert!(s.admits(&sent("current-secret")));
        assert!(s.admits(&sent("previous-secret")));
        for wrong in ["", "current-secre", "current-secretx", "CURRENT-SECRET"] {
            assert!(!s.admits(&sent(wrong)), "{wrong:?}");
        }
        assert!(!s.admits(&HeaderMap::new()));
    }

    #[test]
    fn an_empty_previous_secret_does_not_admit_an_empty_header() {
        let s = OriginSecrets::from_config(&cdn("current-secret", "")).unwrap().unwrap();
        assert!(!s.admits(&sent("")));
    }

    #[test]
    fn a_secret_file_is_read_trimmed_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cdn-secret");
        std::fs::write(&path, "  from-a-file\n").unwrap();
        let mut config = CdnConfig { origin_secret_file: path.display().to_string(), ..CdnConfig::default() };
        assert!(OriginSecrets::from_config(&config).unwrap().unwrap().admits(&sent("from-a-file")));

        config.origin_secret_file = dir.path().join("missing").display().to_string();
        assert!(matches!(OriginSecrets::from_config(&config), Err(CdnSecretError::Unreadable { .. })));
        std::fs::write(dir.path().join("blank"), " \n").unwrap();
        config.origin_secret_file = dir.path().join("blank").display().to_string();
        assert!(matches!(OriginSecrets::from_config(&config), Err(CdnSecretError::Empty { .. })));
    }

    #[test]
    fn a_bad_header_name_is_an_error() {
        let config = CdnConfig { origin_secret_header: "not a header".into(), ..cdn("s", "") };
        assert!(matches!(OriginSecrets::from_config(&config), Err(CdnSecretError::BadHeader(_))));
    }
}
