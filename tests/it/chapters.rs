//! Chapters against the real server and real ffmpeg: the chapter marks of an uploaded MKV and
//! MP4 are read on processing, returned in the video JSON, exported as a WebVTT chapters track
//! that ffmpeg's own WebVTT reader reads, replaced whole by the owner (checked, a bad list
//! changing nothing), kept through processing again, and never shown to anyone who may not
//! see the item.

// suite: backends

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, ffprobe, TestServer};

/// A 6 s clip with three chapter marks (one untitled; one on a 90 kHz time base) in `ext`'s
/// container.
fn clip_with_chapters(dir: &Path, ext: &str) -> PathBuf {
    let meta = dir.join("chapters.txt");
    std::fs::write(
        &meta,
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2500\ntitle=Opening\n\
         [CHAPTER]\nTIMEBASE=1/1000\nSTART=2500\nEND=4000\n\
         [CHAPTER]\nTIMEBASE=1/90000\nSTART=360000\nEND=540000\ntitle=Credits & thanks\n",
    )
    .unwrap();
    let out = dir.join(format!("chapters.{ext}"));
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"])
        .arg("-i")
        .arg(&meta)
        .args(["-t", "6", "-map", "0:v", "-map", "1:a", "-map_chapters", "2"])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg could not make the {ext}");
    out
}

