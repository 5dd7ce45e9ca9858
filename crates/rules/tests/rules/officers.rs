//! The statutory officers of every principal council: Head of Paid Service, Monitoring Officer,
//! Chief Finance Officer, the separations between them, and the bar on councillors.

use super::support::*;

/// Northshire from 1985 with only its three statutory officers: the Chief Executive is also
/// designated Monitoring Officer, and the Director of Finance is the CFO.
fn chief_executive_also_monitoring_officer_since_1985() -> Fixture {
    Fixture::bare().with(
        r#"
[[posts]]
id = "chief-executive"
org = "northshire"
title = "Chief Executive"

[[people]]
id = "helen-carter"
name = "Helen Carter"

[[appointments]]
person = "helen-carter"
post = "chief-executive"
from = 1985-01-01

[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "chief-executive"
from = 1985-01-01

[[designations]]
council = "northshire"
role = "monitoring_officer"
post = "chief-executive"
from = 1985-01-01

[[designations]]
council = "northshire"
role = "chief_finance_officer"
post = "chief-executive"
from = 1985-01-01
"#,
    )
}

// ---------------------------------------------------------------- hops_designated

#[test]
fn a_designated_and_filled_head_of_paid_service_passes_hops_designated() {
    expect(
        &Fixture::base().eval("hops_designated", ON),
        Pass,
        &["Chief Executive", "Helen Carter"],
    );
}

#[test]
fn no_head_of_paid_service_designation_fails_hops_designated() {
    let fixture = Fixture::base().without("hops-designation");
    expect(
        &fixture.eval("hops_designated", ON),
        Fail,
        &["Head of Paid Service", "Northshire County Council"],
    );
}

#[test]
fn a_designated_but_vacant_chief_executive_post_fails_hops_designated() {
    let fixture = Fixture::base().without("hops-holder");
    expect(
        &fixture.eval("hops_designated", ON),
        Fail,
        &["Chief Executive", "vacant"],
    );
}

#[test]
fn two_head_of_paid_service_designations_at_once_fail_hops_designated() {
    let fixture = Fixture::base().with(
        r#"
[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "director-law"
from = 2020-01-01
"#,
    );
    expect(
        &fixture.eval("hops_designated", ON),
        Fail,
        &["Chief Executive", "Director of Law and Governance"],
    );
    expect(&fixture.eval("hops_designated", "2019-12-31"), Pass, &[]);
}

#[test]
fn hops_designated_is_not_applicable_before_1990() {
    let fixture = Fixture::base().without("hops-designation");
    expect(
        &fixture.eval("hops_designated", "1989-12-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("hops_designated", "1990-01-01"), Fail, &[]);
}

#[test]
fn a_designation_that_ended_before_the_day_fails_hops_designated() {
    let fixture = Fixture::base().edit(
        "role = \"head_of_paid_service\"\npost = \"chief-executive\"\nfrom = 2016-01-01",
        "role = \"head_of_paid_service\"\npost = \"chief-executive\"\nfrom = 2016-01-01\nto = 2020-12-31",
    );
    expect(&fixture.eval("hops_designated", "2020-12-31"), Pass, &[]);
    expect(&fixture.eval("hops_designated", "2021-01-01"), Fail, &[]);
}

// ---------------------------------------------------------------- mo_designated

#[test]
fn a_designated_and_filled_monitoring_officer_passes_mo_designated() {
    expect(
        &Fixture::base().eval("mo_designated", ON),
        Pass,
        &["Director of Law and Governance", "Mark Lewis"],
    );
}

#[test]
fn no_monitoring_officer_designation_fails_mo_designated() {
    let fixture = Fixture::base().without("mo-designation");
    expect(
        &fixture.eval("mo_designated", ON),
        Fail,
        &["Monitoring Officer"],
    );
}

#[test]
fn a_designated_but_vacant_monitoring_officer_post_fails_mo_designated() {
    let fixture = Fixture::base().without("mo-holder");
    expect(
        &fixture.eval("mo_designated", ON),
        Fail,
        &["Director of Law and Governance", "vacant"],
    );
}

#[test]
fn mo_designated_is_not_applicable_before_1990() {
    let fixture = Fixture::base().without("mo-designation");
    expect(
        &fixture.eval("mo_designated", "1989-12-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("mo_designated", "1990-01-01"), Fail, &[]);
}

// ---------------------------------------------------------------- cfo_designated

#[test]
fn a_designated_and_filled_chief_finance_officer_passes_cfo_designated() {
    expect(
        &Fixture::base().eval("cfo_designated", ON),
        Pass,
        &["Director of Finance", "Priya Shah"],
    );
}

#[test]
fn no_chief_finance_officer_designation_fails_cfo_designated() {
    let fixture = Fixture::base().without("cfo-designation");
    expect(
        &fixture.eval("cfo_designated", ON),
        Fail,
        &["Chief Finance Officer"],
    );
}

#[test]
fn a_designated_but_vacant_finance_post_fails_cfo_designated() {
    let fixture = Fixture::base().without("cfo-holder");
    expect(
        &fixture.eval("cfo_designated", ON),
        Fail,
        &["Director of Finance", "vacant"],
    );
}

#[test]
fn cfo_designated_is_not_applicable_before_1_april_1974() {
    // A council with no recorded start, so only the rule's own start decides.
    let fixture = Fixture::base()
        .edit("from = 1974-04-01\n", "")
        .without("cfo-designation");
    expect(
        &fixture.eval("cfo_designated", "1974-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("cfo_designated", "1974-04-01"), Fail, &[]);
}

// ---------------------------------------------------------------- mo_not_cfo

#[test]
fn different_people_as_monitoring_officer_and_cfo_pass_mo_not_cfo() {
    expect(
        &Fixture::base().eval("mo_not_cfo", ON),
        Pass,
        &["Mark Lewis", "Priya Shah"],
    );
}

#[test]
fn the_monitoring_officer_post_also_designated_cfo_fails_mo_not_cfo() {
    let fixture = Fixture::base().replace(
        "cfo-designation",
        r#"
[[designations]]
council = "northshire"
role = "chief_finance_officer"
post = "director-law"
from = 2016-01-01
"#,
    );
    expect(&fixture.eval("mo_not_cfo", ON), Fail, &["Mark Lewis"]);
}

#[test]
fn one_person_in_both_the_monitoring_officer_and_cfo_posts_fails_mo_not_cfo() {
    let fixture = Fixture::base().replace(
        "cfo-holder",
        r#"
[[appointments]]
person = "mark-lewis"
post = "director-finance"
from = 2020-06-01
basis = "interim"
"#,
    );
    expect(&fixture.eval("mo_not_cfo", ON), Fail, &["Mark Lewis"]);
}

#[test]
fn mo_not_cfo_is_not_applicable_while_the_monitoring_officer_role_is_unheld() {
    let fixture = Fixture::base().without("mo-holder");
    expect(&fixture.eval("mo_not_cfo", ON), NotApplicable, &[]);
}

#[test]
fn mo_not_cfo_is_not_applicable_while_the_cfo_role_is_unheld() {
    let fixture = Fixture::base().without("cfo-designation");
    expect(&fixture.eval("mo_not_cfo", ON), NotApplicable, &[]);
}

#[test]
fn mo_not_cfo_is_not_applicable_before_1990() {
    let fixture = chief_executive_also_monitoring_officer_since_1985();
    expect(
        &fixture.eval("mo_not_cfo", "1989-12-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("mo_not_cfo", "1990-01-01"),
        Fail,
        &["Helen Carter"],
    );
}

// ---------------------------------------------------------------- mo_not_hops

#[test]
fn different_people_as_monitoring_officer_and_head_of_paid_service_pass_mo_not_hops() {
    expect(
        &Fixture::base().eval("mo_not_hops", ON),
        Pass,
        &["Mark Lewis", "Helen Carter"],
    );
}

#[test]
fn the_chief_executive_designated_monitoring_officer_fails_mo_not_hops() {
    let fixture = Fixture::base().replace(
        "mo-designation",
        r#"
[[designations]]
council = "northshire"
role = "monitoring_officer"
post = "chief-executive"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("mo_not_hops", ON),
        Fail,
        &["Helen Carter", "Monitoring Officer", "Head of Paid Service"],
    );
}

#[test]
fn mo_not_hops_is_not_applicable_while_the_head_of_paid_service_role_is_unheld() {
    let fixture = Fixture::base().without("hops-holder");
    expect(&fixture.eval("mo_not_hops", ON), NotApplicable, &[]);
}

#[test]
fn mo_not_hops_is_not_applicable_while_the_monitoring_officer_role_is_unheld() {
    let fixture = Fixture::base().without("mo-designation");
    expect(&fixture.eval("mo_not_hops", ON), NotApplicable, &[]);
}

#[test]
fn mo_not_hops_is_not_applicable_before_2001() {
    let fixture = chief_executive_also_monitoring_officer_since_1985();
    expect(
        &fixture.eval("mo_not_hops", "2000-12-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("mo_not_hops", "2001-01-01"),
        Fail,
        &["Helen Carter"],
    );
}

// ---------------------------------------------------------------- statutory_officer_not_councillor

#[test]
fn statutory_officers_who_are_not_councillors_pass_statutory_officer_not_councillor() {
    expect(
        &Fixture::base().eval("statutory_officer_not_councillor", ON),
        Pass,
        &[],
    );
}

#[test]
fn the_lead_member_being_a_councillor_does_not_fail_statutory_officer_not_councillor() {
    // The LMCS is a member role: only DCS, DASS, DPH, HoPS, MO and CFO holders are checked.
    let finding = Fixture::base().eval("statutory_officer_not_councillor", ON);
    expect(&finding, Pass, &[]);
    assert!(!finding.message.contains("Ruth Evans"));
}

#[test]
fn a_head_of_paid_service_who_is_a_councillor_of_this_council_fails() {
    let fixture = Fixture::base().replace(
        "hops-holder",
        r#"
[[people]]
id = "helen-carter"
name = "Helen Carter"
[[people.councillor]]
council = "northshire"
from = 2020-05-07

[[appointments]]
person = "helen-carter"
post = "chief-executive"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", ON),
        Fail,
        &["Helen Carter", "Northshire County Council"],
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", "2020-05-06"),
        Pass,
        &[],
    );
}

#[test]
fn a_dcs_who_is_a_councillor_of_another_council_fails_statutory_officer_not_councillor() {
    let fixture = Fixture::base().with(SOUTHSHIRE).replace(
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"
[[people.councillor]]
council = "southshire"
from = 2019-05-02

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", ON),
        Fail,
        &["Tom Okafor", "Southshire Council"],
    );
}

#[test]
fn a_councillor_period_that_ended_before_the_day_passes_statutory_officer_not_councillor() {
    let fixture = Fixture::base().replace(
        "dph-holder",
        r#"
[[people]]
id = "david-brown"
name = "David Brown"
[[people.councillor]]
council = "northshire"
from = 2008-05-01
to = 2015-05-06

[[appointments]]
person = "david-brown"
post = "director-public-health"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", ON),
        Pass,
        &[],
    );
}

#[test]
fn statutory_officer_not_councillor_is_not_applicable_when_no_role_is_held() {
    let fixture = Fixture::bare();
    expect(
        &fixture.eval("statutory_officer_not_councillor", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn statutory_officer_not_councillor_is_not_applicable_before_1990() {
    let fixture = chief_executive_also_monitoring_officer_since_1985().edit(
        "name = \"Helen Carter\"",
        "name = \"Helen Carter\"\n[[people.councillor]]\ncouncil = \"northshire\"\nfrom = 1985-01-01",
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", "1989-12-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("statutory_officer_not_councillor", "1990-01-01"),
        Fail,
        &["Helen Carter"],
    );
}
