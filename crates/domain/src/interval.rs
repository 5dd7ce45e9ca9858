//! Validity intervals and their algebra.
//!
//! Every fact in the register is valid over an interval of days: `from` is the first day and `to`
//! the last day, both inclusive. A missing `from` means the fact has always held (organisations,
//! posts, bodies); a missing `to` means it still holds. The rules engine never walks day by day:
//! it evaluates at *change points*, the days on which some interval starts or the day after one
//! ends, and this module provides the algebra for that (overlap, intersection, gaps, change points).

use crate::date::{Date, next_day, prev_day};
use std::collections::BTreeSet;
use std::fmt;

/// A closed interval of days. Construct with [`Interval::new`]; once built, `from <= to` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    from: Option<Date>,
    to: Option<Date>,
}

/// Why an interval could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`to` ({to}) is before `from` ({from})")]
pub struct ToBeforeFrom {
    /// The first day given.
    pub from: Date,
    /// The last day given, earlier than `from`.
    pub to: Date,
}

impl Interval {
    /// The interval from `from` to `to`, both inclusive; `None` leaves that end open.
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<Self, ToBeforeFrom> {
        match (from, to) {
            (Some(from), Some(to)) if to < from => Err(ToBeforeFrom { from, to }),
            _ => Ok(Self { from, to }),
        }
    }

    /// Every day.
    pub const ALWAYS: Self = Self {
        from: None,
        to: None,
    };

    /// From `from` on, with no end.
    pub fn starting(from: Date) -> Self {
        Self {
            from: Some(from),
            to: None,
        }
    }

    /// The single day `day`.
    pub fn day(day: Date) -> Self {
        Self {
            from: Some(day),
            to: Some(day),
        }
    }

    /// The first day as written (`None`: always held).
    pub fn from(&self) -> Option<Date> {
        self.from
    }

    /// The last day as written (`None`: still holds).
    pub fn to(&self) -> Option<Date> {
        self.to
    }

    /// The first day, with an open start as the earliest representable day.
    pub fn start(&self) -> Date {
        self.from.unwrap_or(Date::MIN)
    }

    /// The last day, with an open end as the latest representable day.
    pub fn end(&self) -> Date {
        self.to.unwrap_or(Date::MAX)
    }

    /// Whether the interval holds on `day`.
    pub fn contains(&self, day: Date) -> bool {
        self.start() <= day && day <= self.end()
    }

    /// Whether the two intervals share at least one day.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.start() <= other.end() && other.start() <= self.end()
    }

    /// The days both intervals hold, if any.
    pub fn intersection(&self, other: &Self) -> Option<Self> {
        if !self.overlaps(other) {
            return None;
        }
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Some(Self { from, to })
    }

    /// The days on which whether this interval holds may change: its first day, and the day after
    /// its last day.
    pub fn boundaries(&self) -> impl Iterator<Item = Date> {
        let start = self.from;
        let after = self.to.filter(|to| *to < Date::MAX).map(next_day);
        start.into_iter().chain(after)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (Some(a), Some(b)) => write!(f, "{a} to {b}"),
            (Some(a), None) => write!(f, "from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (None, None) => write!(f, "always"),
        }
    }
}

/// The days of `within` covered by none of `intervals`, as maximal intervals in order.
pub fn gaps(intervals: &[Interval], within: Interval) -> Vec<Interval> {
    let mut covered: Vec<Interval> = intervals
        .iter()
        .filter_map(|i| i.intersection(&within))
        .collect();
    covered.sort_by_key(|i| i.start());
    let mut out = Vec::new();
    let mut cursor = Some(within.start());
    for c in covered {
        let Some(at) = cursor else { break };
        if c.start() > at {
            out.push(Interval {
                from: (at != Date::MIN).then_some(at).or(within.from),
                to: Some(prev_day(c.start())),
            });
        }
        if c.end() >= at {
            cursor = (c.end() < Date::MAX).then(|| next_day(c.end()));
        }
    }
    if let Some(at) = cursor
        && at <= within.end()
    {
        out.push(Interval {
            from: (at != Date::MIN).then_some(at).or(within.from),
            to: within.to,
        });
    }
    out
}

/// Whether any two of `intervals` share a day.
pub fn any_overlap(intervals: &[Interval]) -> bool {
    let mut sorted: Vec<&Interval> = intervals.iter().collect();
    sorted.sort_by_key(|i| i.start());
    sorted.windows(2).any(|w| w[1].start() <= w[0].end())
}

