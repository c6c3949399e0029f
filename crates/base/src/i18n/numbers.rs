//! Numbers, clock times and dates as each language writes them: its digits (Arabic has its
//! own), its decimal mark and its thousands separator; a date's order and month names come
//! from the catalogue (`date-medium`, `month-N`).

use fluent_bundle::types::{FluentNumber, FluentValue};

use super::{text, Lang};

/// How a language writes a number.
struct Style {
    decimal: &'static str,
    group: &'static str,
    /// The digit zero; the other nine follow it in Unicode.
    zero: char,
}

fn style(lang: Lang) -> Style {
    match lang {
        Lang::En => Style { decimal: ".", group: ",", zero: '0' },
        // A narrow no-break space between thousands, as French typography has it.
        Lang::Fr => Style { decimal: ",", group: "\u{202f}", zero: '0' },
        Lang::Ar => Style { decimal: "٫", group: "٬", zero: '٠' },
    }
}

/// `n` with `fraction_digits` decimals (rounded down, so 99.96 % never claims 100), grouped by
/// thousands: `1,234.5` in English, `1 234,5` in French, `١٬٢٣٤٫٥` in Arabic.
pub fn number(lang: Lang, n: f64, fraction_digits: usize) -> String {
    let style = style(lang);
    let n = if n.is_finite() { n } else { 0.0 };
    let scale = 10f64.powi(fraction_digits as i32);
    let truncated = (n.abs() * scale + 1e-9).floor() / scale;
    let plain = format!("{truncated:.fraction_digits$}");
    let (whole, fraction) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    if n < 0.0 && truncated > 0.0 {
        out.push('-');
    }
    // Four-digit numbers stay ungrouped where the language's custom is so (French writes 2026).
    let group = whole.len() > 4 || (whole.len() == 4 && lang != Lang::Fr);
    for (i, c) in whole.chars().enumerate() {
        if group && i > 0 && (whole.len() - i) % 3 == 0 {
            out.push_str(style.group);
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push_str(style.decimal);
        out.push_str(f);
    }
    digits(&out, style.zero)
}

/// `v` rounded to `fraction_digits` decimals (to the nearest, as `format!` rounds: an amount
/// of money, a percentage of a share), written as `number` writes it.
pub fn figure(lang: Lang, v: f64, fraction_digits: usize) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let plain = format!("{:.fraction_digits$}", v.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let mut out = String::new();
    if v < 0.0 && plain.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    out.push_str(&number(lang, whole.parse().unwrap_or(0.0), 0));
    if !fraction.is_empty() {
        let style = style(lang);
        out.push_str(style.decimal);
        out.push_str(&digits(fraction, style.zero));
    }
    out
}

/// `3:05`, or `1:02:03` from an hour up, in the language's digits: a player's clock.
pub fn clock(lang: Lang, secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs.round() as u64 } else { 0 };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let plain = if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") };
    digits(&plain, style(lang).zero)
}

/// The day of the stored time `ms` (UTC) as the language writes a date: "27 Nov 2026",
/// "27 nov. 2026", "٢٧ نوفمبر ٢٠٢٦".
pub fn date(lang: Lang, ms: i64) -> String {
    let stamp = crate::domain::rfc3339(ms);
    let field = |range: std::ops::Range<usize>| stamp.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(1);
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let month_name = text(lang, &format!("month-{month}"), &[]);
    let zero = style(lang).zero;
    let (day, year) = (digits(&day.to_string(), zero), digits(&year.to_string(), zero));
    text(lang, "date-medium", &[("day", day.into()), ("month", month_name.into()), ("year", year.into())])
}

/// The stored time `ms` to the minute, in UTC, as the language writes a date and a time:
/// "27 Nov 2026, 14:05 UTC", "27 nov. 2026 à 14:05 UTC".
pub fn date_time(lang: Lang, ms: i64) -> String {
    let stamp = crate::domain::rfc3339(ms);
    let time = digits(stamp.get(11..16).unwrap_or("00:00"), style(lang).zero);
    text(lang, "date-time", &[("date", date(lang, ms).into()), ("time", time.into())])
}

/// ASCII digits in `s` rewritten from `zero` up.
fn digits(s: &str, zero: char) -> String {
    if zero == '0' {
        return s.to_string();
    }
    s.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(zero as u32 + d)).unwrap_or(c)).collect()
}

/// Fluent's hook for numbers placed in a message, one instance per language (`L` is the
/// language's place in `Lang::ALL`): a whole number without decimals, else as many as the
/// message asks for (`NUMBER($n, minimumFractionDigits: 1)`), else up to two.
pub fn fluent_formatter<const L: usize, M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    let FluentValue::Number(FluentNumber { value, options }) = value else { return None };
    let lang = Lang::ALL[L];
    let fraction = options.minimum_fraction_digits.or(options.maximum_fraction_digits).unwrap_or(if value.fract() == 0.0 { 0 } else { 2 });
    let written = number(lang, *value, fraction);
    // Trailing zeros of an unasked-for fraction go: 2.50 reads 2.5.
    if options.minimum_fraction_digits.is_none() && fraction > 0 {
        let decimal = style(lang).decimal;
        let zero = style(lang).zero;
        let trimmed = written.trim_end_matches(zero);
        return Some(trimmed.strip_suffix(decimal).unwrap_or(trimmed).to_string());
    }
    Some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_each_languages_marks_and_digits() {
        assert_eq!(number(Lang::En, 1234.56, 1), "1,234.5");
        assert_eq!(number(Lang::Fr, 1234567.0, 0), "1\u{202f}234\u{202f}567");
        assert_eq!(number(Lang::Fr, 2026.0, 0), "2026");
        assert_eq!(number(Lang::Fr, 0.5, 1), "0,5");
        assert_eq!(number(Lang::Ar, 1234.5, 1), "١٬٢٣٤٫٥");
        assert_eq!(number(Lang::En, -3.0, 0), "-3");
        assert_eq!(number(Lang::En, 99.96, 1), "99.9");
    }

    #[test]
    fn clocks_keep_their_shape_in_every_language() {
        assert_eq!(clock(Lang::En, 185.0), "3:05");
        assert_eq!(clock(Lang::Fr, 3723.0), "1:02:03");
        assert_eq!(clock(Lang::Ar, 185.0), "٣:٠٥");
        assert_eq!(clock(Lang::En, f64::NAN), "0:00");
    }

    #[test]
    fn dates_follow_the_catalogues_order_and_month_names() {
        let ms = 1_795_737_600_000; // 2026-11-27
        assert_eq!(date(Lang::En, ms), "27 Nov 2026");
        assert_eq!(date(Lang::Fr, ms), "27 nov. 2026");
        assert!(date(Lang::Ar, ms).contains("٢٠٢٦"), "{}", date(Lang::Ar, ms));
        let later = ms + (14 * 60 + 5) * 60_000 + 59_000;
        assert_eq!(date_time(Lang::En, later), "27 Nov 2026, 14:05 UTC");
        assert_eq!(date_time(Lang::Fr, later), "27 nov. 2026 à 14:05 UTC");
        assert!(date_time(Lang::Ar, later).contains("١٤:٠٥"), "{}", date_time(Lang::Ar, later));
    }
}
