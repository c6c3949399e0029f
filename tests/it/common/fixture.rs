//! A ready item for the tests that need one but do not test transcoding. One clip is uploaded
//! and transcoded once per test run, by a server on the embedded default, and that server's
//! data folder is kept as the template. A test's server starts on a copy of it. On the second
//! pass the template's database and objects are carried into the test's PostgreSQL database and
//! S3 bucket by `reel migrate-db` and `reel migrate-storage`, as an operator moving off the
//! embedded default would. So the item is what the pipeline makes, byte for byte, and the test
//! pays for a copy instead of an encode.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tokio::sync::OnceCell;

use super::{make_clip, TestServer, TEST_ENV};

/// The template: a stopped server's data folder with the admin, its API token and one ready
/// item.
struct Template {
    /// The data folder: `reel.db`, `objects/`, `secrets/`.
    data: PathBuf,
    /// An API token of the admin's (`read,upload,admin`), valid in every copy.
    token: String,
    /// The ready item's id.
    item: String,
}

static TEMPLATE: OnceCell<Template> = OnceCell::const_new();

/// The template, made by the first test that asks for it.
async fn template() -> &'static Template {
    TEMPLATE.get_or_init(make).await
}

/// Where this test process keeps its template: under the build's folder for test files, by
/// process, the templates of processes that have ended removed first.
fn template_root() -> PathBuf {
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ended = name
                .strip_prefix("ready-item-")
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
            if ended {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    parent.join(format!("ready-item-{}", std::process::id()))
}

/// Uploads the fixture's clip to a server on the embedded default (whatever the pass: the
/// template is carried into the pass's backends per test), waits until it is ready and stops
/// the server, keeping its data folder.
async fn make() -> Template {
    let root = template_root();
    let _ = std::fs::remove_dir_all(&root);
    let data = root.join("data");
    let mut env: Vec<(String, String)> = TEST_ENV.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    env.push(("REEL__DATA_DIR".into(), data.display().to_string()));
    let mut server = TestServer::unstarted(&["serve"], tempfile::tempdir().expect("a temp dir"), env, String::new());
    server.make_admin();
    server.launch();
    let clip = make_clip(server.dir.path(), "fixture.mp4", &["testsrc2=size=640x480:rate=25", "sine"], 4.0, &["-shortest"]);
    let item = server.upload_ready(&clip, "Fixture").await["id"].as_str().expect("an id").to_string();
    let token = server.token.clone();
    // A graceful stop: the database is closed before its files are copied.
    drop(server);
    Template { data, token, item }
}

/// Copies the folder `from` into `to`, every file at every depth.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the target folder");
    for entry in std::fs::read_dir(from).expect("the template folder") {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy of the template's file");
        }
    }
}

impl TestServer {
    /// Starts a server (the test defaults and `extra`, on the pass's backends) whose store
    /// already holds the fixture's ready item, owned by the admin whose token it has; returns
    /// the server and the item as `GET /api/v1/videos/{id}` answers it. For a test that needs a
    /// ready item but does not test what making one does.
    pub async fn start_with_ready_item(extra: &[(&str, &str)]) -> (Self, Value) {
        let template = template().await;
        let mut server = Self::configured(extra, &["serve"]);
        let data = server.data_dir();
        copy_tree(&template.data, &data);
        let database = server.database_url();
        if !database.starts_with("sqlite") {
            for file in ["reel.db", "reel.db-wal", "reel.db-shm"] {
                let _ = std::fs::remove_file(data.join(file));
            }
            let from = format!("sqlite://{}", template.data.join("reel.db").display());
            server.cli(&["migrate-db", "--from", &from, "--to", &database]);
        }
        let store = server.store_url();
        if store != format!("file://{}", data.join("objects").display()) {
            std::fs::remove_dir_all(data.join("objects")).expect("the copied objects");
            let from = format!("file://{}", template.data.join("objects").display());
            server.cli(&["migrate-storage", "--from", &from, "--to", &store]);
        }
        server.token = template.token.clone();
        server.launch();
        let item = server.get_json(&format!("/api/v1/videos/{}", template.item)).await;
        assert_eq!(item["status"], "ready", "the fixture's item: {item}");
        (server, item)
    }
}
