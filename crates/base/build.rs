//! Build script: lists the migrations (`migrations/{sqlite,postgres}/NNNN_name.sql`) for the
//! database layer and the message catalogues (`locales/LANG/*.ftl`) for `i18n` to embed, and
//! rebuilds the crate when one changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    migrations_list();
    catalogue_list();
}

/// `catalogues.rs`: every `locales/LANG/NAME.ftl` as `(LANG, NAME, source)`, sorted.
fn catalogue_list() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for lang in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let folder = lang.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", folder.display());
        let tag = folder.file_name().unwrap().to_string_lossy().into_owned();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".ftl") else { continue };
            println!("cargo:rerun-if-changed={}", path.display());
            files.push((tag.clone(), stem.to_string(), path.canonicalize().unwrap()));
        }
    }
    files.sort();
    let mut out = String::from("// The message catalogues, listed by build.rs.\nconst CATALOGUE_FILES: &[(&str, &str, &str)] = &[\n");
    for (tag, name, path) in files {
        writeln!(out, "    ({tag:?}, {name:?}, include_str!({:?})),", path.display()).unwrap();
    }
    out.push_str("];\n");
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalogues.rs"), out).unwrap();
}

/// `migrations.rs`: the migrations of both backends, in version order.
fn migrations_list() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../migrations");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("// The migrations, listed by build.rs.\n");
    for (backend, constant) in [("sqlite", "SQLITE"), ("postgres", "POSTGRES")] {
        let folder = root.join(backend);
        println!("cargo:rerun-if-changed={}", folder.display());
        writeln!(out, "const {constant}: &[(i64, &str, &str)] = &[").unwrap();
        for (version, description, path) in migrations(&folder) {
            writeln!(out, "    ({version}, {description:?}, include_str!({:?})),", path.display()).unwrap();
        }
        out.push_str("];\n");
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(dest, out).unwrap();
}

/// A folder's migrations in version order: the number before the first `_`, the rest of the
/// name with `_` as spaces (as sqlx's own reader of a migrations folder names them).
fn migrations(folder: &Path) -> Vec<(i64, String, PathBuf)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".sql") else { continue };
        let (version, words) = stem.split_once('_').unwrap_or_else(|| panic!("{name}: not NNNN_name.sql"));
        let version: i64 = version.parse().unwrap_or_else(|_| panic!("{name}: no version number"));
        println!("cargo:rerun-if-changed={}", path.display());
        found.push((version, words.replace('_', " "), path.canonicalize().unwrap()));
    }
    found.sort_by_key(|(version, ..)| *version);
    let versions: Vec<i64> = found.iter().map(|(v, ..)| *v).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{}: two migrations share a version", folder.display());
    found
}
