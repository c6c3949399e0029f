//! Reel's base layer, which names nothing above it: domain types and rules, configuration,
//! media planning and the process runner, storage and the database.

pub mod config;
pub mod db;
pub mod domain;
pub mod file_stamp;
pub mod i18n;
pub mod media;
pub mod outage;
pub mod private_fs;
pub mod storage;
