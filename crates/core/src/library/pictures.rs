//! A picture someone uploads for their channel (its avatar, its logo), checked before it is
//! stored: the picture lane's job reads it properly later, so what is refused here is what
//! would only waste that job: too big, not an image at all, or too many this hour.

use http::StatusCode;

use crate::auth::Caller;
use crate::platform::problem::{self, Problem};
use crate::platform::Context;

/// Whether `bytes` start like one of the image formats an avatar or a logo may be (the job reads them
/// properly; this spares it obvious non-images).
pub fn looks_like_an_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xff\xd8\xff")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

/// Checks a picture upload (`what`: "an avatar", "a logo") before it is stored: at most
/// `max_bytes`, starting like an image format Reel reads, and within the account's hourly
/// budget of pictures (`rate_limit.picture_uploads_per_hour_per_account`), since each one costs
/// the picture lane a decode. A refused upload does not count against the budget.
pub async fn check_upload(ctx: &Context, caller: &Caller, bytes: &[u8], max_bytes: usize, what: &str) -> problem::Result<()> {
    if bytes.len() > max_bytes {
        let limit = format!("{what} is at most {} MB", max_bytes / (1024 * 1024));
        return Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", limit));
    }
    if !looks_like_an_image(bytes) {
        return Err(Problem::bad_request("invalid-image", format!("{what} is a PNG, JPEG, WebP or GIF image")));
    }
    let budget = crate::platform::ratelimit::picture_quota(&ctx.config.rate_limit);
    ctx.shared.check_rate(&format!("picture:{}", caller.subject()), budget).await?;
    Ok(())
}
