//! Delivery: playback tokens, keys and URLs, and the origin that serves manifests and media.

pub mod access_log;
pub mod answer;
pub mod content_key;
pub mod entitlement;
pub mod key_commands;
pub mod keys;
pub mod master_rotation;
pub mod origin;
pub mod range;
pub mod streams;
pub mod text_files;
pub mod token;

use serde::Serialize;

use crate::platform::signing::{Signer, SigningKey};
use reel_base::config::{Config, Encryption};
use reel_base::domain::entitlement::PlayRights;
use reel_base::domain::Holder;
use reel_base::domain::{now_ms, VideoId};
use reel_base::media::package::{PackageIndex, SegmentEncryption};

/// The cookie that carries a playback token for `/play/c/{video}/…`.
pub const PLAYBACK_COOKIE: &str = "reel_play";

/// The playback signer: the key from `delivery.signing_key` or `signing_key_file` (with
/// `signing_key_previous` still verifying), or else the key ring in
/// `{data_dir}/secrets/playback-keys.json` (made on first start, followed while running so
/// `reel keys rotate` needs no restart).
///
/// It also checks the CDN origin secret and, with encryption on, loads (or makes) the master
/// key, because every process calls this on its way up: an unreadable
/// `cdn.origin_secret_file` must stop the start, not leave the origin open, and a master key
/// that cannot be had must stop it before a video is processed.
pub fn load_signer(config: &Config) -> anyhow::Result<Signer> {
    crate::platform::edge::cdn::OriginSecrets::from_config(&config.cdn)?;
    if config.packaging.encryption != Encryption::None {
        content_key::MasterKeys::from_config(config)?;
    }
    if let Some(current) = keys::configured_key(&config.delivery)? {
        let previous = Some(&config.delivery.signing_key_previous).filter(|k| !k.is_empty());
        let previous = previous.map(|k| SigningKey::new(k.expose().trim().as_bytes().to_vec()));
        return Ok(Signer::new(std::iter::once(current).chain(previous).collect()));
    }
    Ok(keys::watched_signer(&keys::secrets_dir(config))?)
}

/// The `Set-Cookie` value that lets `viewer` play `video` through `/play/c/{video}/…` for
/// `ttl_secs`: `HttpOnly`, `SameSite=Lax`, scoped to that video's path, and `Secure` when the
/// site is served over https (pass `secure` accordingly).
pub fn playback_cookie(signer: &Signer, video: VideoId, viewer: Holder, ttl_secs: u64, secure: bool) -> String {
    playback_cookie_and_stream(signer, video, viewer, PlayRights::FULL, ttl_secs, secure).0
}

/// [`playback_cookie`] holding the viewer to `rights`, and the playback session its token
/// names (for an account).
pub fn playback_cookie_and_stream(
    signer: &Signer,
    video: VideoId,
    viewer: Holder,
    rights: PlayRights,
    ttl_secs: u64,
    secure: bool,
) -> (String, Option<String>) {
    let ttl = ttl_secs.min(i64::MAX as u64 / 2);
    let (token, stream) = signer.issue(video, viewer, expiry(ttl), rights);
    let secure = if secure { "; Secure" } else { "" };
    (format!("{PLAYBACK_COOKIE}={token}; Path=/play/c/{video}/; Max-Age={ttl}; HttpOnly; SameSite=Lax{secure}"), stream)
}

/// Unix seconds `ttl_secs` from now.
fn expiry(ttl_secs: u64) -> i64 {
    now_ms() / 1000 + i64::try_from(ttl_secs).unwrap_or(i64::MAX / 2)
}

/// Playback URLs handed to a viewer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlaybackUrls {
    /// HLS master playlist.
    pub hls: String,
    /// DASH MPD, once the video is ready (it is served as a static MPD); never for a video
    /// whose segments are encrypted (HLS AES-128 is not a DASH scheme).
    pub dash: Option<String>,
    /// `AES-128` when the HLS segments are encrypted (the media playlists name the key URL).
    pub encryption: Option<SegmentEncryption>,
    /// Progressive download, once made (an M4A for an audio item, as `m4a` also says); none
    /// for a viewer whose plan has no downloads.
    pub mp4: Option<String>,
    /// An audio item's AAC download (as `mp4`).
    pub m4a: Option<String>,
    /// An audio item's MP3 download (as `mp4`).
    pub mp3: Option<String>,
    /// Poster image, once made.
    pub poster: Option<String>,
    /// Storyboard sprite, once made.
    pub storyboard: Option<String>,
    /// The chapters as a WebVTT chapters track, when the item has chapters (and the index
    /// given was read with them).
    pub chapters: Option<String>,
    /// When the token inside these URLs expires (RFC 3339).
    pub expires_at: String,
    /// The playback session ("screen") these URLs play as, once a player asks for a manifest:
    /// keep it alive while paused with `POST /api/v1/me/streams/{id}/heartbeat`, end it with
    /// `DELETE /api/v1/me/streams/{id}`. None for a signed-out viewer or a share link.
    pub stream: Option<String>,
}

