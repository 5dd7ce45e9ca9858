//! The statutory officers every principal council must have: Head of Paid Service (LGHA 1989
//! s4), Monitoring Officer (s5), Chief Finance Officer (LGA 1972 s151), and the separations
//! between them and from elected office.

use super::designated;
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{Fact, Role};
use assure_domain::view::Holding;
use std::collections::BTreeSet;

pub(super) fn hops_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::HeadOfPaidService, day, false)
}

pub(super) fn mo_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::MonitoringOfficer, day, false)
}

pub(super) fn cfo_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::ChiefFinanceOfficer, day, false)
}

pub(super) fn mo_not_cfo(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    not_same_person(cx, Role::MonitoringOfficer, Role::ChiefFinanceOfficer, day)
}

pub(super) fn mo_not_hops(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    not_same_person(cx, Role::MonitoringOfficer, Role::HeadOfPaidService, day)
}

/// The holders of `a` and of `b` are different people; not applicable while either is unheld.
fn not_same_person(cx: &Cx<'_, '_>, a: Role, b: Role, day: Date) -> Check {
    let (ha, hb) = (cx.holdings(a, day), cx.holdings(b, day));
    let (a_held, b_held) = (ha.clone().next().is_some(), hb.clone().next().is_some());
    if !a_held || !b_held {
        let unheld = if a_held { b } else { a };
        return Check::na(cx.detail, || {
            format!(
                "The {} role is not held on {}: nothing to compare (see the designation rules).",
                unheld.short(),
                long(day)
            )
        });
    }
    let mut facts = cx.facts();
    facts.extend(
        ha.clone()
            .chain(hb.clone())
            .flat_map(|h| [h.designation.fact_id(), h.appointment.fact_id()]),
    );
    let shared = ha.clone().any(|x| {
        hb.clone()
            .any(|y| x.appointment.person == y.appointment.person)
    });
    if !shared {
        Check::pass(
            || {
                let (pa, pb) = (people(ha.clone()), people(hb.clone()));
                format!(
                    "The {} ({}) and the {} ({}) are different people.",
                    a.title(),
                    names(cx, pa.iter().copied()),
                    b.title(),
                    names(cx, pb.iter().copied())
                )
            },
            facts,
        )
    } else {
        Check::fail(
            || {
                let (pa, pb) = (people(ha.clone()), people(hb.clone()));
                format!(
                    "{} holds both the {} and the {} roles on {}.",
                    names(cx, pa.intersection(&pb).copied()),
                    a.title(),
                    b.title(),
                    long(day)
                )
            },
            facts,
        )
    }
}

/// The people holding through `holdings`, each once.
fn people<'r>(holdings: impl Iterator<Item = Holding<'r>>) -> BTreeSet<&'r str> {
    holdings.map(|h| h.appointment.person.as_str()).collect()
}

/// "Name and Name".
fn names<'p>(cx: &Cx<'_, '_>, people: impl Iterator<Item = &'p str>) -> String {
    let names: Vec<String> = people.map(|p| cx.ix.person_name(p)).collect();
    names.join(" and ")
}

/// The roles whose holders may not be councillors.
const OFFICER_ROLES: [Role; 6] = [
    Role::Dcs,
    Role::Dass,
    Role::Dph,
    Role::HeadOfPaidService,
    Role::MonitoringOfficer,
    Role::ChiefFinanceOfficer,
];

pub(super) fn statutory_officer_not_councillor(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = || long(day);
    // Lazily: a status-only evaluation stops at the first failure.
    let holdings = OFFICER_ROLES
        .into_iter()
        .flat_map(|role| cx.holdings(role, day).map(move |h| (role, h)));
    let checks = holdings.map(|(role, h)| {
        let person = h.appointment.person.as_str();
        let facts = cx.facts().with(h.designation).with(h.appointment);
        if cx.ix.is_councillor(person, None, day) {
            let mut facts = facts;
            facts.push_with(|| format!("person:{person}"));
            Check::fail(
                || {
                    let councils: Vec<String> = cx
                        .ix
                        .person(person)
                        .map(|p| {
                            p.councillor
                                .iter()
                                .filter(|c| c.valid.contains(day))
                                .map(|c| {
                                    cx.ix
                                        .org(c.council.as_str())
                                        .map_or_else(|| c.council.to_string(), |o| o.name.clone())
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    format!(
                        "{}, holding the {} role, is a councillor of {} on {}.",
                        cx.ix.person_name(person),
                        role.short(),
                        councils.join(" and "),
                        on()
                    )
                },
                facts,
            )
        } else {
            Check::pass(
                || {
                    format!(
                        "No holder of a statutory officer role is a councillor on {}.",
                        on()
                    )
                },
                facts,
            )
        }
    });
    Check::worst(cx.detail, checks, || {
        format!(
            "No statutory officer role is held on {}: nothing to check.",
            on()
        )
    })
}
