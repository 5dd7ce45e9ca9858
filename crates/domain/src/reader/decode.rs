//! Decoding spanned trees into the register, and resolving several files together.

use super::json::parse_json;
use super::node::{Entry, Node, Pos, Value, parse_toml};
use super::{ErrorKind, InputError, Source, Syntax};
use crate::date::{Date, parse_date};
use crate::id::Id;
use crate::interval::Interval;
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// The format string every file must declare.
pub(crate) const FORMAT: &str = "assure/v1";

/// Reads the files together into one register, or returns every error found in them.
pub fn read(sources: &[Source<'_>]) -> Result<Register, Vec<InputError>> {
    read_checked(sources, &|_| None)
}

/// Like [`read`], and also checks each departure's `rule` with `check_rule`, which returns why a
/// rule id is not acceptable (the domain does not know the rule catalogue; its callers do).
pub fn read_checked(
    sources: &[Source<'_>],
    check_rule: &dyn Fn(&str) -> Option<String>,
) -> Result<Register, Vec<InputError>> {
    let mut r = Reader {
        check_rule,
        reg: Register {
            files: sources.iter().map(|s| s.name.to_owned()).collect(),
            ..Register::default()
        },
        errors: Vec::new(),
        refs: Vec::new(),
        fills: Vec::new(),
        ids: HashMap::new(),
    };
    for (file, source) in sources.iter().enumerate() {
        r.file(file, source);
    }
    r.resolve();
    if r.errors.is_empty() {
        Ok(r.reg)
    } else {
        r.errors.sort_by(|a, b| {
            let fa = sources.iter().position(|s| s.name == a.file);
            let fb = sources.iter().position(|s| s.name == b.file);
            (fa, a.line, a.column).cmp(&(fb, b.line, b.column))
        });
        r.errors.dedup();
        Err(r.errors)
    }
}

/// Tables whose entries have ids (unique within the table, across all files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Table {
    Organisations,
    People,
    Posts,
    Bodies,
    Documents,
    Reviews,
}

/// What a reference must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Org,
    Council,
    Person,
    Post,
    Body,
    Document,
    Review,
    /// A document's `about`: a role, a body id or an organisation id.
    About,
}

#[derive(Debug)]
struct PendingRef {
    target: Target,
    id: String,
    file: usize,
    pos: Pos,
    field: String,
}

/// Which entry's council/org was left out, to fill once all files are read.
#[derive(Debug)]
enum Slot {
    PostOrg(usize),
    Designation(usize),
    Delivery(usize),
    Body(usize),
    Document(usize),
    Event(usize),
    Review(usize),
    Departure(usize),
}

#[derive(Debug)]
struct Fill {
    slot: Slot,
    file: usize,
    pos: Pos,
    field: String,
}

struct Reader<'c> {
    check_rule: &'c dyn Fn(&str) -> Option<String>,
    reg: Register,
    errors: Vec<InputError>,
    refs: Vec<PendingRef>,
    fills: Vec<Fill>,
    ids: HashMap<(Table, String), Loc>,
}

/// A table being decoded: its entries, which have been used, and its path for messages.
struct Obj<'n> {
    entries: &'n [Entry],
    used: Vec<bool>,
    path: String,
    pos: Pos,
    allowed: &'static [&'static str],
}

impl<'n> Obj<'n> {
    fn get(&mut self, key: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.used[i] = true;
        let node = &self.entries[i].node;
        (!matches!(node.value, Value::Null)).then_some(node)
    }

