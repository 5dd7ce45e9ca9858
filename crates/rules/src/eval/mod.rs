//! The evaluators: how each rule of the catalogue is checked, one module per area of law.
//!
//! Every evaluator takes the council's context, its catalogue entry and a day, and returns one
//! [`Check`] (several checks combine by "the worst wins"). In-force dates, the kinds of council a
//! rule applies to, and departures are handled once by the engine, not here.

mod adults;
mod assurance;
mod children;
mod data;
mod officers;
mod public_health;
mod safeguarding;

pub(crate) use safeguarding::ICB_FROM;

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::{Check, Facts};
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{Appointment, Fact, Role};
use std::ops::Bound;

/// An evaluator.
pub(crate) type Evaluator = fn(&Cx<'_, '_>, &Rule, Date) -> Check;

/// The evaluator of the rule `id`, if this version has one.
pub(crate) fn evaluator(id: &str) -> Option<Evaluator> {
    Some(match id {
        "hops_designated" => officers::hops_designated,
        "mo_designated" => officers::mo_designated,
        "cfo_designated" => officers::cfo_designated,
        "mo_not_cfo" => officers::mo_not_cfo,
        "mo_not_hops" => officers::mo_not_hops,
        "statutory_officer_not_councillor" => officers::statutory_officer_not_councillor,
        "dcs_designated" => children::dcs_designated,
        "dcs_officer_of_council" => children::dcs_officer_of_council,
        "lmcs_designated" => children::lmcs_designated,
        "lmcs_executive_member" => children::lmcs_executive_member,
        "dcs_reports_to_chief_executive" => children::dcs_reports_to_chief_executive,
        "dcs_additional_functions_assured" => children::dcs_additional_functions_assured,
        "dass_designated" => adults::dass_designated,
        "dass_reports_to_chief_executive" => adults::dass_reports_to_chief_executive,
        "dph_designated" => public_health::dph_designated,
        "dph_reports_to_chief_executive" => public_health::dph_reports_to_chief_executive,
        "hwb_statutory_members" => public_health::hwb_statutory_members,
        "change_triggers_review" => assurance::change_triggers_review,
        "periodic_review" => assurance::periodic_review,
        "interim_reviewed" => assurance::interim_reviewed,
        "review_actions_on_time" => assurance::review_actions_on_time,
        "commissioned_services_reported" => assurance::commissioned_services_reported,
        "lscb_established" => safeguarding::lscb_established,
        "safeguarding_partners" => safeguarding::safeguarding_partners,
        "safeguarding_arrangements_published" => safeguarding::safeguarding_arrangements_published,
        "safeguarding_independent_scrutiny" => safeguarding::safeguarding_independent_scrutiny,
        "safeguarding_yearly_report" => safeguarding::safeguarding_yearly_report,
        "sab_established" => safeguarding::sab_established,
        "no_overlap" => data::no_overlap,
        _ => return None,
    })
}

/// `*_designated`: exactly one designation of `role` on `day`, its post filled; for the LMCS,
/// every holder a councillor of this council on `day`.
pub(crate) fn designated(cx: &Cx<'_, '_>, role: Role, day: Date, councillor: bool) -> Check {
    // Iterators, not lists: this runs for six rules on every day of a timeline.
    let designations = cx.designations(role, day);
    let mut facts = cx.facts();
    facts.extend(designations.clone().map(|d| d.fact_id()));
    let mut first_two = designations.clone();
    let d = match (first_two.next(), first_two.next()) {
        (None, _) => {
            return Check::fail(
                || {
                    format!(
                        "No post is designated {} of {} on {}.",
                        role.title(),
                        cx.name(),
                        long(day)
                    )
                },
                facts,
            );
        }
        (Some(d), None) => d,
        (Some(_), Some(_)) => {
            return Check::fail(
                || {
                    let labels: Vec<String> = designations
                        .map(|d| cx.post_label(d.post.as_str(), day))
                        .collect();
                    format!(
                        "{} posts are designated {} at once on {} ({}); there must be exactly one.",
                        labels.len(),
                        role.title(),
                        long(day),
                        labels.join(", ")
                    )
                },
                facts,
            );
        }
    };
    let title = || cx.ix.post_title(d.post.as_str());
    let holders = cx.holders(d.post.as_str(), day);
    facts.extend(holders.clone().map(|a| a.fact_id()));
    if holders.clone().next().is_none() {
        return Check::fail(
            || {
                format!(
                    "The {} is designated to the post {}, which is vacant on {}.",
                    role.title(),
                    title(),
                    long(day)
                )
            },
            facts,
        );
    }
    let not_councillor =
        |a: &Appointment| !cx.ix.is_councillor(a.person.as_str(), Some(cx.id()), day);
    if councillor && holders.clone().any(not_councillor) {
        return Check::fail(
            || {
                let not: Vec<String> = holders
                    .clone()
                    .filter(|a| not_councillor(a))
                    .map(|a| cx.ix.person_name(a.person.as_str()))
                    .collect();
                format!(
                    "{}, holding the {} post {}, is not recorded as a councillor of {} on {}.",
                    not.join(" and "),
                    role.short(),
                    title(),
                    cx.name(),
                    long(day)
                )
            },
            facts,
        );
    }
    Check::pass(
        || {
            let interim = if d.is_interim() || holders.clone().any(|a| a.is_interim()) {
                " (interim)"
            } else {
                ""
            };
            format!(
                "The {} is {}{interim}.",
                role.title(),
                cx.post_label(d.post.as_str(), day)
            )
        },
        facts,
    )
}

