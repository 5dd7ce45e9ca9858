//! What the pages and the API both ask: loading the register, the councils' status, and a
//! council's roles and findings at a date.

use crate::AppError;
use assure_domain::date::long;
use assure_domain::model::Role;
use assure_domain::{Date, Register};
use assure_rules::{Engine, Finding, Level, Status};
use assure_store::{Store, register_of};
use serde::Serialize;

/// The register as the store holds it now.
pub async fn register<S: Store>(store: &S) -> Result<Register, AppError> {
    let versions = store.current(None).await?;
    register_of(
        versions
            .iter()
            .map(|v| (v.table.as_str(), v.key.as_str(), &v.body)),
    )
    .map_err(|e| AppError::Internal(format!("stored register does not read: {e:?}")))
}

/// Today, in the UK.
pub fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC))
        .date()
}

/// One council's status at a date.
#[derive(Clone, Debug, Serialize)]
pub struct CouncilSummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub must_failing: usize,
    pub should_failing: usize,
    pub due: usize,
    pub interim_roles: usize,
}

/// Every council's status at `at`.
pub fn councils(reg: &Register, at: Date) -> Vec<CouncilSummary> {
    let engine = Engine::new(reg);
    engine
        .councils()
        .map(|c| {
            let findings = c.check(at);
            let failing = |level: Level| {
                findings
                    .iter()
                    .filter(|f| f.level == level && f.status == Status::Fail)
                    .count()
            };
            let interim_roles = Role::ALL
                .iter()
                .filter(|r| {
                    engine
                        .index()
                        .holdings(c.council().id.as_str(), **r, at)
                        .iter()
                        .any(|h| h.is_interim())
                })
                .count();
            CouncilSummary {
                id: c.council().id.to_string(),
                name: c.council().name.clone(),
                kind: c.council().kind.as_str().replace('_', " "),
                must_failing: failing(Level::Must),
                should_failing: failing(Level::Should),
                due: findings.iter().filter(|f| f.status == Status::Due).count(),
                interim_roles,
            }
        })
        .collect()
}

/// Who holds a role on the day.
#[derive(Clone, Debug, Serialize)]
pub struct RoleRow {
    pub role: String,
    pub post: String,
    pub holder: String,
    pub interim: bool,
}

/// A council's dashboard at a date.
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub id: String,
    pub name: String,
    pub at: Date,
    pub at_long: String,
    pub roles: Vec<RoleRow>,
    pub findings: Vec<Finding>,
}

/// The council `id` at `at`, or `None` if there is no such council.
pub fn dashboard(reg: &Register, id: &str, at: Date) -> Option<Dashboard> {
    let engine = Engine::new(reg);
    let council = engine.council(id)?;
    let arrangement = engine.index().arrangement(id, at);
    let mut roles = Vec::new();
    for (role, posts) in &arrangement.roles {
        if posts.is_empty() {
            roles.push(RoleRow {
                role: role.title().to_owned(),
                post: "Not designated".to_owned(),
                holder: String::new(),
                interim: false,
            });
        }
        for p in posts {
            let holder = if p.holders.is_empty() {
                "Vacant".to_owned()
            } else {
                p.holders
                    .iter()
                    .map(|(n, _)| n.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let interim = p.interim || p.holders.iter().any(|(_, i)| *i);
            roles.push(RoleRow {
                role: role.title().to_owned(),
                post: p.title.clone(),
                holder,
                interim,
            });
        }
    }
    let mut findings = council.check(at);
    findings.sort_by_key(|f| (std::cmp::Reverse(f.status.severity()), f.level));
    Some(Dashboard {
        id: id.to_owned(),
        name: council.council().name.clone(),
        at,
        at_long: long(at),
        roles,
        findings,
    })
}
