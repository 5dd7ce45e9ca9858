//! The register pages: a council's register as at a date, one GOV.UK table per `assure/v1`
//! table with an org chart of the reporting lines, and the forms that add, change and delete
//! entries.
//!
//! The forms are driven by a small spec per table ([`TABLES`]): each field's name (its key in
//! the `assure/v1` body), label, hint and kind. A form builds the entry's body as
//! `assure_domain::writer` does (same keys in the same order, empty optionals left out, `council`
//! set to the council) and writes it through [`service::apply_as`], based on the version it was
//! shown (`0` for a new entry), so the store's own validation (the domain reader) and its
//! conflict check have the last word; their errors are shown against the fields. New entries get
//! the writer's keys: the id, or the fact id with `#2`, `#3`... when it is taken. Keys travel in
//! the query string (`?key=`) because they hold `:`, `/` and `#`.
//!
//! Reading needs the viewer role in the council; the forms need the editor role
//! ([`crate::auth::Principal::require`]).

use crate::auth::CurrentUser;
use crate::forms::{FieldError, date_input, store_errors};
use crate::pages::render;
use crate::service;
use crate::{AppError, AppState, Chrome, Routes};
use askama::Template;
use assure_domain::date::{iso, long, parse_date};
use assure_domain::model::{
    AppointmentBasis, BodyKind, DeliveryBasis, DesignationBasis, DocumentKind, EventKind, Function,
    MembershipRole, PostKind, Role as StatutoryRole,
};
use assure_domain::view::Index;
use assure_domain::{Date, Id, Register};
use assure_store::{Accounts, Change, Role, Store, StoreError, Version};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;
use tower_sessions::Session;

/// The routes of this part of the application.
pub(crate) fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> Routes<S> {
    Routes::new()
        .get("/councils/{id}/register", register_page::<S>)
        .get("/councils/{id}/register/{table}/new", new_form::<S>)
        .post("/councils/{id}/register/{table}/new", create::<S>)
        .get("/councils/{id}/register/{table}/edit", edit_form::<S>)
        .post("/councils/{id}/register/{table}/edit", update::<S>)
        .get("/councils/{id}/register/{table}/delete", delete_form::<S>)
        .post("/councils/{id}/register/{table}/delete", delete::<S>)
}

// ---------------------------------------------------------------------------------------------
// The tables and their fields.

/// A closed `assure/v1` vocabulary a field chooses from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vocab {
    Role,
    AppointmentBasis,
    DesignationBasis,
    Function,
    DeliveryBasis,
    PostKind,
    BodyKind,
    MembershipRole,
    DocumentKind,
    EventKind,
}

impl Vocab {
    /// The spellings, in the order DESIGN.md lists them.
    fn values(self) -> Vec<&'static str> {
        fn all<T: Copy>(items: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
            items.iter().map(|v| f(*v)).collect()
        }
        match self {
            Self::Role => all(StatutoryRole::ALL, StatutoryRole::as_str),
            Self::AppointmentBasis => all(AppointmentBasis::ALL, AppointmentBasis::as_str),
            Self::DesignationBasis => all(DesignationBasis::ALL, DesignationBasis::as_str),
            Self::Function => all(Function::ALL, Function::as_str),
            Self::DeliveryBasis => all(DeliveryBasis::ALL, DeliveryBasis::as_str),
            Self::PostKind => all(PostKind::ALL, PostKind::as_str),
            Self::BodyKind => all(BodyKind::ALL, BodyKind::as_str),
            Self::MembershipRole => all(MembershipRole::ALL, MembershipRole::as_str),
            Self::DocumentKind => all(DocumentKind::ALL, DocumentKind::as_str),
            Self::EventKind => all(EventKind::ALL, EventKind::as_str),
        }
    }

    /// A spelling as officers read it.
    fn label(self, value: &str) -> String {
        let special = match self {
            Self::Role => StatutoryRole::parse(value).map(|r| r.title().to_owned()),
            Self::Function => Function::parse(value).map(|f| upper_first(f.title())),
            Self::BodyKind if value == "lscb" => {
                Some("Local Safeguarding Children Board".to_owned())
            }
            Self::EventKind if value == "departure" => {
                Some("Departure of a post holder".to_owned())
            }
            _ => None,
        };
        special.unwrap_or_else(|| upper_first(&value.replace('_', " ")))
    }
}

/// Existing things a field refers to by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ref {
    /// Anyone in the register (people are global).
    Person,
    /// The council's posts, and posts of organisations that are not councils (partners).
    Post,
    /// The council's own posts.
    CouncilPost,
    /// The council's bodies.
    Body,
    /// Any organisation.
    Org,
}

/// A list a field ticks items of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Many {
    Functions,
    /// Statutory roles, the council's bodies and organisations (a document's `about`).
    About,
    /// The council's posts (an event's `posts`).
    Posts,
}

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `council`: always the council of the page, not shown.
    Council,
    /// A post's `org`: always the council of the page, not shown.
    Org,
    /// The entry's id: typed when adding, fixed afterwards (it is the entry's key).
    Id,
    Text,
    LongText,
    Number,
    Date,
    Choice(Vocab),
    Ref(Ref),
    Many(Many),
}

/// One field of a table's form.
#[derive(Debug)]
struct Field {
    /// The key in the `assure/v1` body; also the input's name and id.
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: Kind,
    /// The message when a required field is left empty; `None` for optional fields.
    missing: Option<&'static str>,
}

const fn field(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: Kind,
    missing: Option<&'static str>,
) -> Field {
    Field {
        name,
        label,
        hint,
        kind,
        missing,
    }
}

const COUNCIL: Field = field("council", "", "", Kind::Council, None);
const FROM: Field = field(
    "from",
    "Start date",
    "The first day. For example, 1 4 2019",
    Kind::Date,
    Some("Enter the start date"),
);
const FROM_OPTIONAL: Field = field(
    "from",
    "Start date (optional)",
    "The first day. Leave empty if it has always existed",
    Kind::Date,
    None,
);
const TO: Field = field(
    "to",
    "End date (optional)",
    "The last day, inclusive. Leave empty if it is still running",
    Kind::Date,
    None,
);
const ID_HINT: &str = "A short, permanent reference: lower-case letters, digits, hyphens and \
                       underscores, starting with a letter or digit";

/// One `assure/v1` table the pages show and edit.
#[derive(Debug)]
struct Table {
    /// The table's name in `assure/v1` (and in URLs).
    name: &'static str,
    /// One entry, in a sentence: "designation".
    singular: &'static str,
    /// The section heading: "Designations".
    title: &'static str,
    /// The fields in the order the domain writer writes the keys.
    fields: &'static [Field],
}

impl Table {
    /// Whether entries are keyed by their `id`.
    fn has_id(&self) -> bool {
        self.fields.iter().any(|f| f.kind == Kind::Id)
    }

    /// "a designation", "an appointment".
    fn a(&self) -> String {
        let article = if self.singular.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.singular)
    }

    fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether entries are in force over an interval (not a dated fact or a name).
    fn is_interval(&self) -> bool {
        self.fields.iter().any(|f| f.name == "to")
    }
}

