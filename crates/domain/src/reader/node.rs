//! A small spanned value tree shared by the TOML and JSON front ends.
//!
//! Both syntaxes are first turned into [`Node`]s that remember the line and column of every key
//! and value, so the decoder can name the exact place of each error whatever the input syntax.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// One value with the place it starts.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) pos: Pos,
}

/// A key of a table with the place it is written.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_pos: Pos,
    pub(crate) node: Node,
}

#[derive(Clone, Debug)]
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date literal, as written (`2019-02-12`).
    Date(String),
    /// A TOML date-time or time literal: never valid in `assure/v1`.
    DateTime(String),
    /// JSON `null`: treated as an absent key.
    Null,
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

impl Value {
    /// What the value is, for "expected X, found Y" messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Str(s) => format!("the string \"{s}\""),
            Self::Int(i) => format!("the number {i}"),
            Self::Float(f) => format!("the number {f}"),
            Self::Bool(b) => format!("`{b}`"),
            Self::Date(d) => format!("the date {d}"),
            Self::DateTime(d) => format!("the date-time {d}"),
            Self::Null => "null".to_owned(),
            Self::Array(_) => "a list".to_owned(),
            Self::Table(_) => "a table".to_owned(),
        }
    }
}

/// Maps byte offsets to lines and columns.
#[derive(Debug)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Pos { line, column }
    }
}

/// Parses TOML into nodes. On a syntax error returns its message and place.
pub(crate) fn parse_toml(text: &str) -> Result<Node, (String, Pos)> {
    let index = LineIndex::new(text);
    match DeTable::parse(text) {
        Ok(root) => {
            let pos = index.pos(root.span().start);
            Ok(Node {
                value: table(&index, root.into_inner()),
                pos,
            })
        }
        Err(err) => {
            let pos = err.span().map_or_else(Pos::default, |s| index.pos(s.start));
            let message = err.message().trim().to_owned();
            Err((format!("not valid TOML: {message}"), pos))
        }
    }
}

fn table(index: &LineIndex<'_>, t: DeTable<'_>) -> Value {
    let mut entries: Vec<Entry> = t
        .into_iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_pos: index.pos(k.span().start),
            node: node(index, v),
        })
        .collect();
    // The parser's map is ordered by key; keep file order so errors come out top to bottom.
    entries.sort_by_key(|e| e.key_pos);
    Value::Table(entries)
}

fn node(index: &LineIndex<'_>, v: Spanned<DeValue<'_>>) -> Node {
    let pos = index.pos(v.span().start);
    let value = match v.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| Value::Float(f64::NAN), Value::Int),
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Value::Date(d.to_string()),
            _ => Value::DateTime(dt.to_string()),
        },
        DeValue::Array(a) => Value::Array(a.into_iter().map(|v| node(index, v)).collect()),
        DeValue::Table(t) => table(index, t),
    };
    Node { value, pos }
}
