//! Watermarks against the real server and real ffmpeg: the site's logo is burned into every
//! rung and the download at the same spot relative to the picture (pixel regions of frames
//! decoded over HTTP compared), with its opacity; a channel's own logo and placement replace it
//! for the channel's items only; a logo upload that is not an image is refused with a reason
//! and leaves the logo in place; nobody reads another channel's logo.

// suite: backends

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::collections::{token, Api};
use crate::common::{assert_api_error, eventually, play_prefix, TestServer};

fn ffmpeg(args: &[&str], out: &Path) {
    let status =
        Command::new("ffmpeg").args(["-hide_banner", "-loglevel", "error", "-y"]).args(args).arg(out).status().expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg could not make {}", out.display());
}

/// A one-colour PNG logo.
fn logo(dir: &Path, name: &str, colour: &str, size: &str) -> PathBuf {
    let out = dir.join(name);
    ffmpeg(&["-f", "lavfi", "-i", &format!("color=c={colour}:s={size}"), "-frames:v", "1"], &out);
    out
}

/// A black 1280×720 clip with a tone (three rungs): anything bright in it is the watermark.
fn black_clip(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    ffmpeg(
        &["-f", "lavfi", "-i", "color=c=black:s=1280x720:r=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "4"]
            .into_iter()
            .chain(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"])
            .collect::<Vec<_>>(),
        &out,
    );
    out
}

/// One decoded frame: width, height and RGB bytes.
struct Frame {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Frame {
    /// Decodes frame 25 (one second in) of `url` (a playlist or a file), read over HTTP.
    fn of(url: &str) -> Self {
        let probed = crate::common::ffprobe(url, &["-select_streams", "v:0", "-show_entries", "stream=width,height"]);
        let size = |key: &str| probed["streams"][0][key].as_u64().unwrap() as usize;
        let (width, height) = (size("width"), size("height"));
        let out = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-i", url, "-vf", "select=eq(n\\,25)", "-frames:v", "1"])
            .args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            .output()
            .expect("ffmpeg runs");
        assert!(out.status.success(), "{url}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout.len(), width * height * 3, "{url} is not {width}×{height}");
        Self { width, height, rgb: out.stdout }
    }

    /// The mean colour of a box given as shares of the width and height (left, top, right,
    /// bottom).
    fn mean(&self, (l, t, r, b): (f64, f64, f64, f64)) -> [f64; 3] {
        let x = |share: f64| (share * self.width as f64).round() as usize;
        let y = |share: f64| (share * self.height as f64).round() as usize;
        let mut sum = [0f64; 3];
        let mut n = 0f64;
        for row in y(t)..y(b) {
            for col in x(l)..x(r) {
                let at = (row * self.width + col) * 3;
                for (c, total) in sum.iter_mut().enumerate() {
                    *total += f64::from(self.rgb[at + c]);
                }
                n += 1.0;
            }
        }
        sum.map(|s| s / n)
    }
}

/// Every video rung's frame and the download's, decoded, with their names.
async fn frames(video: &Value) -> Vec<(String, Frame)> {
    let prefix = play_prefix(video);
    let mut wanted: Vec<(String, String)> = video["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "video")
        .map(|r| r["name"].as_str().unwrap().to_string())
        .map(|name| (name.clone(), format!("{prefix}/{name}/index.m3u8")))
        .collect();
    assert!(wanted.len() >= 2, "a ladder of at least two rungs: {video}");
    wanted.push(("download".into(), video["playback"]["mp4"].as_str().unwrap().to_string()));
    tokio::task::spawn_blocking(move || wanted.into_iter().map(|(name, url)| (name, Frame::of(&url))).collect()).await.unwrap()
}

/// The box a logo of aspect `aspect` (width over height) takes in `corner`, placed with
/// `height` and `margin` shares of the picture height, shrunk by a fifth on each side so
/// scaling's soft edges stay out; as shares of the picture's width and height.
fn logo_box(corner: &str, height: f64, margin: f64, aspect: f64, picture_aspect: f64) -> (f64, f64, f64, f64) {
    let (h, m) = (height, margin);
    let (w, mx) = (height * aspect / picture_aspect, margin / picture_aspect);
    let (l, r) = if corner.ends_with("left") { (mx, mx + w) } else { (1.0 - mx - w, 1.0 - mx) };
    let (t, b) = if corner.starts_with("top") { (m, m + h) } else { (1.0 - m - h, 1.0 - m) };
    let (sw, sh) = ((r - l) / 5.0, (b - t) / 5.0);
    (l + sw, t + sh, r - sw, b - sh)
}

fn is_black(c: [f64; 3]) -> bool {
    c.iter().all(|v| *v < 30.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_logo_and_a_channel_logo_are_burned_into_every_rung_and_the_download_at_the_same_spot() {
    let setup = tempfile::tempdir().unwrap();
    let site_logo = logo(setup.path(), "site.png", "magenta", "100x50");
    let server = TestServer::start_with(&[
        ("REEL__WATERMARK__IMAGE", site_logo.to_str().unwrap()),
        ("REEL__WATERMARK__CORNER", "bottom-right"),
        ("REEL__WATERMARK__HEIGHT", "0.25"),
        ("REEL__WATERMARK__MARGIN", "0.05"),
        ("REEL__WATERMARK__OPACITY", "0.6"),
    ]);
    let api = Api { server: &server };
    let dir = server.dir.path();
    let site_creator = token(&server, "site@example.org", "creator", "read,account,upload");
    let channel = token(&server, "channel@example.org", "creator", "read,account,upload");

    // The channel sets its own logo, green and square, top left and opaque.
    assert_eq!(api.json(Method::GET, &channel, "/account/watermark", None, 200).await["applies"], "site");
    let green = std::fs::read(logo(dir, "green.png", "lime", "64x64")).unwrap();
    let put_logo = |bytes: Vec<u8>| {
        server.http().put(format!("{}/api/v1/account/watermark/logo", server.base)).bearer_auth(&channel).body(bytes).send()
    };
    assert_eq!(put_logo(green).await.unwrap().status(), 202);
    let placed = json!({"corner": "top-left", "height": 0.2, "margin": 0.05, "opacity": 1.0});
    let view = api.json(Method::PUT, &channel, "/account/watermark", Some(placed), 200).await;
    assert_eq!((view["corner"].as_str(), view["own_placement"].as_bool()), (Some("top-left"), Some(true)), "{view}");
    eventually(Duration::from_secs(30), "the channel's logo made", || async {
        api.json(Method::GET, &channel, "/account/watermark", None, 200).await["own_logo"] == true
    })
    .await;
    assert_eq!(api.json(Method::GET, &channel, "/account/watermark", None, 200).await["applies"], "channel");

    let site_item = crate::catalogue::upload_as(&server, &site_creator, &black_clip(dir, "a.mp4"), Some("Site"), Some("private")).await;
    let channel_item = crate::catalogue::upload_as(&server, &channel, &black_clip(dir, "b.mp4"), Some("Channel"), Some("private")).await;
    server.wait_for(&site_item, &["ready"], Duration::from_secs(120)).await;
    server.wait_for(&channel_item, &["ready"], Duration::from_secs(120)).await;

    // The site's logo: bottom right, the same share of every rung and of the download, at
    // 60 % over black.
    let video = api.json(Method::GET, &site_creator, &format!("/videos/{site_item}"), None, 200).await;
    let spot = logo_box("bottom-right", 0.25, 0.05, 2.0, 16.0 / 9.0);
    let elsewhere = logo_box("top-left", 0.25, 0.05, 2.0, 16.0 / 9.0);
    let mut seen = Vec::new();
    for (name, frame) in frames(&video).await {
        let (mark, rest) = (frame.mean(spot), frame.mean(elsewhere));
        assert!(
            (120.0..190.0).contains(&mark[0]) && mark[1] < 40.0 && (120.0..190.0).contains(&mark[2]),
            "{name}: the logo at 60 %: {mark:?}"
        );
        assert!(is_black(rest), "{name}: nothing elsewhere: {rest:?}");
        // Just outside the logo's corner is black: it is where it should be, not bigger.
        assert!(is_black(frame.mean((0.96, 0.96, 0.99, 0.99))), "{name}: the margin is kept");
        seen.push((name, mark));
    }
    for pair in seen.windows(2) {
        let diff: f64 = pair[0].1.iter().zip(pair[1].1).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(diff < 12.0, "{} and {} differ at the same spot: {:?} against {:?}", pair[0].0, pair[1].0, pair[0].1, pair[1].1);
    }

    // The channel's items carry its own logo in its own place instead.
    let video = api.json(Method::GET, &channel, &format!("/videos/{channel_item}"), None, 200).await;
    let own_spot = logo_box("top-left", 0.2, 0.05, 1.0, 16.0 / 9.0);
    for (name, frame) in frames(&video).await {
        let mark = frame.mean(own_spot);
        assert!(mark[0] < 40.0 && mark[1] > 200.0 && mark[2] < 40.0, "{name}: the channel's green logo: {mark:?}");
        assert!(is_black(frame.mean(spot)), "{name}: no site logo on the channel's item");
    }

    // A logo upload that is not an image is refused with a reason; the logo in place stays.
    let broken = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 300]].concat();
    assert_eq!(put_logo(broken).await.unwrap().status(), 202);
    eventually(Duration::from_secs(30), "the broken logo refused", || async {
        api.json(Method::GET, &channel, "/account/watermark", None, 200).await["error"].is_string()
    })
    .await;
    let view = api.json(Method::GET, &channel, "/account/watermark", None, 200).await;
    assert_eq!((view["own_logo"].as_bool(), view["applies"].as_str()), (Some(true), Some("channel")), "{view}");
    let r = server
        .http()
        .put(format!("{}/api/v1/account/watermark/logo", server.base))
        .bearer_auth(&channel)
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_api_error(r, 400, "invalid-image").await;
    for bad in [json!({"opacity": 0}), json!({"height": 0.9}), json!({"margin": -0.1}), json!({"corner": "middle"}), json!({"size": 1})] {
        let r = api.send(Method::PUT, &channel, "/account/watermark", Some(bad.clone())).await;
        assert!(matches!(r.status().as_u16(), 400 | 422), "{bad}: {}", r.status());
    }
    assert_eq!(
        api.json(Method::GET, &channel, "/account/watermark", None, 200).await["corner"],
        "top-left",
        "refused edits change nothing"
    );

    // Each channel sees its own logo only.
    let own = server.http().get(format!("{}/api/v1/account/watermark/logo", server.base)).bearer_auth(&channel).send().await.unwrap();
    assert_eq!((own.status().as_u16(), own.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
    let other =
        server.http().get(format!("{}/api/v1/account/watermark/logo", server.base)).bearer_auth(&site_creator).send().await.unwrap();
    assert_eq!(other.status(), 404);
    let anonymous = server.http().get(format!("{}/api/v1/account/watermark", server.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);

    // Removing it goes back to the site's.
    let view = api.json(Method::DELETE, &channel, "/account/watermark", None, 200).await;
    assert_eq!(
        (view["applies"].as_str(), view["own_logo"].as_bool(), view["corner"].as_str()),
        (Some("site"), Some(false), Some("bottom-right"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn channel_logos_can_be_turned_off_and_a_site_logo_that_is_not_an_image_fails_processing_with_the_reason() {
    let setup = tempfile::tempdir().unwrap();
    let not_an_image = setup.path().join("logo.png");
    std::fs::write(&not_an_image, "this is text").unwrap();
    let server =
        TestServer::start_with(&[("REEL__WATERMARK__CHANNEL_LOGOS", "false"), ("REEL__WATERMARK__IMAGE", not_an_image.to_str().unwrap())]);
    let api = Api { server: &server };
    let channel = token(&server, "channel@example.org", "creator", "read,account,upload");
    let view = api.json(Method::GET, &channel, "/account/watermark", None, 200).await;
    assert_eq!((view["applies"].as_str(), view["channel_logos"].as_bool()), (Some("site"), Some(false)));
    assert_api_error(api.send(Method::PUT, &channel, "/account/watermark", Some(json!({"opacity": 0.5}))).await, 403, "forbidden").await;
    let r =
        server.http().put(format!("{}/api/v1/account/watermark/logo", server.base)).bearer_auth(&channel).body("x").send().await.unwrap();
    assert_api_error(r, 403, "forbidden").await;

    // The site's logo is read through the confined image reader when an item is processed:
    // a file that is no image fails it, and says why.
    let id = crate::catalogue::upload_as(&server, &channel, &black_clip(server.dir.path(), "c.mp4"), None, None).await;
    let failed = server.wait_for(&id, &["failed"], Duration::from_secs(60)).await;
    let error = failed["error"].as_str().unwrap_or_default();
    assert!(error.contains("the site's watermark ([watermark] image) cannot be used"), "{failed}");

    // A configured logo that is missing is a configuration error, named before anything runs.
    let out = Command::new(env!("CARGO_BIN_EXE_reel"))
        .arg("print-config")
        .env("REEL__WATERMARK__IMAGE", "/nonexistent/logo.png")
        .env("REEL__DATA_DIR", server.dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("watermark.image"), "{}", String::from_utf8_lossy(&out.stderr));
}
