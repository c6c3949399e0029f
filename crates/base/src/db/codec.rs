//! How domain types are stored: ids and named enums as text, read back through their parsers.
//!
//! With these, a record field is the domain type itself (`Option<UserId>` included) and a
//! query binds it directly, so nothing after `db/` handles an id or a role as a string. A
//! stored value that does not parse is a decode error, not a silently wrong record.

use std::fmt::Display;
use std::str::FromStr;

use sqlx::any::{Any, AnyTypeInfo};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::domain::moderation::{ReportKind, ReportStatus, ReportTarget};
use crate::domain::{
    CaptionId, CaptionKind, CaptionOrigin, ChapterOrigin, CollectionId, CommentId, ItemKind, JobId, JobKind, JobState, Language, PlanId,
    ProfileId, ReportId, Role, ShareId, TokenId, TrackLabel, UploadId, UserId, VideoId, VideoStatus, Visibility, WebhookId,
};

/// Encodes `value` as its `Display` text.
fn encode_text<'q>(value: &impl Display, buf: &mut <Any as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
    <String as Encode<'q, Any>>::encode(value.to_string(), buf)
}

/// Decodes stored text with `T`'s parser.
fn decode_text<T>(value: <Any as Database>::ValueRef<'_>) -> Result<T, BoxDynError>
where
    T: FromStr,
    T::Err: Into<BoxDynError>,
{
    let text = <String as Decode<Any>>::decode(value)?;
    text.parse().map_err(Into::into)
}

/// An optional filter's parameter, for SQL of the form `($n = '' OR column = $n)`: the
/// value's text, or `''` for "any" (which no stored id or name equals).
pub(super) fn or_any(value: Option<impl Display>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

macro_rules! stored_as_text {
    ($($ty:ty),+ $(,)?) => {$(
        impl Type<Any> for $ty {
            fn type_info() -> AnyTypeInfo {
                <String as Type<Any>>::type_info()
            }
            fn compatible(ty: &AnyTypeInfo) -> bool {
                <String as Type<Any>>::compatible(ty)
            }
        }
        impl<'q> Encode<'q, Any> for $ty {
            fn encode_by_ref(&self, buf: &mut <Any as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
                encode_text(self, buf)
            }
        }
        impl<'r> Decode<'r, Any> for $ty {
            fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                decode_text(value)
            }
        }
    )+};
}

stored_as_text!(
    CaptionId,
    CaptionKind,
    TrackLabel,
    CaptionOrigin,
    ChapterOrigin,
    CollectionId,
    PlanId,
    ProfileId,
    VideoId,
    JobId,
    UploadId,
    TokenId,
    WebhookId,
    ShareId,
    CommentId,
    ReportId,
    ReportTarget,
    ReportKind,
    ReportStatus,
    UserId,
    Role,
    Visibility,
    VideoStatus,
    JobState,
    JobKind,
    ItemKind,
    Language
);

/// What the platform says of itself is stored in its stored form, and read back through it
/// (text that is not one reads back as itself).
impl Type<Any> for crate::i18n::Said {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Any> for crate::i18n::Said {
    fn encode_by_ref(&self, buf: &mut <Any as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Any>>::encode(self.stored(), buf)
    }
}

impl<'r> Decode<'r, Any> for crate::i18n::Said {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self::from_stored(&<String as Decode<Any>>::decode(value)?))
    }
}
