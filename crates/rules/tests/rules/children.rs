//! Children's services: the DCS (Children Act 2004 s18), the Lead Member (s19) and the statutory
//! guidance on first-tier reporting, executive membership and additional functions.

use super::support::*;

// ---------------------------------------------------------------- dcs_designated

#[test]
fn a_designated_and_filled_dcs_post_passes_dcs_designated() {
    expect(
        &Fixture::base().eval("dcs_designated", ON),
        Pass,
        &["Director of Children's Services", "Tom Okafor"],
    );
}

#[test]
fn no_dcs_designation_fails_dcs_designated() {
    let fixture = Fixture::base().without("dcs-designation");
    expect(
        &fixture.eval("dcs_designated", ON),
        Fail,
        &[
            "Director of Children's Services",
            "Northshire County Council",
        ],
    );
}

#[test]
fn designation_on_a_vacant_post_fails_dcs_designated() {
    let fixture = Fixture::base().without("dcs-holder");
    expect(
        &fixture.eval("dcs_designated", ON),
        Fail,
        &["Director of Children's Services", "vacant"],
    );
}

#[test]
fn two_overlapping_dcs_designations_fail_dcs_designated_and_no_overlap() {
    let fixture = Fixture::base().with(
        r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-adult-services"
from = 2020-09-01
basis = "interim"
"#,
    );
    expect(
        &fixture.eval("dcs_designated", ON),
        Fail,
        &[
            "Director of Children's Services (Tom Okafor)",
            "Director of Adult Social Services (Sarah Jones)",
        ],
    );
    expect(
        &fixture.eval("no_overlap", ON),
        Fail,
        &[
            "Director of Children's Services",
            "Director of Adult Social Services",
        ],
    );
    expect(&fixture.eval("dcs_designated", "2020-08-31"), Pass, &[]);
    expect(&fixture.eval("no_overlap", "2020-08-31"), Pass, &[]);
}

#[test]
fn a_dcs_designation_handed_from_one_post_to_another_passes_dcs_designated() {
    let fixture = Fixture::base().replace(
        "dcs-designation",
        r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-08-31

[[designations]]
council = "northshire"
role = "dcs"
post = "director-adult-services"
from = 2020-09-01
"#,
    );
    expect(
        &fixture.eval("dcs_designated", ON),
        Pass,
        &["Director of Adult Social Services"],
    );
    expect(&fixture.eval("no_overlap", ON), Pass, &[]);
}

#[test]
fn dcs_designated_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base().without("dcs-designation");
    expect(
        &fixture.eval("dcs_designated", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("dcs_designated", "2005-04-01"), Fail, &[]);
}

#[test]
fn dcs_designated_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("dcs-designation");
    expect(
        &fixture.eval("dcs_designated", ON),
        NotApplicable,
        &["district"],
    );
}

// ---------------------------------------------------------------- dcs_officer_of_council

#[test]
fn a_dcs_post_of_the_council_passes_dcs_officer_of_council() {
    expect(
        &Fixture::base().eval("dcs_officer_of_council", ON),
        Pass,
        &[
            "Director of Children's Services",
            "Northshire County Council",
        ],
    );
}

/// Northshire's DCS is Southshire's Director of Children's Services, shared by agreement.
fn shared_dcs_of_southshire() -> Fixture {
    Fixture::base().with(SOUTHSHIRE).replace(
        "dcs-designation",
        r#"
[[posts]]
id = "southshire-dcs"
org = "southshire"
title = "Joint Director of Children's Services"
reports_to = "chief-executive"

[[people]]
id = "amira-patel"
name = "Amira Patel"

[[appointments]]
person = "amira-patel"
post = "southshire-dcs"
from = 2020-06-01
basis = "shared"
employer = "southshire"

[[designations]]
council = "northshire"
role = "dcs"
post = "southshire-dcs"
from = 2020-06-01

[[designations]]
council = "southshire"
role = "dcs"
post = "southshire-dcs"
from = 2020-06-01
"#,
    )
}

#[test]
fn a_shared_dcs_post_of_another_council_passes_dcs_officer_of_council() {
    let fixture = shared_dcs_of_southshire();
    expect(
        &fixture.eval("dcs_officer_of_council", ON),
        Pass,
        &[
            "Joint Director of Children's Services",
            "Southshire Council",
        ],
    );
    expect(&fixture.eval("dcs_designated", ON), Pass, &["Amira Patel"]);
}

