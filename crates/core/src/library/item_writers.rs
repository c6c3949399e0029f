//! The check that only `library::item` writes an item: the writes it looks for are read from
//! the base's SQL (every function of `db` that writes the `videos` table, and those calling
//! one), and their calls are looked for in this crate and the web crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A function of the database layer: its module (the file's name) and its own name.
type DbFn = (String, String);

/// Calls of a writer of the videos row allowed outside `library::item`: the file (from the
/// workspace's root), the call, and why it need not tell the caches through here.
const ALLOWED: &[(&str, &str, &str)] = &[
    ("src/main.rs", "migrate::command", "`reel migrate-db` copies every table into an empty database that no server reads yet"),
    (
        "crates/core/src/ops/analytics/beacons.rs",
        "watch::count_view",
        "a view only adds to the counter; the caller announces once the day's total is counted too",
    ),
    (
        "crates/core/src/ops/analytics/beacons.rs",
        "watch::count_anonymous_view",
        "a view only adds to the counter; the caller announces once the day's total is counted too",
    ),
    ("crates/core/src/library/videos.rs", "watch::count_view", "a view only adds to the counter, and the caller announces it"),
    (
        "crates/core/src/delivery/master_rotation.rs",
        "videos::replace_content_key",
        "a new master key wraps the same content key again: what a player is given does not change",
    ),
    (
        "crates/core/src/audience/delete_account.rs",
        "account_data::erase",
        "an account's erasure, after its items were deleted or handed over through here, only \
         takes what is left of them out of its series",
    ),
];

/// Whether the SQL of `body` writes the videos table: by name (an upsert is an insert), or
/// into a table named at run time when `lists_videos` (the file names `"videos"` among its
/// tables, as the copy of `reel migrate-db` does).
fn writes_videos(body: &str, lists_videos: bool) -> bool {
    let code: Vec<&str> = body.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    let flat = code.join(" ").split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
    ["UPDATE ", "INSERT INTO ", "DELETE FROM ", "REPLACE INTO "].iter().any(|verb| {
        flat.match_indices(verb).any(|(at, _)| {
            let table = &flat[at + verb.len()..];
            let word: String = table.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            word == "VIDEOS" || (lists_videos && table.starts_with('{'))
        })
    })
}

