//! Dates as precise as the story is: a day, a month, a year, a decade, a century, or unknown.
//!
//! Compact text syntax (used in files and forms):
//!
//! | text                          | meaning                                   |
//! |-------------------------------|-------------------------------------------|
//! | `2001-10-07`                  | a day                                     |
//! | `1979-12`                     | a month                                   |
//! | `1979`                        | a year (1 to 9999, no era sign)           |
//! | `1970s`                       | a decade (the year ends in 0, not in 00)  |
//! | `19th century` or `1800s`     | a century, 1800–1899 (the year ends in 00) |
//! | `unknown`                     | no date known                             |
//! | `START/END`, e.g. `1800s/1979` | a range (only in [`DateRange`])            |
//!
//! `1900s` therefore means the century 1900–1999; the decade 1900–1909 is written `1900/1909`.
//! Centuries are formatted as `19th century`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precise a [`FuzzyDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
    Decade,
    Century,
    Unknown,
}

/// A calendar day as `(year, month, day)`; tuples order chronologically.
pub type Ymd = (i32, u8, u8);

/// A date known to some precision. Years are Gregorian and positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FuzzyDate {
    #[default]
    Unknown,
    /// The century starting at this year (a multiple of 100: 1800 is the 19th century).
    Century(i32),
    /// The decade starting at this year (a multiple of 10).
    Decade(i32),
    Year(i32),
    Month(i32, u8),
    Day(i32, u8, u8),
}

/// Why a date text was refused; `Display` quotes the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date \"{text}\": {problem} (expected e.g. 2001-10-07, 1979-12, 1979, 1970s, 19th century, unknown)"
)]
pub struct DateParseError {
    pub text: String,
    pub problem: String,
}

impl FuzzyDate {
    pub fn precision(&self) -> Precision {
        match self {
            FuzzyDate::Unknown => Precision::Unknown,
            FuzzyDate::Century(_) => Precision::Century,
            FuzzyDate::Decade(_) => Precision::Decade,
            FuzzyDate::Year(_) => Precision::Year,
            FuzzyDate::Month(..) => Precision::Month,
            FuzzyDate::Day(..) => Precision::Day,
        }
    }

    /// The first day the date can mean; `None` when unknown.
    pub fn earliest(&self) -> Option<Ymd> {
        match *self {
            FuzzyDate::Unknown => None,
            FuzzyDate::Century(year) | FuzzyDate::Decade(year) | FuzzyDate::Year(year) => {
                Some((year, 1, 1))
            }
            FuzzyDate::Month(year, month) => Some((year, month, 1)),
            FuzzyDate::Day(year, month, day) => Some((year, month, day)),
        }
    }

    /// The last day the date can mean; `None` when unknown.
    pub fn latest(&self) -> Option<Ymd> {
        match *self {
            FuzzyDate::Unknown => None,
            FuzzyDate::Century(year) => Some((year + 99, 12, 31)),
            FuzzyDate::Decade(year) => Some((year + 9, 12, 31)),
            FuzzyDate::Year(year) => Some((year, 12, 31)),
            FuzzyDate::Month(year, month) => Some((year, month, days_in_month(year, month))),
            FuzzyDate::Day(year, month, day) => Some((year, month, day)),
        }
    }

    /// Whether the parts are a real date (month 1–12, an existing day, a round decade…).
    /// Dates made by parsing always are; dates built by hand are checked by validation.
    pub fn problem(&self) -> Option<String> {
        let year_ok = |year: i32| (1..=9999).contains(&year);
        match *self {
            FuzzyDate::Unknown => None,
            FuzzyDate::Century(year) if !year_ok(year + 1) || year % 100 != 0 => Some(format!(
                "century start {year} is not a multiple of 100 in 0..9900"
            )),
            FuzzyDate::Decade(year) if !year_ok(year.max(1)) || year % 10 != 0 => Some(format!(
                "decade start {year} is not a multiple of 10 in 0..9990"
            )),
            // `1900s` means the century, so this decade has no text of its own.
            FuzzyDate::Decade(year) if year % 100 == 0 => Some(format!(
                "the decade {year}s would read as a century; write the range {year}/{}",
                year + 9
            )),
            FuzzyDate::Year(year) | FuzzyDate::Month(year, _) | FuzzyDate::Day(year, _, _)
                if !year_ok(year) =>
            {
                Some(format!("year {year} is outside 1..9999"))
            }
            FuzzyDate::Month(_, month) | FuzzyDate::Day(_, month, _)
                if !(1..=12).contains(&month) =>
            {
                Some(format!("month {month} is outside 1..12"))
            }
            FuzzyDate::Day(year, month, day) if day < 1 || day > days_in_month(year, month) => {
                Some(format!("day {day} does not exist in {year:04}-{month:02}"))
            }
            _ => None,
        }
    }

