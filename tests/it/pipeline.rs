//! The core pipeline end to end against the real server and real ffmpeg: upload → probe →
//! one-pass ladder → HLS/DASH origin, for every kind of source, and what happens to bad ones.

// The ladder, the origin, bad inputs and a crash run again on PostgreSQL + S3 + Redis; which
// way up a picture stands and whether a source has sound or pictures are decided from ffprobe's
// reading before the store sees a file, the same on every backend.
// suite: backends a_1080p_clip_with_audio_becomes_an_aligned_ladder_served_as_hls_dash_and_mp4
// suite: backends the_origin_serves_ranges_etags_caching_and_refuses_bad_tokens
// suite: backends bad_inputs_fail_with_a_reason_and_the_server_keeps_serving
// suite: backends a_source_over_the_limits_is_refused_with_a_readable_reason
// suite: backends a_server_killed_mid_transcode_finishes_the_video_exactly_once_after_restart
// suite: backends the_api_lists_edits_and_deletes_videos_and_requires_a_token

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::{ffprobe, files, make_clip, play_prefix, TestServer};
use serde_json::Value;

const AV_1080P: &[&str] = &["testsrc2=size=1920x1080:rate=30", "sine=frequency=440:sample_rate=48000"];

fn rendition_names(video: &Value) -> Vec<String> {
    video["renditions"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
}

/// Keyframe times of the video stream behind a URL.
fn keyframe_times(url: &str) -> Vec<f64> {
    let probed = ffprobe(url, &["-select_streams", "v:0", "-show_entries", "packet=pts_time,flags"]);
    probed["packets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["flags"].as_str().unwrap_or("").starts_with('K'))
        .map(|p| p["pts_time"].as_str().unwrap().parse::<f64>().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_1080p_clip_with_audio_becomes_an_aligned_ladder_served_as_hls_dash_and_mp4() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "hd.mp4", AV_1080P, 10.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "HD clip").await;

    assert_eq!(rendition_names(&video), ["1080p", "720p", "540p", "360p", "audio"]);
    assert!((video["duration_s"].as_f64().unwrap() - 10.0).abs() < 0.2, "{video}");
    assert_eq!(video["progress"], 100.0);
    let prefix = play_prefix(&video);

    // ffprobe, a real HLS client, sees every rung and the audio through the master playlist.
    let master = ffprobe(&format!("{prefix}/master.m3u8"), &["-show_streams"]);
    let heights: BTreeSet<i64> = master["streams"].as_array().unwrap().iter().filter_map(|s| s["height"].as_i64()).collect();
    assert_eq!(heights, BTreeSet::from([360, 540, 720, 1080]));
    assert!(master["streams"].as_array().unwrap().iter().any(|s| s["codec_name"] == "aac"));

    // The DASH MPD describes the same segments.
    let mpd = ffprobe(&format!("{prefix}/manifest.mpd"), &["-show_streams"]);
    let widths: BTreeSet<i64> = mpd["streams"].as_array().unwrap().iter().filter_map(|s| s["width"].as_i64()).collect();
    assert_eq!(widths, BTreeSet::from([640, 960, 1280, 1920]));

    // One rung decodes end to end from its HLS URL, for the whole duration.
    let decoded = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i", &format!("{prefix}/360p/index.m3u8"), "-f", "null", "-"])
        .output()
        .unwrap();
    assert!(decoded.status.success() && decoded.stderr.is_empty(), "{}", String::from_utf8_lossy(&decoded.stderr));
    let rung = ffprobe(&format!("{prefix}/360p/index.m3u8"), &["-show_entries", "format=duration"]);
    let secs: f64 = rung["format"]["duration"].as_str().unwrap().parse().unwrap();
    assert!((secs - 10.0).abs() < 0.2, "rung lasts {secs} s");

    // Keyframes fall at the same times in every rung, at 0, then every 2 s from the end of the
    // one-second first segment: segments are interchangeable.
    let reference = keyframe_times(&format!("{prefix}/1080p/index.m3u8"));
    assert_eq!(reference.len(), 6, "{reference:?}");
    assert!(reference[0].abs() < 0.05 && (reference[1] - 1.0).abs() < 0.05, "{reference:?}");
    for rung in ["720p", "540p", "360p"] {
        assert_eq!(keyframe_times(&format!("{prefix}/{rung}/index.m3u8")), reference, "{rung}");
    }
    for pair in reference[1..].windows(2) {
        assert!((pair[1] - pair[0] - 2.0).abs() < 0.05, "{reference:?}");
    }

    // The progressive download plays, is faststart (moov before mdat) and has both streams.
    let mp4 = video["playback"]["mp4"].as_str().unwrap();
    let probed = ffprobe(mp4, &["-show_streams", "-show_format"]);
    let kinds: BTreeSet<&str> = probed["streams"].as_array().unwrap().iter().map(|s| s["codec_type"].as_str().unwrap()).collect();
    assert_eq!(kinds, BTreeSet::from(["audio", "video"]));
    assert_eq!(probed["streams"][0]["height"].as_i64().or(probed["streams"][1]["height"].as_i64()), Some(720));
    let head = server.http().get(mp4).header("Range", "bytes=0-65535").send().await.unwrap().bytes().await.unwrap();
    let (moov, mdat) = (find(&head, b"moov"), find(&head, b"mdat"));
    assert!(moov.is_some() && (mdat.is_none() || moov < mdat), "moov must come first");

    // Poster and storyboard are images.
    for key in ["poster", "storyboard"] {
        let r = server.http().get(video["playback"][key].as_str().unwrap()).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        assert!(r.bytes().await.unwrap().starts_with(&[0xff, 0xd8]), "{key} is a JPEG");
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_origin_serves_ranges_etags_caching_and_refuses_bad_tokens() {
    let key = "0123456789abcdef0123456789abcdef-test-key";
    let server = TestServer::start_with(&[("REEL__DELIVERY__SIGNING_KEY", key)]);
    let clip = make_clip(server.dir.path(), "small.mp4", &["testsrc2=size=640x360:rate=25", "sine"], 4.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Small").await;
    let prefix = play_prefix(&video);
    let http = server.http();
    let segment = format!("{prefix}/360p/00000.m4s");

    let whole = http.get(&segment).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert!(whole.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert_eq!(whole.headers()["access-control-allow-origin"], "*");
    let etag = whole.headers()["etag"].to_str().unwrap().to_string();
    let bytes = whole.bytes().await.unwrap();

    let part = http.get(&segment).header("Range", "bytes=10-19").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 10-19/{}", bytes.len()));
    assert_eq!(part.bytes().await.unwrap(), bytes.slice(10..20));
    let past = http.get(&segment).header("Range", format!("bytes={}-", bytes.len())).send().await.unwrap();
    assert_eq!(past.status(), 416);
    let cached = http.get(&segment).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(cached.status(), 304);

    let master = http.get(format!("{prefix}/master.m3u8")).send().await.unwrap();
    assert_eq!(master.headers()["content-type"], "application/vnd.apple.mpegurl");
    assert_eq!(master.headers()["cache-control"], "public, max-age=60");
    let text = master.text().await.unwrap();
    let token = prefix.split("/play/").nth(1).unwrap().split('/').next().unwrap();
    for uri in text.lines().filter(|l| !l.starts_with('#')).chain(text.lines().filter_map(|l| l.split("URI=\"").nth(1))) {
        assert!(uri.contains(token), "{uri} lacks the token");
    }
    let mpd = http.get(format!("{prefix}/manifest.mpd")).send().await.unwrap();
    assert_eq!(mpd.headers()["content-type"], "application/dash+xml");

    // Tampered, expired, foreign-video and unknown-key tokens all get 403 on every kind of file.
    let id: reel_base::domain::VideoId = video["id"].as_str().unwrap().parse().unwrap();
    let signer = reel_core::platform::signing::Signer::new(vec![reel_core::platform::signing::SigningKey::new(key.as_bytes().to_vec())]);
    let stranger = reel_core::platform::signing::Signer::new(vec![reel_core::platform::signing::SigningKey::new(
        b"another-key-another-key-another-k".to_vec(),
    )]);
    let now = reel_base::domain::now_ms() / 1000;
    // The origin asks whether the holder may still watch: a token of our own making names a
    // real account (the admin's).
    let me: serde_json::Value =
        http.get(format!("{}/api/v1/me", server.base)).bearer_auth(&server.token).send().await.unwrap().json().await.unwrap();
    let someone = reel_base::domain::Holder::Account(me["user"]["id"].as_str().unwrap().parse().unwrap());
    let bad_tokens = [
        format!("{}x", &token[..token.len() - 1]),
        signer.sign(id, someone, now - 1),
        signer.sign(reel_base::domain::VideoId::new(), someone, now + 600),
        stranger.sign(id, someone, now + 600),
        "not-a-token".to_string(),
    ];
    for bad in &bad_tokens {
        for file in
            ["master.m3u8", "manifest.mpd", "360p/index.m3u8", "360p/init.mp4", "360p/00000.m4s", "download.mp4", "poster.jpg", "key"]
        {
            let url = format!("{}/play/{bad}/{id}/{file}", server.base);
            assert_eq!(http.get(&url).send().await.unwrap().status(), 403, "{file} with {bad}");
        }
    }
    // A good token of our own making works, so the 403s above are about the tokens.
    let good = format!("{}/play/{}/{id}/360p/00000.m4s", server.base, signer.sign(id, someone, now + 600));
    assert_eq!(http.get(&good).send().await.unwrap().status(), 200);

    // Without packaging.encryption there is no key to fetch and no playlist names one.
    assert_eq!(http.get(format!("{prefix}/key")).send().await.unwrap().status(), 404);
    let playlist = http.get(format!("{prefix}/360p/index.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(!playlist.contains("EXT-X-KEY"), "{playlist}");
    assert!(matches!(&bytes[4..8], b"moof" | b"styp"), "a clear segment starts with a fragment box");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_portrait_clip_stays_portrait() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "tall.mp4", &["testsrc2=size=720x1280:rate=30", "sine"], 4.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Portrait").await;
    let sizes: Vec<(i64, i64)> =
        video["renditions"].as_array().unwrap().iter().filter_map(|r| Some((r["width"].as_i64()?, r["height"].as_i64()?))).collect();
    assert_eq!(sizes, [(720, 1280), (540, 960), (360, 640)]);
    let probed = ffprobe(&format!("{}/540p/index.m3u8", play_prefix(&video)), &["-show_streams"]);
    assert_eq!((probed["streams"][0]["width"].as_i64(), probed["streams"][0]["height"].as_i64()), (Some(540), Some(960)));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotated_phone_clip_is_shown_upright() {
    let server = TestServer::start();
    let landscape = make_clip(server.dir.path(), "flat.mp4", &["testsrc2=size=640x360:rate=30"], 3.0, &[]);
    let rotated = server.dir.path().join("rotated.mp4");
    // ffmpeg ≥ 6 sets a display matrix with -display_rotation; 5.x with a `rotate` tag.
    let tagged = |args: &[&str]| {
        std::process::Command::new("ffmpeg").args(["-v", "error", "-y"]).args(args).arg(&rotated).status().is_ok_and(|s| s.success())
    };
    let input = landscape.to_str().unwrap();
    assert!(
        tagged(&["-display_rotation", "90", "-i", input, "-c", "copy"])
            || tagged(&["-i", input, "-c", "copy", "-metadata:s:v:0", "rotate=90"]),
        "ffmpeg could not tag a rotation"
    );
    let video = server.upload_ready(&rotated, "Rotated").await;
    let r = &video["renditions"][0];
    assert_eq!((r["width"].as_i64(), r["height"].as_i64()), (Some(360), Some(640)), "{video}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_audio_only_source_becomes_an_audio_asset_with_an_m4a_download() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "song.m4a", &["sine=frequency=330:sample_rate=44100"], 6.0, &[]);
    let video = server.upload_ready(&clip, "Song").await;
    assert_eq!(rendition_names(&video), ["audio", "audio-low"]);
    assert!(video["playback"]["poster"].is_null());
    let prefix = play_prefix(&video);
    let master = server.http().get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(master.contains("CODECS=\"mp4a.40.2\"") && !master.contains("RESOLUTION"), "{master}");
    let mp4 = video["playback"]["mp4"].as_str().unwrap();
    assert!(mp4.ends_with("/download.m4a"));
    let probed = ffprobe(mp4, &["-show_streams"]);
    let streams = probed["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0]["codec_name"], "aac");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_clip_has_no_audio_rendition() {
    let server = TestServer::start();
    let clip = make_clip(server.dir.path(), "silent.mp4", &["testsrc2=size=640x360:rate=30"], 3.0, &[]);
    let video = server.upload_ready(&clip, "Silent").await;
    assert_eq!(rendition_names(&video), ["360p"]);
    let prefix = play_prefix(&video);
    let master = server.http().get(format!("{prefix}/master.m3u8")).send().await.unwrap().text().await.unwrap();
    assert!(!master.contains("TYPE=AUDIO") && !master.contains("mp4a"), "{master}");
    let probed = ffprobe(video["playback"]["mp4"].as_str().unwrap(), &["-show_streams"]);
    assert!(probed["streams"].as_array().unwrap().iter().all(|s| s["codec_type"] == "video"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_inputs_fail_with_a_reason_and_the_server_keeps_serving() {
    let server = TestServer::start();
    let dir = server.dir.path();
    let good = make_clip(dir, "good.mp4", &["testsrc2=size=320x240:rate=25", "sine"], 3.0, &["-shortest"]);

    let random = dir.join("random.mp4");
    std::fs::write(&random, (0..200_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<_>>()).unwrap();
    // Without faststart the index (moov) is at the end, so a cut-off file has none.
    let truncated = dir.join("truncated.mp4");
    let whole = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    // A playlist dressed as a video, pointing at a real, playable local file: if ffmpeg ever
    // followed it, this would succeed instead of failing.
    let playlist = dir.join("playlist.mp4");
    std::fs::write(&playlist, format!("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\nfile://{}\n#EXT-X-ENDLIST\n", good.display()))
        .unwrap();
    let concat = dir.join("concat.mp4");
    std::fs::write(&concat, format!("ffconcat version 1.0\nfile '{}'\n", good.display())).unwrap();
    let empty = dir.join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();

    let mut ids = Vec::new();
    for (file, why) in [(&random, "random"), (&truncated, "truncated"), (&playlist, "playlist"), (&concat, "concat"), (&empty, "empty")] {
        ids.push((server.upload(file, why).await, why));
    }
    for (id, why) in ids {
        let video = server.wait_for(&id, &["failed"], Duration::from_secs(60)).await;
        let error = video["error"].as_str().unwrap_or_default();
        assert!(error.contains("not a video or audio file"), "{why}: {error}");
        assert!(!error.contains(&dir.display().to_string()), "{why}: the reason leaks a path: {error}");
        assert!(video["playback"].is_null());
    }
    // The server is unharmed and still processes good files.
    let r = server.http().get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let video = server.upload_ready(&good, "Still works").await;
    assert_eq!(video["status"], "ready");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_over_the_limits_is_refused_with_a_readable_reason() {
    let server = TestServer::start_with(&[("REEL__MEDIA__MAX_DURATION_SECS", "2"), ("REEL__SERVER__MAX_UPLOAD_BYTES", "2000000")]);
    let long = make_clip(server.dir.path(), "long.mp4", &["testsrc2=size=160x120:rate=10"], 4.0, &[]);
    let id = server.upload(&long, "Too long").await;
    let video = server.wait_for(&id, &["failed"], Duration::from_secs(30)).await;
    assert_eq!(video["error"], "the video is 4.0 s long; the limit is 2.0 s");

    // Over the upload size limit: 413 from the declared length alone, and nothing is stored. The
    // request is written by hand and its body never sent: a client still writing a body the
    // server has already refused may see the connection close under it instead of the answer.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/videos HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=reel\r\nContent-Length: 2500000\r\nConnection: close\r\n\r\n",
        server.token
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut answer)).await.expect("an answer within 10 s").unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap_or_default()).unwrap();
    assert_eq!(body["code"], "upload-too-large");
    let listed = server.get_json("/api/v1/videos").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "only the too-long video exists");
    let sources = std::fs::read_dir(server.objects_dir().join("sources")).unwrap().count();
    assert_eq!(sources, 1, "the refused upload left nothing behind");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_mid_transcode_finishes_the_video_exactly_once_after_restart() {
    let mut server = TestServer::start();
    let clip = make_clip(server.dir.path(), "long.mp4", &["testsrc2=size=1280x720:rate=30", "sine"], 30.0, &["-shortest"]);
    let id = server.upload(&clip, "Interrupted").await;
    server.wait_for(&id, &["playable"], Duration::from_secs(120)).await;
    let before = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert!(before["progress"].as_f64().unwrap() < 100.0, "the transcode was still running: {before}");

    server.kill9();
    server.restart();
    let video = server.wait_for(&id, &["ready"], Duration::from_secs(180)).await;
    assert_eq!(rendition_names(&video), ["720p", "540p", "360p", "audio"]);

    // Exactly one publication, after a second attempt of the one job.
    let db = reel_base::db::Db::connect(&server.database_url(), 1).await.unwrap();
    let vid: reel_base::domain::VideoId = id.parse().unwrap();
    let events: Vec<String> = reel_base::db::videos::events(&db, vid).await.unwrap().into_iter().map(|(s, _)| s).collect();
    assert_eq!(events.iter().filter(|s| *s == "ready").count(), 1, "{events:?}");
    // The worker records the job done just after the run that published returns.
    let key = format!("process_video:{id}");
    crate::common::eventually(Duration::from_secs(20), "the job recorded done", || async {
        reel_base::db::jobs::by_key(&db, &key).await.unwrap().unwrap().state.as_str() == "done"
    })
    .await;
    let job = reel_base::db::jobs::by_key(&db, &key).await.unwrap().unwrap();
    assert_eq!((job.state.as_str(), job.attempts), ("done", 2));

    // The republished segments are whole: the rung decodes end to end.
    let prefix = play_prefix(&video);
    let decoded = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i", &format!("{prefix}/master.m3u8"), "-f", "null", "-"])
        .output()
        .unwrap();
    assert!(decoded.status.success() && decoded.stderr.is_empty(), "{}", String::from_utf8_lossy(&decoded.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_lists_edits_and_deletes_videos_and_requires_a_token() {
    let server = TestServer::start();
    let http = server.http();
    let r = http.get(format!("{}/api/v1/videos", server.base)).send().await.unwrap();
    crate::common::assert_api_error(r, 401, "unauthorized").await;
    let r = http.get(format!("{}/api/v1/videos", server.base)).bearer_auth("reel_not-a-real-token").send().await.unwrap();
    crate::common::assert_api_error(r, 401, "unauthorized").await;

    let clip = make_clip(server.dir.path(), "a.mp4", &["testsrc2=size=320x240:rate=25"], 2.0, &[]);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(server.upload(&clip, &format!("Video {i}")).await);
    }
    let first = server.get_json("/api/v1/videos?limit=2").await;
    let page: Vec<&str> = first["items"].as_array().unwrap().iter().map(|v| v["title"].as_str().unwrap()).collect();
    assert_eq!(page, ["Video 2", "Video 1"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = server.get_json(&format!("/api/v1/videos?limit=2&cursor={cursor}")).await;
    assert_eq!(second["items"][0]["title"], "Video 0");
    assert!(second["next_cursor"].is_null());

    let id = &ids[0];
    let video = server.wait_for(id, &["ready"], Duration::from_secs(60)).await;
    let r = http
        .patch(format!("{}/api/v1/videos/{id}", server.base))
        .bearer_auth(&server.token)
        .json(&serde_json::json!({"title": "  Renamed  ", "description": "New words"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let edited: Value = r.json().await.unwrap();
    assert_eq!((edited["title"].as_str(), edited["description"].as_str()), (Some("Renamed"), Some("New words")));
    let r = http
        .patch(format!("{}/api/v1/videos/{id}", server.base))
        .bearer_auth(&server.token)
        .json(&serde_json::json!({"title": ""}))
        .send()
        .await
        .unwrap();
    crate::common::assert_api_error(r, 400, "invalid-text").await;

    let media = server.objects_dir().join(format!("media/{id}"));
    assert!(media.exists());
    let master = format!("{}/master.m3u8", play_prefix(&video));
    let r = http.delete(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    assert_eq!(r.status(), 204);
    // (An S3 server may keep empty folders behind; what counts is that no object is left.)
    assert_eq!(files(&media).len() + files(&server.objects_dir().join(format!("sources/{id}"))).len(), 0, "every object is gone");
    let r = http.get(format!("{}/api/v1/videos/{id}", server.base)).bearer_auth(&server.token).send().await.unwrap();
    crate::common::assert_api_error(r, 404, "not-found").await;
    assert_eq!(http.get(&master).send().await.unwrap().status(), 404);

    for path in ["/healthz", "/readyz"] {
        assert_eq!(http.get(format!("{}{path}", server.base)).send().await.unwrap().status(), 200, "{path}");
    }
}
