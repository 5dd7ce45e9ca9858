//! Public health: the Director of Public Health (NHS Act 2006 s73A), the DPH guidance, and the
//! statutory members of the health and wellbeing board (Health and Social Care Act 2012 s194).

use super::{designated, reports_to_head};
use crate::catalogue::Rule;
use crate::context::Cx;
use crate::finding::Check;
use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{BodyKind, Fact, Member, Role};

pub(super) fn dph_designated(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    designated(cx, Role::Dph, day, false)
}

pub(super) fn dph_reports_to_chief_executive(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    reports_to_head(cx, Role::Dph, day)
}

/// The roles whose posts the board must count among its members.
const STATUTORY: [Role; 3] = [Role::Dcs, Role::Dass, Role::Dph];

pub(super) fn hwb_statutory_members(cx: &Cx<'_, '_>, _: &Rule, day: Date) -> Check {
    let on = long(day);
    let boards = cx
        .ix
        .bodies(cx.id(), BodyKind::HealthAndWellbeingBoard, day);
    if boards.is_empty() {
        return Check::unknown(
            format!(
                "No health and wellbeing board of {} is recorded on {on}.",
                cx.name()
            ),
            Vec::new(),
        );
    }
    let checks = boards
        .into_iter()
        .map(|board| {
            let name = board
                .name
                .clone()
                .unwrap_or_else(|| format!("The health and wellbeing board {}", board.id));
            let members = cx.ix.members(board.id.as_str(), day);
            let mut facts = vec![board.fact_id()];
            let mut present = Vec::new();
            let mut missing = Vec::new();
            for role in STATUTORY {
                for d in cx.ix.designations(cx.id(), role, day) {
                    facts.push(d.fact_id());
                    let label = format!("{} ({})", role.short(), cx.ix.post_title(d.post.as_str()));
                    match members
                        .iter()
                        .find(|m| m.member == Member::Post(d.post.clone()))
                    {
                        Some(m) => {
                            facts.push(m.fact_id());
                            present.push(label);
                        }
                        None => missing.push(label),
                    }
                }
            }
            if !missing.is_empty() {
                Check::fail(
                    format!(
                        "{name} does not count the {} post{} among its members on {on}.",
                        missing.join(", "),
                        if missing.len() > 1 { "s" } else { "" }
                    ),
                    facts,
                )
            } else if present.is_empty() {
                Check::na(format!(
                    "None of the DCS, DASS and DPH roles is designated on {on}: nothing to check."
                ))
            } else {
                Check::pass(
                    format!(
                        "{name} counts the {} posts among its members.",
                        present.join(", ")
                    ),
                    facts,
                )
            }
        })
        .collect();
    Check::worst(checks, "")
}
