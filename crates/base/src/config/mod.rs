//! Configuration: built-in defaults, then `reel.toml`, then `REEL__SECTION__KEY` variables.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

mod access_log;
mod alarms;
mod analytics;
mod api;
mod audience;
mod audio;
mod captions;
mod catalogue;
mod chunking;
mod community;
mod cost;
mod edge;
mod embed;
mod keys;
mod lifecycle;
mod prices;
mod site;
mod watermark;
mod webhooks;

pub use access_log::AccessLogConfig;
pub use alarms::{AlarmRule, AlarmsConfig};
pub use analytics::AnalyticsConfig;
pub use api::ApiConfig;
pub use audience::AudienceConfig;
pub use audio::AudioConfig;
pub use captions::CaptionsConfig;
pub use catalogue::CatalogueConfig;
pub use chunking::ChunkingConfig;
pub use community::CommunityConfig;
pub use cost::CostConfig;
pub use edge::{EdgeConfig, MIN_DOWNLOAD_BYTES_PER_SEC};
pub use embed::EmbedConfig;
pub use keys::{is_hex_key, KeysConfig, MIN_KEY_BYTES};
pub use lifecycle::LifecycleConfig;
pub use prices::PricesConfig;
pub use site::SiteConfig;
pub use watermark::{WatermarkConfig, MAX_LOGO_BYTES};
pub use webhooks::WebhooksConfig;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// The whole effective configuration of a Reel process.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the embedded defaults keep their files (database, objects, secrets, tus staging).
    pub data_dir: PathBuf,
    pub server: ServerConfig,
    pub api: ApiConfig,
    pub database: DatabaseConfig,
    pub storage: StorageConfig,
    pub media: MediaConfig,
    pub audio: AudioConfig,
    pub watermark: WatermarkConfig,
    pub ladder: LadderConfig,
    pub jobs: JobsConfig,
    pub chunking: ChunkingConfig,
    pub packaging: PackagingConfig,
    pub delivery: DeliveryConfig,
    pub cdn: CdnConfig,
    pub auth: AuthConfig,
    pub keys: KeysConfig,
    pub notify: NotifyConfig,
    pub rate_limit: RateLimitConfig,
    pub edge: EdgeConfig,
    pub cache: CacheConfig,
    pub telemetry: TelemetryConfig,
    pub catalogue: CatalogueConfig,
    pub captions: CaptionsConfig,
    pub audience: AudienceConfig,
    pub alarms: AlarmsConfig,
    pub analytics: AnalyticsConfig,
    pub access_log: AccessLogConfig,
    pub lifecycle: LifecycleConfig,
    pub prices: PricesConfig,
    pub cost: CostConfig,
    pub webhooks: WebhooksConfig,
    pub embed: EmbedConfig,
    pub community: CommunityConfig,
    pub site: SiteConfig,
}

/// The public HTTP listener and request limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address the API, UI and origin listen on.
    pub listen: String,
    /// Public URL of this server; derived from `listen` when empty.
    pub base_url: String,
    /// Largest accepted upload, in bytes (multipart and tus alike).
    pub max_upload_bytes: u64,
    /// Largest accepted non-upload request body (JSON), in bytes.
    pub max_body_bytes: usize,
    /// Time after which an idle request that is not an upload is cut off, in seconds.
    pub request_timeout_secs: u64,
    /// How long an unfinished tus upload is kept, in seconds.
    pub upload_expiry_secs: u64,
    /// Time a client has to send a request's headers, counted from when the connection opened
    /// or the previous answer ended: so it is also how long an idle keep-alive connection stays
    /// open. A connection that runs out of it is closed. Seconds.
    pub header_timeout_secs: u64,
    /// Open connections at most; further ones are closed at once until some end.
    pub max_connections: usize,
    /// Open connections at most from one client address (trusted proxies excepted).
    pub max_connections_per_ip: usize,
    /// Header lines a request may carry; more are refused with 431 and the connection closed.
    pub max_headers: usize,
    /// Bytes of a request's head (request line and headers) at most; more: 431.
    pub max_header_bytes: usize,
    /// An upload whose body sends nothing for this long is cut off (408), seconds; the tus
    /// offset it reached is kept, so the client resumes from there.
    pub upload_idle_timeout_secs: u64,
}

/// Metadata and job database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://…`; empty means `sqlite://{data_dir}/reel.db`.
    pub url: Secret,
    /// Connections in the pool.
    pub max_connections: u32,
}

/// State shared between processes (rate-limit counters, announcements of changes) and each
/// process's metadata cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// `redis://[:PASSWORD@]HOST:PORT[/DB]`; empty keeps it in each process (the embedded default).
    pub url: Secret,
    /// Prefix of every Redis key and channel, so several installations can share one Redis.
    pub key_prefix: String,
    /// Video records the metadata cache of each process holds (listings hold as many ids);
    /// 0 turns it off, so every read asks the database.
    pub metadata_items: u64,
    /// Longest a cached record or listing is trusted, in seconds: how stale a read can be when
    /// another process's change is not heard (Redis unreachable).
    pub metadata_ttl_s: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self { url: Secret::default(), key_prefix: "reel".into(), metadata_items: 50_000, metadata_ttl_s: 30 }
    }
}

