//! Reel: a self-hosted video platform — upload, one-pass CMAF ladder, HLS/DASH origin.
//!
//! This crate is the top layer: the web (the JSON API, the pages, the origin's routes), the
//! command line and the wiring. What it stands on is named by its crate wherever it is used:
//! `reel_base::…` for the domain types, configuration, media, store and database,
//! `reel_core::…` for the platform and the capabilities.

pub mod app;
pub mod cli;
pub mod error;
pub mod http;
pub mod state;
