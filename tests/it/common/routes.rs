//! The routes the server declares, read from its source (`.route("/…", get(a).post(b))` in
//! the routers), so a test can try every one of them rather than those it remembers.

use std::path::{Path, PathBuf};

/// Every (METHOD, path) the routers in `files` (under `src/`) declare.
pub fn declared(files: &[PathBuf]) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for rest in text.split(".route(").skip(1) {
            let Some(path) = rest.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) else { continue };
            // The call, to its closing parenthesis.
            let mut depth = 1;
            let end = rest.char_indices().find_map(|(i, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(i)
            });
            let call = &rest[..end.unwrap_or(rest.len())];
            for method in ["get", "post", "put", "patch", "delete"] {
                let named = call
                    .match_indices(&format!("{method}("))
                    .any(|(at, _)| !call[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                if named {
                    routes.push((method.to_uppercase(), path.to_string()));
                }
            }
        }
    }
    routes.sort();
    routes.dedup();
    routes
}

/// The source files of the API's routers (their paths are under `/api`).
pub fn api_router_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = std::fs::read_dir(src.join("http"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_api.rs"))
        .collect();
    files.extend([src.join("http/router.rs"), src.join("http/tus.rs")]);
    files
}

/// The source files of the site's pages and the media origin.
pub fn page_and_origin_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    vec![src.join("http/pages/routes.rs"), src.join("http/origin.rs")]
}
