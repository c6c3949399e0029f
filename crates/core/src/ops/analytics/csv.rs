//! The analytics figures as CSV (RFC 4180): each report's table, one row per day or entry.
//! Text a person typed (titles, channel names, failure reasons) is quoted, and a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is prefixed with `'`, so an exported file never executes what an uploader wrote.

use super::dashboards::{Overview, Qoe, Top};
use super::operations::{Pipeline, RevenueReport, Signin};
use super::report::VideoReport;

/// One cell: quoted when it holds a comma, quote or line break; defused when it looks like a
/// formula.
fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

fn number<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A report that has a table.
pub trait Csv {
    /// The table.
    fn csv(&self) -> String;
}

impl Csv for Overview {
    fn csv(&self) -> String {
        let header = ["date", "views", "watch_hours", "sessions", "active_viewers", "uploads", "stored_bytes"];
        table(
            &header,
            self.days.iter().map(|d| {
                vec![
                    d.date.clone(),
                    d.views.to_string(),
                    format!("{:.3}", d.watch_hours),
                    d.sessions.to_string(),
                    d.active_viewers.to_string(),
                    d.uploads.to_string(),
                    d.stored_bytes.to_string(),
                ]
            }),
        )
    }
}

impl Csv for Top {
    fn csv(&self) -> String {
        let header = ["kind", "rank", "id", "name", "channel", "views", "watch_hours"];
        let items = self.items.iter().enumerate().map(|(i, e)| ("item", i, e));
        let channels = self.channels.iter().enumerate().map(|(i, e)| ("channel", i, e));
        table(
            &header,
            items.chain(channels).map(|(kind, i, e)| {
                vec![
                    kind.to_string(),
                    (i + 1).to_string(),
                    e.id.clone(),
                    e.name.clone(),
                    e.channel.clone().unwrap_or_default(),
                    e.views.to_string(),
                    format!("{:.3}", e.watch_hours),
                ]
            }),
        )
    }
}

impl Csv for Qoe {
    fn csv(&self) -> String {
        let header = ["date", "sessions", "startup_ms_p50", "startup_ms_p95", "rebuffer_ratio", "error_rate"];
        table(
            &header,
            self.days.iter().map(|d| {
                vec![
                    d.date.clone(),
                    d.sessions.to_string(),
                    number(d.startup_ms_p50),
                    number(d.startup_ms_p95),
                    number(d.rebuffer_ratio),
                    number(d.error_rate),
                ]
            }),
        )
    }
}

impl Csv for VideoReport {
    fn csv(&self) -> String {
        let header = ["date", "views", "sessions", "watch_hours", "startup_ms_p50", "startup_ms_p95", "rebuffer_ratio", "error_rate"];
        table(
            &header,
            self.days.iter().map(|d| {
                vec![
                    d.date.clone(),
                    d.views.to_string(),
                    d.sessions.to_string(),
                    format!("{:.3}", d.watch_hours),
                    number(d.startup_ms_p50),
                    number(d.startup_ms_p95),
                    number(d.rebuffer_ratio),
                    number(d.error_rate),
                ]
            }),
        )
    }
}

impl Csv for Pipeline {
    fn csv(&self) -> String {
        let header = ["date", "uploads", "playable_s_p50", "playable_s_p95", "ready_s_p50", "ready_s_p95", "failed"];
        table(
            &header,
            self.days.iter().map(|d| {
                vec![
                    d.date.clone(),
                    d.uploads.to_string(),
                    number(d.playable_s_p50),
                    number(d.playable_s_p95),
                    number(d.ready_s_p50),
                    number(d.ready_s_p95),
                    d.failed.to_string(),
                ]
            }),
        )
    }
}

impl Csv for Signin {
    fn csv(&self) -> String {
        let header = ["date", "channel", "requested", "sent", "failed", "delivered", "undelivered", "delivery_rate"];
        table(
            &header,
            self.days.iter().flat_map(|d| {
                d.codes.iter().map(move |c| {
                    vec![
                        d.date.clone(),
                        c.channel.clone(),
                        c.requested.to_string(),
                        c.sent.to_string(),
                        c.failed.to_string(),
                        c.delivered.to_string(),
                        c.undelivered.to_string(),
                        number(c.delivery_rate),
                    ]
                })
            }),
        )
    }
}

impl Csv for RevenueReport {
    fn csv(&self) -> String {
        let header = ["month", "plan", "amount_minor", "currency", "payments"];
        table(
            &header,
            self.months
                .iter()
                .map(|m| vec![m.month.clone(), m.plan.clone(), m.amount_minor.to_string(), m.currency.clone(), m.payments.to_string()]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }
}
