//! Text output for people: grouped by level and status, failures first, each with its reason and
//! citation. Colour only when writing to a terminal.

use assure_domain::date::long;
use assure_domain::model::Organisation;
use assure_domain::view::Arrangement;
use assure_domain::{Date, Register};
use assure_rules::{Catalogue, Finding, Level, Span, Status};
use serde::Serialize;
use std::fmt::Write;

const LEVELS: [Level; 4] = [Level::Must, Level::Should, Level::GoodPractice, Level::Data];

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Must => "Must (duty in law)",
        Level::Should => "Should (statutory guidance)",
        Level::GoodPractice => "Good practice",
        Level::Data => "Data quality",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::Due => "due",
        Status::Accepted => "accepted departure",
        Status::Pass => "pass",
        Status::NotApplicable => "not applicable",
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Fail => "✗",
        Status::Unknown => "?",
        Status::Due => "…",
        Status::Accepted => "≈",
        Status::Pass => "✓",
        Status::NotApplicable => "–",
    }
}

/// ANSI colour for a status, when colour is on.
struct Paint(bool);

impl Paint {
    fn status(&self, status: Status, text: &str) -> String {
        if !self.0 {
            return text.to_owned();
        }
        let code = match status {
            Status::Fail => "1;31",
            Status::Unknown | Status::Due => "33",
            Status::Accepted => "36",
            Status::Pass => "32",
            Status::NotApplicable => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    fn bold(&self, text: &str) -> String {
        if self.0 {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn dim(&self, text: &str) -> String {
        if self.0 {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The summary printed by `validate`.
pub(crate) fn validated(r: &Register) -> String {
    let councils: Vec<String> = r
        .councils()
        .map(|c| format!("{} ({})", c.name, c.id))
        .collect();
    format!(
        "valid: {} — {} council{} ({}); {} people, {} posts, {} appointments, {} designations, {} reviews",
        r.files.join(", "),
        councils.len(),
        if councils.len() == 1 { "" } else { "s" },
        councils.join(", "),
        r.people.len(),
        r.posts.len(),
        r.appointments.len(),
        r.designations.len(),
        r.reviews.len()
    )
}

/// Who holds each statutory role on the day, as the head of the `check` report.
fn holders(arrangement: &Arrangement) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Statutory roles on {}:", long(arrangement.day));
    for (role, posts) in &arrangement.roles {
        let who = if posts.is_empty() {
            "not designated".to_owned()
        } else {
            posts
                .iter()
                .map(|p| {
                    let names: Vec<String> = p
                        .holders
                        .iter()
                        .map(|(name, interim)| {
                            if *interim || p.interim {
                                format!("{name} (interim)")
                            } else {
                                name.clone()
                            }
                        })
                        .collect();
                    let names = if names.is_empty() {
                        "vacant".to_owned()
                    } else {
                        names.join(", ")
                    };
                    format!("{}: {names}", p.title)
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(s, "  {:<5} {who}", role.short());
    }
    s
}

/// The report of `check` for one council.
pub(crate) fn check(
    council: &Organisation,
    arrangement: &Arrangement,
    findings: &[Finding],
    colour: bool,
) -> String {
    let at = arrangement.day;
    let paint = Paint(colour);
    let catalogue = Catalogue::v1();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        paint.bold(&format!(
            "{} ({}) — statutory roles check at {}",
            council.name,
            council.id,
            long(at)
        ))
    );
    let count = |st: Status| findings.iter().filter(|f| f.status == st).count();
    let musts = findings
        .iter()
        .filter(|f| f.status == Status::Fail && f.level == Level::Must)
        .count();
    let summary: Vec<String> = Status::WORST_FIRST
        .iter()
        .filter(|st| count(**st) > 0)
        .map(|st| {
            let n = count(*st);
            let extra = if *st == Status::Fail && musts > 0 {
                format!(" ({musts} must)")
            } else {
                String::new()
            };
            format!("{n} {}{extra}", status_name(*st))
        })
        .collect();
    let _ = writeln!(s);
    s.push_str(&holders(arrangement));
    let _ = writeln!(s);
    let _ = writeln!(s, "{} rules: {}", findings.len(), summary.join(", "));
    for status in Status::WORST_FIRST {
        for level in LEVELS {
            let group: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.status == status && f.level == level)
                .collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(s);
            let heading = format!(
                "{} — {} ({})",
                level_name(level),
                status_name(status),
                group.len()
            );
            let _ = writeln!(s, "{}", paint.status(status, &heading));
            for f in group {
                let title = catalogue.get(&f.rule).map_or("", |r| r.title.as_str());
                let _ = writeln!(
                    s,
                    "  {} {} — {}",
                    paint.status(status, mark(status)),
                    paint.bold(&f.rule),
                    title
                );
                let _ = writeln!(s, "      {}", f.message);
                if status != Status::NotApplicable {
                    let _ = writeln!(s, "      {}", paint.dim(&f.citation));
                }
            }
        }
    }
    let _ = writeln!(s);
    s
}

/// The report of `timeline` for one council.
pub(crate) fn timeline(
    council: &Organisation,
    catalogue: &Catalogue,
    from: Date,
    to: Option<Date>,
    spans: &[Span],
    colour: bool,
) -> String {
    let paint = Paint(colour);
    let mut s = String::new();
    let period = match to {
        Some(to) => format!("{} to {}", long(from), long(to)),
        None => format!("from {}", long(from)),
    };
    let _ = writeln!(
        s,
        "{}",
        paint.bold(&format!(
            "{} ({}) — timeline {period}",
            council.name, council.id
        ))
    );
    for rule in &catalogue.rules {
        let mine: Vec<&Span> = spans.iter().filter(|x| x.rule == rule.id).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{} ({}) — {}",
            paint.bold(&rule.id),
            rule.level,
            rule.title
        );
        for x in mine {
            let end =
                x.to.map_or_else(|| "onwards   ".to_owned(), |t| t.to_string());
            let _ = writeln!(
                s,
                "  {} – {}  {}",
                x.from,
                end,
                paint.status(x.status, status_name(x.status))
            );
        }
    }
    let _ = writeln!(s);
    s
}

/// The catalogue as text (`assure rules`).
pub(crate) fn catalogue(c: &Catalogue) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Rule catalogue {} — {} rules", c.version, c.rules.len());
    for r in &c.rules {
        let _ = writeln!(s);
        let _ = writeln!(s, "{} ({}) — {}", r.id, r.level, r.title);
        let _ = writeln!(
            s,
            "  in force: {}; applies to {}",
            r.in_force,
            r.applies_to.describe()
        );
        for cit in &r.citations {
            match cit.from {
                Some(f) => {
                    let _ = writeln!(s, "  from {f}: {}", cit.text);
                }
                None => {
                    let _ = writeln!(s, "  {}", cit.text);
                }
            }
        }
        if !r.params.is_empty() {
            let p: Vec<String> = r.params.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            let _ = writeln!(s, "  parameters: {}", p.join(", "));
        }
        if let Some(n) = &r.notes {
            let _ = writeln!(s, "  notes: {n}");
        }
    }
    s
}

#[derive(Serialize)]
pub(crate) struct RuleJson<'a> {
    id: &'a str,
    level: Level,
    title: &'a str,
    in_force_from: Option<Date>,
    in_force_to: Option<Date>,
    citations: Vec<CitationJson<'a>>,
    params: &'a std::collections::BTreeMap<String, i32>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct CitationJson<'a> {
    from: Option<Date>,
    text: &'a str,
}

#[derive(Serialize)]
pub(crate) struct CatalogueJson<'a> {
    version: &'a str,
    rules: Vec<RuleJson<'a>>,
}

/// The catalogue as JSON (`assure rules --format json`).
pub(crate) fn catalogue_json(c: &Catalogue) -> CatalogueJson<'_> {
    CatalogueJson {
        version: &c.version,
        rules: c
            .rules
            .iter()
            .map(|r| RuleJson {
                id: &r.id,
                level: r.level,
                title: &r.title,
                in_force_from: r.in_force.from(),
                in_force_to: r.in_force.to(),
                citations: r
                    .citations
                    .iter()
                    .map(|c| CitationJson {
                        from: c.from,
                        text: &c.text,
                    })
                    .collect(),
                params: &r.params,
                notes: r.notes.as_deref(),
            })
            .collect(),
    }
}
