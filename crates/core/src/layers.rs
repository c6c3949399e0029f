//! What the layers may name, checked over the sources. Between crates the workspace does it
//! (a crate cannot name one that depends on it); the checks here cover the rest: no crate
//! depends on one above it, none below the top one lists the HTTP server stack, the domain
//! folders of this crate stand in one order, the platform below them all, and no crate's
//! top-level folders name each other round in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The domain folders from the bottom up: each may name those before it, never one after.
const DOMAINS: &[&str] = &["auth", "library", "ops", "delivery", "processing", "ingest", "audience", "community", "integrations"];

/// The workspace's crates from the bottom up: their names and their source folders, relative to
/// this crate's folder.
const CRATES: &[(&str, &str)] = &[("reel-base", "../base"), ("reel-core", "."), ("reel", "../..")];

/// The HTTP server stack, which only the top crate (the web's) may depend on; the crates below
/// it speak of requests and answers in the `http` crate's types.
const WEB_STACK: &[&str] = &["axum", "hyper", "hyper-util", "tower", "tower-http"];

/// The manifest (`Cargo.toml`) of a crate of the workspace, from its entry in [`CRATES`].
fn manifest_of(folder: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(folder).join("Cargo.toml")).unwrap()
}

/// The crates of [`WEB_STACK`] that `manifest` lists among its dependencies of any kind
/// (normal, dev, build; for every target), under their own name or renamed (`package = …`).
pub fn web_stack_in(manifest: &str) -> BTreeSet<String> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let manifest: toml::Table = manifest.parse().unwrap();
    let targets = manifest.get("target").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.values().filter_map(|t| t.as_table()));
    let lists: Vec<&toml::Table> =
        std::iter::once(&manifest).chain(targets).flat_map(|at| KINDS.iter().filter_map(|kind| at.get(*kind)?.as_table())).collect();
    lists
        .iter()
        .flat_map(|list| list.iter())
        .map(|(name, spec)| spec.get("package").and_then(|p| p.as_str()).unwrap_or(name).to_string())
        .filter(|name| WEB_STACK.contains(&name.as_str()))
        .collect()
}

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

/// The source folder of a crate of the workspace, from its entry in [`CRATES`].
fn src_of(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(folder).join("src")
}

/// Whether `text` names `crate::{module}` (a path into it, or the module itself).
fn names(text: &str, module: &str) -> bool {
    let at = format!("crate::{module}");
    text.match_indices(&at).any(|(i, _)| !text[i + at.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// The files under this crate's `src/{folder}` that name one of `modules`, as
/// "file names crate::module".
pub fn naming(folder: &str, modules: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&src_of(".").join(folder)) {
        let text = std::fs::read_to_string(&path).unwrap();
        for module in modules.iter().filter(|m| names(&text, m)) {
            found.push(format!("{} names crate::{module}", path.display()));
        }
    }
    found
}

/// A crate's top-level modules (its folders and files beside `lib.rs` and `main.rs`, this one
/// left out), each with the others it names.
pub fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // This module reads the others' sources and quotes their names; it is a test's tool.
        if name == "lib" || name == "main" || name == "layers" {
            continue;
        }
        let files = if path.is_dir() { rust_files(&path) } else { vec![path] };
        modules.entry(name).or_default().extend(files);
    }
    let mut graph = BTreeMap::new();
    for (module, files) in &modules {
        let text: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        let named = modules.keys().filter(|other| *other != module && names(&text, other)).cloned().collect();
        graph.insert(module.clone(), named);
    }
    graph
}

/// A circle of modules that name each other in turn, if `graph` has one.
pub fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut circle: Vec<String> = path[at..].iter().map(|n| n.to_string()).collect();
            circle.push(node.to_string());
            return Some(circle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_depends_on_one_above_it() {
    for (at, (name, folder)) in CRATES.iter().enumerate() {
        let manifest: toml::Table = manifest_of(folder).parse().unwrap();
        let dependencies = manifest.get("dependencies").and_then(|d| d.as_table()).cloned().unwrap_or_default();
        for (above, _) in &CRATES[at + 1..] {
            assert!(!dependencies.contains_key(*above), "{name} depends on {above}, which stands above it");
        }
    }
}

#[test]
fn no_crate_below_the_web_lists_the_http_server_stack() {
    let ((top, _), below) = CRATES.split_last().unwrap();
    for (name, folder) in below {
        let found = web_stack_in(&manifest_of(folder));
        assert!(found.is_empty(), "{name} lists {found:?}, which only {top} may: below it, the `http` crate's types will do");
    }
}

#[test]
fn the_platform_names_no_domain() {
    let found = naming("platform", DOMAINS);
    assert!(found.is_empty(), "the platform stands below the domains:\n{}", found.join("\n"));
}

#[test]
fn each_domain_names_only_those_below_it() {
    let found: Vec<String> = DOMAINS.iter().enumerate().flat_map(|(at, domain)| naming(domain, &DOMAINS[at + 1..])).collect();
    assert!(found.is_empty(), "a domain names one above it (the order is {DOMAINS:?}):\n{}", found.join("\n"));
}

#[test]
fn no_crate_has_a_cycle_between_its_folders() {
    for (name, folder) in CRATES {
        let graph = module_graph(&src_of(folder));
        assert!(graph.len() > 3, "{name}: {graph:?}");
        if let Some(circle) = cycle(&graph) {
            panic!("{name}'s modules name each other in a circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_checks_find_what_they_look_for() {
    let found = naming("processing", &["library"]);
    assert!(found.iter().any(|f| f.ends_with("processing/purge.rs names crate::library")), "{found:?}");
    assert!(!names("use crate::mediax::a;", "media") && names("use crate::media;", "media"));
    let graph = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            graph.entry(from.to_string()).or_default().insert(to.to_string());
            graph.entry(to.to_string()).or_default();
        }
        graph
    };
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "b")])), Some(vec!["b".into(), "c".into(), "b".into()]));
    let reel = module_graph(&src_of("../.."));
    assert!(reel["app"].contains("http") && !reel["http"].contains("app"), "{reel:?}");
    let listed =
        "[package]\nname = \"x\"\n\n[dependencies]\nhttp = \"1\"\nhyperx = \"1\"\nweb = { package = \"axum\", version = \"0.8\" }\n\n\
                  [dev-dependencies]\ntower = \"0.5\"\n\n[target.'cfg(unix)'.build-dependencies]\nhyper-util = \"0.1\"\n";
    assert_eq!(web_stack_in(listed), BTreeSet::from(["axum", "hyper-util", "tower"].map(String::from)), "{listed}");
    assert!(web_stack_in("[package]\nname = \"x\"\n[dependencies]\nhttp = \"1\"\n").is_empty());
    assert!(web_stack_in(&manifest_of("../..")).contains("axum"), "the top crate's own manifest lists the stack");
}