    /// Whether the two dates can overlap: neither is known to end before the other begins.
    /// Unknown dates overlap everything, so they never make a range "out of order".
    pub fn may_overlap(&self, other: &FuzzyDate) -> bool {
        match (
            self.earliest(),
            self.latest(),
            other.earliest(),
            other.latest(),
        ) {
            (Some(start), Some(end), Some(other_start), Some(other_end)) => {
                start <= other_end && other_start <= end
            }
            _ => true,
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn ordinal_suffix(number: i32) -> &'static str {
    match (number % 10, number % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FuzzyDate::Unknown => f.write_str("unknown"),
            FuzzyDate::Century(year) => {
                let number = year / 100 + 1;
                write!(f, "{number}{} century", ordinal_suffix(number))
            }
            FuzzyDate::Decade(year) => write!(f, "{year}s"),
            FuzzyDate::Year(year) => write!(f, "{year:04}"),
            FuzzyDate::Month(year, month) => write!(f, "{year:04}-{month:02}"),
            FuzzyDate::Day(year, month, day) => write!(f, "{year:04}-{month:02}-{day:02}"),
        }
    }
}

impl FromStr for FuzzyDate {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = |problem: &str| DateParseError {
            text: text.to_owned(),
            problem: problem.to_owned(),
        };
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let number = |digits: &str, what: &str| -> Result<i32, DateParseError> {
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(refuse(&format!("the {what} must be 1 to 4 digits")));
            }
            digits
                .parse::<i32>()
                .map_err(|_| refuse(&format!("the {what} is not a number")))
        };
        let date = if lower == "unknown" {
            FuzzyDate::Unknown
        } else if let Some(ordinal) = lower.strip_suffix(" century") {
            let digits = ordinal
                .strip_suffix("st")
                .or_else(|| ordinal.strip_suffix("nd"))
                .or_else(|| ordinal.strip_suffix("rd"))
                .or_else(|| ordinal.strip_suffix("th"))
                .ok_or_else(|| refuse("a century is written like \"19th century\""))?;
            let century = number(digits, "century")?;
            if century < 1 {
                return Err(refuse("centuries start at the 1st"));
            }
            FuzzyDate::Century((century - 1) * 100)
        } else if let Some(digits) = lower.strip_suffix('s') {
            let year = number(digits, "year")?;
            if year % 100 == 0 {
                FuzzyDate::Century(year)
            } else if year % 10 == 0 {
                FuzzyDate::Decade(year)
            } else {
                return Err(refuse("a decade or century ends in 0 or 00 before the s"));
            }
        } else {
            let mut parts = lower.split('-');
            let year = number(parts.next().unwrap_or_default(), "year")?;
            let mut small = |what: &str| -> Result<Option<u8>, DateParseError> {
                match parts.next() {
                    None => Ok(None),
                    Some(digits) if digits.len() == 2 => {
                        let value = number(digits, what)?;
                        u8::try_from(value)
                            .map(Some)
                            .map_err(|_| refuse(&format!("the {what} is too large")))
                    }
                    Some(_) => Err(refuse(&format!("the {what} must be two digits"))),
                }
            };
            let month = small("month")?;
            let day = small("day")?;
            if parts.next().is_some() {
                return Err(refuse("too many parts"));
            }
            match (month, day) {
                (None, _) => FuzzyDate::Year(year),
                (Some(month), None) => FuzzyDate::Month(year, month),
                (Some(month), Some(day)) => FuzzyDate::Day(year, month, day),
            }
        };
        match date.problem() {
            Some(problem) => Err(refuse(&problem)),
            None => Ok(date),
        }
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A span between two fuzzy dates; a single date is a range whose start and end are equal.
/// Written `START/END`, or just the date when both are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    pub start: FuzzyDate,
    pub end: FuzzyDate,
}

impl DateRange {
    pub fn single(date: FuzzyDate) -> Self {
        Self {
            start: date,
            end: date,
        }
    }

    pub fn between(start: FuzzyDate, end: FuzzyDate) -> Self {
        Self { start, end }
    }

    pub fn is_single(&self) -> bool {
        self.start == self.end
    }

