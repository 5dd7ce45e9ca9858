//! The document model, and building it from the register at a date.

use crate::DocsError;
use assure_domain::date::long;
use assure_domain::model::{
    AppointmentBasis, ApprovalKind, Fact, Governance, Member, Organisation, Review, Role,
};
use assure_domain::view::Index;
use assure_domain::{Date, Register};
use assure_rules::{Catalogue, Engine, Finding, Level, Status};
use serde::Serialize;

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A Statement of Assurance to Council (seed 000).
    Statement,
    /// The Assurance Document (seed 001, Appendix 1).
    AssuranceDocument,
    /// A Cabinet report with the Assurance Document as its appendix (seeds 001, 004).
    CabinetReport,
}

impl Kind {
    /// Parses `statement | assurance-document | cabinet-report`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "statement" => Some(Self::Statement),
            "assurance-document" => Some(Self::AssuranceDocument),
            "cabinet-report" => Some(Self::CabinetReport),
            _ => None,
        }
    }
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    pub kind: Kind,
    pub council: String,
    pub council_id: String,
    /// The date the report speaks at, e.g. `20 June 2023`.
    pub date: String,
    pub date_iso: String,
    pub title: String,
    /// A short title for page footers.
    pub short_title: String,
    /// Label and value rows of the title block (meeting, date, cabinet member...).
    pub title_block: Vec<Field>,
    pub sections: Vec<Section>,
    pub appendices: Vec<Appendix>,
    /// What a draft must not print silently (an approval received before it was sent...).
    pub flags: Vec<String>,
    pub generated_by: String,
}

/// One row of the title block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// A numbered section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// `1`, `3.2`, or empty for unnumbered sections (the executive summary).
    pub number: String,
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// The content of a section.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Table {
        caption: String,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A warning for the draft's author, shown prominently.
    Flag {
        text: String,
    },
}

/// An appendix: its own title and sections.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Appendix {
    pub label: String,
    pub title: String,
    pub sections: Vec<Section>,
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn section(number: &str, heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        number: number.to_owned(),
        heading: heading.to_owned(),
        blocks,
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the report is built from.
struct Facts<'e, 'r> {
    reg: &'r Register,
    ix: &'e Index<'r>,
    council: &'r Organisation,
    at: Date,
    findings: Vec<Finding>,
    review: Option<&'r Review>,
    /// The roles the report is about.
    roles: Vec<Role>,
}

impl Facts<'_, '_> {
    fn id(&self) -> &str {
        self.council.id.as_str()
    }

    fn finding(&self, rule: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.rule == rule)
    }

    /// Rows (post, holder, basis, fte) for `role` on the day.
    fn holders(&self, role: Role) -> Vec<[String; 4]> {
        let mut rows = Vec::new();
        for d in self.ix.designations(self.id(), role, self.at) {
            let title = self.ix.post_title(d.post.as_str());
            let holders = self.ix.holders(d.post.as_str(), self.at);
            if holders.is_empty() {
                rows.push([
                    title.clone(),
                    "vacant".to_owned(),
                    String::new(),
                    String::new(),
                ]);
            }
            for a in holders {
                let interim = d.is_interim() || a.is_interim();
                let basis = if interim {
                    match a.basis {
                        Some(AppointmentBasis::Acting) => "acting".to_owned(),
                        _ => "interim".to_owned(),
                    }
                } else {
                    a.basis
                        .map_or_else(|| "permanent".to_owned(), |b| b.as_str().to_owned())
                };
                let fte = a.fte.map_or_else(String::new, |f| format!("{f}"));
                rows.push([
                    title.clone(),
                    self.ix.person_name(a.person.as_str()),
                    basis,
                    fte,
                ]);
            }
        }
        rows
    }

    fn role_names(&self) -> Vec<String> {
        self.roles
            .iter()
            .map(|r| format!("{} ({})", r.title(), r.short()))
            .collect()
    }

    /// "Executive Director, People (Gail Quinton)" for the post holding `role`, if any.
    fn holder_label(&self, role: Role) -> Option<String> {
        self.ix
            .designations(self.id(), role, self.at)
            .first()
            .map(|d| self.ix.post_label(d.post.as_str(), self.at))
    }
}

/// The roles that apply to the council.
fn roles_for(council: &Organisation) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| council.kind.is_childrens_services_authority() || r.every_principal_council())
        .collect()
}

