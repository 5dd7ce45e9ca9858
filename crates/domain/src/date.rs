//! Calendar dates and the month arithmetic the rules use.
//!
//! Validity in the register is by calendar day, so dates are civil dates with no time zone.
//! Month arithmetic follows `jiff`: adding or subtracting months keeps the day of the month and
//! clamps it to the month's last day (31 March minus one month is 28 or 29 February).

/// A calendar day.
pub type Date = jiff::civil::Date;

/// Parses `YYYY-MM-DD` strictly (four-digit year, real calendar day).
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year: i16 = text[0..4].parse().ok()?;
    let month: i8 = text[5..7].parse().ok()?;
    let day: i8 = text[8..10].parse().ok()?;
    Date::new(year, month, day).ok()
}

/// The day after `date`, saturating at the last representable day.
pub fn next_day(date: Date) -> Date {
    date.tomorrow().unwrap_or(Date::MAX)
}

/// The day before `date`, saturating at the first representable day.
pub fn prev_day(date: Date) -> Date {
    date.yesterday().unwrap_or(Date::MIN)
}

/// `date` minus `months` calendar months (day clamped to the end of the month), saturating at
/// the first or last representable day.
pub fn minus_months(date: Date, months: i32) -> Date {
    shift_months(date, -i64::from(months))
}

/// `date` plus `months` calendar months (day clamped to the end of the month), saturating at the
/// first or last representable day.
pub fn plus_months(date: Date, months: i32) -> Date {
    shift_months(date, i64::from(months))
}

/// `date` moved by `months` calendar months as jiff's `Date + Span::months` moves it (the day of
/// the month kept, clamped to the month's last day), saturating the way it moves beyond the
/// calendar. Written out because timelines do this for every fact date and rule window, and
/// jiff's general span arithmetic costs several times as much; a property test checks the two
/// agree.
fn shift_months(date: Date, months: i64) -> Date {
    let (year, month) = month_index_to_year_month(month_index(date) + months);
    match i16::try_from(year) {
        Ok(year) if (MIN_YEAR..=MAX_YEAR).contains(&year) => {
            let day = date.day().min(days_in_month(year, month));
            Date::new(year, month, day).unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
        }
        _ if months < 0 => Date::MIN,
        _ => Date::MAX,
    }
}

const MIN_YEAR: i16 = -9999;
const MAX_YEAR: i16 = 9999;

/// Months since January of year 0.
fn month_index(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month() - 1)
}

/// The (year, month) of a month index; the year may be beyond the calendar.
fn month_index_to_year_month(index: i64) -> (i64, i8) {
    // `rem_euclid(12)` is in 0..12, so the month fits.
    let month = i8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
    (index.div_euclid(12), month)
}

/// The number of days in `month` of `year` (proleptic Gregorian calendar, as jiff's).
fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `x` is "within the last `months` months" of `d`: after `d` minus `months` months and on
/// or before `d` (DESIGN §5).
///
/// ```
/// use assure_domain::date::{parse_date, within_last_months};
/// let d = parse_date("2019-02-12").unwrap();
/// assert!(within_last_months(parse_date("2017-02-13").unwrap(), d, 24));
/// assert!(!within_last_months(parse_date("2017-02-12").unwrap(), d, 24));
/// ```
pub fn within_last_months(x: Date, d: Date, months: i32) -> bool {
    x <= d && x > minus_months(d, months)
}

/// Whether `d` is "within `months` months after" `x`: on or after `x` and on or before `x` plus
/// `months` months. The last day counts, as the review windows it pairs with include their ends.
pub fn within_months_after(x: Date, d: Date, months: i32) -> bool {
    x <= d && d <= plus_months(x, months)
}

