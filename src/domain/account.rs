//! Accounts: roles, video visibility, and validated email addresses and phone numbers.

use serde::{Deserialize, Serialize};

use super::text::TextError;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages everything: users, every video, the queue, the audit log.
    Admin,
    /// Uploads and manages their own videos.
    Creator,
    /// Watches.
    Viewer,
}

/// Who may watch a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Its owner and admins.
    Private,
    /// Any signed-in member of the platform (the default).
    Members,
    /// Anyone, signed in or not (only where the deployment allows it).
    Public,
}

str_enum!(Role { Admin => "admin", Creator => "creator", Viewer => "viewer" });
str_enum!(Visibility { Private => "private", Members => "members", Public => "public" });

impl Role {
    /// Whether this role may upload videos.
    pub fn can_upload(self) -> bool {
        matches!(self, Role::Admin | Role::Creator)
    }
}

/// An email address: trimmed, lower-cased, one `@`, a dotted domain, bounded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Checks and normalises an address.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let s = s.trim().to_lowercase();
        let bad = || TextError("that is not a valid email address".into());
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';' | '\\')) {
            return Err(bad());
        }
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        let labels_ok = domain.split('.').all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
        if local.is_empty() || local.len() > 64 || domain.contains('@') || !domain.contains('.') || !labels_ok {
            return Err(bad());
        }
        Ok(Self(s))
    }
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form: `+` and 8–15 digits (spaces, dashes and dots are dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Checks and normalises a number.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let compact: String = s.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let digits = compact.strip_prefix('+').unwrap_or("");
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
            Ok(Self(compact))
        } else {
            Err(TextError("a phone number must be in international form, like +44 20 7946 0958".into()))
        }
    }
    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

super::text::string_conversions!(Email, Email::parse);
super::text::string_conversions!(Phone, Phone::parse);

/// Where a login code is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address {
    /// By email.
    Email(Email),
    /// By SMS.
    Phone(Phone),
}

impl Address {
    /// `email` or `sms`.
    pub fn channel(&self) -> &'static str {
        match self {
            Address::Email(_) => "email",
            Address::Phone(_) => "sms",
        }
    }
    /// The address as text.
    pub fn as_str(&self) -> &str {
        match self {
            Address::Email(e) => e.as_str(),
            Address::Phone(p) => p.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Ada@Example.ORG ").unwrap().as_str(), "ada@example.org");
        for bad in ["", "ada", "ada@", "@example.org", "ada@example", "a b@example.org", "ada@@example.org", "<script>@x.org", "ada@-x.org"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn phones_must_be_international() {
        assert_eq!(Phone::parse("+44 20 7946-0958").unwrap().as_str(), "+442079460958");
        for bad in ["020 7946 0958", "+12", "+44abc12345", "+0441234567"] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn roles_and_visibilities_round_trip() {
        for r in [Role::Admin, Role::Creator, Role::Viewer] {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert_eq!("members".parse::<Visibility>().unwrap(), Visibility::Members);
        assert!("everyone".parse::<Visibility>().is_err());
    }
}
