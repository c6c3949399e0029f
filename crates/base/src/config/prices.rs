//! `[prices]`: what each resource costs, for the cost report. The defaults are AWS us-east-1
//! list prices (S3, CloudFront, EC2 on demand, SES, SNS) as published in December 2024, first
//! pricing tier; set your own provider's.

use serde::{Deserialize, Serialize};

/// `[prices]`, in US dollars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PricesConfig {
    /// When these prices were taken from the provider's list (`YYYY-MM`), shown on reports.
    pub as_of: String,
    /// Per GB-month kept in the hot tier (S3 Standard).
    pub hot_gb_month: f64,
    /// Per GB-month kept in the cold tier (S3 Standard-IA).
    pub cold_gb_month: f64,
    /// Per GB served by the origin to viewers or a CDN (S3 / EC2 data transfer out).
    pub origin_egress_gb: f64,
    /// Per GB the CDN delivers (CloudFront).
    pub cdn_egress_gb: f64,
    /// Per CPU-hour of transcoding (one vCPU of a compute-optimised instance).
    pub transcode_cpu_hour: f64,
    /// Per email sent (SES).
    pub email: f64,
    /// Per SMS sent (SNS, US).
    pub sms: f64,
    /// Per thousand reads from the store (GET, HEAD).
    pub store_reads_per_1000: f64,
    /// Per thousand writes to the store (PUT, COPY, LIST, multipart parts).
    pub store_writes_per_1000: f64,
}

impl Default for PricesConfig {
    fn default() -> Self {
        Self {
            as_of: "2024-12".into(),
            hot_gb_month: 0.023,
            cold_gb_month: 0.0125,
            origin_egress_gb: 0.09,
            cdn_egress_gb: 0.085,
            transcode_cpu_hour: 0.0425,
            email: 0.0001,
            sms: 0.00645,
            store_reads_per_1000: 0.0004,
            store_writes_per_1000: 0.005,
        }
    }
}

impl PricesConfig {
    /// Why the prices are unusable, if they are.
    pub fn problem(&self) -> Option<String> {
        let all = [
            ("hot_gb_month", self.hot_gb_month),
            ("cold_gb_month", self.cold_gb_month),
            ("origin_egress_gb", self.origin_egress_gb),
            ("cdn_egress_gb", self.cdn_egress_gb),
            ("transcode_cpu_hour", self.transcode_cpu_hour),
            ("email", self.email),
            ("sms", self.sms),
            ("store_reads_per_1000", self.store_reads_per_1000),
            ("store_writes_per_1000", self.store_writes_per_1000),
        ];
        all.iter().find(|(_, price)| !price.is_finite() || *price < 0.0).map(|(name, _)| format!("prices.{name}: must be a number ≥ 0"))
    }
}
