//! Writing a register back out in the `assure/v1` format.
//!
//! The reader turns text into a [`Register`]; this module goes the other way. [`entries`] gives
//! each entry of the register as its `assure/v1` JSON object with a stable key (its id, or for
//! tables without ids the fact id of [`Fact`]) and the council it belongs to: the storage layer
//! keeps one row version per entry. [`document`] assembles entries into a whole file, which
//! [`to_toml`] and [`to_json`] print. Reading what was written gives the same register back.

use crate::date::{Date, parse_date};
use crate::model::*;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The tables of `assure/v1`, in the order DESIGN.md §4 lists them and files are written.
pub const TABLES: [&str; 14] = [
    "organisations",
    "people",
    "posts",
    "appointments",
    "designations",
    "reporting_lines",
    "responsibilities",
    "delivery",
    "bodies",
    "memberships",
    "documents",
    "events",
    "reviews",
    "departures",
];

/// One entry of a register, ready to store or print.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its table (one of [`TABLES`]).
    pub table: &'static str,
    /// Unique within the table: the entry's id, or its fact id (with `#2`, `#3`... for repeats).
    pub key: String,
    /// The council it belongs to; `None` for people and organisations that are not councils.
    pub council: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// The entry as an `assure/v1` JSON object (dates as `"YYYY-MM-DD"`).
    pub body: Value,
    /// The file it was read from (index into [`Register::files`]).
    pub file: usize,
}

struct Obj(Map<String, Value>);

