//! "The worst wins" (DESIGN.md §5.1): when a rule checks several designations, holders, roles or
//! bodies, each gives a status and the rule reports the worst, in the order
//! fail > unknown > due > accepted > pass > not_applicable.

use super::support::*;
use assure_rules::Status;

#[test]
fn statuses_rank_fail_unknown_due_accepted_pass_not_applicable() {
    assert_eq!(
        Status::WORST_FIRST,
        [Fail, Unknown, Due, Accepted, Pass, NotApplicable]
    );
    for pair in Status::WORST_FIRST.windows(2) {
        assert!(
            pair[0].severity() > pair[1].severity(),
            "{} should be worse than {}",
            pair[0],
            pair[1]
        );
    }
}

/// A second DCS designation, on the DASS post, from 2020-12-01.
const SECOND_DCS: &str = r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-adult-services"
from = 2020-12-01
"#;

#[test]
fn fail_beats_unknown_across_two_designations() {
    // The DCS post reports to the DASS (fail); the DASS post, also designated DCS, has no line
    // (unknown).
    let fixture = Fixture::base()
        .without("dass-line")
        .replace(
            "dcs-line",
            r#"
[[reporting_lines]]
post = "director-childrens-services"
reports_to = "director-adult-services"
from = 2016-01-01
"#,
        )
        .with(SECOND_DCS);
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Fail,
        &["Director of Children's Services (Tom Okafor)"],
    );
}

#[test]
fn unknown_beats_pass_across_two_designations() {
    let fixture = Fixture::base().without("dass-line").with(SECOND_DCS);
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Unknown,
        &["Director of Adult Social Services"],
    );
}

/// Northshire's children's social care delivered by a trust since 2019 and its education by a
/// company since `education_from`, with a recent report about the trust when `trust_reported`.
fn two_deliveries(education_from: &str, trust_reported: bool) -> Fixture {
    let report = if trust_reported {
        r#"
[[documents]]
id = "trust-q3"
council = "northshire"
kind = "performance_report"
date = 2020-12-01
title = "Children's Trust performance report, quarter 3"
about = ["northshire-childrens-trust"]
"#
    } else {
        ""
    };
    Fixture::base().with(&format!(
        r#"
[[organisations]]
id = "northshire-childrens-trust"
name = "Northshire Children's Trust"
kind = "childrens_trust"

[[organisations]]
id = "northshire-learning"
name = "Northshire Learning Ltd"
kind = "company"

[[delivery]]
council = "northshire"
function = "childrens_social_care"
provider = "northshire-childrens-trust"
from = 2019-04-01
basis = "statutory_direction"

[[delivery]]
council = "northshire"
function = "education"
provider = "northshire-learning"
from = {education_from}
basis = "company"
{report}"#
    ))
}

#[test]
fn due_beats_pass_across_two_deliveries() {
    let fixture = two_deliveries("2020-12-01", true);
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Due,
        &["Northshire Learning Ltd"],
    );
}

#[test]
fn fail_beats_due_across_two_deliveries() {
    let fixture = two_deliveries("2020-12-01", false);
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn fail_beats_pass_across_two_deliveries() {
    let fixture = two_deliveries("2019-09-01", true);
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &["Northshire Learning Ltd"],
    );
}

#[test]
fn due_beats_pass_across_dcs_and_dass_changes() {
    // A new DCS on 2020-12-01 (due); the DASS as reviewed in 2016 (pass).
    let fixture = Fixture::base().replace(
        "dcs-holder",
        r#"
[[people]]
id = "amira-patel"
name = "Amira Patel"

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = 2020-12-01
"#,
    );
    expect(
        &fixture.eval("change_triggers_review", ON),
        Due,
        &["Amira Patel"],
    );
}

/// A second safeguarding children partnership starting on `from`.
fn second_partnership(from: &str) -> String {
    format!(
        r#"
[[bodies]]
id = "north-east-scp"
council = "northshire"
kind = "safeguarding_children_partnership"
name = "North East Joint Safeguarding Partnership"
from = {from}
"#
    )
}

#[test]
fn pass_beats_not_applicable_across_two_partnerships() {
    // The new joint partnership owes no yearly report yet; the older one has published its own.
    let fixture = Fixture::base().with(&second_partnership("2020-10-01"));
    expect(
        &fixture.eval("safeguarding_yearly_report", ON),
        Pass,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn fail_beats_pass_across_two_partnerships() {
    let fixture = Fixture::base().with(&second_partnership("2019-09-29"));
    expect(
        &fixture.eval("safeguarding_yearly_report", ON),
        Fail,
        &["North East Joint Safeguarding Partnership"],
    );
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", ON),
        Fail,
        &["North East Joint Safeguarding Partnership"],
    );
}

#[test]
fn fail_beats_pass_across_two_interim_roles() {
    // An interim DCS since December 2020 (pass) and an interim MO since June 2020, unreviewed.
    let fixture = Fixture::base()
        .replace(
            "dcs-designation",
            r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-11-30

[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2020-12-01
basis = "interim"
"#,
        )
        .replace(
            "mo-designation",
            r#"
[[designations]]
council = "northshire"
role = "monitoring_officer"
post = "director-law"
from = 2020-06-01
basis = "interim"
"#,
        );
    let finding = fixture.eval("interim_reviewed", ON);
    expect(&finding, Fail, &["Monitoring Officer"]);
}

#[test]
fn one_councillor_among_the_statutory_officers_fails_and_is_named() {
    let fixture = Fixture::base().replace(
        "cfo-holder",
        r#"
[[people]]
id = "priya-shah"
name = "Priya Shah"
[[people.councillor]]
council = "northshire"
from = 2019-05-02

[[appointments]]
person = "priya-shah"
post = "director-finance"
from = 2016-01-01
"#,
    );
    let finding = fixture.eval("statutory_officer_not_councillor", ON);
    expect(&finding, Fail, &["Priya Shah", "CFO"]);
    assert!(
        !finding.message.contains("Tom Okafor"),
        "{}",
        finding.message
    );
}

#[test]
fn a_board_missing_a_member_fails_even_beside_a_complete_board() {
    let fixture = Fixture::base().with(
        r#"
[[bodies]]
id = "northshire-shadow-hwb"
council = "northshire"
kind = "health_and_wellbeing_board"
name = "Northshire Shadow Health and Wellbeing Board"
from = 2020-01-01
"#,
    );
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        Fail,
        &["Northshire Shadow Health and Wellbeing Board"],
    );
}
