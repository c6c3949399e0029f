//! What the layers may name, checked over the sources. Between crates the workspace does it
//! (a crate cannot name one that depends on it); the checks here cover the rest: no crate
//! depends on one above it, none below the top one lists the HTTP server stack, the domain
//! folders of this crate stand in one order, the platform below them all, no crate's top-level
//! folders name each other round in a circle, no file of the web layer (`src/http/`) names
//! another that names it back, however far round, and no crate hands on another's modules
//! (`pub use reel_base::db;`), so that a path says which crate it enters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The domain folders from the bottom up: each may name those before it, never one after.
const DOMAINS: &[&str] = &["auth", "library", "ops", "delivery", "processing", "ingest", "audience", "community", "integrations"];

/// The workspace's crates from the bottom up: their names and their source folders, relative to
/// this crate's folder.
const CRATES: &[(&str, &str)] = &[("reel-base", "../base"), ("reel-core", "."), ("reel", "../..")];

/// The names by which a path enters a crate of the workspace.
const CRATE_PATHS: &[&str] = &["reel_base", "reel_core", "reel"];

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

/// The names a use-tree at the start of `text` spells out (`a::b::{c, d::e as f}` is
/// `a::b::c` and `a::b::d::e`), each as its segments.
fn use_tree(text: &str) -> Vec<Vec<String>> {
    fn tree(chars: &[char], at: &mut usize) -> Vec<Vec<String>> {
        let mut prefix = Vec::new();
        loop {
            while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
                *at += 1;
            }
            if chars.get(*at) == Some(&'{') {
                *at += 1;
                let mut out = Vec::new();
                loop {
                    for rest in tree(chars, at) {
                        // `self` in a group names the prefix itself.
                        let rest: Vec<String> = rest.into_iter().filter(|s| s != "self").collect();
                        out.push(prefix.iter().cloned().chain(rest).collect());
                    }
                    // Past an ` as x` rename, then a comma or the group's end.
                    while chars.get(*at).is_some_and(|c| *c != ',' && *c != '}') {
                        *at += 1;
                    }
                    let end = chars.get(*at) != Some(&',');
                    *at += 1;
                    if end {
                        return out;
                    }
                }
            }
            let start = *at;
            while chars.get(*at).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                *at += 1;
            }
            if *at == start {
                return if prefix.is_empty() { Vec::new() } else { vec![prefix] };
            }
            prefix.push(chars[start..*at].iter().collect());
            if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
                *at += 2;
            } else {
                return vec![prefix];
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    tree(&chars, &mut 0)
}

/// Each path a `pub use` in `text` hands on from another crate of the workspace whose leaf is
/// not a type: a module, a function or a glob (`reel_base::db`, `reel_core::x::*`). A
/// capability may hand on the record types it answers with; a whole module handed on would
/// let a path name one crate while it enters another.
pub fn modules_handed_on(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("pub use ") {
        let tree = text[at + "pub use ".len()..].trim_start_matches("::");
        for path in use_tree(tree) {
            let enters = path.first().is_some_and(|first| CRATE_PATHS.contains(&first.as_str()));
            let names_a_type = path.last().is_some_and(|leaf| leaf.starts_with(|c: char| c.is_uppercase()));
            if enters && !names_a_type {
                found.push(path.join("::"));
            }
        }
    }
    found
}

