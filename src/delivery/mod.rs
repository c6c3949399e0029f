//! Delivery: playback tokens and URLs, and the origin that serves manifests and media.

pub mod origin;
pub mod range;
pub mod token;

use serde::Serialize;

use crate::config::Config;
use crate::domain::{now_ms, VideoId};
use crate::media::package::PackageIndex;
use token::{Signer, SigningKey};

/// Loads the playback signing key from config, or from `{data_dir}/secrets/playback.key`,
/// creating that file (mode 0600) with a random key on first start.
pub fn load_signer(config: &Config) -> anyhow::Result<Signer> {
    if !config.delivery.signing_key.is_empty() {
        return Ok(Signer::new(vec![SigningKey::new(config.delivery.signing_key.expose().as_bytes().to_vec())]));
    }
    let path = config.data_dir.join("secrets").join("playback.key");
    let key = crate::auth::secrets::read_or_create(&path, 32)?;
    Ok(Signer::new(vec![SigningKey::new(key)]))
}

/// Playback URLs handed to a viewer.
#[derive(Debug, Clone, Serialize)]
pub struct PlaybackUrls {
    /// HLS master playlist.
    pub hls: String,
    /// DASH MPD, once the video is ready (it is served as a static MPD).
    pub dash: Option<String>,
    /// Progressive download, once made.
    pub mp4: Option<String>,
    /// Poster image, once made.
    pub poster: Option<String>,
    /// Storyboard sprite, once made.
    pub storyboard: Option<String>,
    /// When the token inside these URLs expires (RFC 3339).
    pub expires_at: String,
}

/// Issues a token for `viewer` and builds every URL under `base` (the CDN or the server).
pub fn playback_urls(signer: &Signer, base: &str, ttl_secs: u64, video: VideoId, viewer: &str, index: &PackageIndex) -> PlaybackUrls {
    let exp = now_ms() / 1000 + i64::try_from(ttl_secs).unwrap_or(i64::MAX / 2);
    let token = signer.sign(video, viewer, exp);
    let prefix = format!("{base}/play/{token}/{video}");
    let file = |name: &Option<String>| name.as_ref().map(|n| format!("{prefix}/{n}"));
    PlaybackUrls {
        hls: format!("{prefix}/master.m3u8"),
        dash: index.complete.then(|| format!("{prefix}/manifest.mpd")),
        mp4: file(&index.download.as_ref().map(|d| d.file.clone())),
        poster: file(&index.poster),
        storyboard: file(&index.storyboard.as_ref().map(|s| s.file.clone())),
        expires_at: crate::domain::rfc3339(exp * 1000),
    }
}
