//! Reel: a self-hosted video platform — upload, one-pass CMAF ladder, HLS/DASH origin.

pub use reel_base::{config, db, domain, file_stamp, media, private_fs, storage};

pub mod account_lifecycle;
pub mod account_profile;
pub mod analytics;
pub mod app;
pub mod audio_tracks;
pub mod auth;
pub mod captions;
pub mod catalogue;
pub mod chapters;
pub mod cli;
pub mod collections;
pub mod cost;
pub mod delivery;
pub mod edge;
pub mod error;
pub mod history;
pub mod http;
pub mod ingest;
pub mod jobs;
pub mod lifecycle;
pub mod metadata_cache;
pub mod monitor;
pub mod notifications;
pub mod outbound;
pub mod plans;
pub mod profiles;
pub mod ratelimit;
pub mod recommend;
pub mod shared;
pub mod state;
pub mod subscriptions;
pub mod telemetry;
pub mod videos;
pub mod watermark;