/// Builds the report of `kind` for `council` at `at`, about `review` when given (otherwise the
/// council's latest review started by `at`, if any).
pub fn build(
    reg: &Register,
    council: &str,
    at: Date,
    kind: Kind,
    review: Option<&str>,
) -> Result<Document, DocsError> {
    let engine = Engine::new(reg);
    let eval = engine
        .council(council)
        .ok_or_else(|| DocsError::UnknownCouncil(council.to_owned()))?;
    let org = eval.council();
    let review = match review {
        Some(id) => Some(
            reg.reviews
                .iter()
                .find(|r| r.id.as_str() == id && r.council.as_str() == council)
                .ok_or_else(|| DocsError::UnknownReview(id.to_owned()))?,
        ),
        None => reg
            .reviews
            .iter()
            .filter(|r| r.council.as_str() == council && r.started <= at)
            .max_by_key(|r| (r.concluded.unwrap_or(r.started), r.started)),
    };
    let default_roles: &[Role] = match kind {
        Kind::Statement => &[Role::Dcs],
        _ => &[Role::Dcs, Role::Dass, Role::Lmcs],
    };
    let applicable = roles_for(org);
    let mut roles: Vec<Role> = review
        .map(|r| r.roles.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| default_roles.to_vec());
    roles.retain(|r| applicable.contains(r));
    let facts = Facts {
        reg,
        ix: engine.index(),
        council: org,
        at,
        findings: eval.check(at),
        review,
        roles,
    };
    let mut flags = Vec::new();
    let (title, sections, appendices) = match kind {
        Kind::AssuranceDocument => (
            assurance_title(&facts),
            assurance_document(&facts),
            Vec::new(),
        ),
        Kind::Statement => {
            let title = format!(
                "Statement of Assurance ({})",
                facts
                    .roles
                    .iter()
                    .map(|r| r.title())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            (title, cover(&facts, kind, &mut flags), Vec::new())
        }
        Kind::CabinetReport => {
            let title = format!(
                "Local assurance on the effective discharge of the functions of the {}",
                join_and(&facts.role_names())
            );
            let appendix = Appendix {
                label: "Appendix 1".to_owned(),
                title: assurance_title(&facts),
                sections: assurance_document(&facts),
            };
            (title, cover(&facts, kind, &mut flags), vec![appendix])
        }
    };
    Ok(Document {
        kind,
        council: org.name.clone(),
        council_id: org.id.to_string(),
        date: long(at),
        date_iso: at.to_string(),
        title_block: title_block(&facts, kind, &title),
        title,
        short_title: match kind {
            Kind::Statement => "Statement of Assurance",
            Kind::AssuranceDocument => "Assurance Document",
            Kind::CabinetReport => "Local assurance: Cabinet report",
        }
        .to_owned(),
        sections,
        appendices,
        flags,
        generated_by: format!(
            "Generated by Assure {} from the register at {} (rule catalogue {})",
            env!("CARGO_PKG_VERSION"),
            at,
            Catalogue::v1().version
        ),
    })
}

fn assurance_title(f: &Facts<'_, '_>) -> String {
    format!(
        "Assurance Document for fulfilment of the {} role{} \u{2013} Updated {}",
        join_and(&f.role_names()),
        if f.roles.len() > 1 { "s" } else { "" },
        f.at.strftime("%B %Y")
    )
}

fn meeting(f: &Facts<'_, '_>, kind: Kind) -> String {
    use assure_domain::model::ReportedTo;
    match f.review.and_then(|r| r.reported_to) {
        Some(ReportedTo::Council) => "Council".to_owned(),
        Some(ReportedTo::Cabinet) => "Cabinet".to_owned(),
        Some(ReportedTo::Scrutiny) => "Scrutiny".to_owned(),
        Some(ReportedTo::AuditCommittee) => "Audit Committee".to_owned(),
        Some(ReportedTo::Other) | None => match kind {
            Kind::Statement => "Council".to_owned(),
            _ => "Cabinet".to_owned(),
        },
    }
}

fn title_block(f: &Facts<'_, '_>, kind: Kind, title: &str) -> Vec<Field> {
    let field = |label: &str, value: String| Field {
        label: label.to_owned(),
        value,
    };
    let member = f
        .holder_label(Role::Lmcs)
        .unwrap_or_else(|| "No Lead Member for Children's Services is designated".to_owned());
    let director = f
        .review
        .and_then(|r| r.opinion_by.as_ref())
        .map(|p| f.ix.post_title(p.as_str()))
        .or_else(|| {
            f.ix.designations(f.id(), Role::HeadOfPaidService, f.at)
                .first()
                .map(|d| f.ix.post_title(d.post.as_str()))
        })
        .unwrap_or_else(|| "Not recorded".to_owned());
    let mut rows = Vec::new();
    if kind != Kind::AssuranceDocument {
        rows.push(field("Meeting", meeting(f, kind)));
    }
    rows.push(field("Date", long(f.at)));
    rows.push(field("Name of Cabinet Member", member));
    rows.push(field(
        "Director approving submission of the report",
        director,
    ));
    rows.push(field("Ward(s) affected", "City wide".to_owned()));
    rows.push(field("Is this a key decision?", "No".to_owned()));
    rows.push(field("Title", title.to_owned()));
    rows
}

/// The covering report: statement or cabinet report.
fn cover(f: &Facts<'_, '_>, kind: Kind, flags: &mut Vec<String>) -> Vec<Section> {
    let meeting = meeting(f, kind);
    let roles = join_and(&f.role_names());
    let mut summary = Vec::new();
    match kind {
        Kind::Statement => summary.push(para(format!(
            "This report informs {meeting} of the arrangements for the statutory role{} of the {roles} at {} on {}, and provides a Statement of Assurance as to how the statutory responsibilities will be met.",
            if f.roles.len() > 1 { "s" } else { "" },
            f.council.name,
            long(f.at)
        ))),
        _ => {
            summary.push(para(
                "Local authorities should assure themselves that their arrangements enable them to discharge their education and children's social care functions effectively.",
            ));
            summary.push(para(format!(
                "This report presents the Assurance Document (Appendix 1), which sets out how the arrangements of {} on {} enable the {roles} to discharge their roles.",
                f.council.name,
                long(f.at)
            )));
        }
    }
    for role in &f.roles {
        for row in f.holders(*role) {
            if row[2] == "interim" || row[2] == "acting" {
                summary.push(para(format!(
                    "On {} the {} is held on an {} basis by {}, {}.",
                    long(f.at),
                    role.title(),
                    row[2],
                    row[1],
                    row[0]
                )));
            }
        }
    }
    if let Some(r) = f.review {
        let when = r.concluded.map_or_else(
            || format!("started on {} and still open", long(r.started)),
            |c| format!("concluded on {}", long(c)),
        );
        let outcome = r
            .outcome
            .map(|o| {
                format!(
                    ", with the outcome \u{201c}{}\u{201d}",
                    o.as_str().replace('_', " ")
                )
            })
            .unwrap_or_default();
        summary.push(para(format!(
            "The {} {} ({when}{outcome}) is the basis of this report.",
            r.kind.as_str().replace('_', " "),
            r.id
        )));
    }

    let mut recommendations = vec![match kind {
        Kind::Statement => format!(
            "{meeting} is asked to note the Statement of Assurance and the arrangements for the {roles}."
        ),
        _ => format!("{meeting} is recommended to approve the Assurance Document (Appendix 1)."),
    }];
    if let Some(r) = f.review {
        for a in &r.actions {
            recommendations.push(format!(
                "Support the action: {}.",
                a.title.trim_end_matches('.')
            ));
        }
    }
    let appendices = match kind {
        Kind::CabinetReport => vec![format!("Appendix 1 \u{2013} {}", assurance_title(f))],
        _ => vec!["None".to_owned()],
    };

    let mut sections = vec![
        section("", "Executive Summary", summary),
        section(
            "",
            "Recommendations",
            vec![Block::List {
                items: recommendations,
            }],
        ),
        section(
            "",
            "List of Appendices",
            vec![Block::List { items: appendices }],
        ),
        section("1", "Context", context(f)),
        section("2", "Options considered", options(f)),
        section("3", "Results of consultation undertaken", consultation(f)),
        section(
            "4",
            "Timetable for implementing this decision",
            timetable(f),
        ),
        section("5", "Legal implications", legal(f)),
    ];
    sections.push(approvals(f, flags));
    sections
}

fn context(f: &Facts<'_, '_>) -> Vec<Block> {
    let mut blocks = vec![para(format!(
        "On {} the statutory roles of {} are held as follows.",
        long(f.at),
        f.council.name
    ))];
    let mut rows = Vec::new();
    for role in roles_for(f.council) {
        let holders = f.holders(role);
        if holders.is_empty() {
            rows.push(vec![
                role.title().to_owned(),
                "Not designated".to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for [post, person, basis, fte] in holders {
            rows.push(vec![role.title().to_owned(), post, person, basis, fte]);
        }
    }
    blocks.push(Block::Table {
        caption: format!("Statutory roles on {}", long(f.at)),
        headers: ["Role", "Post", "Held by", "Basis", "FTE"]
            .map(String::from)
            .to_vec(),
        rows,
    });
    // Changes already recorded to take effect within the next 12 months.
    let horizon = assure_domain::date::plus_months(f.at, 12);
    let mut upcoming: Vec<(Date, String)> = Vec::new();
    for role in roles_for(f.council) {
        for d in f.ix.designations_ever(f.id(), role) {
            let from = d.valid.start();
            if from > f.at && from <= horizon {
                let post =
                    f.ix.post(d.post.as_str())
                        .map(|p| p.id.as_str())
                        .unwrap_or(d.post.as_str());
                let holders: Vec<String> =
                    f.ix.holders(post, from)
                        .iter()
                        .map(|a| f.ix.person_name(a.person.as_str()))
                        .collect();
                let who = if holders.is_empty() {
                    "vacant".to_owned()
                } else {
                    join_and(&holders)
                };
                let basis = if d.is_interim() {
                    " on an interim basis"
                } else {
                    ""
                };
                let decision = d
                    .decision
                    .as_ref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default();
                upcoming.push((
                    from,
                    format!(
                        "From {} the {} is designated to the {} ({who}){basis}{decision}.",
                        long(from),
                        role.title(),
                        f.ix.post_title(post)
                    ),
                ));
            }
        }
    }
    upcoming.sort_by_key(|(d, _)| *d);
    if !upcoming.is_empty() {
        blocks.push(para(format!(
            "Changes already decided to take effect after {}:",
            long(f.at)
        )));
        blocks.push(Block::List {
            items: upcoming.into_iter().map(|(_, t)| t).collect(),
        });
    }
    // Reporting lines of the designated posts: a small organisation chart.
    let mut lines = Vec::new();
    let mut seen = Vec::new();
    for role in roles_for(f.council) {
        for d in f.ix.designations(f.id(), role, f.at) {
            if seen.contains(&d.post) {
                continue;
            }
            seen.push(d.post.clone());
            let label = f.ix.post_label(d.post.as_str(), f.at);
            let to: Vec<String> =
                f.ix.lines(d.post.as_str(), f.at)
                    .iter()
                    .map(|l| f.ix.post_label(l.to().as_str(), f.at))
                    .collect();
            lines.push(if to.is_empty() {
                format!("{label}: no reporting line recorded")
            } else {
                format!("{label} reports to {}", join_and(&to))
            });
        }
    }
    blocks.push(para(
        "Reporting lines of the posts that hold statutory roles:",
    ));
    blocks.push(Block::List { items: lines });
    // Combined roles and other functions.
    if let Some(fd) = f.finding("dcs_additional_functions_assured") {
        blocks.push(para(format!(
            "Combined roles and other functions: {}",
            fd.message
        )));
    }
    // Delivery by other bodies.
    let deliveries: Vec<String> = f
        .reg
        .delivery
        .iter()
        .filter(|d| d.council.as_str() == f.id() && d.valid.contains(f.at))
        .map(|d| {
            let provider = f.ix.org(d.provider.as_str()).map_or(d.provider.as_str(), |o| o.name.as_str());
            let basis = d.basis.map(|b| format!(" under a {}", b.as_str().replace('_', " "))).unwrap_or_default();
            let cite = d.citation.as_ref().map(|c| format!(" ({c})")).unwrap_or_default();
            format!(
                "{} is delivered by {provider} since {}{basis}{cite}; the council keeps the statutory responsibility and its DCS must assure the provider.",
                capitalise(d.function.title()),
                long(d.valid.start())
            )
        })
        .collect();
    if deliveries.is_empty() {
        blocks.push(para(format!(
            "No council function is delivered by another body on {}.",
            long(f.at)
        )));
    } else {
        blocks.push(Block::List { items: deliveries });
    }
    // Previous assurance.
    let mut reviews: Vec<&Review> = f
        .reg
        .reviews
        .iter()
        .filter(|r| r.council.as_str() == f.id() && r.started <= f.at)
        .collect();
    reviews.sort_by_key(|r| r.started);
    if reviews.is_empty() {
        blocks.push(para("No previous assurance review is recorded."));
    } else {
        blocks.push(para(format!(
            "The local assurance of these roles has been reviewed {} time{}:",
            reviews.len(),
            if reviews.len() == 1 { "" } else { "s" }
        )));
        blocks.push(Block::Table {
            caption: "Assurance reviews".to_owned(),
            headers: ["Review", "Kind", "Roles", "Started", "Concluded", "Outcome"]
                .map(String::from)
                .to_vec(),
            rows: reviews
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.kind.as_str().replace('_', " "),
                        r.roles
                            .iter()
                            .map(|x| x.short())
                            .collect::<Vec<_>>()
                            .join(", "),
                        long(r.started),
                        r.concluded
                            .filter(|c| *c <= f.at)
                            .map_or_else(|| "open".to_owned(), long),
                        r.outcome
                            .map_or_else(String::new, |o| o.as_str().replace('_', " ")),
                    ]
                })
                .collect(),
        });
    }
    blocks
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(c).collect())
}

