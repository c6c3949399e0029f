//! `[telemetry]`: logs and the metrics listener.

use serde::{Deserialize, Serialize};

/// Logs and metrics.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// Prometheus metrics listener; never the public port. Empty disables it.
    pub metrics_listen: String,
    /// `tracing` filter, e.g. `info,reel=debug`; `RUST_LOG` wins when set.
    pub log_filter: String,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        Self { metrics_listen: "127.0.0.1:9464".into(), log_filter: "info".into() }
    }
}
