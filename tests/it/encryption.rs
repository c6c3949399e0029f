//! HLS content encryption against the real server and real ffmpeg: with
//! `packaging.encryption = "aes-128"` the stored segments are unreadable without the video's
//! key, the key is served only to a valid playback token, players that fetch it decode the
//! video, and the database holds the key only wrapped under the master key.

// suite: backends

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{make_clip, play_prefix, TestServer};
use reel_base::domain::{now_ms, Holder, VideoId};
use reel_base::media::encrypt::decrypt_segment;
use reel_core::delivery::content_key::{self, MasterKey};
use reel_core::platform::signing::{Signer, SigningKey};
use serde_json::Value;

const AV: &[&str] = &["testsrc2=size=640x360:rate=30", "sine=frequency=440:sample_rate=48000"];
const ENCRYPTED: (&str, &str) = ("REEL__PACKAGING__ENCRYPTION", "aes-128");
const SIGNING_KEY: &str = "encryption-tests-signing-key-0123456789";

fn video_id(video: &Value) -> VideoId {
    video["id"].as_str().unwrap().parse().unwrap()
}

/// The ISO-BMFF box type of the first box in `bytes`.
fn first_box(bytes: &[u8]) -> &[u8] {
    bytes.get(4..8).unwrap_or_default()
}

/// Video frames ffprobe can decode from a file (0 when it cannot read it at all).
fn decodable_frames(file: &Path) -> u64 {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0"])
        .arg(file)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
}

