//! Dates an article gives: "on 5 March 2024", "March 5, 2024", "in 1979", "the 19th century",
//! "on Monday" (the last Monday on or before the article's date).

use regex::Regex;

use crate::model::FuzzyDate;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A date found in a sentence: byte offsets within the sentence and the date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub date: FuzzyDate,
}

pub struct DateFinder {
    day_month_year: Regex,
    month_day_year: Regex,
    iso: Regex,
    century: Regex,
    year: Regex,
    weekday: Regex,
}

impl DateFinder {
    pub fn new() -> Option<Self> {
        let months =
            "January|February|March|April|May|June|July|August|September|October|November|December";
        Some(Self {
            day_month_year: Regex::new(&format!(r"\b(\d{{1,2}}) ({months}),? (\d{{4}})\b")).ok()?,
            month_day_year: Regex::new(&format!(r"\b({months}) (\d{{1,2}}),? (\d{{4}})\b")).ok()?,
            iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").ok()?,
            century: Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th) century\b").ok()?,
            year: Regex::new(r"\b(?:in|of|since|by|until|from) (1[5-9]\d\d|20\d\d)\b").ok()?,
            weekday: Regex::new(
                r"\b[Oo]n (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
            )
            .ok()?,
        })
    }

    /// Every date in `sentence`, in order; weekdays only when the article's date is a day.
    pub fn find(&self, sentence: &str, article_date: Option<FuzzyDate>) -> Vec<FoundDate> {
        let mut found = Vec::new();
        let month_of = |name: &str| {
            MONTHS
                .iter()
                .position(|m| m.eq_ignore_ascii_case(name))
                .map(|i| i as u8 + 1)
        };
        for caps in self.day_month_year.captures_iter(sentence) {
            if let (Ok(day), Some(month), Ok(year)) =
                (caps[1].parse(), month_of(&caps[2]), caps[3].parse())
            {
                push_day(&mut found, &caps, year, month, day);
            }
        }
        for caps in self.month_day_year.captures_iter(sentence) {
            if let (Some(month), Ok(day), Ok(year)) =
                (month_of(&caps[1]), caps[2].parse(), caps[3].parse())
            {
                push_day(&mut found, &caps, year, month, day);
            }
        }
        for caps in self.iso.captures_iter(sentence) {
            if let (Ok(year), Ok(month), Ok(day)) =
                (caps[1].parse(), caps[2].parse(), caps[3].parse())
            {
                push_day(&mut found, &caps, year, month, day);
            }
        }
        for caps in self.century.captures_iter(sentence) {
            if let (Some(whole), Ok(number)) = (caps.get(0), caps[1].parse::<i32>())
                && (1..=21).contains(&number)
            {
                found.push(FoundDate {
                    start: whole.start(),
                    end: whole.end(),
                    date: FuzzyDate::Century((number - 1) * 100),
                });
            }
        }
        for caps in self.year.captures_iter(sentence) {
            if let (Some(year_match), Ok(year)) = (caps.get(1), caps[1].parse()) {
                let inside = found
                    .iter()
                    .any(|f| f.start <= year_match.start() && year_match.end() <= f.end);
                if !inside {
                    found.push(FoundDate {
                        start: year_match.start(),
                        end: year_match.end(),
                        date: FuzzyDate::Year(year),
                    });
                }
            }
        }
        if let Some(FuzzyDate::Day(year, month, day)) = article_date {
            for caps in self.weekday.captures_iter(sentence) {
                if let (Some(whole), Some(target)) = (
                    caps.get(0),
                    WEEKDAYS
                        .iter()
                        .position(|w| w.eq_ignore_ascii_case(&caps[1])),
                ) {
                    let (y, m, d) = days_back_to_weekday(year, month, day, target as u32);
                    found.push(FoundDate {
                        start: whole.start(),
                        end: whole.end(),
                        date: FuzzyDate::Day(y, m, d),
                    });
                }
            }
        }
        found.sort_by_key(|f| f.start);
        found
    }
}

fn push_day(found: &mut Vec<FoundDate>, caps: &regex::Captures, year: i32, month: u8, day: u8) {
    let date = FuzzyDate::Day(year, month, day);
    if let Some(whole) = caps.get(0)
        && date.problem().is_none()
        && !found.iter().any(|f| f.start == whole.start())
    {
        found.push(FoundDate {
            start: whole.start(),
            end: whole.end(),
            date,
        });
    }
}

/// Days since 1970-01-01 (civil calendar, Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The last `weekday` (0 = Monday) on or before the given day.
fn days_back_to_weekday(year: i32, month: u8, day: u8, weekday: u32) -> (i32, u8, u8) {
    let days = days_from_civil(year, month, day);
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    let today = (days + 3).rem_euclid(7);
    let back = (today - i64::from(weekday)).rem_euclid(7);
    civil_from_days(days - back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_count_back_from_the_article_date() {
        let finder = DateFinder::new().unwrap();
        // 2024-03-06 was a Wednesday; "on Monday" is 2024-03-04, "on Wednesday" the same day.
        let found = finder.find(
            "Troops moved on Monday and left on Wednesday.",
            Some(FuzzyDate::Day(2024, 3, 6)),
        );
        let dates: Vec<_> = found.iter().map(|f| f.date).collect();
        assert_eq!(
            dates,
            vec![FuzzyDate::Day(2024, 3, 4), FuzzyDate::Day(2024, 3, 6)]
        );
        assert!(finder.find("It happened on Monday.", None).is_empty());
    }

    #[test]
    fn explicit_dates_years_and_centuries() {
        let finder = DateFinder::new().unwrap();
        let found = finder.find(
            "The Soviet invasion of 1979, the 19th century, 5 March 2024 and March 7, 2024.",
            None,
        );
        let dates: Vec<_> = found.iter().map(|f| f.date).collect();
        assert_eq!(
            dates,
            vec![
                FuzzyDate::Year(1979),
                FuzzyDate::Century(1800),
                FuzzyDate::Day(2024, 3, 5),
                FuzzyDate::Day(2024, 3, 7)
            ]
        );
    }
}
