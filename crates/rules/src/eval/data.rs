//! Data quality of the register itself.

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{AppointmentBasis, Fact, Role};
use std::collections::BTreeSet;

pub(super) fn no_overlap(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = long(day);
    let mut checks = Vec::new();
    // The council's own posts, and posts of bodies that are not councils which it designates (a
    // trust's post designated DCS, say): no other council checks those. In file order.
    let mut posts: Vec<&assure_domain::model::Post> = cx.ix.posts_of(cx.id()).to_vec();
    let mut elsewhere: Vec<&assure_domain::model::Post> = Role::ALL
        .iter()
        .flat_map(|r| cx.ix.designations(cx.id(), *r, day))
        .filter_map(|d| cx.ix.post(d.post.as_str()))
        .filter(|p| {
            p.org.as_str() != cx.id()
                && cx
                    .ix
                    .org(p.org.as_str())
                    .is_some_and(|o| !o.kind.is_council())
        })
        .collect();
    elsewhere.sort_by_key(|p| cx.ix.position_of_post(p.id.as_str()));
    elsewhere.dedup_by_key(|p| p.id.as_str());
    if !elsewhere.is_empty() {
        posts.extend(elsewhere);
        posts.sort_by_key(|p| cx.ix.position_of_post(p.id.as_str()));
    }
    for post in posts {
        let holders = cx.ix.holders(post.id.as_str(), day);
        if holders.is_empty() {
            continue;
        }
        let full_time: Vec<_> = holders
            .iter()
            .filter(|a| a.is_full_time() && a.basis != Some(AppointmentBasis::Shared))
            .collect();
        let people: BTreeSet<&str> = full_time.iter().map(|a| a.person.as_str()).collect();
        if people.len() > 1 {
            let names: Vec<String> = people.iter().map(|p| cx.ix.person_name(p)).collect();
            checks.push(Check::fail(
                format!(
                    "The post {} has {} appointed full-time at once on {on}.",
                    post.title,
                    names.join(" and ")
                ),
                full_time.iter().map(|a| a.fact_id()).collect(),
            ));
        } else {
            checks.push(Check::pass(
                format!("No overlapping appointments or designations on {on}."),
                Vec::new(),
            ));
        }
    }
    for role in Role::ALL {
        let designations = cx.ix.designations(cx.id(), *role, day);
        if designations.len() > 1 {
            let posts: Vec<String> = designations
                .iter()
                .map(|d| cx.ix.post_title(d.post.as_str()))
                .collect();
            checks.push(Check::fail(
                format!(
                    "The {} has {} designations at once on {on} ({}).",
                    role.title(),
                    designations.len(),
                    posts.join(", ")
                ),
                designations.iter().map(|d| d.fact_id()).collect(),
            ));
        } else if !designations.is_empty() {
            checks.push(Check::pass(
                format!("No overlapping appointments or designations on {on}."),
                Vec::new(),
            ));
        }
    }
    Check::worst(
        checks,
        &format!(
            "No appointment or designation of {} is in force on {on}.",
            cx.name()
        ),
    )
}
