//! What viewers' players report and what Reel makes of it: beacons (`beacons.rs`) folded into
//! daily aggregates per item and rendition, read back as figures by `report.rs`.

pub mod beacons;
pub mod csv;
pub mod dashboards;
pub mod operations;
pub mod report;
