//! Domain types with no I/O: ids, the video status machine, validated user input.

/// Names, `Display` and `FromStr` for a fieldless enum stored by name.
macro_rules! str_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The name stored and shown.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $ty {
            type Err = $crate::domain::text::TextError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::domain::text::TextError(format!("unknown {} {s:?}", stringify!($ty).to_lowercase()))),
                }
            }
        }
    };
}

mod account;
pub mod availability;
mod calling_codes;
pub mod caption;
pub mod catalogue;
pub mod chapter;
mod clock;
pub mod collection;
pub mod comment;
pub mod device;
pub mod entitlement;
pub mod finishing;
mod holder;
mod job;
pub mod moderation;
pub mod netlist;
pub mod plan;
pub mod profile;
pub mod public_profile;
pub mod qoe;
pub mod recommend;
pub mod search;
mod status;
pub mod text;

pub use account::{Address, Email, Phone, Role, Visibility};
pub use caption::{Caption, CaptionKind, CaptionOrigin, TrackLabel};
pub use catalogue::{Credits, ItemKind, Language, Metadata};
pub use chapter::{Chapter, ChapterOrigin, ChapterTitle, Chapters};
pub use clock::Clock;
pub use collection::Shelf;
pub use holder::Holder;
pub use job::{JobKind, JobState};
pub use status::{StatusError, VideoStatus};
pub use text::{VideoDescription, VideoTitle};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        /// A UUID in its hyphenated form.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::domain::uuid_schema()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

/// How the API describes an id: a UUID string.
pub fn uuid_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::Custom("uuid".into()))).into()
}

id_type!(
    /// Identifies one video from upload to deletion.
    VideoId
);
id_type!(
    /// Identifies one job in the durable queue.
    JobId
);
id_type!(
    /// Identifies one resumable (tus) upload.
    UploadId
);
id_type!(
    /// Identifies one API token.
    TokenId
);
id_type!(
    /// Identifies one account.
    UserId
);
id_type!(
    /// Identifies one series or playlist.
    CollectionId
);
id_type!(
    /// Identifies one subscription plan.
    PlanId
);
id_type!(
    /// Identifies one caption or subtitle track of an item.
    CaptionId
);
id_type!(
    /// Identifies one share link of an item.
    ShareId
);
id_type!(
    /// Identifies one registered webhook endpoint.
    WebhookId
);
id_type!(
    /// Identifies one comment or reply on an item.
    CommentId
);
id_type!(
    /// Identifies one report (or appeal) in the moderation queue.
    ReportId
);
id_type!(
    /// Identifies one viewer profile. An account's main profile has the account's own id.
    ProfileId
);

impl From<UserId> for ProfileId {
    /// The account's main profile.
    fn from(user: UserId) -> Self {
        Self(user.0)
    }
}

/// Whether `name` is safe to use as one path segment (rendition names, file names we make).
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 32 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The share of an item a viewer must have reached for it to count as finished (credits and
/// the last seconds are often skipped): it leaves "continue watching" and recommendations.
pub const FINISHED_SHARE: f32 = 0.95;

/// Milliseconds since the Unix epoch: how every timestamp is stored.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// Percent-encodes `text` for a URL's path segment or query value: every byte but the
/// unreserved ones (RFC 3986) is escaped.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads an RFC 3339 time into milliseconds since the epoch: in UTC (`Z`, as [`rfc3339`] writes
/// it) or with an offset (`+02:00`), which is taken away.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let utc = |text: &str| -> Option<i64> {
        let t = humantime::parse_rfc3339(text).ok()?;
        let since = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        i64::try_from(since.as_millis()).ok()
    };
    if let Some(ms) = utc(text) {
        return Some(ms);
    }
    let (time, offset) = text.split_at_checked(text.len().checked_sub(6)?)?;
    let (sign, hours, minutes) = match offset.as_bytes() {
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) => {
            (if *sign == b'+' { 1 } else { -1 }, i64::from((h1 - b'0') * 10 + (h2 - b'0')), i64::from((m1 - b'0') * 10 + (m2 - b'0')))
        }
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(utc(&format!("{time}Z"))? - sign * (hours * 60 + minutes) * 60_000)
}

/// Formats a stored timestamp as RFC 3339 for the API.
pub fn rfc3339(ms: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_time_is_read_in_utc_or_with_an_offset() {
        let utc = super::parse_rfc3339("2027-01-31T20:00:00Z").unwrap();
        assert_eq!(super::parse_rfc3339("2027-01-31T22:00:00+02:00"), Some(utc));
        assert_eq!(super::parse_rfc3339("2027-01-31T19:30:00.000-00:30"), Some(utc));
        assert_eq!(super::rfc3339(utc), "2027-01-31T20:00:00.000Z");
        for bad in ["2027-01-31T20:00:00", "2027-01-31T20:00:00+24:00", "2027-01-31T20:00:00+0200", "tomorrow", "+02:00", ""] {
            assert_eq!(super::parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_bytes() {
        assert_eq!(super::percent_encode("ann-b_c.d~e9"), "ann-b_c.d~e9");
        assert_eq!(super::percent_encode("a b/é?&"), "a%20b%2F%C3%A9%3F%26");
    }
}
