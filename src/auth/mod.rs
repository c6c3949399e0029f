//! Who is calling: API tokens (hashed at rest), the `Caller` extractor, generated secrets.

pub mod secrets;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::db::tokens;
use crate::domain::TokenId;
use crate::error::AppError;

/// Every API token starts with this, so leaked tokens are easy to recognise and scan for.
const TOKEN_PREFIX: &str = "reel_";

/// An authenticated caller. Today an API token; a session cookie will be another variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A request with `Authorization: Bearer reel_…`.
    ApiToken {
        /// The token's id (never the token).
        id: String,
    },
}

impl Caller {
    /// A stable id for this caller, written into playback tokens and records it creates.
    pub fn subject(&self) -> &str {
        match self {
            Caller::ApiToken { id } => id,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() <= 128)
            .ok_or_else(AppError::unauthorized)?;
        // Looking a token up by its hash reveals nothing about the token through timing.
        match tokens::find_live(&state.db, &hash_token(bearer)).await? {
            Some(id) => Ok(Caller::ApiToken { id }),
            None => Err(AppError::unauthorized()),
        }
    }
}

/// A fresh API token: its id, and the secret shown once to whoever asked for it.
pub struct NewToken {
    /// Stored id.
    pub id: TokenId,
    /// The secret; only its hash is stored.
    pub secret: String,
}

/// Creates and stores a new API token.
pub async fn create_token(db: &crate::db::Db, name: &str) -> anyhow::Result<NewToken> {
    let name = name.trim();
    anyhow::ensure!(
        !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control),
        "a token name must be 1–100 printable characters"
    );
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("{TOKEN_PREFIX}{}", B64.encode(bytes));
    let id = TokenId::new();
    tokens::insert(db, id, name, &hash_token(&secret)).await?;
    Ok(NewToken { id, secret })
}

/// SHA-256 of a token, hex: what is stored and looked up.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
