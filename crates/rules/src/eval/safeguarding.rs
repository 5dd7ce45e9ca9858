//! Safeguarding: Local Safeguarding Children Boards (Children Act 2004 s13) until the council's
//! safeguarding children partnership starts, then the partnership's three safeguarding partners,
//! published arrangements, independent scrutiny and yearly report (s16E-s16G, Working Together),
//! and the Safeguarding Adults Board (Care Act 2014 s43).

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::{long, plus_months, prev_day, within_last_months};
use assure_domain::model::{
    Body, BodyKind, DocumentKind, Member, MembershipRole, OrgKind, Organisation,
};

/// Integrated care boards replaced clinical commissioning groups on this day (Health and Care Act
/// 2022); a CCG named as a safeguarding partner on or after it fails.
pub(crate) const ICB_FROM: Date = Date::constant(2022, 7, 1);

fn partnerships<'r>(cx: &Cx<'_, 'r>, day: Date) -> Vec<&'r Body> {
    cx.ix
        .bodies(cx.id(), BodyKind::SafeguardingChildrenPartnership, day)
}

fn body_name(b: &Body) -> String {
    b.name.clone().unwrap_or_else(|| b.id.to_string())
}

pub(super) fn lscb_established(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let earliest = cx
        .ix
        .bodies_of(cx.id(), BodyKind::SafeguardingChildrenPartnership)
        .into_iter()
        .map(|b| b.valid.start())
        .min();
    if let Some(start) = earliest.filter(|s| *s <= day) {
        return Check::na(cx.detail, || {
            format!(
                "The LSCB period ended on {} when the safeguarding children partnership started.",
                long(prev_day(start))
            )
        });
    }
    match cx.ix.bodies(cx.id(), BodyKind::Lscb, day).first() {
        Some(b) => Check::pass(
            || format!("{} is established on {}.", body_name(b), long(day)),
            cx.facts().with(*b),
        ),
        None => Check::fail(
            || {
                format!(
                    "No Local Safeguarding Children Board of {} is recorded on {}.",
                    cx.name(),
                    long(day)
                )
            },
            cx.facts(),
        ),
    }
}

fn no_partnership(cx: &Cx<'_, '_>, day: Date) -> Check {
    Check::fail(
        || {
            format!(
                "{} has no safeguarding children partnership recorded on {}.",
                cx.name(),
                long(day)
            )
        },
        cx.facts(),
    )
}

pub(super) fn safeguarding_partners(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let bodies = partnerships(cx, day);
    if bodies.is_empty() {
        return no_partnership(cx, day);
    }
    let checks = bodies.into_iter().map(|b| {
        let mut facts = cx.facts().with(b);
        let mut partners = Vec::new();
        for m in cx.ix.members(b.id.as_str(), day) {
            if m.role != MembershipRole::SafeguardingPartner {
                continue;
            }
            let org = match &m.member {
                Member::Org(o) => Some(o.as_str()),
                Member::Post(p) => cx.ix.post(p.as_str()).map(|p| p.org.as_str()),
                Member::Person(_) => None,
            };
            if let Some(org) = org.and_then(|o| cx.ix.org(o)) {
                facts.add(m);
                partners.push(org);
            }
        }
        let name = || body_name(b);
        let is_ccg = |o: &Organisation| o.kind == OrgKind::Ccg;
        if day >= ICB_FROM && partners.iter().any(|o| is_ccg(o)) {
            return Check::fail(
                || {
                    let ccgs: Vec<&str> = partners.iter().filter(|o| is_ccg(o)).map(|o| o.name.as_str()).collect();
                    format!(
                        "{} names {}, a clinical commissioning group, as a safeguarding partner after CCGs were abolished on 30 June 2022.",
                        name(),
                        ccgs.join(" and ")
                    )
                },
                facts,
            );
        }
        let health = if day >= ICB_FROM { OrgKind::Icb } else { OrgKind::Ccg };
        let has_council = partners.iter().any(|o| o.id.as_str() == cx.id());
        let has_police = partners.iter().any(|o| o.kind == OrgKind::Police);
        let has_health = partners.iter().any(|o| o.kind == health);
        if has_council && has_police && has_health {
            Check::pass(
                || {
                    let names: Vec<&str> = partners.iter().map(|o| o.name.as_str()).collect();
                    format!("{} has the safeguarding partners {}.", name(), names.join(", "))
                },
                facts,
            )
        } else {
            Check::fail(
                || {
                    let mut missing = Vec::new();
                    if !has_council {
                        missing.push(format!("the council ({})", cx.name()));
                    }
                    if !has_police {
                        missing.push("a chief officer of police".to_owned());
                    }
                    if !has_health {
                        missing.push(if health == OrgKind::Icb {
                            "an integrated care board".to_owned()
                        } else {
                            "a clinical commissioning group".to_owned()
                        });
                    }
                    format!("{} lacks as safeguarding partner {}.", name(), missing.join(", "))
                },
                facts,
            )
        }
    });
    Check::worst(cx.detail, checks, String::new)
}