/// The first day `d` on which `minus_months(d, months) >= x`, i.e. the first day on which `x` is no
/// longer "within the last `months` months" (or, for `x` itself a start, the first day `x` is at
/// least `months` months ago). Because `minus_months` never decreases as `d` grows, every later day
/// satisfies the condition too, so this is the one boundary a window on `x` puts on the timeline.
pub fn window_end(x: Date, months: i32) -> Date {
    // `minus_months(d, months)` is in x's month exactly when d is in month T = x's month plus
    // `months`, and then it is x's day-of-month clamped; earlier months give earlier days. So the
    // boundary is day `x.day()` of month T if T has that day, and otherwise the first of the month
    // after T (every day of T clamps to before x).
    let target = month_index(x) + i64::from(months);
    let (year, month) = month_index_to_year_month(target);
    let Ok(year) = i16::try_from(year) else {
        return if target < month_index(x) {
            Date::MIN
        } else {
            Date::MAX
        };
    };
    if year < MIN_YEAR {
        return Date::MIN;
    }
    if year > MAX_YEAR {
        return Date::MAX;
    }
    if x.day() <= days_in_month(year, month) {
        return Date::new(year, month, x.day()).unwrap_or(Date::MAX);
    }
    let (year, month) = month_index_to_year_month(target + 1);
    i16::try_from(year)
        .ok()
        .and_then(|year| Date::new(year, month, 1).ok())
        .unwrap_or(Date::MAX)
}

/// `2019-02-12` style, as used in files, JSON and messages.
pub fn iso(date: Date) -> String {
    date.to_string()
}