/// The functions of one database module, each with its text (its first line its
/// signature), up to the module's tests.
fn functions(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let mut rest = line.strip_prefix("pub").unwrap_or(line);
        if rest.starts_with('(') {
            rest = rest.split_once(") ").map_or("", |(_, r)| r);
        }
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("async ").unwrap_or(rest);
        match rest.strip_prefix("fn ") {
            Some(sig) if !line.starts_with(' ') => {
                let name = sig.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
                out.push((name.to_string(), format!("{line}\n")));
            }
            _ => {
                if let Some((_, body)) = out.last_mut() {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// The functions of the database layer that write the videos table, given its modules'
/// names and texts: those whose SQL does, and those that call one of them.
fn videos_writers(modules: &[(String, String)]) -> BTreeSet<DbFn> {
    let mut bodies = Vec::new();
    for (module, text) in modules {
        for (name, body) in functions(text) {
            bodies.push(((module.clone(), name), body, text.contains("\"videos\"")));
        }
    }
    let mut writers: BTreeSet<DbFn> =
        bodies.iter().filter(|(_, body, lists)| writes_videos(body, *lists)).map(|(f, _, _)| f.clone()).collect();
    loop {
        let more: Vec<DbFn> = bodies
            .iter()
            .filter(|(f, body, _)| {
                !writers.contains(f)
                    && body.lines().skip(1).flat_map(called_paths).any(|path| match path.as_slice() {
                        [name] => writers.contains(&(f.0.clone(), name.to_string())),
                        [.., module, name] => writers.contains(&(module.to_string(), name.to_string())),
                        [] => false,
                    })
            })
            .map(|(f, _, _)| f.clone())
            .collect();
        if more.is_empty() {
            return writers;
        }
        writers.extend(more);
    }
}

/// Every path called on `line` as segments (`db::videos::update(` gives `db`, `videos`,
/// `update`); method calls left out.
fn called_paths(line: &str) -> Vec<Vec<&str>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b':' {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let segments: Vec<&str> = line[s..i].split("::").collect();
            let plain = segments.iter().all(|p| !p.is_empty() && !p.contains(':'));
            if b == b'(' && plain && (s == 0 || bytes[s - 1] != b'.') {
                out.push(segments);
            }
        }
    }
    out
}

/// What a file's `use` declarations bring in from the database layer.
#[derive(Default)]
struct Imports {
    /// Names that stand for the layer itself (`db`).
    roots: BTreeSet<String>,
    /// Names that stand for one of its modules (`videos`, `storage as rows`).
    modules: BTreeMap<String, String>,
    /// Names that stand for one of its functions.
    functions: BTreeMap<String, DbFn>,
}

impl Imports {
    fn of(text: &str) -> Self {
        let mut found = Self::default();
        for (at, _) in text.match_indices("use ") {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let before = text[line_start..at].trim();
            let a_word = at == 0 || text[..at].ends_with(char::is_whitespace);
            if !a_word || !(before.is_empty() || before.starts_with("pub")) {
                continue;
            }
            let Some(end) = text[at..].find(';') else { continue };
            let mut leaves = Vec::new();
            flatten("", &text[at + 4..at + end], &mut leaves);
            for (path, local) in leaves {
                let segments: Vec<&str> = path.split("::").collect();
                let Some(k) = segments.iter().position(|s| *s == "db") else { continue };
                match &segments[k + 1..] {
                    [] => {
                        found.roots.insert(local);
                    }
                    [module] => {
                        found.modules.insert(local, module.to_string());
                    }
                    [module, name] => {
                        found.functions.insert(local, (module.to_string(), name.to_string()));
                    }
                    _ => {}
                }
            }
        }
        found
    }

    /// The database function a called path names, if it names one.
    fn resolve(&self, path: &[&str]) -> Option<DbFn> {
        match path {
            [.., root, module, name] if *root == "db" || self.roots.contains(*root) => Some((module.to_string(), name.to_string())),
            [module, name] => self.modules.get(*module).map(|m| (m.clone(), name.to_string())),
            [name] => self.functions.get(*name).cloned(),
            _ => None,
        }
    }
}

/// The leaves of a use tree as (path, the name it is known by).
fn flatten(prefix: &str, tree: &str, out: &mut Vec<(String, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = format!("{prefix}{}", &tree[..open]);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let (mut depth, mut from) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    flatten(&head, &inner[from..i], out);
                    from = i + 1;
                }
                _ => {}
            }
        }
        flatten(&head, &inner[from..], out);
        return;
    }
    if tree.is_empty() {
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim())),
        None => (tree, None),
    };
    let full = match path {
        "self" => prefix.trim_end_matches("::").to_string(),
        _ => format!("{prefix}{path}"),
    };
    let last = full.rsplit("::").next().unwrap_or("").to_string();
    out.push((full, alias.map_or(last, str::to_string)));
}

/// The calls of `writers` in `text` (a file of a crate above the base) as "line: module::function".
fn writes_in(text: &str, writers: &BTreeSet<DbFn>) -> Vec<(usize, String)> {
    let imports = Imports::of(text);
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
        for path in called_paths(line) {
            if let Some((module, name)) = imports.resolve(&path).filter(|f| writers.contains(f)) {
                found.push((n + 1, format!("{module}::{name}")));
            }
        }
        if line.contains("StorageKey::package_index(") {
            found.push((n + 1, "StorageKey::package_index".to_string()));
        }
    }
    found
}

