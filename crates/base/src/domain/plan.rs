//! Plans people subscribe to: a name, a price in a currency per period, and the checks every
//! plan and grant passes before it is stored.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How long one paid period of a plan lasts. Periods are fixed lengths (30 and 365 days), so
/// a grant's end is simple arithmetic whatever the calendar says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// 30 days.
    Month,
    /// 365 days.
    Year,
}

impl Period {
    /// Its length in milliseconds.
    pub fn millis(self) -> i64 {
        const DAY: i64 = 86_400_000;
        match self {
            Period::Month => 30 * DAY,
            Period::Year => 365 * DAY,
        }
    }

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// Reads `month` or `year`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "month" | "monthly" => Some(Period::Month),
            "year" | "yearly" | "annual" => Some(Period::Year),
            _ => None,
        }
    }
}

/// Why a plan's fields were refused (the message names the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plan's name: trimmed, 1–60 printable characters.
pub fn plan_name(text: &str) -> Result<String, PlanError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(super::text::breaks_a_line) {
        return Err(PlanError("name: 1 to 60 printable characters".into()));
    }
    Ok(name.to_string())
}

/// An ISO 4217 currency code: three letters, kept upper-case.
pub fn currency(text: &str) -> Result<String, PlanError> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(PlanError("currency: a three-letter ISO 4217 code, such as EUR or USD".into()));
    }
    Ok(code)
}

/// A price in minor units (cents): 0 to 100,000,000.
pub fn price_minor(value: i64) -> Result<i64, PlanError> {
    if !(0..=100_000_000).contains(&value) {
        return Err(PlanError("price_minor: a whole number of cents from 0 to 100000000".into()));
    }
    Ok(value)
}

/// Reads a price written with at most two decimals (`9.99`, `12`) as minor units.
pub fn parse_price(text: &str) -> Result<i64, PlanError> {
    let bad = || PlanError("price: an amount such as 9.99".into());
    let text = text.trim();
    let (whole, cents) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || cents.len() > 2 || !cents.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| bad())?;
    price_minor(whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(bad)?)
}

/// `999` and `EUR` as `9.99 EUR`.
pub fn format_price(minor: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", minor / 100, minor % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_and_print_in_cents() {
        assert_eq!(parse_price("9.99"), Ok(999));
        assert_eq!(parse_price("12"), Ok(1200));
        assert_eq!(parse_price("0.5"), Ok(50));
        for bad in ["", "-1", "9.999", "1e3", "abc", ".5", "1000001"] {
            assert!(parse_price(bad).is_err(), "{bad}");
        }
        assert_eq!(format_price(999, "EUR"), "9.99 EUR");
        assert_eq!(format_price(5, "USD"), "0.05 USD");
    }

    #[test]
    fn names_currencies_and_periods_are_checked() {
        assert_eq!(plan_name("  Premium "), Ok("Premium".into()));
        assert!(plan_name(" ").is_err() && plan_name(&"x".repeat(61)).is_err() && plan_name("a\nb").is_err());
        assert_eq!(currency("eur"), Ok("EUR".into()));
        assert!(currency("EURO").is_err() && currency("E1R").is_err());
        assert_eq!(Period::parse("Month"), Some(Period::Month));
        assert_eq!(Period::parse("weekly"), None);
        assert_eq!(Period::Year.millis(), 365 * 86_400_000);
    }
}