/// The files of module `module` (the folder `src/{module}`), each with the files it names:
/// through `crate::…`, `super::…` and `self::…` (use-trees' groups spelled out), and a
/// `mod.rs` its own children by their bare names; a name goes to the file of its longest
/// prefix that is a module. Each folder in `whole` counts as one file (its inside is its own
/// affair).
pub fn file_graph(src: &Path, module: &str, whole: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    // Each file's module path (`http::api::videos`) and the node it counts as.
    let mut files: BTreeMap<Vec<String>, (PathBuf, String)> = BTreeMap::new();
    for path in rust_files(&src.join(module)) {
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let mut segments: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        if segments.last().is_some_and(|s| s == "mod") {
            segments.pop();
        }
        let node = match segments.get(1) {
            Some(folder) if whole.contains(&folder.as_str()) => segments[..2].join("::"),
            _ => segments.join("::"),
        };
        files.insert(segments, (path, node));
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = files.values().map(|(_, node)| (node.clone(), BTreeSet::new())).collect();
    for (segments, (path, node)) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // What the file is, not its tests (which may name what uses it) nor its comments.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let text: String = code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
        let is_mod = path.file_stem().is_some_and(|s| s == "mod");
        let mut starts: Vec<usize> = Vec::new();
        let mut roots = vec!["crate::".to_string(), "super::".to_string(), "self::".to_string()];
        if is_mod {
            roots.extend(
                files.keys().filter(|f| f.len() == segments.len() + 1 && f.starts_with(segments)).map(|f| format!("{}::", f[f.len() - 1])),
            );
        }
        for root in &roots {
            for (at, _) in text.match_indices(root.as_str()) {
                if !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                    starts.push(at);
                }
            }
        }
        for at in starts {
            for name in use_tree(&text[at..]) {
                // `self` is the file's own module, `super` the one above it; a bare name is a
                // child of a `mod.rs`.
                let ups = name.iter().take_while(|s| *s == "super").count();
                let mut absolute: Vec<String> = match name.first().map(String::as_str) {
                    Some("crate") => name[1..].to_vec(),
                    Some("self") => segments.iter().chain(&name[1..]).cloned().collect(),
                    _ => segments[..segments.len().saturating_sub(ups)].iter().chain(&name[ups..]).cloned().collect(),
                };
                while !absolute.is_empty() {
                    if let Some((_, to)) = files.get(&absolute) {
                        if to != node {
                            graph.get_mut(node).unwrap().insert(to.clone());
                        }
                        break;
                    }
                    absolute.pop();
                }
            }
        }
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
fn no_crate_hands_on_another_crates_modules() {
    let mut found = Vec::new();
    for (name, folder) in CRATES {
        // This file quotes re-exports to test the check.
        for path in rust_files(&src_of(folder)).into_iter().filter(|p| !p.ends_with("layers.rs")) {
            for handed in modules_handed_on(&std::fs::read_to_string(&path).unwrap()) {
                found.push(format!("{name}: {} hands on {handed}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "a path says which crate it enters; name the module by its own crate:\n{}", found.join("\n"));
}

#[test]
fn the_checks_find_what_they_look_for() {
    let text = "pub use reel_base::{config, db::Db};\npub use reel_core::auth::account::UserRecord;\npub use serde::de;\n\
                pub use ::reel_core::x::*;\npub(crate) use reel_base::media;\n";
    assert_eq!(modules_handed_on(text), ["reel_base::config", "reel_core::x"], "{text}");
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

#[test]
fn no_file_of_the_web_layer_names_another_in_a_circle() {
    // Every file is a node, the pages' too.
    let graph = file_graph(&src_of("../.."), "http", &[]);
    assert!(graph.len() > 20 && graph["http::router"].contains("http::api"), "{graph:?}");
    if let Some(circle) = cycle(&graph) {
        panic!("files under src/http name each other in a circle: {}", circle.join(" -> "));
    }
}

#[test]
fn the_file_graph_follows_groups_super_and_children_and_finds_a_circle() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("web/mod.rs", "pub mod api;\npub mod pages;\npub mod router;\n");
    write("web/router.rs", "use crate::web::{api::{self, videos::list as l}, pages};\nuse crate::db::x;\n");
    write("web/api/mod.rs", "pub mod videos;\npub fn routes() { videos::list() }\n");
    write("web/api/videos.rs", "// crate::web::router names nothing here\npub fn list() {}\n");
    write("web/pages/mod.rs", "mod a;\n");
    write("web/pages/a.rs", "use super::super::api::videos;\nuse crate::web::pages;\n");
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<String>>();
    let graph = file_graph(dir.path(), "web", &["pages"]);
    assert_eq!(graph["web::router"], set(&["web::api", "web::api::videos", "web::pages"]));
    assert_eq!(graph["web::api"], set(&["web::api::videos"]));
    assert_eq!(graph["web::api::videos"], set(&[]));
    assert_eq!(graph["web::pages"], set(&["web::api::videos"]), "a folder counted whole names what its files name");
    assert_eq!(cycle(&graph), None);
    // A handler that names the router back closes a circle, through `super::super::`.
    write("web/api/videos.rs", "use super::super::router;\npub fn list() {}\n");
    let graph = file_graph(dir.path(), "web", &["pages"]);
    let circle = cycle(&graph).expect("a circle");
    assert!(circle.contains(&"web::router".to_string()) && circle.contains(&"web::api::videos".to_string()), "{circle:?}");
    // Its tests may name it.
    write("web/api/videos.rs", "pub fn list() {}\n#[cfg(test)]\nmod tests { use crate::web::router; }\n");
    assert_eq!(cycle(&file_graph(dir.path(), "web", &["pages"])), None);
}