async fn get(http: &reqwest::Client, url: &str) -> reqwest::Response {
    http.get(url).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn aes_128_segments_are_unreadable_without_the_key_and_play_with_it() {
    let server = TestServer::start_with(&[ENCRYPTED, ("REEL__DELIVERY__SIGNING_KEY", SIGNING_KEY)]);
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 6.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Encrypted").await;
    let id = video_id(&video);
    let http = server.http();

    // The API says the HLS is encrypted and offers no DASH; the origin agrees.
    assert_eq!(video["playback"]["encryption"], "AES-128", "{video}");
    assert!(video["playback"]["dash"].is_null(), "{video}");
    let prefix = play_prefix(&video);
    assert_eq!(get(&http, &format!("{prefix}/manifest.mpd")).await.status(), 404);

    // Every media playlist names the key right after the (clear) init segment.
    let root_prefix = &prefix[server.base.len()..];
    for rendition in ["360p", "audio"] {
        let text = get(&http, &format!("{prefix}/{rendition}/index.m3u8")).await.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let map = lines.iter().position(|l| l.starts_with("#EXT-X-MAP:")).unwrap_or_else(|| panic!("no map:\n{text}"));
        assert_eq!(lines[map + 1], format!("#EXT-X-KEY:METHOD=AES-128,URI=\"{root_prefix}/key\""), "{text}");
        assert_eq!(text.matches("#EXT-X-KEY").count(), 1, "{text}");
    }

    // The key: 16 bytes, never cached.
    let answer = get(&http, &format!("{prefix}/key")).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/octet-stream");
    assert_eq!(answer.headers()["cache-control"], "private, no-store");
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
    let key: [u8; 16] = answer.bytes().await.unwrap().as_ref().try_into().expect("a 16-byte key");

    // A stored segment is ciphertext: no box structure, and with its init segment it decodes
    // to nothing. Decrypted with the served key (IV = sequence number 0) it is a fragment
    // that decodes.
    let init = get(&http, &format!("{prefix}/360p/init.mp4")).await.bytes().await.unwrap();
    assert_eq!(first_box(&init), b"ftyp", "the init segment stays clear");
    let segment = get(&http, &format!("{prefix}/360p/00000.m4s")).await.bytes().await.unwrap();
    assert_eq!(segment.len() % 16, 0, "AES-CBC output is whole blocks");
    assert!(!matches!(first_box(&segment), b"moof" | b"styp"), "segment 0 is stored in the clear");
    let encrypted_file = server.dir.path().join("encrypted.mp4");
    std::fs::write(&encrypted_file, [&init[..], &segment[..]].concat()).unwrap();
    assert_eq!(decodable_frames(&encrypted_file), 0, "the encrypted segment decoded without its key");

    let clear = decrypt_segment(&key, 0, &segment).expect("the served key opens segment 0");
    assert!(matches!(first_box(&clear), b"moof" | b"styp"), "decrypted segment starts with {:?}", first_box(&clear));
    let clear_file = server.dir.path().join("clear.mp4");
    std::fs::write(&clear_file, [&init[..], &clear[..]].concat()).unwrap();
    assert_eq!(decodable_frames(&clear_file), 30, "the first segment: one second at 30 fps");
    // Each segment's IV is its own sequence number. A wrong IV garbles only bytes 8..16 of the
    // first block (for sequence numbers below 2^64), which players shrug off; but every clear
    // segment opens with the same bytes 4..16 (`styp` + brand + version, or `moof` + `mfhd`
    // header), so decrypted heads that differ give a wrong IV away.
    for rendition in ["360p", "audio"] {
        let mut heads = Vec::new();
        for n in 0..2u32 {
            let sealed = get(&http, &format!("{prefix}/{rendition}/{n:05}.m4s")).await.bytes().await.unwrap();
            let opened = decrypt_segment(&key, u64::from(n), &sealed).expect("the key opens every segment");
            heads.push(opened[4..16].to_vec());
            if n == 1 {
                let misread = decrypt_segment(&key, 0, &sealed).unwrap();
                assert_ne!(misread[4..16], heads[0][..], "{rendition}: segment 1 opened with sequence number 0");
            }
        }
        assert_eq!(heads[0], heads[1], "{rendition}: segment 1 was not encrypted with sequence number 1");
        assert!(matches!(&heads[0][..4], b"moof" | b"styp"), "{rendition}");
    }

    // ffmpeg, an HLS client, fetches the key and decodes every stream end to end.
    let decoded = Command::new("ffmpeg")
        .args(["-v", "error", "-i", &format!("{prefix}/master.m3u8"), "-map", "0", "-f", "null", "-"])
        .output()
        .unwrap();
    assert!(decoded.status.success() && decoded.stderr.is_empty(), "{}", String::from_utf8_lossy(&decoded.stderr));
    let probed = crate::common::ffprobe(&format!("{prefix}/master.m3u8"), &["-show_entries", "format=duration"]);
    let secs: f64 = probed["format"]["duration"].as_str().unwrap().parse().unwrap();
    assert!((secs - 6.0).abs() < 0.2, "plays {secs} s");

    // The download and the poster are not encrypted (the token protects them).
    let mp4 = crate::common::ffprobe(video["playback"]["mp4"].as_str().unwrap(), &["-show_streams"]);
    assert_eq!(mp4["streams"].as_array().unwrap().len(), 2, "{mp4}");
    let poster = get(&http, video["playback"]["poster"].as_str().unwrap()).await.bytes().await.unwrap();
    assert!(poster.starts_with(&[0xff, 0xd8]), "the poster is a JPEG");

    // Same-site playback with the cookie: the playlists name the cookie path's key.
    let signer = Signer::new(vec![SigningKey::new(SIGNING_KEY.as_bytes().to_vec())]);
    // Tokens name a real account: the origin checks the viewer may still watch.
    let viewer = Holder::Account(server.cli(&["user", "create", "--email", "viewer@example.org"]).trim().parse().unwrap());
    let cookie = reel_core::delivery::playback_cookie(&signer, id, viewer, 600, false);
    let cookie = cookie.split(';').next().unwrap();
    let cookie_get = |path: String| http.get(format!("{}/play/c/{id}/{path}", server.base)).header("Cookie", cookie).send();
    let text = cookie_get("360p/index.m3u8".into()).await.unwrap().text().await.unwrap();
    assert!(text.contains(&format!("#EXT-X-KEY:METHOD=AES-128,URI=\"/play/c/{id}/key\"\n")), "{text}");
    let by_cookie = cookie_get("key".into()).await.unwrap();
    assert_eq!(by_cookie.headers()["cache-control"], "private, no-store");
    assert_eq!(by_cookie.bytes().await.unwrap().as_ref(), key);
    assert_eq!(get(&http, &format!("{}/play/c/{id}/key", server.base)).await.status(), 403, "no cookie, no key");

    // The database holds the key only wrapped under the master key, bound to this video.
    let db = reel_base::db::Db::connect(&server.database_url(), 1).await.unwrap();
    let stored = reel_base::db::videos::content_key(&db, id).await.unwrap().expect("a stored content key");
    assert!(!stored.to_lowercase().contains(&hex::encode(key)), "the content key is stored in the clear");
    let master_file = server.data_dir().join("secrets/master.key");
    let master = MasterKey::from_hex(&std::fs::read_to_string(&master_file).unwrap(), "master.key").unwrap();
    assert_eq!(content_key::unwrap(&master, id, &stored).unwrap().as_bytes(), &key);
    assert!(content_key::unwrap(&master, VideoId::new(), &stored).is_err(), "the wrapped key opens for its video only");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&master_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Neither key ever reaches the log.
    let log = server.log();
    assert!(!log.contains(&hex::encode(key)) && !log.contains(std::fs::read_to_string(&master_file).unwrap().trim()));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_is_refused_to_bad_tokens_rotated_keys_other_videos_and_requests_around_the_cdn() {
    const CDN_SECRET: &str = "cdn-secret-for-encryption-tests";
    let server = TestServer::start_with(&[ENCRYPTED, ("REEL__DELIVERY__KEY_GRACE_SECS", "1"), ("REEL__CDN__ORIGIN_SECRET", CDN_SECRET)]);
    let clip = make_clip(server.dir.path(), "av.mp4", AV, 3.0, &["-shortest"]);
    let video = server.upload_ready(&clip, "Encrypted").await;
    let id = video_id(&video);
    let key_url = format!("{}/key", play_prefix(&video));
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-Reel-CDN-Secret", CDN_SECRET.parse().unwrap());
    let cdn = reqwest::Client::builder().default_headers(headers).timeout(Duration::from_secs(30)).build().unwrap();

    assert_eq!(get(&cdn, &key_url).await.bytes().await.unwrap().len(), 16);
    assert_eq!(get(&server.http(), &key_url).await.status(), 403, "the key went around the CDN");

    // Tokens of our own making with the server's ring key: only the good one opens the key.
    let ring: Value = serde_json::from_slice(&std::fs::read(server.data_dir().join("secrets/playback-keys.json")).unwrap()).unwrap();
    let ring_key = hex::decode(ring[0]["key"].as_str().unwrap()).unwrap();
    let signer = Signer::new(vec![SigningKey::new(ring_key)]);
    let stranger = Signer::new(vec![SigningKey::new(b"a-key-this-server-never-had-0123456789".to_vec())]);
    let now = now_ms() / 1000;
    // Tokens name a real account: the origin checks the viewer may still watch.
    let viewer = Holder::Account(server.cli(&["user", "create", "--email", "viewer@example.org"]).trim().parse().unwrap());
    let good = signer.sign(id, viewer, now + 600);
    let (body, signature) = good.split_once('.').unwrap();
    let key_with = |token: &str| format!("{}/play/{token}/{id}/key", server.base);
    assert_eq!(get(&cdn, &key_with(&good)).await.status(), 200, "our own token is good");
    let other = signer.sign(id, viewer, now + 601);
    let refused = [
        ("tampered claims", format!("{}.{signature}", other.split_once('.').unwrap().0)),
        ("tampered signature", format!("{body}.{}", signature.chars().rev().collect::<String>())),
        ("expired", signer.sign(id, viewer, now - 1)),
        ("unknown key", stranger.sign(id, viewer, now + 600)),
        ("another video", signer.sign(VideoId::new(), viewer, now + 600)),
        ("not a token", "not-a-token".to_string()),
    ];
    for (why, token) in &refused {
        assert_eq!(get(&cdn, &key_with(token)).await.status(), 403, "{why}");
    }

    // After a rotation and its one-second grace, the old key's tokens get no key; new ones do.
    let new_kid = server.cli(&["keys", "rotate"]).trim().to_string();
    crate::common::eventually(Duration::from_secs(10), "refusing a rotated-away token's key", || async {
        get(&cdn, &key_url).await.status() == 403
    })
    .await;
    assert_eq!(get(&cdn, &key_with(&good)).await.status(), 403);
    let again = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let new_key_url = format!("{}/key", play_prefix(&again));
    assert_eq!(kid_of(&new_key_url), new_kid);
    assert_eq!(get(&cdn, &new_key_url).await.bytes().await.unwrap().len(), 16);
}

/// The key id inside a playback URL's token.
fn kid_of(url: &str) -> String {
    use base64::Engine;
    let token = url.split("/play/").nth(1).unwrap().split('/').next().unwrap();
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap();
    serde_json::from_slice::<Value>(&claims).unwrap()["kid"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn every_run_of_a_job_gets_the_key_stored_by_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = reel_base::db::Db::connect(
        &crate::common::postgres_database().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("reel.db").display())),
        1,
    )
    .await
    .unwrap();
    let id = VideoId::new();
    let (title, description) =
        (reel_base::domain::VideoTitle::parse("t").unwrap(), reel_base::domain::VideoDescription::parse("").unwrap());
    let new = reel_base::db::videos::NewVideo {
        id,
        title: &title,
        description: &description,
        source_filename: None,
        source_bytes: 0,
        created_by: None,
        visibility: reel_base::domain::Visibility::Members,
    };
    reel_base::db::videos::insert(&db, &new).await.unwrap();
    let first = reel_base::db::videos::content_key_or_insert(&db, id, "first").await.unwrap();
    let retry = reel_base::db::videos::content_key_or_insert(&db, id, "second").await.unwrap();
    assert_eq!((first.as_deref(), retry.as_deref()), (Some("first"), Some("first")));
    assert_eq!(reel_base::db::videos::content_key_or_insert(&db, VideoId::new(), "x").await.unwrap(), None, "no such video");
}
