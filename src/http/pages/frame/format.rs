//! How pages write numbers and times for people, in the page's language: durations, "3 days
//! ago", dates, view counts, sizes, percentages.

use minijinja::Environment;

use crate::http::pages::frame::shell;
use reel_base::domain::now_ms;
use reel_base::i18n::{self, Lang};

/// Adds the filters templates use: `duration`, `ago`, `date`, `iso`, `count`, `number`,
/// `bytes`, `percent`.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("duration", |secs: Option<f64>| secs.map(|s| i18n::clock(shell::lang(), s)).unwrap_or_default());
    env.add_filter("ago", |ms: i64| ago(shell::lang(), ms, now_ms()));
    env.add_filter("date", |ms: i64| i18n::date(shell::lang(), ms));
    // A moment to the minute: stored milliseconds, or an RFC 3339 time as the API gives one
    // (which, unreadable, shows as it is).
    env.add_filter("when", |moment: minijinja::Value| {
        let ms = match moment.as_str() {
            Some(text) => reel_base::domain::parse_rfc3339(text).ok_or_else(|| text.to_string()),
            None => i64::try_from(moment).map_err(|_| String::new()),
        };
        ms.map_or_else(|shown| shown, |ms| i18n::date_time(shell::lang(), ms))
    });
    env.add_filter("iso", reel_base::domain::rfc3339);
    env.add_filter("count", |n: i64| count(shell::lang(), n));
    env.add_filter("number", |n: f64, digits: Option<usize>| i18n::number(shell::lang(), n, digits.unwrap_or(0)));
    env.add_filter("bytes", |n: i64| bytes(shell::lang(), n));
    // Rounded down, so that 99.6 does not already claim 100; the sign where the language puts it.
    env.add_filter("percent", |p: f64| {
        let lang = shell::lang();
        i18n::text(lang, "percent", &[("n", i18n::number(lang, p.clamp(0.0, 100.0), 0).into())])
    });
    env.add_filter("ago_text", |rfc3339: &str| {
        reel_base::domain::parse_rfc3339(rfc3339).map(|t| ago(shell::lang(), t, now_ms())).unwrap_or_default()
    });
    // Built here from escaped pieces, so it is marked safe.
    env.add_filter("comment", |text: &str| minijinja::Value::from_safe_string(comment_html(text)));
}

/// A comment as HTML: its text escaped, and each web address in it a link that passes no
/// ranking, no referrer window and no opener to where it goes.
pub fn comment_html(text: &str) -> String {
    use minijinja::HtmlEscape;
    use reel_base::domain::comment::{pieces, Piece};
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => HtmlEscape(t).to_string(),
            Piece::Link(url) => format!("<a href=\"{0}\" rel=\"nofollow ugc noopener\">{0}</a>", HtmlEscape(url)),
        })
        .collect()
}

/// "just now", "5 minutes ago", "3 days ago", "2 years ago": the largest whole unit.
pub fn ago(lang: Lang, then_ms: i64, now: i64) -> String {
    let secs = (now - then_ms).max(0) / 1000;
    let units = [
        (365 * 86_400, "time-ago-years"),
        (30 * 86_400, "time-ago-months"),
        (7 * 86_400, "time-ago-weeks"),
        (86_400, "time-ago-days"),
        (3600, "time-ago-hours"),
        (60, "time-ago-minutes"),
    ];
    for (size, key) in units {
        let n = secs / size;
        if n >= 1 {
            return i18n::text(lang, key, &[("n", n.into())]);
        }
    }
    i18n::text(lang, "time-just-now", &[])
}

