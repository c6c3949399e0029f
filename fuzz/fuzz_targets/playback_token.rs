//! Playback tokens as a client may send them: never a panic, never accepted unless signed; and
//! any claims signed verify as themselves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::domain::{Holder, VideoId};
use reel_core::platform::signing::{Signer, SigningKey};

fuzz_target!(|input: (&str, i64, i64, bool)| {
    let (text, exp, now, anonymous) = input;
    let signer = Signer::new(vec![SigningKey::new(b"fuzzing-key-fuzzing-key-fuzzing-key".to_vec())]);
    let video = VideoId::new();
    assert!(signer.verify(text, video, now).is_err(), "an unsigned token was accepted: {text:?}");
    let holder = if anonymous { Holder::Anonymous } else { Holder::Account(reel_base::domain::UserId::new()) };
    let token = signer.sign(video, holder, exp);
    match signer.verify(&token, video, now) {
        Ok(claims) => assert!(claims.exp > now && claims.sub == holder && claims.vid == video),
        Err(e) => assert!(exp <= now, "a fresh token was refused: {e}"),
    }
});
