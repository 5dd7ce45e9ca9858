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
    let on = long(day);
    let ha = cx.ix.holdings(cx.id(), a, day);
    let hb = cx.ix.holdings(cx.id(), b, day);
    if ha.is_empty() || hb.is_empty() {
        let unheld = if ha.is_empty() { a } else { b };
        return Check::na(format!(
            "The {} role is not held on {on}: nothing to compare (see the designation rules).",
            unheld.short()
        ));
    }
    let facts: Vec<String> = ha
        .iter()
        .chain(&hb)
        .flat_map(|h| [h.designation.fact_id(), h.appointment.fact_id()])
        .collect();
    let pa: BTreeSet<&str> = ha.iter().map(|h| h.appointment.person.as_str()).collect();
    let pb: BTreeSet<&str> = hb.iter().map(|h| h.appointment.person.as_str()).collect();
    let both: Vec<String> = pa.intersection(&pb).map(|p| cx.ix.person_name(p)).collect();
    let names = |set: &BTreeSet<&str>| {
        set.iter()
            .map(|p| cx.ix.person_name(p))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if both.is_empty() {
        Check::pass(
            format!(
                "The {} ({}) and the {} ({}) are different people.",
                a.title(),
                names(&pa),
                b.title(),
                names(&pb)
            ),
            facts,
        )
    } else {
        Check::fail(
            format!(
                "{} holds both the {} and the {} roles on {on}.",
                both.join(" and "),
                a.title(),
                b.title()
            ),
            facts,
        )
    }
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
    let on = long(day);
    let mut checks = Vec::new();
    for role in OFFICER_ROLES {
        for h in cx.ix.holdings(cx.id(), role, day) {
            let person = h.appointment.person.as_str();
            let name = cx.ix.person_name(person);
            let facts = vec![h.designation.fact_id(), h.appointment.fact_id()];
            if cx.ix.is_councillor(person, None, day) {
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
                let mut facts = facts;
                facts.push(format!("person:{person}"));
                checks.push(Check::fail(
                    format!(
                        "{name}, holding the {} role, is a councillor of {} on {on}.",
                        role.short(),
                        councils.join(" and ")
                    ),
                    facts,
                ));
            } else {
                checks.push(Check::pass(
                    format!("No holder of a statutory officer role is a councillor on {on}."),
                    facts,
                ));
            }
        }
    }
    Check::worst(
        checks,
        &format!("No statutory officer role is held on {on}: nothing to check."),
    )
}