impl Obj {
    fn new() -> Self {
        Self(Map::new())
    }
    fn s(mut self, k: &str, v: impl ToString) -> Self {
        self.0.insert(k.to_owned(), Value::String(v.to_string()));
        self
    }
    fn os<T: ToString>(self, k: &str, v: Option<T>) -> Self {
        match v {
            Some(v) => self.s(k, v),
            None => self,
        }
    }
    fn list<T: ToString>(mut self, k: &str, items: &[T]) -> Self {
        if !items.is_empty() {
            let list = items.iter().map(|i| Value::String(i.to_string())).collect();
            self.0.insert(k.to_owned(), Value::Array(list));
        }
        self
    }
    fn valid(self, valid: &crate::Interval) -> Self {
        self.os("from", valid.from()).os("to", valid.to())
    }
    fn v(mut self, k: &str, v: Value) -> Self {
        self.0.insert(k.to_owned(), v);
        self
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// Every entry of `reg`, table by table in file order.
pub fn entries(reg: &Register) -> Vec<Entry> {
    let org_of_post: HashMap<&str, &str> = reg
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.org.as_str()))
        .collect();
    let council_of_body: HashMap<&str, &str> = reg
        .bodies
        .iter()
        .map(|b| (b.id.as_str(), b.council.as_str()))
        .collect();
    let post_org = |post: &crate::Id| org_of_post.get(post.as_str()).map(|o| (*o).to_owned());
    let mut out = Vec::new();
    let mut push = |table: &'static str,
                    key: String,
                    council: Option<String>,
                    valid: Option<&crate::Interval>,
                    loc: Loc,
                    body: Value| {
        out.push(Entry {
            table,
            key,
            council,
            valid_from: valid.and_then(|v| v.from()),
            valid_to: valid.and_then(|v| v.to()),
            body,
            file: loc.file,
        });
    };
    for o in &reg.organisations {
        let body = Obj::new()
            .s("id", &o.id)
            .s("name", &o.name)
            .s("kind", o.kind)
            .os("gss", o.gss.as_ref())
            .os("governance", o.governance)
            .valid(&o.valid)
            .done();
        let council = o.kind.is_council().then(|| o.id.to_string());
        push(
            "organisations",
            o.id.to_string(),
            council,
            Some(&o.valid),
            o.loc,
            body,
        );
    }
    for p in &reg.people {
        let mut obj = Obj::new().s("id", &p.id).s("name", &p.name);
        if !p.councillor.is_empty() {
            let periods = p
                .councillor
                .iter()
                .map(|c| Obj::new().s("council", &c.council).valid(&c.valid).done())
                .collect();
            obj = obj.v("councillor", Value::Array(periods));
        }
        push("people", p.id.to_string(), None, None, p.loc, obj.done());
    }
    for p in &reg.posts {
        let body = Obj::new()
            .s("id", &p.id)
            .s("org", &p.org)
            .s("title", &p.title)
            .s("kind", p.kind)
            .valid(&p.valid)
            .os("reports_to", p.reports_to.as_ref())
            .done();
        push(
            "posts",
            p.id.to_string(),
            Some(p.org.to_string()),
            Some(&p.valid),
            p.loc,
            body,
        );
    }
    for a in &reg.appointments {
        let mut obj = Obj::new()
            .s("person", &a.person)
            .s("post", &a.post)
            .valid(&a.valid)
            .os("basis", a.basis);
        if let Some(fte) = a.fte
            && let Some(n) = serde_json::Number::from_f64(fte)
        {
            obj = obj.v("fte", Value::Number(n));
        }
        let body = obj.os("employer", a.employer.as_ref()).done();
        push(
            "appointments",
            a.fact_id(),
            post_org(&a.post),
            Some(&a.valid),
            a.loc,
            body,
        );
    }
    for d in &reg.designations {
        let body = Obj::new()
            .s("council", &d.council)
            .s("role", d.role)
            .s("post", &d.post)
            .valid(&d.valid)
            .os("basis", d.basis)
            .os("decision", d.decision.as_ref())
            .done();
        push(
            "designations",
            d.fact_id(),
            Some(d.council.to_string()),
            Some(&d.valid),
            d.loc,
            body,
        );
    }
    for l in &reg.reporting_lines {
        let body = Obj::new()
            .s("post", &l.post)
            .s("reports_to", &l.reports_to)
            .valid(&l.valid)
            .done();
        push(
            "reporting_lines",
            l.fact_id(),
            post_org(&l.post),
            Some(&l.valid),
            l.loc,
            body,
        );
    }
    for r in &reg.responsibilities {
        let body = Obj::new()
            .s("post", &r.post)
            .list("functions", &r.functions)
            .valid(&r.valid)
            .done();
        // An empty list of functions is still written: `functions` is required.
        let body = match body {
            Value::Object(mut m) => {
                m.entry("functions")
                    .or_insert_with(|| Value::Array(Vec::new()));
                Value::Object(m)
            }
            other => other,
        };
        push(
            "responsibilities",
            r.fact_id(),
            post_org(&r.post),
            Some(&r.valid),
            r.loc,
            body,
        );
    }
    for d in &reg.delivery {
        let body = Obj::new()
            .s("council", &d.council)
            .s("function", d.function)
            .s("provider", &d.provider)
            .valid(&d.valid)
            .os("basis", d.basis)
            .os("citation", d.citation.as_ref())
            .done();
        push(
            "delivery",
            d.fact_id(),
            Some(d.council.to_string()),
            Some(&d.valid),
            d.loc,
            body,
        );
    }
    for b in &reg.bodies {
        let body = Obj::new()
            .s("id", &b.id)
            .s("council", &b.council)
            .s("kind", b.kind)
            .os("name", b.name.as_ref())
            .valid(&b.valid)
            .done();
        push(
            "bodies",
            b.id.to_string(),
            Some(b.council.to_string()),
            Some(&b.valid),
            b.loc,
            body,
        );
    }
    for m in &reg.memberships {
        let (key, id) = match &m.member {
            Member::Post(id) => ("post", id),
            Member::Person(id) => ("person", id),
            Member::Org(id) => ("org", id),
        };
        let body = Obj::new()
            .s("body", &m.body)
            .s(key, id)
            .s("role", m.role)
            .valid(&m.valid)
            .done();
        let council = council_of_body
            .get(m.body.as_str())
            .map(|c| (*c).to_owned());
        push(
            "memberships",
            m.fact_id(),
            council,
            Some(&m.valid),
            m.loc,
            body,
        );
    }
    for d in &reg.documents {
        let body = Obj::new()
            .s("id", &d.id)
            .s("council", &d.council)
            .s("kind", d.kind)
            .s("date", d.date)
            .s("title", &d.title)
            .list("about", &d.about)
            .os("url", d.url.as_ref())
            .done();
        push(
            "documents",
            d.id.to_string(),
            Some(d.council.to_string()),
            None,
            d.loc,
            body,
        );
    }
    for e in &reg.events {
        let body = Obj::new()
            .s("council", &e.council)
            .s("date", e.date)
            .s("kind", e.kind)
            .list("posts", &e.posts)
            .os("summary", e.summary.as_ref())
            .done();
        push(
            "events",
            e.fact_id(),
            Some(e.council.to_string()),
            None,
            e.loc,
            body,
        );
    }
    for r in &reg.reviews {
        let mut obj = Obj::new()
            .s("id", &r.id)
            .s("council", &r.council)
            .s("kind", r.kind)
            .list("roles", &r.roles)
            .s("started", r.started)
            .os("concluded", r.concluded)
            .os("outcome", r.outcome)
            .os("opinion_by", r.opinion_by.as_ref())
            .os("reported_to", r.reported_to)
            .list("evidence", &r.evidence)
            .os("opinion", r.opinion.as_ref())
            .os("working_well", r.working_well.as_ref())
            .os("worried_about", r.worried_about.as_ref())
            .os("needs_to_happen", r.needs_to_happen.as_ref());
        if !r.actions.is_empty() {
            let actions = r
                .actions
                .iter()
                .map(|a| {
                    Obj::new()
                        .s("title", &a.title)
                        .s("owner", &a.owner)
                        .s("due", a.due)
                        .os("done", a.done)
                        .done()
                })
                .collect();
            obj = obj.v("actions", Value::Array(actions));
        }
        if !r.approvals.is_empty() {
            let approvals = r
                .approvals
                .iter()
                .map(|a| {
                    Obj::new()
                        .s("name", &a.name)
                        .os("title", a.title.as_ref())
                        .s("kind", a.kind)
                        .os("area", a.area.as_ref())
                        .s("sent", a.sent)
                        .os("received", a.received)
                        .done()
                })
                .collect();
            obj = obj.v("approvals", Value::Array(approvals));
        }
        push(
            "reviews",
            r.id.to_string(),
            Some(r.council.to_string()),
            None,
            r.loc,
            obj.done(),
        );
    }
    for d in &reg.departures {
        let body = Obj::new()
            .s("council", &d.council)
            .s("rule", &d.rule)
            .valid(&d.valid)
            .s("reason", &d.reason)
            .os("decided_by", d.decided_by.as_ref())
            .os("review", d.review.as_ref())
            .done();
        push(
            "departures",
            d.fact_id(),
            Some(d.council.to_string()),
            Some(&d.valid),
            d.loc,
            body,
        );
    }
    // Tables without ids are keyed by fact id; the same fact twice gets `#2`, `#3`...
    let mut seen: HashMap<(&'static str, String), usize> = HashMap::new();
    for e in &mut out {
        let n = seen.entry((e.table, e.key.clone())).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.key = format!("{}#{n}", e.key);
        }
    }
    out
}

