//! Playback tokens: `base64url(claims) "." base64url(HMAC-SHA256(claims))`, naming the key id,
//! the video, the viewer, an expiry and (for an account) the playback session its plays count
//! as; verified in constant time.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use std::sync::{Arc, PoisonError, RwLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use reel_base::domain::entitlement::PlayRights;
use reel_base::domain::{Holder, VideoId};

type HmacSha256 = Hmac<Sha256>;

/// Longest token accepted before any decoding work is done.
const MAX_TOKEN_LEN: usize = 512;

/// What a playback token grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Id of the signing key.
    pub kid: String,
    /// The video it opens.
    pub vid: VideoId,
    /// The viewer it was issued to.
    pub sub: Holder,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
    /// The playback session ("stream") its plays count as: 32 hex digits, drawn afresh for
    /// every token issued to an account, so two screens never share one. None for a
    /// signed-out viewer or a share link, whose plays count as nobody's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The tallest rung the holder may play, in lines; absent: every rung.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mh: Option<u32>,
    /// Set when the holder may not fetch the downloads.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nd: bool,
    /// The signed-in device it was issued to (32 hex digits), whose sign-out ends its plays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<String>,
}

impl Claims {
    /// What the token lets its holder fetch.
    pub fn rights(&self) -> PlayRights {
        PlayRights { max_height: self.mh, downloads: !self.nd, device: self.did.as_deref().and_then(|d| d.parse().ok()) }
    }
}

/// [`Claims`] as a token's text has them, borrowed from it: checking a token allocates only
/// once it passed.
#[derive(Deserialize)]
struct ClaimsText<'a> {
    kid: &'a str,
    vid: VideoId,
    sub: &'a str,
    exp: i64,
    #[serde(default)]
    sid: Option<&'a str>,
    #[serde(default)]
    mh: Option<u32>,
    #[serde(default)]
    nd: bool,
    #[serde(default)]
    did: Option<&'a str>,
}

/// Longest signature accepted (an HMAC-SHA256 is 32 bytes; room for base64's rounding).
const MAX_SIGNATURE_LEN: usize = 48;

/// Why a token was refused (all answer 403; the reason goes to the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not of the token's shape.
    #[error("malformed token")]
    Malformed,
    /// Signed by a key we do not have (or no longer have).
    #[error("unknown signing key")]
    UnknownKey,
    /// Signed by a key that was rotated away and whose grace period is over.
    #[error("signing key rotated away")]
    Retired,
    /// The signature does not match.
    #[error("bad signature")]
    BadSignature,
    /// Past its expiry.
    #[error("expired")]
    Expired,
    /// Valid, but for another video.
    #[error("token is for another video")]
    WrongVideo,
}

/// One HMAC key, its id, and when it stops verifying.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    /// The MAC with the key already absorbed: every token starts from a copy of it, which
    /// spares hashing the key's two padded blocks per request.
    keyed: HmacSha256,
    retire_at: Option<i64>,
}

impl SigningKey {
    /// A key whose id is derived from the key itself (so no id needs configuring).
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        let key = key.into();
        let kid = hex::encode(&Sha256::digest(&key)[..4]);
        let keyed = HmacSha256::new_from_slice(&key).expect("HMAC takes keys of any length");
        Self { kid, keyed, retire_at: None }
    }

    /// The same key, refusing tokens from `at_ms` (Unix milliseconds) on.
    pub fn retiring_at(mut self, at_ms: i64) -> Self {
        self.retire_at = Some(at_ms);
        self
    }

    /// The key id written into tokens.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// When the key stops verifying (Unix milliseconds); `None` while it is current.
    pub fn retire_at(&self) -> Option<i64> {
        self.retire_at
    }

    fn mac(&self) -> HmacSha256 {
        self.keyed.clone()
    }
}

/// Where a signer's keys may change while it runs (the key ring file, see `delivery::keys`).
pub trait KeySource: Send + Sync {
    /// The new keys, newest first, if they changed since the last call. It is called on every
    /// sign and verify, so it must return at once when no check is due.
    fn poll(&self) -> Option<Vec<SigningKey>>;
}

/// Signs with the current key; verifies with any live key (so keys can rotate).
///
/// Clones share the keys; with a [`KeySource`] they are replaced when the source changes.
#[derive(Clone)]
pub struct Signer {
    keys: Arc<RwLock<Vec<SigningKey>>>,
    source: Option<Arc<dyn KeySource>>,
}

