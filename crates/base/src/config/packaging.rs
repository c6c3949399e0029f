//! `[packaging]`: whether segments are encrypted, and the master key that wraps each video's
//! content key.

use serde::{Deserialize, Serialize};

use super::Secret;

/// How the HLS output is packaged: optional segment encryption and its master key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PackagingConfig {
    /// `none`, or `aes-128`: HLS media segments encrypted with a key per video, served only to
    /// a valid playback token at `/play/{token}/{id}/key` (DASH is then not offered).
    pub encryption: Encryption,
    /// The key that wraps every video's content key: 64 hex digits (32 bytes). When this and
    /// `master_key_file` are empty, it is made once in `{data_dir}/secrets/master.key`.
    pub master_key: Secret,
    /// A file holding the master key as 64 hex digits (used when `master_key` is empty).
    pub master_key_file: String,
    /// The master key before the last rotation, tried when the current one does not open a
    /// content key: set while `reel keys rotate-master` re-wraps keys under a configured key.
    /// When this and `master_key_previous_file` are empty with generated keys, it is
    /// `{data_dir}/secrets/master.previous.key`, kept by `rotate-master`.
    pub master_key_previous: Secret,
    /// A file holding the previous master key (used when `master_key_previous` is empty).
    pub master_key_previous_file: String,
}

/// Whether new videos' segments are encrypted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// Segments are stored and served as they are; the playback token alone protects them.
    #[default]
    None,
    /// HLS `METHOD=AES-128`: every media segment is AES-128-CBC encrypted with the video's key.
    #[serde(rename = "aes-128")]
    Aes128,
}

impl PackagingConfig {
    /// What is wrong with these settings, if anything. The message never repeats a key.
    pub fn problem(&self) -> Option<String> {
        for (name, key, file) in [
            ("master_key", &self.master_key, &self.master_key_file),
            ("master_key_previous", &self.master_key_previous, &self.master_key_previous_file),
        ] {
            if !key.is_empty() && !file.is_empty() {
                return Some(format!("set packaging.{name} or packaging.{name}_file, not both"));
            }
            let key = key.expose();
            if !key.is_empty() && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit())) {
                // The message never repeats the value.
                return Some(format!("packaging.{name} must be 64 hex digits (32 bytes)"));
            }
        }
        let previous_set = !self.master_key_previous.is_empty() || !self.master_key_previous_file.is_empty();
        if previous_set && self.master_key.is_empty() && self.master_key_file.is_empty() {
            return Some(
                "packaging.master_key_previous needs packaging.master_key or master_key_file (generated keys keep their own)".into(),
            );
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use figment::providers::{Format, Toml};
    use figment::Figment;

    use super::*;
    use crate::config::Config;

    #[test]
    fn a_master_key_is_64_hex_digits_from_one_place_and_never_printed() {
        let mut c = Config::default();
        c.packaging.encryption = Encryption::Aes128;
        assert!(c.validate().is_ok(), "a generated master key needs no setting");
        let key = "0f".repeat(32);
        c.packaging.master_key = Secret::new(&key);
        assert!(c.validate().is_ok());
        assert!(!c.to_redacted_toml().contains(&key) && !format!("{c:?}").contains(&key));
        for bad in ["0f".repeat(16), "0f".repeat(33), "zz".repeat(32)] {
            c.packaging.master_key = Secret::new(&bad);
            let refused = c.validate().unwrap_err().to_string();
            assert!(refused.contains("64 hex digits") && !refused.contains(&bad), "{refused}");
        }
        c.packaging.master_key = Secret::new(&key);
        c.packaging.master_key_file = "/etc/reel/master.key".into();
        assert!(c.validate().is_err(), "two sources of one key");
    }

    #[test]
    fn encryption_is_spelled_as_in_the_example() {
        let p: PackagingConfig = Figment::from(Toml::string("encryption = \"aes-128\"")).extract().unwrap();
        assert_eq!(p.encryption, Encryption::Aes128);
        assert_eq!(serde_json::to_string(&Encryption::None).unwrap(), "\"none\"");
        assert!(Figment::from(Toml::string("encryption = \"aes-256\"")).extract::<PackagingConfig>().is_err());
    }
}
