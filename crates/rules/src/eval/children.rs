//! Children's services: the Director of Children's Services (Children Act 2004 s18) and the Lead
//! Member (s19), and the statutory guidance on their roles: first-tier reporting, executive
//! membership, and local assurance when other functions are added to the DCS.

use super::{describe_review, designated, latest_review_covering, reports_to_head};
use crate::catalogue::Rule;
use crate::context::{Cx, Extra};
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::{long, minus_months, plus_months, within_months_after};
use assure_domain::model::{Fact, Governance, PostKind, Role};

pub(super) fn dcs_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::Dcs, day, false)
}

pub(super) fn lmcs_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::Lmcs, day, true)
}

pub(super) fn dcs_reports_to_chief_executive(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    reports_to_head(cx, Role::Dcs, day)
}

pub(super) fn dcs_officer_of_council(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let checks = cx
        .ix
        .designations(cx.id(), Role::Dcs, day)
        .into_iter()
        .map(|d| {
            let title = || cx.ix.post_title(d.post.as_str());
            let post = cx.ix.post(d.post.as_str());
            let org = post.and_then(|p| cx.ix.org(p.org.as_str()));
            let mut facts = cx.facts().with(d);
            facts.extend(post.iter().map(|p| p.fact_id()));
            match org {
                Some(o) if o.id.as_str() == cx.id() => Check::pass(
                    || format!("The DCS post, {}, is a post of {}.", title(), o.name),
                    facts,
                ),
                Some(o) if o.kind.is_council() => Check::pass(
                    || format!("The DCS post, {}, is a post of {}, another council (a shared DCS).", title(), o.name),
                    facts,
                ),
                Some(o) => Check::fail(
                    || format!(
                        "The DCS post, {}, belongs to {} (a {} organisation), not to a council.",
                        title(),
                        o.name,
                        o.kind.as_str().replace('_', " ")
                    ),
                    facts,
                ),
                None => Check::unknown(|| format!("The organisation of the DCS post {} is not known.", title()), facts),
            }
        });
    Check::worst(cx.detail, checks, || {
        format!(
            "No post is designated DCS on {}: nothing to check.",
            long(day)
        )
    })
}

pub(super) fn lmcs_executive_member(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let designations = cx.ix.designations(cx.id(), Role::Lmcs, day);
    if designations.is_empty() {
        return Check::na(cx.detail, || {
            format!(
                "No post is designated LMCS on {}: nothing to check.",
                long(day)
            )
        });
    }
    match cx.council.governance {
        Some(Governance::Committee) => {
            return Check::na(cx.detail, || {
                format!(
                    "{} operates the committee system: there is no executive.",
                    cx.name()
                )
            });
        }
        None => {
            return Check::unknown(
                || {
                    format!(
                        "The governance of {} (leader and cabinet, mayor and cabinet or committee) is not recorded.",
                        cx.name()
                    )
                },
                cx.facts().with(cx.council),
            );
        }
        Some(_) => {}
    }
    let checks = designations.into_iter().map(|d| {
        let label = || cx.post_label(d.post.as_str(), day);
        let post = cx.ix.post(d.post.as_str());
        let mut facts = cx.facts().with(d);
        facts.extend(post.iter().map(|p| p.fact_id()));
        match post.map(|p| p.kind) {
            Some(PostKind::ExecutiveMember) => Check::pass(
                || format!("The LMCS post, {}, is an executive member post.", label()),
                facts,
            ),
            Some(kind) => Check::fail(
                || {
                    format!(
                        "The LMCS post, {}, is a{} {} post, not an executive member post.",
                        label(),
                        if kind == PostKind::Officer { "n" } else { "" },
                        kind.as_str().replace('_', " ")
                    )
                },
                facts,
            ),
            None => Check::unknown(|| format!("The LMCS post {} is not known.", label()), facts),
        }
    });
    Check::worst(cx.detail, checks, String::new)
}

/// How an item of the combination reads in a message.
fn describe(cx: &Cx<'_, '_>, extra: &Extra) -> String {
    match extra {
        Extra::Role(council, role) if council == cx.id() => format!("the {} role", role.short()),
        Extra::Role(council, role) => {
            let name = cx
                .ix
                .org(council)
                .map_or(council.as_str(), |o| o.name.as_str());
            format!("the {} role of {name}", role.short())
        }
        Extra::Function(f) => f.title().to_owned(),
        Extra::OtherOrgPost(post) => {
            let p = cx.ix.post(post);
            let org = p
                .and_then(|p| cx.ix.org(p.org.as_str()))
                .map_or_else(String::new, |o| format!(" at {}", o.name));
            format!("{}{org}", cx.ix.post_title(post))
        }
    }
}

pub(super) fn dcs_additional_functions_assured(cx: &Cx<'_, '_>, rule: &Rule, day: Date) -> Check {
    let (combo, mut facts) = cx.combination(day);
    let holders = || -> Vec<String> {
        cx.holdings(Role::Dcs, day)
            .map(|h| cx.ix.person_name(h.appointment.person.as_str()))
            .collect()
    };
    if combo.is_empty() {
        return Check::na(cx.detail, || {
            let holders = holders();
            if holders.is_empty() {
                format!(
                    "The DCS role is not held on {}: no combination to assure.",
                    long(day)
                )
            } else {
                format!(
                    "The DCS ({}) holds no other statutory role or function on {}.",
                    holders.join(" and "),
                    long(day)
                )
            }
        });
    }
    let Some(start) = cx.combination_start(day) else {
        return Check::unknown(
            || "The start of the DCS combination could not be found.".to_owned(),
            facts,
        );
    };
    let what = || {
        let list: Vec<String> = combo.iter().map(|e| describe(cx, e)).collect();
        format!(
            "The DCS ({}) also holds {} since {}",
            holders().join(" and "),
            list.join(", "),
            long(start)
        )
    };
    let lo = minus_months(start, rule.months("review_before_months"));
    let hi = plus_months(start, rule.months("review_after_months"));
    let latest = latest_review_covering(cx, Role::Dcs, (lo, hi.min(day)), &mut facts);
    if let Some((r, c)) = latest {
        return Check::pass(
            || format!("{}; {} covers it.", what(), describe_review(r, c)),
            facts,
        );
    }
    if within_months_after(start, day, rule.months("due_months")) {
        return Check::due(
            || {
                format!(
                    "{}; a local test of assurance covering the DCS is due by {}.",
                    what(),
                    long(hi)
                )
            },
            facts,
        );
    }
    Check::fail(
        || {
            format!(
                "{}, but no review covering the DCS concluded between {} and {}.",
                what(),
                long(lo),
                long(hi)
            )
        },
        facts,
    )
}