/// Object storage for sources and media.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// `file://PATH` or `s3://BUCKET`; empty means `file://{data_dir}/objects`.
    pub url: String,
    /// S3 endpoint for S3-compatible stores (`https://minio.example.org:9000`); empty: AWS.
    pub s3_endpoint: String,
    /// S3 region.
    pub s3_region: String,
    /// S3 access key id; empty: the usual AWS environment variables and instance credentials.
    pub s3_access_key_id: String,
    /// S3 secret access key.
    pub s3_secret_access_key: Secret,
    /// Path-style requests (`endpoint/bucket/key`), which most S3-compatible servers need;
    /// false: virtual-hosted style (`bucket.endpoint/key`), as AWS prefers.
    pub s3_path_style: bool,
    /// The cold tier lifecycle rules move objects to.
    pub cold: ColdStorageConfig,
}

/// The cold tier: another folder or bucket, or (on S3) a storage class, or both. Off while
/// `url` and `storage_class` are both empty.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColdStorageConfig {
    /// `file://PATH` or `s3://BUCKET` (with the S3 settings above); empty: the hot store's own
    /// bucket, told apart by `storage_class` (S3 only).
    pub url: String,
    /// The S3 storage class objects get when moved to cold (`STANDARD_IA`, `ONEZONE_IA`,
    /// `INTELLIGENT_TIERING`, `GLACIER_IR`, `GLACIER`, `DEEP_ARCHIVE`); empty: the bucket's
    /// default. `GLACIER` and `DEEP_ARCHIVE` objects are restored by a job before they are read.
    pub storage_class: String,
    /// How often the restore job of an archived item looks again whether S3 has finished
    /// (hours for `DEEP_ARCHIVE`); also the `Retry-After` a viewer is given meanwhile.
    pub restore_check_secs: u64,
}

impl ColdStorageConfig {
    /// Classes whose objects cannot be read until a restore request has been honoured.
    pub const ARCHIVE_CLASSES: [&'static str; 2] = ["GLACIER", "DEEP_ARCHIVE"];

    /// Whether objects moved to cold need a restore before they can be read again.
    pub fn is_archive(&self) -> bool {
        Self::ARCHIVE_CLASSES.contains(&self.storage_class.trim())
    }
}

impl Default for ColdStorageConfig {
    fn default() -> Self {
        Self { url: String::new(), storage_class: String::new(), restore_check_secs: 900 }
    }
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            url: String::new(),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".into(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: Secret::default(),
            s3_path_style: false,
            cold: ColdStorageConfig::default(),
        }
    }
}

/// ffmpeg/ffprobe, the limits a source must meet, and encoder settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaConfig {
    /// Path or name of the ffmpeg binary.
    pub ffmpeg: String,
    /// Path or name of the ffprobe binary.
    pub ffprobe: String,
    /// Wall-clock limit for one ffprobe call, in seconds.
    pub probe_timeout_secs: u64,
    /// Wall-clock limit for one transcode, in seconds.
    pub transcode_timeout_secs: u64,
    /// At most this many ffprobe/ffmpeg children at once in this process.
    pub max_processes: usize,
    /// Longest accepted source, in seconds.
    pub max_duration_secs: f64,
    /// Widest accepted source, in pixels.
    pub max_width: u32,
    /// Tallest accepted source, in pixels.
    pub max_height: u32,
    /// Largest accepted frame area (width × height).
    pub max_pixels: u64,
    /// ffmpeg demuxers a source may be opened with (`mov` covers MP4/MOV/M4A, F4V and 3GP/3G2,
    /// `matroska` WebM, `mpegts` AVCHD's 192-byte packets, `mpeg` DVD VOBs, `asf` WMV/WMA).
    pub allowed_formats: Vec<String>,
    /// libx264 preset for every rung.
    pub x264_preset: String,
    /// Segment length, in seconds (a whole multiple of `gop_secs`).
    pub segment_secs: u32,
    /// Keyframe interval, in seconds; GOPs are closed and aligned across rungs.
    pub gop_secs: u32,
    /// Seconds between two storyboard tiles.
    pub storyboard_interval_secs: u32,
    /// Width of one storyboard tile, in pixels.
    pub storyboard_tile_width: u32,
    /// AAC bitrate of the shared audio rendition, in kbit/s.
    pub audio_kbps: u32,
    /// x264 constant rate factor; each rung's bitrate is capped at its `video_kbps`.
    pub crf: u32,
    /// Threads each x264 encoder uses; 0 lets ffmpeg choose (about 1.5 per core). A worker
    /// limited to one core runs best with 1.
    pub encoder_threads: u32,
}

/// The adaptive ladder: `[[ladder.rung]]` entries, highest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LadderConfig {
    /// The rungs a source may be encoded to; rungs above the source are dropped.
    pub rung: Vec<RungConfig>,
}

/// One rung of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RungConfig {
    /// Rendition name used in storage keys and URLs, e.g. `720p`.
    pub name: String,
    /// Height of a landscape output (the short side), in pixels.
    pub height: u32,
    /// Peak video bitrate, in kbit/s.
    pub video_kbps: u32,
}

