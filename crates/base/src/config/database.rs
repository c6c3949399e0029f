//! `[database]`: where the metadata and the job queue live.

use serde::{Deserialize, Serialize};

use super::Secret;

/// Metadata and job database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://…`; empty means `sqlite://{data_dir}/reel.db`.
    pub url: Secret,
    /// Connections in the pool.
    pub max_connections: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self { url: Secret::default(), max_connections: 8 }
    }
}