#[test]
fn only_this_module_writes_an_item() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let modules: Vec<(String, String)> = crate::layers::rust_files(&here.join("../base/src/db"))
        .iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let writers = videos_writers(&modules);
    assert!(writers.contains(&("videos".into(), "set_status".into())), "no writer found: {writers:?}");
    let mut found = Vec::new();
    let mut used = BTreeSet::new();
    for (src, shown) in [(here.join("src"), "crates/core/src/"), (here.join("../../src"), "src/")] {
        for path in crate::layers::rust_files(&src) {
            let file = format!("{shown}{}", path.strip_prefix(&src).unwrap().display());
            // The writer, and this check with its made-up sources.
            if ["crates/core/src/library/item.rs", "crates/core/src/library/item_writers.rs"].contains(&file.as_str()) {
                continue;
            }
            for (line, call) in writes_in(&std::fs::read_to_string(&path).unwrap(), &writers) {
                match ALLOWED.iter().position(|(f, c, _)| *f == file && *c == call) {
                    Some(i) => {
                        used.insert(i);
                    }
                    None => found.push(format!("{file}:{line}: {call}")),
                }
            }
        }
    }
    assert!(found.is_empty(), "an item is written only through library::item:\n{}", found.join("\n"));
    let stale: Vec<_> = (0..ALLOWED.len()).filter(|i| !used.contains(i)).map(|i| ALLOWED[i]).collect();
    assert!(stale.is_empty(), "allowed writes that no longer happen: {stale:?}");
}

#[test]
fn the_check_finds_a_write_and_passes_a_read() {
    let db = [(
        "made".to_string(),
        "use sqlx::Any;\n\
         pub async fn rename(db: &Db) -> sqlx::Result<()> {\n    sqlx::query(\"UPDATE videos SET title = $1\").execute(db.pool()).await\n}\n\
         async fn gone(tx: &mut Tx) {\n    // update videos: a comment, not a write\n    query(\"DELETE FROM\n         videos WHERE id = $1\")\n}\n\
         pub async fn remove(db: &Db) {\n    gone(&mut db.begin().await?).await\n}\n\
         pub async fn read(db: &Db) {\n    query(\"SELECT title FROM videos\")\n}\n\
         pub(crate) async fn index(db: &Db) {\n    query(\"UPDATE videos_fts SET doc = $1\")\n}\n\
         #[cfg(test)]\nmod tests {\n    fn f() { query(\"UPDATE videos SET x = 1\") }\n}\n"
            .to_string(),
    )];
    let writers = videos_writers(&db);
    let names: Vec<&str> = writers.iter().map(|(_, name)| name.as_str()).collect();
    assert_eq!(names, ["gone", "remove", "rename"]);
    let copy = [(
        "copy".to_string(),
        "const TABLES: &[&str] = &[\"videos\"];\nfn all() {\n    format!(\"INSERT INTO {table} VALUES\")\n}\n".to_string(),
    )];
    assert!(videos_writers(&copy).contains(&("copy".into(), "all".into())));

    let caller = "use reel_base::db::{made as rows, Db};\n\
                  use reel_base::db::made::{remove, read};\n\
                  fn f() {\n\
                  \x20   rows::rename(&ctx.db).await?;\n\
                  \x20   remove(db).await?;\n\
                  \x20   reel_base::db::made::rename(&state.db).await?;\n\
                  \x20   let key = StorageKey::package_index(id);\n\
                  \x20   rows::read(&ctx.db).await?;\n\
                  \x20   read(db).await?;\n\
                  \x20   library::made::rename(&ctx, &caller).await?;\n\
                  \x20   made::rename(&ctx).await?;\n\
                  \x20   ctx.rename(db);\n\
                  \x20   // rows::rename(&ctx.db) in a comment\n\
                  }\n";
    let found: Vec<String> = writes_in(caller, &writers).into_iter().map(|(n, call)| format!("{n}: {call}")).collect();
    assert_eq!(found, ["4: made::rename", "5: made::remove", "6: made::rename", "7: StorageKey::package_index"]);
}
