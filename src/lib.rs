//! Reel: a self-hosted video platform — upload, one-pass CMAF ladder, HLS/DASH origin.

pub mod app;
pub mod auth;
pub mod catalogue;
pub mod cli;
pub mod collections;
pub mod config;
pub mod db;
pub mod delivery;
pub mod domain;
pub mod error;
pub mod history;
pub mod http;
pub mod ingest;
pub mod jobs;
pub mod media;
pub mod metadata_cache;
pub mod notifications;
pub mod outbound;
pub mod private_fs;
pub mod ratelimit;
pub mod shared;
pub mod state;
pub mod storage;
pub mod subscriptions;
pub mod telemetry;
pub mod videos;
