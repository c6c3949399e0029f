//! Operations: knowing how the platform runs and what it costs. Telemetry (logs, metrics),
//! alarms and their notices, analytics dashboards, storage lifecycle tiers and restores, and
//! the usage meter and cost reports.

pub mod analytics;
pub mod cost;
pub mod lifecycle;
pub mod monitor;
pub mod telemetry;

use crate::platform::jobs::Registry;

/// Adds the job kinds of operations to `registry`.
pub fn register(registry: Registry) -> Registry {
    registry
        .register::<monitor::notify::NotifyAlarm>()
        .register::<lifecycle::apply::ApplyLifecycle>()
        .register::<lifecycle::restore::RestoreArchived>()
        .register::<cost::usage::RecordUsage>()
}