/// `*_reports_to_chief_executive`: each post designated `role` on `day` reports directly to the
/// post designated Head of Paid Service, or is that post.
pub(crate) fn reports_to_head(cx: &Cx<'_, '_>, role: Role, day: Date) -> Check {
    let designations = cx.designations(role, day);
    if designations.clone().next().is_none() {
        return Check::na(cx.detail, || {
            format!(
                "No post is designated {} on {}: nothing to check.",
                role.short(),
                long(day)
            )
        });
    }
    let heads = cx.designations(Role::HeadOfPaidService, day);
    let head_labels = || {
        heads
            .clone()
            .map(|h| cx.post_label(h.post.as_str(), day))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let checks = designations.map(|d| {
        let label = || cx.post_label(d.post.as_str(), day);
        let mut facts = cx.facts().with(d);
        if let Some(h) = heads.clone().find(|h| h.post == d.post) {
            facts.add(h);
            return Check::pass(
                || format!("The {} post {} is the Head of Paid Service's own post.", role.short(), label()),
                facts,
            );
        }
        if heads.clone().next().is_none() {
            return Check::unknown(
                || format!(
                    "No Head of Paid Service is designated on {}, so whether the {} ({}) reports to the chief executive cannot be checked.",
                    long(day),
                    role.short(),
                    label()
                ),
                facts,
            );
        }
        facts.extend(heads.clone().map(|h| h.fact_id()));
        let lines = cx.ix.lines(d.post.as_str(), day);
        if lines.is_empty() {
            return Check::unknown(
                || format!(
                    "No reporting line is recorded for the {} post {} on {}.",
                    role.short(),
                    label(),
                    long(day)
                ),
                facts,
            );
        }
        facts.extend(lines.iter().map(|l| l.fact_id()));
        if lines.iter().any(|l| heads.clone().any(|h| h.post == *l.to())) {
            Check::pass(
                || format!(
                    "The {} ({}) reports directly to the Head of Paid Service ({}).",
                    role.short(),
                    label(),
                    head_labels()
                ),
                facts,
            )
        } else {
            Check::fail(
                || {
                    let to: Vec<String> = lines
                        .iter()
                        .map(|l| cx.post_label(l.to().as_str(), day))
                        .collect();
                    format!(
                        "The {} ({}) reports to {}, not to the Head of Paid Service ({}).",
                        role.short(),
                        label(),
                        to.join(" and "),
                        head_labels()
                    )
                },
                facts,
            )
        }
    });
    Check::worst(cx.detail, checks, String::new)
}

/// The latest of the council's reviews covering `role` concluded in `lo..=hi` (among reviews
/// concluded the same day, the later in file order). When facts are kept, the ids of every such
/// review are added to `facts`, in order of conclusion.
pub(crate) fn latest_review_covering<'r>(
    cx: &Cx<'_, 'r>,
    role: Role,
    (lo, hi): (Date, Date),
    facts: &mut Facts,
) -> Option<(&'r assure_domain::model::Review, Date)> {
    let mut covering = cx.reviews_concluded(role, Bound::Included(lo), hi);
    facts.extend(covering.clone().map(|(r, _)| r.fact_id()));
    covering.next_back()
}

/// "review coventry-2017 (local test of assurance, concluded 24 January 2017)".
pub(crate) fn describe_review(r: &assure_domain::model::Review, concluded: Date) -> String {
    format!(
        "review {} ({}, concluded {})",
        r.id,
        r.kind.as_str().replace('_', " "),
        long(concluded)
    )
}
