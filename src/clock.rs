//! "Now", for what depends on the calendar (the timeline's open-ended bars end, and Play stops,
//! in the current year). Read from the system clock through one function, so tests can set it.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

thread_local! {
    /// A year set by [`set_current_year`] for this thread (tests drive the UI on one thread).
    static YEAR: Cell<Option<i32>> = const { Cell::new(None) };
}

/// The current Gregorian year (UTC), or the year set for this thread.
pub fn current_year() -> i32 {
    if let Some(year) = YEAR.with(Cell::get) {
        return year;
    }
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    year_of_day(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// Makes [`current_year`] answer `year` on this thread (`None`: the clock again).
pub fn set_current_year(year: Option<i32>) {
    YEAR.with(|cell| cell.set(year));
}

/// The year of a day counted from 1970-01-01 (the proleptic Gregorian calendar, as in
/// Howard Hinnant's `civil_from_days`).
fn year_of_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // March = 0
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    i32::try_from(year).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_fall_in_their_years() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(-1), 1969);
        // 2026-12-31 and 2027-01-01.
        assert_eq!(year_of_day(20_818), 2026);
        assert_eq!(year_of_day(20_819), 2027);
        // 2000-02-29, a leap day of a century year divisible by 400.
        assert_eq!(year_of_day(11_016), 2000);
    }

    #[test]
    fn the_year_can_be_set_and_given_back_to_the_clock() {
        set_current_year(Some(2031));
        assert_eq!(current_year(), 2031);
        set_current_year(None);
        assert!(current_year() >= 2026);
    }
}
