//! Assurance: reviews after changes and regularly, reviews of interim holdings, review actions on
//! time, and reporting on services commissioned from others (DCS/LMCS statutory guidance, "Local
//! assurance"; good practice from the seed reports).

use super::{describe_review, reviews_covering};
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::{
    long, minus_months, plus_months, within_last_months, within_months_after,
};
use assure_domain::model::{DocumentKind, Fact, Function, Role};

pub(super) fn change_triggers_review(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let checks = [Role::Dcs, Role::Dass]
        .into_iter()
        .filter_map(|role| {
            let changes = cx.changes(role);
            let date = changes.get(changes.partition_point(|c| c.date <= day).checked_sub(1)?)?.date;
            let same_day: Vec<_> = changes.iter().filter(|c| c.date == date).collect();
            let what: Vec<&str> = same_day.iter().map(|c| c.what.as_str()).collect();
            let what = format!("The latest change to the {} ({}, {})", role.short(), what.join(" and "), long(date));
            let mut facts: Vec<String> = same_day.iter().map(|c| c.fact.clone()).collect();
            let latest = same_day[0];
            let lo = minus_months(latest.date, rule.months("review_before_months"));
            let hi = plus_months(latest.date, rule.months("review_after_months"));
            let mut covering: Vec<_> = reviews_covering(cx, role, day)
                .into_iter()
                .filter(|(_, c)| lo <= *c && *c <= hi)
                .collect();
            covering.sort_by_key(|(_, c)| *c);
            Some(if let Some((r, c)) = covering.last() {
                facts.extend(covering.iter().map(|(r, _)| r.fact_id()));
                Check::pass(format!("{what} is covered by {}.", describe_review(r, *c)), facts)
            } else if within_months_after(latest.date, day, rule.months("due_months")) {
                Check::due(
                    format!("{what}: a review covering the {} is due by {}.", role.short(), long(hi)),
                    facts,
                )
            } else {
                Check::fail(
                    format!(
                        "{what} was not reviewed: no review covering the {} concluded between {} and {}.",
                        role.short(),
                        long(lo),
                        long(hi)
                    ),
                    facts,
                )
            })
        })
        .collect();
    Check::worst(
        checks,
        &format!(
            "Neither the DCS nor the DASS has been designated by {}: nothing to check.",
            long(day)
        ),
    )
}

pub(super) fn periodic_review(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let on = long(day);
    let Some(first) = cx
        .ix
        .designations_ever(cx.id(), Role::Dcs)
        .iter()
        .find(|d| d.valid.start() <= day)
    else {
        return Check::na(format!(
            "No DCS has been designated by {on}: nothing to review yet."
        ));
    };
    let months = rule.months("within_months");
    let latest = reviews_covering(cx, Role::Dcs, day)
        .into_iter()
        .max_by_key(|(_, c)| *c);
    let first_day = first.valid.start();
    let (since, what, fact) = match latest {
        Some((r, c)) if c >= first_day => (c, describe_review(r, c), r.fact_id()),
        _ => (
            first_day,
            format!("the first DCS designation ({})", long(first_day)),
            first.fact_id(),
        ),
    };
    if within_last_months(since, day, months) {
        Check::pass(
            format!("The DCS arrangements were last reviewed in {what}, within {months} months."),
            vec![fact],
        )
    } else {
        Check::fail(
            format!(
                "The DCS arrangements have not been reviewed in the {months} months to {on}: the latest is {what}."
            ),
            vec![fact],
        )
    }
}

