//! The edge against the real server: address lists applied before anything else and reloaded
//! from the configuration file without a restart, a budget per class per address and per
//! account, paced downloads, limits on the request head; every refusal counted, the list
//! refusals audited.

// suite: backends

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{eventually, metrics_url, play_prefix, TestServer};

const XFF: &str = "X-Forwarded-For";

/// Behind a proxy on 127.0.0.1, so each request comes from the address the test names.
const PROXIED: &[(&str, &str)] =
    &[("REEL__RATE_LIMIT__CLIENT_IP_HEADER", "X-Forwarded-For"), ("REEL__RATE_LIMIT__TRUSTED_PROXIES", "[\"127.0.0.1\"]")];

async fn scrape(server: &TestServer) -> String {
    let url = metrics_url(&server.log()).expect("a metrics listener");
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// The sum of the series of `name` carrying every one of `labels` (`key="value"`).
fn total(scrape: &str, name: &str, labels: &[&str]) -> f64 {
    scrape
        .lines()
        .filter(|l| l.strip_prefix(name).is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' ')))
        .filter(|l| labels.iter().all(|label| l.contains(label)))
        .filter_map(|l| l.rsplit_once(' ')?.1.parse::<f64>().ok())
        .sum()
}

fn refusals(scrape: &str, reason: &str, class: &str) -> f64 {
    total(scrape, "reel_edge_refusals_total", &[&format!("reason=\"{reason}\""), &format!("class=\"{class}\"")])
}

/// Replaces the configuration file the way an operator's tooling should: a new file renamed
/// over the old, so the server never reads half of one.
fn write_config(file: &Path, text: &str) {
    let next = file.with_extension("next");
    std::fs::write(&next, text).unwrap();
    std::fs::rename(&next, file).unwrap();
}