/// Issues a token for `viewer` holding them to `rights` and builds every URL under `base` (the
/// CDN or the server).
pub fn playback_urls(
    signer: &Signer,
    base: &str,
    ttl_secs: u64,
    video: VideoId,
    viewer: Holder,
    rights: PlayRights,
    index: &PackageIndex,
) -> PlaybackUrls {
    playback_urls_until(signer, base, expiry(ttl_secs), video, viewer, rights, index)
}

/// [`playback_urls`] with a token that expires at `exp` (Unix seconds).
pub fn playback_urls_until(
    signer: &Signer,
    base: &str,
    exp: i64,
    video: VideoId,
    viewer: Holder,
    rights: PlayRights,
    index: &PackageIndex,
) -> PlaybackUrls {
    let (token, stream) = signer.issue(video, viewer, exp, rights);
    let prefix = format!("{base}/play/{token}/{video}");
    let file = |name: &Option<String>| name.as_ref().map(|n| format!("{prefix}/{n}"));
    // No link to what the token would be refused.
    let download = |name: &Option<String>| file(name).filter(|_| rights.downloads);
    PlaybackUrls {
        hls: format!("{prefix}/master.m3u8"),
        dash: (index.complete && index.encryption.is_none()).then(|| format!("{prefix}/manifest.mpd")),
        encryption: index.encryption,
        mp4: download(&index.download.as_ref().map(|d| d.file.clone())),
        m4a: download(&index.download.as_ref().map(|d| d.file.clone()).filter(|f| f.ends_with(".m4a"))),
        mp3: download(&index.mp3.as_ref().map(|d| d.file.clone())),
        poster: file(&index.poster),
        storyboard: file(&index.storyboard.as_ref().map(|s| s.file.clone())),
        chapters: (!index.chapters.is_empty()).then(|| format!("{prefix}/{}", text_files::CHAPTERS_FILE)),
        expires_at: reel_base::domain::rfc3339(exp * 1000),
        stream,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_playback_cookie_is_scoped_to_its_video_and_carries_a_token_for_it() {
        let signer = Signer::new(vec![SigningKey::new(vec![9u8; 32])]);
        let video = VideoId::new();
        let viewer = Holder::Account(reel_base::domain::UserId::new());
        let cookie = playback_cookie(&signer, video, viewer, 600, true);
        let (pair, attributes) = cookie.split_once("; ").unwrap();
        let token = pair.strip_prefix("reel_play=").unwrap();
        assert_eq!(signer.verify(token, video, now_ms() / 1000).unwrap().sub, viewer);
        assert_eq!(attributes, format!("Path=/play/c/{video}/; Max-Age=600; HttpOnly; SameSite=Lax; Secure"));
        assert!(!playback_cookie(&signer, video, viewer, 600, false).contains("Secure"));
    }

    #[test]
    fn an_encrypted_video_offers_hls_and_says_so_but_no_dash() {
        let signer = Signer::new(vec![SigningKey::new(vec![9u8; 32])]);
        let index = |encryption| PackageIndex { encryption, ..PackageIndex::empty(true) };
        let urls = playback_urls(
            &signer,
            "http://x",
            60,
            VideoId::new(),
            Holder::Anonymous,
            PlayRights::FULL,
            &index(Some(SegmentEncryption::Aes128)),
        );
        assert!(urls.hls.ends_with("/master.m3u8") && urls.dash.is_none());
        assert_eq!(serde_json::to_value(&urls).unwrap()["encryption"], "AES-128");
        let clear = playback_urls(&signer, "http://x", 60, VideoId::new(), Holder::Anonymous, PlayRights::FULL, &index(None));
        assert!(clear.dash.is_some() && clear.encryption.is_none());
    }
}
