//! Reading register files from disk into one register, with every problem reported.

use assure_domain::Register;
use assure_domain::reader::{self, ErrorKind, InputError, Source};
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
    let register = reader::read(&sources)
        .map_err(|errors| BadInput(errors.iter().map(ToString::to_string).collect()))?;
    let errors = check_departures(&register, Catalogue::v1());
    if errors.is_empty() {
        Ok(register)
    } else {
        Err(BadInput(errors.iter().map(ToString::to_string).collect()))
    }
}

/// A departure must name a rule of the catalogue, and a `should` rule: only those can be departed
/// from with a recorded reason (DESIGN.md §5).
fn check_departures(register: &Register, catalogue: &Catalogue) -> Vec<InputError> {
    let mut out = Vec::new();
    for (i, d) in register.departures.iter().enumerate() {
        let message = match catalogue.get(&d.rule) {
            None => format!(
                "unknown rule `{}` (see `assure rules` for the catalogue)",
                d.rule
            ),
            Some(rule) if rule.level != Level::Should => format!(
                "rule `{}` is a `{}` rule; departures may be recorded only from `should` rules",
                d.rule, rule.level
            ),
            Some(_) => continue,
        };
        let index = register.departures[..i]
            .iter()
            .filter(|x| x.loc.file == d.loc.file)
            .count();
        out.push(InputError {
            kind: ErrorKind::UnknownReference,
            file: register.files[d.loc.file].clone(),
            line: d.loc.line,
            column: d.loc.column,
            field: format!("departures[{}].rule", index + 1),
            message,
        });
    }
    out
}
