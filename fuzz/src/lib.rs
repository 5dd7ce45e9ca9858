//! Checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! The register targets (`read_toml`, `read_json`) hand arbitrary text to the `assure/v1` reader
//! and, when it reads, check the writer's promise that what it writes reads back as the same
//! register, then run the rules engine over the result. The `timeline` target checks the rules
//! engine's change-point timeline against evaluating every day. None of this is part of the
//! product: it only drives `assure-domain` and `assure-rules` the way their callers do.

use assure_domain::date::{Date, next_day};
use assure_domain::model::Register;
use assure_domain::reader::{Source, read};
use assure_domain::writer;
use assure_rules::{Engine, Status};

/// The register as one `assure/v1` document, as `assure export` writes it.
pub fn document(reg: &Register) -> serde_json::Value {
    let entries = writer::entries(reg);
    writer::document(entries.iter().map(|e| (e.table, &e.body)))
}

/// Reads `data` as the register file `name` (its extension picks the syntax). Nothing may panic;
/// errors must render. A register that reads must read back the same after being written as
/// TOML and as JSON, and the rules engine must evaluate each of its councils.
pub fn read_write_read(name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reg = match read(&[Source::new(name, text)]) {
        Ok(reg) => reg,
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed read names at least one error");
            for e in &errors {
                let _ = e.to_string();
            }
            return;
        }
    };
    let doc = document(&reg);
    let expected = reg.clone().without_locations();
    for (out, written) in [
        ("out.toml", writer::to_toml(&doc)),
        ("out.json", writer::to_json(&doc)),
    ] {
        let back = read(&[Source::new(out, &written)]).unwrap_or_else(|e| {
            panic!("{out} written from a valid register does not read: {e:#?}\n{written}")
        });
        assert!(
            back.without_locations() == expected,
            "{out} does not read back as the register it was written from:\n{written}"
        );
    }
    check_councils(&reg);
}

/// Every rule for every council of `reg`, on a few days around its facts: no panics, and the
/// status alone agrees with the full finding.
fn check_councils(reg: &Register) {
    let engine = Engine::new(reg);
    let rules = &engine.catalogue().rules;
    for council in engine.councils() {
        let mut days: Vec<Date> = council.change_points(Date::constant(2010, 1, 1), None);
        days.truncate(8);
        if let Some(first) = council.first_day() {
            days.push(first);
        }
        for d in days {
            for rule in rules {
                let finding = council.evaluate(rule, d);
                assert_eq!(
                    finding.status,
                    council.evaluate_status(rule, d),
                    "{} on {d}",
                    rule.id
                );
            }
        }
    }
}

/// Checks, for every council of `reg`, that the timeline over `from..=to` says what evaluating
/// each day says, that its spans of one rule tile the period, and that they are maximal.
pub fn timeline_agrees_with_every_day(reg: &Register, from: Date, to: Date) {
    let engine = Engine::new(reg);
    let rules = &engine.catalogue().rules;
    for council in engine.councils() {
        let id = council.council().id.as_str();
        let spans = council.timeline(from, Some(to));
        for rule in rules {
            let mine: Vec<_> = spans.iter().filter(|s| s.rule == rule.id).collect();
            assert!(!mine.is_empty(), "{id}: no span of {}", rule.id);
            assert_eq!(mine[0].from, from, "{id}: {} starts late", rule.id);
            assert_eq!(
                mine.last().and_then(|s| s.to),
                Some(to),
                "{id}: {} ends early",
                rule.id
            );
            for w in mine.windows(2) {
                let end = w[0].to.expect("only the last span can be open");
                assert_eq!(
                    next_day(end),
                    w[1].from,
                    "{id}: {} spans do not tile",
                    rule.id
                );
                assert_ne!(
                    w[0].status, w[1].status,
                    "{id}: {} not merged at {}",
                    rule.id, w[1].from
                );
            }
            let mut d = from;
            let mut previous: Option<Status> = None;
            while d <= to {
                let status = council.evaluate_status(rule, d);
                let span = mine
                    .iter()
                    .find(|s| s.from <= d && s.to.is_none_or(|t| d <= t))
                    .unwrap_or_else(|| panic!("{id}: no span of {} covers {d}", rule.id));
                assert_eq!(
                    span.status, status,
                    "{id}: {} on {d}: timeline says {:?} ({}..{:?}) but the day says {status:?}",
                    rule.id, span.status, span.from, span.to
                );
                // The full finding only where the status changes: it is the costly path.
                if previous != Some(status) {
                    assert_eq!(
                        council.evaluate(rule, d).status,
                        status,
                        "{id}: {} on {d}",
                        rule.id
                    );
                }
                previous = Some(status);
                d = next_day(d);
            }
        }
    }
}
