//! The example registers encode the five seed reports. These tests assert what the reports imply:
//! the findings the issue names, and every row of `examples/EXPECTED.md`, a table of expected
//! findings worked out by hand from DESIGN.md §5 independently of the engine.

use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use assure_domain::{Date, Register};
use assure_rules::{Engine, Finding, Status};
use std::path::PathBuf;

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

pub(crate) fn load(names: &[&str]) -> Register {
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let path = examples_dir().join(n);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (n.to_string(), text)
        })
        .collect();
    let sources: Vec<Source<'_>> = texts.iter().map(|(n, t)| Source::new(n, t)).collect();
    match read(&sources) {
        Ok(r) => r,
        Err(errors) => panic!("examples do not read: {errors:#?}"),
    }
}

fn day(s: &str) -> Date {
    parse_date(s).unwrap_or_else(|| panic!("bad date {s}"))
}

fn finding(reg: &Register, council: &str, at: &str, rule: &str) -> Finding {
    let engine = Engine::new(reg);
    let c = engine.council(council).expect("council exists");
    let r = engine.catalogue().get(rule).expect("rule exists");
    c.evaluate(r, day(at))
}

#[test]
fn the_three_example_registers_read_together() {
    let reg = load(&["coventry.toml", "sandwell.toml", "st-helens.toml"]);
    let ids: Vec<&str> = reg.councils().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["coventry", "sandwell", "st-helens"]);
}

#[test]
fn coventry_2017_executive_director_people_holds_dcs_and_dass_and_the_combination_is_assured() {
    let reg = load(&["coventry.toml"]);
    let dcs = finding(&reg, "coventry", "2017-01-24", "dcs_designated");
    assert_eq!(dcs.status, Status::Pass, "{}", dcs.message);
    assert!(
        dcs.message.contains("Executive Director, People"),
        "{}",
        dcs.message
    );
    assert!(dcs.message.contains("Gail Quinton"), "{}", dcs.message);
    let dass = finding(&reg, "coventry", "2017-01-24", "dass_designated");
    assert_eq!(dass.status, Status::Pass);
    assert!(
        dass.message.contains("Executive Director, People"),
        "{}",
        dass.message
    );
    let combo = finding(
        &reg,
        "coventry",
        "2017-01-24",
        "dcs_additional_functions_assured",
    );
    assert_eq!(combo.status, Status::Pass, "{}", combo.message);
    assert!(combo.message.contains("the DASS role"), "{}", combo.message);
    // The January 2017 local test of assurance answers the October 2016 restructure of the
    // DCS/DASS post: it is the review that satisfies the change rule on the day it concluded.
    let change = finding(&reg, "coventry", "2017-01-24", "change_triggers_review");
    assert_eq!(change.status, Status::Pass, "{}", change.message);
    assert!(
        change.facts.contains(&"review:coventry-2017".to_owned()),
        "{:?}",
        change.facts
    );
    let periodic = finding(&reg, "coventry", "2017-01-24", "periodic_review");
    assert!(
        periodic.facts.contains(&"review:coventry-2017".to_owned()),
        "{:?}",
        periodic.facts
    );
}

#[test]
fn coventry_2023_chief_partnerships_officer_is_interim_statutory_dcs() {
    let reg = load(&["coventry.toml"]);
    let dcs = finding(&reg, "coventry", "2023-07-01", "dcs_designated");
    assert_eq!(dcs.status, Status::Pass, "{}", dcs.message);
    assert!(
        dcs.message.contains("Chief Partnerships Officer"),
        "{}",
        dcs.message
    );
    assert!(dcs.message.contains("Kirston Nelson"), "{}", dcs.message);
    assert!(dcs.message.contains("(interim)"), "{}", dcs.message);
    let interim = finding(&reg, "coventry", "2023-07-01", "interim_reviewed");
    assert_eq!(interim.status, Status::Pass, "{}", interim.message);
}

#[test]
fn sandwell_2018_trust_delivers_childrens_social_care_yet_the_dcs_is_an_officer_of_the_council() {
    let reg = load(&["sandwell.toml"]);
    let officer = finding(&reg, "sandwell", "2018-06-01", "dcs_officer_of_council");
    assert_eq!(officer.status, Status::Pass, "{}", officer.message);
    assert!(officer.message.contains("Sandwell"), "{}", officer.message);
    let reported = finding(
        &reg,
        "sandwell",
        "2018-06-01",
        "commissioned_services_reported",
    );
    assert_eq!(reported.status, Status::Due, "{}", reported.message);
    assert!(
        reported.message.contains("Sandwell Children's Trust"),
        "{}",
        reported.message
    );
}

#[test]
fn st_helens_2016_live_test_of_assurance_with_the_chief_executives_opinion_satisfies_the_review_rules()
 {
    let reg = load(&["st-helens.toml"]);
    for rule in [
        "dcs_additional_functions_assured",
        "change_triggers_review",
        "periodic_review",
    ] {
        let f = finding(&reg, "st-helens", "2016-08-01", rule);
        assert_eq!(f.status, Status::Pass, "{rule}: {}", f.message);
        assert!(
            f.facts.iter().any(|x| x.starts_with("review:")),
            "{rule} names the review: {:?}",
            f.facts
        );
    }
}

/// One row of `examples/EXPECTED.md`.
#[derive(Debug)]
struct Row {
    file: String,
    line: usize,
    date: String,
    rule: String,
    status: String,
}

fn expected_rows() -> Vec<Row> {
    let text = std::fs::read_to_string(examples_dir().join("EXPECTED.md")).expect("EXPECTED.md");
    let mut file = None;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("## ")
            && let Some(name) = rest
                .split_whitespace()
                .next()
                .filter(|n| n.ends_with(".toml"))
        {
            file = Some(name.trim_matches('`').to_owned());
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() >= 5 && parse_date(cells[1]).is_some() {
            rows.push(Row {
                file: file.clone().expect("a row before any file heading"),
                line: i + 1,
                date: cells[1].to_owned(),
                rule: cells[2].trim_matches('`').to_owned(),
                status: cells[3].to_owned(),
            });
        }
    }
    rows
}

#[test]
fn every_finding_in_expected_md_is_what_the_engine_reports() {
    let rows = expected_rows();
    assert!(rows.len() > 100, "EXPECTED.md has {} rows", rows.len());
    let mut wrong = Vec::new();
    for file in ["coventry.toml", "sandwell.toml", "st-helens.toml"] {
        let reg = load(&[file]);
        let engine = Engine::new(&reg);
        let council = engine.councils().next().expect("one council per example");
        for row in rows.iter().filter(|r| r.file == file) {
            let rule = engine
                .catalogue()
                .get(&row.rule)
                .unwrap_or_else(|| panic!("EXPECTED.md:{}: unknown rule {}", row.line, row.rule));
            let f = council.evaluate(rule, day(&row.date));
            if f.status.as_str() != row.status {
                wrong.push(format!(
                    "EXPECTED.md:{}: {} {} {}: expected {}, engine says {}: {}",
                    row.line, file, row.date, row.rule, row.status, f.status, f.message
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows disagree:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
