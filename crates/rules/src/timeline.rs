//! Timeline evaluation: the maximal intervals of each rule's status over a period.
//!
//! Statuses can only change on a *change point*: a day on which a fact starts, ends (the day after)
//! or happens, a rule comes into or goes out of force, or a window measured from such a day closes
//! ("within the last N months" of D changes on the first D whose D minus N months reaches the
//! fact's day). The engine evaluates each rule on those days only and merges equal neighbours, so
//! a period of decades costs as much as its number of changes, not its number of days. A property
//! test checks this against evaluating every day.

use crate::{CouncilEval, Engine, Status};
use assure_domain::Date;
use assure_domain::date::{next_day, window_end};
use serde::Serialize;
use std::collections::BTreeSet;

/// One maximal interval of a rule's status (the JSON of `timeline --format json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub rule: String,
    pub status: Status,
    pub from: Date,
    /// Last day, inclusive; `None`: the status holds from `from` on.
    pub to: Option<Date>,
}

/// The change points in `from..=to`, always including `from`.
pub(crate) fn change_points(engine: &Engine<'_>, from: Date, to: Option<Date>) -> Vec<Date> {
    let months = engine.catalogue.window_months();
    let mut set = BTreeSet::new();
    let mut add = |d: Date| {
        if d > from && to.is_none_or(|t| d <= t) {
            set.insert(d);
        }
    };
    for x in &engine.dates {
        for y in [*x, next_day(*x)] {
            add(y);
            for m in &months {
                add(window_end(y, *m));
            }
        }
    }
    for rule in &engine.catalogue.rules {
        rule.in_force.boundaries().for_each(&mut add);
    }
    add(crate::eval::ICB_FROM);
    std::iter::once(from).chain(set).collect()
}

pub(crate) fn timeline(council: &CouncilEval<'_, '_>, from: Date, to: Option<Date>) -> Vec<Span> {
    let points = change_points(council.engine, from, to);
    let rules = &council.engine.catalogue.rules;
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); rules.len()];
    for day in &points {
        for (rule, out) in rules.iter().zip(spans.iter_mut()) {
            let status = council.evaluate(rule, *day).status;
            match out.last_mut() {
                Some(last) if last.status == status => {}
                Some(last) => {
                    last.to = day.yesterday().ok();
                    out.push(Span {
                        rule: rule.id.clone(),
                        status,
                        from: *day,
                        to: None,
                    });
                }
                None => out.push(Span {
                    rule: rule.id.clone(),
                    status,
                    from: *day,
                    to: None,
                }),
            }
        }
    }
    let mut all: Vec<Span> = spans.into_iter().flatten().collect();
    if let Some(to) = to {
        for s in all.iter_mut().filter(|s| s.to.is_none()) {
            s.to = Some(to);
        }
    }
    all
}
