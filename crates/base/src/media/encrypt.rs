//! HLS full-segment encryption (RFC 8216 §5.2, `METHOD=AES-128`): AES-128-CBC with PKCS#7
//! padding over a whole media segment, the IV being the segment's media sequence number as a
//! 128-bit big-endian integer, which is what a player assumes when the playlist gives no `IV`.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};

type Encryptor = cbc::Encryptor<aes::Aes128>;
type Decryptor = cbc::Decryptor<aes::Aes128>;

/// Bytes in an AES-128 content key.
pub const KEY_LEN: usize = 16;

/// The IV a player derives for media sequence number `sequence` (RFC 8216 §5.2).
pub fn sequence_iv(sequence: u64) -> [u8; 16] {
    u128::from(sequence).to_be_bytes()
}

/// Encrypts one media segment as an HLS player expects to decrypt it.
pub fn encrypt_segment(key: &[u8; KEY_LEN], sequence: u64, plain: &[u8]) -> Vec<u8> {
    Encryptor::new(key.into(), &sequence_iv(sequence).into()).encrypt_padded_vec_mut::<Pkcs7>(plain)
}

/// Why a segment could not be decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an AES-128 segment under this key and sequence number (bad length or padding)")]
pub struct DecryptError;

/// Decrypts one media segment: what a player does (used by tests and tools).
pub fn decrypt_segment(key: &[u8; KEY_LEN], sequence: u64, encrypted: &[u8]) -> Result<Vec<u8>, DecryptError> {
    Decryptor::new(key.into(), &sequence_iv(sequence).into()).decrypt_padded_vec_mut::<Pkcs7>(encrypted).map_err(|_| DecryptError)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(hex_key: &str) -> [u8; KEY_LEN] {
        hex::decode(hex_key).unwrap().try_into().unwrap()
    }

    #[test]
    fn the_iv_is_the_media_sequence_number_big_endian() {
        assert_eq!(sequence_iv(0), [0; 16]);
        assert_eq!(hex::encode(sequence_iv(0x0102_0304_0506_0708)), "00000000000000000102030405060708");
    }

    // Expected values from `openssl enc -aes-128-cbc -K <key> -iv <sequence as 32 hex digits>`.
    #[test]
    fn segments_match_openssl_aes_128_cbc_with_the_sequence_iv() {
        let k = key("000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            hex::encode(encrypt_segment(&k, 5, b"Reel segment five: AES-128-CBC, PKCS#7.")),
            "782f5751778ae90046e5885514ac13e76f9da9493e649b545ffdbf062beca17faaa9d6a5dab6aa10ba15c0a41593d563"
        );
        let k = key("2b7e151628aed2a6abf7158809cf4f3c");
        assert_eq!(
            hex::encode(encrypt_segment(&k, 0x0102_0304_0506_0708, b"0123456789abcdef")),
            "4c575b64feff9351c85809918390a3e3b15af0221331e4e8fe569ec06aa0b3d5",
            "a whole block of plaintext gets a whole block of padding"
        );
        let k = key("000102030405060708090a0b0c0d0e0f");
        assert_eq!(hex::encode(encrypt_segment(&k, 0, b"")), "954f64f2e4e86e9eee82d20216684899");
    }

    #[test]
    fn a_segment_decrypts_only_with_its_key_and_sequence_number() {
        let k = [7u8; KEY_LEN];
        let plain: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let sealed = encrypt_segment(&k, 42, &plain);
        assert_eq!(sealed.len(), (plain.len() / 16 + 1) * 16, "PKCS#7 always adds 1 to 16 bytes");
        assert_eq!(decrypt_segment(&k, 42, &sealed).unwrap(), plain);
        assert_ne!(decrypt_segment(&k, 41, &sealed).ok().as_deref(), Some(&plain[..]), "another IV");
        assert_ne!(decrypt_segment(&[8u8; KEY_LEN], 42, &sealed).ok().as_deref(), Some(&plain[..]), "another key");
        assert_eq!(decrypt_segment(&k, 42, &sealed[..sealed.len() - 1]), Err(DecryptError));
    }
}
