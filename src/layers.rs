//! What the layers may name, checked over the sources: each domain folder and the platform
//! stand below the web layer (`http/`, the web state, the wiring and the command line), and
//! the platform below the domains too.

use std::path::{Path, PathBuf};

/// The domain folders, each a capability's home.
const DOMAINS: &[&str] = &["library", "audience", "processing", "ingest", "delivery", "auth", "ops"];
/// The web layer (its answers' error type included) and what stands on it.
const WEB: &[&str] = &["http", "state", "app", "cli", "error"];

/// Every `.rs` file under `folder`, at any depth.
pub fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The files under `src/{folder}` that name one of `modules` (`crate::{module}::…` or
/// `crate::{module};`), as "file names crate::module".
pub fn naming(folder: &str, modules: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(folder)) {
        let text = std::fs::read_to_string(&path).unwrap();
        for module in modules {
            if text.contains(&format!("crate::{module}::")) || text.contains(&format!("crate::{module};")) {
                found.push(format!("{} names crate::{module}", path.display()));
            }
        }
    }
    found
}

#[test]
fn the_platform_names_no_domain_and_nothing_of_the_web() {
    let above: Vec<&str> = DOMAINS.iter().chain(WEB).copied().collect();
    let found = naming("platform", &above);
    assert!(found.is_empty(), "the platform stands below the domains and the web layer:\n{}", found.join("\n"));
}

#[test]
fn no_domain_names_the_web_layer() {
    let found: Vec<String> = DOMAINS.iter().flat_map(|domain| naming(domain, WEB)).collect();
    assert!(found.is_empty(), "the domains stand below the web layer:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_name_from_above() {
    let found = naming("http", &["state"]);
    assert!(found.iter().any(|f| f.ends_with("src/http/router.rs names crate::state")), "{found:?}");
}
