//! The suite's own bookkeeping: every module carries the `// suite:` marker that
//! `scripts/suite-modules` reads to build the second pass (PostgreSQL, S3, Redis), so a new
//! module that talks to the database, the store or the shared cache cannot be left out of
//! both passes' lists unnoticed, and a marker that names a test the module lacks is caught.

// suite: embedded reads the suite's own sources and starts nothing

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The filters `scripts/suite-modules PASS` prints, exactly as `scripts/test` gets them.
fn filters(pass: &str) -> Vec<String> {
    let out = Command::new(root().join("scripts/suite-modules")).arg(pass).output().expect("scripts/suite-modules runs");
    assert!(out.status.success(), "scripts/suite-modules {pass}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect()
}

/// The modules `tests/it/main.rs` declares, less the shared harness.
fn modules() -> Vec<String> {
    let main = std::fs::read_to_string(root().join("tests/it/main.rs")).unwrap();
    main.lines().filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';')).filter(|m| *m != "common").map(str::to_owned).collect()
}

/// A module's text: its file, or every file of its folder with its `mod.rs` first.
fn source(module: &str) -> String {
    let dir = Path::new(&root()).join("tests/it");
    let file = dir.join(format!("{module}.rs"));
    if file.exists() {
        return std::fs::read_to_string(file).unwrap();
    }
    let folder = dir.join(module);
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    parts.sort_by_key(|p| (p.file_name().unwrap() != "mod.rs", p.clone()));
    parts.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n")
}

/// Whether a module's tests reach the database, the object store or the shared cache: it
/// starts the server (which holds all three) or builds the state or a database itself.
fn talks_to_a_backend(text: &str) -> bool {
    ["TestServer", "InProcess", "AppState", "Db::", "reel_base::db", "reel_base::storage", "reel_core::platform::shared"]
        .iter()
        .any(|n| text.contains(n))
}

#[test]
fn every_module_is_in_one_pass_list_and_each_marker_names_something_real() {
    let backends = filters("backends");
    let embedded = filters("embedded");
    let mut problems = Vec::new();

    for module in modules() {
        let whole = format!("{module}::");
        let text = source(&module);
        let again: Vec<&String> = backends.iter().filter(|f| f.starts_with(&whole)).collect();
        let alone = embedded.contains(&whole);
        match (again.is_empty(), alone) {
            (true, false) if talks_to_a_backend(&text) => problems.push(format!(
                "{module}: talks to the database, store or cache but is in neither list; \
                 add `// suite: backends` (or `// suite: embedded REASON`)"
            )),
            (true, false) => problems.push(format!("{module}: carries no `// suite:` marker")),
            (false, true) if again.contains(&&whole) => {
                problems.push(format!("{module}: marked both for every backend and for the embedded default alone"))
            }
            _ => {}
        }
        // A named part must be a test or an inner module there, or the filter matches nothing.
        for part in again.iter().filter_map(|f| f.strip_prefix(&whole)).filter(|p| !p.is_empty()) {
            if !text.contains(&format!("fn {part}(")) && !text.contains(&format!("mod {part} {{")) {
                problems.push(format!("{module}: the marker names `{part}`, which is neither a test nor a module there"));
            }
        }
        for line in text.lines().filter_map(|l| l.strip_prefix("// suite: embedded")) {
            if line.trim().is_empty() {
                problems.push(format!("{module}: `// suite: embedded` says no reason"));
            }
        }
    }
    assert!(problems.is_empty(), "the suite's pass lists:\n{}", problems.join("\n"));
}

/// Every test of this binary by its full name (`module::…::test`), as `--list` prints them.
fn tests() -> Vec<String> {
    let out = Command::new(std::env::current_exe().unwrap()).arg("--list").output().expect("the test binary lists its tests");
    assert!(out.status.success(), "--list: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().filter_map(|l| l.strip_suffix(": test")).map(str::to_owned).collect()
}

/// libtest runs every test whose name *contains* a filter, so `plans::` would also run
/// `in_process::plans::…`: each test a second-pass filter matches must sit under that filter.
#[test]
fn each_second_pass_filter_runs_only_the_module_it_names() {
    let tests = tests();
    assert!(tests.iter().any(|t| t.starts_with("suite::")), "--list printed no tests of this module: {tests:?}");
    // A filter names a module (`name::`, or an inner one without the colons) or one test (its
    // whole name): anything else it matches is a stray, `mod::test` matching `mod::test_more` too.
    let names = |f: &str, t: &str| {
        t == f || (f.ends_with("::") && t.starts_with(f)) || t.strip_prefix(f).is_some_and(|rest| rest.starts_with("::"))
    };
    let strays: Vec<String> = filters("backends")
        .iter()
        .flat_map(|f| tests.iter().filter(move |t| t.contains(f.as_str()) && !names(f, t)).map(move |t| format!("{f} also runs {t}")))
        .collect();
    assert!(strays.is_empty(), "rename the module so no filter matches it by accident:\n{}", strays.join("\n"));
}

#[test]
fn the_pass_lists_are_read_from_the_markers_not_kept_by_hand() {
    let script = std::fs::read_to_string(root().join("scripts/test")).unwrap();
    assert!(script.contains("scripts/suite-modules backends"), "scripts/test builds its second pass from the markers");
    // Each printed filter belongs to a declared module: a marker in a file main.rs does not
    // declare would run nothing.
    let declared: BTreeSet<String> = modules().into_iter().collect();
    for filter in filters("backends").iter().chain(&filters("embedded")) {
        let module = filter.split("::").next().unwrap();
        assert!(declared.contains(module), "{filter}: tests/it/{module}.rs is not declared in tests/it/main.rs");
    }
}
