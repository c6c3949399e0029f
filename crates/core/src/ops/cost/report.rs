//! The cost report: recorded usage priced at `[prices]` for one month — the total, by resource,
//! by day, by item and by channel — with a forecast of the month from the trend of its complete
//! days, and the anomalies: days whose cost of a resource is far above its recent normal, each
//! with the item (and so the channel) whose usage grew most.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::platform::problem::{self, Problem};
use reel_base::config::Config;
use reel_base::db::usage;
use reel_base::db::Db;
use reel_base::domain::qoe::{date_of_day, day_from_date};
use reel_base::i18n::{Said, Value};

use super::{day_of, Resource};

/// How many items and channels a report lists.
pub const REPORT_ROWS: usize = 20;

/// A calendar month, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// Its first day (days since the epoch).
    pub first: i64,
    /// The first day of the next month.
    pub next: i64,
}

impl Month {
    /// The month of a `YYYY-MM` string.
    pub fn parse(text: &str) -> Option<Month> {
        let first = day_from_date(&format!("{text}-01"))?;
        let (y, m) = text.split_once('-')?;
        let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        Some(Month { first, next: day_from_date(&format!("{ny:04}-{nm:02}-01"))? })
    }

    /// The month a day falls in.
    pub fn of_day(day: i64) -> Month {
        Month::parse(&date_of_day(day)[..7]).expect("a day's own month parses")
    }

    /// Its days.
    pub fn days(self) -> i64 {
        self.next - self.first
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        date_of_day(self.first)[..7].to_string()
    }
}

/// One resource over the month.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ResourceCost {
    /// What was recorded, in whole units (bytes held per day, bytes, CPU ms, messages,
    /// requests).
    pub quantity: i64,
    /// That in the units it is priced by.
    pub units: f64,
    /// What [`ResourceCost::units`] are.
    pub unit: &'static str,
    /// The price per unit.
    pub price: f64,
    /// Dollars.
    pub cost: f64,
}

/// One day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DayCost {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Dollars.
    pub total: f64,
    /// Dollars by resource (those with usage).
    pub by_resource: BTreeMap<&'static str, f64>,
}

/// One item over the month.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ItemCost {
    /// The item.
    pub video_id: String,
    /// Its title (empty once deleted).
    pub title: String,
    /// Its channel (empty once deleted).
    pub channel: String,
    /// Dollars.
    pub total: f64,
    /// Dollars by resource.
    pub by_resource: BTreeMap<&'static str, f64>,
}

/// One channel over the month.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ChannelCost {
    /// The channel (empty: items since deleted).
    pub channel: String,
    /// Its items with any usage.
    pub items: u64,
    /// Dollars.
    pub total: f64,
}

/// Where the month is heading.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    /// The month's expected total in dollars (the total itself once the month is over).
    pub total: f64,
    /// What the days so far cost (today included, as far as it has gone).
    pub to_date: f64,
    /// The expected cost of the next day.
    pub next_day: f64,
    /// How it was made.
    #[schema(value_type = String)]
    pub method: Said,
}

/// A day whose cost of a resource is far above its normal.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Anomaly {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The resource.
    pub resource: &'static str,
    /// That day's cost, dollars.
    pub cost: f64,
    /// The median of the days before (`cost.baseline_days`).
    pub normal: f64,
    /// The item whose usage grew most that day, when the resource is used by items.
    pub video_id: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its channel.
    pub channel: Option<String>,
    /// How much of the day's rise over normal that item's rise is (0–1).
    pub share: Option<f64>,
}

