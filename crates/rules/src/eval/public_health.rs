//! Public health: the Director of Public Health (NHS Act 2006 s73A), the DPH guidance, and the
//! statutory members of the health and wellbeing board (Health and Social Care Act 2012 s194).

use super::{designated, reports_to_head};
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{BodyKind, Member, Role};

pub(super) fn dph_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::Dph, day, false)
}

pub(super) fn dph_reports_to_chief_executive(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    reports_to_head(cx, Role::Dph, day)
}

/// The roles whose posts the board must count among its members.
const STATUTORY: [Role; 3] = [Role::Dcs, Role::Dass, Role::Dph];

pub(super) fn hwb_statutory_members(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let boards = cx
        .ix
        .bodies(cx.id(), BodyKind::HealthAndWellbeingBoard, day);
    if boards.is_empty() {
        return Check::unknown(
            || {
                format!(
                    "No health and wellbeing board of {} is recorded on {}.",
                    cx.name(),
                    long(day)
                )
            },
            cx.facts(),
        );
    }
    let checks = boards.into_iter().map(|board| {
        let name = || {
            board
                .name
                .clone()
                .unwrap_or_else(|| format!("The health and wellbeing board {}", board.id))
        };
        let members = cx.ix.members(board.id.as_str(), day);
        let mut facts = cx.facts().with(board);
        // The statutory roles' posts, each with whether the board counts it among its members.
        let mut posts = Vec::new();
        for role in STATUTORY {
            for d in cx.ix.designations(cx.id(), role, day) {
                facts.add(d);
                let member = members
                    .iter()
                    .find(|m| matches!(&m.member, Member::Post(p) if *p == d.post));
                if let Some(m) = member {
                    facts.add(*m);
                }
                posts.push((role, d, member.is_some()));
            }
        }
        let labels = |present: bool| -> Vec<String> {
            posts
                .iter()
                .filter(|(_, _, p)| *p == present)
                .map(|(role, d, _)| {
                    format!("{} ({})", role.short(), cx.ix.post_title(d.post.as_str()))
                })
                .collect()
        };
        if posts.iter().any(|(_, _, present)| !present) {
            Check::fail(
                || {
                    let missing = labels(false);
                    format!(
                        "{} does not count the {} post{} among its members on {}.",
                        name(),
                        missing.join(", "),
                        if missing.len() > 1 { "s" } else { "" },
                        long(day)
                    )
                },
                facts,
            )
        } else if posts.is_empty() {
            Check::na(cx.detail, || {
                format!(
                    "None of the DCS, DASS and DPH roles is designated on {}: nothing to check.",
                    long(day)
                )
            })
        } else {
            Check::pass(
                || {
                    format!(
                        "{} counts the {} posts among its members.",
                        name(),
                        labels(true).join(", ")
                    )
                },
                facts,
            )
        }
    });
    Check::worst(cx.detail, checks, String::new)
}
