//! The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256, under the secret's
//! decoded bytes, of `{webhook-id}.{webhook-timestamp}.{body}`; several, space-separated, while
//! a rotated secret still signs. Secrets are `whsec_` and base64.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Bytes of a secret Reel makes (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// One signature, `v1,…`; `None` for a secret that is not `whsec_` and base64.
pub fn sign(secret: &str, id: &str, timestamp: u64, body: &str) -> Option<String> {
    let key = decode(secret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret, space-separated (a receiver
/// accepts the message when any one verifies). `None` when a secret is unusable.
pub fn header(secrets: &[&str], id: &str, timestamp: u64, body: &str) -> Option<String> {
    let signatures: Option<Vec<String>> = secrets.iter().map(|s| sign(s, id, timestamp, body)).collect();
    Some(signatures?.join(" "))
}

/// A fresh random secret.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("whsec_{}", B64.encode(bytes))
}

/// Whether a secret someone chose is usable: `whsec_` and base64 of 24 to 64 bytes.
pub fn is_valid_secret(secret: &str) -> bool {
    decode(secret).is_some_and(|key| (24..=64).contains(&key.len()))
}

fn decode(secret: &str) -> Option<Vec<u8>> {
    B64.decode(secret.strip_prefix("whsec_")?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, body), None, "no whsec_ prefix");
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one() {
        let (new, old) = (new_secret(), new_secret());
        let both = header(&[&new, &old], "msg_1", 5, "{}").unwrap();
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts, [sign(&new, "msg_1", 5, "{}").unwrap(), sign(&old, "msg_1", 5, "{}").unwrap()]);
        assert!(header(&[&new, "whsec_!"], "msg_1", 5, "{}").is_none());
    }

    #[test]
    fn made_secrets_are_valid_and_short_or_foreign_ones_are_not() {
        assert!(is_valid_secret(&new_secret()));
        assert_ne!(new_secret(), new_secret());
        assert!(!is_valid_secret("whsec_c2hvcnQ="), "5 bytes");
        assert!(!is_valid_secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assert!(is_valid_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}