impl Anomaly {
    /// One line for the page, the alarm and the report: the resource, the day, its cost against
    /// the normal, and the item whose usage rose most.
    pub fn said(&self) -> Said {
        let dollars = |amount: f64| Said::new("cost-dollars").arg("amount", Value::figure(amount, 2));
        let line = |key: &str| {
            Said::new(key)
                .arg("resource", self.resource)
                .arg("date", self.date.as_str())
                .arg("cost", dollars(self.cost))
                .arg("normal", dollars(self.normal))
        };
        let (Some(id), Some(share)) = (&self.video_id, self.share) else { return line("cost-anomaly") };
        let title = match self.title.as_deref().filter(|t| !t.is_empty()) {
            Some(title) => Value::from(title),
            None => Said::new("cost-anomaly-deleted-item").into(),
        };
        let item = |key: &str| line(key).arg("share", Value::figure(share * 100.0, 0)).arg("title", title.clone()).arg("id", id.as_str());
        match self.channel.as_deref().filter(|c| !c.is_empty()) {
            Some(channel) => item("cost-anomaly-item-channel").arg("channel", channel),
            None => item("cost-anomaly-item"),
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CostReport {
    /// `YYYY-MM`.
    pub month: String,
    /// Always `USD`: the prices' currency.
    pub currency: &'static str,
    /// When the prices were taken.
    pub prices_as_of: String,
    /// Dollars for the month (so far, for the current one).
    pub total: f64,
    /// Each resource with usage.
    pub by_resource: BTreeMap<&'static str, ResourceCost>,
    /// Each day of the month so far.
    pub by_day: Vec<DayCost>,
    /// The items that cost most.
    pub by_item: Vec<ItemCost>,
    /// The channels that cost most.
    pub by_channel: Vec<ChannelCost>,
    /// Where the month is heading.
    pub forecast: Forecast,
    /// Anomalous days of the month.
    pub anomalies: Vec<Anomaly>,
}

/// Dollars per day and resource, with the quantities.
type Daily = BTreeMap<i64, BTreeMap<Resource, (i64, f64)>>;

async fn daily_costs(db: &Db, config: &Config, from: i64, to: i64) -> sqlx::Result<Daily> {
    let mut daily = Daily::new();
    for row in usage::by_day(db, from, to).await? {
        let Some(resource) = Resource::parse(&row.resource) else { continue };
        let cost = resource.cost(&config.prices, row.quantity, Month::of_day(row.day).days());
        daily.entry(row.day).or_default().insert(resource, (row.quantity, cost));
    }
    Ok(daily)
}

fn day_total(daily: &Daily, day: i64) -> f64 {
    daily.get(&day).map_or(0.0, |r| r.values().map(|(_, c)| c).sum())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The report for `month` (`YYYY-MM`; the current month when `None`) as of `now` (ms).
pub async fn build(db: &Db, config: &Config, month: Option<&str>, now: i64) -> problem::Result<CostReport> {
    let today = day_of(now);
    let month = match month {
        None => Month::of_day(today),
        Some(text) => Month::parse(text)
            .ok_or_else(|| Problem::bad_request("invalid-month", format!("{text:?} is not a month: write it as YYYY-MM")))?,
    };
    if month.first > today {
        return Err(Problem::bad_request("invalid-month", format!("{} has not begun", month.label())));
    }
    let cost = &config.cost;
    let end = month.next.min(today + 1);
    let look_back = i64::from(cost.baseline_days.max(cost.forecast_days)) + 1;
    let daily = daily_costs(db, config, month.first - look_back, end).await?;
    let first_recorded = usage::first_day(db).await?.unwrap_or(today);

    let mut by_resource = BTreeMap::new();
    for (_, resources) in daily.range(month.first..end) {
        for (resource, (quantity, cost)) in resources {
            let entry = by_resource.entry(resource.name()).or_insert_with(|| ResourceCost {
                quantity: 0,
                units: 0.0,
                unit: resource.unit(),
                price: resource.price(&config.prices),
                cost: 0.0,
            });
            entry.quantity = entry.quantity.saturating_add(*quantity);
            entry.units += resource.units(*quantity, month.days());
            entry.cost += cost;
        }
    }
    let by_day = (month.first..end)
        .map(|day| DayCost {
            date: date_of_day(day),
            total: day_total(&daily, day),
            by_resource: daily.get(&day).map(|r| r.iter().map(|(res, (_, c))| (res.name(), *c)).collect()).unwrap_or_default(),
        })
        .collect();
    let (by_item, by_channel) = items_and_channels(db, config, month, end).await?;
    let anomalies = anomalies(db, config, &daily, first_recorded, month.first, end).await?;
    Ok(CostReport {
        month: month.label(),
        currency: "USD",
        prices_as_of: config.prices.as_of.clone(),
        total: by_resource.values().map(|r| r.cost).sum(),
        by_resource,
        by_day,
        by_item,
        by_channel,
        forecast: forecast(&daily, config, month, today, first_recorded),
        anomalies,
    })
}

async fn items_and_channels(db: &Db, config: &Config, month: Month, end: i64) -> sqlx::Result<(Vec<ItemCost>, Vec<ChannelCost>)> {
    let mut items: HashMap<String, ItemCost> = HashMap::new();
    for row in usage::by_item(db, month.first, end).await?.into_iter().filter(|r| !r.video_id.is_empty()) {
        let Some(resource) = Resource::parse(&row.resource) else { continue };
        let cost = resource.cost(&config.prices, row.quantity, month.days());
        let item = items.entry(row.video_id.clone()).or_insert_with(|| ItemCost {
            video_id: row.video_id,
            title: row.title,
            channel: row.channel,
            total: 0.0,
            by_resource: BTreeMap::new(),
        });
        item.total += cost;
        *item.by_resource.entry(resource.name()).or_default() += cost;
    }
    let mut channels: HashMap<String, ChannelCost> = HashMap::new();
    for item in items.values() {
        let channel =
            channels.entry(item.channel.clone()).or_insert_with(|| ChannelCost { channel: item.channel.clone(), items: 0, total: 0.0 });
        channel.items += 1;
        channel.total += item.total;
    }
    let mut items: Vec<ItemCost> = items.into_values().collect();
    items.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.video_id.cmp(&b.video_id)));
    items.truncate(REPORT_ROWS);
    let mut channels: Vec<ChannelCost> = channels.into_values().collect();
    channels.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.channel.cmp(&b.channel)));
    channels.truncate(REPORT_ROWS);
    Ok((items, channels))
}

