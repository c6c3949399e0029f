//! An API process killed with SIGKILL in the middle of a resumable upload's PATCH: the client
//! asks another process where the upload stands and finishes it there, once the dead
//! process's right to write has run out, and the stored source is the file byte for byte.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::backends::Running;
use crate::common::tus::{create, head_offset, patch, patch_ok, unfinished_patch};
use crate::common::{make_clip, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn a_client_resumes_on_another_process_after_the_first_is_killed_mid_patch() {
    let mut first = TestServer::start();
    let second = first.sibling(&["serve", "--no-worker"]);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 6.0, &["-shortest"]);
    let bytes = std::fs::read(&clip).unwrap();
    let len = bytes.len() as u64;
    let quarter = bytes.len() / 4;

    let id = create(&first, len, "Outlived its server").await;
    assert_eq!(patch_ok(&first, &id, 0, &bytes[..quarter], None).await, quarter as u64);
    // A PATCH promising the rest sends only a quarter more, and its process is killed while
    // it waits for the remainder.
    let stream = unfinished_patch(&first, &id, quarter as u64, len - quarter as u64, &bytes[quarter..2 * quarter]).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    first.kill9();
    drop(stream);

    // The other process says what is kept (the killed PATCH's bytes up to its last checkpoint);
    // the client sends the rest from there. The dead process held the upload, so the other
    // answers 423 until its hold runs out.
    let offset = head_offset(&second, &id).await;
    assert!(offset >= quarter as u64 && offset <= 2 * quarter as u64, "offset {offset}");
    let started = Instant::now();
    loop {
        let r = patch(&second, &id, offset, &bytes[offset as usize..], None).await;
        if r.status() == StatusCode::NO_CONTENT {
            break;
        }
        assert_eq!(r.status(), StatusCode::LOCKED, "the resumed PATCH: {}", r.text().await.unwrap());
        assert!(r.headers().contains_key("retry-after"), "a 423 without Retry-After");
        assert!(started.elapsed() < Duration::from_secs(20), "the dead process still holds the upload after {:?}", started.elapsed());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(head_offset(&second, &id).await, len);
    let stored = std::fs::read(second.objects_dir().join("sources").join(&id).join("original")).expect("the stored source");
    assert!(stored == bytes, "the stored source differs from the file");
    // The worker was in the killed process: a new one makes the item.
    let _worker = Running(Some(second.worker(&dir.path().join("worker.log"))));
    let video = second.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["title"], "Outlived its server");
}
