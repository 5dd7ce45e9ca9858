//! Assurance: reviews after changes and regularly, reviews of interim holdings, review actions on
//! time, and reporting on services commissioned from others (DCS/LMCS statutory guidance, "Local
//! assurance"; good practice from the seed reports).

use super::{describe_review, latest_review_covering};
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::{
    long, minus_months, plus_months, within_last_months, within_months_after,
};
use assure_domain::model::{DocumentKind, Fact, Function, Role};
use std::ops::Bound;

pub(super) fn change_triggers_review(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let before = rule.months("review_before_months");
    let after = rule.months("review_after_months");
    let due = rule.months("due_months");
    let checks = [Role::Dcs, Role::Dass]
        .into_iter()
        .filter_map(|role| {
            // The changes are sorted by date: those of the latest day up to `day` end at `end`.
            let changes = cx.changes(role);
            let end = changes.partition_point(|c| c.date <= day);
            let date = changes.get(end.checked_sub(1)?)?.date;
            let same_day = &changes[changes.partition_point(|c| c.date < date)..end];
            let what = || {
                let what: Vec<&str> = same_day.iter().map(|c| c.what.as_str()).collect();
                format!("The latest change to the {} ({}, {})", role.short(), what.join(" and "), long(date))
            };
            let mut facts = cx.facts();
            facts.extend(same_day.iter().map(|c| c.fact.clone()));
            let lo = minus_months(date, before);
            let hi = plus_months(date, after);
            // Concluded by `day`, within the window.
            let latest = latest_review_covering(cx, role, (lo, hi.min(day)), &mut facts);
            Some(if let Some((r, c)) = latest {
                Check::pass(|| format!("{} is covered by {}.", what(), describe_review(r, c)), facts)
            } else if within_months_after(date, day, due) {
                Check::due(
                    || format!("{}: a review covering the {} is due by {}.", what(), role.short(), long(hi)),
                    facts,
                )
            } else {
                Check::fail(
                    || format!(
                        "{} was not reviewed: no review covering the {} concluded between {} and {}.",
                        what(),
                        role.short(),
                        long(lo),
                        long(hi)
                    ),
                    facts,
                )
            })
        });
    Check::worst(cx.detail, checks, || {
        format!(
            "Neither the DCS nor the DASS has been designated by {}: nothing to check.",
            long(day)
        )
    })
}

pub(super) fn periodic_review(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let Some(first) = cx
        .designations_ever(Role::Dcs)
        .iter()
        .find(|d| d.valid.start() <= day)
    else {
        return Check::na(cx.detail, || {
            format!(
                "No DCS has been designated by {}: nothing to review yet.",
                long(day)
            )
        });
    };
    let months = rule.months("within_months");
    let latest = cx
        .reviews_concluded(Role::Dcs, Bound::Unbounded, day)
        .next_back();
    let first_day = first.valid.start();
    // Reviewed since the first designation, or measured from that designation.
    let (since, review) = match latest {
        Some((r, c)) if c >= first_day => (c, Some(r)),
        _ => (first_day, None),
    };
    let what = || match review {
        Some(r) => describe_review(r, since),
        None => format!("the first DCS designation ({})", long(first_day)),
    };
    let facts = match review {
        Some(r) => cx.facts().with(r),
        None => cx.facts().with(*first),
    };
    if within_last_months(since, day, months) {
        Check::pass(
            || {
                format!(
                    "The DCS arrangements were last reviewed in {}, within {months} months.",
                    what()
                )
            },
            facts,
        )
    } else {
        Check::fail(
            || {
                format!(
                    "The DCS arrangements have not been reviewed in the {months} months to {}: the latest is {}.",
                    long(day),
                    what()
                )
            },
            facts,
        )
    }
}