/// The tables, in the order the register page shows them.
static TABLES: &[Table] = &[
    Table {
        name: "people",
        singular: "person",
        title: "People",
        fields: &[
            field("id", "Id", ID_HINT, Kind::Id, Some("Enter an id")),
            field(
                "name",
                "Name",
                "",
                Kind::Text,
                Some("Enter the person's name"),
            ),
        ],
    },
    Table {
        name: "posts",
        singular: "post",
        title: "Posts",
        fields: &[
            field("id", "Id", ID_HINT, Kind::Id, Some("Enter an id")),
            field("org", "", "", Kind::Org, None),
            field(
                "title",
                "Title",
                "",
                Kind::Text,
                Some("Enter the post's title"),
            ),
            field(
                "kind",
                "Kind of post",
                "An officer post, an executive member (a cabinet member) or another member",
                Kind::Choice(Vocab::PostKind),
                Some("Select the kind of post"),
            ),
            FROM_OPTIONAL,
            TO,
            field(
                "reports_to",
                "Reports to (optional)",
                "For one reporting line over the post's whole life; record lines that change as reporting lines",
                Kind::Ref(Ref::CouncilPost),
                None,
            ),
        ],
    },
    Table {
        name: "appointments",
        singular: "appointment",
        title: "Appointments",
        fields: &[
            field(
                "person",
                "Person",
                "",
                Kind::Ref(Ref::Person),
                Some("Select the person"),
            ),
            field(
                "post",
                "Post",
                "",
                Kind::Ref(Ref::Post),
                Some("Select the post"),
            ),
            FROM,
            TO,
            field(
                "basis",
                "Basis (optional)",
                "Interim and acting appointments count as interim holdings of a role",
                Kind::Choice(Vocab::AppointmentBasis),
                None,
            ),
            field(
                "fte",
                "Full-time equivalent (optional)",
                "For example, 0.6 for three days a week. Leave empty for full time",
                Kind::Number,
                None,
            ),
            field(
                "employer",
                "Employer (optional)",
                "The organisation that employs the person",
                Kind::Ref(Ref::Org),
                None,
            ),
        ],
    },
    Table {
        name: "designations",
        singular: "designation",
        title: "Designations",
        fields: &[
            COUNCIL,
            field(
                "role",
                "Statutory role",
                "",
                Kind::Choice(Vocab::Role),
                Some("Select the statutory role"),
            ),
            field(
                "post",
                "Post",
                "The post the role is attached to",
                Kind::Ref(Ref::Post),
                Some("Select the post"),
            ),
            FROM,
            TO,
            field(
                "basis",
                "Basis (optional)",
                "",
                Kind::Choice(Vocab::DesignationBasis),
                None,
            ),
            field(
                "decision",
                "Decision (optional)",
                "The decision that made it, for example Cabinet 12 February 2019",
                Kind::Text,
                None,
            ),
        ],
    },
    Table {
        name: "reporting_lines",
        singular: "reporting line",
        title: "Reporting lines",
        fields: &[
            field(
                "post",
                "Post",
                "",
                Kind::Ref(Ref::CouncilPost),
                Some("Select the post"),
            ),
            field(
                "reports_to",
                "Reports to",
                "",
                Kind::Ref(Ref::Post),
                Some("Select the post it reports to"),
            ),
            FROM,
            TO,
        ],
    },
    Table {
        name: "responsibilities",
        singular: "responsibility",
        title: "Responsibilities",
        fields: &[
            field(
                "post",
                "Post",
                "",
                Kind::Ref(Ref::CouncilPost),
                Some("Select the post"),
            ),
            field(
                "functions",
                "Functions",
                "Select all that apply",
                Kind::Many(Many::Functions),
                Some("Select at least one function"),
            ),
            FROM,
            TO,
        ],
    },
    Table {
        name: "delivery",
        singular: "delivery arrangement",
        title: "Delivery by other organisations",
        fields: &[
            COUNCIL,
            field(
                "function",
                "Function",
                "",
                Kind::Choice(Vocab::Function),
                Some("Select the function"),
            ),
            field(
                "provider",
                "Provider",
                "The organisation that delivers it",
                Kind::Ref(Ref::Org),
                Some("Select the provider"),
            ),
            FROM,
            TO,
            field(
                "basis",
                "Basis (optional)",
                "",
                Kind::Choice(Vocab::DeliveryBasis),
                None,
            ),
            field(
                "citation",
                "Citation (optional)",
                "For example, Education Act 1996 s497A",
                Kind::Text,
                None,
            ),
        ],
    },
    Table {
        name: "bodies",
        singular: "body",
        title: "Boards and partnerships",
        fields: &[
            field("id", "Id", ID_HINT, Kind::Id, Some("Enter an id")),
            COUNCIL,
            field(
                "kind",
                "Kind of body",
                "",
                Kind::Choice(Vocab::BodyKind),
                Some("Select the kind of body"),
            ),
            field("name", "Name (optional)", "", Kind::Text, None),
            FROM_OPTIONAL,
            TO,
        ],
    },
    Table {
        name: "memberships",
        singular: "membership",
        title: "Memberships",
        fields: &[
            field(
                "body",
                "Board or partnership",
                "",
                Kind::Ref(Ref::Body),
                Some("Select the board or partnership"),
            ),
            field(
                "post",
                "Member: a post",
                "Choose one of a post, a person or an organisation",
                Kind::Ref(Ref::Post),
                None,
            ),
            field(
                "person",
                "Member: a person",
                "",
                Kind::Ref(Ref::Person),
                None,
            ),
            field(
                "org",
                "Member: an organisation",
                "",
                Kind::Ref(Ref::Org),
                None,
            ),
            field(
                "role",
                "Role on the body",
                "",
                Kind::Choice(Vocab::MembershipRole),
                Some("Select the role on the body"),
            ),
            FROM,
            TO,
        ],
    },
    Table {
        name: "documents",
        singular: "document",
        title: "Documents",
        fields: &[
            field("id", "Id", ID_HINT, Kind::Id, Some("Enter an id")),
            COUNCIL,
            field(
                "kind",
                "Kind of document",
                "",
                Kind::Choice(Vocab::DocumentKind),
                Some("Select the kind of document"),
            ),
            field(
                "date",
                "Date",
                "For example, 12 2 2019",
                Kind::Date,
                Some("Enter the date of the document"),
            ),
            field(
                "title",
                "Title",
                "",
                Kind::Text,
                Some("Enter the title of the document"),
            ),
            field(
                "about",
                "What it is about (optional)",
                "The statutory roles, boards and organisations it concerns",
                Kind::Many(Many::About),
                None,
            ),
            field(
                "url",
                "Web address (optional)",
                "For example, https://www.example.gov.uk/report.pdf",
                Kind::Text,
                None,
            ),
        ],
    },
    Table {
        name: "events",
        singular: "event",
        title: "Events",
        fields: &[
            COUNCIL,
            field(
                "date",
                "Date",
                "For example, 1 10 2016",
                Kind::Date,
                Some("Enter the date of the event"),
            ),
            field(
                "kind",
                "Kind of event",
                "",
                Kind::Choice(Vocab::EventKind),
                Some("Select the kind of event"),
            ),
            field(
                "posts",
                "Posts affected (optional)",
                "",
                Kind::Many(Many::Posts),
                None,
            ),
            field("summary", "Summary (optional)", "", Kind::LongText, None),
        ],
    },
];

fn table_named(name: &str) -> Result<&'static Table, AppError> {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| AppError::NotFound(format!("The register has no table called {name}.")))
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn text_of<'a>(body: &'a Value, key: &str) -> &'a str {
    body.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn date_of(body: &Value, key: &str) -> Option<Date> {
    parse_date(text_of(body, key))
}

