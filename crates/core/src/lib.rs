//! Reel's core, which names nothing of the web: the platform the capabilities share (one
//! context, the queue, the shared cache, the edge's budgets) and the capabilities themselves,
//! one domain folder each. The base layer is named as `reel_base::…` wherever it is used, so a
//! path says which crate it enters.

pub mod audience;
pub mod auth;
pub mod community;
pub mod delivery;
pub mod ingest;
pub mod integrations;
#[cfg(test)]
mod layers;
pub mod library;
pub mod ops;
pub mod platform;
pub mod processing;
