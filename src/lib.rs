//! Reel: a self-hosted video platform — upload, one-pass CMAF ladder, HLS/DASH origin.
//!
//! The base layer (domain types, configuration, media planning and the process runner, the
//! store, the database) is the `reel-base` crate, re-exported here under its old names. Above
//! it, the capabilities sit in domain folders, the platform they share beside them, and the
//! web and command-line layers on top.

pub use reel_base::{config, db, domain, file_stamp, media, outage, private_fs, storage};

pub mod app;
pub mod audience;
pub mod auth;
pub mod cli;
pub mod delivery;
pub mod error;
pub mod http;
pub mod ingest;
#[cfg(test)]
mod layers;
pub mod library;
pub mod ops;
pub mod platform;
pub mod problem;
pub mod processing;
pub mod state;