fn list_of(body: &Value, key: &str) -> Vec<String> {
    body.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether an entry's `from`/`to` (both inclusive, either absent) cover `at`.
fn in_force(body: &Value, at: Date) -> bool {
    date_of(body, "from").is_none_or(|f| f <= at) && date_of(body, "to").is_none_or(|t| at <= t)
}

/// "1 April 2025 to 31 March 2026", "From 1 April 2025", "Until ...", "Always".
fn interval_text(from: Option<Date>, to: Option<Date>) -> String {
    match (from, to) {
        (Some(a), Some(b)) => format!("{} to {}", long(a), long(b)),
        (Some(a), None) => format!("From {}", long(a)),
        (None, Some(b)) => format!("Until {}", long(b)),
        (None, None) => "Always".to_owned(),
    }
}

fn body_interval(body: &Value) -> String {
    interval_text(date_of(body, "from"), date_of(body, "to"))
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Escapes text for the SVG and the list built here (templates escape for themselves).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn no_council(id: &str) -> AppError {
    AppError::NotFound(format!("There is no council with the id {id}."))
}

fn no_entry() -> AppError {
    AppError::NotFound("There is no such entry in this council's register.".to_owned())
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

// ---------------------------------------------------------------------------------------------
// The council and its register.

/// The register as stored now, and the council a page is about.
#[derive(Debug)]
struct Ctx {
    id: String,
    name: String,
    versions: Arc<[Version]>,
    reg: Arc<Register>,
}

impl Ctx {
    async fn load<S: Store>(state: &AppState<S>, id: &str) -> Result<Self, AppError> {
        let snapshot = service::snapshot(state).await?;
        let name = snapshot
            .register()
            .councils()
            .find(|c| c.id.as_str() == id)
            .map(|c| c.name.clone())
            .ok_or_else(|| no_council(id))?;
        Ok(Self {
            id: id.to_owned(),
            name,
            versions: Arc::clone(&snapshot.versions),
            reg: Arc::clone(snapshot.register()),
        })
    }

    /// The current entries of `table` that belong to this council (people: see [`Ctx::people`]).
    fn entries(&self, table: &str) -> Vec<&Version> {
        if table == "people" {
            let people = self.people();
            return self
                .versions
                .iter()
                .filter(|v| v.table == "people" && people.contains(text_of(&v.body, "id")))
                .collect();
        }
        self.versions
            .iter()
            .filter(|v| v.table == table && v.council.as_deref() == Some(self.id.as_str()))
            .collect()
    }

    /// The people of this council: those who hold or held its posts, sit on its bodies or were
    /// its councillors, and those not yet attached to anything (just added; people are global).
    fn people(&self) -> HashSet<&str> {
        let reg = &self.reg;
        let posts: HashSet<&str> = reg
            .posts
            .iter()
            .filter(|p| p.org.as_str() == self.id)
            .map(|p| p.id.as_str())
            .collect();
        let bodies: HashSet<&str> = reg
            .bodies
            .iter()
            .filter(|b| b.council.as_str() == self.id)
            .map(|b| b.id.as_str())
            .collect();
        let mut attached: HashSet<&str> = HashSet::new();
        let mut mine: HashSet<&str> = HashSet::new();
        for a in &reg.appointments {
            attached.insert(a.person.as_str());
            if posts.contains(a.post.as_str()) {
                mine.insert(a.person.as_str());
            }
        }
        for m in &reg.memberships {
            if let assure_domain::model::Member::Person(p) = &m.member {
                attached.insert(p.as_str());
                if bodies.contains(m.body.as_str()) {
                    mine.insert(p.as_str());
                }
            }
        }
        for p in &reg.people {
            for c in &p.councillor {
                attached.insert(p.id.as_str());
                if c.council.as_str() == self.id {
                    mine.insert(p.id.as_str());
                }
            }
            if !attached.contains(p.id.as_str()) {
                mine.insert(p.id.as_str());
            }
        }
        mine
    }

    fn post_title(&self, id: &str) -> String {
        label_of(&self.reg.posts, id, |p| &p.id, |p| p.title.clone())
    }

    fn person_name(&self, id: &str) -> String {
        label_of(&self.reg.people, id, |p| &p.id, |p| p.name.clone())
    }

    fn org_name(&self, id: &str) -> String {
        label_of(&self.reg.organisations, id, |o| &o.id, |o| o.name.clone())
    }

    fn body_name(&self, id: &str) -> String {
        label_of(
            &self.reg.bodies,
            id,
            |b| &b.id,
            |b| {
                b.name
                    .clone()
                    .unwrap_or_else(|| Vocab::BodyKind.label(b.kind.as_str()))
            },
        )
    }

    /// What an `about` item names: a role, a body or an organisation.
    fn about_label(&self, item: &str) -> String {
        if let Some(r) = StatutoryRole::parse(item) {
            return r.title().to_owned();
        }
        if self.reg.bodies.iter().any(|b| b.id.as_str() == item) {
            return self.body_name(item);
        }
        self.org_name(item)
    }

    /// The choices of a reference field, sorted by label.
    fn ref_options(&self, r: Ref) -> Vec<(String, String)> {
        let reg = &self.reg;
        let is_council = |org: &str| reg.councils().any(|c| c.id.as_str() == org);
        // A partner's post is named with its organisation; a post that ends says when.
        let post_label = |p: &assure_domain::model::Post| {
            let title = if p.org.as_str() == self.id {
                p.title.clone()
            } else {
                format!("{}, {}", p.title, self.org_name(p.org.as_str()))
            };
            match p.valid.to() {
                Some(to) => format!("{title} (until {})", long(to)),
                None => title,
            }
        };
        let mut out: Vec<(String, String)> = match r {
            Ref::Person => reg
                .people
                .iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect(),
            Ref::CouncilPost => reg
                .posts
                .iter()
                .filter(|p| p.org.as_str() == self.id)
                .map(|p| (p.id.to_string(), post_label(p)))
                .collect(),
            Ref::Post => reg
                .posts
                .iter()
                .filter(|p| p.org.as_str() == self.id || !is_council(p.org.as_str()))
                .map(|p| (p.id.to_string(), post_label(p)))
                .collect(),
            Ref::Body => reg
                .bodies
                .iter()
                .filter(|b| b.council.as_str() == self.id)
                .map(|b| (b.id.to_string(), self.body_name(b.id.as_str())))
                .collect(),
            Ref::Org => reg
                .organisations
                .iter()
                .map(|o| (o.id.to_string(), o.name.clone()))
                .collect(),
        };
        // Two choices with the same words are told apart by their ids.
        let labels: Vec<String> = out.iter().map(|(_, l)| l.clone()).collect();
        for (id, label) in &mut out {
            if labels.iter().filter(|l| *l == label).count() > 1 {
                *label = format!("{label} ({id})");
            }
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }

    /// The items of a list field.
    fn many_options(&self, m: Many) -> Vec<(String, String)> {
        match m {
            Many::Functions => Vocab::Function
                .values()
                .into_iter()
                .map(|v| (v.to_owned(), Vocab::Function.label(v)))
                .collect(),
            Many::Posts => self.ref_options(Ref::CouncilPost),
            Many::About => {
                let mut out: Vec<(String, String)> = StatutoryRole::ALL
                    .iter()
                    .map(|r| {
                        (
                            r.as_str().to_owned(),
                            format!("{} ({})", r.title(), r.short()),
                        )
                    })
                    .collect();
                out.extend(self.ref_options(Ref::Body));
                let is_council = |id: &str| self.reg.councils().any(|c| c.id.as_str() == id);
                let mut orgs: Vec<(String, String)> = self
                    .reg
                    .organisations
                    .iter()
                    .filter(|o| o.id.as_str() == self.id || !is_council(o.id.as_str()))
                    .map(|o| (o.id.to_string(), o.name.clone()))
                    .collect();
                orgs.sort_by(|a, b| a.1.cmp(&b.1));
                out.extend(orgs);
                out
            }
        }
    }

    /// How a stored value of `f` reads on a page.
    fn show(&self, f: &Field, body: &Value) -> String {
        match f.kind {
            Kind::Date => date_of(body, f.name).map(long).unwrap_or_default(),
            Kind::Choice(v) => {
                let s = text_of(body, f.name);
                if s.is_empty() {
                    String::new()
                } else {
                    v.label(s)
                }
            }
            Kind::Ref(r) => {
                let s = text_of(body, f.name);
                match r {
                    _ if s.is_empty() => String::new(),
                    Ref::Person => self.person_name(s),
                    Ref::Post | Ref::CouncilPost => self.post_title(s),
                    Ref::Body => self.body_name(s),
                    Ref::Org => self.org_name(s),
                }
            }
            Kind::Many(m) => list_of(body, f.name)
                .iter()
                .map(|item| match m {
                    Many::Functions => Vocab::Function.label(item),
                    Many::Posts => self.post_title(item),
                    Many::About => self.about_label(item),
                })
                .collect::<Vec<_>>()
                .join(", "),
            Kind::Number => body.get(f.name).map(show_number).unwrap_or_default(),
            _ => text_of(body, f.name).to_owned(),
        }
    }

    /// The council a write of `body` to `table` belongs to, as the domain writer decides it.
    fn council_of(&self, table: &str, body: &Value) -> Option<String> {
        let post_org = |post: &str| {
            self.reg
                .posts
                .iter()
                .find(|p| p.id.as_str() == post)
                .map(|p| p.org.to_string())
        };
        match table {
            "people" => None,
            "appointments" | "reporting_lines" | "responsibilities" => {
                post_org(text_of(body, "post")).or_else(|| Some(self.id.clone()))
            }
            "memberships" => self
                .reg
                .bodies
                .iter()
                .find(|b| b.id.as_str() == text_of(body, "body"))
                .map(|b| b.council.to_string())
                .or_else(|| Some(self.id.clone())),
            _ => Some(self.id.clone()),
        }
    }

    fn register_url(&self, at: Date, table: &str) -> String {
        format!("/councils/{}/register?at={}#{table}", self.id, iso(at))
    }

    fn form_url(&self, table: &str, action: &str, key: Option<&str>) -> String {
        match key {
            Some(k) => format!(
                "/councils/{}/register/{table}/{action}?key={}",
                self.id,
                enc(k)
            ),
            None => format!("/councils/{}/register/{table}/{action}", self.id),
        }
    }
}

fn show_number(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The register page.

/// `?at=YYYY-MM-DD`, or the date input's `day`, `month` and `year`; `done` names what the last
/// form did (`designations-added`), shown in a notification banner.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RegisterQuery {
    at: Option<String>,
    day: Option<String>,
    month: Option<String>,
    year: Option<String>,
    done: Option<String>,
}

impl RegisterQuery {
    fn date(&self) -> Result<Option<Date>, String> {
        if let Some(at) = self.at.as_deref().filter(|s| !s.trim().is_empty()) {
            return parse_date(at.trim())
                .map(Some)
                .ok_or_else(|| "Date must be a real date, for example 12 2 2019".to_owned());
        }
        let part = |p: &Option<String>| p.clone().unwrap_or_default();
        date_input(
            "Date",
            &part(&self.day),
            &part(&self.month),
            &part(&self.year),
        )
    }

    /// The banner for `done`: "Designation added".
    fn banner(&self) -> Option<String> {
        let (table, what) = self.done.as_deref()?.rsplit_once('-')?;
        let table = TABLES.iter().find(|t| t.name == table)?;
        let what = match what {
            "added" | "updated" | "deleted" => what,
            "unchanged" => return Some(format!("No changes made to the {}", table.singular)),
            _ => return None,
        };
        Some(format!("{} {what}", upper_first(table.singular)))
    }
}

/// Warnings of the last write, kept in the session until the register page shows them.
const WARNINGS_KEY: &str = "register_warnings";

/// One cell of a register table.
#[derive(Clone, Debug, Default)]
struct Cell {
    text: String,
    interim: bool,
    href: Option<String>,
}

impl Cell {
    fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// One row of a register table: its cells (the first is the row's header) and its change link.
#[derive(Debug)]
struct Row {
    cells: Vec<Cell>,
    change_href: String,
    /// What the visually hidden part of the "Change" link says.
    change_label: String,
}

/// One table of the register page.
#[derive(Debug)]
struct Section {
    id: &'static str,
    title: &'static str,
    caption: String,
    headers: Vec<&'static str>,
    rows: Vec<Row>,
    empty: String,
    add_href: String,
    add_label: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    id: String,
    name: String,
    at: String,
    at_long: String,
    error: Option<String>,
    day: String,
    month: String,
    year: String,
    banner: Option<String>,
    warnings: Vec<String>,
    editor: bool,
    sections: Vec<Section>,
    chart_svg: String,
    chart_list: String,
}

pub(crate) async fn register_page<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Viewer)?;
    let ctx = Ctx::load(&state, &id).await?;
    let (at, error) = match q.date() {
        Ok(at) => (at.unwrap_or_else(service::today), None),
        Err(message) => (service::today(), Some(message)),
    };
    let (day, month, year) = if error.is_some() {
        (
            q.day.clone().unwrap_or_default(),
            q.month.clone().unwrap_or_default(),
            q.year.clone().unwrap_or_default(),
        )
    } else {
        (
            at.day().to_string(),
            at.month().to_string(),
            at.year().to_string(),
        )
    };
    let warnings: Vec<String> = session
        .remove(WARNINGS_KEY)
        .await
        .map_err(internal)?
        .unwrap_or_default();
    let editor = user.can(&id, Role::Editor);
    let index = Index::new(&ctx.reg);
    let sections = TABLES
        .iter()
        .map(|t| section(&ctx, &index, t, at))
        .collect();
    let (chart_svg, chart_list) = org_chart(&ctx, &index, at);
    let page = RegisterPage {
        chrome: Chrome::of(&user),
        id: ctx.id.clone(),
        name: ctx.name.clone(),
        at: iso(at),
        at_long: long(at),
        day,
        month,
        year,
        banner: q.banner(),
        warnings: warnings.iter().map(|w| upper_first(w)).collect(),
        editor,
        sections,
        chart_svg,
        chart_list,
        error,
    };
    let status = if page.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, Html(render(&page))).into_response())
}

/// The section of the register page for `table` at `at`.
fn section(ctx: &Ctx, index: &Index<'_>, table: &'static Table, at: Date) -> Section {
    let f = |name: &str| table.field(name).expect("the table has the field");
    let mut entries: Vec<&Version> = ctx.entries(table.name);
    if table.is_interval() {
        entries.retain(|v| in_force(&v.body, at));
    }
    let holders = |post: &str| -> (String, bool) {
        let held = index.holders(post, at);
        if held.is_empty() {
            return ("Vacant".to_owned(), false);
        }
        let names: Vec<String> = held
            .iter()
            .map(|a| index.person_name(a.person.as_str()))
            .collect();
        (names.join(", "), held.iter().any(|a| a.is_interim()))
    };
    let (headers, mut rows): (Vec<&'static str>, Vec<(String, Vec<Cell>)>) = match table.name {
        "people" => {
            let rows = entries
                .iter()
                .map(|v| {
                    let person = text_of(&v.body, "id");
                    let held: Vec<String> = index
                        .posts_held(person, at)
                        .iter()
                        .filter(|a| {
                            index
                                .post(a.post.as_str())
                                .is_some_and(|p| p.org.as_str() == ctx.id)
                        })
                        .map(|a| index.post_title(a.post.as_str()))
                        .collect();
                    let held = if held.is_empty() {
                        "None on this date".to_owned()
                    } else {
                        held.join(", ")
                    };
                    (
                        v.key.clone(),
                        vec![Cell::new(text_of(&v.body, "name")), Cell::new(held)],
                    )
                })
                .collect();
            (vec!["Name", "Posts held on the date"], rows)
        }
        "posts" => {
            let rows = entries
                .iter()
                .map(|v| {
                    let post = text_of(&v.body, "id");
                    let (held, interim) = holders(post);
                    let lines: Vec<String> = index
                        .lines(post, at)
                        .iter()
                        .map(|l| index.post_title(l.to().as_str()))
                        .collect();
                    let roles: Vec<&str> = index
                        .designations_of_post(post, at)
                        .iter()
                        .map(|d| d.role.short())
                        .collect();
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(text_of(&v.body, "title")),
                            Cell::new(ctx.show(f("kind"), &v.body)),
                            Cell {
                                text: held,
                                interim,
                                href: None,
                            },
                            Cell::new(lines.join(", ")),
                            Cell::new(roles.join(", ")),
                            Cell::new(body_interval(&v.body)),
                        ],
                    )
                })
                .collect();
            (
                vec![
                    "Title",
                    "Kind",
                    "Held by",
                    "Reports to",
                    "Statutory roles",
                    "Dates",
                ],
                rows,
            )
        }
        "appointments" => {
            let rows = entries
                .iter()
                .map(|v| {
                    let interim = matches!(text_of(&v.body, "basis"), "interim" | "acting");
                    let mut basis = ctx.show(f("basis"), &v.body);
                    if let Some(fte) = v.body.get("fte") {
                        basis = format!("{basis} ({} FTE)", show_number(fte))
                            .trim()
                            .to_owned();
                    }
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(ctx.show(f("person"), &v.body)),
                            Cell::new(ctx.show(f("post"), &v.body)),
                            Cell {
                                text: basis,
                                interim,
                                href: None,
                            },
                            Cell::new(body_interval(&v.body)),
                        ],
                    )
                })
                .collect();
            (vec!["Person", "Post", "Basis", "Dates"], rows)
        }
        "designations" => {
            entries.sort_by_key(|v| {
                StatutoryRole::parse(text_of(&v.body, "role"))
                    .and_then(|r| StatutoryRole::ALL.iter().position(|x| *x == r))
                    .unwrap_or(usize::MAX)
            });
            let rows = entries
                .iter()
                .map(|v| {
                    let (held, held_interim) = holders(text_of(&v.body, "post"));
                    let interim = text_of(&v.body, "basis") == "interim" || held_interim;
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(ctx.show(f("role"), &v.body)),
                            Cell::new(ctx.show(f("post"), &v.body)),
                            Cell {
                                text: held,
                                interim,
                                href: None,
                            },
                            Cell::new(ctx.show(f("basis"), &v.body)),
                            Cell::new(body_interval(&v.body)),
                            Cell::new(text_of(&v.body, "decision")),
                        ],
                    )
                })
                .collect();
            (
                vec!["Role", "Post", "Held by", "Basis", "Dates", "Decision"],
                rows,
            )
        }
        "reporting_lines" => simple(
            &entries,
            ctx,
            table,
            &["post", "reports_to"],
            vec!["Post", "Reports to", "Dates"],
        ),
        "responsibilities" => simple(
            &entries,
            ctx,
            table,
            &["post", "functions"],
            vec!["Post", "Functions", "Dates"],
        ),
        "delivery" => {
            let (h, mut rows) = simple(
                &entries,
                ctx,
                table,
                &["function", "provider", "basis"],
                vec!["Function", "Provider", "Basis", "Dates", "Citation"],
            );
            for ((_, cells), v) in rows.iter_mut().zip(&entries) {
                cells.push(Cell::new(text_of(&v.body, "citation")));
            }
            (h, rows)
        }
        "bodies" => {
            let rows = entries
                .iter()
                .map(|v| {
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(ctx.body_name(text_of(&v.body, "id"))),
                            Cell::new(ctx.show(f("kind"), &v.body)),
                            Cell::new(body_interval(&v.body)),
                        ],
                    )
                })
                .collect();
            (vec!["Name", "Kind", "Dates"], rows)
        }
        "memberships" => {
            let rows = entries
                .iter()
                .map(|v| {
                    let member = ["post", "person", "org"]
                        .iter()
                        .map(|k| ctx.show(f(k), &v.body))
                        .find(|s| !s.is_empty())
                        .unwrap_or_default();
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(ctx.show(f("body"), &v.body)),
                            Cell::new(member),
                            Cell::new(ctx.show(f("role"), &v.body)),
                            Cell::new(body_interval(&v.body)),
                        ],
                    )
                })
                .collect();
            (
                vec!["Board or partnership", "Member", "Role", "Dates"],
                rows,
            )
        }
        "documents" => {
            entries.sort_by_key(|v| date_of(&v.body, "date"));
            let rows = entries
                .iter()
                .map(|v| {
                    let url = text_of(&v.body, "url");
                    let href = (url.starts_with("https://") || url.starts_with("http://"))
                        .then(|| url.to_owned());
                    (
                        v.key.clone(),
                        vec![
                            Cell {
                                text: text_of(&v.body, "title").to_owned(),
                                interim: false,
                                href,
                            },
                            Cell::new(ctx.show(f("kind"), &v.body)),
                            Cell::new(ctx.show(f("date"), &v.body)),
                            Cell::new(ctx.show(f("about"), &v.body)),
                        ],
                    )
                })
                .collect();
            (vec!["Title", "Kind", "Date", "About"], rows)
        }
        "events" => {
            entries.sort_by_key(|v| date_of(&v.body, "date"));
            let rows = entries
                .iter()
                .map(|v| {
                    (
                        v.key.clone(),
                        vec![
                            Cell::new(ctx.show(f("date"), &v.body)),
                            Cell::new(ctx.show(f("kind"), &v.body)),
                            Cell::new(ctx.show(f("posts"), &v.body)),
                            Cell::new(text_of(&v.body, "summary")),
                        ],
                    )
                })
                .collect();
            (vec!["Date", "Kind", "Posts affected", "Summary"], rows)
        }
        _ => (Vec::new(), Vec::new()),
    };
    if table.name == "people" {
        rows.sort_by(|a, b| a.1[0].text.cmp(&b.1[0].text));
    }
    let at_long = long(at);
    let caption = match table.name {
        "people" => format!(
            "People who hold or have held posts of {}, and their posts on {at_long}",
            ctx.name
        ),
        "documents" => "Every document, oldest first".to_owned(),
        "events" => "Every event, oldest first".to_owned(),
        _ => format!("{} on {at_long}", table.title),
    };
    let empty = match table.name {
        "people" => "No people are recorded.".to_owned(),
        "documents" => "No documents are recorded.".to_owned(),
        "events" => "No events are recorded.".to_owned(),
        _ => format!("No {} on {at_long}.", table.title.to_lowercase()),
    };
    let rows = rows
        .into_iter()
        .map(|(key, cells)| {
            // People and documents are named by their first cell; other entries by two.
            let take = if matches!(table.name, "people" | "documents") {
                1
            } else {
                2
            };
            let label = cells
                .iter()
                .map(|c| c.text.as_str())
                .filter(|t| !t.is_empty())
                .take(take)
                .collect::<Vec<_>>()
                .join(", ");
            Row {
                change_href: format!(
                    "{}&at={}",
                    ctx.form_url(table.name, "edit", Some(&key)),
                    iso(at)
                ),
                change_label: format!("{}: {label}", table.singular),
                cells,
            }
        })
        .collect();
    Section {
        id: table.name,
        title: table.title,
        caption,
        headers,
        rows,
        empty,
        add_href: format!("{}?at={}", ctx.form_url(table.name, "new", None), iso(at)),
        add_label: format!("Add {}", table.a()),
    }
}

