//! Charts drawn on the server as inline SVG: a line chart of daily series and a bar chart of
//! ranked values. No script, nothing fetched: the page reads the same with the network gone and
//! under the strict CSP. Colours come from the stylesheet by class (`series-0` …), so the dark
//! theme applies; every chart has a title and a description for screen readers, and the pages
//! put the figures in a table beside it.

use std::fmt::Write as _;

use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::t;
use reel_base::i18n;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// Text for inside SVG/XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A figure short enough for an axis: 1.2k, 3.4M, 0.25 (in the page's language).
pub fn compact(v: f64) -> String {
    let a = v.abs();
    let short = |n: f64, digits: usize, key: &str| t(key, &[("n", figure(n, digits).into())]);
    if a >= 1e9 {
        short(v / 1e9, 1, "chart-axis-billions")
    } else if a >= 1e6 {
        short(v / 1e6, 1, "chart-axis-millions")
    } else if a >= 1e4 {
        short(v / 1e3, 0, "chart-axis-thousands")
    } else if a >= 1e3 {
        short(v / 1e3, 1, "chart-axis-thousands")
    } else if a >= 10.0 || v == v.trunc() {
        figure(v, 0)
    } else {
        figure(v, 2)
    }
}

/// `v` rounded to `digits` decimals (to the nearest, as `format!` rounds), written with the
/// page's language's digits, decimal mark and thousands separator.
pub fn figure(v: f64, digits: usize) -> String {
    i18n::figure(shell::lang(), v, digits)
}

/// `text` (a date such as `2026-01-28`) with its ASCII digits in the page's language's digits.
pub fn local_digits(text: &str) -> String {
    let lang = shell::lang();
    text.chars().map(|c| c.to_digit(10).map_or_else(|| c.to_string(), |d| i18n::number(lang, f64::from(d), 0))).collect()
}

/// Names as a list: `views, active viewers`.
fn list(names: &[&str]) -> String {
    names.join(&t("analytics-list-separator", &[]))
}

/// A "nice" top for an axis at or above `max` (1, 2 or 5 times a power of ten).
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|top| *top >= max).unwrap_or(10.0 * power)
}

/// A line chart: `x` labels (days, percents) along the bottom, one polyline per series (a gap
/// where a value is missing).
pub fn lines<S: AsRef<str>>(title: &str, x: &[String], series: &[(S, Vec<Option<f64>>)]) -> String {
    let max = series.iter().flat_map(|(_, v)| v.iter().flatten()).copied().fold(0.0, f64::max);
    let top = nice_top(max);
    // With more than one series a legend takes the top line.
    let plot_top = if series.len() > 1 { TOP + 18.0 } else { TOP };
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - plot_top - BOTTOM);
    let step = if x.len() > 1 { plot_w / (x.len() - 1) as f64 } else { 0.0 };
    let px = |i: usize| LEFT + step * i as f64;
    let py = |v: f64| plot_top + plot_h * (1.0 - v / top);
    let names: Vec<&str> = series.iter().map(|(n, _)| n.as_ref()).collect();
    let mut svg = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\"><title>{}</title><desc>{}</desc>",
        escape(title),
        escape(title),
        escape(&t(
            "chart-description",
            &[
                ("series", list(&names).into()),
                ("from", x.first().map_or("", String::as_str).into()),
                ("to", x.last().map_or("", String::as_str).into()),
            ]
        ))
    );
    if series.len() > 1 {
        for (n, name) in names.iter().enumerate() {
            let x0 = LEFT + 130.0 * n as f64;
            let _ = write!(
                svg,
                "<line class=\"chart-line series-{}\" x1=\"{x0}\" x2=\"{}\" y1=\"{TOP}\" y2=\"{TOP}\"/><text class=\"chart-label\" x=\"{}\" y=\"{}\">{}</text>",
                n % 4,
                x0 + 16.0,
                x0 + 20.0,
                TOP + 4.0,
                escape(name)
            );
        }
    }
    for i in 0..=4 {
        let v = top * f64::from(i) / 4.0;
        let y = py(v);
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"chart-axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(&compact(v))
        );
    }
    // At most six labels along the bottom, evenly spread, the last one always shown.
    let every = x.len().div_ceil(6).max(1);
    for (i, label) in x.iter().enumerate() {
        if i % every == 0 || i + 1 == x.len() {
            let _ = write!(
                svg,
                "<text class=\"chart-axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                px(i),
                HEIGHT - 8.0,
                escape(label)
            );
        }
    }
    for (n, (_, values)) in series.iter().enumerate() {
        let mut run = Vec::new();
        let flush = |run: &mut Vec<String>, svg: &mut String| {
            match run.len() {
                0 => {}
                1 => {
                    let (cx, cy) = run[0].split_once(',').unwrap_or(("0", "0"));
                    let _ = write!(svg, "<circle class=\"chart-dot series-{}\" cx=\"{cx}\" cy=\"{cy}\" r=\"3\"/>", n % 4);
                }
                _ => {
                    let _ = write!(svg, "<polyline class=\"chart-line series-{}\" points=\"{}\"/>", n % 4, run.join(" "));
                }
            }
            run.clear();
        };
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push(format!("{:.1},{:.1}", px(i), py(*v))),
                None => flush(&mut run, &mut svg),
            }
        }
        flush(&mut run, &mut svg);
    }
    svg.push_str("</svg>");
    svg
}

