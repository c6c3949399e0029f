//! Values worked out from several settings: the embedded defaults' addresses, the site's
//! public address, and what a kids profile may see.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use super::Config;

impl Config {
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
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
