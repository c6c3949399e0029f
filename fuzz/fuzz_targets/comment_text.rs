//! Comments and reports as members type them: never a panic; an accepted comment is within
//! its bounds and reads back the same; its pieces put together are the text, and every link
//! is an `http(s)://` address with no white space or markup in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_base::domain::comment::{pieces, CommentBody, Piece};
use reel_base::domain::moderation::Statement;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(body) = CommentBody::parse(text, 500) {
        assert!(!body.as_str().is_empty() && body.as_str().chars().count() <= 500);
        assert_eq!(CommentBody::parse(body.as_str(), 500).as_ref().map(CommentBody::as_str), Ok(body.as_str()), "tidying twice changes it");
    }
    let mut joined = String::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => joined.push_str(t),
            Piece::Link(url) => {
                let lower = url.to_ascii_lowercase();
                assert!(lower.starts_with("http://") || lower.starts_with("https://"), "{url:?}");
                assert!(!url.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')), "{url:?}");
                joined.push_str(url);
            }
        }
    }
    assert_eq!(joined, text);
    let _ = Statement::parse(text, "reason");
});