async fn text_of(server: &TestServer, url: &str) -> (u16, String) {
    let r = server.http().get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The cues ffmpeg's WebVTT demuxer reads from a URL, as `(start_s, text)`.
fn cues_read_by_ffmpeg(url: &str) -> Vec<(f64, String)> {
    let probed = ffprobe(url, &["-show_entries", "packet=pts_time:packet_tags", "-show_data", "-select_streams", "0", "-show_packets"]);
    probed["packets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let start = p["pts_time"].as_str().unwrap().parse().unwrap();
            // `-show_data` prints a hex dump; its last column is the text.
            let text: String = p["data"].as_str().unwrap().lines().map(|l| l.get(51..).unwrap_or_default().trim_end()).collect();
            (start, text)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn chapters_of_the_file_are_read_exported_edited_kept_and_never_leak() {
    let server = TestServer::start();
    let owner = token(&server, "owner@example.org", "creator", "read,account,upload");
    let member = token(&server, "member@example.org", "creator", "read,account,upload");
    let api = Api { server: &server };
    let dir = server.dir.path();
    let (mkv, mp4) = (clip_with_chapters(dir, "mkv"), clip_with_chapters(dir, "mp4"));
    let id = crate::catalogue::upload_as(&server, &owner, &mkv, Some("With chapters"), Some("private")).await;
    let mp4_id = crate::catalogue::upload_as(&server, &owner, &mp4, Some("MP4 chapters"), Some("private")).await;
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
    server.wait_for(&mp4_id, &["ready"], Duration::from_secs(120)).await;

    // Both containers' marks, in the video JSON and on their own.
    let from_file = json!([
        {"start_s": 0.0, "title": "Opening"},
        {"start_s": 2.5, "title": "Chapter 2"},
        {"start_s": 4.0, "title": "Credits & thanks"},
    ]);
    // ffmpeg's MP4 writer leaves the untitled mark out, and writes the others twice (a Nero
    // `chpl` list and a QuickTime chapter track), which ffprobe reports both: read once.
    let mp4_marks = json!([from_file[0], from_file[2]]);
    for (item, marks) in [(&id, &from_file), (&mp4_id, &mp4_marks)] {
        let video = api.json(Method::GET, &owner, &format!("/videos/{item}"), None, 200).await;
        assert_eq!(&video["chapters"], marks, "{video}");
        let listed = api.json(Method::GET, &owner, &format!("/videos/{item}/chapters"), None, 200).await;
        assert_eq!(listed, json!({"chapters": marks, "origin": "source"}));
    }

    // The WebVTT chapters track: each chapter runs to the next, the last to the end.
    let video = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await;
    let vtt_url = video["playback"]["chapters"].as_str().expect("a chapters track").to_string();
    let (status, vtt) = text_of(&server, &vtt_url).await;
    assert_eq!(status, 200);
    let end = video["duration_s"].as_f64().unwrap();
    let end = format!("00:00:{:06.3}", end);
    assert_eq!(
        vtt,
        format!(
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nOpening\n\n00:00:02.500 --> 00:00:04.000\nChapter 2\n\n\
             00:00:04.000 --> {end}\nCredits &amp; thanks\n\n"
        )
    );
    let read = tokio::task::spawn_blocking({
        let url = vtt_url.clone();
        move || cues_read_by_ffmpeg(&url)
    })
    .await
    .unwrap();
    // ffmpeg gives each cue's payload as written: the `&` escaped, as a browser reads it back.
    assert_eq!(read, [(0.0, "Opening".into()), (2.5, "Chapter 2".into()), (4.0, "Credits &amp; thanks".into())], "{vtt}");

    // The owner replaces them (any order in, start order out); the track follows at once.
    let path = format!("/videos/{id}/chapters");
    let edit = json!({"chapters": [{"start_s": 3.25, "title": "The middle"}, {"start_s": 0, "title": "Start"}]});
    let edited = api.json(Method::PUT, &owner, &path, Some(edit), 200).await;
    let expected = json!([{"start_s": 0.0, "title": "Start"}, {"start_s": 3.25, "title": "The middle"}]);
    assert_eq!(edited, json!({"chapters": expected, "origin": "edited"}));
    let (_, vtt) = text_of(&server, &vtt_url).await;
    assert!(vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:03.250\nStart\n\n00:00:03.250 --> "), "{vtt}");

    // Bad lists are refused whole and change nothing.
    for (body, status) in [
        (json!({"chapters": [{"start_s": 1, "title": "A"}, {"start_s": 1, "title": "B"}]}), 400),
        (json!({"chapters": [{"start_s": 60, "title": "After the end"}]}), 400),
        (json!({"chapters": [{"start_s": -1, "title": "Before the start"}]}), 400),
        (json!({"chapters": [{"start_s": 1, "title": "  "}]}), 400),
        (json!({"chapters": [{"start_s": 1, "title": "x".repeat(101)}]}), 400),
        (json!({"chapters": (0..101).map(|i| json!({"start_s": i as f64 * 0.05, "title": "C"})).collect::<Vec<_>>()}), 400),
        (json!({"chapters": [{"start_s": 1, "title": "A", "colour": "red"}]}), 422),
        (json!([{"start_s": 1, "title": "A"}]), 422),
    ] {
        let r = api.send(Method::PUT, &owner, &path, Some(body.clone())).await;
        if status == 400 {
            assert_api_error(r, 400, "invalid-chapters").await;
        } else {
            assert_eq!(r.status(), status, "{body}");
        }
    }
    assert_eq!(api.json(Method::GET, &owner, &path, None, 200).await["chapters"], expected, "the refused lists changed nothing");

    // Processing the item again keeps the owner's list rather than the file's.
    api.json(Method::POST, &owner, &format!("/videos/{id}/reprocess"), None, 202).await;
    let item = format!("/videos/{id}");
    eventually(Duration::from_secs(120), "the item transcoded again", || async {
        let v = api.json(Method::GET, &owner, &item, None, 200).await;
        v["renditions"].as_array().unwrap().iter().any(|r| r["name"].as_str().unwrap().ends_with("-r1"))
    })
    .await;
    let after = api.json(Method::GET, &owner, &path, None, 200).await;
    assert_eq!(after, json!({"chapters": expected, "origin": "edited"}));

    // An empty list removes them, and processing does not bring the file's back.
    let cleared = api.json(Method::PUT, &owner, &path, Some(json!({"chapters": []})), 200).await;
    assert_eq!(cleared, json!({"chapters": [], "origin": "edited"}));
    let video = api.json(Method::GET, &owner, &item, None, 200).await;
    assert_eq!((&video["chapters"], &video["playback"]["chapters"]), (&json!([]), &Value::Null), "{video}");
    api.json(Method::POST, &owner, &format!("/videos/{id}/reprocess"), None, 202).await;
    eventually(Duration::from_secs(120), "the item transcoded a third time", || async {
        let v = api.json(Method::GET, &owner, &item, None, 200).await;
        v["renditions"].as_array().unwrap().iter().any(|r| r["name"].as_str().unwrap().ends_with("-r2"))
    })
    .await;
    assert_eq!(api.json(Method::GET, &owner, &path, None, 200).await, cleared);

    // The items are private: another member sees no chapters anywhere and changes none.
    let mp4_path = format!("/videos/{mp4_id}/chapters");
    api.json(Method::GET, &member, &mp4_path, None, 404).await;
    api.json(Method::GET, &member, &format!("/videos/{mp4_id}"), None, 404).await;
    assert_api_error(api.send(Method::PUT, &member, &mp4_path, Some(json!({"chapters": []}))).await, 404, "not-found").await;
    let listed = api.json(Method::GET, &member, "/videos", None, 200).await;
    assert!(!listed.to_string().contains("Credits"), "{listed}");
    let anonymous = server.http().get(format!("{}/api/v1{mp4_path}", server.base)).send().await.unwrap();
    assert!(matches!(anonymous.status().as_u16(), 401 | 404), "{}", anonymous.status());
    // The track needs the token: a forged one opens nothing.
    let forged = format!("{}/play/AAAA/{mp4_id}/chapters.vtt", server.base);
    assert_eq!(text_of(&server, &forged).await.0, 403);
    assert_eq!(api.json(Method::GET, &owner, &mp4_path, None, 200).await["chapters"], mp4_marks, "the member changed nothing");
}