/// The durable job queue and its workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Jobs (transcodes) one process runs at once; light jobs (notifications, a chunked item's
    /// audio) have one more lane of their own.
    pub concurrency: usize,
    /// A claimed job belongs to its worker for this long without a heartbeat, in seconds.
    pub lease_secs: u64,
    /// Attempts before a job is dead.
    pub max_attempts: i64,
    /// First retry delay, in seconds; doubled on each further attempt.
    pub backoff_base_secs: u64,
    /// Longest retry delay, in seconds.
    pub backoff_max_secs: u64,
    /// How often an idle worker looks for work, in milliseconds.
    pub poll_interval_ms: u64,
    /// A run does not start while the disk of `{data_dir}/scratch` has less than this many MiB
    /// free: its attempt fails saying so and is retried later, instead of dying midway.
    pub scratch_min_free_mb: u64,
}

/// How the HLS output is packaged: optional segment encryption and its master key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PackagingConfig {
    /// `none`, or `aes-128`: HLS media segments encrypted with a key per video, served only to
    /// a valid playback token at `/play/{token}/{id}/key` (DASH is then not offered).
    pub encryption: Encryption,
    /// The key that wraps every video's content key: 64 hex digits (32 bytes). When this and
    /// `master_key_file` are empty, it is made once in `{data_dir}/secrets/master.key`.
    pub master_key: Secret,
    /// A file holding the master key as 64 hex digits (used when `master_key` is empty).
    pub master_key_file: String,
    /// The master key before the last rotation, tried when the current one does not open a
    /// content key: set while `reel keys rotate-master` re-wraps keys under a configured key.
    /// When this and `master_key_previous_file` are empty with generated keys, it is
    /// `{data_dir}/secrets/master.previous.key`, kept by `rotate-master`.
    pub master_key_previous: Secret,
    /// A file holding the previous master key (used when `master_key_previous` is empty).
    pub master_key_previous_file: String,
}

/// Whether new videos' segments are encrypted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// Segments are stored and served as they are; the playback token alone protects them.
    #[default]
    None,
    /// HLS `METHOD=AES-128`: every media segment is AES-128-CBC encrypted with the video's key.
    #[serde(rename = "aes-128")]
    Aes128,
}

/// Playback tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Lifetime of a playback token, in seconds.
    pub token_ttl_secs: u64,
    /// Lifetime of the signed URLs the site publishes for readers that keep them: a feed's
    /// enclosures and images and a link preview's picture, in seconds. They are signed for a
    /// signed-out visitor and change once a day; the origin refuses them as soon as the item
    /// is no longer public, and lets a shared cache (a CDN) keep what they fetch an hour.
    pub feed_url_ttl_secs: u64,
    /// HMAC key for playback tokens (≥ 32 bytes); when this and `signing_key_file` are empty,
    /// keys live in `{data_dir}/secrets/playback-keys.json` and `reel keys rotate` rotates them.
    pub signing_key: Secret,
    /// A file holding the signing key, trimmed (used when `signing_key` is empty): how hosts
    /// share one key without sharing a data folder.
    pub signing_key_file: String,
    /// A configured key that still verifies (never signs): the one before the last change of
    /// `signing_key`, so tokens handed out before it keep playing until they expire.
    pub signing_key_previous: Secret,
    /// After `reel keys rotate`, the old key still verifies for this many seconds.
    pub key_grace_secs: u64,
    /// Memory for the origin's cache of finished videos' segments and package indexes, in
    /// bytes (0: no cache). A popular video then costs one object-store read per segment.
    pub cache_bytes: u64,
    /// How long the origin trusts its last answer to "may this token's holder still watch
    /// this item?" (plan, rating for the profile, visibility, account) for segments and init
    /// segments, in seconds; manifests, keys, pictures and downloads always ask afresh. 0: ask
    /// on every request.
    pub recheck_secs: u64,
    /// With an S3 store, answer media requests (segments, downloads, images) with a redirect
    /// to a short-lived presigned URL instead of proxying the bytes.
    pub s3_redirect: bool,
}

/// A CDN in front of the origin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CdnConfig {
    /// When set, playback URLs point here instead of `server.base_url`.
    pub base_url: String,
    /// When set, every `/play` request must carry it in `origin_secret_header` (the CDN adds it).
    pub origin_secret: Secret,
    /// A second accepted value while the secret is being rotated.
    pub origin_secret_previous: Secret,
    /// A file holding the secret (used when `origin_secret` is empty).
    pub origin_secret_file: String,
    /// The header the CDN sends the secret in.
    pub origin_secret_header: String,
}

impl Default for CdnConfig {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            origin_secret: Secret::default(),
            origin_secret_previous: Secret::default(),
            origin_secret_file: String::new(),
            origin_secret_header: "X-Reel-CDN-Secret".into(),
        }
    }
}

