//! `reel migrate-storage`: every object copied, verified and resumable — from the store a
//! server used to a local folder and (on the S3 run of the suite) from that folder into a new
//! S3 bucket, the move from the embedded default to S3.

// suite: backends

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::TestServer;
use sha2::{Digest, Sha256};

/// Every file under `dir` by its path relative to `dir`, with its SHA-256.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, hex::encode(Sha256::digest(std::fs::read(&path).unwrap())));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn every_object_is_copied_verified_and_a_second_run_only_checks() {
    let (server, _) = TestServer::start_with_ready_item(&[]).await;
    let source = tree(&server.objects_dir());
    assert!(source.len() > 5, "{source:?}");

    let copy = server.dir.path().join("copy");
    let to = format!("file://{}", copy.display());
    let out = server.command().args(["migrate-storage", "--from", &server.store_url(), "--to", &to]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("copied and verified {} objects", source.len())), "{said}");
    assert_eq!(tree(&copy), source, "the copy holds the same objects with the same bytes");

    // Run again: nothing to copy. Spoil one copy: only that one is copied again.
    let spoiled = copy.join(source.keys().next().unwrap());
    std::fs::write(&spoiled, b"not the object").unwrap();
    let out = server.command().args(["migrate-storage", "--from", &server.store_url(), "--to", &to]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied and verified 1 objects") && said.contains(&format!("{} were already there", source.len() - 1)), "{said}");
    assert_eq!(tree(&copy), source);

    // A bad URL is a clear error that changes nothing.
    let out = server.command().args(["migrate-storage", "--from", "ftp://nowhere", "--to", &to]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not supported"));

    if crate::common::on_s3() {
        // From the local folder (the embedded default's layout) into a fresh bucket.
        let bucket = crate::common::s3_bucket().into_iter().find(|(k, _)| k == "REEL__STORAGE__URL").unwrap().1;
        let out = server.command().args(["migrate-storage", "--from", &to, "--to", &bucket]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let in_bucket: BTreeMap<String, String> =
            tree(&crate::common::bucket_dir(&bucket)).into_iter().filter(|(k, _)| source.contains_key(k)).collect();
        assert_eq!(in_bucket, source);
    }
}

/// Runs `reel migrate-db`; returns (success, stderr).
fn migrate_db(server: &TestServer, from: &str, to: &str) -> (bool, String) {
    let out = server.command().args(["migrate-db", "--from", from, "--to", to]).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_is_copied_row_for_row_into_an_empty_one_and_nothing_else() {
    let server = TestServer::start();
    let clip = crate::common::make_clip(server.dir.path(), "d.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 2.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Ünïcode title, 'quoted'").await;
    let id: reel_base::domain::VideoId = video["id"].as_str().unwrap().parse().unwrap();
    let source_url = server.database_url();
    // Copy into a new SQLite file; on the PostgreSQL run, then from that file into a new
    // PostgreSQL database (the move from the embedded default).
    let mut targets = vec![format!("sqlite://{}", server.dir.path().join("copy.db").display())];
    targets.extend(crate::common::postgres_database());
    let mut from = source_url.clone();
    for to in &targets {
        let (ok, said) = migrate_db(&server, &from, to);
        assert!(ok, "{said}");
        assert!(said.contains("videos: 1 rows copied and verified") && said.contains("audit_log:"), "{said}");
        let copy = reel_base::db::Db::connect(to, 1).await.unwrap();
        let source = reel_base::db::Db::connect(&source_url, 1).await.unwrap();
        assert_eq!(reel_base::db::videos::get(&copy, id).await.unwrap(), reel_base::db::videos::get(&source, id).await.unwrap());
        assert_eq!(reel_base::db::videos::package(&copy, id).await.unwrap(), reel_base::db::videos::package(&source, id).await.unwrap());
        assert_eq!(reel_base::db::users::list(&copy).await.unwrap(), reel_base::db::users::list(&source).await.unwrap());
        // New audit rows in the copy get fresh ids (sequences moved past the copied ones).
        reel_base::db::audit::record(&copy, None, "test.after_copy", None, None, None).await.unwrap();
        // A second copy into the same database is refused and changes nothing.
        let (ok, said) = migrate_db(&server, &from, to);
        assert!(!ok && said.contains("is not empty"), "{said}");
        from = to.clone();
    }
}
