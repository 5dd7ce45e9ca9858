//! Data quality of the register itself.

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{AppointmentBasis, Fact, Post, Role};
use std::borrow::Cow;
use std::collections::BTreeSet;

pub(super) fn no_overlap(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = || long(day);
    let no_overlap = || format!("No overlapping appointments or designations on {}.", on());
    let mut checks = Vec::new();
    // The council's own posts, and posts of bodies that are not councils which it designates (a
    // trust's post designated DCS, say): no other council checks those. In file order.
    let mut posts: Cow<'_, [&Post]> = Cow::Borrowed(cx.ix.posts_of(cx.id()));
    let mut elsewhere: Vec<&Post> = Role::ALL
        .iter()
        .flat_map(|r| cx.designations(*r, day))
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
        let posts = posts.to_mut();
        posts.extend(elsewhere);
        posts.sort_by_key(|p| cx.ix.position_of_post(p.id.as_str()));
    }
    for post in posts.iter() {
        let mut holders = cx.holders(post.id.as_str(), day).peekable();
        if holders.peek().is_none() {
            continue;
        }
        let full_time =
            holders.filter(|a| a.is_full_time() && a.basis != Some(AppointmentBasis::Shared));
        let mut others = full_time.clone().skip(1);
        let several = full_time
            .clone()
            .next()
            .is_some_and(|first| others.any(|a| a.person != first.person));
        if several {
            let mut facts = cx.facts();
            facts.extend(full_time.clone().map(|a| a.fact_id()));
            checks.push(Check::fail(
                || {
                    let people: BTreeSet<&str> = full_time.map(|a| a.person.as_str()).collect();
                    let names: Vec<String> = people.iter().map(|p| cx.ix.person_name(p)).collect();
                    format!(
                        "The post {} has {} appointed full-time at once on {}.",
                        post.title,
                        names.join(" and "),
                        on()
                    )
                },
                facts,
            ));
        } else {
            checks.push(Check::pass(no_overlap, cx.facts()));
        }
    }
    for role in Role::ALL {
        let designations = cx.designations(*role, day);
        let count = designations.clone().count();
        if count > 1 {
            let mut facts = cx.facts();
            facts.extend(designations.clone().map(|d| d.fact_id()));
            checks.push(Check::fail(
                || {
                    let posts: Vec<String> = designations
                        .map(|d| cx.ix.post_title(d.post.as_str()))
                        .collect();
                    format!(
                        "The {} has {count} designations at once on {} ({}).",
                        role.title(),
                        on(),
                        posts.join(", ")
                    )
                },
                facts,
            ));
        } else if count == 1 {
            checks.push(Check::pass(no_overlap, cx.facts()));
        }
    }
    Check::worst(cx.detail, checks, || {
        format!(
            "No appointment or designation of {} is in force on {}.",
            cx.name(),
            on()
        )
    })
}
