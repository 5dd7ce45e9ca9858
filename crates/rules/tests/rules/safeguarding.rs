//! Safeguarding: the LSCB (Children Act 2004 s13) until the council's safeguarding children
//! partnership starts, the partnership's safeguarding partners, published arrangements,
//! independent scrutiny and yearly report (s16E-s16G), and the Safeguarding Adults Board (Care Act
//! 2014 s43).
//!
//! In the base fixture the LSCB runs from 2006-04-01 to 2019-06-28 and the partnership from
//! 2019-06-29, with the council, the police and the CCG as partners (the ICB from 2022-07-01).

use super::support::*;

/// The partnership's safeguarding partners, replaced by `members` (TOML memberships).
fn partners(members: &str) -> Fixture {
    Fixture::base().replace("partners-membership", members)
}

// ---------------------------------------------------------------- lscb_established

#[test]
fn an_lscb_before_the_partnership_passes_lscb_established() {
    expect(
        &Fixture::base().eval("lscb_established", "2018-01-01"),
        Pass,
        &["Northshire Safeguarding Children Board"],
    );
}

#[test]
fn no_lscb_fails_lscb_established() {
    let fixture = Fixture::base().without("lscb");
    expect(
        &fixture.eval("lscb_established", "2018-01-01"),
        Fail,
        &["Northshire County Council"],
    );
}

