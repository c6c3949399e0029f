//! `reel ingest` against a running server: uploading and waiting for playback URLs,
//! `--no-wait`, a file that is not media failing with its reason, and resuming an upload
//! after the connection drops and the server is briefly unreachable.

// suite: backends

use std::net::SocketAddr;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rand::RngCore;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::common::{ffprobe, make_clip, TestServer};

fn clip(dir: &Path) -> std::path::PathBuf {
    make_clip(dir, "c.mp4", &["testsrc2=size=320x240:rate=25", "sine=frequency=440:sample_rate=48000"], 3.0, &["-shortest"])
}

/// Runs `reel ingest ARGS` with the server and token in the environment.
async fn ingest(server: &TestServer, args: &[&str]) -> Output {
    let mut command = server.command();
    command.arg("ingest").args(args).env("REEL_SERVER", &server.base).env("REEL_TOKEN", &server.token);
    let run = tokio::process::Command::from(command).output();
    tokio::time::timeout(Duration::from_secs(180), run).await.expect("reel ingest finished in time").expect("reel ingest runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The value of the stdout line starting with `label`.
fn line<'a>(stdout: &'a str, label: &str) -> Option<&'a str> {
    stdout.lines().find_map(|l| l.strip_prefix(label)).map(str::trim)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && s.matches('-').count() == 4
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_uploads_a_clip_waits_until_ready_and_prints_playable_urls() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());

    // Flags this time, rather than the environment.
    let mut command = server.command();
    command.args(["ingest", file.to_str().unwrap(), "--title", "From the CLI", "--server", &server.base, "--token", &server.token]);
    command.env_remove("REEL_SERVER").env_remove("REEL_TOKEN");
    let out = tokio::time::timeout(Duration::from_secs(180), tokio::process::Command::from(command).output())
        .await
        .expect("reel ingest finished in time")
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "reel ingest failed:\nstdout: {stdout}\nstderr: {}\n{}", text(&out.stderr), server.log());

    let id = stdout.lines().next().unwrap_or_default().trim().to_string();
    assert!(is_uuid(&id), "the first line is not a video id: {stdout}");
    let hls = line(&stdout, "hls:").unwrap_or_else(|| panic!("no hls: line in {stdout}"));
    let dash = line(&stdout, "dash:").unwrap_or_else(|| panic!("no dash: line in {stdout}"));
    let mp4 = line(&stdout, "mp4:").unwrap_or_else(|| panic!("no mp4: line in {stdout}"));
    for url in [hls, dash, mp4] {
        assert!(url.starts_with("http://") && url.contains(&id), "not a playback URL of {id}: {url}");
    }

    // The CLI only returns once the video is ready, with the title it was given.
    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    assert_eq!(video["status"], "ready", "{video}");
    assert_eq!(video["title"], "From the CLI");

    // The printed HLS URL plays.
    let hls = hls.to_string();
    let probe = tokio::task::spawn_blocking(move || ffprobe(&hls, &["-show_streams"])).await.unwrap();
    let streams = probe["streams"].as_array().expect("streams");
    assert!(streams.iter().any(|s| s["codec_type"] == "video"), "no video stream in the HLS output: {probe}");
    assert!(streams.iter().any(|s| s["codec_type"] == "audio"), "no audio stream in the HLS output: {probe}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_with_no_wait_prints_only_the_id_and_returns_before_the_video_is_ready() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());

    let out = ingest(&server, &[file.to_str().unwrap(), "--title", "Not waiting", "--no-wait"]).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "reel ingest failed: {}", text(&out.stderr));
    let id = stdout.trim();
    assert!(is_uuid(id), "stdout is not just a video id: {stdout:?}");

    let video = server.get_json(&format!("/api/v1/videos/{id}")).await;
    let status = video["status"].as_str().unwrap();
    assert!(["uploaded", "processing", "playable"].contains(&status), "the CLI waited for processing: {video}");
    assert_eq!(video["title"], "Not waiting");
    // It was uploaded whole: it does go on to be ready.
    server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_of_a_file_that_is_not_media_fails_with_the_reason() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("noise.mp4");
    let mut bytes = vec![0u8; 64 << 10];
    rand::thread_rng().fill_bytes(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();

    let out = ingest(&server, &[file.to_str().unwrap()]).await;
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "reel ingest of noise succeeded: {}", text(&out.stdout));
    assert!(stderr.contains("not a video or audio file"), "stderr lacks the reason: {stderr}");
    assert!(!text(&out.stdout).contains("hls:"), "playback URLs for noise: {}", text(&out.stdout));

    // The server agrees: the video failed, with that reason.
    let page = server.get_json("/api/v1/videos").await;
    let videos = page["items"].as_array().expect("items");
    assert_eq!(videos.len(), 1, "{page}");
    assert_eq!(videos[0]["status"], "failed");
    assert!(videos[0]["error"].as_str().unwrap_or_default().contains("not a video or audio file"), "{page}");
}

