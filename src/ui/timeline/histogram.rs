//! Counts of dataset events per day, week or month (by how much of time the plot shows),
//! drawn as bars under the story's rows.

use egui_plot::{Bar, BarChart};

use crate::events::day::{self, Day};

use super::rows::year_fraction;

/// How many rows of the plot the histogram is tall.
pub const HEIGHT_ROWS: f64 = 3.0;

/// The width of a bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    Day,
    Week,
    Month,
}

impl Bin {
    /// Days when the plot shows under a year and a half, weeks up to fifteen years, months beyond.
    pub fn for_span(years: f64) -> Bin {
        if years < 1.5 {
            Bin::Day
        } else if years < 15.0 {
            Bin::Week
        } else {
            Bin::Month
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Bin::Day => "per day",
            Bin::Week => "per week",
            Bin::Month => "per month",
        }
    }

    /// The first day of the bin holding `day`.
    fn start(self, day: Day) -> Day {
        match self {
            Bin::Day => day,
            Bin::Week => day - Day::from(day::weekday(day)),
            Bin::Month => {
                let (y, m, _) = day::to_ymd(day);
                day::from_ymd(y, m, 1).unwrap_or(day)
            }
        }
    }

    /// The first day after the bin starting at `start`.
    fn end(self, start: Day) -> Day {
        match self {
            Bin::Day => start + 1,
            Bin::Week => start + 7,
            Bin::Month => {
                let (y, m, _) = day::to_ymd(start);
                let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                day::from_ymd(y, m, 1).unwrap_or(start + 31)
            }
        }
    }
}

/// Counts per bin: `(first day, first day after, count)`, from counts per day in day order.
pub fn bins(per_day: &[(Day, u32)], bin: Bin) -> Vec<(Day, Day, u32)> {
    let mut out: Vec<(Day, Day, u32)> = Vec::new();
    for &(d, n) in per_day {
        let start = bin.start(d);
        match out.last_mut() {
            Some((s, _, count)) if *s == start => *count += n,
            _ => out.push((start, bin.end(start), n)),
        }
    }
    out
}

/// Sums counts per day of several datasets (each in day order) into one list in day order.
pub fn merge(lists: &[&[(Day, u32)]]) -> Vec<(Day, u32)> {
    let mut all: Vec<(Day, u32)> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    all.sort_unstable_by_key(|&(d, _)| d);
    let mut out: Vec<(Day, u32)> = Vec::with_capacity(all.len());
    for (d, n) in all {
        match out.last_mut() {
            Some((last, count)) if *last == d => *count += n,
            _ => out.push((d, n)),
        }
    }
    out
}

fn fraction(d: Day) -> f64 {
    year_fraction(day::to_ymd(d))
}

/// The bars, standing on `base` (plot units) and at most [`HEIGHT_ROWS`] tall.
pub fn chart(
    per_day: &[(Day, u32)],
    bin: Bin,
    base: f64,
    color: egui::Color32,
) -> Option<(BarChart, u32)> {
    let bins = bins(per_day, bin);
    let most = bins.iter().map(|b| b.2).max()?;
    let bars: Vec<Bar> = bins
        .iter()
        .map(|&(start, end, count)| {
            let (x0, x1) = (fraction(start), fraction(end));
            Bar::new(
                (x0 + x1) / 2.0,
                HEIGHT_ROWS * f64::from(count) / f64::from(most),
            )
            .width((x1 - x0).max(1e-4))
            .base_offset(base)
            .fill(color)
            .stroke(egui::Stroke::NONE)
            .name(format!(
                "{} events {} from {}",
                count,
                bin.label(),
                day::format(start)
            ))
        })
        .collect();
    let chart = BarChart::new("Dataset events", bars)
        .color(color)
        .element_formatter(Box::new(|bar, _| bar.name.clone()));
    Some((chart, most))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_gather_into_weeks_and_months() {
        let d = |y, m, dd| day::from_ymd(y, m, dd).unwrap();
        // 2026-11-30 is a Monday.
        let per_day = [
            (d(2026, 11, 30), 2),
            (d(2026, 12, 2), 1),
            (d(2026, 12, 7), 4),
        ];
        let weeks = bins(&per_day, Bin::Week);
        assert_eq!(
            weeks,
            vec![
                (d(2026, 11, 30), d(2026, 12, 7), 3),
                (d(2026, 12, 7), d(2026, 12, 14), 4)
            ]
        );
        let months = bins(&per_day, Bin::Month);
        assert_eq!(
            months,
            vec![
                (d(2026, 11, 1), d(2026, 12, 1), 2),
                (d(2026, 12, 1), d(2027, 1, 1), 5)
            ]
        );
        assert_eq!(
            merge(&[&per_day, &[(d(2026, 12, 2), 5)]])[1],
            (d(2026, 12, 2), 6)
        );
    }
}
