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
    /// Watches, and works the moderation queue: reports, takedowns, suspensions. Nothing else
    /// of the installation.
    Moderator,
    /// Watches.
    Viewer,
}

/// Who may watch a video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Its owner and admins.
    Private,
    /// Any signed-in member of the platform (the default).
    Members,
    /// Anyone, signed in or not (only where the deployment allows it).
    Public,
}

str_enum!(Role { Admin => "admin", Creator => "creator", Moderator => "moderator", Viewer => "viewer" });
str_enum!(Visibility { Private => "private", Members => "members", Public => "public" });

impl Role {
    /// Whether this role may upload videos.
    pub fn can_upload(self) -> bool {
        matches!(self, Role::Admin | Role::Creator)
    }

    /// Whether this role may work the moderation queue.
    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Admin | Role::Moderator)
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

/// Country codes whose numbers keep a leading 0 in international form: Italy's landlines, and
/// the 10-digit plans of Côte d'Ivoire, Benin, Gabon, the Republic of the Congo and San
/// Marino's landlines.
const KEEPS_LEADING_ZERO: [&str; 6] = ["39", "225", "229", "241", "242", "378"];

/// A phone number in E.164 form: `+`, an assigned country calling code and the rest, 7–15
/// digits in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Checks a number and writes it in E.164 form: spaces, dashes, dots, slashes and brackets
    /// go, `00` in front reads as `+`, and a national trunk `(0)` right after the country code
    /// (`+44 (0)20 …`) is dropped. The country code must be one in use; North American
    /// numbers must have their ten digits.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let bad = |why: &str| TextError(format!("{why}; write the number in international form, like +44 20 7946 0958"));
        if s.len() > 40 {
            return Err(bad("that is too long for a phone number"));
        }
        let compact: String = s.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/')).collect();
        let rest = compact.strip_prefix('+').or_else(|| compact.strip_prefix("00")).ok_or_else(|| bad("the country code is missing"))?;
        let lead = rest.bytes().take_while(u8::is_ascii_digit).count();
        let code_len = super::calling_codes::country_code_len(&rest[..lead]).filter(|&n| n <= lead).ok_or_else(|| {
            if lead == 0 {
                bad("a phone number is 7 to 15 digits after the +")
            } else {
                bad("no country uses that calling code")
            }
        })?;
        let (code, after) = rest.split_at(code_len);
        let keeps_zero = KEEPS_LEADING_ZERO.contains(&code);
        let after = match after.strip_prefix("(0)") {
            Some(national) if keeps_zero => format!("0{national}"),
            Some(national) => national.to_string(),
            None => after.to_string(),
        };
        let national: String = after.chars().filter(|c| !matches!(c, '(' | ')')).collect();
        if !national.bytes().all(|b| b.is_ascii_digit()) || !(7..=15).contains(&(code.len() + national.len())) {
            return Err(bad("a phone number is 7 to 15 digits after the +"));
        }
        // NANP: NPA-NXX-XXXX, neither the area code nor the exchange starting with 0 or 1.
        let nanp_ok = |n: &[u8]| n.len() == 10 && n[0] >= b'2' && n[3] >= b'2';
        if code == "1" && !nanp_ok(national.as_bytes()) {
            return Err(bad("a North American number is 1 and ten digits, like +1 415 555 0123"));
        }
        if national.len() < 4 || national.starts_with('0') && !keeps_zero {
            return Err(bad("the number after the country code looks national (drop its leading 0)"));
        }
        Ok(Self(format!("+{code}{national}")))
    }

    /// A number as stored, trusted as it is: it was checked when it was stored, under the rules
    /// of its day, and an account must keep working even if those have since grown stricter.
    pub fn stored(number: &str) -> Self {
        Self(number.to_string())
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
    fn phones_are_written_in_e164_form() {
        for (typed, e164) in [
            ("+44 20 7946-0958", "+442079460958"),
            ("0044 20 7946 0958", "+442079460958"),
            ("+44 (0)20 7946 0958", "+442079460958"),
            ("+1 (415) 555-0123", "+14155550123"),
            ("+49 151/2345 6789", "+4915123456789"),
            ("+39 06 6982 1234", "+390669821234"),
            ("+39 (0)6 6982 1234", "+390669821234"),
            ("+225 07 12 34 56 78", "+2250712345678"),
            ("+44 20 (7946) 0958", "+442079460958"),
            ("+683 7290", "+6837290"),
            ("\u{a0}+33 1 23 45 67 89\u{a0}", "+33123456789"),
        ] {
            assert_eq!(Phone::parse(typed).map(|p| p.as_str().to_string()), Ok(e164.to_string()), "{typed:?}");
        }
        for bad in [
            "020 7946 0958",
            "+12",
            "+44abc12345",
            "+0441234567",
            "+44 020 7946 0958",
            "+1 415 555 012",
            "+1 115 555 0123",
            "+1 415 155 0123",
            "+800 1234 5678",
            "+28 1234 5678",
            "+44 20 7946 0958 1234 5",
            "++442079460958",
            "+4(0)4 20 7946 0958",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Phone::parse(&"1".repeat(41)).unwrap_err().0.contains("too long"));
    }

    #[test]
    fn roles_and_visibilities_round_trip() {
        for r in [Role::Admin, Role::Creator, Role::Moderator, Role::Viewer] {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert_eq!("members".parse::<Visibility>().unwrap(), Visibility::Members);
        assert!("everyone".parse::<Visibility>().is_err());
    }
}
