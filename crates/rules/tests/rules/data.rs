//! Data quality of the register: `no_overlap`.

use super::support::*;

/// The DCS post held by Tom Okafor and Amira Patel at once, on the given terms.
fn two_holders(tom_terms: &str, amira_terms: &str) -> Fixture {
    Fixture::base().replace(
        "dcs-holder",
        &format!(
            r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[people]]
id = "amira-patel"
name = "Amira Patel"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
{tom_terms}

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = 2020-12-01
{amira_terms}
"#
        ),
    )
}

#[test]
fn one_holder_per_post_and_one_designation_per_role_pass_no_overlap() {
    expect(&Fixture::base().eval("no_overlap", ON), Pass, &[]);
}

#[test]
fn two_people_appointed_full_time_to_one_post_fail_no_overlap() {
    let fixture = two_holders("", "");
    expect(
        &fixture.eval("no_overlap", ON),
        Fail,
        &[
            "Director of Children's Services",
            "Tom Okafor",
            "Amira Patel",
        ],
    );
    expect(&fixture.eval("no_overlap", "2020-11-30"), Pass, &[]);
}

#[test]
fn a_part_time_job_share_passes_no_overlap() {
    let fixture = two_holders("fte = 0.5", "fte = 0.5");
    expect(&fixture.eval("no_overlap", ON), Pass, &[]);
}

#[test]
fn a_shared_appointment_passes_no_overlap() {
    let fixture = two_holders("basis = \"shared\"", "basis = \"shared\"");
    expect(&fixture.eval("no_overlap", ON), Pass, &[]);
}

#[test]
fn one_person_with_two_overlapping_appointments_to_a_post_is_not_two_holders() {
    let fixture = Fixture::base().with(
        r#"
[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2020-12-01
basis = "permanent"
"#,
    );
    expect(&fixture.eval("no_overlap", ON), Pass, &[]);
}

#[test]
fn two_monitoring_officer_designations_at_once_fail_no_overlap_and_mo_designated() {
    let fixture = Fixture::base().with(
        r#"
[[designations]]
council = "northshire"
role = "monitoring_officer"
post = "director-finance"
from = 2020-12-01
"#,
    );
    expect(
        &fixture.eval("no_overlap", ON),
        Fail,
        &[
            "Monitoring Officer",
            "Director of Law and Governance",
            "Director of Finance",
        ],
    );
    expect(
        &fixture.eval("mo_designated", ON),
        Fail,
        &["Director of Law and Governance", "Director of Finance"],
    );
}

#[test]
fn no_overlap_is_not_applicable_with_nothing_to_check() {
    expect(&Fixture::bare().eval("no_overlap", ON), NotApplicable, &[]);
}

#[test]
fn no_overlap_is_in_force_on_any_date() {
    let fixture = Fixture::bare().with(
        r#"
[[posts]]
id = "town-clerk"
org = "northshire"
title = "Town Clerk"

[[people]]
id = "a-smith"
name = "Arthur Smith"

[[people]]
id = "b-jones"
name = "Beryl Jones"

[[appointments]]
person = "a-smith"
post = "town-clerk"
from = 1975-01-01

[[appointments]]
person = "b-jones"
post = "town-clerk"
from = 1979-01-01
"#,
    );
    expect(
        &fixture.eval("no_overlap", "1980-01-01"),
        Fail,
        &["Town Clerk", "Arthur Smith", "Beryl Jones"],
    );
}

#[test]
fn no_overlap_applies_to_a_non_metropolitan_district() {
    let fixture = two_holders("", "").kind("non_metropolitan_district");
    expect(&fixture.eval("no_overlap", ON), Fail, &["Amira Patel"]);
}

#[test]
fn a_trust_post_designated_dcs_with_two_full_time_holders_fails_no_overlap_for_the_council() {
    // No council owns the trust's post, so the council that designates it checks it.
    let fixture = Fixture::base().without("dcs-designation").with(
        r#"
[[organisations]]
id = "northshire-childrens-trust"
name = "Northshire Children's Trust"
kind = "childrens_trust"

[[posts]]
id = "trust-director"
org = "northshire-childrens-trust"
title = "Trust Director of Children's Services"

[[people]]
id = "nadia-khan"
name = "Nadia Khan"

[[people]]
id = "owen-price"
name = "Owen Price"

[[appointments]]
person = "nadia-khan"
post = "trust-director"
from = 2020-01-01

[[appointments]]
person = "owen-price"
post = "trust-director"
from = 2021-01-01

[[designations]]
council = "northshire"
role = "dcs"
post = "trust-director"
from = 2020-01-01
"#,
    );
    expect(
        &fixture.eval("no_overlap", ON),
        Fail,
        &[
            "Trust Director of Children's Services",
            "Nadia Khan",
            "Owen Price",
        ],
    );
    expect(&fixture.eval("no_overlap", "2020-12-31"), Pass, &[]);
}
