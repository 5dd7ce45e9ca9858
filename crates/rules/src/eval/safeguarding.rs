//! Safeguarding: Local Safeguarding Children Boards (Children Act 2004 s13) until the council's
//! safeguarding children partnership starts, then the partnership's three safeguarding partners,
//! published arrangements, independent scrutiny and yearly report (s16E-s16G, Working Together),
//! and the Safeguarding Adults Board (Care Act 2014 s43).

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::{long, plus_months, prev_day, within_last_months};
use assure_domain::model::{Body, BodyKind, DocumentKind, Fact, Member, MembershipRole, OrgKind};

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
    let on = long(day);
    let earliest = cx
        .ix
        .bodies_of(cx.id(), BodyKind::SafeguardingChildrenPartnership)
        .into_iter()
        .map(|b| b.valid.start())
        .min();
    if let Some(start) = earliest.filter(|s| *s <= day) {
        return Check::na(format!(
            "The LSCB period ended on {} when the safeguarding children partnership started.",
            long(prev_day(start))
        ));
    }
    match cx.ix.bodies(cx.id(), BodyKind::Lscb, day).first() {
        Some(b) => Check::pass(
            format!("{} is established on {on}.", body_name(b)),
            vec![b.fact_id()],
        ),
        None => Check::fail(
            format!(
                "No Local Safeguarding Children Board of {} is recorded on {on}.",
                cx.name()
            ),
            Vec::new(),
        ),
    }
}

fn no_partnership(cx: &Cx<'_, '_>, day: Date) -> Check {
    Check::fail(
        format!(
            "{} has no safeguarding children partnership recorded on {}.",
            cx.name(),
            long(day)
        ),
        Vec::new(),
    )
}

pub(super) fn safeguarding_partners(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let bodies = partnerships(cx, day);
    if bodies.is_empty() {
        return no_partnership(cx, day);
    }
    let checks = bodies
        .into_iter()
        .map(|b| {
            let mut facts = vec![b.fact_id()];
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
                    facts.push(m.fact_id());
                    partners.push(org);
                }
            }
            let name = body_name(b);
            let ccgs: Vec<&str> = partners.iter().filter(|o| o.kind == OrgKind::Ccg).map(|o| o.name.as_str()).collect();
            if day >= ICB_FROM && !ccgs.is_empty() {
                return Check::fail(
                    format!(
                        "{name} names {}, a clinical commissioning group, as a safeguarding partner after CCGs were abolished on 30 June 2022.",
                        ccgs.join(" and ")
                    ),
                    facts,
                );
            }
            let mut missing = Vec::new();
            if !partners.iter().any(|o| o.id.as_str() == cx.id()) {
                missing.push(format!("the council ({})", cx.name()));
            }
            if !partners.iter().any(|o| o.kind == OrgKind::Police) {
                missing.push("a chief officer of police".to_owned());
            }
            let health = if day >= ICB_FROM { OrgKind::Icb } else { OrgKind::Ccg };
            if !partners.iter().any(|o| o.kind == health) {
                missing.push(if health == OrgKind::Icb {
                    "an integrated care board".to_owned()
                } else {
                    "a clinical commissioning group".to_owned()
                });
            }
            if missing.is_empty() {
                let names: Vec<&str> = partners.iter().map(|o| o.name.as_str()).collect();
                Check::pass(format!("{name} has the safeguarding partners {}.", names.join(", ")), facts)
            } else {
                Check::fail(format!("{name} lacks as safeguarding partner {}.", missing.join(", ")), facts)
            }
        })
        .collect();
    Check::worst(checks, "")
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
    let checks = bodies
        .into_iter()
        .map(|b| {
            let name = body_name(b);
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
                    format!(
                        "The arrangements of {name} were published on {} (\u{201c}{}\u{201d}).",
                        long(d.date),
                        d.title
                    ),
                    vec![b.fact_id(), d.fact_id()],
                ),
                None => Check::fail(
                    format!(
                        "No published arrangements of {name} are recorded by {}.",
                        long(day)
                    ),
                    vec![b.fact_id()],
                ),
            }
        })
        .collect();
    Check::worst(checks, "")
}

pub(super) fn safeguarding_independent_scrutiny(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let bodies = partnerships(cx, day);
    if bodies.is_empty() {
        return no_partnership(cx, day);
    }
    let checks = bodies
        .into_iter()
        .map(|b| {
            let name = body_name(b);
            let scrutineer = cx
                .ix
                .members(b.id.as_str(), day)
                .into_iter()
                .find(|m| m.role == MembershipRole::IndependentScrutineer);
            match scrutineer {
                Some(m) => {
                    let who = match &m.member {
                        Member::Person(p) => cx.ix.person_name(p.as_str()),
                        Member::Post(p) => cx.post_label(p.as_str(), day),
                        Member::Org(o) => cx
                            .ix
                            .org(o.as_str())
                            .map_or_else(|| o.to_string(), |o| o.name.clone()),
                    };
                    Check::pass(
                        format!("{name} has an independent scrutineer ({who})."),
                        vec![b.fact_id(), m.fact_id()],
                    )
                }
                None => Check::fail(
                    format!(
                        "{name} has no independent scrutineer recorded on {}.",
                        long(day)
                    ),
                    vec![b.fact_id()],
                ),
            }
        })
        .collect();
    Check::worst(checks, "")
}

pub(super) fn safeguarding_yearly_report(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let first = rule.months("first_due_months");
    let within = rule.months("report_within_months");
    let checks = partnerships(cx, day)
        .into_iter()
        .map(|b| {
            let name = body_name(b);
            if let Some(from) = b.valid.from()
                && day < plus_months(from, first)
            {
                return Check::na(format!(
                    "{name} started on {}: its first yearly report is not yet due.",
                    long(from)
                ));
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
                    format!("{name} published its yearly report on {}.", long(d.date)),
                    vec![b.fact_id(), d.fact_id()],
                ),
                None => Check::fail(
                    format!(
                        "No yearly report of {name} is recorded in the {within} months to {}.",
                        long(day)
                    ),
                    vec![b.fact_id()],
                ),
            }
        })
        .collect();
    Check::worst(
        checks,
        &format!(
            "{} has no safeguarding children partnership on {}: no yearly report is owed.",
            cx.name(),
            long(day)
        ),
    )
}

pub(super) fn sab_established(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    match cx
        .ix
        .bodies(cx.id(), BodyKind::SafeguardingAdultsBoard, day)
        .first()
    {
        Some(b) => Check::pass(
            format!("{} is established.", body_name(b)),
            vec![b.fact_id()],
        ),
        None => Check::fail(
            format!(
                "No Safeguarding Adults Board of {} is recorded on {}.",
                cx.name(),
                long(day)
            ),
            Vec::new(),
        ),
    }
}