impl Signer {
    /// A signer whose first key signs and whose every key verifies (until its retirement).
    pub fn new(keys: Vec<SigningKey>) -> Self {
        assert!(!keys.is_empty(), "a signer needs a key");
        Self { keys: Arc::new(RwLock::new(keys)), source: None }
    }

    /// A signer that starts with `keys` and takes new ones from `source` when it has them.
    pub fn with_source(keys: Vec<SigningKey>, source: Arc<dyn KeySource>) -> Self {
        Self { source: Some(source), ..Self::new(keys) }
    }

    /// The id of the key new tokens are signed with.
    pub fn current_kid(&self) -> String {
        self.refresh();
        self.keys.read().unwrap_or_else(PoisonError::into_inner)[0].kid.clone()
    }

    /// Issues a token for `viewer` to watch `video` until `exp` (Unix seconds), every rung and
    /// the downloads.
    pub fn sign(&self, video: VideoId, viewer: Holder, exp: i64) -> String {
        self.issue(video, viewer, exp, PlayRights::FULL).0
    }

    /// [`Signer::sign`] holding the viewer to `rights`, also returning the stream the token
    /// names (an account's tokens name a new one each).
    pub fn issue(&self, video: VideoId, viewer: Holder, exp: i64, rights: PlayRights) -> (String, Option<String>) {
        self.refresh();
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        let key = &keys[0];
        let sid = viewer.account().map(|_| hex::encode(rand::random::<[u8; 16]>()));
        let did = rights.device.map(|d| d.to_string());
        let claims = Claims { kid: key.kid.clone(), vid: video, sub: viewer, exp, sid, mh: rights.max_height, nd: !rights.downloads, did };
        let body = B64.encode(serde_json::to_vec(&claims).expect("claims serialise"));
        let mut mac = key.mac();
        mac.update(body.as_bytes());
        let sig = B64.encode(mac.finalize().into_bytes());
        (format!("{body}.{sig}"), claims.sid)
    }