/// A TCP proxy in front of the server that cuts the first PATCH after `cut_after` bytes,
/// then drops every connection and refuses new ones for `down_for`: what a client sees
/// when the network fails and the server is unreachable for a while.
async fn flaky_proxy(listener: TcpListener, target: SocketAddr, cut_after: usize, down_for: Duration) {
    let addr = listener.local_addr().unwrap();
    let armed = Arc::new(AtomicBool::new(true));
    // Bumped at the cut; connections from before it are closed.
    let (epoch_tx, epoch_rx) = watch::channel(0u32);
    let epoch_tx = Arc::new(epoch_tx);
    let mut listener = Some(listener);
    let mut cut = epoch_rx.clone();
    loop {
        tokio::select! {
            accepted = listener.as_ref().unwrap().accept() => {
                let (client, _) = accepted.unwrap();
                tokio::spawn(pipe(client, target, armed.clone(), cut_after, epoch_tx.clone(), epoch_rx.clone()));
            }
            _ = cut.changed() => {
                drop(listener.take());
                tokio::time::sleep(down_for).await;
                listener = Some(TcpListener::bind(addr).await.unwrap());
            }
        }
    }
}

async fn pipe(
    client: TcpStream,
    target: SocketAddr,
    armed: Arc<AtomicBool>,
    cut_after: usize,
    epoch_tx: Arc<watch::Sender<u32>>,
    mut epoch_rx: watch::Receiver<u32>,
) {
    let Ok(server) = TcpStream::connect(target).await else { return };
    let born = *epoch_rx.borrow_and_update();
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = async {
        let mut buf = vec![0u8; 16 << 10];
        // Bytes of the doomed PATCH forwarded so far.
        let mut doomed: Option<usize> = None;
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if doomed.is_none() && buf[..n].starts_with(b"PATCH ") && armed.swap(false, Ordering::SeqCst) {
                doomed = Some(0);
            }
            if let Some(sent) = doomed {
                if sent + n >= cut_after {
                    let _ = server_write.write_all(&buf[..cut_after - sent]).await;
                    epoch_tx.send_modify(|e| *e += 1);
                    return;
                }
                doomed = Some(sent + n);
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    let downstream = tokio::io::copy(&mut server_read, &mut client_write);
    let cut = epoch_rx.wait_for(|e| *e != born);
    // Whichever ends first ends the connection: both sockets close when this returns.
    tokio::select! {
        () = upstream => {}
        _ = downstream => {}
        _ = cut => {}
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_resumes_after_the_connection_drops_and_the_server_is_briefly_unreachable() {
    // The server listens on one port and names the proxy's as its public URL, so the
    // upload's Location (which the CLI follows) goes through the proxy.
    let proxy = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let listen = format!("127.0.0.1:{}", crate::common::free_port());
    let server = TestServer::start_with(&[("REEL__SERVER__LISTEN", &listen), ("REEL__SERVER__BASE_URL", &proxy_url)]);
    assert_eq!(server.base, proxy_url);
    let target: SocketAddr = listen.parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 200_000, "the clip is too small for this test");
    // Cut the upload about a third of the way in; stay unreachable for longer than the
    // CLI's first pause before it asks the server where to resume.
    tokio::spawn(flaky_proxy(proxy, target, 100_000, Duration::from_millis(2500)));

    let out = ingest(&server, &[file.to_str().unwrap(), "--title", "Resumed", "--no-wait"]).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "reel ingest gave up:\nstdout: {stdout}\nstderr: {}", text(&out.stderr));
    let id = stdout.trim();
    assert!(is_uuid(id), "stdout is not just a video id: {stdout:?}");

    let source = server.objects_dir().join("sources").join(id).join("original");
    assert_eq!(std::fs::read(source).unwrap(), bytes, "the resumed upload is not the file");
    let video = server.wait_for(id, &["ready"], Duration::from_secs(120)).await;
    assert_eq!(video["title"], "Resumed");
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_speaks_https_to_a_server_whose_certificate_it_is_told_to_trust() {
    let server = TestServer::start();
    let port: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    let tls = crate::common::tls::TlsProxy::start(port);
    let https = format!("https://127.0.0.1:{}", tls.port);
    let dir = tempfile::tempdir().unwrap();
    let file = clip(dir.path());
    let run = |extra: Vec<String>| {
        let mut command = server.command();
        command.arg("ingest").arg(&file).args(["--no-wait", "--server", &https]).args(extra).env("REEL_TOKEN", &server.token);
        async move { tokio::time::timeout(Duration::from_secs(120), tokio::process::Command::from(command).output()).await.unwrap().unwrap() }
    };

    let refused = run(Vec::new()).await;
    assert!(!refused.status.success(), "a certificate nobody vouched for was accepted");
    assert!(text(&refused.stderr).to_lowercase().contains("certificate"), "{}", text(&refused.stderr));

    let out = run(vec!["--ca-file".into(), tls.ca_file.display().to_string()]).await;
    assert!(out.status.success(), "reel ingest over https failed: {}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_string();
    assert!(is_uuid(&id), "{id:?}");
    server.wait_for(&id, &["ready"], Duration::from_secs(120)).await;
}