pub(super) fn interim_reviewed(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let on = long(day);
    let interim_months = rule.months("interim_months");
    let review_months = rule.months("review_within_months");
    let csa = cx.council.kind.is_childrens_services_authority();
    let checks = Role::ALL
        .iter()
        .copied()
        .filter(|role| csa || role.every_principal_council())
        .filter_map(|role| {
            let start = cx.interim_start(role, day)?;
            let facts: Vec<String> = cx
                .ix
                .holdings(cx.id(), role, day)
                .iter()
                .filter(|h| h.is_interim())
                .flat_map(|h| [h.designation.fact_id(), h.appointment.fact_id()])
                .collect();
            if start >= minus_months(day, interim_months) {
                return Some(Check::pass(
                    format!(
                        "The {} has been held on an interim basis since {}, less than {interim_months} months.",
                        role.title(),
                        long(start)
                    ),
                    facts,
                ));
            }
            let mut recent: Vec<_> = reviews_covering(cx, role, day)
                .into_iter()
                .filter(|(_, c)| within_last_months(*c, day, review_months))
                .collect();
            recent.sort_by_key(|(_, c)| *c);
            Some(match recent.last() {
                Some((r, c)) => {
                    let mut facts = facts;
                    facts.push(r.fact_id());
                    Check::pass(
                        format!(
                            "The {} has been held on an interim basis since {}; {} reviewed it.",
                            role.title(),
                            long(start),
                            describe_review(r, *c)
                        ),
                        facts,
                    )
                }
                None => Check::fail(
                    format!(
                        "The {} has been held on an interim basis since {}, more than {interim_months} months, and no review covering it concluded in the {review_months} months to {on}.",
                        role.title(),
                        long(start)
                    ),
                    facts,
                ),
            })
        })
        .collect();
    Check::worst(
        checks,
        &format!("No statutory role is held on an interim basis on {on}."),
    )
}

pub(super) fn review_actions_on_time(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = long(day);
    let mut checks = Vec::new();
    for r in cx
        .ix
        .reviews_of(cx.id())
        .iter()
        .filter(|r| r.started <= day)
    {
        for a in &r.actions {
            let facts = vec![format!("{}/action/{}", r.fact_id(), a.title)];
            if a.is_open_on(day) && a.due < day {
                checks.push(Check::fail(
                    format!(
                        "The action \u{201c}{}\u{201d} of review {} (owner: {}) was due on {} and is still open on {on}.",
                        a.title,
                        r.id,
                        cx.ix.post_title(a.owner.as_str()),
                        long(a.due)
                    ),
                    facts,
                ));
            } else {
                checks.push(Check::pass(
                    format!("No review action is overdue on {on}."),
                    facts,
                ));
            }
        }
    }
    Check::worst(
        checks,
        &format!("No review started by {on} has actions: nothing to check."),
    )
}

pub(super) fn commissioned_services_reported(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let on = long(day);
    let within = rule.months("report_within_months");
    let checks = cx.ix.delivery_of(cx.id()).iter().filter(|d| {
            matches!(d.function, Function::Education | Function::ChildrensSocialCare)
                && d.valid.contains(day)
        })
        .map(|d| {
            let provider = cx.ix.org(d.provider.as_str()).map_or(d.provider.as_str(), |o| o.name.as_str());
            let what = format!("{} delivered by {provider}", d.function.title());
            let mut facts = vec![d.fact_id()];
            let latest = cx.ix.documents_about(d.provider.as_str()).iter()
                .filter(|doc| {
                    doc.kind == DocumentKind::PerformanceReport
                        && doc.is_about(d.provider.as_str())
                        && within_last_months(doc.date, day, within)
                })
                .max_by_key(|doc| doc.date);
            if let Some(doc) = latest {
                facts.push(doc.fact_id());
                Check::pass(
                    format!("For {what}, the performance report \u{201c}{}\u{201d} of {} is within {within} months.", doc.title, long(doc.date)),
                    facts,
                )
            } else if day < plus_months(d.valid.start(), rule.months("due_months")) {
                Check::due(
                    format!("For {what} since {}, a first performance report is due by {}.", long(d.valid.start()), long(plus_months(d.valid.start(), within))),
                    facts,
                )
            } else {
                Check::fail(
                    format!("For {what}, no performance report about the provider is recorded in the {within} months to {on}."),
                    facts,
                )
            }
        })
        .collect();
    Check::worst(
        checks,
        &format!("No education or children's social care is delivered by another body on {on}."),
    )
}