/// The month's expected total: the complete days' actual cost, plus a straight line fitted
/// (least squares) to the daily totals of the last `cost.forecast_days` complete days for
/// today and each day left. With fewer than two complete days the line is flat.
fn forecast(daily: &Daily, config: &Config, month: Month, today: i64, first_recorded: i64) -> Forecast {
    let actual = |from: i64, to: i64| (from..to).map(|d| day_total(daily, d)).sum::<f64>();
    if today >= month.next {
        let total = actual(month.first, month.next);
        return Forecast { total, to_date: total, next_day: 0.0, method: Said::new("cost-forecast-over") };
    }
    let from = (today - i64::from(config.cost.forecast_days)).max(first_recorded);
    let points: Vec<(f64, f64)> = (from..today).map(|d| (d as f64, day_total(daily, d))).collect();
    let (intercept, slope, method) = match points.len() {
        0 => (day_total(daily, today), 0.0, Said::new("cost-forecast-today")),
        1 => (points[0].1, 0.0, Said::new("cost-forecast-one-day")),
        n => {
            let nf = n as f64;
            let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / nf, points.iter().map(|p| p.1).sum::<f64>() / nf);
            let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
            let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            (my - slope * mx, slope, Said::new("cost-forecast-trend").arg("n", n))
        }
    };
    let line = |d: i64| (intercept + slope * d as f64).max(0.0);
    let complete = actual(month.first, today);
    Forecast {
        total: complete + (today..month.next).map(line).sum::<f64>(),
        to_date: complete + day_total(daily, today),
        next_day: line(today),
        method,
    }
}

