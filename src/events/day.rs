//! Calendar days as integers (days since 1970-01-01, proleptic Gregorian), so a million event
//! dates sort, compare and bin without any calendar arithmetic in the hot paths.

use crate::model::date::Ymd;

/// Days since 1970-01-01; negative before.
pub type Day = i32;

/// The day number of a calendar date; `None` for an impossible date (30 February, month 13).
pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Day> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil: years start in March so leap days come last.
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Day::try_from(era * 146_097 + day_of_era - 719_468).ok()
}

/// The calendar date of a day number.
pub fn to_ymd(day: Day) -> Ymd {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day_of_month = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // The casts cannot truncate: the month is 1..=12, the day 1..=31, the year within i32.
    (year as i32, month as u8, day_of_month as u8)
}

/// `YYYY-MM-DD`, as the table and exports show a day.
pub fn format(day: Day) -> String {
    let (year, month, day_of_month) = to_ymd(day);
    format!("{year:04}-{month:02}-{day_of_month:02}")
}

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(day: Day) -> u8 {
    (i64::from(day) + 3).rem_euclid(7) as u8
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(from_ymd(1970, 1, 1), Some(0));
        assert_eq!(from_ymd(2000, 3, 1), Some(11_017));
        assert_eq!(from_ymd(1969, 12, 31), Some(-1));
        assert_eq!(format(from_ymd(2024, 2, 29).unwrap()), "2024-02-29");
        assert_eq!(weekday(from_ymd(2026, 12, 6).unwrap()), 6, "a Sunday");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(from_ymd(2023, 2, 29), None);
        assert_eq!(from_ymd(1900, 2, 29), None);
        assert_eq!(from_ymd(2020, 13, 1), None);
        assert_eq!(from_ymd(2020, 4, 31), None);
        assert_eq!(from_ymd(2020, 4, 0), None);
    }

    proptest! {
        #[test]
        fn round_trips(day in -800_000i32..800_000) {
            let (y, m, d) = to_ymd(day);
            prop_assert_eq!(from_ymd(y, m, d), Some(day));
        }

        #[test]
        fn consecutive_days_follow_the_calendar(day in -800_000i32..800_000) {
            let (y, m, d) = to_ymd(day);
            let next = to_ymd(day + 1);
            let expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            prop_assert_eq!(next, expected);
        }
    }
}