/// `950`, `1.2K`, `34K`, `1.5M`: short counts for cards, never rounded up.
pub fn count(lang: Lang, n: i64) -> String {
    let n = n.max(0) as f64;
    let short = |x: f64, key: &str| {
        let written = if x < 10.0 { i18n::number(lang, x, 1) } else { i18n::number(lang, x, 0) };
        // 1.0K reads 1K.
        let zero = i18n::number(lang, 0.0, 1);
        let written = written.strip_suffix(&zero[1..]).map(str::to_string).unwrap_or(written);
        i18n::text(lang, key, &[("n", written.into())])
    };
    if n < 1000.0 {
        i18n::number(lang, n, 0)
    } else if n < 1e6 {
        short(n / 1e3, "count-thousands")
    } else if n < 1e9 {
        short(n / 1e6, "count-millions")
    } else {
        short(n / 1e9, "count-billions")
    }
}

/// `512 B`, `3.4 MB`, `1.2 GB` (powers of 1000, as people read file sizes).
pub fn bytes(lang: Lang, n: i64) -> String {
    let n = n.max(0) as f64;
    let (value, digits, key) = match n {
        n if n < 1e3 => (n, 0, "size-bytes"),
        n if n < 1e6 => (n / 1e3, 1, "size-kilobytes"),
        n if n < 1e9 => (n / 1e6, 1, "size-megabytes"),
        n => (n / 1e9, 2, "size-gigabytes"),
    };
    i18n::text(lang, key, &[("n", i18n::number(lang, value, digits).into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_reads_as_a_date_and_time_from_milliseconds_or_an_api_time() {
        let mut env = Environment::new();
        register(&mut env);
        let when = |source: &str, moment: minijinja::Value| env.render_str(source, minijinja::context! { moment }).unwrap();
        assert_eq!(when("{{ moment | when }}", "2026-11-27T14:05:00Z".into()), "27 Nov 2026, 14:05 UTC");
        assert_eq!(when("{{ moment | when }}", 1_795_788_000_000_i64.into()), "27 Nov 2026, 14:00 UTC");
        assert_eq!(when("{{ moment | when }}", "not a time".into()), "not a time");
    }

    #[test]
    fn a_comment_is_escaped_and_its_links_made_safe() {
        let html = comment_html("<b>hi</b> see https://e.com/a?x=1&y=\"2 & <script>");
        assert_eq!(
            html,
            "&lt;b&gt;hi&lt;&#x2f;b&gt; see <a href=\"https:&#x2f;&#x2f;e.com&#x2f;a?x=1&amp;y=\" rel=\"nofollow ugc noopener\">\
             https:&#x2f;&#x2f;e.com&#x2f;a?x=1&amp;y=</a>&quot;2 &amp; &lt;script&gt;"
        );
        assert!(!comment_html("javascript:alert(1)").contains("<a"));
    }

    #[test]
    fn relative_times_pick_the_largest_whole_unit_in_the_language() {
        let now = 10_000_000_000;
        assert_eq!(ago(Lang::En, now - 5_000, now), "just now");
        assert_eq!(ago(Lang::En, now - 60_000, now), "1 minute ago");
        assert_eq!(ago(Lang::En, now - 3 * 86_400_000, now), "3 days ago");
        assert_eq!(ago(Lang::En, now - 15 * 86_400_000, now), "2 weeks ago");
        assert_eq!(ago(Lang::En, now + 60_000, now), "just now");
        assert_eq!(ago(Lang::Fr, now - 3 * 86_400_000, now), "il y a 3 jours");
        assert!(ago(Lang::Ar, now - 3 * 86_400_000, now).contains('٣'));
    }

    #[test]
    fn counts_are_short_and_never_round_up() {
        assert_eq!(count(Lang::En, 0), "0");
        assert_eq!(count(Lang::En, 999), "999");
        assert_eq!(count(Lang::En, 1_000), "1K");
        assert_eq!(count(Lang::En, 1_250), "1.2K");
        assert_eq!(count(Lang::En, 34_999), "34K");
        assert_eq!(count(Lang::En, 1_500_000), "1.5M");
        assert_eq!(count(Lang::Fr, 1_250), "1,2 k");
        assert_eq!(bytes(Lang::En, 3_400_000), "3.4 MB");
        assert_eq!(bytes(Lang::Fr, 3_400_000), "3,4 Mo");
    }
}
