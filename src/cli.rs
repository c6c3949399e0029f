//! `reel ingest`: uploads files over the API with the resumable (tus) protocol, with a
//! progress bar, then waits until each video is ready and prints its playback URLs.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use reel_base::config::Config;

/// Bytes sent per PATCH: one staging part, so that on S3 every PATCH ends on a part boundary.
const CHUNK: usize = reel_base::storage::PART_SIZE;
/// How long the token `reel ingest` makes for itself works: long enough for any run, so that a
/// run killed before it can revoke the token does not leave it working for good.
const INGEST_TOKEN_LIFETIME: Duration = Duration::from_secs(7 * 86_400);
/// Attempts per chunk before giving up.
const CHUNK_ATTEMPTS: u32 = 5;

/// Arguments of `reel ingest`.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files to upload.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Title (default: the file name); applies to every file given.
    #[arg(long)]
    pub title: Option<String>,
    /// Description.
    #[arg(long)]
    pub description: Option<String>,
    /// Return once uploaded, without waiting for processing.
    #[arg(long)]
    pub no_wait: bool,
    /// Server URL (default: server.base_url, else http://{server.listen}).
    #[arg(long, env = "REEL_SERVER")]
    pub server: Option<String>,
    /// API token (default: a temporary token made in the local database and revoked after).
    #[arg(long, env = "REEL_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Without --token: the account (email) to upload as; default the only admin.
    #[arg(long)]
    pub user: Option<String>,
    /// PEM certificates to trust for an https:// server besides the system's roots (a private
    /// CA, or the server's self-signed certificate).
    #[arg(long, env = "REEL_CA_FILE")]
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct VideoAnswer {
    status: reel_base::domain::VideoStatus,
    error: Option<String>,
    progress: f64,
    playback: Option<Playback>,
}

#[derive(Debug, Deserialize)]
struct Playback {
    hls: String,
    dash: Option<String>,
    mp4: Option<String>,
}

/// Runs `reel ingest`.
pub async fn ingest(config: &Config, args: IngestArgs) -> anyhow::Result<()> {
    let server = args.server.clone().unwrap_or_else(|| {
        if config.server.base_url.is_empty() {
            format!("http://{}", config.server.listen)
        } else {
            config.server.base_url.clone()
        }
    });
    let server = server.trim_end_matches('/').to_string();
    let (token, temporary) = match &args.token {
        Some(t) => (t.clone(), None),
        None => {
            let db = reel_base::db::Db::connect(&config.database_url(), 1)
                .await
                .context("no --token given, and the local database could not be opened")?;
            let user = reel_core::auth::commands::local_account(&db, args.user.as_deref()).await?;
            let scopes = [reel_core::auth::Scope::Read, reel_core::auth::Scope::Upload];
            // Revoked when the run ends; the expiry covers a run that is killed first.
            let t = reel_core::auth::create_token(
                &db,
                &user,
                None,
                "reel ingest (temporary)",
                &scopes,
                Some(reel_core::auth::expiry_after(db.clock(), INGEST_TOKEN_LIFETIME)),
            )
            .await?;
            (t.secret, Some((db, t.id)))
        }
    };
    let client = reel_core::platform::outbound::client_with_roots(args.ca_file.as_deref())
        .map_err(|e| anyhow::anyhow!("--ca-file {e}"))?
        .connect_timeout(Duration::from_secs(10))
        .build()?;
    let mut failures = 0;
    for file in &args.files {
        match ingest_one(&client, &server, &token, file, &args).await {
            Ok(()) => {}
            Err(e) => {
                failures += 1;
                eprintln!("{}: {e:#}", file.display());
            }
        }
    }
    if let Some((db, id)) = temporary {
        reel_base::db::tokens::revoke(&db, id, None).await?;
    }
    if failures > 0 {
        bail!("{failures} of {} files did not make it", args.files.len());
    }
    Ok(())
}