/// The anomalies among the days `[from, to)`.
async fn anomalies(db: &Db, config: &Config, daily: &Daily, first_recorded: i64, from: i64, to: i64) -> sqlx::Result<Vec<Anomaly>> {
    let cost = &config.cost;
    let baseline = i64::from(cost.baseline_days);
    let mut found = Vec::new();
    for day in from..to {
        for resource in Resource::ALL {
            let of = |d: i64| daily.get(&d).and_then(|r| r.get(&resource)).map_or(0.0, |(_, c)| *c);
            // Only days the installation was recording count towards a normal.
            let before: Vec<f64> = ((day - baseline).max(first_recorded)..day).map(of).collect();
            if before.len() < 3 {
                continue;
            }
            let (today, normal) = (of(day), median(before));
            if today > normal * cost.anomaly_factor && today - normal >= cost.anomaly_min_increase {
                found.push(explain(db, config, resource, day, baseline, today, normal).await?);
            }
        }
    }
    Ok(found)
}

/// The anomaly with the item whose cost of `resource` rose most on `day` over its own average
/// of the days before.
async fn explain(db: &Db, config: &Config, resource: Resource, day: i64, baseline: i64, cost: f64, normal: f64) -> sqlx::Result<Anomaly> {
    let mut anomaly = Anomaly {
        date: date_of_day(day),
        resource: resource.name(),
        cost,
        normal,
        video_id: None,
        title: None,
        channel: None,
        share: None,
    };
    let rows = usage::of_resource(db, resource.name(), day - baseline, day).await?;
    let mut rise: HashMap<&str, f64> = HashMap::new();
    for row in &rows {
        let c = resource.cost(&config.prices, row.quantity, Month::of_day(row.day).days());
        *rise.entry(&row.video_id).or_default() += if row.day == day { c } else { -c / baseline as f64 };
    }
    if let Some((video, up)) = rise.into_iter().filter(|(_, up)| *up > 0.0).max_by(|a, b| a.1.total_cmp(&b.1)) {
        let (title, channel) = usage::item_names(db, video).await?.unwrap_or_default();
        anomaly.share = Some((up / (cost - normal)).clamp(0.0, 1.0));
        anomaly.video_id = Some(video.to_string());
        anomaly.title = Some(title);
        anomaly.channel = Some(channel);
    }
    Ok(anomaly)
}

/// The anomalies of yesterday and today (what the cost alarm watches).
pub async fn recent_anomalies(db: &Db, config: &Config, now: i64) -> sqlx::Result<Vec<Anomaly>> {
    let today = day_of(now);
    let from = today - 1;
    let daily = daily_costs(db, config, from - i64::from(config.cost.baseline_days), today + 1).await?;
    let first_recorded = usage::first_day(db).await?.unwrap_or(today);
    anomalies(db, config, &daily, first_recorded, from, today + 1).await
}

