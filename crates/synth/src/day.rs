//! Calendar helpers for planning: day arithmetic, May elections, random days in a range.
//!
//! Days are counted from 1970-01-01 with Howard Hinnant's civil-calendar algorithms, so adding
//! days and measuring gaps is plain integer arithmetic that cannot fail.

use crate::rng::Rng;
use assure_domain::Date;

/// A constant date; only for literals known to be real days.
pub(crate) fn ymd(year: i16, month: i8, day: i8) -> Date {
    jiff::civil::date(year, month, day)
}

/// Days since 1970-01-01.
pub(crate) fn ord(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `n` days after 1970-01-01.
pub(crate) fn from_ord(n: i32) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    // The algorithm gives a real day for every input in jiff's range, which planning never leaves.
    ymd(y as i16, m as i8, d as i8)
}

/// `date` plus `n` days (`n` may be negative).
pub(crate) fn add(date: Date, n: i32) -> Date {
    from_ord(ord(date) + n)
}

/// The day after `date`.
pub(crate) fn next(date: Date) -> Date {
    add(date, 1)
}

/// The day before `date`.
pub(crate) fn prev(date: Date) -> Date {
    add(date, -1)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn between(a: Date, b: Date) -> i32 {
    ord(b) - ord(a)
}

/// `date` plus `months` calendar months (day clamped to the month's end).
pub(crate) fn months(date: Date, months: i32) -> Date {
    if months >= 0 {
        assure_domain::date::plus_months(date, months)
    } else {
        assure_domain::date::minus_months(date, -months)
    }
}

/// A day in `lo..=hi`, uniformly (`lo` when `hi < lo`).
pub(crate) fn uniform(rng: &mut Rng, lo: Date, hi: Date) -> Date {
    add(lo, rng.int(0, between(lo, hi)))
}

/// Local elections in England are held on the first Thursday in May.
pub(crate) fn election_day(year: i16) -> Date {
    let first = ymd(year, 5, 1);
    // 1970-01-01 was a Thursday; (ord + 3) mod 7 is 0 on Mondays and 3 on Thursdays.
    let weekday = (ord(first) + 3).rem_euclid(7);
    add(first, (3 - weekday).rem_euclid(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_count_real_days() {
        assert_eq!(ord(ymd(1970, 1, 1)), 0);
        assert_eq!(ord(ymd(2000, 3, 1)) - ord(ymd(2000, 2, 28)), 2);
        assert_eq!(ord(ymd(1900, 3, 1)) - ord(ymd(1900, 2, 28)), 1);
        for n in (-30_000..30_000).step_by(7) {
            assert_eq!(ord(from_ord(n)), n);
        }
        assert_eq!(add(ymd(2019, 9, 28), 1), ymd(2019, 9, 29));
        assert_eq!(between(ymd(2022, 6, 30), ymd(2022, 7, 1)), 1);
    }

    #[test]
    fn election_day_is_the_first_thursday_in_may() {
        assert_eq!(election_day(2021), ymd(2021, 5, 6));
        assert_eq!(election_day(2023), ymd(2023, 5, 4));
        assert_eq!(election_day(2024), ymd(2024, 5, 2));
        assert_eq!(election_day(2019), ymd(2019, 5, 2));
    }
}