async fn ingest_one(client: &reqwest::Client, server: &str, token: &str, file: &PathBuf, args: &IngestArgs) -> anyhow::Result<()> {
    let size = tokio::fs::metadata(file).await.with_context(|| format!("reading {}", file.display()))?.len();
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("upload");
    let mut metadata = vec![format!("filename {}", B64.encode(name))];
    if let Some(t) = &args.title {
        metadata.push(format!("title {}", B64.encode(t)));
    }
    if let Some(d) = &args.description {
        metadata.push(format!("description {}", B64.encode(d)));
    }
    let created = client
        .post(format!("{server}/api/v1/uploads"))
        .bearer_auth(token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", size)
        .header("Upload-Metadata", metadata.join(","))
        .send()
        .await?;
    if !created.status().is_success() {
        bail!("the server refused the upload: {}", created.text().await.unwrap_or_default());
    }
    let location = created.headers().get("location").and_then(|v| v.to_str().ok()).context("no Location in the answer")?.to_string();
    let id = location.rsplit('/').next().unwrap_or_default().to_string();

    let bar = ProgressBar::new(size).with_message(name.to_string());
    bar.set_style(
        ProgressStyle::with_template("{msg:20!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")?.progress_chars("=> "),
    );
    let mut source = tokio::fs::File::open(file).await?;
    let mut offset = 0u64;
    let mut buf = vec![0u8; CHUNK];
    while offset < size {
        let mut attempt = 0;
        let sent = loop {
            attempt += 1;
            source.seek(std::io::SeekFrom::Start(offset)).await?;
            let n = read_full(&mut source, &mut buf).await?;
            let answer = client
                .patch(&location)
                .bearer_auth(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", offset)
                .header("Content-Type", "application/offset+octet-stream")
                .body(buf[..n].to_vec())
                .send()
                .await;
            match answer {
                Ok(r) if r.status().is_success() => break header_u64(&r, "upload-offset").unwrap_or(offset + n as u64),
                Ok(r) if r.status().is_client_error() && r.status() != reqwest::StatusCode::CONFLICT => {
                    bail!("the server refused a chunk: {}", r.text().await.unwrap_or_default())
                }
                _ if attempt < CHUNK_ATTEMPTS => {
                    tokio::time::sleep(Duration::from_secs(u64::from(attempt))).await;
                    // Ask where the server is, and go on from there. If it cannot be reached
                    // yet, keep our offset and use up another attempt (a stale offset gets a
                    // 409, which asks again): an unreachable server must not end the retries.
                    if let Ok(head) = client.head(&location).bearer_auth(token).header("Tus-Resumable", "1.0.0").send().await {
                        offset = header_u64(&head, "upload-offset").unwrap_or(offset);
                    }
                }
                Ok(r) => bail!("the upload failed: HTTP {}", r.status()),
                Err(e) => return Err(e.into()),
            }
        };
        offset = sent;
        bar.set_position(offset);
    }
    bar.finish_with_message(format!("{name} uploaded"));
    if args.no_wait {
        println!("{id}");
        return Ok(());
    }
    wait_until_ready(client, server, token, &id, name).await
}

async fn wait_until_ready(client: &reqwest::Client, server: &str, token: &str, id: &str, name: &str) -> anyhow::Result<()> {
    let bar = ProgressBar::new(100).with_message(format!("{name} processing"));
    bar.set_style(ProgressStyle::with_template("{msg:20!} [{bar:30}] {pos}%")?.progress_chars("=> "));
    let mut misses = 0;
    loop {
        let fetched = async {
            let r = client.get(format!("{server}/api/v1/videos/{id}")).bearer_auth(token).send().await?.error_for_status()?;
            r.json::<VideoAnswer>().await
        };
        let video = match fetched.await {
            Ok(v) => v,
            // A server restarting mid-transcode is not a failed upload: keep asking for a while.
            Err(e) if misses < 60 => {
                misses += 1;
                tracing::debug!(error = %e, "status unavailable; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        misses = 0;
        bar.set_position(video.progress as u64);
        match video.status {
            reel_base::domain::VideoStatus::Ready => {
                bar.finish_with_message(format!("{name} ready"));
                let p = video.playback.context("a ready video has playback URLs")?;
                println!("{id}\nhls:  {}\ndash: {}", p.hls, p.dash.as_deref().unwrap_or(""));
                if let Some(mp4) = p.mp4 {
                    println!("mp4:  {mp4}");
                }
                return Ok(());
            }
            reel_base::domain::VideoStatus::Failed => {
                bar.abandon();
                bail!("processing failed: {}", video.error.unwrap_or_default());
            }
            _ => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}

async fn read_full(file: &mut tokio::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let got = file.read(&mut buf[n..]).await?;
        if got == 0 {
            break;
        }
        n += got;
    }
    Ok(n)
}

fn header_u64(r: &reqwest::Response, name: &str) -> Option<u64> {
    r.headers().get(name)?.to_str().ok()?.parse().ok()
}
