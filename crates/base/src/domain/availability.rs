//! When and where an item may be watched: a window (`available_from`, `available_until`) and
//! an allow or deny list of countries. Outside them an item is absent for everyone but its
//! owner and the admins; [`Availability::absence`] says why, so its direct URL can tell when
//! it comes or that it left.

use serde::{Deserialize, Serialize};

/// Most countries one rule names (there are fewer than 250).
pub const MAX_COUNTRIES: usize = 250;

/// A country by its ISO 3166-1 alpha-2 code, upper case (`FR`), as a MaxMind database names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The code, e.g. `FR`.
    pub fn as_str(&self) -> &str {
        // Two ASCII letters, checked when made.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl std::str::FromStr for Country {
    type Err = String;

    /// Two ASCII letters, either case (`fr` is `FR`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()])),
            _ => Err(format!("`{}` is not a two-letter country code (ISO 3166-1, such as FR)", s.chars().take(12).collect::<String>())),
        }
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Country {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Za-z]{2}$"))
            .description(Some("An ISO 3166-1 alpha-2 country code"))
            .into()
    }
}

impl utoipa::ToSchema for Country {}

/// Where an item may be watched: only in the listed countries, or everywhere but them. As
/// the API writes it: `{"allow": ["FR", "BE"]}` or `{"deny": ["US"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum CountryRule {
    /// Only these countries.
    Allow(Vec<Country>),
    /// Every country but these.
    Deny(Vec<Country>),
}

impl CountryRule {
    /// The rule with its countries sorted and each once; an allow list must name at least one
    /// (an empty one would hide the item everywhere, which is what `private` is for), and no
    /// list more than [`MAX_COUNTRIES`].
    pub fn normalised(self) -> Result<Self, String> {
        let (allow, mut list) = match self {
            CountryRule::Allow(l) => (true, l),
            CountryRule::Deny(l) => (false, l),
        };
        list.sort();
        list.dedup();
        if list.len() > MAX_COUNTRIES {
            return Err(format!("a country rule names at most {MAX_COUNTRIES} countries"));
        }
        if allow && list.is_empty() {
            return Err("an allow list must name at least one country".into());
        }
        Ok(if allow { CountryRule::Allow(list) } else { CountryRule::Deny(list) })
    }

    /// Whether a viewer in `country` may watch; a viewer whose country is unknown may watch
    /// only where the rule denies, not where it allows.
    pub fn admits(&self, country: Option<Country>) -> bool {
        match self {
            CountryRule::Allow(list) => country.is_some_and(|c| list.contains(&c)),
            CountryRule::Deny(list) => country.is_none_or(|c| !list.contains(&c)),
        }
    }

    /// As stored: `allow` or `deny`, and the codes between commas (`,FR,BE,`), so that SQL
    /// finds a country with `LIKE '%,FR,%'`.
    pub fn stored(&self) -> (&'static str, String) {
        let (mode, list) = match self {
            CountryRule::Allow(l) => ("allow", l),
            CountryRule::Deny(l) => ("deny", l),
        };
        let mut text = String::from(",");
        for c in list {
            text.push_str(c.as_str());
            text.push(',');
        }
        (mode, text)
    }

    /// Reads what [`CountryRule::stored`] wrote; `None` for no rule or anything else.
    pub fn from_stored(mode: Option<&str>, list: Option<&str>) -> Option<Self> {
        let codes = || list.unwrap_or("").split(',').filter(|c| !c.is_empty()).filter_map(|c| c.parse().ok()).collect();
        match mode? {
            "allow" => Some(CountryRule::Allow(codes())),
            "deny" => Some(CountryRule::Deny(codes())),
            _ => None,
        }
    }
}

/// An item's window and countries. The default is always and everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Availability {
    /// From when it may be watched (ms); before that it is "coming".
    pub from: Option<i64>,
    /// Until when (ms, exclusive); from then on it has left.
    pub until: Option<i64>,
    /// Where.
    pub countries: Option<CountryRule>,
}

/// Why an item may not be watched now or here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// Its window opens at this time (ms).
    NotYet(i64),
    /// Its window closed at this time (ms).
    Left(i64),
    /// Not in the viewer's country.
    NotHere,
}

