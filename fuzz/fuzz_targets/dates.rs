//! Date parsing, month arithmetic and the interval algebra: no panics, and the properties the
//! unit and property tests in `crates/domain/src/{date,interval}.rs` state, on any dates jiff can
//! hold (from -9999-01-01 to 9999-12-31), not only on the 400 days the property tests draw from.
//!
//! Input that is valid UTF-8 is first tried as a date: `parse_date` must accept exactly the
//! strings `iso` would print. Then the same bytes are read as numbers that make dates, intervals
//! and month counts.
#![no_main]

use assure_domain::date::{
    Date, iso, long, minus_months, next_day, parse_date, plus_months, prev_day, window_end,
    within_last_months, within_months_after,
};
use assure_domain::interval::{Interval, any_overlap, change_points, gaps};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// A date: mostly within a few years of 2019 so that intervals meet, sometimes anywhere, and
/// sometimes at the very ends of the calendar.
fn date(u: &mut Unstructured<'_>) -> Result<Date> {
    let base = Date::constant(2019, 1, 1);
    Ok(match u.int_in_range(0u8..=7)? {
        0 => Date::MIN
            .checked_add(jiff::Span::new().days(u.int_in_range(0i32..=40)?))
            .unwrap_or(Date::MIN),
        1 => Date::MAX
            .checked_sub(jiff::Span::new().days(u.int_in_range(0i32..=40)?))
            .unwrap_or(Date::MAX),
        2 => {
            // Anywhere: up to 7,304,484 days from MIN, the most a jiff span of days holds
            // (MIN to MAX is a little more; a larger count made the harness itself panic).
            let n = u.int_in_range(0i32..=7_304_484)?;
            Date::MIN
                .checked_add(jiff::Span::new().days(n))
                .unwrap_or(Date::MAX)
        }
        _ => base
            .checked_add(jiff::Span::new().days(u.int_in_range(-800i32..=800)?))
            .unwrap_or(base),
    })
}

fn interval(u: &mut Unstructured<'_>) -> Result<Interval> {
    let from = if u.ratio(4u8, 5)? {
        Some(date(u)?)
    } else {
        None
    };
    let to = if u.ratio(7u8, 10)? {
        Some(date(u)?)
    } else {
        None
    };
    Ok(match (from, to) {
        (Some(a), Some(b)) if b < a => {
            assert!(
                Interval::new(Some(a), Some(b)).is_err(),
                "{a}..{b} accepted"
            );
            Interval::new(Some(b), Some(a)).expect("ordered")
        }
        (a, b) => Interval::new(a, b).expect("from <= to"),
    })
}

fn text_as_date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(d) = parse_date(text) {
        assert_eq!(iso(d), text, "parse_date accepted what iso would not print");
        let _ = long(d);
    }
}

fn months(u: &mut Unstructured<'_>) -> Result<i32> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => u.int_in_range(-300_000i32..=300_000)?,
        _ => u.int_in_range(0i32..=36)?,
    })
}

fn month_arithmetic(u: &mut Unstructured<'_>) -> Result<()> {
    let x = date(u)?;
    let d = date(u)?;
    let m = months(u)?;
    if x.year() >= 0 {
        assert_eq!(parse_date(&iso(x)), Some(x), "{x} does not round-trip");
    }
    let _ = long(x);
    let (minus, plus) = (minus_months(x, m), plus_months(x, m));
    // Months move the date the way their sign says, saturating at the ends of the calendar.
    if m >= 0 {
        assert!(minus <= x && x <= plus, "{x} {m}: {minus} {plus}");
    } else {
        assert!(plus <= x && x <= minus, "{x} {m}: {minus} {plus}");
    }
    assert!(prev_day(x) <= x && x <= next_day(x));
    let _ = within_months_after(x, d, m);
    if (0..=1200).contains(&m) {
        assert_eq!(
            within_last_months(x, d, m),
            x <= d && x > minus_months(d, m),
            "within_last_months({x}, {d}, {m})"
        );
        // Beyond MAX the boundary saturates; below it, it is the first day the window has passed.
        let end = window_end(x, m);
        if end < Date::MAX {
            assert!(minus_months(end, m) >= x, "{x} {m} {end}");
            // For x = MIN every day has "passed" (months before the calendar saturate to MIN),
            // so the first such day would be MIN; window_end starts its search a few days
            // before x + months and says so. Registers cannot hold years below 0000, so this
            // degenerate case is left alone rather than slowing window_end down for it.
            if end > Date::MIN && x > Date::MIN {
                assert!(minus_months(prev_day(end), m) < x, "{x} {m} {end}");
            }
        }
    }
    Ok(())
}

