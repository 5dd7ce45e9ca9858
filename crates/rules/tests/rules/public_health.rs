//! Public health: the DPH (NHS Act 2006 s73A), the DPH guidance on reporting to the chief
//! executive, and the statutory members of the health and wellbeing board (HSCA 2012 s194(2)).

use super::support::*;

/// The DPH reports to the Director of Adult Social Services from 2020-04-01.
fn dph_reporting_to_the_dass() -> Fixture {
    Fixture::base().replace(
        "dph-line",
        r#"
[[reporting_lines]]
post = "director-public-health"
reports_to = "chief-executive"
from = 2016-01-01
to = 2020-03-31

[[reporting_lines]]
post = "director-public-health"
reports_to = "director-adult-services"
from = 2020-04-01
"#,
    )
}

/// The health and wellbeing board with the DCS and DASS posts as members, but not the DPH post.
const BOARD_WITHOUT_DPH: &str = r#"
[[bodies]]
id = "northshire-hwb"
council = "northshire"
kind = "health_and_wellbeing_board"
name = "Northshire Health and Wellbeing Board"
from = 2013-04-01

[[memberships]]
body = "northshire-hwb"
post = "director-childrens-services"
role = "member"
from = 2016-01-01

[[memberships]]
body = "northshire-hwb"
post = "director-adult-services"
role = "member"
from = 2016-01-01
"#;

// ---------------------------------------------------------------- dph_designated

#[test]
fn a_designated_and_filled_dph_post_passes_dph_designated() {
    expect(
        &Fixture::base().eval("dph_designated", ON),
        Pass,
        &["Director of Public Health", "David Brown"],
    );
}

#[test]
fn no_dph_designation_fails_dph_designated() {
    let fixture = Fixture::base().without("dph-designation");
    expect(
        &fixture.eval("dph_designated", ON),
        Fail,
        &["Director of Public Health", "Northshire County Council"],
    );
}

#[test]
fn a_designated_but_vacant_dph_post_fails_dph_designated() {
    let fixture = Fixture::base().without("dph-holder");
    expect(
        &fixture.eval("dph_designated", ON),
        Fail,
        &["Director of Public Health", "vacant"],
    );
}

