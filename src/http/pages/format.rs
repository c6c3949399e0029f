//! How pages write numbers and times for people: durations, "3 days ago", view counts, sizes.

use minijinja::Environment;

use crate::domain::now_ms;

/// Adds the filters templates use: `duration`, `ago`, `iso`, `count`, `bytes`, `percent`.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("duration", |secs: Option<f64>| secs.map(duration).unwrap_or_default());
    env.add_filter("ago", |ms: i64| ago(ms, now_ms()));
    env.add_filter("iso", crate::domain::rfc3339);
    env.add_filter("count", |n: i64| count(n));
    env.add_filter("bytes", |n: i64| bytes(n));
    env.add_filter("percent", |p: f64| format!("{:.0}", p.clamp(0.0, 100.0).floor()));
    env.add_filter("ago_text", |rfc3339: &str| crate::domain::parse_rfc3339(rfc3339).map(|t| ago(t, now_ms())).unwrap_or_default());
    // Built here from escaped pieces, so it is marked safe.
    env.add_filter("comment", |text: &str| minijinja::Value::from_safe_string(comment_html(text)));
}

/// A comment as HTML: its text escaped, and each web address in it a link that passes no
/// ranking, no referrer window and no opener to where it goes.
pub fn comment_html(text: &str) -> String {
    use crate::domain::comment::{pieces, Piece};
    use minijinja::HtmlEscape;
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => HtmlEscape(t).to_string(),
            Piece::Link(url) => format!("<a href=\"{0}\" rel=\"nofollow ugc noopener\">{0}</a>", HtmlEscape(url)),
        })
        .collect()
}

/// `3:05`, or `1:02:03` from an hour up.
pub fn duration(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs.round() as u64 } else { 0 };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "just now", "5 minutes ago", "3 days ago", "2 years ago".
pub fn ago(then_ms: i64, now: i64) -> String {
    let secs = (now - then_ms).max(0) / 1000;
    let units = [(365 * 86_400, "year"), (30 * 86_400, "month"), (7 * 86_400, "week"), (86_400, "day"), (3600, "hour"), (60, "minute")];
    for (size, name) in units {
        let n = secs / size;
        if n >= 1 {
            return format!("{n} {name}{} ago", if n == 1 { "" } else { "s" });
        }
    }
    "just now".to_string()
}

/// `950`, `1.2K`, `34K`, `1.5M`: short counts for cards.
pub fn count(n: i64) -> String {
    let n = n.max(0) as f64;
    let short =
        |x: f64, unit: &str| if x < 10.0 { format!("{:.1}{unit}", (x * 10.0).floor() / 10.0) } else { format!("{}{unit}", x.floor()) };
    if n < 1000.0 {
        format!("{n}")
    } else if n < 1e6 {
        short(n / 1e3, "K")
    } else if n < 1e9 {
        short(n / 1e6, "M")
    } else {
        short(n / 1e9, "B")
    }
}

/// `512 B`, `3.4 MB`, `1.2 GB` (powers of 1000, as people read file sizes).
pub fn bytes(n: i64) -> String {
    let n = n.max(0) as f64;
    match n {
        n if n < 1e3 => format!("{n} B"),
        n if n < 1e6 => format!("{:.1} kB", n / 1e3),
        n if n < 1e9 => format!("{:.1} MB", n / 1e6),
        n => format!("{:.2} GB", n / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn durations_read_like_a_player_shows_them() {
        assert_eq!(duration(0.0), "0:00");
        assert_eq!(duration(59.6), "1:00");
        assert_eq!(duration(185.0), "3:05");
        assert_eq!(duration(3723.0), "1:02:03");
        assert_eq!(duration(f64::NAN), "0:00");
    }

    #[test]
    fn relative_times_pick_the_largest_whole_unit() {
        let now = 10_000_000_000;
        assert_eq!(ago(now - 5_000, now), "just now");
        assert_eq!(ago(now - 60_000, now), "1 minute ago");
        assert_eq!(ago(now - 3 * 86_400_000, now), "3 days ago");
        assert_eq!(ago(now - 15 * 86_400_000, now), "2 weeks ago");
        assert_eq!(ago(now + 60_000, now), "just now");
    }

    #[test]
    fn counts_are_short_and_never_round_up() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_250), "1.2K");
        assert_eq!(count(34_999), "34K");
        assert_eq!(count(1_500_000), "1.5M");
        assert_eq!(bytes(3_400_000), "3.4 MB");
    }
}