/// The days on which anything about `xs` and `within` can change, with their neighbours.
fn probe_days(xs: &[Interval], within: &Interval) -> Vec<Date> {
    let mut days = vec![Date::MIN, Date::MAX];
    for i in xs.iter().chain([within]) {
        for d in [i.start(), i.end()] {
            days.extend([prev_day(d), d, next_day(d)]);
        }
    }
    days.sort();
    days.dedup();
    days
}

fn algebra(u: &mut Unstructured<'_>) -> Result<()> {
    let n = u.int_in_range(0usize..=6)?;
    let xs = (0..n).map(|_| interval(u)).collect::<Result<Vec<_>>>()?;
    let within = interval(u)?;
    let days = probe_days(&xs, &within);

    for a in xs.iter().chain([&within]) {
        assert!(a.start() <= a.end());
        assert!(
            a.contains(a.start()) && a.contains(a.end()),
            "{a} holds on its ends"
        );
        if a.start() > Date::MIN {
            assert!(!a.contains(prev_day(a.start())));
        }
        if a.end() < Date::MAX {
            assert!(!a.contains(next_day(a.end())));
        }
        for b in xs.iter().chain([&within]) {
            assert_eq!(
                a.overlaps(b),
                b.overlaps(a),
                "overlaps is symmetric: {a} / {b}"
            );
            let i = a.intersection(b);
            assert_eq!(i.is_some(), a.overlaps(b), "{a} / {b}");
            assert_eq!(i, b.intersection(a), "intersection is symmetric: {a} / {b}");
            for &d in &days {
                let both = a.contains(d) && b.contains(d);
                assert_eq!(i.is_some_and(|i| i.contains(d)), both, "{a} / {b} on {d}");
            }
        }
    }

    // Gaps: with the intervals, they cover each day of `within` exactly once, and are maximal.
    let g = gaps(&xs, within);
    for &d in days.iter().filter(|d| within.contains(**d)) {
        let covered = xs.iter().any(|x| x.contains(d));
        let in_gap = g.iter().filter(|x| x.contains(d)).count();
        assert_eq!(
            in_gap,
            usize::from(!covered),
            "day {d} of {within} in {xs:?}: gaps {g:?}"
        );
    }
    assert!(!any_overlap(&g), "gaps {g:?} overlap");
    for w in g.windows(2) {
        assert!(
            next_day(w[0].end()) < w[1].start(),
            "gaps are maximal: {g:?}"
        );
    }

    // any_overlap agrees with pairwise overlaps.
    let pairwise = xs
        .iter()
        .enumerate()
        .any(|(i, a)| xs[i + 1..].iter().any(|b| a.overlaps(b)));
    assert_eq!(any_overlap(&xs), pairwise, "{xs:?}");

    // Change points: sorted and distinct, and holding is constant between them.
    let cps = change_points(&xs);
    assert!(cps.windows(2).all(|w| w[0] < w[1]), "{cps:?}");
    for &d in days.iter().filter(|d| **d > Date::MIN) {
        let before: Vec<bool> = xs.iter().map(|x| x.contains(prev_day(d))).collect();
        let now: Vec<bool> = xs.iter().map(|x| x.contains(d)).collect();
        if before != now {
            assert!(
                cps.binary_search(&d).is_ok(),
                "change on {d} not a change point of {xs:?}"
            );
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    text_as_date(data);
    let mut u = Unstructured::new(data);
    let _ = month_arithmetic(&mut u);
    let _ = algebra(&mut u);
});
