//! Departures (DESIGN.md §5.1): `accepted` replaces the final `fail` of a `should` rule, after
//! the worst status is taken, when a departure for that council and rule is in force on the day.
//! Each `should` rule's own module has a test of it being accepted; these tests are about when a
//! departure does not apply.

use super::support::*;

/// The DCS reports to a Deputy Chief Executive from 2019-04-01: a `should` failure.
fn dcs_reporting_to_a_deputy() -> Fixture {
    Fixture::base().replace(
        "dcs-line",
        r#"
[[posts]]
id = "deputy-chief-executive"
org = "northshire"
title = "Deputy Chief Executive (People)"
reports_to = "chief-executive"

[[reporting_lines]]
post = "director-childrens-services"
reports_to = "chief-executive"
from = 2016-01-01
to = 2019-03-31

[[reporting_lines]]
post = "director-childrens-services"
reports_to = "deputy-chief-executive"
from = 2019-04-01
"#,
    )
}

const RULE: &str = "dcs_reports_to_chief_executive";

#[test]
fn a_departure_in_force_turns_a_should_failure_into_accepted_and_gives_the_reason() {
    let fixture = dcs_reporting_to_a_deputy().with(&departure(RULE, "2019-04-01"));
    let finding = fixture.eval(RULE, ON);
    expect(
        &finding,
        Accepted,
        &[
            "Considered by Cabinet",
            "Deputy Chief Executive (People)",
            "Director of Children's Services",
        ],
    );
}

#[test]
fn a_departure_starting_after_the_day_leaves_the_failure() {
    let fixture = dcs_reporting_to_a_deputy().with(&departure(RULE, "2021-03-02"));
    expect(
        &fixture.eval(RULE, ON),
        Fail,
        &["Deputy Chief Executive (People)"],
    );
    expect(&fixture.eval(RULE, "2021-03-02"), Accepted, &[]);
}

#[test]
fn a_departure_that_ended_before_the_day_leaves_the_failure() {
    let fixture = dcs_reporting_to_a_deputy().with(
        r#"
[[departures]]
council = "northshire"
rule = "dcs_reports_to_chief_executive"
from = 2019-04-01
to = 2020-12-31
reason = "Agreed until the senior management review"
"#,
    );
    expect(&fixture.eval(RULE, "2020-12-31"), Accepted, &[]);
    expect(&fixture.eval(RULE, ON), Fail, &[]);
}

#[test]
fn a_departure_from_another_rule_leaves_the_failure() {
    let fixture = dcs_reporting_to_a_deputy()
        .with(&departure("dass_reports_to_chief_executive", "2019-04-01"));
    expect(&fixture.eval(RULE, ON), Fail, &[]);
}

#[test]
fn a_departure_of_another_council_leaves_the_failure() {
    let fixture = dcs_reporting_to_a_deputy().with(SOUTHSHIRE).with(
        r#"
[[departures]]
council = "southshire"
rule = "dcs_reports_to_chief_executive"
from = 2019-04-01
reason = "Southshire's own arrangement"
"#,
    );
    expect(&fixture.eval(RULE, ON), Fail, &[]);
}

#[test]
fn a_departure_does_not_change_a_pass() {
    let fixture = Fixture::base().with(&departure(RULE, "2019-04-01"));
    expect(&fixture.eval(RULE, ON), Pass, &[]);
}

#[test]
fn a_departure_does_not_change_an_unknown() {
    let fixture = Fixture::base()
        .without("dcs-line")
        .with(&departure(RULE, "2019-04-01"));
    expect(&fixture.eval(RULE, ON), Unknown, &[]);
}

#[test]
fn a_departure_does_not_change_a_due() {
    let fixture = Fixture::base()
        .with(
            r#"
[[responsibilities]]
post = "director-childrens-services"
functions = ["adult_social_care"]
from = 2020-12-01
"#,
        )
        .with(&departure("dcs_additional_functions_assured", "2020-12-01"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Due,
        &[],
    );
}

#[test]
fn a_departure_does_not_change_not_applicable() {
    let fixture = Fixture::base()
        .without("dcs-designation")
        .with(&departure(RULE, "2019-04-01"));
    expect(&fixture.eval(RULE, ON), NotApplicable, &[]);
}

#[test]
fn a_departure_replaces_the_final_failure_after_the_worst_status_is_taken() {
    // The DCS change (2020-12-01) is due and the DASS change (2020-02-01) has failed: the worst is
    // fail, and the departure accepts it.
    let fixture = Fixture::base()
        .replace(
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
        )
        .replace(
            "dass-holder",
            r#"
[[people]]
id = "owen-reid"
name = "Owen Reid"

[[appointments]]
person = "owen-reid"
post = "director-adult-services"
from = 2020-02-01
"#,
        );
    expect(&fixture.eval("change_triggers_review", ON), Fail, &["DASS"]);
    let departed = fixture.with(&departure("change_triggers_review", "2020-09-01"));
    expect(
        &departed.eval("change_triggers_review", ON),
        Accepted,
        &["DASS"],
    );
}

#[test]
fn a_departure_recorded_against_a_good_practice_rule_does_not_accept_its_failure() {
    // The CLI refuses such a departure when it reads the files; the engine does not rely on that.
    let fixture = Fixture::base()
        .replace(
            "dcs-designation",
            r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
basis = "interim"
"#,
        )
        .with(&departure("interim_reviewed", "2016-01-01"));
    expect(&fixture.eval("interim_reviewed", ON), Fail, &[]);
}