pub(super) fn safeguarding_arrangements_published(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let mut bodies = partnerships(cx, day);
    if bodies.is_empty() {
        bodies = cx
            .ix
            .bodies_of(cx.id(), BodyKind::SafeguardingChildrenPartnership)
            .into_iter()
            .filter(|b| b.valid.start() > day)
            .collect();
    }
    if bodies.is_empty() {
        return no_partnership(cx, day);
    }
    let checks = bodies.into_iter().map(|b| {
        let published = cx
            .ix
            .documents_about(b.id.as_str())
            .iter()
            .filter(|d| {
                d.kind == DocumentKind::PublishedArrangements
                    && d.is_about(b.id.as_str())
                    && d.date <= day
            })
            .max_by_key(|d| d.date);
        match published {
            Some(d) => Check::pass(
                || {
                    format!(
                        "The arrangements of {} were published on {} (\u{201c}{}\u{201d}).",
                        body_name(b),
                        long(d.date),
                        d.title
                    )
                },
                cx.facts().with(b).with(*d),
            ),
            None => Check::fail(
                || {
                    format!(
                        "No published arrangements of {} are recorded by {}.",
                        body_name(b),
                        long(day)
                    )
                },
                cx.facts().with(b),
            ),
        }
    });
    Check::worst(cx.detail, checks, String::new)
}

pub(super) fn safeguarding_independent_scrutiny(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let bodies = partnerships(cx, day);
    if bodies.is_empty() {
        return no_partnership(cx, day);
    }
    let checks = bodies.into_iter().map(|b| {
        let scrutineer = cx
            .ix
            .members(b.id.as_str(), day)
            .into_iter()
            .find(|m| m.role == MembershipRole::IndependentScrutineer);
        match scrutineer {
            Some(m) => Check::pass(
                || {
                    let who = match &m.member {
                        Member::Person(p) => cx.ix.person_name(p.as_str()),
                        Member::Post(p) => cx.post_label(p.as_str(), day),
                        Member::Org(o) => cx
                            .ix
                            .org(o.as_str())
                            .map_or_else(|| o.to_string(), |o| o.name.clone()),
                    };
                    format!("{} has an independent scrutineer ({who}).", body_name(b))
                },
                cx.facts().with(b).with(m),
            ),
            None => Check::fail(
                || {
                    format!(
                        "{} has no independent scrutineer recorded on {}.",
                        body_name(b),
                        long(day)
                    )
                },
                cx.facts().with(b),
            ),
        }
    });
    Check::worst(cx.detail, checks, String::new)
}

pub(super) fn safeguarding_yearly_report(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let first = rule.months("first_due_months");
    let within = rule.months("report_within_months");
    let checks = partnerships(cx, day).into_iter().map(|b| {
        if let Some(from) = b.valid.from()
            && day < plus_months(from, first)
        {
            return Check::na(cx.detail, || {
                format!(
                    "{} started on {}: its first yearly report is not yet due.",
                    body_name(b),
                    long(from)
                )
            });
        }
        let report = cx
            .ix
            .documents_about(b.id.as_str())
            .iter()
            .filter(|d| {
                d.kind == DocumentKind::YearlyReport
                    && d.is_about(b.id.as_str())
                    && within_last_months(d.date, day, within)
            })
            .max_by_key(|d| d.date);
        match report {
            Some(d) => Check::pass(
                || {
                    format!(
                        "{} published its yearly report on {}.",
                        body_name(b),
                        long(d.date)
                    )
                },
                cx.facts().with(b).with(*d),
            ),
            None => Check::fail(
                || {
                    format!(
                        "No yearly report of {} is recorded in the {within} months to {}.",
                        body_name(b),
                        long(day)
                    )
                },
                cx.facts().with(b),
            ),
        }
    });
    Check::worst(cx.detail, checks, || {
        format!(
            "{} has no safeguarding children partnership on {}: no yearly report is owed.",
            cx.name(),
            long(day)
        )
    })
}

pub(super) fn sab_established(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    match cx
        .ix
        .bodies(cx.id(), BodyKind::SafeguardingAdultsBoard, day)
        .first()
    {
        Some(b) => Check::pass(
            || format!("{} is established.", body_name(b)),
            cx.facts().with(*b),
        ),
        None => Check::fail(
            || {
                format!(
                    "No Safeguarding Adults Board of {} is recorded on {}.",
                    cx.name(),
                    long(day)
                )
            },
            cx.facts(),
        ),
    }
}