#[test]
fn dph_designated_is_not_applicable_before_1_april_2013() {
    let fixture = Fixture::base().without("dph-designation");
    expect(
        &fixture.eval("dph_designated", "2013-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("dph_designated", "2013-04-01"), Fail, &[]);
}

#[test]
fn dph_designated_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("dph-designation");
    expect(&fixture.eval("dph_designated", ON), NotApplicable, &[]);
}

// ---------------------------------------------------------------- dph_reports_to_chief_executive

#[test]
fn a_dph_reporting_to_the_chief_executive_passes_dph_reports_to_chief_executive() {
    expect(
        &Fixture::base().eval("dph_reports_to_chief_executive", ON),
        Pass,
        &["Director of Public Health", "Chief Executive"],
    );
}

#[test]
fn a_dph_reporting_to_the_dass_fails_dph_reports_to_chief_executive() {
    let fixture = dph_reporting_to_the_dass();
    expect(
        &fixture.eval("dph_reports_to_chief_executive", ON),
        Fail,
        &[
            "Director of Public Health (David Brown)",
            "Director of Adult Social Services (Sarah Jones)",
        ],
    );
}

#[test]
fn a_recorded_departure_accepts_a_dph_reporting_to_the_dass() {
    let fixture = dph_reporting_to_the_dass()
        .with(&departure("dph_reports_to_chief_executive", "2020-04-01"));
    expect(
        &fixture.eval("dph_reports_to_chief_executive", ON),
        Accepted,
        &["Director of Adult Social Services"],
    );
}

#[test]
fn dph_reports_to_chief_executive_is_unknown_without_a_reporting_line() {
    let fixture = Fixture::base().without("dph-line");
    expect(
        &fixture.eval("dph_reports_to_chief_executive", ON),
        Unknown,
        &["Director of Public Health"],
    );
}

#[test]
fn dph_reports_to_chief_executive_is_unknown_without_a_head_of_paid_service() {
    let fixture = Fixture::base().without("hops-designation");
    expect(
        &fixture.eval("dph_reports_to_chief_executive", ON),
        Unknown,
        &["Head of Paid Service"],
    );
}

#[test]
fn dph_reports_to_chief_executive_is_not_applicable_when_no_dph_is_designated() {
    let fixture = dph_reporting_to_the_dass().without("dph-designation");
    expect(
        &fixture.eval("dph_reports_to_chief_executive", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn dph_reports_to_chief_executive_is_not_applicable_before_1_april_2013() {
    let fixture = Fixture::base_from("2012-01-01").replace(
        "dph-line",
        r#"
[[reporting_lines]]
post = "director-public-health"
reports_to = "director-adult-services"
from = 2012-01-01
"#,
    );
    expect(
        &fixture.eval("dph_reports_to_chief_executive", "2013-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dph_reports_to_chief_executive", "2013-04-01"),
        Fail,
        &[],
    );
}

// ---------------------------------------------------------------- hwb_statutory_members

#[test]
fn a_board_counting_the_dcs_dass_and_dph_posts_passes_hwb_statutory_members() {
    expect(
        &Fixture::base().eval("hwb_statutory_members", ON),
        Pass,
        &[
            "Northshire Health and Wellbeing Board",
            "Director of Children's Services",
            "Director of Adult Social Services",
            "Director of Public Health",
        ],
    );
}

#[test]
fn a_board_without_the_dph_post_fails_hwb_statutory_members() {
    let fixture = Fixture::base().replace("hwb", BOARD_WITHOUT_DPH);
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        Fail,
        &[
            "Northshire Health and Wellbeing Board",
            "Director of Public Health",
        ],
    );
}

#[test]
fn a_board_whose_dcs_membership_ended_fails_hwb_statutory_members() {
    let fixture = Fixture::base().edit(
        "post = \"director-childrens-services\"\nrole = \"member\"\nfrom = 2016-01-01",
        "post = \"director-childrens-services\"\nrole = \"member\"\nfrom = 2016-01-01\nto = 2020-12-31",
    );
    expect(
        &fixture.eval("hwb_statutory_members", "2020-12-31"),
        Pass,
        &[],
    );
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        Fail,
        &["Director of Children's Services"],
    );
}

#[test]
fn hwb_statutory_members_is_unknown_when_no_board_is_recorded() {
    let fixture = Fixture::base().without("hwb");
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        Unknown,
        &["health and wellbeing board"],
    );
}

#[test]
fn hwb_statutory_members_is_unknown_after_the_board_ended() {
    let fixture = Fixture::base().edit(
        "kind = \"health_and_wellbeing_board\"\nname = \"Northshire Health and Wellbeing Board\"\nfrom = 2013-04-01",
        "kind = \"health_and_wellbeing_board\"\nname = \"Northshire Health and Wellbeing Board\"\nfrom = 2013-04-01\nto = 2020-12-31",
    );
    expect(&fixture.eval("hwb_statutory_members", ON), Unknown, &[]);
}

#[test]
fn hwb_statutory_members_is_not_applicable_when_none_of_the_roles_is_designated() {
    let fixture = Fixture::base()
        .without("dcs-designation")
        .without("dass-designation")
        .without("dph-designation");
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn hwb_statutory_members_is_not_applicable_before_1_april_2013() {
    let fixture = Fixture::base_from("2012-01-01").replace("hwb", BOARD_WITHOUT_DPH);
    expect(
        &fixture.eval("hwb_statutory_members", "2013-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("hwb_statutory_members", "2013-04-01"),
        Fail,
        &["Director of Public Health"],
    );
}

#[test]
fn hwb_statutory_members_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("hwb");
    expect(
        &fixture.eval("hwb_statutory_members", ON),
        NotApplicable,
        &[],
    );
}