/// Rows showing `fields` of each entry, then its dates.
fn simple(
    entries: &[&Version],
    ctx: &Ctx,
    table: &Table,
    fields: &[&str],
    headers: Vec<&'static str>,
) -> (Vec<&'static str>, Vec<(String, Vec<Cell>)>) {
    let rows = entries
        .iter()
        .map(|v| {
            let mut cells: Vec<Cell> = fields
                .iter()
                .filter_map(|n| table.field(n))
                .map(|f| Cell::new(ctx.show(f, &v.body)))
                .collect();
            cells.push(Cell::new(body_interval(&v.body)));
            (v.key.clone(), cells)
        })
        .collect();
    (headers, rows)
}

// ---------------------------------------------------------------------------------------------
// The org chart.

/// One post in the org chart.
#[derive(Debug)]
struct Node {
    id: String,
    title: String,
    /// Who holds it ("Vacant" when nobody does), interim holders marked.
    holders: String,
    /// The statutory roles designated to it (short names).
    roles: Vec<&'static str>,
    /// The posts it reports to on the day.
    lines: Vec<String>,
}

/// The reporting lines as a forest: each post under the first post it reports to (a line that
/// would close a loop is left out of the layout, but still listed).
#[derive(Debug)]
struct Tree {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
}

impl Tree {
    fn new(nodes: &[Node]) -> Self {
        let pos: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut parent: Vec<Option<usize>> = vec![None; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            for line in &n.lines {
                let Some(&j) = pos.get(line.as_str()) else {
                    continue;
                };
                let mut up = Some(j);
                let mut loops = false;
                while let Some(x) = up {
                    if x == i {
                        loops = true;
                        break;
                    }
                    up = parent[x];
                }
                if !loops {
                    parent[i] = Some(j);
                    break;
                }
            }
        }
        let mut children = vec![Vec::new(); nodes.len()];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        Self {
            parent,
            children,
            roots,
        }
    }

