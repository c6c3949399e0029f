//! Playable in seconds: a video can be watched while it is still being transcoded, through a
//! growing EVENT playlist that turns into VOD when the transcode ends.

// suite: backends

use std::time::Duration;

use crate::common::{make_clip, metrics_url, play_prefix, TestServer};

fn segment_count(playlist: &str) -> usize {
    playlist.lines().filter(|l| l.starts_with("#EXTINF")).count()
}

/// Decodes an HLS URL with ffmpeg from its first segment, at most `seconds` of it.
fn decodes(url: &str, seconds: f64) -> bool {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-live_start_index", "0", "-i", url, "-t", &seconds.to_string(), "-f", "null", "-"])
        .output()
        .unwrap();
    if !out.status.success() || !out.stderr.is_empty() {
        eprintln!("ffmpeg: {}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success() && out.stderr.is_empty()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_video_is_watchable_while_it_transcodes_and_becomes_vod_when_ready() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "minute.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 60.0, &["-shortest"]);
    let id = server.upload(&clip, "A minute").await;
    let http = server.http();

    let playable = server.wait_for(&id, &["playable", "ready"], Duration::from_secs(120)).await;
    assert_eq!(playable["status"], "playable", "the transcode finished before it could be watched: {playable}");
    assert!(playable["progress"].as_f64().unwrap() < 100.0);
    assert!(playable["time_to_playable_s"].as_f64().unwrap() > 0.0);
    assert!(playable["playback"]["dash"].is_null(), "DASH is offered once ready");
    let prefix = play_prefix(&playable);

    // The growing media playlist: EVENT, no ENDLIST, re-fetched often.
    let media = http.get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap();
    assert_eq!(media.headers()["cache-control"], "public, max-age=1");
    let growing = media.text().await.unwrap();
    assert!(growing.contains("#EXT-X-PLAYLIST-TYPE:EVENT") && !growing.contains("#EXT-X-ENDLIST"), "{growing}");
    let early_segments = segment_count(&growing);
    assert!((1..15).contains(&early_segments), "{growing}");
    assert!(decodes(&format!("{prefix}/360p/index.m3u8"), 4.0 * early_segments as f64));

    // The master does not change while segments arrive, and the poster is already there.
    let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    let poster = http.get(playable["playback"]["poster"].as_str().expect("an early poster")).send().await.unwrap();
    assert_eq!(poster.status(), 200);
    assert_eq!(http.get(format!("{prefix}/manifest.mpd")).send().await.unwrap().status(), 404);
    // Until a new segment has arrived (or the transcode has ended).
    crate::common::eventually(Duration::from_secs(60), "a new segment", || async {
        let now = http.get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap().text().await.unwrap();
        segment_count(&now) > early_segments || now.contains("#EXT-X-ENDLIST")
    })
    .await;
    let later = server.get_json(&format!("/api/v1/videos/{id}")).await;
    if later["status"] == "playable" {
        let again = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
        assert_eq!(again, master);
    }

    // Ready: the same URLs are now VOD playlists with every segment.
    let ready = server.wait_for(&id, &["ready"], Duration::from_secs(180)).await;
    let vod = http.get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(vod.contains("#EXT-X-PLAYLIST-TYPE:VOD") && vod.contains("#EXT-X-ENDLIST"), "{vod}");
    // One second first, then 4 s segments: 1 + 14 × 4 + 3.
    assert_eq!(segment_count(&vod), 16);
    assert!(segment_count(&vod) > early_segments);
    assert!(decodes(&format!("{prefix}/master.m3u8"), 60.0));
    assert!(ready["playback"]["dash"].is_string());
    assert_eq!(http.get(format!("{prefix}/manifest.mpd")).send().await.unwrap().status(), 200);

    let (to_playable, to_ready) = (ready["time_to_playable_s"].as_f64().unwrap(), ready["time_to_ready_s"].as_f64().unwrap());
    assert!(0.0 < to_playable && to_playable < to_ready, "{ready}");
    for stamp in ["uploaded_at", "playable_at", "ready_at"] {
        assert!(ready[stamp].is_string(), "{stamp}: {ready}");
    }

    // Both delays are exported as Prometheus histograms.
    let metrics = http.get(metrics_url(&server.log()).expect("a metrics listener")).send().await.unwrap().text().await.unwrap();
    for name in ["reel_time_to_playable_seconds_count 1", "reel_time_to_ready_seconds_count 1"] {
        assert!(metrics.contains(name), "{name} missing from:\n{metrics}");
    }
}

/// A video being transcoded in one process, or quick-started (its first second and audio
/// apart), is deleted once it plays: its job stops at its next look at the item rather than
/// encoding on, and after the sweep that follows a deletion nothing of it is stored.
#[tokio::test(flavor = "multi_thread")]
async fn a_video_deleted_while_it_transcodes_stops_at_once_and_leaves_nothing_behind() {
    for (path, extra) in [("one process", &[("REEL__CHUNKING__QUICK_START", "false")][..]), ("quick start", &[][..])] {
        let server = TestServer::start_with(extra);
        let clip = make_clip(server.dir.path(), "minute.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 60.0, &["-shortest"]);
        let id = server.upload(&clip, "Soon gone").await;
        let playable = server.wait_for(&id, &["playable", "ready"], Duration::from_secs(120)).await;
        assert_eq!(playable["status"], "playable", "{path}: {playable}");

        let r = server.http().delete(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
        assert_eq!(r.status(), 204);
        let jobs_of = |kind: &'static str| {
            let (server, id) = (&server, id.clone());
            async move {
                let jobs = server.get_json("/api/v1/admin/jobs?limit=100").await;
                let of_item = |j: &&serde_json::Value| {
                    j["kind"] == kind
                        && serde_json::from_str::<serde_json::Value>(j["payload"].as_str().unwrap()).unwrap()["video_id"] == id.as_str()
                };
                jobs.as_array().unwrap().iter().filter(of_item).map(|j| j["state"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            }
        };
        // Encoding the rest of the minute takes longer than this.
        crate::common::eventually(Duration::from_secs(5), "the transcode stopped", || async { jobs_of("process_video").await == ["done"] })
            .await;
        // The sweep comes two leases (here 3 s each) after the deletion.
        crate::common::eventually(Duration::from_secs(30), "the sweep ran", || async { jobs_of("purge_deleted_video").await == ["done"] })
            .await;
        let left: Vec<_> = crate::common::files(&server.objects_dir()).into_iter().filter(|(p, _)| p.contains(&id)).collect();
        assert!(left.is_empty(), "{path}: {left:?}");
        assert!(server.log().contains("processing stopped") || path == "quick start", "{path}: {}", server.log());
        assert!(!server.log().contains("panicked"), "{}", server.log());
    }
}
