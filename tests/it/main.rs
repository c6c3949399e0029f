//! The integration suite, one test binary (the harness is compiled once): each module drives
//! the real `reel` binary, real ffmpeg and real servers, except `router`, which runs the
//! router in process, and `in_process`, the tier that calls capabilities with a context of
//! its own and moves its clock. Modules whose behaviour depends on the database, store or shared cache
//! run twice in `scripts/test` (embedded default, then PostgreSQL + S3 + Redis), as the
//! `// suite:` marker each module carries says (`scripts/suite-modules` reads them, `suite`
//! checks them); tests in a `needs_*` module run only where that server is.

mod common;

mod access_log;
mod account_lifecycle;
mod account_profile;
mod accounts;
mod alarms;
mod analytics;
mod api_conventions;
mod audio_tracks;
mod availability;
mod captions;
mod catalogue;
mod chapters;
mod chunking;
mod cli;
mod collections;
mod community;
mod corpus;
mod cost;
mod delivery;
mod devices;
mod direct_upload;
mod edge;
mod encryption;
mod entitlement;
mod feeds;
mod hardening;
mod history;
mod in_process;
mod languages;
mod loudness;
mod mail_language;
mod master_key;
mod metadata_cache;
mod migrate;
mod moderation;
mod notifications;
mod notify;
mod openapi;
mod operations;
mod pages;
mod pictures;
mod pins;
mod pipeline;
mod plan_quality;
mod plans;
mod playable;
mod playback_quality;
mod profiles;
mod recommendations;
mod records;
mod router;
mod scale;
mod search;
mod security;
mod shared_keys;
mod sharing;
mod shell;
mod sign_in;
mod site_actions;
mod storage_lifecycle;
mod streams;
mod subscriptions;
mod suite;
mod tokens;
mod tus;
mod watermark;
mod webhook_events;
mod webhooks;