/// A horizontal bar chart of labelled values, largest scale first as given.
pub fn bars(title: &str, bars: &[(String, f64)]) -> String {
    let row = 24.0;
    let height = TOP + row * bars.len().max(1) as f64 + 8.0;
    let label_w = 200.0;
    let top = nice_top(bars.iter().map(|(_, v)| *v).fold(0.0, f64::max));
    let plot_w = WIDTH - label_w - RIGHT - 60.0;
    let mut svg = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(title),
        escape(title)
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = TOP + row * i as f64;
        let shown: String = label.chars().take(28).collect();
        let w = (plot_w * value / top).max(if *value > 0.0 { 1.0 } else { 0.0 });
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect class=\"chart-bar series-0\" x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\"/>\
             <text class=\"chart-axis\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 8.0,
            y + 15.0,
            escape(&shown),
            y + 4.0,
            row - 8.0,
            label_w + w + 6.0,
            y + 15.0,
            escape(&compact(*value))
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_gaps_split_the_line() {
        let x: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let svg = lines("<script>", &x, &[("views", vec![Some(1.0), None, Some(3.0), Some(4.0)])]);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        assert_eq!(svg.matches("<polyline").count(), 1, "the run after the gap");
        assert_eq!(svg.matches("<circle").count(), 1, "the lone point before it");
        let two = lines("Two", &x, &[("views", vec![Some(1.0); 4]), ("<viewers>", vec![Some(2.0); 4])]);
        assert!(two.contains(">views</text>") && two.contains(">&lt;viewers&gt;</text>"), "a legend names each series");
        let svg = bars("Top", &[("\"quoted\" & <b>".into(), 5.0)]);
        assert!(svg.contains("&quot;quoted&quot; &amp; &lt;b&gt;"));
    }

    #[test]
    fn figures_round_as_format_does_and_group_thousands() {
        for (v, digits) in [(12.25, 1), (0.125, 2), (2.5, 0), (99.96, 1), (0.00004, 4), (7.0, 2)] {
            assert_eq!(figure(v, digits), format!("{v:.digits$}"), "{v} to {digits}");
        }
        assert_eq!(figure(-1.25, 1), format!("{:.1}", -1.25));
        assert_eq!(figure(-0.04, 1), "0.0", "no minus before a zero");
        assert_eq!(figure(1234.56, 1), "1,234.6");
        assert_eq!(local_digits("2026-01-28"), "2026-01-28");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(120.0), 200.0);
        assert_eq!(nice_top(0.3), 0.5);
        assert_eq!(compact(1500.0), "1.5k");
        assert_eq!(compact(0.25), "0.25");
        assert_eq!(compact(3.0), "3");
    }
}
