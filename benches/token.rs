//! Playback token verification speed (target: under 2 µs per verification), with fixed keys
//! and with the key ring a server uses (which looks at its file at most every few seconds).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use reel_base::domain::Holder;
use reel_base::domain::{UserId, VideoId};
use reel_core::delivery::keys;
use reel_core::platform::signing::{Signer, SigningKey};

/// A signed-in viewer: the subject every token of a member carries.
const VIEWER: Holder = Holder::Account(UserId(uuid::Uuid::from_u128(0x8b0f_3c1e_2f6a_4c1d_9b7e_3a5d_2c1f_0e9d)));

fn verify(c: &mut Criterion) {
    let key = b"benchmark-key-benchmark-key-benchmark!";
    let signer = Signer::new(vec![SigningKey::new(key.to_vec())]);
    let video = VideoId::new();
    let token = signer.sign(video, VIEWER, i64::MAX);

    // The reference: one HMAC-SHA256 over the same claims, the floor any verification pays.
    let claims = token.split_once('.').expect("a token has two parts").0.to_string();
    c.bench_function("reference: HMAC-SHA256 of the claims", |b| {
        b.iter(|| {
            use hmac::Mac;
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
            mac.update(black_box(claims.as_bytes()));
            mac.finalize()
        })
    });
    c.bench_function("verify a playback token", |b| b.iter(|| signer.verify(black_box(&token), black_box(video), 1_700_000_000)));

    let dir = tempfile::tempdir().expect("a temp dir");
    let watched = keys::watched_signer(dir.path()).expect("a key ring");
    let token = watched.sign(video, VIEWER, i64::MAX);
    c.bench_function("verify a playback token (watched key ring)", |b| {
        b.iter(|| watched.verify(black_box(&token), black_box(video), 1_700_000_000))
    });
}

criterion_group!(benches, verify);
criterion_main!(benches);
