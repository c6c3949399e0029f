//! The platform every capability stands on: the durable job queue and its workers (which
//! name no job kind: each domain registers its own), the shared cache (in process, or Redis)
//! and the metadata and origin caches it keeps current, rate limits, the edge's address lists and budgets, and outbound requests kept off private
//! addresses.

pub mod context;
pub mod edge;
pub mod jobs;
pub mod metadata_cache;
pub mod origin_cache;
pub mod outbound;
pub mod ratelimit;
pub mod shared;

pub use context::Context;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// What stands on the platform, which it must not name: the domains and the web layer.
    const ABOVE: &[&str] =
        &["library", "audience", "processing", "ingest", "delivery", "auth", "ops", "http", "error", "state", "app", "cli"];

    fn names_above(folder: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                names_above(&path, found);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for module in ABOVE {
                if text.contains(&format!("crate::{module}::")) || text.contains(&format!("crate::{module};")) {
                    found.push(format!("{} names crate::{module}", path.display()));
                }
            }
        }
    }

    #[test]
    fn the_platform_names_no_domain_and_nothing_of_the_web() {
        let mut found = Vec::new();
        names_above(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/platform"), &mut found);
        assert!(found.is_empty(), "the platform stands below the domains and the web layer:\n{}", found.join("\n"));
    }
}