/// Who may sign up, and the rules of one-time-code login and sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// `open` (anyone who proves an address), `invite` (invited addresses) or `closed`.
    pub signup: SignupMode,
    /// How long a login code is valid, in seconds.
    pub otp_ttl_secs: u64,
    /// Wrong tries before a code is void.
    pub otp_max_attempts: u32,
    /// Seconds before another code may be sent to the same address.
    pub otp_resend_secs: u64,
    /// Codes per hour, per address and per client IP.
    pub otp_per_hour: u32,
    /// Session lifetime, in seconds.
    pub session_ttl_secs: u64,
    /// Whether videos may be made `public` (watchable without an account).
    pub allow_public_videos: bool,
    /// Whether admins must use TOTP: until they set it up, their sessions have creator rights.
    pub require_totp_for_admins: bool,
}

/// How a deployment lets people sign up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignupMode {
    /// Anyone who proves they own an address gets an account.
    Open,
    /// Only invited addresses.
    Invite,
    /// Only accounts made by an admin.
    Closed,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            signup: SignupMode::Invite,
            otp_ttl_secs: 300,
            otp_max_attempts: 5,
            otp_resend_secs: 30,
            otp_per_hour: 10,
            session_ttl_secs: 30 * 24 * 3600,
            allow_public_videos: false,
            require_totp_for_admins: false,
        }
    }
}

/// How login codes reach people.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    /// `console` (log + `{data_dir}/outbox/`) or `smtp`.
    pub email: EmailTransport,
    /// `console` or `webhook`.
    pub sms: SmsTransport,
    /// SMTP server.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// `starttls`, `tls` (implicit) or `none`.
    pub smtp_tls: SmtpTls,
    /// SMTP user (empty: no authentication).
    pub smtp_username: String,
    /// SMTP password.
    pub smtp_password: Secret,
    /// The From address.
    pub from: String,
    /// SMS provider endpoint (POSTed a JSON body).
    pub sms_webhook_url: String,
    /// Value of the `Authorization` header sent to the SMS provider.
    pub sms_webhook_auth: Secret,
    /// JSON body template; `{to}` and `{message}` are replaced (JSON-escaped), and
    /// `{receipt_url}`, where given, by the signed URL the provider posts its delivery receipt
    /// to (the `delivered` outcome of `reel_login_codes_total`).
    pub sms_webhook_template: String,
    /// PEM certificates to trust for an `https://` webhook besides the system's roots (a
    /// private CA, or the provider's self-signed certificate); empty: the system's only.
    pub sms_webhook_ca_file: String,
    /// Whether the webhook may be on a private, loopback or link-local address (a relay on this
    /// machine or its network); off, such an address is refused, whatever the name resolves to.
    pub sms_webhook_allow_private: bool,
}

/// Email transports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailTransport {
    /// Written to the log and the outbox folder.
    Console,
    /// Sent through an SMTP server.
    Smtp,
}

/// SMS transports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsTransport {
    /// Written to the log and the outbox folder.
    Console,
    /// POSTed to an HTTP provider.
    Webhook,
}

/// SMTP connection security.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
    /// No encryption (a relay on localhost only).
    None,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            email: EmailTransport::Console,
            sms: SmsTransport::Console,
            smtp_host: "localhost".into(),
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: String::new(),
            smtp_password: Secret::default(),
            from: "Reel <reel@localhost>".into(),
            sms_webhook_url: String::new(),
            sms_webhook_auth: Secret::default(),
            sms_webhook_template: r#"{"to": "{to}", "body": "{message}"}"#.into(),
            sms_webhook_ca_file: String::new(),
            sms_webhook_allow_private: false,
        }
    }
}