    /// The first day the range can include.
    pub fn earliest(&self) -> Option<Ymd> {
        self.start.earliest()
    }

    /// The last day the range can include.
    pub fn latest(&self) -> Option<Ymd> {
        self.end.latest()
    }

    /// Whether the start can come no later than the end (unknown ends never disagree).
    pub fn is_in_order(&self) -> bool {
        match (self.start.earliest(), self.end.latest()) {
            (Some(start), Some(end)) => start <= end,
            _ => true,
        }
    }
}

impl From<FuzzyDate> for DateRange {
    fn from(date: FuzzyDate) -> Self {
        DateRange::single(date)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}/{}", self.start, self.end)
        }
    }
}

impl FromStr for DateRange {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once('/') {
            Some((start, end)) => Ok(DateRange::between(start.parse()?, end.parse()?)),
            None => Ok(DateRange::single(text.parse()?)),
        }
    }
}

impl Serialize for DateRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> FuzzyDate {
        text.parse().unwrap()
    }

    #[test]
    fn parses_every_precision() {
        assert_eq!(parse("2001-10-07"), FuzzyDate::Day(2001, 10, 7));
        assert_eq!(parse("1979-12"), FuzzyDate::Month(1979, 12));
        assert_eq!(parse("1979"), FuzzyDate::Year(1979));
        assert_eq!(parse("1970s"), FuzzyDate::Decade(1970));
        assert_eq!(parse("1800s"), FuzzyDate::Century(1800));
        assert_eq!(parse("19th century"), FuzzyDate::Century(1800));
        assert_eq!(parse("21st Century"), FuzzyDate::Century(2000));
        assert_eq!(parse("unknown"), FuzzyDate::Unknown);
        assert_eq!(parse("1979-12").precision(), Precision::Month);
    }

    #[test]
    fn formats_back_to_the_canonical_text() {
        for text in [
            "2001-10-07",
            "1979-12",
            "1979",
            "1970s",
            "19th century",
            "1st century",
            "2nd century",
            "3rd century",
            "11th century",
            "21st century",
            "unknown",
            "0800",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
        assert_eq!(parse("1800s").to_string(), "19th century");
    }

    #[test]
    fn refuses_impossible_dates_with_the_text() {
        for text in [
            "2001-02-29",
            "1979-13",
            "1975s",
            "",
            "abc",
            "1979-1",
            "0",
            "1-2-3-4",
        ] {
            let error = text.parse::<FuzzyDate>().unwrap_err();
            assert!(
                error.to_string().contains(&format!("\"{text}\"")),
                "{error}"
            );
        }
        assert!("2000-02-29".parse::<FuzzyDate>().is_ok());
    }

    #[test]
    fn bounds_cover_the_whole_precision() {
        assert_eq!(parse("1800s").earliest(), Some((1800, 1, 1)));
        assert_eq!(parse("1800s").latest(), Some((1899, 12, 31)));
        assert_eq!(parse("1979-02").latest(), Some((1979, 2, 28)));
        assert_eq!(parse("1970s").latest(), Some((1979, 12, 31)));
        assert_eq!(FuzzyDate::Unknown.earliest(), None);
        assert!(parse("1979").may_overlap(&parse("1979-12-27")));
        assert!(!parse("1979").may_overlap(&parse("2001")));
    }

    #[test]
    fn ranges_parse_format_and_check_order() {
        let range: DateRange = "1800s/1979-12".parse().unwrap();
        assert_eq!(range.start, FuzzyDate::Century(1800));
        assert_eq!(range.to_string(), "19th century/1979-12");
        assert!(range.is_in_order());
        let backwards: DateRange = "2001/1979".parse().unwrap();
        assert!(!backwards.is_in_order());
        // Overlapping precisions are not out of order: 1979 may well end after 1979-12-27 starts.
        assert!("1979/1979-06".parse::<DateRange>().unwrap().is_in_order());
        assert!("unknown/1979".parse::<DateRange>().unwrap().is_in_order());
        let single: DateRange = "2001-10-07".parse().unwrap();
        assert!(single.is_single());
        assert_eq!(single.to_string(), "2001-10-07");
    }

    #[test]
    fn serialises_as_text() {
        let json = serde_json::to_string(&FuzzyDate::Month(1979, 12)).unwrap();
        assert_eq!(json, "\"1979-12\"");
        let back: FuzzyDate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, FuzzyDate::Month(1979, 12));
        assert!(serde_json::from_str::<FuzzyDate>("\"1979-13\"").is_err());
    }
}