/// The sorted, distinct change points of `intervals`: every first day and every day after a last
/// day. Between two consecutive change points the set of intervals holding is constant.
pub fn change_points<'a>(intervals: impl IntoIterator<Item = &'a Interval>) -> Vec<Date> {
    let set: BTreeSet<Date> = intervals.into_iter().flat_map(|i| i.boundaries()).collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn iv(from: Option<Date>, to: Option<Date>) -> Interval {
        Interval::new(from, to).expect("valid interval")
    }

    #[test]
    fn to_before_from_is_refused() {
        let err = Interval::new(Some(date(2019, 4, 1)), Some(date(2019, 3, 31))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`to` (2019-03-31) is before `from` (2019-04-01)"
        );
    }

    #[test]
    fn to_is_inclusive() {
        let i = iv(Some(date(2013, 9, 1)), Some(date(2019, 3, 31)));
        assert!(i.contains(date(2019, 3, 31)));
        assert!(!i.contains(date(2019, 4, 1)));
        assert_eq!(
            i.boundaries().collect::<Vec<_>>(),
            vec![date(2013, 9, 1), date(2019, 4, 1)]
        );
    }

    #[test]
    fn gaps_finds_the_vacancy_between_two_appointments() {
        let a = iv(Some(date(2019, 1, 1)), Some(date(2019, 1, 31)));
        let b = iv(Some(date(2019, 2, 10)), None);
        let g = gaps(&[b, a], iv(Some(date(2019, 1, 1)), Some(date(2019, 3, 1))));
        assert_eq!(g, vec![iv(Some(date(2019, 2, 1)), Some(date(2019, 2, 9)))]);
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (0i32..400).prop_map(|n| {
            date(2018, 1, 1)
                .checked_add(jiff::Span::new().days(n))
                .expect("in range")
        })
    }

    fn arb_interval() -> impl Strategy<Value = Interval> {
        (
            proptest::option::weighted(0.8, arb_date()),
            proptest::option::weighted(0.7, arb_date()),
        )
            .prop_map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) if b < a => iv(Some(b), Some(a)),
                (a, b) => iv(a, b),
            })
    }

    fn days() -> impl Iterator<Item = Date> {
        (0..400).map(|n| {
            date(2018, 1, 1)
                .checked_add(jiff::Span::new().days(n))
                .expect("in range")
        })
    }

    proptest! {
        #[test]
        fn overlap_agrees_with_sharing_a_day(a in arb_interval(), b in arb_interval()) {
            let unbounded = a.from().is_none() && b.from().is_none()
                || a.to().is_none() && b.to().is_none();
            let shares = unbounded || days().any(|d| a.contains(d) && b.contains(d));
            prop_assert_eq!(a.overlaps(&b), shares);
        }

        #[test]
        fn intersection_holds_exactly_where_both_hold(a in arb_interval(), b in arb_interval()) {
            let i = a.intersection(&b);
            for d in days() {
                let both = a.contains(d) && b.contains(d);
                prop_assert_eq!(i.is_some_and(|i| i.contains(d)), both);
            }
        }

        #[test]
        fn gaps_and_intervals_partition_the_period(
            xs in proptest::collection::vec(arb_interval(), 0..5),
            within in arb_interval(),
        ) {
            let g = gaps(&xs, within);
            for d in days().filter(|d| within.contains(*d)) {
                let covered = xs.iter().any(|x| x.contains(d));
                let in_gap = g.iter().filter(|x| x.contains(d)).count();
                prop_assert_eq!(in_gap, usize::from(!covered), "day {}", d);
            }
            prop_assert!(!any_overlap(&g));
            for w in g.windows(2) {
                prop_assert!(next_day(w[0].end()) < w[1].start(), "gaps are maximal");
            }
        }

        #[test]
        fn holding_is_constant_between_change_points(xs in proptest::collection::vec(arb_interval(), 0..6)) {
            let cps = change_points(&xs);
            let mut prev: Option<Vec<bool>> = None;
            for d in days() {
                let now: Vec<bool> = xs.iter().map(|x| x.contains(d)).collect();
                if let Some(p) = &prev && *p != now {
                    prop_assert!(cps.binary_search(&d).is_ok(), "change on {} not a change point", d);
                }
                prev = Some(now);
            }
        }
    }
}