/// A whole `assure/v1` document from entry bodies (`(table, body)`), tables in [`TABLES`] order
/// and entries in the order given.
pub fn document<'a>(bodies: impl IntoIterator<Item = (&'a str, &'a Value)>) -> Value {
    let mut tables: HashMap<&str, Vec<Value>> = HashMap::new();
    for (table, body) in bodies {
        tables.entry(table).or_default().push(body.clone());
    }
    let mut doc = Map::new();
    doc.insert("format".into(), Value::String("assure/v1".into()));
    for t in TABLES {
        if let Some(items) = tables.remove(t) {
            doc.insert(t.into(), Value::Array(items));
        }
    }
    Value::Object(doc)
}

/// The document as pretty JSON.
pub fn to_json(doc: &Value) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Keys whose string values are dates, written as TOML dates.
const DATE_KEYS: [&str; 9] = [
    "from",
    "to",
    "date",
    "started",
    "concluded",
    "due",
    "done",
    "sent",
    "received",
];

fn toml_value(key: &str, v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) if DATE_KEYS.contains(&key) && parse_date(s).is_some() => {
            match s.parse::<toml::value::Datetime>() {
                Ok(d) => toml::Value::Datetime(d),
                Err(_) => toml::Value::String(s.clone()),
            }
        }
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => {
            toml::Value::Array(items.iter().filter_map(|i| toml_value(key, i)).collect())
        }
        Value::Object(m) => toml::Value::Table(
            m.iter()
                .filter_map(|(k, v)| toml_value(k, v).map(|v| (k.clone(), v)))
                .collect(),
        ),
    })
}

/// The document as TOML, dates as TOML dates.
pub fn to_toml(doc: &Value) -> String {
    let table = match toml_value("", doc) {
        Some(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    };
    toml::to_string_pretty(&table).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Source, read};

    const COVENTRY: &str = include_str!("../../../examples/coventry.toml");
    const SANDWELL: &str = include_str!("../../../examples/sandwell.toml");
    const ST_HELENS: &str = include_str!("../../../examples/st-helens.toml");

    fn original() -> Register {
        read(&[
            Source::new("coventry.toml", COVENTRY),
            Source::new("sandwell.toml", SANDWELL),
            Source::new("st-helens.toml", ST_HELENS),
        ])
        .expect("examples read")
    }

    fn document_of(reg: &Register) -> Value {
        let entries = entries(reg);
        document(entries.iter().map(|e| (e.table, &e.body)))
    }

    #[test]
    fn a_register_written_as_toml_reads_back_the_same() {
        let reg = original();
        let text = to_toml(&document_of(&reg));
        let back =
            read(&[Source::new("out.toml", &text)]).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
        assert_eq!(back.without_locations(), reg.without_locations());
    }

    #[test]
    fn a_register_written_as_json_reads_back_the_same() {
        let reg = original();
        let text = to_json(&document_of(&reg));
        let back = read(&[Source::new("out.json", &text)]).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(back.without_locations(), reg.without_locations());
    }

    #[test]
    fn entry_keys_are_unique_within_each_table() {
        let reg = original();
        let entries = entries(&reg);
        let mut seen = std::collections::HashSet::new();
        for e in &entries {
            assert!(
                seen.insert((e.table, e.key.clone())),
                "{} {}",
                e.table,
                e.key
            );
        }
        let d = entries
            .iter()
            .find(|e| e.table == "designations")
            .expect("a designation");
        assert!(d.key.starts_with("designation:coventry/"), "{}", d.key);
        assert_eq!(d.council.as_deref(), Some("coventry"));
    }
}
