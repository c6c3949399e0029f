//! The platform every capability stands on: the one `Context`, the durable job queue and its
//! workers (which name no job kind: each domain registers its own), the shared cache (in
//! process, or Redis) and the metadata and origin caches it keeps current, rate limits, the
//! edge's address lists and budgets, outbound requests kept off private addresses, the
//! notifier and the token signer, where uploads wait (`staging`), the events pushed to webhook
//! endpoints and their delivery (`webhooks`), and the `Problem` every capability returns. It
//! names no domain.

pub mod context;
pub mod edge;
pub mod geo;
pub mod idempotency;
pub mod jobs;
pub mod metadata_cache;
pub mod notify;
pub mod origin_cache;
pub mod outbound;
pub mod problem;
pub mod ratelimit;
pub mod secrets;
pub mod shared;
pub mod signing;
pub mod staging;
pub mod stream_looks;
pub mod webhooks;

pub use context::Context;