    /// Each node's horizontal slot (leaves take one each, parents sit over their children) and
    /// level; the number of slots and of levels. The trees of posts that report to no other are
    /// set side by side in rows of at most `row_slots` slots (a wider tree takes a row of its
    /// own), so a chart of many small trees stays readable at the width of a page.
    fn layout(&self, row_slots: f64) -> (Vec<(f64, usize)>, f64, usize) {
        fn leaves(t: &Tree, i: usize) -> f64 {
            if t.children[i].is_empty() {
                1.0
            } else {
                t.children[i].iter().map(|&c| leaves(t, c)).sum()
            }
        }
        fn levels(t: &Tree, i: usize) -> usize {
            1 + t.children[i]
                .iter()
                .map(|&c| levels(t, c))
                .max()
                .unwrap_or(0)
        }
        fn place(t: &Tree, i: usize, depth: usize, next: &mut f64, out: &mut [(f64, usize)]) {
            if t.children[i].is_empty() {
                out[i] = (*next, depth);
                *next += 1.0;
                return;
            }
            for &c in &t.children[i] {
                place(t, c, depth + 1, next, out);
            }
            let first = out[t.children[i][0]].0;
            let last = out[t.children[i][t.children[i].len() - 1]].0;
            out[i] = ((first + last) / 2.0, depth);
        }
        let mut out = vec![(0.0, 0); self.parent.len()];
        let (mut x, mut top, mut row_levels, mut width) = (0.0_f64, 0, 0, 0.0_f64);
        for &r in &self.roots {
            let w = leaves(self, r);
            if x > 0.0 && x + w > row_slots {
                top += row_levels;
                x = 0.0;
                row_levels = 0;
            }
            place(self, r, top, &mut x, &mut out);
            row_levels = row_levels.max(levels(self, r));
            width = width.max(x);
        }
        (out, width, top + row_levels)
    }
}

/// `text` in at most `lines` lines of at most `width` characters, cut with an ellipsis.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if current.is_empty() {
            current = word.to_owned();
        } else if current.chars().count() + 1 + word.chars().count() <= width {
            current.push(' ');
            current.push_str(word);
        } else {
            out.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    let cut = out.len() > lines;
    out.truncate(lines);
    for (i, line) in out.iter_mut().enumerate() {
        let last = i + 1 == lines;
        if line.chars().count() > width || (cut && last) {
            let keep: String = line.chars().take(width.saturating_sub(1)).collect();
            *line = format!("{}\u{2026}", keep.trim_end());
        }
    }
    out
}

/// The council's posts on `at` and their reporting lines: an accessible SVG (`role="img"`, a
/// title and a description) and the same as a nested list. Empty when there are no posts.
fn org_chart(ctx: &Ctx, index: &Index<'_>, at: Date) -> (String, String) {
    let arrangement = index.arrangement(&ctx.id, at);
    let mut roles: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for (role, posts) in &arrangement.roles {
        for p in posts {
            roles.entry(p.post.as_str()).or_default().push(role.short());
        }
    }
    let nodes: Vec<Node> = arrangement
        .posts
        .iter()
        .map(|p| {
            let held: Vec<String> = index
                .holders(&p.post, at)
                .iter()
                .map(|a| {
                    let name = index.person_name(a.person.as_str());
                    if a.is_interim() {
                        format!("{name} (interim)")
                    } else {
                        name
                    }
                })
                .collect();
            Node {
                id: p.post.clone(),
                title: p.title.clone(),
                holders: if held.is_empty() {
                    "Vacant".to_owned()
                } else {
                    held.join(", ")
                },
                roles: roles.get(p.post.as_str()).cloned().unwrap_or_default(),
                lines: p.reports_to.clone(),
            }
        })
        .collect();
    if nodes.is_empty() {
        return (String::new(), String::new());
    }
    let tree = Tree::new(&nodes);
    let svg = chart_svg(&ctx.name, at, &nodes, &tree);
    let mut list = String::new();
    list_of_nodes(&mut list, &tree.roots, &nodes, &tree, index);
    (svg, list)
}

