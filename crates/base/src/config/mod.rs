//! Configuration: built-in defaults, then `reel.toml`, then `REEL__SECTION__KEY` variables.
//! Each section (`[media]`, `[storage]`, …) has its file here, with its settings, their
//! defaults and its own check; `load.rs` reads them in and `validate.rs` checks the whole.

use std::path::PathBuf;

mod access_log;
mod alarms;
mod analytics;
mod api;
mod audience;
mod audio;
mod auth;
mod cache;
mod captions;
mod catalogue;
mod cdn;
mod chunking;
mod community;
mod cost;
mod database;
mod delivery;
mod derived;
mod edge;
mod embed;
mod entitlements;
mod geo;
mod jobs;
mod keys;
mod lifecycle;
mod load;
mod media;
mod notify;
mod packaging;
mod prices;
mod rate_limit;
mod secret;
mod server;
mod site;
mod storage;
mod telemetry;
mod validate;
mod watermark;
mod webhooks;

pub use access_log::AccessLogConfig;
pub use alarms::{AlarmRule, AlarmsConfig};
pub use analytics::AnalyticsConfig;
pub use api::ApiConfig;
pub use audience::AudienceConfig;
pub use audio::AudioConfig;
pub use auth::{AuthConfig, SignupMode};
pub use cache::CacheConfig;
pub use captions::CaptionsConfig;
pub use catalogue::CatalogueConfig;
pub use cdn::CdnConfig;
pub use chunking::ChunkingConfig;
pub use community::CommunityConfig;
pub use cost::CostConfig;
pub use database::DatabaseConfig;
pub use delivery::DeliveryConfig;
pub use edge::{EdgeConfig, MIN_DOWNLOAD_BYTES_PER_SEC};
pub use embed::EmbedConfig;
pub use entitlements::EntitlementsConfig;
pub use geo::GeoConfig;
pub use jobs::JobsConfig;
pub use keys::{is_hex_key, KeysConfig, MIN_KEY_BYTES};
pub use lifecycle::LifecycleConfig;
pub use load::ConfigError;
pub use media::{LadderConfig, MediaConfig, RungConfig};
pub use notify::{EmailTransport, NotifyConfig, SmsTransport, SmtpTls};
pub use packaging::{Encryption, PackagingConfig};
pub use prices::PricesConfig;
pub use rate_limit::RateLimitConfig;
pub use secret::Secret;
pub use server::ServerConfig;
pub use site::SiteConfig;
pub use storage::{ColdStorageConfig, StorageConfig};
pub use telemetry::TelemetryConfig;
pub use watermark::{WatermarkConfig, MAX_LOGO_BYTES};
pub use webhooks::WebhooksConfig;

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
    pub entitlements: EntitlementsConfig,
    pub geo: GeoConfig,
    pub site: SiteConfig,
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
            entitlements: EntitlementsConfig::default(),
            geo: GeoConfig::default(),
            site: SiteConfig::default(),
        }
    }
}
