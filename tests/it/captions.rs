//! Captions and subtitles against the real server and real ffmpeg: a text stream of the
//! uploaded file becomes a track ffprobe reads over HTTP from the HLS master and the DASH MPD;
//! an uploaded SRT or WebVTT file appears in the manifests without touching a rendition and
//! leaves with its file when removed; a file that cannot be read is refused naming its line
//! with nothing stored; and no one who may not see an item reaches its tracks.

// suite: backends

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::Method;
use serde_json::Value;

use crate::collections::{token, Api};
use crate::common::{assert_api_error, ffprobe, files, make_clip, play_prefix, TestServer};

const AV: &[&str] = &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"];

/// An MKV with video, two audio languages and a French SubRip stream (CRLF, italics).
pub(crate) fn mkv_with_subtitles(dir: &Path) -> PathBuf {
    let srt = dir.join("fr.srt");
    std::fs::write(
        &srt,
        "1\r\n00:00:00,500 --> 00:00:02,000\r\nBonjour <i>le monde</i>\r\n\r\n2\r\n00:00:04,500 --> 00:00:05,500\r\nDeuxième ligne\r\n\r\n",
    )
    .unwrap();
    let out = dir.join("two.mkv");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"])
        .args(["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000"])
        .arg("-i")
        .arg(&srt)
        .args(["-t", "6", "-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s"])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-c:s", "srt"])
        .args(["-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fre", "-metadata:s:a:1", "title=Version française"])
        .args(["-metadata:s:s:0", "language=fre", "-metadata:s:s:0", "title=Français"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg could not make the MKV");
    out
}

/// The streams ffprobe finds at a URL, as `(codec_type, codec_name, language)`.
pub(crate) fn streams(url: &str) -> Vec<(String, String, String)> {
    // ffmpeg reads HLS subtitle renditions only when asked to (its support is "experimental").
    let json = ffprobe(url, &["-strict", "experimental", "-show_entries", "stream=codec_type,codec_name:stream_tags=language"]);
    let text = |s: &Value, k: &str| s[k].as_str().unwrap_or_default().to_string();
    let mut found: Vec<_> = json["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (text(s, "codec_type"), text(s, "codec_name"), s["tags"]["language"].as_str().unwrap_or_default().to_string()))
        .collect();
    found.sort();
    found
}

async fn text_of(server: &TestServer, url: &str) -> (u16, String) {
    let r = server.http().get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post_captions(server: &TestServer, token: &str, id: &str, file: Vec<u8>, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(file).file_name("c.srt"));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    server.http().post(format!("{}/api/v1/videos/{id}/captions", server.base)).bearer_auth(token).multipart(form).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subtitle_stream_of_the_file_becomes_a_track_players_and_ffprobe_read_from_hls_and_dash() {
    let server = TestServer::start();
    let clip = mkv_with_subtitles(server.dir.path());
    let video = server.upload_ready(&clip, "Two languages").await;
    let id = video["id"].as_str().unwrap();
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let tracks = video["captions"].as_array().expect("captions in the video JSON");
    assert_eq!(tracks.len(), 1, "{video}");
    let track = &tracks[0];
    assert_eq!((track["language"].as_str(), track["label"].as_str()), (Some("fr"), Some("Français")), "{track}");
    assert_eq!((track["kind"].as_str(), track["origin"].as_str(), track["cues"].as_i64()), (Some("subtitles"), Some("source"), Some(2)));

    // The master names the group on every variant; the track's playlist follows the media's
    // segments; each segment maps cue time to the media timeline.
    let prefix = play_prefix(&video);
    let (status, master) = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    assert_eq!(status, 200);
    assert!(
        master.contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Français\",LANGUAGE=\"fr\",DEFAULT=NO,AUTOSELECT=YES"),
        "{master}"
    );
    let variants = master.lines().filter(|l| l.starts_with("#EXT-X-STREAM-INF:")).collect::<Vec<_>>();
    assert!(!variants.is_empty() && variants.iter().all(|l| l.contains("SUBTITLES=\"subs\"")), "{master}");
    let caption_id = track["id"].as_str().unwrap();
    let (_, playlist) = text_of(&server, &format!("{prefix}/captions/{caption_id}.m3u8")).await;
    let (_, media) = text_of(&server, &format!("{prefix}/240p/index.m3u8")).await;
    let durations = |text: &str| text.lines().filter(|l| l.starts_with("#EXTINF:")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(durations(&playlist), durations(&media), "text segments follow the media's:\n{playlist}\n{media}");
    assert!(playlist.ends_with("#EXT-X-ENDLIST\n"), "{playlist}");
    let (status, first) = text_of(&server, &format!("{prefix}/captions/{caption_id}-00000.vtt")).await;
    assert_eq!(status, 200);
    assert!(first.starts_with("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n"), "{first}");
    assert!(first.contains("Bonjour <i>le monde</i>") && !first.contains("Deuxième"), "{first}");
    // The first cue runs past 1 s, where the first segment (one second) ends: it is in the
    // second segment too, with the cue that the second holds.
    let (_, second) = text_of(&server, &format!("{prefix}/captions/{caption_id}-00001.vtt")).await;
    assert!(media.contains("#EXTINF:1.000000,") && second.contains("Bonjour") && second.contains("Deuxième ligne"), "{second}");

    // Independent readers: ffprobe finds the subtitle stream, with its language, in both.
    let want = ("subtitle".to_string(), "webvtt".to_string(), "fr".to_string());
    assert!(streams(&format!("{prefix}/master.m3u8")).contains(&want), "HLS");
    let dash = video["playback"]["dash"].as_str().unwrap();
    assert!(streams(dash).contains(&want), "DASH");

    // The whole file, for download, behind the same token; no token, no file.
    let (status, whole) = text_of(&server, track["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(whole.starts_with("WEBVTT\n\n") && whole.contains("Deuxième ligne"), "{whole}");
    let forged = format!("{}/play/not.a-token/{id}/captions/{caption_id}.vtt", server.base);
    assert_eq!(text_of(&server, &forged).await.0, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_file_shows_up_without_re_encoding_and_a_bad_one_changes_nothing() {
    let server = TestServer::start();
    let creator = token(&server, "maker@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 9.0, &["-shortest"]);
    let id = crate::catalogue::upload_as(&server, &creator, &clip, Some("Captioned"), Some("members")).await;
    server.wait_for(&id, &["ready"], std::time::Duration::from_secs(180)).await;
    let api = Api { server: &server };
    let media_before = files(&server.objects_dir().join("media").join(&id));
    let package_before = api.json(Method::GET, &creator, &format!("/videos/{id}"), None, 200).await["renditions"].clone();

    // A Windows-1252 SRT with a BOM-less CRLF body and styling WebVTT cannot carry.
    let srt = b"1\r\n00:00:01,000 --> 00:00:03,000\r\n<font color=\"red\">Caf\xe9</font> {\\an8}cr\xe8me\r\n\r\n2\r\n00:00:05,000 --> 00:00:06,500\r\nThe end\r\n".to_vec();
    let r = post_captions(&server, &creator, &id, srt, &[("language", "en-gb"), ("kind", "captions")]).await;
    assert_eq!(r.status(), 201);
    let added: Value = r.json().await.unwrap();
    assert_eq!(
        (added["language"].as_str(), added["label"].as_str(), added["kind"].as_str()),
        (Some("en-GB"), Some("English (CC)"), Some("captions"))
    );
    assert_eq!((added["origin"].as_str(), added["cues"].as_i64()), (Some("upload"), Some(2)));
    let caption = added["id"].as_str().unwrap().to_string();

    // The manifests list it at once (the origin forgot its copy of the index), the media is
    // untouched: the same renditions, the same segment files, byte for byte.
    let video = api.json(Method::GET, &creator, &format!("/videos/{id}"), None, 200).await;
    assert_eq!(video["renditions"], package_before);
    let prefix = play_prefix(&video);
    let (_, master) = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    assert!(
        master.contains("NAME=\"English (CC)\",LANGUAGE=\"en-GB\"") && master.contains("public.accessibility.transcribes-spoken-dialog"),
        "{master}"
    );
    let (_, whole) = text_of(&server, video["captions"][0]["url"].as_str().unwrap()).await;
    assert_eq!(whole, "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nCafé crème\n\n00:00:05.000 --> 00:00:06.500\nThe end\n\n");
    let dash = video["playback"]["dash"].as_str().unwrap();
    let (_, mpd) = text_of(&server, dash).await;
    assert!(mpd.contains("contentType=\"text\" mimeType=\"text/vtt\" lang=\"en-GB\"") && mpd.contains("value=\"caption\""), "{mpd}");
    let media_after: Vec<_> =
        files(&server.objects_dir().join("media").join(&id)).into_iter().filter(|(f, _)| !f.starts_with("captions")).collect();
    assert_eq!(media_after, media_before, "no rendition was made again");
    let jobs = server.get_json("/api/v1/admin/jobs").await;
    let kinds: Vec<&str> = jobs.as_array().unwrap().iter().filter_map(|j| j["kind"].as_str()).collect();
    assert!(kinds.iter().all(|k| !["reprocess_video", "remake_rungs"].contains(k)), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "process_video").count(), 1, "{kinds:?}");

    // A file that cannot be read: 400 naming its line; nothing is stored.
    let bad = b"1\n00:00:01,000 -> 00:00:02,000\nHello\n".to_vec();
    let r = post_captions(&server, &creator, &id, bad, &[("language", "fr")]).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "invalid-captions", "{body}");
    assert!(body["message"].as_str().unwrap().contains("line 2"), "{body}");
    assert_api_error(
        post_captions(&server, &creator, &id, b"WEBVTT\n\n00:01.000 --> 00:02.000\nx\n".to_vec(), &[("language", "not a tag")]).await,
        400,
        "invalid-captions",
    )
    .await;
    assert_api_error(
        post_captions(
            &server,
            &creator,
            &id,
            b"WEBVTT\n\n00:01.000 --> 00:02.000\nx\n".to_vec(),
            &[("language", "fr"), ("kind", "karaoke")],
        )
        .await,
        400,
        "invalid-captions",
    )
    .await;
    let listed = api.json(Method::GET, &creator, &format!("/videos/{id}/captions"), None, 200).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let stored = files(&server.objects_dir().join("media").join(&id).join("captions"));
    assert_eq!(stored.len(), 1, "{stored:?}");

    // Removing it takes it out of the manifests and the store.
    let path = format!("/videos/{id}/captions/{caption}");
    api.json(Method::DELETE, &creator, &path, None, 204).await;
    let (_, master) = text_of(&server, &format!("{prefix}/master.m3u8")).await;
    assert!(!master.contains("SUBTITLES"), "{master}");
    assert_eq!(text_of(&server, &format!("{prefix}/captions/{caption}.vtt")).await.0, 404);
    assert!(files(&server.objects_dir().join("media").join(&id).join("captions")).is_empty());
    api.json(Method::DELETE, &creator, &path, None, 404).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_private_items_tracks_reach_no_one_else_and_only_its_owner_changes_them() {
    let server = TestServer::start_with(&[("REEL__CAPTIONS__MAX_BYTES", "200"), ("REEL__CAPTIONS__MAX_TRACKS", "2")]);
    let owner = token(&server, "owner@example.org", "creator", "read,account,upload");
    let member = token(&server, "member@example.org", "creator", "read,account,upload");
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 2.0, &["-shortest"]);
    let private = crate::catalogue::upload_as(&server, &owner, &clip, Some("Private"), Some("private")).await;
    let shared = crate::catalogue::upload_as(&server, &owner, &clip, Some("Shared"), Some("members")).await;
    for id in [&private, &shared] {
        server.wait_for(id, &["ready"], std::time::Duration::from_secs(180)).await;
    }
    let vtt = || b"WEBVTT\n\n00:00.500 --> 00:01.500\nSecret words\n".to_vec();
    for id in [&private, &shared] {
        assert_eq!(post_captions(&server, &owner, id, vtt(), &[("language", "en"), ("label", "English")]).await.status(), 201);
    }
    let api = Api { server: &server };

    // Another member: the private item's tracks are not found (as the item is not), and no
    // one but the owner (or an admin) adds or removes a track of an item they may see.
    api.json(Method::GET, &member, &format!("/videos/{private}/captions"), None, 404).await;
    api.json(Method::GET, &member, &format!("/videos/{private}"), None, 404).await;
    assert_api_error(post_captions(&server, &member, &private, vtt(), &[("language", "en")]).await, 404, "not-found").await;
    let seen = api.json(Method::GET, &member, &format!("/videos/{shared}/captions"), None, 200).await;
    let caption = seen[0]["id"].as_str().unwrap();
    assert_api_error(post_captions(&server, &member, &shared, vtt(), &[("language", "en")]).await, 403, "forbidden").await;
    api.json(Method::DELETE, &member, &format!("/videos/{shared}/captions/{caption}"), None, 403).await;
    // Without an account (public items are off here): 401.
    let anonymous = server.http().get(format!("{}/api/v1/videos/{private}/captions", server.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    // A playback token for the shared item opens none of the private item's files.
    let shared_video = api.json(Method::GET, &member, &format!("/videos/{shared}"), None, 200).await;
    let private_caption =
        api.json(Method::GET, &owner, &format!("/videos/{private}/captions"), None, 200).await[0]["id"].as_str().unwrap().to_string();
    let swapped = play_prefix(&shared_video).replace(&shared, &private);
    assert_eq!(text_of(&server, &format!("{swapped}/captions/{private_caption}.vtt")).await.0, 403);
    assert_eq!(text_of(&server, &format!("{swapped}/captions/{private_caption}-00000.vtt")).await.0, 403);

    // Limits: the file's size, then the number of tracks.
    let big = format!("WEBVTT\n\n00:00.500 --> 00:01.500\n{}\n", "x".repeat(300)).into_bytes();
    let r = post_captions(&server, &owner, &shared, big, &[("language", "en")]).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "invalid-captions", "{body}");
    assert!(body["message"].as_str().unwrap().contains("KiB"), "{body}");
    assert_eq!(post_captions(&server, &owner, &shared, vtt(), &[("language", "fr")]).await.status(), 201);
    assert_api_error(post_captions(&server, &owner, &shared, vtt(), &[("language", "de")]).await, 409, "too-many-captions").await;
}
