//! Signed, expiring links that act without a sign-in (the one-click unsubscribe in
//! notification emails, an SMS provider's delivery receipt): an HMAC over what the link does,
//! for what and until when, under a key generated on first use and kept with the other secrets.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a link may do; part of what is signed, so a link made for one purpose does nothing
/// for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Stop the emails about new items from followed channels; the subject is the account.
    StopUploadEmails,
    /// Report whether an SMS with a sign-in code arrived; the subject is the code's challenge.
    SmsReceipt,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::StopUploadEmails => "stop-upload-emails",
            Purpose::SmsReceipt => "sms-receipt",
        }
    }
}

/// The key links are signed with: `keys.links`, else `{data_dir}/secrets/links.key`, made on
/// first use.
pub fn key(config: &reel_base::config::Config) -> anyhow::Result<Vec<u8>> {
    crate::platform::secrets::links_key(config)
}

fn mac(key: &[u8], purpose: Purpose, subject: &str, expires_s: u64) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{}\n{subject}\n{expires_s}", purpose.as_str()).as_bytes());
    mac.finalize().into_bytes().into()
}

/// A token for `purpose` about `subject` (an id, written without dots), good until `expires_s`
/// (Unix seconds).
pub fn sign(key: &[u8], purpose: Purpose, subject: &impl std::fmt::Display, expires_s: u64) -> String {
    let subject = subject.to_string();
    debug_assert!(!subject.contains('.'), "a subject is written before the first dot");
    let tag = URL_SAFE_NO_PAD.encode(mac(key, purpose, &subject, expires_s));
    format!("{subject}.{expires_s}.{tag}")
}

/// What a token is about, if it was signed with `key` for `purpose` and has not expired at
/// `now_s`.
pub fn verify<T: std::str::FromStr>(key: &[u8], purpose: Purpose, token: &str, now_s: u64) -> Option<T> {
    if token.len() > 200 {
        return None;
    }
    let mut parts = token.split('.');
    let (subject, expires, tag) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let expires_s: u64 = expires.parse().ok()?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    let good = crate::platform::secrets::equal(&tag, &mac(key, purpose, subject, expires_s));
    if good && now_s < expires_s {
        subject.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::domain::UserId;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_link_works_for_its_account_until_it_expires_and_not_with_anything_changed() {
        let user = UserId::new();
        let token = sign(KEY, Purpose::StopUploadEmails, &user, 1_000);
        assert_eq!(verify::<UserId>(KEY, Purpose::StopUploadEmails, &token, 999), Some(user));
        assert_eq!(verify::<UserId>(KEY, Purpose::StopUploadEmails, &token, 1_000), None, "expired");
        assert_eq!(verify::<UserId>(b"another key, just as long as it..", Purpose::StopUploadEmails, &token, 1), None);
        let other = UserId::new();
        let forged = token.replacen(&user.to_string(), &other.to_string(), 1);
        assert_eq!(verify::<UserId>(KEY, Purpose::StopUploadEmails, &forged, 1), None, "another account");
        let later = token.replacen(".1000.", ".9999.", 1);
        assert_eq!(verify::<UserId>(KEY, Purpose::StopUploadEmails, &later, 1), None, "a later expiry");
        for bad in ["", "x", "a.b.c", &format!("{token}.x"), &"a".repeat(500)] {
            assert_eq!(verify::<UserId>(KEY, Purpose::StopUploadEmails, bad, 1), None, "{bad:?}");
        }
    }
}
