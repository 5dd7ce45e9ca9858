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
    /// `(byte offset, chars before it)` about every [`MARK_STRIDE`] bytes, so that a column on
    /// a very long line (a register stored as one line of JSON) costs a short count, not a count
    /// from the start of the line.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two [`LineIndex`] marks.
const MARK_STRIDE: usize = 1024;

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut marks = vec![(0, 0)];
        let mut next = MARK_STRIDE;
        for (chars, (i, _)) in text.char_indices().enumerate() {
            if i >= next {
                marks.push((i, chars));
                next = i + MARK_STRIDE;
            }
        }
        Self {
            text,
            starts,
            marks,
        }
    }

    /// The number of chars before byte `offset`, or `None` if it is not on a char boundary.
    fn chars_before(&self, offset: usize) -> Option<usize> {
        let k = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let (at, before) = self.marks[k];
        Some(before + self.text.get(at..offset)?.chars().count())
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let column = match (self.chars_before(start), self.chars_before(offset)) {
            (Some(a), Some(b)) => b - a + 1,
            _ => 1,
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Line and column counted the slow, obvious way.
    fn naive(text: &str, offset: usize) -> Pos {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line,
            column: before[start..].chars().count() + 1,
        }
    }

    #[test]
    fn a_column_far_along_one_long_line_counts_chars_not_bytes() {
        let text = format!("{}\n{}x", "é".repeat(3000), "ß£".repeat(2000));
        let offset = text.len() - 1;
        assert_eq!(
            naive(&text, offset),
            Pos {
                line: 2,
                column: 4001
            }
        );
        assert_eq!(LineIndex::new(&text).pos(offset), naive(&text, offset));
    }

    proptest! {
        #[test]
        fn every_position_agrees_with_counting_from_the_start(
            text in "([a-z]{0,40}|é|€|𝄞|\n){0,400}",
            pick in any::<proptest::sample::Index>(),
        ) {
            let index = LineIndex::new(&text);
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect();
            let offset = *pick.get(&boundaries);
            prop_assert_eq!(index.pos(offset), naive(&text, offset));
        }
    }
}