    /// Checks a token's signature, key retirement, expiry and video; `now` is Unix seconds.
    pub fn verify(&self, token: &str, video: VideoId, now: i64) -> Result<Claims, TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Malformed);
        }
        let (body, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
        // Decoded on the stack: the length check above bounds both parts.
        let mut sig_bytes = [0u8; MAX_SIGNATURE_LEN];
        let sig = B64.decode_slice(sig, &mut sig_bytes).map(|n| &sig_bytes[..n]).map_err(|_| TokenError::Malformed)?;
        let mut raw = [0u8; MAX_TOKEN_LEN];
        let raw = B64.decode_slice(body, &mut raw).map(|n| &raw[..n]).map_err(|_| TokenError::Malformed)?;
        // The key id is read before the signature is checked, only to pick the key.
        let claims: ClaimsText = serde_json::from_slice(raw).map_err(|_| TokenError::Malformed)?;
        let sub: Holder = claims.sub.parse().map_err(|_| TokenError::Malformed)?;
        self.refresh();
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        let key = keys.iter().find(|k| k.kid == claims.kid).ok_or(TokenError::UnknownKey)?;
        let mut mac = key.mac();
        mac.update(body.as_bytes());
        mac.verify_slice(sig).map_err(|_| TokenError::BadSignature)?;
        if key.retire_at.is_some_and(|at| now.saturating_mul(1000) >= at) {
            return Err(TokenError::Retired);
        }
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        if claims.vid != video {
            return Err(TokenError::WrongVideo);
        }
        Ok(Claims {
            kid: claims.kid.to_string(),
            vid: claims.vid,
            sub,
            exp: claims.exp,
            sid: claims.sid.map(str::to_string),
            mh: claims.mh,
            nd: claims.nd,
            did: claims.did.map(str::to_string),
        })
    }

    /// Takes the source's new keys, if it has any (cheap when none are due).
    fn refresh(&self) {
        let Some(keys) = self.source.as_ref().and_then(|s| s.poll()) else { return };
        if !keys.is_empty() {
            *self.keys.write().unwrap_or_else(PoisonError::into_inner) = keys;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use reel_base::domain::{ProfileId, UserId};

    proptest! {
        /// A token verifies for its video until it expires, with the claims it was signed with,
        /// and any change to any one byte of it is refused.
        #[test]
        fn a_token_verifies_as_signed_and_no_altered_byte_does(
            key in prop::collection::vec(any::<u8>(), 32..64),
            exp in 1i64..i64::MAX / 2000,
            earlier in 1i64..1_000_000,
            holder in 0u8..3,
            at: prop::sample::Index,
            xor in 1u8..=255,
        ) {
            let signer = Signer::new(vec![SigningKey::new(key)]);
            let holder = match holder {
                0 => Holder::Anonymous,
                1 => Holder::Account(UserId::new()),
                _ => Holder::Profile(UserId::new(), ProfileId::new()),
            };
            let video = VideoId::new();
            let token = signer.sign(video, holder, exp);
            let claims = signer.verify(&token, video, exp - earlier).unwrap();
            prop_assert_eq!((claims.vid, claims.sub, claims.exp), (video, holder, exp));
            prop_assert_eq!(signer.verify(&token, video, exp), Err(TokenError::Expired));
            prop_assert_eq!(signer.verify(&token, VideoId::new(), exp - earlier), Err(TokenError::WrongVideo));
            let mut altered = token.into_bytes();
            let i = at.index(altered.len());
            altered[i] ^= xor;
            if let Ok(altered) = String::from_utf8(altered) {
                prop_assert!(signer.verify(&altered, video, exp - earlier).is_err(), "byte {} changed and still accepted", i);
            }
        }

        /// Nothing a client sends makes verification panic.
        #[test]
        fn any_text_is_refused_without_panicking(text in "\\PC{0,300}") {
            let signer = Signer::new(vec![SigningKey::new(vec![7; 32])]);
            prop_assert!(signer.verify(&text, VideoId::new(), 0).is_err());
        }
    }

    fn signer(key: &str) -> Signer {
        Signer::new(vec![SigningKey::new(key.as_bytes().to_vec())])
    }

    #[test]
    fn a_signed_token_verifies_for_its_video_until_it_expires() {
        let s = signer("k".repeat(32).as_str());
        let v = VideoId::new();
        let viewer = Holder::Account(UserId::new());
        let token = s.sign(v, viewer, 1_000);
        let claims = s.verify(&token, v, 999).unwrap();
        assert_eq!((claims.sub, claims.exp), (viewer, 1_000));
        assert_eq!(s.verify(&token, v, 1_000), Err(TokenError::Expired));
    }

    #[test]
    fn the_holder_is_written_as_the_account_id_or_anonymous_and_nothing_else_reads_as_one() {
        let id = UserId::new();
        assert_eq!(serde_json::to_value(Holder::Account(id)).unwrap(), id.to_string());
        assert_eq!(serde_json::to_value(Holder::Anonymous).unwrap(), "anonymous");
        assert_eq!(serde_json::from_value::<Holder>(id.to_string().into()).unwrap(), Holder::Account(id));
        assert_eq!(serde_json::from_value::<Holder>("anonymous".into()).unwrap(), Holder::Anonymous);
        let link = reel_base::domain::ShareId::new();
        assert_eq!(serde_json::to_value(Holder::Share(link)).unwrap(), format!("share:{link}"));
        assert_eq!(serde_json::from_value::<Holder>(format!("share:{link}").into()).unwrap(), Holder::Share(link));
        for not_a_holder in ["", "Anonymous", "someone", "admin", "share:", "share:someone"] {
            assert!(serde_json::from_value::<Holder>(not_a_holder.into()).is_err(), "{not_a_holder:?}");
        }
    }

    #[test]
    fn a_token_whose_viewer_is_not_a_holder_is_malformed_even_when_signed() {
        let s = signer("k".repeat(32).as_str());
        let v = VideoId::new();
        let claims = format!(r#"{{"kid":"{}","vid":"{v}","sub":"someone","exp":1000}}"#, s.current_kid());
        let body = B64.encode(claims);
        let keys = s.keys.read().unwrap();
        let mut mac = keys[0].mac();
        mac.update(body.as_bytes());
        let token = format!("{body}.{}", B64.encode(mac.finalize().into_bytes()));
        drop(keys);
        assert_eq!(s.verify(&token, v, 0), Err(TokenError::Malformed));
    }

    #[test]
    fn the_rights_a_token_was_issued_with_are_read_back_and_cannot_be_widened() {
        let s = signer("k".repeat(32).as_str());
        let v = VideoId::new();
        let device = Some(reel_base::domain::device::DeviceId::from_bytes([7; 16]));
        let capped = PlayRights { max_height: Some(720), downloads: false, device };
        // The longest token there is: a profile's, with a stream, a cap and a device.
        let profile = Holder::Profile(reel_base::domain::UserId::new(), reel_base::domain::ProfileId::new());
        let (token, _) = s.issue(v, profile, 1_000, capped);
        assert!(token.len() <= MAX_TOKEN_LEN, "{} bytes", token.len());
        assert_eq!(s.verify(&token, v, 0).unwrap().rights(), capped);
        assert_eq!(s.verify(&s.sign(v, Holder::Anonymous, 1_000), v, 0).unwrap().rights(), PlayRights::FULL);
        // Claims rewritten without the cap keep the old signature, which no longer matches.
        let (body, sig) = token.split_once('.').unwrap();
        let mut claims: serde_json::Value = serde_json::from_slice(&B64.decode(body).unwrap()).unwrap();
        claims.as_object_mut().unwrap().retain(|k, _| k != "mh" && k != "nd" && k != "did");
        let widened = format!("{}.{sig}", B64.encode(serde_json::to_vec(&claims).unwrap()));
        assert_eq!(s.verify(&widened, v, 0), Err(TokenError::BadSignature));
    }

    #[test]
    fn a_token_for_one_video_does_not_open_another() {
        let s = signer("k".repeat(32).as_str());
        let token = s.sign(VideoId::new(), Holder::Anonymous, i64::MAX);
        assert_eq!(s.verify(&token, VideoId::new(), 0), Err(TokenError::WrongVideo));
    }

    #[test]
    fn tampered_claims_or_signatures_are_refused() {
        let s = signer("k".repeat(32).as_str());
        let v = VideoId::new();
        let token = s.sign(v, Holder::Anonymous, 1_000);
        let (body, sig) = token.split_once('.').unwrap();
        let mut claims: Claims = serde_json::from_slice(&B64.decode(body).unwrap()).unwrap();
        claims.exp = i64::MAX;
        let forged = format!("{}.{sig}", B64.encode(serde_json::to_vec(&claims).unwrap()));
        assert_eq!(s.verify(&forged, v, 0), Err(TokenError::BadSignature));
        let mut flipped = token.clone().into_bytes();
        let last = flipped.len() - 2;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert!(s.verify(std::str::from_utf8(&flipped).unwrap(), v, 0).is_err());
        assert_eq!(s.verify("garbage", v, 0), Err(TokenError::Malformed));
    }

    #[test]
    fn a_token_from_an_unknown_key_is_refused() {
        let v = VideoId::new();
        let token = signer(&"a".repeat(32)).sign(v, Holder::Anonymous, i64::MAX);
        assert_eq!(signer(&"b".repeat(32)).verify(&token, v, 0), Err(TokenError::UnknownKey));
    }

    #[test]
    fn an_old_key_still_verifies_during_rotation() {
        let (old, new) =
            (SigningKey::new(b"old-key-old-key-old-key-old-key!".to_vec()), SigningKey::new(b"new-key-new-key-new-key-new-key!".to_vec()));
        let v = VideoId::new();
        let token = Signer::new(vec![old.clone()]).sign(v, Holder::Anonymous, i64::MAX);
        assert!(Signer::new(vec![new, old]).verify(&token, v, 0).is_ok());
    }

    #[test]
    fn a_retiring_key_verifies_until_its_retirement_and_then_never() {
        let old = SigningKey::new(b"old-key-old-key-old-key-old-key!".to_vec());
        let new = SigningKey::new(b"new-key-new-key-new-key-new-key!".to_vec());
        let v = VideoId::new();
        let token = Signer::new(vec![old.clone()]).sign(v, Holder::Anonymous, i64::MAX);
        let rotated = Signer::new(vec![new, old.retiring_at(2_000_000)]);
        assert!(rotated.verify(&token, v, 1_999).is_ok());
        assert_eq!(rotated.verify(&token, v, 2_000), Err(TokenError::Retired));
    }

    #[test]
    fn a_signer_takes_new_keys_from_its_source() {
        struct Once(std::sync::Mutex<Option<Vec<SigningKey>>>);
        impl KeySource for Once {
            fn poll(&self) -> Option<Vec<SigningKey>> {
                self.0.lock().unwrap().take()
            }
        }
        let (old, new) = (SigningKey::new(vec![1u8; 32]), SigningKey::new(vec![2u8; 32]));
        let source = Arc::new(Once(std::sync::Mutex::new(Some(vec![new.clone(), old.clone()]))));
        let signer = Signer::with_source(vec![old.clone()], source);
        let v = VideoId::new();
        let token = signer.sign(v, Holder::Anonymous, i64::MAX);
        assert_eq!(signer.verify(&token, v, 0).unwrap().kid, new.kid());
        assert_eq!(signer.current_kid(), new.kid());
        assert!(signer.verify(&Signer::new(vec![old]).sign(v, Holder::Anonymous, i64::MAX), v, 0).is_ok());
    }
}