fn options(f: &Facts<'_, '_>) -> Vec<Block> {
    let catalogue = Catalogue::v1();
    let mut blocks: Vec<Block> = f
        .roles
        .iter()
        .filter_map(|role| {
            let rule = match role {
                Role::Dcs => "dcs_designated",
                Role::Lmcs => "lmcs_designated",
                Role::Dass => "dass_designated",
                Role::Dph => "dph_designated",
                Role::HeadOfPaidService => "hops_designated",
                Role::MonitoringOfficer => "mo_designated",
                Role::ChiefFinanceOfficer => "cfo_designated",
            };
            let r = catalogue.get(rule)?;
            Some(para(format!(
                "There is a statutory responsibility for the local authority to have a {} ({}).",
                role.title(),
                r.citation_on(f.at)
            )))
        })
        .collect();
    if let Some(r) = f.review {
        for (label, text) in [
            ("What is working well", &r.working_well),
            ("What are we worried about", &r.worried_about),
            ("What needs to happen", &r.needs_to_happen),
            ("Opinion", &r.opinion),
        ] {
            if let Some(t) = text {
                blocks.push(para(format!("{label}: {}", t.trim())));
            }
        }
    }
    blocks
}

fn consultation(f: &Facts<'_, '_>) -> Vec<Block> {
    let contributors: Vec<String> = f
        .review
        .map(|r| {
            r.approvals
                .iter()
                .filter(|a| a.kind == ApprovalKind::Contributor)
                .map(|a| match &a.title {
                    Some(t) => format!("{} ({t})", a.name),
                    None => a.name.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    if contributors.is_empty() {
        vec![para("No consultation is recorded for this review.")]
    } else {
        vec![
            para("Consultation was undertaken with:"),
            Block::List {
                items: contributors,
            },
        ]
    }
}

fn timetable(f: &Facts<'_, '_>) -> Vec<Block> {
    let Some(r) = f.review.filter(|r| !r.actions.is_empty()) else {
        return vec![para("No actions are recorded for this review.")];
    };
    vec![Block::Table {
        caption: format!("Actions of review {}", r.id),
        headers: ["Action", "Owner", "Due", "Done"]
            .map(String::from)
            .to_vec(),
        rows: r
            .actions
            .iter()
            .map(|a| {
                let done = match a.done {
                    Some(d) if d <= f.at => long(d),
                    _ if a.due < f.at => "open, overdue".to_owned(),
                    _ => "open".to_owned(),
                };
                vec![
                    a.title.clone(),
                    f.ix.post_title(a.owner.as_str()),
                    long(a.due),
                    done,
                ]
            })
            .collect(),
    }]
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Due => "due",
        Status::Accepted => "accepted departure",
        Status::NotApplicable => "not applicable",
        Status::Unknown => "unknown",
    }
}

fn legal(f: &Facts<'_, '_>) -> Vec<Block> {
    let catalogue = Catalogue::v1();
    let mut provisions: Vec<String> = Vec::new();
    for fd in &f.findings {
        if fd.level != Level::Must || fd.status == Status::NotApplicable {
            continue;
        }
        let title = catalogue.get(&fd.rule).map_or("", |r| r.title.as_str());
        let line = format!("{}: {title}.", fd.citation);
        if !provisions.contains(&line) {
            provisions.push(line);
        }
    }
    let applicable: Vec<&Finding> = f
        .findings
        .iter()
        .filter(|x| x.status != Status::NotApplicable)
        .collect();
    let count = |s: Status| applicable.iter().filter(|x| x.status == s).count();
    let mut blocks = vec![
        para(format!(
            "The duties in law that apply to {} on {}:",
            f.council.name,
            long(f.at)
        )),
        Block::List { items: provisions },
        para(format!(
            "Checked against statute and statutory guidance on {}: of {} rules that apply, {} pass, {} fail, {} are due, {} are accepted departures and {} are unknown.",
            long(f.at),
            applicable.len(),
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Due),
            count(Status::Accepted),
            count(Status::Unknown)
        )),
    ];
    let order = |s: Status| s.severity();
    let mut sorted = applicable.clone();
    sorted.sort_by_key(|x| (std::cmp::Reverse(order(x.status)), x.level));
    blocks.push(Block::Table {
        caption: format!("Findings on {}", long(f.at)),
        headers: ["Requirement", "Level", "Status", "Reason", "Source"]
            .map(String::from)
            .to_vec(),
        rows: sorted
            .iter()
            .map(|x| {
                let title = catalogue
                    .get(&x.rule)
                    .map_or(x.rule.as_str(), |r| r.title.as_str());
                vec![
                    title.to_owned(),
                    match x.level {
                        Level::Must => "must",
                        Level::Should => "should",
                        Level::GoodPractice => "good practice",
                        Level::Data => "data",
                    }
                    .to_owned(),
                    status_text(x.status).to_owned(),
                    x.message.clone(),
                    x.citation.clone(),
                ]
            })
            .collect(),
    });
    blocks
}

fn approvals(f: &Facts<'_, '_>, flags: &mut Vec<String>) -> Section {
    let Some(r) = f.review.filter(|r| !r.approvals.is_empty()) else {
        return section(
            "",
            "Contributors and approvers",
            vec![para(
                "No contributors or approvers are recorded for this review.",
            )],
        );
    };
    let mut blocks = Vec::new();
    let mut rows = Vec::new();
    for a in &r.approvals {
        let received = match a.received {
            None => {
                flags.push(format!(
                    "{} ({}): no response received to the request of {}.",
                    a.name,
                    a.kind.as_str(),
                    long(a.sent)
                ));
                "OUTSTANDING".to_owned()
            }
            Some(d) if d < a.sent => {
                flags.push(format!(
                    "{} ({}): received on {}, before it was sent on {}; check the dates.",
                    a.name,
                    a.kind.as_str(),
                    long(d),
                    long(a.sent)
                ));
                format!("{} (before sent: check)", long(d))
            }
            Some(d) => long(d),
        };
        rows.push(vec![
            a.name.clone(),
            a.title.clone().unwrap_or_default(),
            a.area.clone().unwrap_or_default(),
            match a.kind {
                ApprovalKind::Contributor => "contributor",
                ApprovalKind::Approver => "approver",
            }
            .to_owned(),
            long(a.sent),
            received,
        ]);
    }
    for flag in flags.iter() {
        blocks.push(Block::Flag { text: flag.clone() });
    }
    blocks.push(Block::Table {
        caption: "Contributors and approvers".to_owned(),
        headers: [
            "Name",
            "Title",
            "Area",
            "Role",
            "Date sent",
            "Date received or approved",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    });
    section("", "Contributors and approvers", blocks)
}

/// The Assurance Document (seed 001, Appendix 1).
fn assurance_document(f: &Facts<'_, '_>) -> Vec<Section> {
    let catalogue = Catalogue::v1();
    let cite = |rule: &str| {
        catalogue
            .get(rule)
            .map_or(String::new(), |r| r.citation_on(f.at).to_owned())
    };
    let mut intro = vec![];
    // Which posts hold the director roles, grouped by post.
    let mut by_post: Vec<(String, Vec<Role>)> = Vec::new();
    for role in [Role::Dcs, Role::Dass, Role::Dph] {
        if !f.roles.contains(&role) {
            continue;
        }
        for d in f.ix.designations(f.id(), role, f.at) {
            let label = f.ix.post_label(d.post.as_str(), f.at);
            match by_post.iter_mut().find(|(p, _)| *p == label) {
                Some((_, roles)) => roles.push(role),
                None => by_post.push((label, vec![role])),
            }
        }
    }
    for (post, roles) in &by_post {
        let names: Vec<String> = roles
            .iter()
            .map(|r| {
                let rule = match r {
                    Role::Dcs => "dcs_designated",
                    Role::Dass => "dass_designated",
                    _ => "dph_designated",
                };
                format!("{} ({})", r.title(), cite(rule))
            })
            .collect();
        intro.push(para(format!(
            "In line with the council's arrangements on {}, the {post} holds the statutory chief officer role{} of {}.",
            long(f.at),
            if roles.len() > 1 { "s" } else { "" },
            join_and(&names)
        )));
    }
    intro.push(para(format!(
        "The purpose of this document is to outline how the arrangements of {} facilitate the roles of the {}.",
        f.council.name,
        join_and(&f.role_names())
    )));
    let mut sections = vec![section("1", "Introduction", intro)];

    // 2. The Lead Member.
    if f.roles.contains(&Role::Lmcs) {
        let mut blocks = Vec::new();
        match f.holder_label(Role::Lmcs) {
            Some(label) => blocks.push(para(format!(
                "The Lead Member for Children's Services ({}) is the {label}. The LMCS has political responsibility for the leadership, strategy and effectiveness of children's services.",
                cite("lmcs_designated")
            ))),
            None => blocks.push(Block::Flag { text: format!("No Lead Member for Children's Services is designated on {}.", long(f.at)) }),
        }
        let governance = match f.council.governance {
            Some(Governance::LeaderAndCabinet) => Some("a Leader and Cabinet form of executive"),
            Some(Governance::MayorAndCabinet) => Some("a Mayor and Cabinet form of executive"),
            Some(Governance::Committee) => Some("the committee system"),
            None => None,
        };
        if let Some(g) = governance {
            blocks.push(para(format!("{} has adopted {g}.", f.council.name)));
        }
        blocks.extend(memberships(f, Role::Lmcs));
        sections.push(section(
            "2",
            "Role of the Lead Member for Children's Services (LMCS)",
            blocks,
        ));
    }

    // 3. The director(s): the posts that hold the DCS (and DASS) roles.
    let director_posts: Vec<assure_domain::Id> = [Role::Dcs, Role::Dass]
        .iter()
        .filter(|r| f.roles.contains(r))
        .flat_map(|r| f.ix.designations(f.id(), *r, f.at))
        .map(|d| d.post.clone())
        .fold(Vec::new(), |mut acc, p| {
            if !acc.contains(&p) {
                acc.push(p);
            }
            acc
        });
    for (i, post) in director_posts.iter().enumerate() {
        let number = (3 + i).to_string();
        let title = f.ix.post_title(post.as_str());
        let mut blocks = vec![para(format!(
            "The {} is held by {}.",
            title,
            holders_of(f, post)
        ))];
        let functions: Vec<String> =
            f.ix.responsibilities(post.as_str(), f.at)
                .iter()
                .flat_map(|r| r.functions.iter().map(|x| x.title().to_owned()))
                .collect();
        if !functions.is_empty() {
            blocks.push(para(format!(
                "The post is responsible for {}.",
                join_and(&functions)
            )));
        }
        let reports: Vec<String> = f
            .reg
            .posts
            .iter()
            .filter(|p| {
                f.ix.lines(p.id.as_str(), f.at)
                    .iter()
                    .any(|l| l.to() == post)
            })
            .map(|p| f.ix.post_label(p.id.as_str(), f.at))
            .collect();
        if !reports.is_empty() {
            blocks.push(para(format!(
                "Reporting directly to the {title}: {}.",
                join_and(&reports)
            )));
        }
        let up: Vec<String> =
            f.ix.lines(post.as_str(), f.at)
                .iter()
                .map(|l| f.ix.post_label(l.to().as_str(), f.at))
                .collect();
        if !up.is_empty() {
            blocks.push(para(format!(
                "The {title} reports to the {}.",
                join_and(&up)
            )));
        }
        sections.push(section(&number, &format!("Role of the {title}"), blocks));
    }

    // The statutory role and local assurance.
    let n = 3 + director_posts.len();
    let mut statutory = Vec::new();
    for role in [Role::Dcs, Role::Dass] {
        if !f.roles.contains(&role) {
            continue;
        }
        for d in f.ix.designations(f.id(), role, f.at) {
            let decision = d
                .decision
                .as_ref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            let basis = if d.is_interim() {
                " on an interim basis"
            } else {
                ""
            };
            statutory.push(para(format!(
                "The {} is designated as the council's {}{basis} from {}{decision}.",
                f.ix.post_title(d.post.as_str()),
                role.title(),
                long(d.valid.start())
            )));
        }
    }
    if statutory.is_empty() {
        statutory.push(Block::Flag {
            text: format!(
                "No Director of Children's Services is designated on {}.",
                long(f.at)
            ),
        });
    }
    sections.push(section(&format!("{n}"), "The statutory role", statutory));

    let mut local = Vec::new();
    for rule in [
        "dcs_additional_functions_assured",
        "dcs_reports_to_chief_executive",
        "dass_reports_to_chief_executive",
        "change_triggers_review",
        "periodic_review",
    ] {
        if let Some(fd) = f
            .finding(rule)
            .filter(|x| x.status != Status::NotApplicable)
        {
            local.push(para(format!(
                "{} ({}: {})",
                fd.message,
                status_text(fd.status),
                fd.citation
            )));
        }
    }
    local.extend(memberships(f, Role::Dcs));
    sections.push(section(
        &format!("{}", n + 1),
        "Local assurance and governance arrangements",
        local,
    ));

    // Summary.
    let applicable: Vec<&Finding> = f
        .findings
        .iter()
        .filter(|x| x.status != Status::NotApplicable)
        .collect();
    let failing: Vec<String> = applicable
        .iter()
        .filter(|x| matches!(x.status, Status::Fail | Status::Unknown | Status::Due))
        .map(|x| format!("{} ({}): {}", x.rule, status_text(x.status), x.message))
        .collect();
    let mut summary = vec![para(format!(
        "On {}, {} of the {} rules that apply to {} pass{}.",
        long(f.at),
        applicable
            .iter()
            .filter(|x| matches!(x.status, Status::Pass | Status::Accepted))
            .count(),
        applicable.len(),
        f.council.name,
        if failing.is_empty() {
            ""
        } else {
            "; the following need attention"
        }
    ))];
    if !failing.is_empty() {
        summary.push(Block::List { items: failing });
    }
    if let Some(r) = f.review
        && let Some(o) = &r.opinion
    {
        summary.push(para(format!("Opinion: {}", o.trim())));
    }
    sections.push(section(&format!("{}", n + 2), "Summary", summary));
    sections
}

fn holders_of(f: &Facts<'_, '_>, post: &assure_domain::Id) -> String {
    let names: Vec<String> =
        f.ix.holders(post.as_str(), f.at)
            .iter()
            .map(|a| {
                let name = f.ix.person_name(a.person.as_str());
                if a.is_interim() {
                    format!("{name} (interim)")
                } else {
                    name
                }
            })
            .collect();
    if names.is_empty() {
        "nobody: the post is vacant".to_owned()
    } else {
        join_and(&names)
    }
}

/// The boards and partnerships the posts holding `role` (or their holders) sit on.
fn memberships(f: &Facts<'_, '_>, role: Role) -> Vec<Block> {
    let posts: Vec<assure_domain::Id> =
        f.ix.designations(f.id(), role, f.at)
            .iter()
            .map(|d| d.post.clone())
            .collect();
    let people: Vec<assure_domain::Id> = posts
        .iter()
        .flat_map(|p| f.ix.holders(p.as_str(), f.at))
        .map(|a| a.person.clone())
        .collect();
    let mut items = Vec::new();
    for m in &f.reg.memberships {
        if !m.valid.contains(f.at) {
            continue;
        }
        let ours = match &m.member {
            Member::Post(p) => posts.contains(p),
            Member::Person(p) => people.contains(p),
            Member::Org(_) => false,
        };
        if !ours {
            continue;
        }
        let body = f.reg.bodies.iter().find(|b| b.id == m.body);
        let name = body.map_or_else(
            || m.body.to_string(),
            |b| b.name.clone().unwrap_or_else(|| b.id.to_string()),
        );
        let _ = m.fact_id();
        items.push(format!("{name} ({})", m.role.as_str().replace('_', " ")));
    }
    if items.is_empty() {
        Vec::new()
    } else {
        vec![
            para(format!("The {} sits on:", role.short())),
            Block::List { items },
        ]
    }
}