/// Request limits per client IP and per account (429 with `Retry-After` beyond them).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Code checks per hour per client IP.
    pub verify_per_hour_per_ip: u32,
    /// Uploads started per hour per account.
    pub uploads_per_hour_per_account: u32,
    /// Pictures (avatars, channel logos) uploaded per hour per account: each costs a decode.
    pub picture_uploads_per_hour_per_account: u32,
    /// Formerly the API's budget per client IP; now `edge.api_per_minute_per_ip`, which this
    /// replaces when set (with a warning at start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_per_minute_per_ip: Option<u32>,
    /// Header holding the client IP set by a trusted proxy (e.g. `X-Forwarded-For`); empty: use
    /// the connection's address.
    pub client_ip_header: String,
    /// Proxies whose `client_ip_header` is believed (IP addresses).
    pub trusted_proxies: Vec<String>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            verify_per_hour_per_ip: 60,
            uploads_per_hour_per_account: 100,
            picture_uploads_per_hour_per_account: 20,
            api_per_minute_per_ip: None,
            client_ip_header: String::new(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Logs and metrics.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// Prometheus metrics listener; never the public port. Empty disables it.
    pub metrics_listen: String,
    /// `tracing` filter, e.g. `info,reel=debug`; `RUST_LOG` wins when set.
    pub log_filter: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./reel-data"),
            server: ServerConfig::default(),
            api: ApiConfig::default(),
            database: DatabaseConfig::default(),
            storage: StorageConfig::default(),
            media: MediaConfig::default(),
            audio: AudioConfig::default(),
            watermark: WatermarkConfig::default(),
            ladder: LadderConfig::default(),
            jobs: JobsConfig::default(),
            chunking: ChunkingConfig::default(),
            packaging: PackagingConfig::default(),
            delivery: DeliveryConfig::default(),
            cdn: CdnConfig::default(),
            auth: AuthConfig::default(),
            keys: KeysConfig::default(),
            notify: NotifyConfig::default(),
            rate_limit: RateLimitConfig::default(),
            edge: EdgeConfig::default(),
            cache: CacheConfig::default(),
            telemetry: TelemetryConfig::default(),
            catalogue: CatalogueConfig::default(),
            captions: CaptionsConfig::default(),
            audience: AudienceConfig::default(),
            alarms: AlarmsConfig::default(),
            analytics: AnalyticsConfig::default(),
            access_log: AccessLogConfig::default(),
            lifecycle: LifecycleConfig::default(),
            prices: PricesConfig::default(),
            cost: CostConfig::default(),
            webhooks: WebhooksConfig::default(),
            embed: EmbedConfig::default(),
            community: CommunityConfig::default(),
            site: SiteConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            base_url: String::new(),
            max_upload_bytes: 8 << 30,
            max_body_bytes: 64 << 10,
            request_timeout_secs: 30,
            upload_expiry_secs: 24 * 3600,
            header_timeout_secs: 20,
            max_connections: 4096,
            max_connections_per_ip: 256,
            max_headers: 64,
            max_header_bytes: 16 << 10,
            upload_idle_timeout_secs: 60,
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self { url: Secret::default(), max_connections: 8 }
    }
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            ffmpeg: "ffmpeg".into(),
            ffprobe: "ffprobe".into(),
            probe_timeout_secs: 30,
            transcode_timeout_secs: 6 * 3600,
            max_processes: 4,
            max_duration_secs: 6.0 * 3600.0,
            max_width: 7680,
            max_height: 4320,
            max_pixels: 7680 * 4320,
            allowed_formats: [
                "mov", "matroska", "avi", "mpegts", "mpeg", "flv", "ogg", "asf", "dv", "mxf", "nut", "wav", "mp3", "aac", "flac",
            ]
            .map(String::from)
            .to_vec(),
            x264_preset: "veryfast".into(),
            segment_secs: 4,
            gop_secs: 2,
            storyboard_interval_secs: 5,
            storyboard_tile_width: 160,
            audio_kbps: 128,
            crf: 23,
            encoder_threads: 0,
        }
    }
}