impl Availability {
    /// Why a viewer in `country` may not watch it at `now` (ms), or `None` when they may.
    pub fn absence(&self, now: i64, country: Option<Country>) -> Option<Absence> {
        if let Some(from) = self.from.filter(|from| now < *from) {
            return Some(Absence::NotYet(from));
        }
        if let Some(until) = self.until.filter(|until| now >= *until) {
            return Some(Absence::Left(until));
        }
        if self.countries.as_ref().is_some_and(|rule| !rule.admits(country)) {
            return Some(Absence::NotHere);
        }
        None
    }

    /// Whether the window is well formed: it ends after it starts.
    pub fn check(&self) -> Result<(), String> {
        match (self.from, self.until) {
            (Some(from), Some(until)) if until <= from => Err("available_until must come after available_from".into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Country {
        code.parse().unwrap()
    }

    #[test]
    fn a_country_is_two_letters_read_in_either_case() {
        assert_eq!(country("fr").as_str(), "FR");
        for bad in ["", "F", "FRA", "F1", "é1", "  "] {
            assert!(bad.parse::<Country>().is_err(), "{bad:?}");
        }
        assert_eq!(serde_json::to_string(&country("de")).unwrap(), "\"DE\"");
    }

    #[test]
    fn a_rule_reads_as_the_api_writes_it_and_refuses_an_empty_allow_list() {
        let rule: CountryRule = serde_json::from_str(r#"{"allow": ["fr", "BE", "FR"]}"#).unwrap();
        assert_eq!(rule.clone().normalised().unwrap(), CountryRule::Allow(vec![country("BE"), country("FR")]));
        assert_eq!(serde_json::to_string(&rule.normalised().unwrap()).unwrap(), r#"{"allow":["BE","FR"]}"#);
        assert!(serde_json::from_str::<CountryRule>(r#"{"allow": ["FR"], "deny": ["US"]}"#).is_err());
        assert!(serde_json::from_str::<CountryRule>(r#"{"only": ["FR"]}"#).is_err());
        assert!(serde_json::from_str::<CountryRule>(r#"{"deny": ["France"]}"#).is_err());
        assert!(CountryRule::Allow(vec![]).normalised().is_err());
        assert_eq!(CountryRule::Deny(vec![]).normalised().unwrap(), CountryRule::Deny(vec![]));
    }

    #[test]
    fn an_unknown_country_is_let_in_only_where_a_rule_denies() {
        let allow = CountryRule::Allow(vec![country("FR")]);
        let deny = CountryRule::Deny(vec![country("FR")]);
        assert!(allow.admits(Some(country("FR"))) && !allow.admits(Some(country("DE"))) && !allow.admits(None));
        assert!(!deny.admits(Some(country("FR"))) && deny.admits(Some(country("DE"))) && deny.admits(None));
    }

    #[test]
    fn a_rule_is_stored_so_that_like_finds_a_country_and_read_back_the_same() {
        let rule = CountryRule::Deny(vec![country("BE"), country("FR")]);
        let (mode, list) = rule.stored();
        assert_eq!((mode, list.as_str()), ("deny", ",BE,FR,"));
        assert_eq!(CountryRule::from_stored(Some(mode), Some(&list)), Some(rule));
        assert_eq!(CountryRule::from_stored(None, Some(",FR,")), None);
    }

    #[test]
    fn the_window_opens_at_from_and_closes_at_until() {
        let a = Availability { from: Some(1_000), until: Some(2_000), countries: Some(CountryRule::Allow(vec![country("FR")])) };
        let fr = Some(country("FR"));
        assert_eq!(a.absence(999, fr), Some(Absence::NotYet(1_000)));
        assert_eq!(a.absence(1_000, fr), None);
        assert_eq!(a.absence(1_999, Some(country("DE"))), Some(Absence::NotHere));
        assert_eq!(a.absence(2_000, fr), Some(Absence::Left(2_000)));
        assert_eq!(Availability::default().absence(0, None), None);
        assert!(Availability { from: Some(2), until: Some(2), countries: None }.check().is_err());
        assert!(Availability { from: None, until: Some(2), countries: None }.check().is_ok());
    }
}
