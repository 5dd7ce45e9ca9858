//! A generated national register looks like the real one to the rules engine: most arrangements
//! sound, a minority of gaps and late reviews.

use crate::round_trip;
use assure_domain::Date;
use assure_domain::reader::Syntax;
use assure_rules::{Engine, Level, Status};
use std::collections::{BTreeMap, BTreeSet};

fn day(y: i16, m: i8, d: i8) -> Date {
    jiff::civil::date(y, m, d)
}

#[test]
fn a_national_register_gives_a_realistic_mix_of_findings_on_one_day() {
    let reg = round_trip(40, 20, 8, Syntax::Toml);
    let engine = Engine::new(&reg);
    let mut by_status: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut must_checked, mut must_failed) = (0, 0);
    for council in engine.councils() {
        for f in council.check(day(2024, 1, 1)) {
            *by_status.entry(f.status.as_str()).or_default() += 1;
            if f.level == Level::Must && f.status != Status::NotApplicable {
                must_checked += 1;
                must_failed += usize::from(f.status == Status::Fail);
            }
        }
    }
    let count = |s: Status| by_status.get(s.as_str()).copied().unwrap_or(0);
    assert!(count(Status::Fail) > 0, "{by_status:?}");
    assert!(
        count(Status::Pass) > 5 * count(Status::Fail),
        "{by_status:?}"
    );
    assert!(
        must_failed * 20 < must_checked,
        "{must_failed} of {must_checked} must checks fail"
    );
}

#[test]
fn over_the_period_every_rule_that_applies_passes_somewhere_and_the_assurance_rules_fail_somewhere()
{
    let reg = round_trip(30, 20, 4, Syntax::Toml);
    let engine = Engine::new(&reg);
    let mut statuses: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for year in (2007..=2025).step_by(2) {
        for council in engine.councils() {
            for f in council.check(day(year, 3, 1)) {
                statuses
                    .entry(f.rule)
                    .or_default()
                    .insert(f.status.as_str());
            }
        }
    }
    let never_pass: Vec<&String> = statuses
        .iter()
        .filter(|(_, s)| s.iter().any(|x| *x != Status::NotApplicable.as_str()))
        .filter(|(_, s)| !s.contains(Status::Pass.as_str()))
        .map(|(r, _)| r)
        .collect();
    assert!(never_pass.is_empty(), "never pass: {never_pass:?}");
    // What the distributions are meant to produce in any sizeable register: late and missing
    // reviews, long interims, reporting lines below a deputy, late yearly reports, open actions.
    // These are checked every quarter, as some failures last only months.
    for id in [
        "change_triggers_review",
        "periodic_review",
        "interim_reviewed",
        "review_actions_on_time",
        "dcs_additional_functions_assured",
        "dcs_reports_to_chief_executive",
        "dph_reports_to_chief_executive",
        "safeguarding_yearly_report",
    ] {
        let rule = engine.catalogue().get(id).expect("a rule of the catalogue");
        let fails = (2007..=2025).any(|year| {
            [1, 4, 7, 10].iter().any(|month| {
                engine
                    .councils()
                    .any(|c| c.evaluate(rule, day(year, *month, 1)).status == Status::Fail)
            })
        });
        assert!(fails, "{id} never fails: {:?}", statuses.get(id));
    }
    let accepted = statuses
        .values()
        .any(|s| s.contains(Status::Accepted.as_str()));
    assert!(accepted, "no recorded departure is ever in force");
}
