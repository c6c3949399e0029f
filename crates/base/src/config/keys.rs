//! `[keys]`: the keys every host must share, given as a value or a file instead of being made
//! in each host's `{data_dir}/secrets` (the embedded default).

use serde::{Deserialize, Serialize};

use super::Secret;

/// `[keys]`. Each key is 64 or more hex digits (at least 32 bytes): the value, else the file
/// holding it, else `{data_dir}/secrets/{name}.key`, made on first use. Moving one host's
/// generated key into configuration keeps everything it signed valid: the file holds the
/// same hex.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeysConfig {
    /// Keys the hashes of sign-in codes and the account-deletion confirmations
    /// (generated: `otp.key`). Hosts that differ refuse each other's codes.
    pub login_code: Secret,
    /// A file holding `login_code`.
    pub login_code_file: String,
    /// Signs the links Reel hands out in messages: SMS delivery receipts and "stop these
    /// emails" links (generated: `links.key`).
    pub links: Secret,
    /// A file holding `links`.
    pub links_file: String,
    /// Keys the access log's hashed client addresses (generated: `access-log.key`), so one
    /// viewer hashes alike on every host.
    pub access_log: Secret,
    /// A file holding `access_log`.
    pub access_log_file: String,
}

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

impl KeysConfig {
    /// Each key: its setting's name, the value and the file.
    pub fn each(&self) -> [(&'static str, &Secret, &str); 3] {
        [
            ("keys.login_code", &self.login_code, &self.login_code_file),
            ("keys.links", &self.links, &self.links_file),
            ("keys.access_log", &self.access_log, &self.access_log_file),
        ]
    }

    /// Why the settings are unusable, if they are. Never repeats a value.
    pub fn problem(&self) -> Option<String> {
        for (name, value, file) in self.each() {
            if !value.is_empty() && !file.is_empty() {
                return Some(format!("set {name} or {name}_file, not both"));
            }
            if !value.is_empty() && !is_hex_key(value.expose()) {
                return Some(format!("{name} must be at least {} hex digits ({MIN_KEY_BYTES} bytes)", 2 * MIN_KEY_BYTES));
            }
        }
        None
    }
}

/// Whether `text` is an even number of hex digits encoding at least [`MIN_KEY_BYTES`].
pub fn is_hex_key(text: &str) -> bool {
    let text = text.trim();
    text.len() >= 2 * MIN_KEY_BYTES && text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit())
}
