//! Presigned S3 URLs for requests `object_store` has no signer for: the parts of a multipart
//! upload (`PUT …?partNumber=N&uploadId=…`), which browsers and scripts send straight to the
//! bucket. AWS Signature Version 4, query-string form, with an unsigned payload.

use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// What signing needs: where objects live, and an access key.
#[derive(Clone)]
pub struct Presigner {
    /// `scheme://host[:port]`.
    origin: String,
    /// The path before the key: `/bucket` (path style) or empty (virtual-hosted style).
    base_path: String,
    region: String,
    key_id: String,
    secret: String,
}

impl std::fmt::Debug for Presigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presigner").field("origin", &self.origin).field("base_path", &self.base_path).finish_non_exhaustive()
    }
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 unreserved characters stay, everything else is %XX (and `/` too unless `path`).
fn encode(text: &str, path: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b'/' if path => "/".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `YYYYMMDDTHHMMSSZ` for a time.
fn amz_date(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string().replace(['-', ':'], "")
}

impl Presigner {
    /// A signer for `bucket`: on `endpoint` (path style or virtual-hosted) or, without one, AWS.
    pub fn new(endpoint: &str, bucket: &str, region: &str, path_style: bool, key_id: &str, secret: &str) -> Self {
        let endpoint = endpoint.trim_end_matches('/');
        let (origin, base_path) = match (endpoint.is_empty(), path_style) {
            (true, false) => (format!("https://{bucket}.s3.{region}.amazonaws.com"), String::new()),
            (true, true) => (format!("https://s3.{region}.amazonaws.com"), format!("/{bucket}")),
            (false, true) => (endpoint.to_string(), format!("/{bucket}")),
            (false, false) => {
                let (scheme, host) = endpoint.split_once("://").unwrap_or(("https", endpoint));
                (format!("{scheme}://{bucket}.{host}"), String::new())
            }
        };
        Self { origin, base_path, region: region.to_string(), key_id: key_id.to_string(), secret: secret.to_string() }
    }

    /// A URL allowing `method` on `key` (with the extra `query` pairs signed in) until `ttl`
    /// after `now`.
    pub fn url(&self, method: &str, key: &str, query: &[(&str, &str)], ttl: Duration, now: SystemTime) -> String {
        let date = amz_date(now);
        let day = &date[..8];
        let scope = format!("{day}/{}/s3/aws4_request", self.region);
        let path = format!("{}/{}", self.base_path, encode(key, true));
        let host = self.origin.split_once("://").map_or(self.origin.as_str(), |(_, h)| h);
        let credential = format!("{}/{scope}", self.key_id);
        let expires = ttl.as_secs().to_string();
        let mut params: Vec<(String, String)> = vec![
            ("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()),
            ("X-Amz-Credential".into(), credential),
            ("X-Amz-Date".into(), date.clone()),
            ("X-Amz-Expires".into(), expires),
            ("X-Amz-SignedHeaders".into(), "host".into()),
        ];
        params.extend(query.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut encoded: Vec<(String, String)> = params.iter().map(|(k, v)| (encode(k, false), encode(v, false))).collect();
        encoded.sort();
        let query_string = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let canonical = format!("{method}\n{path}\n{query_string}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD");
        let to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex::encode(Sha256::digest(canonical.as_bytes())));
        let key = [day, self.region.as_str(), "s3", "aws4_request"]
            .iter()
            .fold(format!("AWS4{}", self.secret).into_bytes(), |k, part| hmac(&k, part));
        let signature = hex::encode(hmac(&key, &to_sign));
        format!("{}{path}?{query_string}&X-Amz-Signature={signature}", self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of AWS's "Authenticating Requests: Using Query Parameters" page.
    #[test]
    fn matches_the_published_sigv4_example() {
        let p = Presigner::new("", "examplebucket", "us-east-1", false, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600); // 2013-05-24T00:00:00Z
        let p = Presigner { origin: "https://examplebucket.s3.amazonaws.com".into(), ..p };
        let url = p.url("GET", "test.txt", &[], Duration::from_secs(86_400), at);
        assert!(url.ends_with("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"), "{url}");
    }

    #[test]
    fn path_style_puts_the_bucket_in_the_path_and_extra_parameters_are_signed() {
        let p = Presigner::new("http://127.0.0.1:9000/", "media", "us-east-1", true, "k", "s");
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let url = p.url("PUT", "sources/a b/original", &[("partNumber", "2"), ("uploadId", "x/y")], Duration::from_secs(60), at);
        assert!(url.starts_with("http://127.0.0.1:9000/media/sources/a%20b/original?"), "{url}");
        assert!(url.contains("partNumber=2") && url.contains("uploadId=x%2Fy"), "{url}");
        assert_ne!(url, p.url("PUT", "sources/a b/original", &[("partNumber", "3"), ("uploadId", "x/y")], Duration::from_secs(60), at));
    }
}
