//! Adult social services: the DASS (Local Authority Social Services Act 1970 s6(A1)) and the
//! Department of Health's 2006 guidance that the DASS reports to the chief executive.

use super::support::*;

/// The DASS reports to an Assistant Chief Executive from 2020-04-01.
fn dass_reporting_to_an_assistant_chief_executive() -> Fixture {
    Fixture::base().replace(
        "dass-line",
        r#"
[[posts]]
id = "assistant-chief-executive"
org = "northshire"
title = "Assistant Chief Executive (Care)"
reports_to = "chief-executive"

[[reporting_lines]]
post = "director-adult-services"
reports_to = "chief-executive"
from = 2016-01-01
to = 2020-03-31

[[reporting_lines]]
post = "director-adult-services"
reports_to = "assistant-chief-executive"
from = 2020-04-01
"#,
    )
}

// ---------------------------------------------------------------- dass_designated

#[test]
fn a_designated_and_filled_dass_post_passes_dass_designated() {
    expect(
        &Fixture::base().eval("dass_designated", ON),
        Pass,
        &["Director of Adult Social Services", "Sarah Jones"],
    );
}

#[test]
fn no_dass_designation_fails_dass_designated() {
    let fixture = Fixture::base().without("dass-designation");
    expect(
        &fixture.eval("dass_designated", ON),
        Fail,
        &[
            "Director of Adult Social Services",
            "Northshire County Council",
        ],
    );
}

#[test]
fn a_designated_but_vacant_dass_post_fails_dass_designated() {
    let fixture = Fixture::base().without("dass-holder");
    expect(
        &fixture.eval("dass_designated", ON),
        Fail,
        &["Director of Adult Social Services", "vacant"],
    );
}

#[test]
fn an_interim_dass_passes_dass_designated_and_says_interim() {
    let fixture = Fixture::base().edit(
        "person = \"sarah-jones\"\npost = \"director-adult-services\"\nfrom = 2016-01-01\nbasis = \"permanent\"",
        "person = \"sarah-jones\"\npost = \"director-adult-services\"\nfrom = 2016-01-01\nbasis = \"interim\"",
    );
    expect(
        &fixture.eval("dass_designated", ON),
        Pass,
        &["Sarah Jones", "interim"],
    );
}

#[test]
fn dass_designated_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base().without("dass-designation");
    expect(
        &fixture.eval("dass_designated", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("dass_designated", "2005-04-01"), Fail, &[]);
}

#[test]
fn dass_designated_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("dass-designation");
    expect(&fixture.eval("dass_designated", ON), NotApplicable, &[]);
}

// ---------------------------------------------------------------- dass_reports_to_chief_executive

#[test]
fn a_dass_reporting_to_the_chief_executive_passes_dass_reports_to_chief_executive() {
    expect(
        &Fixture::base().eval("dass_reports_to_chief_executive", ON),
        Pass,
        &["Director of Adult Social Services", "Chief Executive"],
    );
}

#[test]
fn a_dass_reporting_to_an_assistant_chief_executive_fails() {
    let fixture = dass_reporting_to_an_assistant_chief_executive();
    expect(
        &fixture.eval("dass_reports_to_chief_executive", ON),
        Fail,
        &[
            "Director of Adult Social Services (Sarah Jones)",
            "Assistant Chief Executive (Care)",
        ],
    );
    expect(
        &fixture.eval("dass_reports_to_chief_executive", "2020-03-31"),
        Pass,
        &[],
    );
}

#[test]
fn a_recorded_departure_accepts_a_dass_reporting_to_an_assistant_chief_executive() {
    let fixture = dass_reporting_to_an_assistant_chief_executive()
        .with(&departure("dass_reports_to_chief_executive", "2020-04-01"));
    expect(
        &fixture.eval("dass_reports_to_chief_executive", ON),
        Accepted,
        &["Assistant Chief Executive (Care)"],
    );
}

#[test]
fn dass_reports_to_chief_executive_is_unknown_without_a_reporting_line() {
    let fixture = Fixture::base().without("dass-line");
    expect(
        &fixture.eval("dass_reports_to_chief_executive", ON),
        Unknown,
        &["Director of Adult Social Services"],
    );
}

#[test]
fn dass_reports_to_chief_executive_is_unknown_without_a_head_of_paid_service() {
    let fixture = Fixture::base().without("hops-designation");
    expect(
        &fixture.eval("dass_reports_to_chief_executive", ON),
        Unknown,
        &["Head of Paid Service"],
    );
}

#[test]
fn dass_reports_to_chief_executive_is_not_applicable_when_no_dass_is_designated() {
    let fixture = dass_reporting_to_an_assistant_chief_executive().without("dass-designation");
    expect(
        &fixture.eval("dass_reports_to_chief_executive", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn dass_reports_to_chief_executive_is_not_applicable_before_1_may_2006() {
    let fixture = Fixture::base_from("2004-01-01").replace(
        "dass-line",
        r#"
[[reporting_lines]]
post = "director-adult-services"
reports_to = "director-childrens-services"
from = 2004-01-01
"#,
    );
    expect(
        &fixture.eval("dass_reports_to_chief_executive", "2006-04-30"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dass_reports_to_chief_executive", "2006-05-01"),
        Fail,
        &["Director of Children's Services"],
    );
}
