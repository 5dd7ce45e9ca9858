//! Data quality of the register itself.

use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{Appointment, AppointmentBasis, Fact, Post, Role};
use std::borrow::Cow;
use std::collections::BTreeSet;

pub(super) fn no_overlap(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = || long(day);
    let no_overlap = || format!("No overlapping appointments or designations on {}.", on());
    // The council's own posts, and posts of bodies that are not councils which it designates (a
    // trust's post designated DCS, say): no other council checks those. In file order.
    let mut posts = Cow::Borrowed(cx.lookups.posts.as_slice());
    let mut elsewhere: Vec<(&Post, &[&Appointment])> = cx
        .lookups
        .designated_elsewhere
        .iter()
        .filter(|(d, _, _)| d.valid.contains(day))
        .map(|(_, post, appointments)| (*post, *appointments))
        .collect();
    elsewhere.sort_by_key(|(p, _)| cx.ix.position_of_post(p.id.as_str()));
    elsewhere.dedup_by_key(|(p, _)| p.id.as_str());
    if !elsewhere.is_empty() {
        let posts = posts.to_mut();
        posts.extend(elsewhere);
        posts.sort_by_key(|(p, _)| cx.ix.position_of_post(p.id.as_str()));
    }
    // Lazily: a status-only evaluation stops at the first failure.
    let post_checks = posts.iter().filter_map(|(post, appointments)| {
        let mut holders = appointments
            .iter()
            .copied()
            .filter(|a| a.valid.contains(day))
            .peekable();
        holders.peek()?;
        let full_time =
            holders.filter(|a| a.is_full_time() && a.basis != Some(AppointmentBasis::Shared));
        let mut others = full_time.clone().skip(1);
        let several = full_time
            .clone()
            .next()
            .is_some_and(|first| others.any(|a| a.person != first.person));
        Some(if several {
            let mut facts = cx.facts();
            facts.extend(full_time.clone().map(|a| a.fact_id()));
            Check::fail(
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
            )
        } else {
            Check::pass(no_overlap, cx.facts())
        })
    });
    let role_checks = Role::ALL.iter().filter_map(|role| {
        let designations = cx.designations(*role, day);
        let count = designations.clone().count();
        if count > 1 {
            let mut facts = cx.facts();
            facts.extend(designations.clone().map(|d| d.fact_id()));
            Some(Check::fail(
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
            ))
        } else if count == 1 {
            Some(Check::pass(no_overlap, cx.facts()))
        } else {
            None
        }
    });
    Check::worst(cx.detail, post_checks.chain(role_checks), || {
        format!(
            "No appointment or designation of {} is in force on {}.",
            cx.name(),
            on()
        )
    })
}