#[test]
fn lscb_established_is_not_applicable_before_1_april_2006() {
    let fixture = Fixture::base().without("lscb");
    expect(
        &fixture.eval("lscb_established", "2006-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("lscb_established", "2006-04-01"), Fail, &[]);
}

#[test]
fn the_lscb_period_ends_the_day_before_the_partnership_starts() {
    let fixture = Fixture::base().without("lscb");
    expect(&fixture.eval("lscb_established", "2019-06-28"), Fail, &[]);
    expect(
        &fixture.eval("lscb_established", "2019-06-29"),
        NotApplicable,
        &[],
    );
    expect(
        &Fixture::base().eval("lscb_established", "2019-06-28"),
        Pass,
        &[],
    );
}

#[test]
fn the_lscb_period_ends_the_day_before_the_earliest_partnership_body_starts() {
    let fixture = Fixture::base().without("lscb").with(
        r#"
[[bodies]]
id = "northshire-early-partnership"
council = "northshire"
kind = "safeguarding_children_partnership"
name = "Northshire Early Adopter Partnership"
from = 2019-04-01
to = 2019-06-28
"#,
    );
    expect(&fixture.eval("lscb_established", "2019-03-31"), Fail, &[]);
    expect(
        &fixture.eval("lscb_established", "2019-05-01"),
        NotApplicable,
        &[],
    );
}

#[test]
fn without_a_partnership_the_lscb_period_ends_on_28_september_2019() {
    let no_lscb = Fixture::base().without_partnership().without("lscb");
    expect(&no_lscb.eval("lscb_established", "2019-09-28"), Fail, &[]);
    expect(
        &no_lscb.eval("lscb_established", "2019-09-29"),
        NotApplicable,
        &[],
    );
    let lasting_lscb = Fixture::base().without_partnership().edit(
        "from = 2006-04-01\nto = 2019-06-28\n",
        "from = 2006-04-01\n",
    );
    expect(
        &lasting_lscb.eval("lscb_established", "2019-09-28"),
        Pass,
        &[],
    );
    expect(
        &lasting_lscb.eval("lscb_established", "2019-09-29"),
        NotApplicable,
        &[],
    );
}

#[test]
fn lscb_established_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("lscb");
    expect(
        &fixture.eval("lscb_established", "2018-01-01"),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- safeguarding_partners

#[test]
fn council_police_and_ccg_as_partners_pass_safeguarding_partners() {
    expect(
        &Fixture::base().eval("safeguarding_partners", ON),
        Pass,
        &[
            "Northshire Safeguarding Children Partnership",
            "Northshire County Council",
            "Northshire Police",
            "NHS Northshire Clinical Commissioning Group",
        ],
    );
}

#[test]
fn the_icb_in_place_of_the_ccg_from_1_july_2022_passes_safeguarding_partners() {
    expect(
        &Fixture::base().eval("safeguarding_partners", "2022-07-01"),
        Pass,
        &["NHS Northshire Integrated Care Board"],
    );
}

#[test]
fn a_ccg_partner_after_30_june_2022_fails_even_beside_an_icb() {
    let fixture = Fixture::base().edit(
        "org = \"northshire-ccg\"\nrole = \"safeguarding_partner\"\nfrom = 2019-06-29\nto = 2022-06-30\n",
        "org = \"northshire-ccg\"\nrole = \"safeguarding_partner\"\nfrom = 2019-06-29\n",
    );
    expect(
        &fixture.eval("safeguarding_partners", "2022-06-30"),
        Pass,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_partners", "2022-07-01"),
        Fail,
        &["NHS Northshire Clinical Commissioning Group"],
    );
}

#[test]
fn an_icb_partner_before_1_july_2022_does_not_stand_for_the_ccg() {
    let fixture = partners(
        r#"
[[memberships]]
body = "northshire-scp"
org = "northshire"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
org = "northshire-police"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
org = "northshire-icb"
role = "safeguarding_partner"
from = 2019-06-29
"#,
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Fail,
        &["clinical commissioning group"],
    );
}

#[test]
fn a_partnership_without_the_police_fails_safeguarding_partners() {
    let fixture = partners(
        r#"
[[memberships]]
body = "northshire-scp"
org = "northshire"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
org = "northshire-ccg"
role = "safeguarding_partner"
from = 2019-06-29
"#,
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Fail,
        &["Northshire Safeguarding Children Partnership", "police"],
    );
}

#[test]
fn a_partnership_without_the_council_fails_safeguarding_partners() {
    let fixture = partners(
        r#"
[[memberships]]
body = "northshire-scp"
org = "northshire-police"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
org = "northshire-ccg"
role = "safeguarding_partner"
from = 2019-06-29
"#,
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Fail,
        &["Northshire County Council"],
    );
}

#[test]
fn a_partner_sitting_as_an_ordinary_member_does_not_count() {
    let fixture = Fixture::base().edit(
        "org = \"northshire-police\"\nrole = \"safeguarding_partner\"",
        "org = \"northshire-police\"\nrole = \"member\"",
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Fail,
        &["police"],
    );
}

#[test]
fn a_partner_named_by_a_post_counts_as_the_posts_organisation() {
    let fixture = partners(
        r#"
[[posts]]
id = "chief-constable"
org = "northshire-police"
title = "Chief Constable"

[[posts]]
id = "ccg-accountable-officer"
org = "northshire-ccg"
title = "Accountable Officer"

[[memberships]]
body = "northshire-scp"
post = "chief-executive"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
post = "chief-constable"
role = "safeguarding_partner"
from = 2019-06-29

[[memberships]]
body = "northshire-scp"
post = "ccg-accountable-officer"
role = "safeguarding_partner"
from = 2019-06-29
"#,
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Pass,
        &["Northshire Police"],
    );
}

#[test]
fn a_partner_named_by_a_person_does_not_count() {
    let fixture = Fixture::base().edit(
        "org = \"northshire-police\"\nrole = \"safeguarding_partner\"",
        "person = \"margaret-hale\"\nrole = \"safeguarding_partner\"",
    );
    expect(
        &fixture.eval("safeguarding_partners", ON),
        Fail,
        &["police"],
    );
}

#[test]
fn no_partnership_body_from_29_september_2019_fails_safeguarding_partners() {
    let fixture = Fixture::base().without_partnership();
    expect(
        &fixture.eval("safeguarding_partners", "2019-09-29"),
        Fail,
        &[
            "Northshire County Council",
            "safeguarding children partnership",
        ],
    );
}

#[test]
fn safeguarding_partners_is_not_applicable_before_29_september_2019() {
    let fixture = Fixture::base().without_partnership();
    expect(
        &fixture.eval("safeguarding_partners", "2019-09-28"),
        NotApplicable,
        &[],
    );
}

#[test]
fn safeguarding_partners_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without_partnership();
    expect(
        &fixture.eval("safeguarding_partners", ON),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- safeguarding_arrangements_published

#[test]
fn published_arrangements_about_the_partnership_pass() {
    expect(
        &Fixture::base().eval("safeguarding_arrangements_published", ON),
        Pass,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn no_published_arrangements_fail_safeguarding_arrangements_published() {
    let fixture = Fixture::base().without("published-arrangements");
    expect(
        &fixture.eval("safeguarding_arrangements_published", ON),
        Fail,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn arrangements_published_after_the_day_do_not_count_on_the_day() {
    let fixture = Fixture::base().edit("date = 2019-06-20", "date = 2019-07-15");
    expect(
        &fixture.eval("safeguarding_arrangements_published", "2019-07-14"),
        Fail,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_arrangements_published", "2019-07-15"),
        Pass,
        &[],
    );
}

#[test]
fn a_document_about_the_council_rather_than_the_partnership_does_not_count() {
    let fixture = Fixture::base().edit(
        "kind = \"published_arrangements\"\ndate = 2019-06-20\ntitle = \"Northshire Safeguarding Children Partnership: arrangements\"\nabout = [\"northshire-scp\"]",
        "kind = \"published_arrangements\"\ndate = 2019-06-20\ntitle = \"Northshire Safeguarding Children Partnership: arrangements\"\nabout = [\"northshire\"]",
    );
    expect(
        &fixture.eval("safeguarding_arrangements_published", ON),
        Fail,
        &[],
    );
}

#[test]
fn arrangements_of_a_partnership_due_to_start_later_are_considered() {
    // The partnership starts on 29 September 2019; on 1 July 2019 none exists yet.
    let published = Fixture::base().edit("from = 2019-06-29", "from = 2019-09-29");
    expect(
        &published.eval("safeguarding_arrangements_published", "2019-07-01"),
        Pass,
        &["Northshire Safeguarding Children Partnership"],
    );
    let unpublished = published.without("published-arrangements");
    expect(
        &unpublished.eval("safeguarding_arrangements_published", "2019-07-01"),
        Fail,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn a_council_with_no_partnership_at_all_fails_safeguarding_arrangements_published() {
    let fixture = Fixture::base().without_partnership();
    expect(
        &fixture.eval("safeguarding_arrangements_published", "2019-07-01"),
        Fail,
        &["Northshire County Council"],
    );
}

#[test]
fn safeguarding_arrangements_published_is_not_applicable_before_29_june_2019() {
    let fixture = Fixture::base().without("published-arrangements");
    expect(
        &fixture.eval("safeguarding_arrangements_published", "2019-06-28"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_arrangements_published", "2019-06-29"),
        Fail,
        &[],
    );
}

// ---------------------------------------------------------------- safeguarding_independent_scrutiny

#[test]
fn an_independent_scrutineer_passes_safeguarding_independent_scrutiny() {
    expect(
        &Fixture::base().eval("safeguarding_independent_scrutiny", ON),
        Pass,
        &[
            "Northshire Safeguarding Children Partnership",
            "Margaret Hale",
        ],
    );
}

#[test]
fn no_independent_scrutineer_fails_safeguarding_independent_scrutiny() {
    let fixture = Fixture::base().without("scrutineer");
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", ON),
        Fail,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn a_scrutineer_whose_membership_ended_fails_safeguarding_independent_scrutiny() {
    let fixture = Fixture::base().edit(
        "role = \"independent_scrutineer\"\nfrom = 2019-06-29",
        "role = \"independent_scrutineer\"\nfrom = 2019-06-29\nto = 2020-12-31",
    );
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", ON),
        Fail,
        &[],
    );
}

#[test]
fn no_partnership_body_from_29_september_2019_fails_safeguarding_independent_scrutiny() {
    let fixture = Fixture::base().without_partnership();
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", ON),
        Fail,
        &["Northshire County Council"],
    );
}

#[test]
fn safeguarding_independent_scrutiny_is_not_applicable_before_29_september_2019() {
    let fixture = Fixture::base().without("scrutineer");
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", "2019-09-28"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_independent_scrutiny", "2019-09-29"),
        Fail,
        &[],
    );
}

// ---------------------------------------------------------------- safeguarding_yearly_report

#[test]
fn a_yearly_report_in_the_last_12_months_passes_safeguarding_yearly_report() {
    expect(
        &Fixture::base().eval("safeguarding_yearly_report", ON),
        Pass,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn a_yearly_report_exactly_12_months_old_fails_safeguarding_yearly_report() {
    let fixture = Fixture::base();
    expect(
        &fixture.eval("safeguarding_yearly_report", "2021-09-29"),
        Pass,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_yearly_report", "2021-09-30"),
        Fail,
        &["Northshire Safeguarding Children Partnership"],
    );
}

#[test]
fn safeguarding_yearly_report_is_not_applicable_in_the_partnerships_first_12_months() {
    // The partnership started on 2019-06-29; its first report (2020-09-30) is not yet written.
    let fixture = Fixture::base();
    expect(
        &fixture.eval("safeguarding_yearly_report", "2020-06-28"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("safeguarding_yearly_report", "2020-06-29"),
        Fail,
        &[],
    );
}

#[test]
fn a_yearly_report_about_another_body_does_not_count() {
    let fixture = Fixture::base().edit(
        "title = \"Northshire Safeguarding Children Partnership: yearly report 2019-20\"\nabout = [\"northshire-scp\"]",
        "title = \"Northshire Safeguarding Adults Board: annual report 2019-20\"\nabout = [\"northshire-sab\"]",
    );
    expect(&fixture.eval("safeguarding_yearly_report", ON), Fail, &[]);
}

#[test]
fn safeguarding_yearly_report_is_not_applicable_without_a_partnership() {
    let fixture = Fixture::base().without_partnership();
    expect(
        &fixture.eval("safeguarding_yearly_report", ON),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- sab_established

#[test]
fn a_safeguarding_adults_board_passes_sab_established() {
    expect(
        &Fixture::base().eval("sab_established", ON),
        Pass,
        &["Northshire Safeguarding Adults Board"],
    );
}

#[test]
fn no_safeguarding_adults_board_fails_sab_established() {
    let fixture = Fixture::base().without("sab");
    expect(
        &fixture.eval("sab_established", ON),
        Fail,
        &["Safeguarding Adults Board", "Northshire County Council"],
    );
}

#[test]
fn a_safeguarding_adults_board_that_ended_fails_sab_established() {
    let fixture = Fixture::base().edit(
        "name = \"Northshire Safeguarding Adults Board\"\nfrom = 2015-04-01",
        "name = \"Northshire Safeguarding Adults Board\"\nfrom = 2015-04-01\nto = 2020-03-31",
    );
    expect(&fixture.eval("sab_established", ON), Fail, &[]);
}

#[test]
fn sab_established_is_not_applicable_before_1_april_2015() {
    let fixture = Fixture::base().without("sab");
    expect(
        &fixture.eval("sab_established", "2015-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("sab_established", "2015-04-01"), Fail, &[]);
}

#[test]
fn sab_established_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("sab");
    expect(&fixture.eval("sab_established", ON), NotApplicable, &[]);
}