fn chart_svg(name: &str, at: Date, nodes: &[Node], tree: &Tree) -> String {
    const W: f64 = 210.0;
    const H: f64 = 82.0;
    const GAP_X: f64 = 16.0;
    const GAP_Y: f64 = 40.0;
    const MARGIN: f64 = 8.0;
    let (places, slots, levels) = tree.layout(4.0);
    let width = MARGIN * 2.0 + slots * (W + GAP_X) - GAP_X;
    let height = MARGIN * 2.0 + levels as f64 * (H + GAP_Y) - GAP_Y;
    let x = |i: usize| MARGIN + places[i].0 * (W + GAP_X);
    let y = |i: usize| MARGIN + places[i].1 as f64 * (H + GAP_Y);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         role=\"img\" aria-labelledby=\"org-title org-desc\" class=\"assure-chart\">\
         <title id=\"org-title\">Reporting lines of {} on {}</title>\
         <desc id=\"org-desc\">Each box is a post of the council, with who holds it and the \
         statutory roles designated to it. A line joins a post to the post it reports to above \
         it; a dashed line is a further reporting line. The list after the chart gives the same \
         information.</desc>",
        esc(name),
        long(at)
    );
    let pos: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let elbow = |from: usize, to: usize, dashed: bool| {
        let (x1, y1) = (x(from) + W / 2.0, y(from) + H);
        let (x2, y2) = (x(to) + W / 2.0, y(to));
        let mid = if y2 > y1 { y1 + GAP_Y / 2.0 } else { y1 + 8.0 };
        format!(
            "<path d=\"M {x1:.1} {y1:.1} V {mid:.1} H {x2:.1} V {y2:.1}\" fill=\"none\" \
             stroke=\"#505a5f\" stroke-width=\"1.5\"{}/>",
            if dashed {
                " stroke-dasharray=\"5 4\""
            } else {
                ""
            }
        )
    };
    for (i, n) in nodes.iter().enumerate() {
        for line in &n.lines {
            if let Some(&p) = pos.get(line.as_str()) {
                s.push_str(&elbow(p, i, tree.parent[i] != Some(p)));
            }
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let (bx, by) = (x(i), y(i));
        let designated = !n.roles.is_empty();
        // The whole text as a tooltip: the box may have to cut it.
        let mut tip = format!("{}: {}", n.title, n.holders);
        if designated {
            let _ = write!(tip, " (statutory roles: {})", n.roles.join(", "));
        }
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{W}\" height=\"{H}\" \
             fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\"/>",
            esc(&tip),
            if designated { "#1d70b8" } else { "#0b0c0c" },
            if designated { 3 } else { 1 }
        );
        let mut line_y = by + 18.0;
        for t in wrap(&n.title, 27, 2) {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{line_y:.1}\" font-family=\"sans-serif\" font-size=\"12\" \
                 font-weight=\"700\" fill=\"#0b0c0c\">{}</text>",
                bx + 8.0,
                esc(&t)
            );
            line_y += 15.0;
        }
        line_y = by + 52.0;
        for t in wrap(&n.holders, 30, 1) {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{line_y:.1}\" font-family=\"sans-serif\" font-size=\"12\" \
                 fill=\"#0b0c0c\">{}</text>",
                bx + 8.0,
                esc(&t)
            );
        }
        if designated {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"11\" \
                 font-weight=\"700\" fill=\"#1d70b8\">{}</text>",
                bx + 8.0,
                by + 70.0,
                esc(&n.roles.join(", "))
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// The reporting lines as nested GOV.UK bullet lists, escaped here.
fn list_of_nodes(
    out: &mut String,
    items: &[usize],
    nodes: &[Node],
    tree: &Tree,
    index: &Index<'_>,
) {
    out.push_str("<ul class=\"govuk-list govuk-list--bullet\">");
    for &i in items {
        let n = &nodes[i];
        let _ = write!(out, "<li>{}: {}", esc(&n.title), esc(&n.holders));
        if !n.roles.is_empty() {
            let _ = write!(out, " (statutory roles: {})", esc(&n.roles.join(", ")));
        }
        let layout_parent = tree.parent[i].map(|p| nodes[p].id.as_str());
        let others: Vec<String> = n
            .lines
            .iter()
            .filter(|l| Some(l.as_str()) != layout_parent)
            .map(|l| index.post_title(l))
            .collect();
        if !others.is_empty() {
            let also = if layout_parent.is_some() { "also " } else { "" };
            let _ = write!(out, "; {also}reports to {}", esc(&others.join(" and ")));
        }
        if !tree.children[i].is_empty() {
            list_of_nodes(out, &tree.children[i], nodes, tree, index);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

// ---------------------------------------------------------------------------------------------
// The forms: what was typed, checking it, and the entry it makes.

/// What a form holds for one field, as typed (or as stored, for an edit).
#[derive(Clone, Debug, Default, PartialEq)]
struct Raw {
    value: String,
    day: String,
    month: String,
    year: String,
    list: Vec<String>,
}

fn raw_from_body(table: &Table, body: &Value) -> Vec<Raw> {
    table
        .fields
        .iter()
        .map(|f| match f.kind {
            Kind::Date => match date_of(body, f.name) {
                Some(d) => Raw {
                    day: d.day().to_string(),
                    month: d.month().to_string(),
                    year: d.year().to_string(),
                    ..Raw::default()
                },
                None => Raw::default(),
            },
            Kind::Many(_) => Raw {
                list: list_of(body, f.name),
                ..Raw::default()
            },
            Kind::Number => Raw {
                value: body.get(f.name).map(show_number).unwrap_or_default(),
                ..Raw::default()
            },
            _ => Raw {
                value: text_of(body, f.name).to_owned(),
                ..Raw::default()
            },
        })
        .collect()
}

/// The first value of `name` in a submitted form.
fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn raw_from_form(table: &Table, pairs: &[(String, String)]) -> Vec<Raw> {
    let get = |name: &str| form_value(pairs, name).replace("\r\n", "\n");
    table
        .fields
        .iter()
        .map(|f| Raw {
            value: get(f.name),
            day: get(&format!("{}-day", f.name)),
            month: get(&format!("{}-month", f.name)),
            year: get(&format!("{}-year", f.name)),
            list: pairs
                .iter()
                .filter(|(k, v)| k == f.name && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
                .fold(Vec::new(), |mut acc, v| {
                    if !acc.contains(&v) {
                        acc.push(v);
                    }
                    acc
                }),
        })
        .collect()
}

/// A new entry's form as first shown.
fn defaults(table: &Table) -> Vec<Raw> {
    table
        .fields
        .iter()
        .map(|f| match (table.name, f.name) {
            ("posts", "kind") => Raw {
                value: "officer".to_owned(),
                ..Raw::default()
            },
            _ => Raw::default(),
        })
        .collect()
}

/// A checked value of one field.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Absent,
    Text(String),
    Number(serde_json::Number),
    List(Vec<String>),
}

/// A label without its "(optional)", for messages.
fn label_base(label: &str) -> &str {
    label.strip_suffix(" (optional)").unwrap_or(label)
}

/// Checks what was typed: required fields, dates, numbers, choices, `to` not before `from`, one
/// member of a body. References are left to the store (it says which are unknown). `new`: the
/// id is typed (and must be free) rather than fixed.
fn check(ctx: &Ctx, table: &Table, raw: &[Raw], new: bool) -> (Vec<Val>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut vals = Vec::new();
    for (f, r) in table.fields.iter().zip(raw) {
        let text = r.value.trim().to_owned();
        let missing = |errors: &mut Vec<FieldError>| {
            if let Some(m) = f.missing {
                errors.push(FieldError::new(f.name, m));
            }
            Val::Absent
        };
        let val = match f.kind {
            Kind::Council | Kind::Org => Val::Text(ctx.id.clone()),
            Kind::Id if !new => Val::Text(text),
            Kind::Id if text.is_empty() => missing(&mut errors),
            Kind::Id => {
                if Id::parse(&text).is_none() {
                    errors.push(FieldError::new(
                        f.name,
                        "Id must use only lower-case letters, digits, hyphens and underscores, and start with a letter or digit",
                    ));
                } else if ctx
                    .versions
                    .iter()
                    .any(|v| v.table == table.name && v.key == text)
                {
                    errors.push(FieldError::new(
                        f.name,
                        format!("There is already {} with the id {text}", table.a()),
                    ));
                }
                Val::Text(text)
            }
            Kind::Text | Kind::LongText | Kind::Ref(_) if text.is_empty() => missing(&mut errors),
            Kind::Text | Kind::LongText | Kind::Ref(_) => Val::Text(text),
            Kind::Number if text.is_empty() => missing(&mut errors),
            Kind::Number => match text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                Some(n) => Val::Number(n),
                None => {
                    errors.push(FieldError::new(
                        f.name,
                        format!("{} must be a number, like 0.6", label_base(f.label)),
                    ));
                    Val::Absent
                }
            },
            Kind::Date => match date_input(label_base(f.label), &r.day, &r.month, &r.year) {
                Ok(Some(d)) => Val::Text(iso(d)),
                Ok(None) => missing(&mut errors),
                Err(m) => {
                    errors.push(FieldError::new(f.name, m));
                    Val::Absent
                }
            },
            Kind::Choice(_) if text.is_empty() => missing(&mut errors),
            Kind::Choice(v) => {
                if !v.values().contains(&text.as_str()) {
                    errors.push(FieldError::new(
                        f.name,
                        format!("{} must be one of the options", label_base(f.label)),
                    ));
                }
                Val::Text(text)
            }
            Kind::Many(_) if r.list.is_empty() => missing(&mut errors),
            Kind::Many(m) => {
                if m == Many::Functions
                    && r.list
                        .iter()
                        .any(|x| !Vocab::Function.values().contains(&x.as_str()))
                {
                    errors.push(FieldError::new(
                        f.name,
                        "Functions must be chosen from the options",
                    ));
                }
                Val::List(r.list.clone())
            }
        };
        vals.push(val);
    }
    let get = |name: &str| {
        table
            .fields
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| match &vals[i] {
                Val::Text(s) => Some(s.as_str()),
                _ => None,
            })
    };
    if let (Some(from), Some(to)) = (get("from"), get("to"))
        && to < from
    {
        errors.push(FieldError::new(
            "to",
            "End date must be the same as or after the start date",
        ));
    }
    if table.name == "memberships" {
        let members = ["post", "person", "org"]
            .iter()
            .filter(|k| get(k).is_some())
            .count();
        if members == 0 {
            errors.push(FieldError::new(
                "post",
                "Select the member: a post, a person or an organisation",
            ));
        } else if members > 1 {
            errors.push(FieldError::new(
                "post",
                "Select only one member: a post, a person or an organisation",
            ));
        }
    }
    (vals, errors)
}

/// The entry's `assure/v1` body: the fields in the writer's order, empty ones left out, then any
/// key of the stored entry this form does not edit (a person's councillor periods), as it was.
fn build(table: &Table, vals: &[Val], existing: Option<&Value>) -> Value {
    let mut m = Map::new();
    for (f, v) in table.fields.iter().zip(vals) {
        let value = match v {
            Val::Absent => continue,
            Val::Text(s) => Value::String(s.clone()),
            Val::Number(n) => Value::Number(n.clone()),
            Val::List(items) => Value::Array(items.iter().cloned().map(Value::String).collect()),
        };
        m.insert(f.name.to_owned(), value);
    }
    if let Some(Value::Object(old)) = existing {
        for (k, v) in old {
            if table.field(k).is_none() {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(m)
}

/// The key the domain writer gives an entry with `body`: its id, or its fact id (before any
/// `#2` for a repeat).
fn fact_key(table: &str, body: &Value) -> String {
    let s = |k: &str| text_of(body, k);
    let from = match s("from") {
        "" => "always",
        f => f,
    };
    match table {
        "appointments" => format!("appointment:{}/{}/{from}", s("post"), s("person")),
        "designations" => format!(
            "designation:{}/{}/{}/{from}",
            s("council"),
            s("role"),
            s("post")
        ),
        "reporting_lines" => format!("reporting_line:{}/{}/{from}", s("post"), s("reports_to")),
        "responsibilities" => format!("responsibility:{}/{from}", s("post")),
        "delivery" => format!(
            "delivery:{}/{}/{}/{from}",
            s("council"),
            s("function"),
            s("provider")
        ),
        "memberships" => {
            let member = ["post", "person", "org"]
                .into_iter()
                .map(s)
                .find(|m| !m.is_empty())
                .unwrap_or_default();
            format!("membership:{}/{member}/{}/{from}", s("body"), s("role"))
        }
        "events" => format!("event:{}/{}/{}", s("council"), s("date"), s("kind")),
        _ => s("id").to_owned(),
    }
}

/// `base`, or `base#2`, `base#3`...: the first key no entry of `table` has now or has had.
async fn free_key<S: Store>(
    store: &S,
    ctx: &Ctx,
    table: &str,
    base: &str,
) -> Result<String, AppError> {
    let mut n = 1;
    loop {
        let key = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}#{n}")
        };
        let live = ctx
            .versions
            .iter()
            .any(|v| v.table == table && v.key == key);
        if !live && store.history(table, &key).await?.is_empty() {
            return Ok(key);
        }
        n += 1;
    }
}

/// The date to show the register at after a write: the date the user came from, moved into the
/// entry's interval when the entry is not in force then (so the change can be seen).
fn return_date(table: &Table, at: Option<Date>, body: &Value) -> Date {
    let at = at.unwrap_or_else(service::today);
    if !table.is_interval() {
        return at;
    }
    match (date_of(body, "from"), date_of(body, "to")) {
        (Some(from), _) if at < from => from,
        (_, Some(to)) if at > to => to,
        _ => at,
    }
}

/// What a refused write means on the form: the store's errors against the fields (errors about
/// other entries, or conflicts, go to the first field). A database failure is ours, not the
/// user's.
fn refused(err: StoreError, table: &Table, key: &str) -> Result<Vec<FieldError>, AppError> {
    if matches!(err, StoreError::Database(_) | StoreError::BadUrl(_)) {
        return Err(err.into());
    }
    Ok(store_errors(&err, table.name, key, ""))
}

// ---------------------------------------------------------------------------------------------
// The form pages.

/// One choice of a select or a checkbox list.
#[derive(Clone, Debug)]
struct Opt {
    /// The checkbox's id (selects' options have none).
    id: String,
    value: String,
    label: String,
    selected: bool,
}

/// One field as the form template shows it.
#[derive(Clone, Debug)]
struct FieldView {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    /// `text`, `id`, `textarea`, `number`, `date`, `select` or `checkboxes`.
    kind: &'static str,
    value: String,
    day: String,
    month: String,
    year: String,
    options: Vec<Opt>,
    error: Option<String>,
    /// The ids of the hint and error, for `aria-describedby` (empty when neither).
    describedby: String,
}

#[derive(Template)]
#[template(path = "register_form.html")]
struct FormPage {
    chrome: Chrome,
    council_name: String,
    heading: String,
    /// The error summary: messages linked to the inputs.
    errors: Vec<FieldError>,
    fields: Vec<FieldView>,
    action: String,
    at: String,
    version: Option<i64>,
    fixed_id: Option<String>,
    submit: String,
    cancel: String,
    delete_href: Option<String>,
    delete_label: String,
}

/// Whether a form is adding an entry or changing one (its key and the version shown).
#[derive(Clone, Copy, Debug)]
enum Mode<'a> {
    New,
    Edit { key: &'a str, version: i64 },
}

/// The fields a form shows.
fn visible(table: &Table, mode: Mode<'_>) -> Vec<&'static Field> {
    table
        .fields
        .iter()
        .filter(|f| match f.kind {
            Kind::Council | Kind::Org => false,
            Kind::Id => matches!(mode, Mode::New),
            _ => true,
        })
        .collect()
}

/// Errors against the form's fields (anything else goes to the first field), and the error
/// summary's links (a date links to its day box).
fn place_errors(
    fields: &[&'static Field],
    errors: Vec<FieldError>,
) -> (Vec<FieldError>, Vec<FieldError>) {
    let first = fields.first().map_or("", |f| f.name);
    let inline: Vec<FieldError> = errors
        .into_iter()
        .map(|mut e| {
            if !fields.iter().any(|f| f.name == e.field) {
                e.field = first.to_owned();
            }
            e
        })
        .collect();
    let summary = inline
        .iter()
        .map(|e| {
            let date = fields
                .iter()
                .any(|f| f.name == e.field && f.kind == Kind::Date);
            let anchor = if date {
                format!("{}-day", e.field)
            } else {
                e.field.clone()
            };
            FieldError::new(&anchor, e.message.clone())
        })
        .collect();
    (inline, summary)
}

fn form_page(
    user: &CurrentUser,
    ctx: &Ctx,
    table: &'static Table,
    mode: Mode<'_>,
    raw: &[Raw],
    errors: Vec<FieldError>,
    at: Option<Date>,
) -> FormPage {
    let fields = visible(table, mode);
    let (inline, summary) = place_errors(&fields, errors);
    let views = fields
        .iter()
        .map(|f| {
            let i = table
                .fields
                .iter()
                .position(|x| x.name == f.name)
                .unwrap_or_default();
            let r = raw.get(i).cloned().unwrap_or_default();
            field_view(ctx, f, r, forms_error(&inline, f.name))
        })
        .collect();
    let cancel = ctx.register_url(at.unwrap_or_else(service::today), table.name);
    let at_text = at.map(iso).unwrap_or_default();
    let with_at = |url: String| {
        if at_text.is_empty() {
            url
        } else {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}at={at_text}")
        }
    };
    let (heading, action, version, fixed_id, submit, delete_href) = match mode {
        Mode::New => (
            format!("Add {}", table.a()),
            ctx.form_url(table.name, "new", None),
            None,
            None,
            format!("Add {}", table.singular),
            None,
        ),
        Mode::Edit { key, version } => (
            format!("Change {}", table.a()),
            ctx.form_url(table.name, "edit", Some(key)),
            Some(version),
            table
                .has_id()
                .then(|| raw.first().map(|r| r.value.clone()).unwrap_or_default()),
            "Save changes".to_owned(),
            Some(with_at(ctx.form_url(table.name, "delete", Some(key)))),
        ),
    };
    FormPage {
        chrome: Chrome::of(user),
        council_name: ctx.name.clone(),
        heading,
        errors: summary,
        fields: views,
        action,
        at: at_text,
        version,
        fixed_id,
        submit,
        cancel,
        delete_href,
        delete_label: format!("Delete this {}", table.singular),
    }
}

fn forms_error(errors: &[FieldError], name: &str) -> Option<String> {
    crate::forms::error_for(errors, name).map(str::to_owned)
}

fn field_view(ctx: &Ctx, f: &'static Field, r: Raw, error: Option<String>) -> FieldView {
    let kind = match f.kind {
        Kind::Id => "id",
        Kind::LongText => "textarea",
        Kind::Number => "number",
        Kind::Date => "date",
        Kind::Choice(_) | Kind::Ref(_) => "select",
        Kind::Many(_) => "checkboxes",
        _ => "text",
    };
    let mut describedby = Vec::new();
    if !f.hint.is_empty() {
        describedby.push(format!("{}-hint", f.name));
    }
    if error.is_some() {
        describedby.push(format!("{}-error", f.name));
    }
    let choices: Vec<(String, String)> = match f.kind {
        Kind::Choice(v) => v
            .values()
            .into_iter()
            .map(|x| (x.to_owned(), v.label(x)))
            .collect(),
        Kind::Ref(r) => ctx.ref_options(r),
        Kind::Many(m) => ctx.many_options(m),
        _ => Vec::new(),
    };
    let mut options = Vec::new();
    if let Kind::Choice(_) | Kind::Ref(_) = f.kind {
        let empty = if f.missing.is_some() {
            "Choose one"
        } else {
            "None"
        };
        options.push(Opt {
            id: String::new(),
            value: String::new(),
            label: empty.to_owned(),
            selected: r.value.trim().is_empty(),
        });
        for (value, label) in &choices {
            options.push(Opt {
                id: String::new(),
                selected: *value == r.value.trim(),
                value: value.clone(),
                label: label.clone(),
            });
        }
        // What was typed or stored stays, even if it is not one of the choices.
        let typed = r.value.trim();
        if !typed.is_empty() && !choices.iter().any(|(v, _)| v == typed) {
            options.push(Opt {
                id: String::new(),
                value: typed.to_owned(),
                label: typed.to_owned(),
                selected: true,
            });
        }
    }
    if let Kind::Many(m) = f.kind {
        let mut all = choices;
        for item in &r.list {
            if !all.iter().any(|(v, _)| v == item) {
                let label = match m {
                    Many::Posts => ctx.post_title(item),
                    Many::About => ctx.about_label(item),
                    Many::Functions => item.clone(),
                };
                all.push((item.clone(), label));
            }
        }
        for (n, (value, label)) in all.into_iter().enumerate() {
            options.push(Opt {
                id: if n == 0 {
                    f.name.to_owned()
                } else {
                    format!("{}-{}", f.name, n + 1)
                },
                selected: r.list.contains(&value),
                value,
                label,
            });
        }
    }
    FieldView {
        name: f.name,
        label: f.label,
        hint: f.hint,
        kind,
        value: r.value,
        day: r.day,
        month: r.month,
        year: r.year,
        options,
        error,
        describedby: describedby.join(" "),
    }
}

fn page<T: Template>(errors: bool, page: &T) -> Response {
    let status = if errors {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, Html(render(page))).into_response()
}

/// After a write: keep its warnings for the register page and go there.
async fn finish(
    session: &Session,
    ctx: &Ctx,
    table: &Table,
    what: &str,
    warnings: Vec<String>,
    at: Date,
) -> Result<Response, AppError> {
    if !warnings.is_empty() {
        session
            .insert(WARNINGS_KEY, warnings)
            .await
            .map_err(internal)?;
    }
    Ok(Redirect::to(&format!(
        "/councils/{}/register?at={}&done={}-{what}#{}",
        ctx.id,
        iso(at),
        table.name,
        table.name
    ))
    .into_response())
}

/// `?key=` (the entry's key) and `?at=` (the register date the user came from).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EntryQuery {
    key: Option<String>,
    at: Option<String>,
}

fn date_param(s: &str) -> Option<Date> {
    parse_date(s.trim())
}

/// The council's current entry `key` of `table`, or 404.
fn owned<'a>(ctx: &'a Ctx, table: &Table, key: Option<&str>) -> Result<&'a Version, AppError> {
    let key = key.ok_or_else(no_entry)?;
    ctx.entries(table.name)
        .into_iter()
        .find(|v| v.key == key)
        .ok_or_else(no_entry)
}

pub(crate) async fn new_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let at = q.at.as_deref().and_then(date_param);
    let raw = defaults(table);
    Ok(page(
        false,
        &form_page(&user, &ctx, table, Mode::New, &raw, Vec::new(), at),
    ))
}

