//! Reel: a self-hosted video platform — upload, one-pass CMAF ladder, HLS/DASH origin.
//!
//! The base layer (domain types, configuration, media planning and the process runner, the
//! store, the database) is the `reel-base` crate, re-exported here under its old names. Above
//! it, the capabilities sit in domain folders, the platform they share beside them, and the
//! web and command-line layers on top.

pub use reel_core::{
    audience, auth, community, config, db, delivery, domain, file_stamp, i18n, ingest, integrations, library, media, ops, outage, platform,
    private_fs, processing, storage,
};

pub mod app;
pub mod cli;
pub mod error;
pub mod http;
pub mod state;
