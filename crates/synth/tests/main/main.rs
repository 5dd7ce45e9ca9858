//! Generated registers as the rest of Assure sees them: read back by the `assure/v1` reader with
//! the checks `assure validate` makes, and evaluated by the rules engine (one test binary, as
//! STYLE.md asks).

mod findings;
mod validate;

use assure_domain::Register;
use assure_domain::reader::{InputError, Source, Syntax, read_checked};
use assure_rules::{Catalogue, Level};
use assure_synth::{Params, generate, render};

/// Reads `text` as `assure validate` does: the reader, plus the catalogue's check that
/// departures name `should` rules (crates/cli/src/load.rs).
pub(crate) fn validate(name: &str, text: &str) -> Result<Register, Vec<InputError>> {
    let catalogue = Catalogue::v1();
    let check_rule = |id: &str| match catalogue.get(id) {
        None => Some(format!("unknown rule `{id}`")),
        Some(rule) if rule.level != Level::Should => Some(format!("`{id}` is not a should rule")),
        Some(_) => None,
    };
    read_checked(&[Source::new(name, text)], &check_rule)
}

/// Generates and writes a register, then reads it back, failing with the first errors.
pub(crate) fn round_trip(councils: u32, years: u32, seed: u64, syntax: Syntax) -> Register {
    let params = Params::new(councils, years, seed).expect("valid parameters");
    let text = render(&params, &generate(&params), syntax);
    let name = match syntax {
        Syntax::Toml => "generated.toml",
        Syntax::Json => "generated.json",
    };
    match validate(name, &text) {
        Ok(reg) => reg,
        Err(errors) => panic!(
            "{councils} councils, {years} years, seed {seed}: {} errors, first: {:#?}",
            errors.len(),
            &errors[..errors.len().min(5)]
        ),
    }
}