impl Default for LadderConfig {
    fn default() -> Self {
        let rung = |name: &str, height, video_kbps| RungConfig { name: name.into(), height, video_kbps };
        Self { rung: vec![rung("1080p", 1080, 5000), rung("720p", 720, 2800), rung("540p", 540, 1400), rung("360p", 360, 800)] }
    }
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            concurrency: 1,
            lease_secs: 30,
            max_attempts: 5,
            backoff_base_secs: 10,
            backoff_max_secs: 3600,
            poll_interval_ms: 1000,
            scratch_min_free_mb: 100,
        }
    }
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        Self {
            token_ttl_secs: 4 * 3600,
            feed_url_ttl_secs: 30 * 86_400,
            signing_key: Secret::default(),
            signing_key_file: String::new(),
            signing_key_previous: Secret::default(),
            key_grace_secs: 4 * 3600,
            cache_bytes: 256 << 20,
            recheck_secs: 60,
            s3_redirect: false,
        }
    }
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        Self { metrics_listen: "127.0.0.1:9464".into(), log_filter: "info".into() }
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file or variable could not be read or has the wrong shape.
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    /// The values were read but do not make sense together.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads defaults, then the TOML file (if any), then `REEL__SECTION__KEY` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(ConfigError::Invalid(format!("{} does not exist", file.display())));
            }
            figment = figment.merge(Toml::file(file));
        }
        Self::settled(figment.merge(Env::prefixed("REEL__").split("__")))
    }

    /// Reads defaults, then `toml` as a configuration file's text (no environment): what a
    /// file would give, for checking a file's text before it is used.
    pub fn from_toml(toml: &str) -> Result<Self, ConfigError> {
        Self::settled(Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(toml)))
    }

    /// The configuration `figment` holds, with aliases settled and the values checked.
    fn settled(figment: Figment) -> Result<Self, ConfigError> {
        let mut config: Config = figment.extract().map_err(Box::new)?;
        config.settle_aliases();
        config.validate()?;
        Ok(config)
    }

    /// Copies values given under their former names to where they are read now.
    fn settle_aliases(&mut self) {
        if let Some(n) = self.rate_limit.api_per_minute_per_ip {
            self.edge.api_per_minute_per_ip = n;
        }
    }

    /// Settings that still work but should be changed, each as a sentence for the log.
    pub fn deprecations(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.rate_limit.api_per_minute_per_ip.is_some() {
            out.push("rate_limit.api_per_minute_per_ip is now edge.api_per_minute_per_ip; its value is used there");
        }
        out
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_string()));
        let m = &self.media;
        if m.gop_secs == 0 || m.segment_secs == 0 || !m.segment_secs.is_multiple_of(m.gop_secs) {
            return invalid("media.segment_secs must be a positive multiple of media.gop_secs");
        }
        if self.ladder.rung.is_empty() {
            return invalid("ladder.rung needs at least one rung");
        }
        for r in &self.ladder.rung {
            if r.height < 16 || r.video_kbps == 0 || !crate::domain::is_safe_name(&r.name) {
                return invalid(&format!("ladder rung {:?} needs a plain name, height ≥ 16 and a bitrate", r.name));
            }
        }
        if self.media.encoder_threads > 64 {
            return invalid("media.encoder_threads must be from 0 (ffmpeg's choice) to 64");
        }
        let server = &self.server;
        if !(8..=1000).contains(&server.max_headers) || !(1024..=1 << 20).contains(&server.max_header_bytes) {
            return invalid("server.max_headers must be from 8 to 1000 and server.max_header_bytes from 1024 to 1048576");
        }
        if server.upload_idle_timeout_secs == 0 {
            return invalid("server.upload_idle_timeout_secs must be at least 1");
        }
        if self.jobs.concurrency == 0 || self.jobs.lease_secs < 2 || self.media.max_processes == 0 {
            return invalid("jobs.concurrency and media.max_processes must be ≥ 1, jobs.lease_secs ≥ 2");
        }
        let d = &self.delivery;
        for (name, key) in [("signing_key", &d.signing_key), ("signing_key_previous", &d.signing_key_previous)] {
            if !key.is_empty() && key.expose().len() < 32 {
                return invalid(&format!("delivery.{name} must be at least 32 characters"));
            }
        }
        if !(86_400..=366 * 86_400).contains(&d.feed_url_ttl_secs) {
            // Under a day, the URL (which changes once a day) could be dead when it is handed out.
            return invalid("delivery.feed_url_ttl_secs must be from 86400 (a day) to 31622400 (a year)");
        }
        if !d.signing_key.is_empty() && !d.signing_key_file.is_empty() {
            return invalid("set delivery.signing_key or delivery.signing_key_file, not both");
        }
        if !d.signing_key_previous.is_empty() && d.signing_key.is_empty() && d.signing_key_file.is_empty() {
            return invalid("delivery.signing_key_previous needs delivery.signing_key or signing_key_file (the key ring keeps its own)");
        }
        let p = &self.packaging;
        for (name, key, file) in [
            ("master_key", &p.master_key, &p.master_key_file),
            ("master_key_previous", &p.master_key_previous, &p.master_key_previous_file),
        ] {
            if !key.is_empty() && !file.is_empty() {
                return invalid(&format!("set packaging.{name} or packaging.{name}_file, not both"));
            }
            let key = key.expose();
            if !key.is_empty() && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit())) {
                // The message never repeats the value.
                return invalid(&format!("packaging.{name} must be 64 hex digits (32 bytes)"));
            }
        }
        let previous_set = !p.master_key_previous.is_empty() || !p.master_key_previous_file.is_empty();
        if previous_set && p.master_key.is_empty() && p.master_key_file.is_empty() {
            return invalid("packaging.master_key_previous needs packaging.master_key or master_key_file (generated keys keep their own)");
        }
        if let Some(problem) = self
            .catalogue
            .problem()
            .or_else(|| self.captions.problem())
            .or_else(|| self.api.problem())
            .or_else(|| self.audio.problem())
            .or_else(|| self.watermark.problem())
            .or_else(|| self.chunking.problem(self.media.segment_secs))
            .or_else(|| self.audience.problem())
            .or_else(|| self.alarms.problem())
            .or_else(|| self.webhooks.problem())
            .or_else(|| self.embed.problem())
            .or_else(|| self.community.problem())
            .or_else(|| self.site.problem())
            .or_else(|| self.analytics.problem())
            .or_else(|| self.access_log.problem())
            .or_else(|| self.lifecycle.problem())
            .or_else(|| self.prices.problem())
            .or_else(|| self.cost.problem())
            .or_else(|| self.edge.problem())
            .or_else(|| self.keys.problem())
        {
            return invalid(&problem);
        }
        if !self.watermark.image.is_empty() {
            // Read through the confined runner when a transcode uses it; here only found.
            let size = std::fs::metadata(&self.watermark.image).map(|m| m.is_file().then_some(m.len()));
            match size {
                Ok(Some(bytes)) if bytes <= MAX_LOGO_BYTES as u64 => {}
                Ok(Some(_)) => return invalid(&format!("watermark.image is over {} MB", MAX_LOGO_BYTES >> 20)),
                _ => return invalid(&format!("watermark.image {:?} is not a file Reel can read", self.watermark.image)),
            }
        }
        let life = &self.lifecycle;
        let cold = &self.storage.cold;
        let moves = life.originals_cold_after_days > 0 || life.renditions_cold_after_idle_days > 0;
        if moves && cold.url.is_empty() && cold.storage_class.is_empty() {
            return invalid("lifecycle: moving objects to the cold tier needs one: set [storage.cold] url or storage_class");
        }
        let archive = cold.is_archive();
        if archive && self.delivery.s3_redirect {
            // A viewer sent to the bucket would get S3's refusal, not Reel's retryable answer.
            return invalid("delivery.s3_redirect cannot be used with an archive storage.cold.storage_class (GLACIER, DEEP_ARCHIVE)");
        }
        if archive && self.storage.s3_access_key_id.is_empty() {
            return invalid("storage.cold.storage_class: restoring GLACIER or DEEP_ARCHIVE objects needs storage.s3_access_key_id");
        }
        if cold.restore_check_secs == 0 {
            return invalid("storage.cold.restore_check_secs must be at least 1");
        }
        if self.kids_cap().is_none() {
            return invalid(&format!(
                "audience.kids_max_rating: {:?} is not on catalogue.content_ratings ({})",
                self.audience.kids_max_rating,
                self.catalogue.content_ratings.join(", ")
            ));
        }
        Ok(())
    }

    /// What a kids profile may see: `audience.kids_max_rating` on the catalogue's scale, or
    /// the scale's mildest rating when it is empty (`None` only for a configuration that failed
    /// validation).
    pub fn kids_cap(&self) -> Option<crate::domain::profile::RatingCap> {
        let scale = &self.catalogue.content_ratings;
        let cap = match self.audience.kids_max_rating.as_str() {
            "" => scale.first()?,
            named => named,
        };
        crate::domain::profile::RatingCap::new(scale, cap)
    }

    /// The database URL, with the embedded default filled in.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("reel.db").display())
        } else {
            self.database.url.expose().to_string()
        }
    }

    /// The object store URL, with the embedded default filled in.
    pub fn storage_url(&self) -> String {
        if self.storage.url.is_empty() {
            format!("file://{}", absolute(&self.data_dir.join("objects")).display())
        } else {
            self.storage.url.clone()
        }
    }

    /// The public base URL of the API, given the address actually bound.
    pub fn public_base_url(&self, bound: SocketAddr) -> String {
        if self.server.base_url.is_empty() {
            format!("http://{bound}")
        } else {
            self.server.base_url.trim_end_matches('/').to_string()
        }
    }

    /// The site's address for links sent out of band (emails), where no request says which
    /// address it was reached at: `server.base_url`, else the listen address.
    pub fn public_base_url_for_links(&self) -> String {
        match self.server.listen.parse::<SocketAddr>() {
            Ok(bound) => self.public_base_url(bound),
            Err(_) if self.server.base_url.is_empty() => format!("http://{}", self.server.listen),
            Err(_) => self.server.base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The configuration as TOML, secrets redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"))
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A configuration value that is never printed: `Debug` and `Serialize` show it redacted.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether no value was configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[redacted]\"" })
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() { "" } else { "[redacted]" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_printed_config() {
        let mut c = Config::default();
        c.delivery.signing_key = Secret::new("x".repeat(40));
        c.database.url = Secret::new("postgres://user:hunter2@db/reel");
        let text = c.to_redacted_toml();
        assert!(!text.contains("hunter2") && !text.contains(&"x".repeat(40)), "{text}");
        assert!(text.contains("signing_key = \"[redacted]\""), "{text}");
        assert!(text.contains("[[ladder.rung]]"), "{text}");
    }

    #[test]
    fn the_example_file_lists_every_key_with_its_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/reel.example.toml");
        let listed: serde_json::Value = Figment::from(Toml::file(&path)).extract().expect("the example parses");
        let defaults = serde_json::to_value(Config::default()).unwrap();
        assert_eq!(listed, defaults, "config/reel.example.toml is out of step with Config::default()");
    }

    #[test]
    // figment's Jail fixes the closure's error type; it is not ours to shrink.
    #[allow(clippy::result_large_err)]
    fn environment_variables_override_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("reel.toml", "[server]\nlisten = \"127.0.0.1:1\"\n[jobs]\nconcurrency = 3\n")?;
            jail.set_env("REEL__SERVER__LISTEN", "127.0.0.1:2");
            let c = Config::load(Some(Path::new("reel.toml"))).expect("loads");
            assert_eq!((c.server.listen.as_str(), c.jobs.concurrency), ("127.0.0.1:2", 3));
            Ok(())
        });
    }

    #[test]
    // figment's Jail fixes the closure's error type; it is not ours to shrink.
    #[allow(clippy::result_large_err)]
    fn the_former_api_budget_key_still_sets_the_edge_budget_and_says_so() {
        figment::Jail::expect_with(|jail| {
            assert!(Config::load(None).expect("loads").deprecations().is_empty());
            jail.set_env("REEL__RATE_LIMIT__API_PER_MINUTE_PER_IP", "7");
            let c = Config::load(None).expect("loads");
            assert_eq!(c.edge.api_per_minute_per_ip, 7);
            assert!(c.deprecations()[0].contains("edge.api_per_minute_per_ip"));
            Ok(())
        });
    }

    #[test]
    fn request_head_limits_are_bounded() {
        let mut c = Config::default();
        c.server.max_headers = 4;
        assert!(c.validate().unwrap_err().to_string().contains("server.max_headers"));
        c.server.max_headers = 64;
        c.server.max_header_bytes = 100;
        assert!(c.validate().is_err());
        c.server.max_header_bytes = 16 << 10;
        c.server.upload_idle_timeout_secs = 0;
        assert!(c.validate().unwrap_err().to_string().contains("upload_idle_timeout_secs"));
    }

    #[test]
    fn a_master_key_is_64_hex_digits_from_one_place_and_never_printed() {
        let mut c = Config::default();
        c.packaging.encryption = Encryption::Aes128;
        assert!(c.validate().is_ok(), "a generated master key needs no setting");
        let key = "0f".repeat(32);
        c.packaging.master_key = Secret::new(&key);
        assert!(c.validate().is_ok());
        assert!(!c.to_redacted_toml().contains(&key) && !format!("{c:?}").contains(&key));
        for bad in ["0f".repeat(16), "0f".repeat(33), "zz".repeat(32)] {
            c.packaging.master_key = Secret::new(&bad);
            let refused = c.validate().unwrap_err().to_string();
            assert!(refused.contains("64 hex digits") && !refused.contains(&bad), "{refused}");
        }
        c.packaging.master_key = Secret::new(&key);
        c.packaging.master_key_file = "/etc/reel/master.key".into();
        assert!(c.validate().is_err(), "two sources of one key");
    }

    #[test]
    fn shared_keys_are_checked_at_start_and_never_echoed() {
        let problem = |edit: &dyn Fn(&mut Config)| {
            let mut c = Config::default();
            edit(&mut c);
            c.validate().err().map(|e| e.to_string())
        };
        assert_eq!(problem(&|_| ()), None);
        let short = "0123456789abcdef";
        let said = problem(&|c| c.keys.login_code = Secret::new(short)).unwrap();
        assert!(said.contains("keys.login_code") && !said.contains(short), "{said}");
        let said = problem(&|c| {
            c.keys.links = Secret::new("ab".repeat(32));
            c.keys.links_file = "/run/secrets/links".into();
        });
        assert!(said.unwrap().contains("not both"));
        assert_eq!(problem(&|c| c.keys.access_log = Secret::new("ab".repeat(32))), None);

        let said = problem(&|c| c.delivery.signing_key_previous = Secret::new("p".repeat(40))).unwrap();
        assert!(said.contains("signing_key_previous needs"), "{said}");
        assert_eq!(
            problem(&|c| {
                c.delivery.signing_key_file = "/run/secrets/signing".into();
                c.delivery.signing_key_previous = Secret::new("p".repeat(40));
            }),
            None
        );
        let said = problem(&|c| c.packaging.master_key_previous = Secret::new("ab".repeat(32))).unwrap();
        assert!(said.contains("master_key_previous needs"), "{said}");
        let said = problem(&|c| {
            c.packaging.master_key = Secret::new("ab".repeat(32));
            c.packaging.master_key_previous = Secret::new("abc");
        })
        .unwrap();
        assert!(said.contains("packaging.master_key_previous must be 64 hex digits"), "{said}");
    }

    #[test]
    fn encryption_is_spelled_as_in_the_example() {
        let p: PackagingConfig = Figment::from(Toml::string("encryption = \"aes-128\"")).extract().unwrap();
        assert_eq!(p.encryption, Encryption::Aes128);
        assert_eq!(serde_json::to_string(&Encryption::None).unwrap(), "\"none\"");
        assert!(Figment::from(Toml::string("encryption = \"aes-256\"")).extract::<PackagingConfig>().is_err());
    }

    #[test]
    fn segment_length_must_be_a_multiple_of_the_gop() {
        let mut c = Config::default();
        c.media.segment_secs = 5;
        assert!(c.validate().is_err());
    }

    #[test]
    fn a_search_ranks_at_least_one_match() {
        let mut c = Config::default();
        for (n, ok) in [(0, false), (1, true), (2_000, true), (1_000_001, false)] {
            c.catalogue.search_ranked_matches = n;
            assert_eq!(c.validate().is_ok(), ok, "{n}");
        }
    }

    #[test]
    fn a_rung_drop_keeps_at_least_one_rung() {
        let mut c = Config::default();
        c.lifecycle.renditions_drop_after_idle_days = 30;
        assert!(c.validate().is_ok(), "the drop needs no cold tier");
        c.lifecycle.renditions_keep_rungs = 0;
        assert!(c.validate().unwrap_err().to_string().contains("renditions_keep_rungs"));
    }

    #[test]
    fn an_archive_class_needs_signed_requests_and_no_redirects_to_the_bucket() {
        let mut c = Config::default();
        c.storage.cold.storage_class = "DEEP_ARCHIVE".into();
        c.lifecycle.renditions_cold_after_idle_days = 30;
        assert!(c.validate().unwrap_err().to_string().contains("s3_access_key_id"));
        c.storage.s3_access_key_id = "key".into();
        assert!(c.validate().is_ok());
        c.delivery.s3_redirect = true;
        assert!(c.validate().unwrap_err().to_string().contains("s3_redirect"));
        c.delivery.s3_redirect = false;
        c.storage.cold.restore_check_secs = 0;
        assert!(c.validate().is_err());
    }
}