pub(super) fn interim_reviewed(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let interim_months = rule.months("interim_months");
    let review_months = rule.months("review_within_months");
    let csa = cx.council.kind.is_childrens_services_authority();
    let checks = Role::ALL
        .iter()
        .copied()
        .filter(|role| csa || role.every_principal_council())
        .filter_map(|role| {
            let start = cx.interim_start(role, day)?;
            let mut facts = cx.facts();
            facts.extend(
                cx.holdings(role, day)
                    .filter(|h| h.is_interim())
                    .flat_map(|h| [h.designation.fact_id(), h.appointment.fact_id()]),
            );
            if start >= minus_months(day, interim_months) {
                return Some(Check::pass(
                    || format!(
                        "The {} has been held on an interim basis since {}, less than {interim_months} months.",
                        role.title(),
                        long(start)
                    ),
                    facts,
                ));
            }
            // Concluded within the last `review_months` months of `day`.
            let latest = cx
                .reviews_concluded(role, Bound::Excluded(minus_months(day, review_months)), day)
                .next_back();
            Some(match latest {
                Some((r, c)) => Check::pass(
                    || format!(
                        "The {} has been held on an interim basis since {}; {} reviewed it.",
                        role.title(),
                        long(start),
                        describe_review(r, c)
                    ),
                    facts.with(r),
                ),
                None => Check::fail(
                    || format!(
                        "The {} has been held on an interim basis since {}, more than {interim_months} months, and no review covering it concluded in the {review_months} months to {}.",
                        role.title(),
                        long(start),
                        long(day)
                    ),
                    facts,
                ),
            })
        });
    Check::worst(cx.detail, checks, || {
        format!(
            "No statutory role is held on an interim basis on {}.",
            long(day)
        )
    })
}

pub(super) fn review_actions_on_time(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let checks = cx
        .ix
        .reviews_of(cx.id())
        .iter()
        .filter(|r| r.started <= day)
        .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
        .map(|(r, a)| {
            let mut facts = cx.facts();
            facts.push_with(|| format!("{}/action/{}", r.fact_id(), a.title));
            if a.is_open_on(day) && a.due < day {
                Check::fail(
                    || format!(
                        "The action \u{201c}{}\u{201d} of review {} (owner: {}) was due on {} and is still open on {}.",
                        a.title,
                        r.id,
                        cx.ix.post_title(a.owner.as_str()),
                        long(a.due),
                        long(day)
                    ),
                    facts,
                )
            } else {
                Check::pass(
                    || format!("No review action is overdue on {}.", long(day)),
                    facts,
                )
            }
        });
    Check::worst(cx.detail, checks, || {
        format!(
            "No review started by {} has actions: nothing to check.",
            long(day)
        )
    })
}

pub(super) fn commissioned_services_reported(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let within = rule.months("report_within_months");
    let checks = cx.ix.delivery_of(cx.id()).iter().filter(|d| {
            matches!(d.function, Function::Education | Function::ChildrensSocialCare)
                && d.valid.contains(day)
        })
        .map(|d| {
            let what = || {
                let provider = cx.ix.org(d.provider.as_str()).map_or(d.provider.as_str(), |o| o.name.as_str());
                format!("{} delivered by {provider}", d.function.title())
            };
            let mut facts = cx.facts().with(*d);
            let latest = cx.ix.documents_about(d.provider.as_str()).iter()
                .filter(|doc| {
                    doc.kind == DocumentKind::PerformanceReport
                        && doc.is_about(d.provider.as_str())
                        && within_last_months(doc.date, day, within)
                })
                .max_by_key(|doc| doc.date);
            if let Some(doc) = latest {
                facts.add(*doc);
                Check::pass(
                    || format!("For {}, the performance report \u{201c}{}\u{201d} of {} is within {within} months.", what(), doc.title, long(doc.date)),
                    facts,
                )
            } else if day < plus_months(d.valid.start(), rule.months("due_months")) {
                Check::due(
                    || format!("For {} since {}, a first performance report is due by {}.", what(), long(d.valid.start()), long(plus_months(d.valid.start(), within))),
                    facts,
                )
            } else {
                Check::fail(
                    || format!("For {}, no performance report about the provider is recorded in the {within} months to {}.", what(), long(day)),
                    facts,
                )
            }
        });
    Check::worst(cx.detail, checks, || {
        format!(
            "No education or children's social care is delivered by another body on {}.",
            long(day)
        )
    })
}
