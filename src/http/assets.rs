//! The web front end's bundles (CSS and JavaScript built from `web/` by `build.rs`), embedded
//! in the binary under content-hashed names and served with long caching, precompressed.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One bundled file and its precompressed forms.
pub struct Asset {
    /// The name pages ask for, e.g. `site.css`.
    pub name: &'static str,
    /// The file name with its content hash, e.g. `site-5TQ2XB7K.css`: what URLs carry.
    pub file: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub raw: &'static [u8],
    /// gzip, level 9.
    pub gzip: &'static [u8],
    /// Brotli, quality 11.
    pub brotli: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The URL path of the asset pages know as `name` (e.g. `/assets/site-5TQ2XB7K.css`).
pub fn url(name: &str) -> Option<String> {
    ASSETS.iter().find(|a| a.name == name).map(|a| format!("/assets/{}", a.file))
}

/// Which encoding to answer with: Brotli, else gzip, else none (`q=0` means "not this one").
fn pick_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted: Vec<(String, bool)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|part| {
            let mut bits = part.split(';').map(str::trim);
            let name = bits.next().unwrap_or("").to_ascii_lowercase();
            let refused = bits.any(|b| b.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0)));
            (name, !refused)
        })
        .collect();
    ["br", "gzip"].into_iter().find(|enc| accepted.iter().any(|(name, ok)| *ok && name == enc))
}

/// `GET /assets/{file}`: a bundle by its hashed name; the name changes whenever the content
/// does, so it may be cached for a year.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.file == file) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let encoding = pick_encoding(&headers);
    let body = match encoding {
        Some("br") => asset.brotli,
        Some(_) => asset.gzip,
        None => asset.raw,
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(enc) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        h
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_q0_refuses() {
        assert_eq!(pick_encoding(&with("gzip, deflate, br, zstd")), Some("br"));
        assert_eq!(pick_encoding(&with("gzip")), Some("gzip"));
        assert_eq!(pick_encoding(&with("br;q=0, gzip;q=0.5")), Some("gzip"));
        assert_eq!(pick_encoding(&with("identity")), None);
        assert_eq!(pick_encoding(&HeaderMap::new()), None);
    }

    #[test]
    fn every_page_bundle_is_embedded_with_its_compressed_forms() {
        for name in ["site.css", "site.js", "player.js", "upload.js"] {
            let asset = ASSETS.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} is not bundled"));
            assert!(!asset.raw.is_empty() && !asset.gzip.is_empty() && !asset.brotli.is_empty());
            assert!(asset.brotli.len() < asset.raw.len(), "{name} compresses");
            assert_eq!(url(name).unwrap(), format!("/assets/{}", asset.file));
        }
    }
}
