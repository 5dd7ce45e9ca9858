//! The `assure/v1` register reader (DESIGN.md §4), for TOML and for JSON of the same structure.
//!
//! Reading is in two passes. Each file is parsed into a spanned tree and decoded table by table,
//! collecting every error rather than stopping at the first. Then the files are resolved together:
//! ids must be unique across all of them, references must name something that exists in any of
//! them, and a missing `council` (or `org` on posts) is filled in only when the files together
//! define exactly one council. Every error names the file, line, column, field and what was
//! expected; errors come back sorted by file and line.

mod decode;
mod json;
mod node;

pub use decode::{read, read_checked};

use std::fmt;

/// Which syntax a source is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// JSON for names ending `.json`, TOML otherwise.
    pub fn from_name(name: &str) -> Self {
        if name.to_ascii_lowercase().ends_with(".json") {
            Self::Json
        } else {
            Self::Toml
        }
    }
}

/// One register file's text and the name to use for it in messages.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub syntax: Syntax,
}

impl<'a> Source<'a> {
    /// A source whose syntax follows from its name.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            syntax: Syntax::from_name(name),
        }
    }
}

/// What kind of problem an input error is, for callers that branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is not valid TOML or JSON.
    Syntax,
    /// `format` is not `assure/v1`.
    WrongFormat,
    /// A key the format does not define.
    UnknownKey,
    /// A required key is absent.
    MissingField,
    /// A value of the wrong type or outside its vocabulary.
    BadValue,
    /// A date that is not a real `YYYY-MM-DD` day.
    MalformedDate,
    /// An interval whose `to` is before its `from`.
    ToBeforeFrom,
    /// An id already used in the same table.
    DuplicateId,
    /// A reference to an id that no file defines.
    UnknownReference,
}

/// A problem with the input, placed in a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub kind: ErrorKind,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The field, as a path: `designations[2].to` (entries counted from 1 within the file).
    pub field: String,
    pub message: String,
}

impl fmt::Display for InputError {
    /// `file:line: field: message (column N)` — the DESIGN.md §6 shape, column last so scripts that
    /// split on `file:line:` keep working.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {} (column {})",
            self.file, self.line, self.field, self.message, self.column
        )
    }
}