pub(crate) async fn create<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    session: Session,
    Path((id, table)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let at = date_param(form_value(&pairs, "at"));
    let raw = raw_from_form(table, &pairs);
    let (vals, mut errors) = check(&ctx, table, &raw, true);
    if errors.is_empty() {
        let body = build(table, &vals, None);
        let key = if table.has_id() {
            text_of(&body, "id").to_owned()
        } else {
            free_key(&state.store, &ctx, table.name, &fact_key(table.name, &body)).await?
        };
        let change = Change::Put {
            table: table.name.to_owned(),
            key: key.clone(),
            council: ctx.council_of(table.name, &body),
            body: body.clone(),
            base: Some(0),
        };
        match service::apply_as(&state.store, &user, vec![change]).await {
            Ok(applied) => {
                let to = return_date(table, at, &body);
                return finish(&session, &ctx, table, "added", applied.warnings, to).await;
            }
            Err(e) => errors = refused(e, table, &key)?,
        }
    }
    Ok(page(
        true,
        &form_page(&user, &ctx, table, Mode::New, &raw, errors, at),
    ))
}

pub(crate) async fn edit_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let entry = owned(&ctx, table, q.key.as_deref())?;
    let raw = raw_from_body(table, &entry.body);
    let mode = Mode::Edit {
        key: &entry.key,
        version: entry.version,
    };
    let at = q.at.as_deref().and_then(date_param);
    Ok(page(
        false,
        &form_page(&user, &ctx, table, mode, &raw, Vec::new(), at),
    ))
}

/// The version a form was based on, from its hidden field.
fn form_version(pairs: &[(String, String)]) -> Result<i64, AppError> {
    form_value(pairs, "version").trim().parse().map_err(|_| {
        AppError::BadRequest(
            "The form did not say which version it changes. Go back, reload the page and try again."
                .to_owned(),
        )
    })
}

/// Whether `key` of `table` was this council's and has been deleted since.
async fn was_deleted<S: Store>(
    store: &S,
    ctx: &Ctx,
    table: &Table,
    key: &str,
) -> Result<bool, AppError> {
    let history = store.history(table.name, key).await?;
    Ok(history.last().is_some_and(|v| {
        v.recorded_to.is_some() && (table.name == "people" || v.council.as_deref() == Some(&ctx.id))
    }))
}

