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

/// One row of the audit log page.
#[derive(Clone, Debug, Serialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub table: String,
    pub key: String,
    pub council: String,
    /// `field: before -> after` for each field that changed (all fields for a create or delete).
    pub changes: Vec<String>,
}

/// Filters for the audit log.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AuditFilter {
    pub council: Option<String>,
    pub entity: Option<String>,
    pub actor: Option<String>,
}

/// The audit log, newest first, filtered.
pub async fn audit<S: Store>(store: &S, filter: &AuditFilter) -> Result<Vec<AuditRow>, AppError> {
    let wanted = |want: &Option<String>, have: &str| {
        want.as_deref()
            .filter(|w| !w.is_empty())
            .is_none_or(|w| have.contains(w))
    };
    let mut rows: Vec<AuditRow> = store
        .audit()
        .await?
        .into_iter()
        .filter(|a| {
            wanted(&filter.council, a.council.as_deref().unwrap_or(""))
                && wanted(&filter.entity, &a.key)
                && wanted(&filter.actor, &a.actor)
        })
        .map(|a| {
            let empty = serde_json::Map::new();
            let before = a
                .before
                .as_ref()
                .and_then(|v| v.as_object())
                .unwrap_or(&empty);
            let after = a
                .after
                .as_ref()
                .and_then(|v| v.as_object())
                .unwrap_or(&empty);
            let keys: std::collections::BTreeSet<&String> =
                before.keys().chain(after.keys()).collect();
            let show = |v: Option<&serde_json::Value>| match v {
                None => "(none)".to_owned(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            let changes = keys
                .into_iter()
                .filter(|k| before.get(*k) != after.get(*k))
                .map(|k| {
                    format!(
                        "{k}: {} \u{2192} {}",
                        show(before.get(k)),
                        show(after.get(k))
                    )
                })
                .collect();
            AuditRow {
                at: a.at.strftime("%-d %B %Y %H:%M:%S UTC").to_string(),
                actor: a.actor,
                action: a.action.as_str().to_owned(),
                table: a.table,
                key: a.key,
                council: a.council.unwrap_or_default(),
                changes,
            }
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

/// A dated thing a council must do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueDate {
    pub date: Date,
    pub summary: String,
    pub uid: String,
}

/// What falls due for `council` from `from` on: open review actions, interim holdings reaching
/// six months, and the next periodic review of the DCS arrangements. Sorted by date.
pub fn due_dates(reg: &Register, council: &str, from: Date) -> Vec<DueDate> {
    use assure_domain::date::plus_months;
    let engine = Engine::new(reg);
    let mut out = Vec::new();
    for r in reg.reviews.iter().filter(|r| r.council.as_str() == council) {
        for (i, a) in r.actions.iter().enumerate() {
            if a.is_open_on(from) && a.due >= from {
                out.push(DueDate {
                    date: a.due,
                    summary: format!("Action due: {} (review {})", a.title, r.id),
                    uid: format!("action-{}-{i}@assure", r.id),
                });
            }
        }
    }
    let Some(c) = engine.council(council) else {
        return out;
    };
    let catalogue = assure_rules::Catalogue::v1();
    if let Some(rule) = catalogue.get("interim_reviewed") {
        let months = rule.months("interim_months");
        for role in Role::ALL {
            if let Some(start) = c.interim_since(*role, from) {
                let date = plus_months(start, months);
                if date >= from {
                    out.push(DueDate {
                        date,
                        summary: format!(
                            "The interim {} reaches {months} months: review it",
                            role.title()
                        ),
                        uid: format!("interim-{}-{council}-{start}@assure", role.as_str()),
                    });
                }
            }
        }
    }
    if let (Some(rule), Some(_)) = (catalogue.get("periodic_review"), c.first_day()) {
        let months = rule.months("within_months");
        let latest = reg
            .reviews
            .iter()
            .filter(|r| r.council.as_str() == council && r.covers(Role::Dcs))
            .filter_map(|r| r.concluded_by(from))
            .max();
        if let Some(latest) = latest {
            let date = plus_months(latest, months);
            out.push(DueDate {
                date,
                summary: "Periodic review of the DCS arrangements due".to_owned(),
                uid: format!("periodic-{council}-{latest}@assure"),
            });
        }
    }
    out.sort_by_key(|d| d.date);
    out
}

/// The due dates as an iCalendar feed (RFC 5545), all-day events.
pub fn icalendar(council_name: &str, dates: &[DueDate]) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Assure//Statutory roles assurance//EN\r\nCALSCALE:GREGORIAN\r\n",
    );
    out.push_str(&format!(
        "X-WR-CALNAME:{}\r\n",
        escape(&format!("{council_name}: statutory roles due dates"))
    ));
    for d in dates {
        let day = d.date.strftime("%Y%m%d");
        let next = d.date.tomorrow().unwrap_or(d.date).strftime("%Y%m%d");
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&format!("UID:{}\r\n", escape(&d.uid)));
        out.push_str(&format!("DTSTAMP:{day}T000000Z\r\n"));
        out.push_str(&format!(
            "DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{next}\r\n"
        ));
        out.push_str(&format!("SUMMARY:{}\r\n", escape(&d.summary)));
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
