//! `[geo]`: where clients are, for the items whose owners limit them to some countries.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// `[geo]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeoConfig {
    /// A MaxMind-format database (GeoLite2 or GeoIP2 Country or City, or any `.mmdb` whose
    /// records name `country.iso_code`), read once at start. Without one, no item may be
    /// limited to some countries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<PathBuf>,
}