/// `GET path` as if from `ip` (through the trusted proxy); the status.
async fn status_from(server: &TestServer, ip: &str, path: &str) -> u16 {
    server.http().get(format!("{}{path}", server.base)).header(XFF, ip).send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_address_lists_refuse_before_anything_else_and_reload_without_a_restart() {
    let config_dir = tempfile::tempdir().unwrap();
    let file = config_dir.path().join("reel.toml");
    write_config(&file, "[edge]\ndeny = []\n");
    let file_name = file.display().to_string();
    let mut env: Vec<(&str, &str)> = PROXIED.to_vec();
    env.push(("REEL_CONFIG", file_name.as_str()));
    let server = TestServer::start_with(&env);
    assert_eq!(status_from(&server, "203.0.113.9", "/login").await, 200);

    // A network denied while the server runs: every class of request, the same answer.
    write_config(&file, "[edge]\ndeny = [\"203.0.113.0/24\"]\n");
    eventually(Duration::from_secs(10), "the deny list in force", || async { status_from(&server, "203.0.113.9", "/login").await == 403 })
        .await;
    let r = server.http().get(format!("{}/api/v1/videos", server.base)).header(XFF, "203.0.113.200").send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "address-refused");
    for path in ["/play/t.x/v/master.m3u8", "/healthz", "/no-such-page"] {
        assert_eq!(status_from(&server, "203.0.113.9", path).await, 403, "{path}");
    }
    assert_eq!(status_from(&server, "198.51.100.1", "/login").await, 200, "another network is served");

    // An allow list shuts out everyone else, and the deny list still wins inside it.
    write_config(&file, "[edge]\nallow = [\"198.51.100.0/24\", \"127.0.0.1\"]\ndeny = [\"198.51.100.66\"]\n");
    eventually(Duration::from_secs(10), "the allow list in force", || async { status_from(&server, "192.0.2.1", "/login").await == 403 })
        .await;
    assert_eq!(status_from(&server, "198.51.100.1", "/login").await, 200);
    assert_eq!(status_from(&server, "198.51.100.66", "/login").await, 403);
    assert_eq!(status_from(&server, "203.0.113.9", "/login").await, 403, "off the allow list");
    // Junk the client puts left of its address (the proxy appends the real one) hides nothing,
    // and a client the proxy could not name is not the proxy, which is on the allow list.
    assert_eq!(status_from(&server, "junk, 198.51.100.66", "/login").await, 403, "a malformed hop ends the walk");
    assert_eq!(status_from(&server, "198.51.100.1, junk", "/login").await, 403, "an unknown client is on no list");

    // A file that does not validate changes nothing, and the log says why.
    let bad = "[edge]\ndeny = [\"not-a-network\"]\n";
    write_config(&file, bad);
    eventually(Duration::from_secs(10), "the bad file refused", || async {
        total(&scrape(&server).await, "reel_config_reloads_total", &["outcome=\"refused\""]) >= 1.0
    })
    .await;
    assert!(server.log().contains("not-a-network"), "{}", server.log());
    assert_eq!(status_from(&server, "192.0.2.1", "/login").await, 403, "the rules in force stayed");
    assert_eq!(status_from(&server, "198.51.100.1", "/login").await, 200);

    // SIGHUP reads the file even when nothing tells the change apart (the same length, time
    // and inode), and the server goes on.
    let stamped = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut lifted = String::from("[edge]\n#");
    while lifted.len() < bad.len() - 1 {
        lifted.push('-');
    }
    lifted.push('\n');
    std::fs::write(&file, &lifted).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(stamped).unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(status_from(&server, "192.0.2.1", "/login").await, 403, "an unseen change is not read by itself");
    server.signal("HUP");
    eventually(Duration::from_secs(5), "the lists lifted", || async { status_from(&server, "192.0.2.1", "/login").await == 200 }).await;
    assert_eq!(status_from(&server, "203.0.113.9", "/login").await, 200);

    // Counted, and audited once per address however often it was refused.
    let metrics = scrape(&server).await;
    assert!(refusals(&metrics, "denied", "page") >= 2.0 && refusals(&metrics, "denied", "health") >= 1.0, "{metrics}");
    assert!(refusals(&metrics, "not_allowed", "page") >= 2.0);
    assert!(total(&metrics, "reel_config_reloads_total", &["outcome=\"applied\""]) >= 3.0);
    let audit = server.get_json("/api/v1/admin/audit?limit=500").await;
    let of = |action: &str, ip: &str| audit.as_array().unwrap().iter().filter(|e| e["action"] == action && e["ip"] == ip).count();
    assert_eq!(of("edge.denied", "203.0.113.9"), 1, "{audit:#}");
    assert_eq!(of("edge.denied", "203.0.113.200"), 1);
    assert_eq!(of("edge.not_allowed", "192.0.2.1"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_from_a_denied_address_is_closed_at_once() {
    let server = TestServer::start_with(&[("REEL__EDGE__DENY", "[\"127.0.0.0/8\"]")]);
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await.expect("closed at once").unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 403 ") && answer.ends_with("requests from this address are not accepted"), "{answer}");
    // Nothing was read from it: a request sent anyway finds the connection gone.
    assert!(
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.is_err() || stream.read(&mut [0; 16]).await.unwrap_or(0) == 0
    );
    assert!(refusals(&scrape(&server).await, "denied", "connection") >= 1.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_class_has_its_own_budget_per_address_and_per_account() {
    let mut env = PROXIED.to_vec();
    env.extend([
        ("REEL__EDGE__PAGES_PER_MINUTE_PER_IP", "3"),
        ("REEL__EDGE__MEDIA_PER_MINUTE_PER_IP", "4"),
        ("REEL__EDGE__API_PER_MINUTE_PER_ACCOUNT", "4"),
        ("REEL__CDN__ORIGIN_SECRET", "the-cdn-proof"),
    ]);
    let server = TestServer::start_with(&env);
    let http = server.http();

    // Pages: three from one address, then a page saying so, with the wait.
    for _ in 0..3 {
        assert_eq!(status_from(&server, "192.0.2.1", "/login").await, 200);
    }
    let r = http.get(format!("{}/login", server.base)).header(XFF, "192.0.2.1").send().await.unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    // Another address, the health checks and the API are not the pages' budget.
    assert_eq!(status_from(&server, "192.0.2.2", "/login").await, 200);
    for _ in 0..5 {
        assert_eq!(status_from(&server, "192.0.2.1", "/healthz").await, 200);
    }
    let me = |ip: &'static str| http.get(format!("{}/api/v1/me", server.base)).header(XFF, ip).bearer_auth(&server.token).send();
    assert_eq!(me("192.0.2.1").await.unwrap().status(), 200);

    // The account's API budget holds over all its addresses.
    for ip in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        assert_eq!(me(ip).await.unwrap().status(), 200, "{ip}");
    }
    let r = me("198.51.100.4").await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate-limited");

    // Media: counted before the token is even looked at; the CDN's fetches are not counted.
    let media = |proof: Option<&'static str>| {
        let mut request = http.get(format!("{}/play/t.x/v/master.m3u8", server.base)).header(XFF, "192.0.2.9");
        if let Some(proof) = proof {
            request = request.header("X-Reel-CDN-Secret", proof);
        }
        request.send()
    };
    for _ in 0..4 {
        assert_eq!(media(None).await.unwrap().status(), 403, "no CDN proof, no playback");
    }
    assert_eq!(media(None).await.unwrap().status(), 429);
    for _ in 0..6 {
        assert_eq!(media(Some("the-cdn-proof")).await.unwrap().status(), 403, "the CDN's fetches reach the token check");
    }

    let metrics = scrape(&server).await;
    assert!(refusals(&metrics, "rate_ip", "page") >= 1.0, "{metrics}");
    assert!(refusals(&metrics, "rate_ip", "media") >= 1.0);
    assert!(refusals(&metrics, "rate_account", "api") >= 1.0);
    assert_eq!(refusals(&metrics, "rate_ip", "health"), 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn downloads_are_paced_per_address_and_streaming_is_not() {
    let rate = 32_768u64;
    let rate_setting = rate.to_string();
    let (server, video) = TestServer::start_with_ready_item(&[("REEL__EDGE__DOWNLOAD_BYTES_PER_SEC_PER_IP", &rate_setting)]).await;
    let http = server.http();
    let held_back = |metrics: &str| total(metrics, "reel_download_throttled_bytes_total", &[]);

    // Segments go unpaced, however many.
    let before = held_back(&scrape(&server).await);
    let prefix = play_prefix(&video);
    let rendition = video["renditions"][0]["name"].as_str().unwrap();
    let mut streamed = 0;
    for file in ["init.mp4", "00000.m4s"] {
        let r = http.get(format!("{prefix}/{rendition}/{file}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{file}");
        streamed += r.bytes().await.unwrap().len();
    }
    assert_eq!(held_back(&scrape(&server).await), before, "{streamed} bytes of segments were held back");

    // The download keeps to the rate after its first second's worth.
    let started = Instant::now();
    let r = http.get(video["playback"]["mp4"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let declared: u64 = r.headers()["content-length"].to_str().unwrap().parse().unwrap();
    let bytes = r.bytes().await.unwrap().len() as u64;
    let took = started.elapsed().as_secs_f64();
    assert_eq!(bytes, declared, "the paced body is whole");
    assert!(bytes > 2 * rate, "the download is too small to show pacing: {bytes} bytes");
    let least = (bytes - rate) as f64 / rate as f64;
    assert!(took >= least * 0.95, "{bytes} bytes in {took:.2} s at {rate} bytes/s");
    assert!(held_back(&scrape(&server).await) > before);
}

/// Sends `head` raw and returns the status line of the answer.
async fn status_line(server: &TestServer, head: &str) -> String {
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_or_too_large_request_headers_are_refused_with_431() {
    let server = TestServer::start_with(&[("REEL__SERVER__MAX_HEADERS", "16"), ("REEL__SERVER__MAX_HEADER_BYTES", "4096")]);
    let many: String = (0..20).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let line = status_line(&server, &format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many}Connection: close\r\n\r\n")).await;
    assert!(line.starts_with("HTTP/1.1 431"), "20 header lines: {line}");
    let large = "a".repeat(5000);
    let line = status_line(&server, &format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Large: {large}\r\nConnection: close\r\n\r\n")).await;
    assert!(line.starts_with("HTTP/1.1 431"), "a 5000-byte header: {line}");
    let fine: String = (0..8).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let line = status_line(&server, &format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{fine}Connection: close\r\n\r\n")).await;
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    assert!(refusals(&scrape(&server).await, "headers", "connection") >= 2.0);
}