#[test]
fn a_dcs_post_of_a_childrens_trust_fails_dcs_officer_of_council() {
    let fixture = Fixture::base().replace(
        "dcs-designation",
        r#"
[[organisations]]
id = "northshire-childrens-trust"
name = "Northshire Children's Trust"
kind = "childrens_trust"
from = 2018-04-01

[[posts]]
id = "trust-chief-executive"
org = "northshire-childrens-trust"
title = "Chief Executive of the Children's Trust"

[[appointments]]
person = "tom-okafor"
post = "trust-chief-executive"
from = 2018-04-01

[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
to = 2018-03-31

[[designations]]
council = "northshire"
role = "dcs"
post = "trust-chief-executive"
from = 2018-04-01
"#,
    );
    expect(
        &fixture.eval("dcs_officer_of_council", ON),
        Fail,
        &[
            "Chief Executive of the Children's Trust",
            "Northshire Children's Trust",
        ],
    );
    expect(
        &fixture.eval("dcs_officer_of_council", "2018-03-31"),
        Pass,
        &[],
    );
}

#[test]
fn dcs_officer_of_council_looks_at_the_post_not_the_holders_employer() {
    let fixture = Fixture::base()
        .with(
            r#"
[[organisations]]
id = "northshire-childrens-trust"
name = "Northshire Children's Trust"
kind = "childrens_trust"
"#,
        )
        .replace(
            "dcs-holder",
            r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
basis = "secondment"
employer = "northshire-childrens-trust"
"#,
        );
    expect(&fixture.eval("dcs_officer_of_council", ON), Pass, &[]);
}

#[test]
fn dcs_officer_of_council_is_not_applicable_when_no_dcs_is_designated() {
    let fixture = Fixture::base().without("dcs-designation");
    expect(
        &fixture.eval("dcs_officer_of_council", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn dcs_officer_of_council_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::bare().with(
        r#"
[[organisations]]
id = "northshire-services-ltd"
name = "Northshire Services Ltd"
kind = "company"

[[posts]]
id = "company-director"
org = "northshire-services-ltd"
title = "Managing Director"

[[designations]]
council = "northshire"
role = "dcs"
post = "company-director"
from = 2004-01-01
"#,
    );
    expect(
        &fixture.eval("dcs_officer_of_council", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dcs_officer_of_council", "2005-04-01"),
        Fail,
        &["Managing Director", "Northshire Services Ltd"],
    );
}

// ---------------------------------------------------------------- lmcs_designated

#[test]
fn a_councillor_designated_lead_member_passes_lmcs_designated() {
    expect(
        &Fixture::base().eval("lmcs_designated", ON),
        Pass,
        &["Cabinet Member for Children and Young People", "Ruth Evans"],
    );
}

#[test]
fn no_lead_member_designation_fails_lmcs_designated() {
    let fixture = Fixture::base().without("lmcs-designation");
    expect(
        &fixture.eval("lmcs_designated", ON),
        Fail,
        &["Lead Member for Children's Services"],
    );
}

#[test]
fn a_vacant_lead_member_post_fails_lmcs_designated() {
    let fixture = Fixture::base().without("lmcs-holder");
    expect(
        &fixture.eval("lmcs_designated", ON),
        Fail,
        &["Cabinet Member for Children and Young People", "vacant"],
    );
}

#[test]
fn lead_member_holder_not_a_councillor_fails_lmcs_designated() {
    let fixture = Fixture::base().replace(
        "lmcs-holder",
        r#"
[[people]]
id = "ruth-evans"
name = "Ruth Evans"

[[appointments]]
person = "ruth-evans"
post = "cabinet-member-children"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("lmcs_designated", ON),
        Fail,
        &["Ruth Evans", "Cabinet Member for Children and Young People"],
    );
}

#[test]
fn lead_member_who_is_a_councillor_of_another_council_only_fails_lmcs_designated() {
    let fixture = Fixture::base().with(SOUTHSHIRE).replace(
        "lmcs-holder",
        r#"
[[people]]
id = "ruth-evans"
name = "Cllr Ruth Evans"
[[people.councillor]]
council = "southshire"
from = 2013-05-02

[[appointments]]
person = "ruth-evans"
post = "cabinet-member-children"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("lmcs_designated", ON),
        Fail,
        &["Ruth Evans", "Northshire County Council"],
    );
}

#[test]
fn lead_member_whose_councillor_term_ended_fails_lmcs_designated() {
    let fixture = Fixture::base().edit(
        "council = \"northshire\"\nfrom = 2013-05-02",
        "council = \"northshire\"\nfrom = 2013-05-02\nto = 2021-01-31",
    );
    expect(&fixture.eval("lmcs_designated", "2021-01-31"), Pass, &[]);
    expect(&fixture.eval("lmcs_designated", ON), Fail, &["Ruth Evans"]);
}

#[test]
fn lmcs_designated_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base().without("lmcs-designation");
    expect(
        &fixture.eval("lmcs_designated", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("lmcs_designated", "2005-04-01"), Fail, &[]);
}

#[test]
fn lmcs_designated_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("lmcs-holder");
    expect(&fixture.eval("lmcs_designated", ON), NotApplicable, &[]);
}

// ---------------------------------------------------------------- lmcs_executive_member

/// The Lead Member post is an ordinary member post, not on the executive.
fn lead_member_not_on_the_executive() -> Fixture {
    Fixture::base().replace(
        "lmcs-post",
        r#"
[[posts]]
id = "cabinet-member-children"
org = "northshire"
title = "Chair of Children's Scrutiny"
kind = "member"
"#,
    )
}

#[test]
fn an_executive_member_post_passes_lmcs_executive_member() {
    expect(
        &Fixture::base().eval("lmcs_executive_member", ON),
        Pass,
        &["Cabinet Member for Children and Young People"],
    );
}

#[test]
fn under_a_mayor_and_cabinet_an_executive_member_post_passes_lmcs_executive_member() {
    let fixture = Fixture::base().edit(
        "governance = \"leader_and_cabinet\"",
        "governance = \"mayor_and_cabinet\"",
    );
    expect(&fixture.eval("lmcs_executive_member", ON), Pass, &[]);
}

#[test]
fn a_lead_member_post_outside_the_executive_fails_lmcs_executive_member() {
    expect(
        &lead_member_not_on_the_executive().eval("lmcs_executive_member", ON),
        Fail,
        &["Chair of Children's Scrutiny"],
    );
}

#[test]
fn a_recorded_departure_accepts_a_lead_member_outside_the_executive() {
    let fixture =
        lead_member_not_on_the_executive().with(&departure("lmcs_executive_member", "2019-01-01"));
    expect(
        &fixture.eval("lmcs_executive_member", ON),
        Accepted,
        &["Chair of Children's Scrutiny"],
    );
}

#[test]
fn lmcs_executive_member_is_not_applicable_under_the_committee_system() {
    let fixture = lead_member_not_on_the_executive().edit("leader_and_cabinet", "committee");
    expect(
        &fixture.eval("lmcs_executive_member", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn lmcs_executive_member_is_unknown_when_governance_is_not_recorded() {
    let fixture = Fixture::base().edit("governance = \"leader_and_cabinet\"\n", "");
    expect(
        &fixture.eval("lmcs_executive_member", ON),
        Unknown,
        &["governance"],
    );
}

#[test]
fn lmcs_executive_member_is_not_applicable_when_no_lead_member_is_designated() {
    let fixture = lead_member_not_on_the_executive().without("lmcs-designation");
    expect(
        &fixture.eval("lmcs_executive_member", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn lmcs_executive_member_is_not_applicable_before_1_april_2005() {
    let fixture = lead_member_not_on_the_executive().edit("from = 2016-01-01", "from = 2004-01-01");
    expect(
        &fixture.eval("lmcs_executive_member", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("lmcs_executive_member", "2005-04-01"),
        Fail,
        &[],
    );
}

// ---------------------------------------------------------------- dcs_reports_to_chief_executive

/// A Deputy Chief Executive (People) post, reporting to the Chief Executive.
const DEPUTY: &str = r#"
[[posts]]
id = "deputy-chief-executive"
org = "northshire"
title = "Deputy Chief Executive (People)"
reports_to = "chief-executive"

[[people]]
id = "gail-quinn"
name = "Gail Quinn"

[[appointments]]
person = "gail-quinn"
post = "deputy-chief-executive"
from = 2016-01-01
"#;

/// The DCS reports to the Deputy Chief Executive (People) from 2019-04-01.
fn dcs_reporting_to_the_deputy() -> Fixture {
    Fixture::base().with(DEPUTY).replace(
        "dcs-line",
        r#"
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

#[test]
fn a_dcs_reporting_line_to_the_chief_executive_passes_dcs_reports_to_chief_executive() {
    expect(
        &Fixture::base().eval("dcs_reports_to_chief_executive", ON),
        Pass,
        &["Director of Children's Services", "Chief Executive"],
    );
}

#[test]
fn reporting_to_the_head_of_paid_service_through_the_posts_reports_to_passes() {
    let fixture = Fixture::base().without("dcs-line").replace(
        "dcs-post",
        r#"
[[posts]]
id = "director-childrens-services"
org = "northshire"
title = "Director of Children's Services"
reports_to = "chief-executive"
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Pass,
        &["Chief Executive"],
    );
}

#[test]
fn several_reporting_lines_one_of_them_to_the_head_of_paid_service_pass() {
    let fixture = Fixture::base().with(DEPUTY).with(
        r#"
[[reporting_lines]]
post = "director-childrens-services"
reports_to = "deputy-chief-executive"
from = 2019-04-01
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Pass,
        &[],
    );
}

#[test]
fn a_dcs_post_that_is_the_head_of_paid_service_post_passes_dcs_reports_to_chief_executive() {
    let fixture = Fixture::base().replace(
        "dcs-designation",
        r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "chief-executive"
from = 2016-01-01
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Pass,
        &["Chief Executive"],
    );
}

#[test]
fn a_dcs_reporting_to_a_deputy_fails_dcs_reports_to_chief_executive() {
    let fixture = dcs_reporting_to_the_deputy();
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Fail,
        &[
            "Director of Children's Services",
            "Deputy Chief Executive (People)",
            "Chief Executive (Helen Carter)",
        ],
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", "2019-03-31"),
        Pass,
        &[],
    );
}

#[test]
fn reporting_to_a_post_that_is_not_designated_head_of_paid_service_fails() {
    // The line goes to the Chief Executive post, but from 2020 the HoPS designation is on another
    // post, so the DCS no longer reports to the Head of Paid Service.
    let fixture = Fixture::base().with(DEPUTY).replace(
        "hops-designation",
        r#"
[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "chief-executive"
from = 2016-01-01
to = 2019-12-31

[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "deputy-chief-executive"
from = 2020-01-01
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Fail,
        &["Deputy Chief Executive (People)"],
    );
}

#[test]
fn a_recorded_departure_accepts_a_dcs_reporting_to_a_deputy() {
    let fixture = dcs_reporting_to_the_deputy()
        .with(&departure("dcs_reports_to_chief_executive", "2019-04-01"));
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Accepted,
        &["Deputy Chief Executive (People)"],
    );
}

#[test]
fn dcs_reports_to_chief_executive_is_unknown_when_the_dcs_post_has_no_reporting_line() {
    let fixture = Fixture::base().without("dcs-line");
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Unknown,
        &["Director of Children's Services"],
    );
}

#[test]
fn dcs_reports_to_chief_executive_is_unknown_when_no_head_of_paid_service_is_designated() {
    let fixture = Fixture::base().without("hops-designation");
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Unknown,
        &["Head of Paid Service"],
    );
}

#[test]
fn dcs_reports_to_chief_executive_is_not_applicable_when_no_dcs_is_designated() {
    let fixture = Fixture::base().without("dcs-designation");
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn dcs_reports_to_chief_executive_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base_from("2004-01-01").with(DEPUTY).replace(
        "dcs-line",
        r#"
[[reporting_lines]]
post = "director-childrens-services"
reports_to = "deputy-chief-executive"
from = 2004-01-01
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", "2005-04-01"),
        Fail,
        &["Deputy Chief Executive (People)"],
    );
}

#[test]
fn a_shared_dcs_reporting_only_to_the_other_councils_chief_executive_fails() {
    let fixture = shared_dcs_of_southshire()
        .edit(
            "title = \"Joint Director of Children's Services\"\nreports_to = \"chief-executive\"\n",
            "title = \"Joint Director of Children's Services\"\nreports_to = \"southshire-chief-executive\"\n",
        )
        .with(
            r#"
[[posts]]
id = "southshire-chief-executive"
org = "southshire"
title = "Chief Executive of Southshire"
"#,
        );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Fail,
        &[
            "Chief Executive of Southshire",
            "Chief Executive (Helen Carter)",
        ],
    );
}

#[test]
fn a_shared_dcs_reporting_to_both_chief_executives_passes_for_each_council() {
    let fixture = shared_dcs_of_southshire().with(
        r#"
[[posts]]
id = "southshire-chief-executive"
org = "southshire"
title = "Chief Executive of Southshire"

[[people]]
id = "owen-reid"
name = "Owen Reid"

[[appointments]]
person = "owen-reid"
post = "southshire-chief-executive"
from = 2010-01-01

[[designations]]
council = "southshire"
role = "head_of_paid_service"
post = "southshire-chief-executive"
from = 2010-01-01

[[reporting_lines]]
post = "southshire-dcs"
reports_to = "southshire-chief-executive"
from = 2020-06-01
"#,
    );
    expect(
        &fixture.eval("dcs_reports_to_chief_executive", ON),
        Pass,
        &[],
    );
    expect(
        &fixture.eval_for("southshire", "dcs_reports_to_chief_executive", ON),
        Pass,
        &[],
    );
}

// ---------------------------------------------------------------- dcs_additional_functions_assured

/// The DCS post also has adult social care from `from`.
fn dcs_with_adult_social_care_from(from: &str) -> Fixture {
    Fixture::base().with(&format!(
        r#"
[[responsibilities]]
post = "director-childrens-services"
functions = ["adult_social_care"]
from = {from}
"#
    ))
}

/// A local test of assurance covering the DCS, concluded on `concluded`.
fn dcs_review(id: &str, concluded: &str) -> String {
    format!(
        r#"
[[reviews]]
id = "{id}"
council = "northshire"
kind = "local_test_of_assurance"
roles = ["dcs"]
started = 2015-01-01
concluded = {concluded}
outcome = "assured"
"#
    )
}

#[test]
fn a_dcs_with_no_other_role_or_function_is_not_applicable_for_additional_functions() {
    expect(
        &Fixture::base().eval("dcs_additional_functions_assured", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn a_vacant_dcs_role_has_no_combination_to_assure() {
    let fixture = dcs_with_adult_social_care_from("2020-06-01").without("dcs-holder");
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn a_new_combination_without_a_review_is_due_for_six_months() {
    let fixture = dcs_with_adult_social_care_from("2020-12-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Due,
        &["Tom Okafor", "adult social care"],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2021-05-31"),
        Due,
        &[],
    );
}

#[test]
fn a_combination_is_due_through_the_last_day_a_review_could_still_count() {
    // A review concluded exactly six months after the start would still assure the combination,
    // so on that day the expectation has not yet failed.
    let fixture = dcs_with_adult_social_care_from("2020-12-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2021-06-01"),
        Due,
        &[],
    );
}

#[test]
fn a_combination_unreviewed_six_months_after_its_start_fails() {
    let fixture = dcs_with_adult_social_care_from("2020-12-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2021-06-02"),
        Fail,
        &["Tom Okafor", "adult social care"],
    );
    let older = dcs_with_adult_social_care_from("2020-06-01");
    expect(
        &older.eval("dcs_additional_functions_assured", ON),
        Fail,
        &["Tom Okafor", "adult social care"],
    );
}

// The base fixture's periodic review concluded on 2019-10-01; combinations below start on
// 2020-06-01 so that it falls outside their windows (2019-12-01 to 2020-12-01).

#[test]
fn a_review_covering_the_dcs_after_the_combination_started_passes() {
    let fixture =
        dcs_with_adult_social_care_from("2020-06-01").with(&dcs_review("ltoa-2020", "2020-10-15"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Pass,
        &["ltoa-2020"],
    );
}

#[test]
fn a_review_concluded_six_months_before_the_combination_start_passes() {
    let fixture =
        dcs_with_adult_social_care_from("2020-06-01").with(&dcs_review("ltoa-2019", "2019-12-01"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Pass,
        &["ltoa-2019"],
    );
}

#[test]
fn a_review_concluded_six_months_after_the_combination_start_passes() {
    let fixture =
        dcs_with_adult_social_care_from("2020-06-01").with(&dcs_review("ltoa-2020", "2020-12-01"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Pass,
        &["ltoa-2020"],
    );
}

#[test]
fn a_review_concluded_more_than_six_months_before_the_combination_does_not_count() {
    let fixture =
        dcs_with_adult_social_care_from("2020-06-01").with(&dcs_review("ltoa-2019", "2019-11-30"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Fail,
        &[],
    );
}

#[test]
fn a_review_concluded_more_than_six_months_after_the_combination_does_not_count() {
    let fixture =
        dcs_with_adult_social_care_from("2020-06-01").with(&dcs_review("ltoa-2020", "2020-12-02"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Fail,
        &[],
    );
}

#[test]
fn a_review_concluded_after_the_day_does_not_count_on_the_day() {
    let fixture =
        dcs_with_adult_social_care_from("2020-12-01").with(&dcs_review("ltoa-2021", "2021-04-01"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Due,
        &[],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2021-04-01"),
        Pass,
        &["ltoa-2021"],
    );
}

#[test]
fn a_review_not_covering_the_dcs_does_not_assure_the_combination() {
    let fixture = dcs_with_adult_social_care_from("2020-06-01").with(
        r#"
[[reviews]]
id = "dass-review-2020"
council = "northshire"
kind = "local_test_of_assurance"
roles = ["dass"]
started = 2020-06-01
concluded = 2020-08-01
"#,
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Fail,
        &[],
    );
}

/// A Director of People who is both DCS and DASS: Tom Okafor to 2020-05-31, then Amira Patel
/// from `second_from`.
fn director_of_people_with_a_new_holder_from(second_from: &str) -> Fixture {
    Fixture::base()
        .without("dass-designation")
        .replace(
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
to = 2020-05-31

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = {second_from}
"#
            ),
        )
        .with(
            r#"
[[designations]]
council = "northshire"
role = "dass"
post = "director-childrens-services"
from = 2016-01-01
"#,
        )
}

#[test]
fn the_dcs_also_designated_dass_is_a_combination_covered_by_the_2016_review() {
    // The base fixture's 2016 local test of assurance concluded two months after the start.
    let fixture = director_of_people_with_a_new_holder_from("2020-06-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2019-06-01"),
        Pass,
        &["Tom Okafor", "DASS", "review-2016"],
    );
}

#[test]
fn a_new_holder_with_the_same_combination_does_not_restart_it() {
    let fixture = director_of_people_with_a_new_holder_from("2020-06-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Pass,
        &["Amira Patel", "review-2016"],
    );
}

#[test]
fn a_vacancy_between_holders_restarts_the_combination() {
    let fixture = director_of_people_with_a_new_holder_from("2020-07-01");
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2020-06-15"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2020-09-01"),
        Due,
        &["Amira Patel"],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Fail,
        &["Amira Patel"],
    );
}

#[test]
fn adding_a_function_to_the_combination_restarts_it() {
    let fixture = director_of_people_with_a_new_holder_from("2020-06-01").with(
        r#"
[[responsibilities]]
post = "director-childrens-services"
functions = ["public_health"]
from = 2020-09-01
"#,
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2020-08-31"),
        Pass,
        &[],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2020-10-01"),
        Due,
        &["public health"],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2021-04-01"),
        Fail,
        &["public health"],
    );
}

#[test]
fn the_dcs_role_of_another_council_is_part_of_the_combination() {
    // Amira Patel holds Southshire's DCS post, designated DCS of both councils from 2020-06-01.
    let fixture = shared_dcs_of_southshire();
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Fail,
        &["Amira Patel", "Southshire Council"],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2020-09-01"),
        Due,
        &[],
    );
}

#[test]
fn a_post_in_an_organisation_that_is_not_a_council_is_part_of_the_combination() {
    let fixture = Fixture::base().with(
        r#"
[[organisations]]
id = "northshire-education-company"
name = "Northshire Education Services Ltd"
kind = "company"

[[posts]]
id = "company-managing-director"
org = "northshire-education-company"
title = "Managing Director"

[[appointments]]
person = "tom-okafor"
post = "company-managing-director"
from = 2020-11-01
fte = 0.2
"#,
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Due,
        &["Managing Director"],
    );
}

#[test]
fn a_recorded_departure_accepts_an_unassured_combination() {
    let fixture = dcs_with_adult_social_care_from("2020-06-01")
        .with(&departure("dcs_additional_functions_assured", "2020-12-02"));
    expect(
        &fixture.eval("dcs_additional_functions_assured", ON),
        Accepted,
        &["adult social care"],
    );
}

#[test]
fn dcs_additional_functions_assured_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base_from("2004-01-01").with(
        r#"
[[responsibilities]]
post = "director-childrens-services"
functions = ["housing"]
from = 2004-01-01
"#,
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("dcs_additional_functions_assured", "2005-04-01"),
        Fail,
        &["housing"],
    );
}
