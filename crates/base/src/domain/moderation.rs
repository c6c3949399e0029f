//! Moderation as data: what a report is about, where it stands, the text a report or an
//! appeal carries, and how long a suspension lasts.

use super::text::TextError;

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportTarget {
    /// An item.
    Video,
    /// A comment or reply.
    Comment,
    /// An account (its channel, its name, its picture).
    Account,
}

str_enum!(ReportTarget { Video => "video", Comment => "comment", Account => "account" });

/// What a row of the queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// A member's report.
    Report,
    /// An owner's appeal of their item's takedown.
    Appeal,
}

str_enum!(ReportKind { Report => "report", Appeal => "appeal" });

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportStatus {
    /// Waiting in the queue.
    Open,
    /// Looked at; nothing was done.
    Dismissed,
    /// Acted on: the item taken down or deleted, the comment hidden or deleted, the account
    /// suspended (or, for an appeal, the item restored).
    Actioned,
}

str_enum!(ReportStatus { Open => "open", Dismissed => "dismissed", Actioned => "actioned" });

/// What a notification about moderation tells its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationNotice {
    /// The outcome of the reader's report or appeal.
    Report,
    /// The reader's item was taken down.
    Takedown,
    /// The reader's item was restored.
    Restored,
}

str_enum!(ModerationNotice { Report => "report", Takedown => "takedown", Restored => "restored" });

/// Why something is reported, why a moderator acted, or what an owner says in an appeal:
/// 1–1000 characters after trimming, no control characters but line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement(String);

impl Statement {
    /// The most characters one may have.
    pub const MAX_CHARS: usize = 1000;

    /// Checks `text`; `what` names it in the error ("reason", "message").
    pub fn parse(text: &str, what: &str) -> Result<Self, TextError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextError(format!("a {what} is needed")));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(TextError(format!("a {what} is at most {} characters", Self::MAX_CHARS)));
        }
        if text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t' && c != '\r') || matches!(c, '\u{2028}' | '\u{2029}')) {
            return Err(TextError(format!("a {what} must not contain control characters")));
        }
        Ok(Self(text.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest suspension, in days: beyond a year, disabling the account says it better.
pub const MAX_SUSPENSION_DAYS: u32 = 365;

/// How long a suspension lasts, in milliseconds, for 1 to [`MAX_SUSPENSION_DAYS`] days.
pub fn suspension_ms(days: u32) -> Result<i64, TextError> {
    if !(1..=MAX_SUSPENSION_DAYS).contains(&days) {
        return Err(TextError(format!("a suspension lasts 1 to {MAX_SUSPENSION_DAYS} days")));
    }
    Ok(i64::from(days) * 86_400_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_trimmed_and_bounded() {
        assert_eq!(Statement::parse("  spam \n", "reason").unwrap().as_str(), "spam");
        assert!(Statement::parse(" ", "reason").unwrap_err().0.contains("reason"));
        assert!(Statement::parse(&"x".repeat(1001), "reason").is_err());
        assert!(Statement::parse("a\u{0}b", "reason").is_err());
    }

    #[test]
    fn targets_round_trip_and_suspensions_are_bounded() {
        for t in [ReportTarget::Video, ReportTarget::Comment, ReportTarget::Account] {
            assert_eq!(t.as_str().parse::<ReportTarget>().unwrap(), t);
        }
        assert!("playlist".parse::<ReportTarget>().is_err());
        assert_eq!(suspension_ms(1).unwrap(), 86_400_000);
        assert!(suspension_ms(0).is_err() && suspension_ms(366).is_err());
    }
}
