//! Reading the dates event datasets write: ISO days (`2020-05-09`, also with a time), ACLED's
//! `9-May-20` and `01-January-2015`, slashed days in either order, GDELT's `20200509` and
//! `20200509134500`, and epoch seconds or milliseconds.

use super::day::{Day, from_ymd};

/// Which comes first in a slashed date such as `09/05/2020`: the source decides, not us.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    /// `dd/mm/yyyy` (ACLED, most of the world).
    #[default]
    DayFirst,
    /// `mm/dd/yyyy` (US spreadsheets).
    MonthFirst,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("no date")]
    Empty,
    #[error("\"{0}\" is not a date in a form Faultline reads")]
    Unrecognised(String),
    #[error("\"{0}\" is not a possible date")]
    Impossible(String),
}

const MONTHS: [&str; 12] = [
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

/// The month a name or three-letter abbreviation stands for (any case).
fn month_by_name(name: &str) -> Option<u8> {
    let name = name.to_ascii_lowercase();
    if name.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(&name) && (name.len() == 3 || *month == name))
        .or_else(|| (name == "sept").then_some(8))
        .map(|index| index as u8 + 1)
}

fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A two-digit year as ACLED writes it: `20` is 2020, `97` is 1997 (pivot at 50).
fn full_year(year: i64, written_digits: usize) -> i64 {
    if written_digits <= 2 {
        if year < 50 { 2000 + year } else { 1900 + year }
    } else {
        year
    }
}

fn day_of(year: i64, month: i64, day: i64, text: &str) -> Result<Day, DateError> {
    let impossible = || DateError::Impossible(text.to_owned());
    let year = i32::try_from(year).map_err(|_| impossible())?;
    let month = u8::try_from(month).map_err(|_| impossible())?;
    let day = u8::try_from(day).map_err(|_| impossible())?;
    from_ymd(year, month, day).ok_or_else(impossible)
}

/// Reads a date in any of the forms above; `order` settles `09/05/2020`.
pub fn parse_date(text: &str, order: DayOrder) -> Result<Day, DateError> {
    let text = text.trim().trim_matches('"');
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let unrecognised = || DateError::Unrecognised(text.to_owned());
    // A time after the day (`2020-05-09T10:00:00Z`, `2020-05-09 10:00`) is dropped.
    let day_part = text
        .split(['T', ' '])
        .next()
        .filter(|part| !part.is_empty())
        .unwrap_or(text);

    if let Some(number) = digits(day_part) {
        return match day_part.len() {
            8 => day_of(number / 10_000, number / 100 % 100, number % 100, text),
            14 => {
                let date = number / 1_000_000;
                day_of(date / 10_000, date / 100 % 100, date % 100, text)
            }
            // Epoch seconds (9–10 digits reach 1973–2286) or milliseconds (12–13 digits).
            9 | 10 => epoch_day(number, text),
            12 | 13 => epoch_day(number / 1000, text),
            _ => Err(unrecognised()),
        };
    }
    for separator in ['-', '/', '.'] {
        let parts: Vec<&str> = day_part.split(separator).collect();
        if parts.len() != 3 {
            continue;
        }
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        // ISO: 2020-05-09 (also 2020/05/09).
        if a.len() == 4
            && let (Some(year), Some(month), Some(day)) = (digits(a), digits(b), digits(c))
        {
            return day_of(year, month, day, text);
        }
        // Named month: 9-May-20, 01-January-2015.
        if let (Some(day), Some(month), Some(year)) = (digits(a), month_by_name(b), digits(c)) {
            return day_of(full_year(year, c.len()), i64::from(month), day, text);
        }
        // Numeric day and month in the source's order: 09/05/2020.
        if let (Some(first), Some(second), Some(year)) = (digits(a), digits(b), digits(c))
            && a.len() <= 2
            && b.len() <= 2
            && (c.len() == 4 || c.len() == 2)
        {
            let (day, month) = match order {
                DayOrder::DayFirst => (first, second),
                DayOrder::MonthFirst => (second, first),
            };
            return day_of(full_year(year, c.len()), month, day, text);
        }
    }
    Err(unrecognised())
}

fn epoch_day(seconds: i64, text: &str) -> Result<Day, DateError> {
    Day::try_from(seconds.div_euclid(86_400)).map_err(|_| DateError::Impossible(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::day::to_ymd;
    use proptest::prelude::*;

    fn ymd(text: &str, order: DayOrder) -> (i32, u8, u8) {
        to_ymd(parse_date(text, order).unwrap())
    }

    #[test]
    fn every_form_the_datasets_write_reads_as_the_same_day() {
        let day_first = DayOrder::DayFirst;
        for text in [
            "2020-05-09",
            "2020-05-09T13:45:00Z",
            "2020-05-09 13:45",
            "9-May-20",
            "09-May-2020",
            "9-may-2020",
            "09-May-2020",
            "9 May 2020",
            "09/05/2020",
            "20200509",
            "20200509134500",
            "1589025600",
            "1589025600000",
        ] {
            if text == "9 May 2020" {
                assert!(parse_date(text, day_first).is_err(), "{text}");
                continue;
            }
            assert_eq!(ymd(text, day_first), (2020, 5, 9), "{text}");
        }
        assert_eq!(ymd("01-January-2015", day_first), (2015, 1, 1));
        assert_eq!(ymd("05/09/2020", DayOrder::MonthFirst), (2020, 5, 9));
        assert_eq!(ymd("3-Sep-97", day_first), (1997, 9, 3));
    }

    #[test]
    fn impossible_and_unknown_dates_are_told_apart() {
        assert_eq!(
            parse_date("2021-02-30", DayOrder::DayFirst),
            Err(DateError::Impossible("2021-02-30".into()))
        );
        assert_eq!(
            parse_date("13/13/2020", DayOrder::DayFirst),
            Err(DateError::Impossible("13/13/2020".into()))
        );
        assert!(matches!(
            parse_date("soon", DayOrder::DayFirst),
            Err(DateError::Unrecognised(_))
        ));
        assert_eq!(parse_date("  ", DayOrder::DayFirst), Err(DateError::Empty));
    }

    proptest! {
        #[test]
        fn any_real_day_round_trips_through_every_written_form(day in -25_000i32..60_000) {
            let (year, month, dom) = to_ymd(day);
            let name = MONTHS[month as usize - 1];
            let forms = [
                format!("{year:04}-{month:02}-{dom:02}"),
                format!("{year:04}{month:02}{dom:02}"),
                format!("{year:04}{month:02}{dom:02}123000"),
                format!("{dom}-{}-{year}", &name[..3]),
                format!("{dom:02}-{name}-{year}"),
                format!("{dom:02}/{month:02}/{year}"),
            ];
            for form in &forms {
                prop_assert_eq!(parse_date(form, DayOrder::DayFirst), Ok(day), "{}", form);
            }
            let us = format!("{month:02}/{dom:02}/{year}");
            prop_assert_eq!(parse_date(&us, DayOrder::MonthFirst), Ok(day));
            // Nine-digit epoch seconds begin on 1973-03-03; earlier ones are eight digits and
            // read as `yyyymmdd`.
            if (1974..2286).contains(&year) {
                let seconds = i64::from(day) * 86_400 + 3_600;
                prop_assert_eq!(parse_date(&seconds.to_string(), DayOrder::DayFirst), Ok(day));
                let millis = seconds * 1000;
                prop_assert_eq!(parse_date(&millis.to_string(), DayOrder::DayFirst), Ok(day));
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,24}") {
            let _ = parse_date(&text, DayOrder::DayFirst);
        }
    }
}
