//! Viewer profiles inside one account: their names and avatar colours, and the cap on content
//! ratings that makes a profile a kids profile.

use std::fmt;
use std::sync::{Mutex, OnceLock};

use super::text::TextError;

/// The colours a profile's avatar may take (a disc with the name's initial), so every
/// avatar is readable on the site's background and none is an image someone uploaded.
pub const AVATAR_COLOURS: &[&str] = &["teal", "indigo", "amber", "rose", "green", "slate"];

/// A profile's name: 1–40 printable characters, trimmed.
pub fn profile_name(text: &str) -> Result<String, TextError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(super::text::breaks_a_line) {
        return Err(TextError("a profile name must be 1–40 printable characters".into()));
    }
    Ok(name.to_string())
}

/// The letter a profile's avatar shows: its name's first, upper-cased.
pub fn initial(name: &str) -> String {
    name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()
}

/// A profile's avatar colour, one of [`AVATAR_COLOURS`].
pub fn avatar_colour(text: &str) -> Result<&'static str, TextError> {
    AVATAR_COLOURS
        .iter()
        .find(|c| **c == text.trim())
        .copied()
        .ok_or_else(|| TextError(format!("an avatar colour is one of {}", AVATAR_COLOURS.join(", "))))
}

/// The content ratings a kids profile may see: the configured scale from its mildest rating up
/// to and including the cap. An item without a rating is not among them.
///
/// The list is interned for the life of the process, so a listing's audience that carries it
/// stays a small `Copy` value (it is part of every cache key of a listing).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RatingCap(&'static [String]);

impl RatingCap {
    /// The cap at `cap` on `scale` (mildest first); `None` when `cap` is not on the scale.
    pub fn new(scale: &[String], cap: &str) -> Option<Self> {
        let end = scale.iter().position(|r| r == cap)? + 1;
        Some(Self(intern(&scale[..end])))
    }

    /// The ratings at or under the cap, mildest first.
    pub fn ratings(self) -> &'static [String] {
        self.0
    }

    /// Whether an item rated `rating` is at or under the cap.
    pub fn admits(self, rating: Option<&str>) -> bool {
        rating.is_some_and(|r| self.0.iter().any(|allowed| allowed == r))
    }
}

impl fmt::Debug for RatingCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RatingCap({})", self.0.join(","))
    }
}

/// The one `'static` copy of `ratings`: every configuration with the same list (a process
/// loads one; a test binary starts many servers) shares it, so interning leaks nothing that
/// grows.
fn intern(ratings: &[String]) -> &'static [String] {
    static INTERNED: OnceLock<Mutex<Vec<&'static [String]>>> = OnceLock::new();
    let mut held = INTERNED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = held.iter().find(|h| **h == ratings) {
        return found;
    }
    let leaked: &'static [String] = Box::leak(ratings.to_vec().into_boxed_slice());
    held.push(leaked);
    leaked
}

/// A PIN: exactly four digits, which lock a profile or the account's parental controls.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// Reads four ASCII digits, nothing else.
    pub fn parse(text: &str) -> Result<Self, TextError> {
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_string()))
        } else {
            Err(TextError("a PIN is exactly four digits".into()))
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never the digits: a PIN does not go into a log.
impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_four_digits_and_never_printed() {
        assert_eq!(Pin::parse("0427").unwrap().as_str(), "0427");
        for bad in ["", "123", "12345", "12a4", " 123", "١٢٣٤"] {
            assert!(Pin::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format!("{:?}", Pin::parse("0427").unwrap()), "Pin(****)");
    }

    fn scale() -> Vec<String> {
        ["G", "PG", "PG-13", "R"].map(String::from).to_vec()
    }

    #[test]
    fn a_cap_admits_the_ratings_up_to_it_and_never_an_unrated_item() {
        let cap = RatingCap::new(&scale(), "PG").unwrap();
        assert_eq!(cap.ratings(), ["G", "PG"]);
        assert!(cap.admits(Some("G")) && cap.admits(Some("PG")));
        assert!(!cap.admits(Some("PG-13")) && !cap.admits(Some("R")) && !cap.admits(None));
        assert!(!cap.admits(Some("pg")), "ratings compare as the scale spells them");
        assert!(RatingCap::new(&scale(), "X").is_none());
    }

    #[test]
    fn equal_caps_share_one_interned_list() {
        let (a, b) = (RatingCap::new(&scale(), "PG-13").unwrap(), RatingCap::new(&scale(), "PG-13").unwrap());
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.ratings(), b.ratings()));
        assert_eq!(format!("{a:?}"), "RatingCap(G,PG,PG-13)");
    }

    #[test]
    fn names_and_colours_are_checked() {
        assert_eq!(profile_name("  Kids ").unwrap(), "Kids");
        assert!(profile_name(" ").is_err() && profile_name(&"x".repeat(41)).is_err() && profile_name("a\u{7}").is_err());
        assert_eq!(avatar_colour("teal").unwrap(), "teal");
        assert!(avatar_colour("chartreuse").is_err());
    }
}
