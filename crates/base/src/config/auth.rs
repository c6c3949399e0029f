//! `[auth]`: who may sign up, and the rules of one-time-code sign-in and sessions.

use serde::{Deserialize, Serialize};

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
