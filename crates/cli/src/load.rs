//! Reading register files from disk into one register, with every problem reported.

use assure_domain::Register;
use assure_domain::reader::{self, Source};
use assure_rules::{Catalogue, Level};
use std::path::PathBuf;

/// Why loading failed: each line is one `file:line: field: message`.
#[derive(Debug)]
pub(crate) struct BadInput(pub(crate) Vec<String>);

/// Reads `paths` together. Errors from every file are gathered, not only the first.
pub(crate) fn load(paths: &[PathBuf]) -> Result<Register, BadInput> {
    let mut texts = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => texts.push((path.display().to_string(), text)),
            Err(e) => problems.push(format!("{}: cannot read the file: {e}", path.display())),
        }
    }
    if !problems.is_empty() {
        return Err(BadInput(problems));
    }
    let sources: Vec<Source<'_>> = texts
        .iter()
        .map(|(name, text)| Source::new(name, text.strip_prefix('\u{feff}').unwrap_or(text)))
        .collect();
    let catalogue = Catalogue::v1();
    let check_rule = |id: &str| match catalogue.get(id) {
        None => Some(format!(
            "unknown rule `{id}` (see `assure rules` for the catalogue)"
        )),
        Some(rule) if rule.level != Level::Should => Some(format!(
            "rule `{id}` is a `{}` rule; departures may be recorded only from `should` rules",
            rule.level
        )),
        Some(_) => None,
    };
    reader::read_checked(&sources, &check_rule)
        .map_err(|errors| BadInput(errors.iter().map(ToString::to_string).collect()))
}
