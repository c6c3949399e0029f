//! The routes the server answers, so a test can try every one of them rather than those it
//! remembers: the API's from its OpenAPI document (made from the same list as the router), the
//! pages' and the origin's read from their source (`.route("/…", get(a).post(b))`).

use std::path::{Path, PathBuf};

/// Every (METHOD, path) the routers in `files` (under `src/`) declare with `.route(`.
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

/// Every (METHOD, path) of the API (paths under `/api`) but its `HEAD` and `OPTIONS`
/// operations: tus's status and discovery, which answer anyone and carry no body.
pub fn api() -> Vec<(String, String)> {
    let doc = reel::http::api::document();
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("the document has paths") {
        for method in item.as_object().expect("a path has operations").keys() {
            if method != "head" && method != "options" {
                routes.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes.sort();
    routes
}

/// The source files of the site's pages and the media origin.
pub fn page_and_origin_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    vec![src.join("http/pages/routes.rs"), src.join("http/origin/mod.rs")]
}
