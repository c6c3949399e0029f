//! `[access_log]`: the origin's JSON-lines access log of media requests.

use serde::{Deserialize, Serialize};

/// `[access_log]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccessLogConfig {
    /// Whether media requests are logged.
    pub enabled: bool,
    /// The file; empty: `{data_dir}/logs/access.log`; relative: under `data_dir`.
    pub path: String,
    /// The size at which the file is rotated, in bytes.
    pub max_bytes: u64,
    /// Rotated files kept (`access.log.1` the newest); older ones are deleted.
    pub keep: u32,
}

impl Default for AccessLogConfig {
    fn default() -> Self {
        Self { enabled: false, path: String::new(), max_bytes: 100 << 20, keep: 5 }
    }
}

impl AccessLogConfig {
    /// Why the settings are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        if self.enabled && self.max_bytes < 1024 {
            return Some("access_log.max_bytes: must be at least 1024".into());
        }
        if self.keep > 1000 {
            return Some("access_log.keep: at most 1000".into());
        }
        None
    }
}