/// The report as text for a terminal.
pub fn render_text(report: &CostReport) -> String {
    let mut out = format!("Cost of {} in {} (prices as of {})\n\n", report.month, report.currency, report.prices_as_of);
    for (name, r) in &report.by_resource {
        out.push_str(&format!("  {name:<14} {:>14.4} {:<14} × ${:<9} = ${:>10.2}\n", r.units, r.unit, r.price, r.cost));
    }
    out.push_str(&format!("  {:<14} {:>52}${:>10.2}\n", "total", "", report.total));
    let f = &report.forecast;
    out.push_str(&format!("\nForecast for the month: ${:.2} ({}; ${:.2} so far)\n", f.total, f.method, f.to_date));
    if !report.by_channel.is_empty() {
        out.push_str("\nChannels\n");
        for c in &report.by_channel {
            let name = if c.channel.is_empty() { "(deleted items)" } else { &c.channel };
            out.push_str(&format!("  {name:<30} {:>5} items  ${:>10.2}\n", c.items, c.total));
        }
    }
    if !report.by_item.is_empty() {
        out.push_str("\nItems\n");
        for i in &report.by_item {
            let title = if i.title.is_empty() { "(deleted)" } else { &i.title };
            out.push_str(&format!("  {:<34} {:<40} ${:>10.2}\n", i.video_id, title.chars().take(40).collect::<String>(), i.total));
        }
    }
    out.push_str(&format!("\nAnomalies: {}\n", report.anomalies.len()));
    for a in &report.anomalies {
        out.push_str(&format!("  {}\n", a.said()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::i18n::Lang;

    #[test]
    fn an_anomaly_is_one_line_in_each_language_naming_the_item_that_rose() {
        let mut a = Anomaly {
            date: "2025-09-20".into(),
            resource: "origin_egress",
            cost: 1022.0,
            normal: 2.005,
            video_id: None,
            title: None,
            channel: None,
            share: None,
        };
        assert_eq!(a.said().english(), "origin_egress on 2025-09-20: $1,022.00 against a normal $2.00");
        assert_eq!(a.said().text(Lang::Fr), "origin_egress le 2025-09-20 : 1022,00 $ pour une normale de 2,00 $");
        (a.video_id, a.share, a.title) = (Some("abc".into()), Some(0.996), Some(String::new()));
        assert!(a.said().english().ends_with(", 100% from \u{201c}a deleted item\u{201d} (abc)"), "{}", a.said());
        (a.title, a.channel) = (Some("Went viral".into()), Some("chan".into()));
        assert!(a.said().english().ends_with(", 100% from \u{201c}Went viral\u{201d} (abc, channel chan)"), "{}", a.said());
        let forecast = Said::new("cost-forecast-trend").arg("n", 7);
        assert_eq!(Said::from_stored(&forecast.stored()).english(), "the trend of the last 7 complete days");
    }

    #[test]
    fn months_parse_with_their_length() {
        let nov = Month::parse("2026-11").unwrap();
        assert_eq!(nov.days(), 30);
        assert_eq!(nov.label(), "2026-11");
        assert_eq!(Month::parse("2024-02").unwrap().days(), 29);
        assert_eq!(Month::parse("2026-12").unwrap().days(), 31);
        assert_eq!(Month::of_day(nov.first + 29), nov);
        assert_eq!(Month::of_day(nov.next), Month::parse("2026-12").unwrap());
        for bad in ["2026-13", "2026-1", "26-11", "2026-11-01", "", "next"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_median_of_even_and_odd_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![]), 0.0);
    }

    fn flat(days: std::ops::Range<i64>, per_day: impl Fn(i64) -> f64) -> Daily {
        days.map(|d| (d, BTreeMap::from([(Resource::OriginEgress, (0, per_day(d)))]))).collect()
    }

    #[test]
    fn the_forecast_follows_the_trend_of_complete_days() {
        let month = Month::parse("2026-11").unwrap();
        let today = month.first + 10;
        // A cost rising by a dollar a day: 1 on the 1st, 2 on the 2nd …; today (the 11th) is
        // half done.
        let mut daily = flat(month.first..today, |d| (d - month.first + 1) as f64);
        daily.insert(today, BTreeMap::from([(Resource::OriginEgress, (0, 5.0))]));
        let f = forecast(&daily, &Config::default(), month, today, month.first);
        // The first ten days cost 55; the line gives 11 … 30 for the 11th to the 30th (410).
        assert!((f.total - 465.0).abs() < 1e-9, "{f:?}");
        assert!((f.to_date - 60.0).abs() < 1e-9);
        assert!((f.next_day - 11.0).abs() < 1e-9);

        let over = forecast(&daily, &Config::default(), month, month.next + 3, month.first);
        assert!((over.total - 60.0).abs() < 1e-9, "a month over is its total: {over:?}");

        let fresh = forecast(&daily, &Config::default(), month, month.first, month.first);
        assert!((fresh.total - 30.0).abs() < 1e-9, "no complete day: the 1st so far, each day: {fresh:?}");
    }
}
