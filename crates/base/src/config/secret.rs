//! A setting that is never printed, and the configuration written out with every one redacted.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Config;

/// A configuration value that is never printed: `Debug` and `Serialize` show it redacted.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether no value was configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[redacted]\"" })
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() { "" } else { "[redacted]" })
    }
}

impl Config {
    /// The configuration as TOML, secrets redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_printed_config() {
        let mut c = Config::default();
        c.delivery.signing_key = Secret::new("x".repeat(40));
        c.database.url = Secret::new("postgres://user:hunter2@db/reel");
        let text = c.to_redacted_toml();
        assert!(!text.contains("hunter2") && !text.contains(&"x".repeat(40)), "{text}");
        assert!(text.contains("signing_key = \"[redacted]\""), "{text}");
        assert!(text.contains("[[ladder.rung]]"), "{text}");
    }
}