    /// Whether `key` is given with a value (JSON `null` counts as absent).
    fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.key == key && !matches!(e.node.value, Value::Null))
    }

    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl Reader<'_> {
    fn error(&mut self, kind: ErrorKind, file: usize, pos: Pos, field: &str, message: String) {
        self.errors.push(InputError {
            kind,
            file: self.reg.files[file].clone(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            field: field.to_owned(),
            message,
        });
    }

    fn file(&mut self, file: usize, source: &Source<'_>) {
        let parsed = match source.syntax {
            Syntax::Toml => parse_toml(source.text),
            Syntax::Json => parse_json(source.text),
        };
        let root = match parsed {
            Ok(root) => root,
            Err((message, pos)) => {
                self.error(ErrorKind::Syntax, file, pos, "syntax", message);
                return;
            }
        };
        let Value::Table(entries) = &root.value else {
            let found = root.value.describe();
            self.error(
                ErrorKind::BadValue,
                file,
                root.pos,
                "document",
                format!("expected a table of register tables, found {found}"),
            );
            return;
        };
        match entries.iter().find(|e| e.key == "format") {
            None => {
                self.error(
                    ErrorKind::MissingField,
                    file,
                    Pos { line: 1, column: 1 },
                    "format",
                    format!("missing required field `format` (expected \"{FORMAT}\")"),
                );
                return;
            }
            Some(e) => match &e.node.value {
                Value::Str(s) if s == FORMAT => {}
                other => {
                    let found = other.describe();
                    self.error(
                        ErrorKind::WrongFormat,
                        file,
                        e.node.pos,
                        "format",
                        format!("expected \"{FORMAT}\", found {found}"),
                    );
                    return;
                }
            },
        }
        for entry in entries {
            let decode: fn(&mut Self, usize, &mut Obj<'_>) = match entry.key.as_str() {
                "format" => continue,
                "organisations" => Self::organisation,
                "people" => Self::person,
                "posts" => Self::post,
                "appointments" => Self::appointment,
                "designations" => Self::designation,
                "reporting_lines" => Self::reporting_line,
                "responsibilities" => Self::responsibility,
                "delivery" => Self::delivery,
                "bodies" => Self::body,
                "memberships" => Self::membership,
                "documents" => Self::document,
                "events" => Self::event,
                "reviews" => Self::review,
                "departures" => Self::departure,
                other => {
                    self.error(
                        ErrorKind::UnknownKey,
                        file,
                        entry.key_pos,
                        other,
                        format!(
                            "unknown key `{other}` (expected one of: format, {})",
                            TABLES.join(", ")
                        ),
                    );
                    continue;
                }
            };
            let allowed = allowed_keys(&entry.key);
            for (i, item) in self
                .tables(file, &entry.key, &entry.node)
                .into_iter()
                .enumerate()
            {
                let Value::Table(fields) = &item.value else {
                    continue;
                };
                let mut obj = Obj {
                    entries: fields,
                    used: vec![false; fields.len()],
                    path: format!("{}[{}]", entry.key, i + 1),
                    pos: item.pos,
                    allowed,
                };
                decode(self, file, &mut obj);
                self.finish(file, &obj);
            }
        }
    }

    /// The items of an array of tables, reporting anything that is not a table.
    fn tables<'n>(&mut self, file: usize, field: &str, node: &'n Node) -> Vec<&'n Node> {
        let Value::Array(items) = &node.value else {
            let found = node.value.describe();
            self.error(
                ErrorKind::BadValue,
                file,
                node.pos,
                field,
                format!("expected a list of tables ([[{field}]]), found {found}"),
            );
            return Vec::new();
        };
        for (i, item) in items.iter().enumerate() {
            if !matches!(item.value, Value::Table(_)) {
                let found = item.value.describe();
                self.error(
                    ErrorKind::BadValue,
                    file,
                    item.pos,
                    &format!("{field}[{}]", i + 1),
                    format!("expected a table, found {found}"),
                );
            }
        }
        items.iter().collect()
    }

    /// Reports the keys of `obj` that were never asked for.
    fn finish(&mut self, file: usize, obj: &Obj<'_>) {
        for (entry, used) in obj.entries.iter().zip(&obj.used) {
            if !used {
                let message = format!(
                    "unknown key `{}` (expected one of: {})",
                    entry.key,
                    obj.allowed.join(", ")
                );
                self.error(
                    ErrorKind::UnknownKey,
                    file,
                    entry.key_pos,
                    &obj.field(&entry.key),
                    message,
                );
            }
        }
    }

    fn missing(&mut self, file: usize, obj: &Obj<'_>, key: &str) {
        self.error(
            ErrorKind::MissingField,
            file,
            obj.pos,
            &obj.field(key),
            format!("missing required field `{key}`"),
        );
    }

    fn bad(&mut self, file: usize, obj: &Obj<'_>, key: &str, node: &Node, expected: &str) {
        let found = node.value.describe();
        self.error(
            ErrorKind::BadValue,
            file,
            node.pos,
            &obj.field(key),
            format!("expected {expected}, found {found}"),
        );
    }

    // ----- scalar fields -----

    fn string(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        key: &str,
        required: bool,
    ) -> Option<String> {
        match obj.get(key) {
            None => {
                if required {
                    self.missing(file, obj, key);
                }
                None
            }
            Some(node) => match &node.value {
                Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
                Value::Str(_) => {
                    self.bad(file, obj, key, node, "some text");
                    None
                }
                _ => {
                    self.bad(file, obj, key, node, "a string");
                    None
                }
            },
        }
    }

    fn id_value(&mut self, file: usize, obj: &Obj<'_>, key: &str, node: &Node) -> Option<Id> {
        match &node.value {
            Value::Str(s) => {
                let id = Id::parse(s);
                if id.is_none() {
                    self.bad(file, obj, key, node, "an id ([a-z0-9][a-z0-9_-]*)");
                }
                id
            }
            _ => {
                self.bad(file, obj, key, node, "an id ([a-z0-9][a-z0-9_-]*)");
                None
            }
        }
    }

    fn id(&mut self, file: usize, obj: &mut Obj<'_>, key: &str) -> Option<Id> {
        match obj.get(key) {
            None => {
                self.missing(file, obj, key);
                None
            }
            Some(node) => self.id_value(file, obj, key, node),
        }
    }

    /// A reference to another entry, checked once all files are read.
    fn reference(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        key: &str,
        target: Target,
        required: bool,
    ) -> Option<Id> {
        let Some(node) = obj.get(key) else {
            if required {
                self.missing(file, obj, key);
            }
            return None;
        };
        let id = self.id_value(file, obj, key, node)?;
        self.refs.push(PendingRef {
            target,
            id: id.to_string(),
            file,
            pos: node.pos,
            field: obj.field(key),
        });
        Some(id)
    }

    /// A list of references (`evidence`, `posts`).
    fn references(&mut self, file: usize, obj: &mut Obj<'_>, key: &str, target: Target) -> Vec<Id> {
        let mut out = Vec::new();
        for (i, node) in self.list(file, obj, key, false).into_iter().enumerate() {
            let field = format!("{}[{}]", obj.field(key), i + 1);
            if let Some(id) = self.id_value(file, obj, key, node) {
                self.refs.push(PendingRef {
                    target,
                    id: id.to_string(),
                    file,
                    pos: node.pos,
                    field,
                });
                out.push(id);
            }
        }
        out
    }

    /// The council (or a post's `org`) of an entry: a reference when given, otherwise a slot to
    /// fill once it is known whether the files define exactly one council.
    fn council(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        key: &str,
        target: Target,
        slot: Slot,
    ) -> Id {
        if obj.has(key) {
            if let Some(id) = self.reference(file, obj, key, target, false) {
                return id;
            }
            // A bad value was reported; keep decoding the rest of the entry.
            return Id::placeholder();
        }
        // Mark a JSON `null` as seen: it means the same as leaving the key out.
        let _ = obj.get(key);
        self.fills.push(Fill {
            slot,
            file,
            pos: obj.pos,
            field: obj.field(key),
        });
        Id::placeholder()
    }

    fn list<'n>(
        &mut self,
        file: usize,
        obj: &mut Obj<'n>,
        key: &str,
        required: bool,
    ) -> Vec<&'n Node> {
        match obj.get(key) {
            None => {
                if required {
                    self.missing(file, obj, key);
                }
                Vec::new()
            }
            Some(node) => match &node.value {
                Value::Array(items) => items.iter().collect(),
                _ => {
                    self.bad(file, obj, key, node, "a list");
                    Vec::new()
                }
            },
        }
    }

    fn date(&mut self, file: usize, obj: &mut Obj<'_>, key: &str, required: bool) -> Option<Date> {
        let Some(node) = obj.get(key) else {
            if required {
                self.missing(file, obj, key);
            }
            return None;
        };
        let text = match &node.value {
            Value::Date(s) | Value::Str(s) => s,
            _ => {
                self.bad(file, obj, key, node, "a date YYYY-MM-DD");
                return None;
            }
        };
        let date = parse_date(text);
        if date.is_none() {
            self.error(
                ErrorKind::MalformedDate,
                file,
                node.pos,
                &obj.field(key),
                format!("malformed date \"{text}\" (expected a real day as YYYY-MM-DD)"),
            );
        }
        date
    }

    /// `from` and `to`; `to` before `from` is reported on `to`. `None` only if something was wrong.
    fn interval(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        from_required: bool,
    ) -> Option<Interval> {
        let from_given = obj.has("from");
        let to_given = obj.has("to");
        let from = self.date(file, obj, "from", from_required);
        let to = self.date(file, obj, "to", false);
        if (from_given || from_required) && from.is_none() || to_given && to.is_none() {
            return None;
        }
        match Interval::new(from, to) {
            Ok(i) => Some(i),
            Err(e) => {
                let pos = obj
                    .entries
                    .iter()
                    .find(|x| x.key == "to")
                    .map_or(obj.pos, |x| x.node.pos);
                self.error(
                    ErrorKind::ToBeforeFrom,
                    file,
                    pos,
                    &obj.field("to"),
                    format!(
                        "`to` ({}) is before `from` ({}); `to` is the last day, inclusive",
                        e.to, e.from
                    ),
                );
                None
            }
        }
    }

    fn vocab<V: Vocabulary>(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        key: &str,
        required: bool,
    ) -> Option<V> {
        let Some(node) = obj.get(key) else {
            if required {
                self.missing(file, obj, key);
            }
            return None;
        };
        self.vocab_value(file, obj, key, node)
    }

    fn vocab_value<V: Vocabulary>(
        &mut self,
        file: usize,
        obj: &Obj<'_>,
        key: &str,
        node: &Node,
    ) -> Option<V> {
        let parsed = match &node.value {
            Value::Str(s) => V::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            self.bad(file, obj, key, node, &format!("one of {}", V::expected()));
        }
        parsed
    }

    fn vocab_list<V: Vocabulary>(
        &mut self,
        file: usize,
        obj: &mut Obj<'_>,
        key: &str,
        required: bool,
    ) -> Option<Vec<V>> {
        let given = obj.has(key);
        let nodes = self.list(file, obj, key, required);
        if required && !given {
            return None;
        }
        let mut ok = true;
        let mut out = Vec::new();
        for node in nodes {
            match self.vocab_value::<V>(file, obj, key, node) {
                Some(v) if !out.contains(&v) => out.push(v),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn string_list(&mut self, file: usize, obj: &mut Obj<'_>, key: &str) -> Vec<(String, Pos)> {
        let mut out = Vec::new();
        for node in self.list(file, obj, key, false) {
            match &node.value {
                Value::Str(s) => out.push((s.clone(), node.pos)),
                _ => self.bad(file, obj, key, node, "a string"),
            }
        }
        out
    }

    fn number(&mut self, file: usize, obj: &mut Obj<'_>, key: &str) -> Option<f64> {
        let node = obj.get(key)?;
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            _ => {
                self.bad(file, obj, key, node, "a number");
                None
            }
        }
    }

    fn loc(file: usize, obj: &Obj<'_>) -> Loc {
        Loc {
            file,
            line: obj.pos.line,
            column: obj.pos.column,
        }
    }

    /// Records an id for its table; a second use is an error at the later place.
    fn claim(&mut self, table: Table, id: &Id, file: usize, obj: &Obj<'_>) -> bool {
        let loc = Self::loc(file, obj);
        if let Some(first) = self.ids.get(&(table, id.to_string())) {
            let first = self.reg.place(*first);
            let pos = obj
                .entries
                .iter()
                .find(|e| e.key == "id")
                .map_or(obj.pos, |e| e.node.pos);
            self.error(
                ErrorKind::DuplicateId,
                file,
                pos,
                &obj.field("id"),
                format!("duplicate id `{id}` (already used at {first})"),
            );
            return false;
        }
        self.ids.insert((table, id.to_string()), loc);
        true
    }

    // ----- tables -----

    fn organisation(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let name = self.string(file, o, "name", true);
        let kind = self.vocab::<OrgKind>(file, o, "kind", true);
        let gss = self.string(file, o, "gss", false);
        let governance = self.vocab::<Governance>(file, o, "governance", false);
        let valid = self.interval(file, o, false);
        let (Some(id), Some(name), Some(kind), Some(valid)) = (id, name, kind, valid) else {
            return;
        };
        if self.claim(Table::Organisations, &id, file, o) {
            let loc = Self::loc(file, o);
            self.reg.organisations.push(Organisation {
                id,
                name,
                kind,
                gss,
                governance,
                valid,
                loc,
            });
        }
    }

    fn person(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let name = self.string(file, o, "name", true);
        let mut councillor = Vec::new();
        if let Some(node) = o.get("councillor") {
            let field = o.field("councillor");
            for (i, item) in self.tables(file, &field, node).into_iter().enumerate() {
                let Value::Table(fields) = &item.value else {
                    continue;
                };
                let mut c = Obj {
                    entries: fields,
                    used: vec![false; fields.len()],
                    path: format!("{field}[{}]", i + 1),
                    pos: item.pos,
                    allowed: COUNCILLOR_KEYS,
                };
                let council = self.reference(file, &mut c, "council", Target::Council, true);
                let valid = self.interval(file, &mut c, false);
                self.finish(file, &c);
                if let (Some(council), Some(valid)) = (council, valid) {
                    councillor.push(CouncillorPeriod { council, valid });
                }
            }
        }
        let (Some(id), Some(name)) = (id, name) else {
            return;
        };
        if self.claim(Table::People, &id, file, o) {
            let loc = Self::loc(file, o);
            self.reg.people.push(Person {
                id,
                name,
                councillor,
                loc,
            });
        }
    }

    fn post(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let org = self.council(
            file,
            o,
            "org",
            Target::Org,
            Slot::PostOrg(self.reg.posts.len()),
        );
        let title = self.string(file, o, "title", true);
        let kind = self.vocab::<PostKind>(file, o, "kind", false);
        let valid = self.interval(file, o, false);
        let reports_to = self.reference(file, o, "reports_to", Target::Post, false);
        let (Some(id), Some(title), Some(valid)) = (id, title, valid) else {
            self.drop_fill(Slot::PostOrg(self.reg.posts.len()));
            return;
        };
        if self.claim(Table::Posts, &id, file, o) {
            let loc = Self::loc(file, o);
            let kind = kind.unwrap_or(PostKind::Officer);
            self.reg.posts.push(Post {
                id,
                org,
                title,
                kind,
                valid,
                reports_to,
                loc,
            });
        } else {
            self.drop_fill(Slot::PostOrg(self.reg.posts.len()));
        }
    }

    fn appointment(&mut self, file: usize, o: &mut Obj<'_>) {
        let person = self.reference(file, o, "person", Target::Person, true);
        let post = self.reference(file, o, "post", Target::Post, true);
        let valid = self.interval(file, o, true);
        let basis = self.vocab::<AppointmentBasis>(file, o, "basis", false);
        let fte = self.number(file, o, "fte");
        let fte_ok = fte.is_none_or(|f| f > 0.0 && f <= 1.0);
        if !fte_ok && let Some(node) = o.get("fte") {
            self.bad(
                file,
                o,
                "fte",
                node,
                "a number above 0 and at most 1 (0.6 = three days a week)",
            );
        }
        let employer = self.reference(file, o, "employer", Target::Org, false);
        let (Some(person), Some(post), Some(valid), true) = (person, post, valid, fte_ok) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.appointments.push(Appointment {
            person,
            post,
            valid,
            basis,
            fte,
            employer,
            loc,
        });
    }

    fn designation(&mut self, file: usize, o: &mut Obj<'_>) {
        let slot = Slot::Designation(self.reg.designations.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let role = self.vocab::<Role>(file, o, "role", true);
        let post = self.reference(file, o, "post", Target::Post, true);
        let valid = self.interval(file, o, true);
        let basis = self.vocab::<DesignationBasis>(file, o, "basis", false);
        let decision = self.string(file, o, "decision", false);
        let (Some(role), Some(post), Some(valid)) = (role, post, valid) else {
            self.drop_fill(Slot::Designation(self.reg.designations.len()));
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.designations.push(Designation {
            council,
            role,
            post,
            valid,
            basis,
            decision,
            loc,
        });
    }

    fn reporting_line(&mut self, file: usize, o: &mut Obj<'_>) {
        let post = self.reference(file, o, "post", Target::Post, true);
        let reports_to = self.reference(file, o, "reports_to", Target::Post, true);
        let valid = self.interval(file, o, true);
        let (Some(post), Some(reports_to), Some(valid)) = (post, reports_to, valid) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.reporting_lines.push(ReportingLine {
            post,
            reports_to,
            valid,
            loc,
        });
    }

    fn responsibility(&mut self, file: usize, o: &mut Obj<'_>) {
        let post = self.reference(file, o, "post", Target::Post, true);
        let functions = self.vocab_list::<Function>(file, o, "functions", true);
        let valid = self.interval(file, o, true);
        let (Some(post), Some(functions), Some(valid)) = (post, functions, valid) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.responsibilities.push(Responsibility {
            post,
            functions,
            valid,
            loc,
        });
    }

    fn delivery(&mut self, file: usize, o: &mut Obj<'_>) {
        let slot = Slot::Delivery(self.reg.delivery.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let function = self.vocab::<Function>(file, o, "function", true);
        let provider = self.reference(file, o, "provider", Target::Org, true);
        let valid = self.interval(file, o, true);
        let basis = self.vocab::<DeliveryBasis>(file, o, "basis", false);
        let citation = self.string(file, o, "citation", false);
        let (Some(function), Some(provider), Some(valid)) = (function, provider, valid) else {
            self.drop_fill(Slot::Delivery(self.reg.delivery.len()));
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.delivery.push(Delivery {
            council,
            function,
            provider,
            valid,
            basis,
            citation,
            loc,
        });
    }

    fn body(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let slot = Slot::Body(self.reg.bodies.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let kind = self.vocab::<BodyKind>(file, o, "kind", true);
        let name = self.string(file, o, "name", false);
        let valid = self.interval(file, o, false);
        let ok = matches!((&id, kind, valid), (Some(_), Some(_), Some(_)));
        let Some(id) = id.filter(|id| ok && self.claim(Table::Bodies, id, file, o)) else {
            self.drop_fill(Slot::Body(self.reg.bodies.len()));
            return;
        };
        let (Some(kind), Some(valid)) = (kind, valid) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.bodies.push(Body {
            id,
            council,
            kind,
            name,
            valid,
            loc,
        });
    }

    fn membership(&mut self, file: usize, o: &mut Obj<'_>) {
        let body = self.reference(file, o, "body", Target::Body, true);
        let given: Vec<&str> = ["post", "person", "org"]
            .into_iter()
            .filter(|k| o.has(k))
            .collect();
        let post = self.reference(file, o, "post", Target::Post, false);
        let person = self.reference(file, o, "person", Target::Person, false);
        let org = self.reference(file, o, "org", Target::Org, false);
        let role = self.vocab::<MembershipRole>(file, o, "role", true);
        let valid = self.interval(file, o, true);
        if given.len() != 1 {
            let message = if given.is_empty() {
                "missing the member: give one of `post`, `person` or `org`".to_owned()
            } else {
                format!(
                    "give only one of `post`, `person` or `org` (found {})",
                    given.join(" and ")
                )
            };
            let field = o.field(given.get(1).copied().unwrap_or("post"));
            self.error(ErrorKind::MissingField, file, o.pos, &field, message);
            return;
        }
        let member = match (post, person, org) {
            (Some(p), _, _) => Member::Post(p),
            (_, Some(p), _) => Member::Person(p),
            (_, _, Some(p)) => Member::Org(p),
            _ => return,
        };
        let (Some(body), Some(role), Some(valid)) = (body, role, valid) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.memberships.push(Membership {
            body,
            member,
            role,
            valid,
            loc,
        });
    }

    fn document(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let slot = Slot::Document(self.reg.documents.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let kind = self.vocab::<DocumentKind>(file, o, "kind", true);
        let date = self.date(file, o, "date", true);
        let title = self.string(file, o, "title", true);
        let about = self.string_list(file, o, "about");
        let field = o.field("about");
        for (i, (what, pos)) in about.iter().enumerate() {
            self.refs.push(PendingRef {
                target: Target::About,
                id: what.clone(),
                file,
                pos: *pos,
                field: format!("{field}[{}]", i + 1),
            });
        }
        let url = self.string(file, o, "url", false);
        let ok = kind.is_some() && date.is_some() && title.is_some();
        let Some(id) = id.filter(|id| ok && self.claim(Table::Documents, id, file, o)) else {
            self.drop_fill(Slot::Document(self.reg.documents.len()));
            return;
        };
        let (Some(kind), Some(date), Some(title)) = (kind, date, title) else {
            return;
        };
        let loc = Self::loc(file, o);
        let about = about.into_iter().map(|(a, _)| a).collect();
        self.reg.documents.push(Document {
            id,
            council,
            kind,
            date,
            title,
            about,
            url,
            loc,
        });
    }

    fn event(&mut self, file: usize, o: &mut Obj<'_>) {
        let slot = Slot::Event(self.reg.events.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let date = self.date(file, o, "date", true);
        let kind = self.vocab::<EventKind>(file, o, "kind", true);
        let posts = self.references(file, o, "posts", Target::Post);
        let summary = self.string(file, o, "summary", false);
        let (Some(date), Some(kind)) = (date, kind) else {
            self.drop_fill(Slot::Event(self.reg.events.len()));
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.events.push(Event {
            council,
            date,
            kind,
            posts,
            summary,
            loc,
        });
    }

    fn review(&mut self, file: usize, o: &mut Obj<'_>) {
        let id = self.id(file, o, "id");
        let slot = Slot::Review(self.reg.reviews.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let kind = self.vocab::<ReviewKind>(file, o, "kind", true);
        let roles = self.vocab_list::<Role>(file, o, "roles", true);
        let started = self.date(file, o, "started", true);
        let concluded = self.date(file, o, "concluded", false);
        if let (Some(s), Some(c)) = (started, concluded)
            && c < s
        {
            let pos = o
                .entries
                .iter()
                .find(|e| e.key == "concluded")
                .map_or(o.pos, |e| e.node.pos);
            let field = o.field("concluded");
            self.error(
                ErrorKind::ToBeforeFrom,
                file,
                pos,
                &field,
                format!("`concluded` ({c}) is before `started` ({s})"),
            );
        }
        let outcome = self.vocab::<Outcome>(file, o, "outcome", false);
        let opinion_by = self.reference(file, o, "opinion_by", Target::Post, false);
        let reported_to = self.vocab::<ReportedTo>(file, o, "reported_to", false);
        let evidence = self.references(file, o, "evidence", Target::Document);
        let opinion = self.string(file, o, "opinion", false);
        let working_well = self.string(file, o, "working_well", false);
        let worried_about = self.string(file, o, "worried_about", false);
        let needs_to_happen = self.string(file, o, "needs_to_happen", false);
        let mut actions = Vec::new();
        let mut approvals = Vec::new();
        if let Some(node) = o.get("actions") {
            let field = o.field("actions");
            for (i, item) in self.tables(file, &field, node).into_iter().enumerate() {
                let Value::Table(fields) = &item.value else {
                    continue;
                };
                let mut a = Obj {
                    entries: fields,
                    used: vec![false; fields.len()],
                    path: format!("{field}[{}]", i + 1),
                    pos: item.pos,
                    allowed: ACTION_KEYS,
                };
                let title = self.string(file, &mut a, "title", true);
                let owner = self.reference(file, &mut a, "owner", Target::Post, true);
                let due = self.date(file, &mut a, "due", true);
                let done = self.date(file, &mut a, "done", false);
                self.finish(file, &a);
                if let (Some(title), Some(owner), Some(due)) = (title, owner, due) {
                    actions.push(Action {
                        title,
                        owner,
                        due,
                        done,
                        loc: Self::loc(file, &a),
                    });
                }
            }
        }
        if let Some(node) = o.get("approvals") {
            let field = o.field("approvals");
            for (i, item) in self.tables(file, &field, node).into_iter().enumerate() {
                let Value::Table(fields) = &item.value else {
                    continue;
                };
                let mut a = Obj {
                    entries: fields,
                    used: vec![false; fields.len()],
                    path: format!("{field}[{}]", i + 1),
                    pos: item.pos,
                    allowed: APPROVAL_KEYS,
                };
                let name = self.string(file, &mut a, "name", true);
                let title = self.string(file, &mut a, "title", false);
                let kind = self.vocab::<ApprovalKind>(file, &mut a, "kind", true);
                let area = self.string(file, &mut a, "area", false);
                let sent = self.date(file, &mut a, "sent", true);
                let received = self.date(file, &mut a, "received", false);
                self.finish(file, &a);
                if let (Some(name), Some(kind), Some(sent)) = (name, kind, sent) {
                    let loc = Self::loc(file, &a);
                    approvals.push(Approval {
                        name,
                        title,
                        kind,
                        area,
                        sent,
                        received,
                        loc,
                    });
                }
            }
        }
        let ok = kind.is_some() && roles.is_some() && started.is_some();
        let Some(id) = id.filter(|id| ok && self.claim(Table::Reviews, id, file, o)) else {
            self.drop_fill(Slot::Review(self.reg.reviews.len()));
            return;
        };
        let (Some(kind), Some(roles), Some(started)) = (kind, roles, started) else {
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.reviews.push(Review {
            id,
            council,
            kind,
            roles,
            started,
            concluded,
            outcome,
            opinion_by,
            reported_to,
            evidence,
            opinion,
            working_well,
            worried_about,
            needs_to_happen,
            actions,
            approvals,
            loc,
        });
    }

    fn departure(&mut self, file: usize, o: &mut Obj<'_>) {
        let slot = Slot::Departure(self.reg.departures.len());
        let council = self.council(file, o, "council", Target::Council, slot);
        let rule = self.string(file, o, "rule", true);
        if let Some(rule) = &rule
            && let Some(message) = (self.check_rule)(rule)
        {
            let pos = o
                .entries
                .iter()
                .find(|e| e.key == "rule")
                .map_or(o.pos, |e| e.node.pos);
            let field = o.field("rule");
            self.error(ErrorKind::UnknownReference, file, pos, &field, message);
        }
        let valid = self.interval(file, o, true);
        let reason = self.string(file, o, "reason", true);
        let decided_by = self.string(file, o, "decided_by", false);
        let review = self.reference(file, o, "review", Target::Review, false);
        let (Some(rule), Some(valid), Some(reason)) = (rule, valid, reason) else {
            self.drop_fill(Slot::Departure(self.reg.departures.len()));
            return;
        };
        let loc = Self::loc(file, o);
        self.reg.departures.push(Departure {
            council,
            rule,
            valid,
            reason,
            decided_by,
            review,
            loc,
        });
    }

    /// Forgets the fill recorded for an entry that was not added.
    fn drop_fill(&mut self, slot: Slot) {
        let same = |a: &Slot| {
            std::mem::discriminant(a) == std::mem::discriminant(&slot)
                && slot_index(a) == slot_index(&slot)
        };
        self.fills.retain(|f| !same(&f.slot));
    }

    // ----- resolution across files -----

    fn resolve(&mut self) {
        let councils: Vec<Id> = self.reg.councils().map(|c| c.id.clone()).collect();
        let fills = std::mem::take(&mut self.fills);
        for fill in fills {
            if let [only] = councils.as_slice() {
                *self.slot(&fill.slot) = only.clone();
            } else {
                let key = fill
                    .field
                    .rsplit('.')
                    .next()
                    .unwrap_or("council")
                    .to_owned();
                let why = if councils.is_empty() {
                    "the files define no council".to_owned()
                } else {
                    format!(
                        "the files define {} councils: {}",
                        councils.len(),
                        join_ids(&councils)
                    )
                };
                self.error(
                    ErrorKind::MissingField,
                    fill.file,
                    fill.pos,
                    &fill.field,
                    format!("missing required field `{key}` ({why})"),
                );
            }
        }
        let orgs: HashMap<&str, OrgKind> = self
            .reg
            .organisations
            .iter()
            .map(|o| (o.id.as_str(), o.kind))
            .collect();
        let people: HashSet<&str> = self.reg.people.iter().map(|p| p.id.as_str()).collect();
        let posts: HashSet<&str> = self.reg.posts.iter().map(|p| p.id.as_str()).collect();
        let bodies: HashSet<&str> = self.reg.bodies.iter().map(|b| b.id.as_str()).collect();
        let documents: HashSet<&str> = self.reg.documents.iter().map(|d| d.id.as_str()).collect();
        let reviews: HashSet<&str> = self.reg.reviews.iter().map(|r| r.id.as_str()).collect();
        let mut problems = Vec::new();
        for r in &self.refs {
            let id = r.id.as_str();
            let problem = match r.target {
                Target::Org => {
                    (!orgs.contains_key(id)).then(|| format!("unknown organisation `{id}`"))
                }
                Target::Council => match orgs.get(id) {
                    None => Some(format!("unknown council `{id}`")),
                    Some(k) if !k.is_council() => Some(format!(
                        "`{id}` is a {k} organisation, not a council (expected one of: {})",
                        join_ids(&councils)
                    )),
                    Some(_) => None,
                },
                Target::Person => (!people.contains(id)).then(|| format!("unknown person `{id}`")),
                Target::Post => (!posts.contains(id)).then(|| format!("unknown post `{id}`")),
                Target::Body => (!bodies.contains(id)).then(|| format!("unknown body `{id}`")),
                Target::Document => {
                    (!documents.contains(id)).then(|| format!("unknown document `{id}`"))
                }
                Target::Review => (!reviews.contains(id)).then(|| format!("unknown review `{id}`")),
                Target::About => (Role::parse(id).is_none()
                    && !bodies.contains(id)
                    && !orgs.contains_key(id))
                .then(|| {
                    format!(
                        "unknown `{id}`: expected a role ({}), a body id or an organisation id",
                        Role::expected()
                    )
                }),
            };
            if let Some(message) = problem {
                problems.push((r.file, r.pos, r.field.clone(), message));
            }
        }
        for (file, pos, field, message) in problems {
            self.error(ErrorKind::UnknownReference, file, pos, &field, message);
        }
    }

    fn slot(&mut self, slot: &Slot) -> &mut Id {
        let r = &mut self.reg;
        match *slot {
            Slot::PostOrg(i) => &mut r.posts[i].org,
            Slot::Designation(i) => &mut r.designations[i].council,
            Slot::Delivery(i) => &mut r.delivery[i].council,
            Slot::Body(i) => &mut r.bodies[i].council,
            Slot::Document(i) => &mut r.documents[i].council,
            Slot::Event(i) => &mut r.events[i].council,
            Slot::Review(i) => &mut r.reviews[i].council,
            Slot::Departure(i) => &mut r.departures[i].council,
        }
    }
}

fn slot_index(slot: &Slot) -> usize {
    match *slot {
        Slot::PostOrg(i)
        | Slot::Designation(i)
        | Slot::Delivery(i)
        | Slot::Body(i)
        | Slot::Document(i)
        | Slot::Event(i)
        | Slot::Review(i)
        | Slot::Departure(i) => i,
    }
}

fn join_ids(ids: &[Id]) -> String {
    ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

const TABLES: &[&str] = &[
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

const COUNCILLOR_KEYS: &[&str] = &["council", "from", "to"];
const ACTION_KEYS: &[&str] = &["title", "owner", "due", "done"];
const APPROVAL_KEYS: &[&str] = &["name", "title", "kind", "area", "sent", "received"];

/// The keys each table allows, for "unknown key" messages.
fn allowed_keys(table: &str) -> &'static [&'static str] {
    match table {
        "organisations" => &["id", "name", "kind", "gss", "governance", "from", "to"],
        "people" => &["id", "name", "councillor"],
        "posts" => &["id", "org", "title", "kind", "from", "to", "reports_to"],
        "appointments" => &["person", "post", "from", "to", "basis", "fte", "employer"],
        "designations" => &["council", "role", "post", "from", "to", "basis", "decision"],
        "reporting_lines" => &["post", "reports_to", "from", "to"],
        "responsibilities" => &["post", "functions", "from", "to"],
        "delivery" => &[
            "council", "function", "provider", "from", "to", "basis", "citation",
        ],
        "bodies" => &["id", "council", "kind", "name", "from", "to"],
        "memberships" => &["body", "post", "person", "org", "role", "from", "to"],
        "documents" => &["id", "council", "kind", "date", "title", "about", "url"],
        "events" => &["council", "date", "kind", "posts", "summary"],
        "reviews" => &[
            "id",
            "council",
            "kind",
            "roles",
            "started",
            "concluded",
            "outcome",
            "opinion_by",
            "reported_to",
            "evidence",
            "opinion",
            "working_well",
            "worried_about",
            "needs_to_happen",
            "actions",
            "approvals",
        ],
        "departures" => &[
            "council",
            "rule",
            "from",
            "to",
            "reason",
            "decided_by",
            "review",
        ],
        _ => &[],
    }
}
