//! Several audio languages against the real server and real ffmpeg: each audio stream of the
//! upload becomes its own AAC rendition, listed with its language and label in the HLS audio
//! group and in its own DASH AdaptationSet, read back by ffprobe over HTTP; the download
//! carries every track; a surround source keeps stereo beside 5.1; labels are edited by the
//! owner only, without re-encoding, and a bad edit changes nothing.

// suite: backends

use std::process::Command;

use reqwest::Method;
use serde_json::{json, Value};

use crate::captions::{mkv_with_subtitles, streams};
use crate::collections::{token, Api};
use crate::common::{assert_api_error, ffprobe, files, play_prefix, TestServer};

async fn text_of(server: &TestServer, url: &str) -> String {
    let r = server.http().get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

fn audio_lines(master: &str) -> Vec<&str> {
    master.lines().filter(|l| l.starts_with("#EXT-X-MEDIA:TYPE=AUDIO")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_audio_languages_become_two_renditions_that_players_ffprobe_and_the_download_read() {
    let server = TestServer::start();
    let owner = token(&server, "owner@example.org", "creator", "read,account,upload");
    let member = token(&server, "member@example.org", "creator", "read,account,upload");
    let clip = mkv_with_subtitles(server.dir.path());
    let id = crate::catalogue::upload_as(&server, &owner, &clip, Some("Two languages"), Some("private")).await;
    server.wait_for(&id, &["ready"], std::time::Duration::from_secs(180)).await;
    let api = Api { server: &server };
    let video = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await;

    // Each track's loudness was measured and corrected (tones: by one gain each).
    let mut tracks = video["audio_tracks"].clone();
    for t in tracks.as_array_mut().unwrap() {
        let loudness = t.as_object_mut().unwrap().remove("loudness").expect("a measured loudness");
        assert_eq!(loudness["method"], "linear", "{loudness}");
    }
    assert_eq!(
        tracks,
        json!([
            {"index": 0, "language": "en", "label": "English", "default": true, "channels": [2]},
            {"index": 1, "language": "fr", "label": "Version française", "default": false, "channels": [2]},
        ]),
        "{video}"
    );
    let names: Vec<&str> = video["renditions"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["240p", "audio", "audio-2"]);

    let prefix = play_prefix(&video);
    let master = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    let audio = audio_lines(&master);
    assert_eq!(audio.len(), 2, "{master}");
    assert!(audio[0].contains("NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES"), "{master}");
    assert!(audio[1].contains("NAME=\"Version française\",LANGUAGE=\"fr\",DEFAULT=NO,AUTOSELECT=YES"), "{master}");
    // Two encodes of two different tones: the renditions are not copies of each other.
    let first = |r: &str| format!("{prefix}/{r}/00000.m4s");
    let (en, fr) = (server.http().get(first("audio")).send().await.unwrap(), server.http().get(first("audio-2")).send().await.unwrap());
    assert_ne!(en.bytes().await.unwrap(), fr.bytes().await.unwrap());

    // Independent readers: ffprobe finds both languages in the HLS master and in the MPD.
    for url in [format!("{prefix}/master.m3u8"), video["playback"]["dash"].as_str().unwrap().to_string()] {
        let found = streams(&url);
        for language in ["en", "fr"] {
            assert!(found.contains(&("audio".into(), "aac".into(), language.into())), "{url}: {found:?}");
        }
    }
    let dash = text_of(&server, video["playback"]["dash"].as_str().unwrap()).await;
    assert_eq!(dash.matches("contentType=\"audio\"").count(), 2, "one AdaptationSet per language:\n{dash}");

    // The download carries both, tagged, English first and by default.
    let download = ffprobe(
        video["playback"]["mp4"].as_str().unwrap(),
        &["-show_entries", "stream=codec_type:stream_tags=language,handler_name:stream_disposition=default"],
    );
    let audio: Vec<(String, String, i64)> = download["streams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["codec_type"] == "audio")
        .map(|s| {
            (
                s["tags"]["language"].as_str().unwrap().into(),
                s["tags"]["handler_name"].as_str().unwrap().into(),
                s["disposition"]["default"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(audio, [("eng".into(), "English".into(), 1), ("fra".into(), "Version française".into(), 0)], "{download}");

    // The owner renames a track: the master says so at once, nothing is encoded again.
    let segments_before = files(&server.objects_dir().join("media").join(&id));
    let path = format!("/videos/{id}/audio-tracks/1");
    let edited = api.json(Method::PATCH, &owner, &path, Some(json!({"label": "Français (VF)", "language": "fr-CA"})), 200).await;
    assert_eq!((edited[1]["label"].as_str(), edited[1]["language"].as_str()), (Some("Français (VF)"), Some("fr-CA")), "{edited}");
    let master = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    assert!(audio_lines(&master)[1].contains("NAME=\"Français (VF)\",LANGUAGE=\"fr-CA\""), "{master}");
    let segments = |files: Vec<(String, u64)>| files.into_iter().filter(|(f, _)| f.ends_with(".m4s")).collect::<Vec<_>>();
    assert_eq!(segments(files(&server.objects_dir().join("media").join(&id))), segments(segments_before), "no media changed");

    // Bad edits are refused and change nothing; so is anyone but the owner.
    for body in [json!({"language": "not a tag"}), json!({"label": "say \"hi\""}), json!({"label": ""}), json!({"colour": "red"})] {
        let r = api.send(Method::PATCH, &owner, &path, Some(body.clone())).await;
        assert!(matches!(r.status().as_u16(), 400 | 422), "{body}: {}", r.status());
    }
    assert_api_error(
        api.send(Method::PATCH, &owner, &format!("/videos/{id}/audio-tracks/2"), Some(json!({"label": "x"}))).await,
        404,
        "not-found",
    )
    .await;
    assert_api_error(
        api.send(Method::PATCH, &owner, &format!("/videos/{id}/audio-tracks/x"), Some(json!({"label": "x"}))).await,
        404,
        "not-found",
    )
    .await;
    let after = api.json(Method::GET, &owner, &format!("/videos/{id}"), None, 200).await;
    assert_eq!(after["audio_tracks"], edited, "the refused edits changed nothing");

    // The item is private: another member neither sees its tracks nor edits them.
    api.json(Method::GET, &member, &format!("/videos/{id}"), None, 404).await;
    assert_api_error(api.send(Method::PATCH, &member, &path, Some(json!({"label": "Mine"}))).await, 404, "not-found").await;
    let listed = api.json(Method::GET, &member, "/videos", None, 200).await;
    assert!(!listed.to_string().contains("Français (VF)"), "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_surround_source_keeps_stereo_and_adds_5_1_where_configured() {
    let server = TestServer::start_with(&[("REEL__AUDIO__SURROUND", "true")]);
    let clip = server.dir.path().join("surround.mp4");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000,aformat=channel_layouts=5.1"])
        .args(["-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"])
        .arg(&clip)
        .status()
        .unwrap();
    assert!(status.success());
    let video = server.upload_ready(&clip, "Surround").await;
    assert_eq!(video["audio_tracks"][0]["channels"], json!([2, 6]), "{video}");
    let prefix = play_prefix(&video);
    let master = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    let audio = audio_lines(&master);
    assert!(audio[0].contains("DEFAULT=YES") && audio[0].contains("CHANNELS=\"2\""), "{master}");
    assert!(
        audio[1].contains("NAME=\"Audio 1 (5.1)\"") && audio[1].contains("DEFAULT=NO") && audio[1].contains("CHANNELS=\"6\""),
        "{master}"
    );
    let channels = |r: &str| {
        let probed: Value = ffprobe(&format!("{prefix}/{r}/index.m3u8"), &["-show_entries", "stream=channels"]);
        probed["streams"][0]["channels"].as_i64()
    };
    assert_eq!((channels("audio"), channels("audio-51")), (Some(2), Some(6)));
}