pub(crate) async fn update<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    session: Session,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let key = q.key.clone().ok_or_else(no_entry)?;
    let version = form_version(&pairs)?;
    let at = date_param(form_value(&pairs, "at"));
    let mut raw = raw_from_form(table, &pairs);
    let mode = Mode::Edit { key: &key, version };
    let existing = match owned(&ctx, table, Some(&key)) {
        Ok(v) => v,
        Err(e) => {
            if !was_deleted(&state.store, &ctx, table, &key).await? {
                return Err(e);
            }
            let gone = StoreError::NotFound {
                table: table.name.to_owned(),
                key: key.clone(),
            };
            let errors = refused(gone, table, &key)?;
            return Ok(page(
                true,
                &form_page(&user, &ctx, table, mode, &raw, errors, at),
            ));
        }
    };
    if let (Some(i), true) = (
        table.fields.iter().position(|f| f.kind == Kind::Id),
        table.has_id(),
    ) {
        raw[i].value = text_of(&existing.body, "id").to_owned();
    }
    let (vals, mut errors) = check(&ctx, table, &raw, false);
    if errors.is_empty() {
        let body = build(table, &vals, Some(&existing.body));
        let change = Change::Put {
            table: table.name.to_owned(),
            key: key.clone(),
            council: ctx.council_of(table.name, &body),
            body: body.clone(),
            base: Some(version),
        };
        match service::apply_as(&state.store, &user, vec![change]).await {
            Ok(applied) => {
                let what = if applied.updated > 0 {
                    "updated"
                } else {
                    "unchanged"
                };
                let to = return_date(table, at, &body);
                return finish(&session, &ctx, table, what, applied.warnings, to).await;
            }
            Err(e) => errors = refused(e, table, &key)?,
        }
    }
    Ok(page(
        true,
        &form_page(&user, &ctx, table, mode, &raw, errors, at),
    ))
}

// ---------------------------------------------------------------------------------------------
// Deleting.

#[derive(Template)]
#[template(path = "register_delete.html")]
struct DeletePage {
    chrome: Chrome,
    council_name: String,
    heading: String,
    errors: Vec<FieldError>,
    /// (label, value) of the entry's fields.
    rows: Vec<(String, String)>,
    action: String,
    at: String,
    version: i64,
    cancel: String,
    button: String,
}

fn delete_page(
    user: &CurrentUser,
    ctx: &Ctx,
    table: &Table,
    entry: &Version,
    errors: Vec<FieldError>,
    at: Option<Date>,
) -> DeletePage {
    let rows = table
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Council | Kind::Org))
        .map(|f| (label_base(f.label).to_owned(), ctx.show(f, &entry.body)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let at_text = at.map(iso).unwrap_or_default();
    let mut cancel = ctx.form_url(table.name, "edit", Some(&entry.key));
    if !at_text.is_empty() {
        cancel = format!("{cancel}&at={at_text}");
    }
    DeletePage {
        chrome: Chrome::of(user),
        council_name: ctx.name.clone(),
        heading: format!("Are you sure you want to delete this {}?", table.singular),
        errors: errors
            .into_iter()
            .map(|e| FieldError::new("confirm", e.message))
            .collect(),
        rows,
        action: ctx.form_url(table.name, "delete", Some(&entry.key)),
        at: at_text,
        version: entry.version,
        cancel,
        button: format!("Yes, delete this {}", table.singular),
    }
}

pub(crate) async fn delete_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let entry = owned(&ctx, table, q.key.as_deref())?;
    let at = q.at.as_deref().and_then(date_param);
    Ok(page(
        false,
        &delete_page(&user, &ctx, table, entry, Vec::new(), at),
    ))
}

pub(crate) async fn delete<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<EntryQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Editor)?;
    let table = table_named(&table)?;
    let ctx = Ctx::load(&state, &id).await?;
    let entry = owned(&ctx, table, q.key.as_deref())?;
    let version = form_version(&pairs)?;
    let at = date_param(form_value(&pairs, "at"));
    let change = Change::Delete {
        table: table.name.to_owned(),
        key: entry.key.clone(),
        base: Some(version),
    };
    match service::apply_as(&state.store, &user, vec![change]).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/councils/{}/register?at={}&done={}-deleted#{}",
            ctx.id,
            iso(at.unwrap_or_else(service::today)),
            table.name,
            table.name
        ))
        .into_response()),
        Err(e) => {
            let errors = refused(e, table, &entry.key)?;
            Ok(page(
                true,
                &delete_page(&user, &ctx, table, entry, errors, at),
            ))
        }
    }
}

/// The label of the entry of `items` whose id is `id`, or the id itself when there is none.
fn label_of<T>(
    items: &[T],
    id: &str,
    id_of: impl Fn(&T) -> &assure_domain::Id,
    label: impl Fn(&T) -> String,
) -> String {
    items
        .iter()
        .find(|x| id_of(x).as_str() == id)
        .map_or_else(|| id.to_owned(), label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::reader::{Source, read};

    const COVENTRY: &str = include_str!("../../../examples/coventry.toml");
    const SANDWELL: &str = include_str!("../../../examples/sandwell.toml");

    #[test]
    fn new_keys_are_the_keys_the_domain_writer_gives() {
        let reg = read(&[
            Source::new("coventry.toml", COVENTRY),
            Source::new("sandwell.toml", SANDWELL),
        ])
        .expect("examples read");
        let mut checked = 0;
        for e in assure_domain::writer::entries(&reg) {
            if e.key.contains('#') || !TABLES.iter().any(|t| t.name == e.table) {
                continue;
            }
            assert_eq!(fact_key(e.table, &e.body), e.key, "{}", e.table);
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn a_form_builds_the_body_the_domain_writer_writes() {
        let reg = read(&[Source::new("coventry.toml", COVENTRY)]).expect("reads");
        for e in assure_domain::writer::entries(&reg) {
            let Ok(table) = table_named(e.table) else {
                continue;
            };
            let raw = raw_from_body(table, &e.body);
            let vals: Vec<Val> = table
                .fields
                .iter()
                .zip(&raw)
                .map(|(f, r)| match f.kind {
                    Kind::Council | Kind::Org => Val::Text(text_of(&e.body, f.name).to_owned()),
                    Kind::Date => match (r.year.parse(), r.month.parse(), r.day.parse()) {
                        (Ok(y), Ok(m), Ok(d)) => {
                            Val::Text(iso(Date::new(y, m, d).expect("a date")))
                        }
                        _ => Val::Absent,
                    },
                    Kind::Many(_) if r.list.is_empty() => Val::Absent,
                    Kind::Many(_) => Val::List(r.list.clone()),
                    Kind::Number if r.value.is_empty() => Val::Absent,
                    Kind::Number => Val::Number(
                        serde_json::Number::from_f64(r.value.parse().expect("a number"))
                            .expect("finite"),
                    ),
                    _ if r.value.is_empty() => Val::Absent,
                    _ => Val::Text(r.value.clone()),
                })
                .collect();
            let body = build(table, &vals, Some(&e.body));
            assert_eq!(
                serde_json::to_string(&body).expect("json"),
                serde_json::to_string(&e.body).expect("json"),
                "{} {}",
                e.table,
                e.key
            );
        }
    }

    #[test]
    fn intervals_read_as_sentences() {
        let d = |s: &str| parse_date(s);
        assert_eq!(
            interval_text(d("2025-04-01"), d("2026-03-31")),
            "1 April 2025 to 31 March 2026"
        );
        assert_eq!(interval_text(d("2025-04-01"), None), "From 1 April 2025");
        assert_eq!(
            interval_text(None, d("2019-09-28")),
            "Until 28 September 2019"
        );
        assert_eq!(interval_text(None, None), "Always");
    }

    #[test]
    fn long_titles_wrap_and_are_cut_with_an_ellipsis() {
        assert_eq!(wrap("Chief Executive", 28, 2), ["Chief Executive"]);
        assert_eq!(
            wrap("Cabinet Member for Children and Young People", 28, 2),
            ["Cabinet Member for Children", "and Young People"]
        );
        let cut = wrap("one two three four five six seven eight nine ten", 10, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('\u{2026}'), "{cut:?}");
    }

    #[test]
    fn a_loop_of_reporting_lines_does_not_loop_the_chart() {
        let node = |id: &str, lines: &[&str]| Node {
            id: id.to_owned(),
            title: id.to_owned(),
            holders: "Vacant".to_owned(),
            roles: Vec::new(),
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        };
        let nodes = [node("a", &["b"]), node("b", &["a"]), node("c", &["a"])];
        let tree = Tree::new(&nodes);
        assert_eq!(tree.parent, [Some(1), None, Some(0)]);
        let (places, slots, levels) = tree.layout(4.0);
        assert_eq!((slots, levels), (1.0, 3));
        assert_eq!(places[1].1, 0);
    }

    #[test]
    fn many_posts_that_report_to_no_one_are_set_in_rows() {
        let nodes: Vec<Node> = (0..6)
            .map(|i| Node {
                id: format!("p{i}"),
                title: format!("Post {i}"),
                holders: "Vacant".to_owned(),
                roles: Vec::new(),
                lines: Vec::new(),
            })
            .collect();
        let (places, slots, levels) = Tree::new(&nodes).layout(4.0);
        assert_eq!((slots, levels), (4.0, 2));
        assert_eq!(places[3], (3.0, 0));
        assert_eq!(places[4], (0.0, 1));
    }

    #[test]
    fn the_banner_names_the_table_and_what_happened() {
        let q = |done: &str| RegisterQuery {
            done: Some(done.to_owned()),
            ..RegisterQuery::default()
        };
        assert_eq!(
            q("designations-added").banner().as_deref(),
            Some("Designation added")
        );
        assert_eq!(
            q("reporting_lines-deleted").banner().as_deref(),
            Some("Reporting line deleted")
        );
        assert_eq!(q("nonsense-added").banner(), None);
        assert_eq!(q("designations-exploded").banner(), None);
    }
}