/// `12 February 2019`, for text read by people.
pub fn long(date: Date) -> String {
    // What `strftime("%-d %B %Y")` gives, written out: messages are made for every rule on every
    // change point of a timeline, so this is on the hot path.
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[usize::try_from(date.month() - 1).unwrap_or(0)];
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn long_dates_are_as_gov_uk_writes_them() {
        assert_eq!(long(date(2025, 4, 1)), "1 April 2025");
        assert_eq!(long(date(2019, 2, 12)), "12 February 2019");
        assert_eq!(long(date(999, 12, 31)), "31 December 999");
        let mut d = date(2000, 1, 1);
        while d.year() == 2000 {
            assert_eq!(long(d), d.strftime("%-d %B %Y").to_string());
            d = d.tomorrow().expect("in range");
        }
    }

    #[test]
    fn parse_date_accepts_real_days_only() {
        assert_eq!(parse_date("2019-02-12"), Some(date(2019, 2, 12)));
        assert_eq!(parse_date("2019-02-29"), None);
        assert_eq!(parse_date("2020-02-29"), Some(date(2020, 2, 29)));
        assert_eq!(parse_date("2019-2-12"), None);
        assert_eq!(parse_date("12/02/2019"), None);
        assert_eq!(parse_date("2019-13-01"), None);
    }

    #[test]
    fn month_arithmetic_clamps_to_the_end_of_the_month() {
        assert_eq!(minus_months(date(2019, 3, 31), 1), date(2019, 2, 28));
        assert_eq!(plus_months(date(2019, 8, 31), 6), date(2020, 2, 29));
    }

    #[test]
    fn month_arithmetic_saturates_rather_than_panicking_beyond_the_calendar() {
        // Found by the `dates` fuzz target: counts beyond jiff's ±239,976 months panicked.
        let d = date(2019, 2, 12);
        assert_eq!(minus_months(d, -300_000), Date::MAX);
        assert_eq!(minus_months(d, 300_000), Date::MIN);
        assert_eq!(plus_months(d, 300_000), Date::MAX);
        assert_eq!(plus_months(d, -300_000), Date::MIN);
        assert_eq!(minus_months(d, i32::MIN), Date::MAX);
        // Within jiff's range but past the end of the calendar: saturates the way it moves.
        assert_eq!(minus_months(date(9999, 12, 1), -1), Date::MAX);
        assert_eq!(plus_months(date(-9999, 1, 15), -1), Date::MIN);
    }

    #[test]
    fn within_last_months_excludes_the_day_exactly_n_months_before() {
        let d = date(2019, 2, 12);
        assert!(within_last_months(date(2019, 2, 12), d, 6));
        assert!(within_last_months(date(2018, 8, 13), d, 6));
        assert!(!within_last_months(date(2018, 8, 12), d, 6));
        assert!(!within_last_months(date(2019, 2, 13), d, 6));
    }

    #[test]
    fn within_months_after_includes_the_day_exactly_n_months_after() {
        let x = date(2015, 4, 1);
        assert!(within_months_after(x, date(2015, 4, 1), 6));
        assert!(within_months_after(x, date(2015, 10, 1), 6));
        assert!(!within_months_after(x, date(2015, 10, 2), 6));
        assert!(!within_months_after(x, date(2015, 3, 31), 6));
    }

    /// Month arithmetic through jiff's spans, as it was written before: the oracle.
    fn jiff_plus_months(date: Date, months: i32) -> Date {
        let moved = jiff::Span::new().try_months(months).ok();
        match moved.and_then(|span| date.checked_add(span).ok()) {
            Some(d) => d,
            None if months < 0 => Date::MIN,
            None => Date::MAX,
        }
    }

    /// The first day on which `minus_months(d, months) >= x`, found by walking days: the oracle.
    fn walked_window_end(x: Date, months: i32) -> Date {
        let mut d = plus_months(x, months)
            .checked_sub(jiff::ToSpan::days(4))
            .unwrap_or(Date::MIN);
        while minus_months(d, months) < x {
            if d == Date::MAX {
                return Date::MAX;
            }
            d = next_day(d);
        }
        d
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (-9999i16..=9999, 1i8..=12, 1i8..=31)
            .prop_map(|(y, m, d)| Date::new(y, m, d.min(days_in_month(y, m))).expect("a real day"))
    }

    proptest! {
        #[test]
        fn month_arithmetic_agrees_with_jiff(date in any_date(), months in -300_000i32..300_000) {
            prop_assert_eq!(plus_months(date, months), jiff_plus_months(date, months));
            prop_assert_eq!(minus_months(date, months), jiff_plus_months(date, months.saturating_neg()));
        }

        #[test]
        fn month_arithmetic_agrees_with_jiff_near_today(
            y in 1990i16..2040, m in 1i8..=12, d in 1i8..=31, months in -300i32..300
        ) {
            let date = Date::new(y, m, d.min(days_in_month(y, m))).expect("a real day");
            prop_assert_eq!(plus_months(date, months), jiff_plus_months(date, months));
            prop_assert_eq!(minus_months(date, months), jiff_plus_months(date, -months));
        }

        #[test]
        fn window_end_agrees_with_walking_the_days(date in any_date(), months in -2400i32..2400) {
            prop_assert_eq!(window_end(date, months), walked_window_end(date, months));
        }
    }

    #[test]
    fn days_in_month_agrees_with_jiff_over_the_whole_calendar() {
        for year in MIN_YEAR..=MAX_YEAR {
            for month in 1..=12 {
                let first = Date::new(year, month, 1).expect("a real day");
                assert_eq!(
                    days_in_month(year, month),
                    first.days_in_month(),
                    "{year}-{month}"
                );
            }
        }
    }

    #[test]
    fn window_end_saturates_beyond_the_calendar() {
        assert_eq!(window_end(date(9999, 12, 31), 1), Date::MAX);
        assert_eq!(window_end(date(2019, 1, 31), i32::MAX), Date::MAX);
        assert_eq!(window_end(date(2019, 1, 31), i32::MIN), Date::MIN);
        assert_eq!(window_end(date(9999, 11, 30), 1), date(9999, 12, 30));
        assert_eq!(window_end(date(9999, 10, 31), 1), date(9999, 12, 1));
    }

    #[test]
    fn window_end_is_the_first_day_the_window_has_passed() {
        for (x, m) in [
            (date(2019, 1, 31), 1),
            (date(2019, 2, 28), 1),
            (date(2020, 2, 29), 12),
            (date(2019, 8, 31), 6),
            (date(2019, 3, 1), 24),
        ] {
            let end = window_end(x, m);
            assert!(minus_months(end, m) >= x, "{x} {m} {end}");
            assert!(minus_months(prev_day(end), m) < x, "{x} {m} {end}");
        }
    }
}
