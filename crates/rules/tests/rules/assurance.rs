//! Assurance: reviews after changes and regularly, reviews of interim holdings, review actions on
//! time, and reports on children's services delivered by others.
//!
//! In the base fixture the DCS and DASS were first designated, and their holders appointed, on
//! 2016-01-01; review-2016 (DCS, DASS, LMCS) concluded on 2016-03-01 and review-2019 (periodic,
//! the same roles) on 2019-10-01, with one action done on time.

use super::support::*;

/// The DCS post passes from Tom Okafor to Amira Patel on `from` (Tom leaves the day before).
fn new_dcs_holder(until: &str, from: &str) -> Fixture {
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
to = {until}

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = {from}
"#
        ),
    )
}

/// Adds a new DASS, Owen Reid, from `from` (Sarah Jones leaves the day before).
fn new_dass_holder(fixture: Fixture, until: &str, from: &str) -> Fixture {
    fixture.replace(
        "dass-holder",
        &format!(
            r#"
[[people]]
id = "sarah-jones"
name = "Sarah Jones"

[[people]]
id = "owen-reid"
name = "Owen Reid"

[[appointments]]
person = "sarah-jones"
post = "director-adult-services"
from = 2016-01-01
to = {until}

[[appointments]]
person = "owen-reid"
post = "director-adult-services"
from = {from}
"#
        ),
    )
}

/// A review of `roles` (TOML list items) concluded on `concluded`.
fn review(id: &str, roles: &str, concluded: &str) -> String {
    format!(
        r#"
[[reviews]]
id = "{id}"
council = "northshire"
kind = "local_test_of_assurance"
roles = [{roles}]
started = 2015-01-01
concluded = {concluded}
outcome = "assured"
"#
    )
}

// ---------------------------------------------------------------- change_triggers_review

#[test]
fn first_designations_reviewed_within_six_months_pass_change_triggers_review() {
    expect(
        &Fixture::base().eval("change_triggers_review", ON),
        Pass,
        &["review-2016"],
    );
}

#[test]
fn a_different_person_appointed_to_the_dcs_post_makes_a_review_due() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01");
    expect(
        &fixture.eval("change_triggers_review", ON),
        Due,
        &["DCS", "Amira Patel", "Director of Children's Services"],
    );
}

#[test]
fn a_change_unreviewed_after_six_months_fails_change_triggers_review() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01");
    // A review concluded on the last day of the window would still count, so it is still due.
    expect(
        &fixture.eval("change_triggers_review", "2021-06-01"),
        Due,
        &[],
    );
    expect(
        &fixture.eval("change_triggers_review", "2021-06-02"),
        Fail,
        &["DCS", "Amira Patel"],
    );
}

#[test]
fn a_review_after_the_change_passes_change_triggers_review() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").with(&review(
        "ltoa-2021",
        r#""dcs""#,
        "2021-02-01",
    ));
    expect(
        &fixture.eval("change_triggers_review", ON),
        Pass,
        &["ltoa-2021"],
    );
}

#[test]
fn a_review_concluded_three_months_before_the_change_passes() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").with(&review(
        "ltoa-2020",
        r#""dcs""#,
        "2020-09-01",
    ));
    expect(
        &fixture.eval("change_triggers_review", "2021-07-01"),
        Pass,
        &["ltoa-2020"],
    );
}

#[test]
fn a_review_concluded_more_than_three_months_before_the_change_does_not_count() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").with(&review(
        "ltoa-2020",
        r#""dcs""#,
        "2020-08-31",
    ));
    expect(&fixture.eval("change_triggers_review", ON), Due, &[]);
    expect(
        &fixture.eval("change_triggers_review", "2021-07-01"),
        Fail,
        &[],
    );
}

#[test]
fn a_review_concluded_after_the_day_does_not_count_for_change_triggers_review() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").with(&review(
        "ltoa-2021",
        r#""dcs""#,
        "2021-04-01",
    ));
    expect(&fixture.eval("change_triggers_review", ON), Due, &[]);
    expect(
        &fixture.eval("change_triggers_review", "2021-04-01"),
        Pass,
        &["ltoa-2021"],
    );
}

#[test]
fn a_review_covering_only_the_dass_does_not_review_a_dcs_change() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").with(&review(
        "dass-2021",
        r#""dass""#,
        "2021-02-01",
    ));
    expect(&fixture.eval("change_triggers_review", ON), Due, &["DCS"]);
}

#[test]
fn the_first_holder_of_a_designated_post_counts_as_a_change() {
    let fixture = Fixture::base().replace(
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2020-12-01
"#,
    );
    expect(
        &fixture.eval("change_triggers_review", ON),
        Due,
        &["Tom Okafor"],
    );
}

#[test]
fn the_same_person_reappointed_without_a_break_is_not_a_change() {
    let fixture = Fixture::base().replace(
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-11-30
basis = "interim"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2020-12-01
basis = "permanent"
"#,
    );
    expect(
        &fixture.eval("change_triggers_review", ON),
        Pass,
        &["review-2016"],
    );
}

#[test]
fn designating_the_dcs_to_a_different_post_is_a_change() {
    let fixture = Fixture::base().replace(
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
post = "director-adult-services"
from = 2020-12-01
"#,
    );
    expect(
        &fixture.eval("change_triggers_review", ON),
        Due,
        &["Director of Adult Social Services"],
    );
}

#[test]
fn designating_the_same_post_again_after_a_gap_is_not_a_change() {
    let fixture = Fixture::base().replace(
        "dcs-designation",
        r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-10-31

[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2020-12-01
"#,
    );
    expect(&fixture.eval("change_triggers_review", ON), Pass, &[]);
}

#[test]
fn a_restructure_naming_the_dcs_post_is_a_change() {
    let fixture = Fixture::base().with(
        r#"
[[events]]
council = "northshire"
date = 2020-12-01
kind = "restructure"
posts = ["director-childrens-services"]
summary = "Children's services and education brought under one directorate"
"#,
    );
    expect(
        &fixture.eval("change_triggers_review", ON),
        Due,
        &["restructure", "Director of Children's Services"],
    );
}

#[test]
fn a_restructure_naming_other_posts_is_not_a_change() {
    let fixture = Fixture::base().with(
        r#"
[[events]]
council = "northshire"
date = 2020-12-01
kind = "restructure"
posts = ["director-finance"]
"#,
    );
    expect(&fixture.eval("change_triggers_review", ON), Pass, &[]);
}

#[test]
fn an_inspection_naming_the_dcs_post_is_not_a_change() {
    let fixture = Fixture::base().with(
        r#"
[[events]]
council = "northshire"
date = 2020-12-01
kind = "inspection"
posts = ["director-childrens-services"]
"#,
    );
    expect(&fixture.eval("change_triggers_review", ON), Pass, &[]);
}

#[test]
fn an_unreviewed_change_of_dass_fails_change_triggers_review() {
    let fixture = new_dass_holder(Fixture::base(), "2020-01-31", "2020-02-01");
    expect(
        &fixture.eval("change_triggers_review", ON),
        Fail,
        &["DASS", "Owen Reid"],
    );
}

#[test]
fn dcs_and_dass_are_both_checked_and_the_worst_is_reported() {
    // The DCS change is due; the DASS change is a year old and unreviewed.
    let both = new_dass_holder(
        new_dcs_holder("2020-11-30", "2020-12-01"),
        "2020-01-31",
        "2020-02-01",
    );
    expect(
        &both.eval("change_triggers_review", ON),
        Fail,
        &["DASS", "Owen Reid"],
    );
    // The DCS change is due; the DASS is as reviewed in 2016.
    let dcs_only = new_dcs_holder("2020-11-30", "2020-12-01");
    expect(&dcs_only.eval("change_triggers_review", ON), Due, &["DCS"]);
}

#[test]
fn a_recorded_departure_accepts_an_unreviewed_change() {
    let fixture = new_dass_holder(Fixture::base(), "2020-01-31", "2020-02-01")
        .with(&departure("change_triggers_review", "2020-09-01"));
    expect(
        &fixture.eval("change_triggers_review", ON),
        Accepted,
        &["Owen Reid"],
    );
}

#[test]
fn change_triggers_review_is_not_applicable_when_neither_dcs_nor_dass_was_designated() {
    let fixture = Fixture::base()
        .without("dcs-designation")
        .without("dass-designation");
    expect(
        &fixture.eval("change_triggers_review", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn change_triggers_review_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base_from("2004-01-01");
    expect(
        &fixture.eval("change_triggers_review", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("change_triggers_review", "2005-04-01"),
        Fail,
        &[],
    );
}

#[test]
fn change_triggers_review_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = new_dcs_holder("2020-11-30", "2020-12-01").kind("non_metropolitan_district");
    expect(
        &fixture.eval("change_triggers_review", "2021-07-01"),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- periodic_review

#[test]
fn a_review_in_the_last_24_months_passes_periodic_review() {
    expect(
        &Fixture::base().eval("periodic_review", ON),
        Pass,
        &["review-2019"],
    );
}

#[test]
fn the_day_exactly_24_months_after_the_latest_review_fails_periodic_review() {
    let fixture = Fixture::base();
    expect(&fixture.eval("periodic_review", "2021-09-30"), Pass, &[]);
    expect(
        &fixture.eval("periodic_review", "2021-10-01"),
        Fail,
        &["review-2019"],
    );
}

#[test]
fn the_first_dcs_designation_starts_the_24_months_when_it_is_later_than_any_review() {
    // Designations from 2020-01-01; the base reviews (2016, 2019) are older.
    let fixture = Fixture::base_from("2020-01-01");
    expect(&fixture.eval("periodic_review", "2021-12-31"), Pass, &[]);
    expect(&fixture.eval("periodic_review", "2022-01-01"), Fail, &[]);
}

#[test]
fn a_review_concluded_after_the_day_does_not_count_for_periodic_review() {
    let fixture = Fixture::base().with(&review("periodic-2021", r#""dcs""#, "2021-11-01"));
    expect(&fixture.eval("periodic_review", "2021-10-01"), Fail, &[]);
    expect(
        &fixture.eval("periodic_review", "2021-11-01"),
        Pass,
        &["periodic-2021"],
    );
}

#[test]
fn a_review_not_covering_the_dcs_does_not_count_for_periodic_review() {
    let fixture = Fixture::base().with(&review("dass-2021", r#""dass", "lmcs""#, "2021-06-01"));
    expect(&fixture.eval("periodic_review", "2021-10-01"), Fail, &[]);
}

#[test]
fn a_review_still_open_does_not_count_for_periodic_review() {
    let fixture = Fixture::base().with(
        r#"
[[reviews]]
id = "live-2021"
council = "northshire"
kind = "periodic_review"
roles = ["dcs"]
started = 2021-06-01
"#,
    );
    expect(&fixture.eval("periodic_review", "2021-10-01"), Fail, &[]);
}

#[test]
fn a_review_by_another_council_does_not_count_for_periodic_review() {
    let fixture = Fixture::base().with(SOUTHSHIRE).with(
        r#"
[[reviews]]
id = "southshire-2021"
council = "southshire"
kind = "periodic_review"
roles = ["dcs"]
started = 2021-01-01
concluded = 2021-06-01
"#,
    );
    expect(&fixture.eval("periodic_review", "2021-10-01"), Fail, &[]);
}

#[test]
fn a_recorded_departure_accepts_an_overdue_periodic_review() {
    let fixture = Fixture::base().with(&departure("periodic_review", "2021-10-01"));
    expect(
        &fixture.eval("periodic_review", "2021-10-01"),
        Accepted,
        &[],
    );
}

#[test]
fn periodic_review_is_not_applicable_before_any_dcs_designation() {
    let fixture = Fixture::base().without("dcs-designation");
    expect(&fixture.eval("periodic_review", ON), NotApplicable, &[]);
    let later = Fixture::base_from("2020-01-01").without("reviews");
    expect(
        &later.eval("periodic_review", "2019-12-31"),
        NotApplicable,
        &[],
    );
}

#[test]
fn periodic_review_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base_from("2003-01-01").without("reviews");
    expect(
        &fixture.eval("periodic_review", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(&fixture.eval("periodic_review", "2005-04-01"), Fail, &[]);
}

#[test]
fn periodic_review_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base().kind("non_metropolitan_district");
    expect(
        &fixture.eval("periodic_review", "2021-10-01"),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- interim_reviewed

/// The DCS designation is interim from `from` (permanent before).
fn interim_dcs_designation_from(until: &str, from: &str) -> Fixture {
    Fixture::base().replace(
        "dcs-designation",
        &format!(
            r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
to = {until}

[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = {from}
basis = "interim"
"#
        ),
    )
}

/// Tom Okafor leaves on 2020-05-31; Amira Patel is acting DCS from 2020-06-01.
fn acting_dcs_since_june_2020() -> Fixture {
    Fixture::base().replace(
        "dcs-holder",
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
from = 2020-06-01
basis = "acting"
"#,
    )
}

#[test]
fn interim_reviewed_is_not_applicable_when_no_role_is_held_on_an_interim_basis() {
    expect(
        &Fixture::base().eval("interim_reviewed", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn an_interim_designation_under_six_months_old_passes_interim_reviewed() {
    let fixture = interim_dcs_designation_from("2020-11-30", "2020-12-01");
    expect(
        &fixture.eval("interim_reviewed", ON),
        Pass,
        &["Director of Children's Services"],
    );
}

#[test]
fn an_interim_designation_over_six_months_old_without_a_review_fails_interim_reviewed() {
    let fixture = interim_dcs_designation_from("2020-05-31", "2020-06-01");
    expect(
        &fixture.eval("interim_reviewed", ON),
        Fail,
        &["Director of Children's Services"],
    );
}

#[test]
fn an_acting_appointment_is_an_interim_holding() {
    expect(
        &acting_dcs_since_june_2020().eval("interim_reviewed", ON),
        Fail,
        &["Director of Children's Services"],
    );
}

#[test]
fn an_interim_holding_of_exactly_six_months_passes_interim_reviewed() {
    // "More than 6 months before D": 1 September 2020 is exactly six months before 1 March 2021.
    let exactly = interim_dcs_designation_from("2020-08-31", "2020-09-01");
    expect(&exactly.eval("interim_reviewed", ON), Pass, &[]);
    let one_day_more = interim_dcs_designation_from("2020-08-30", "2020-08-31");
    expect(&one_day_more.eval("interim_reviewed", ON), Fail, &[]);
}

#[test]
fn a_continuous_interim_holding_may_pass_through_several_interim_people() {
    // Amira Patel is interim from June to October 2020, Ben Hughes from November: the interim
    // holding began in June, more than six months before 1 March 2021.
    let fixture = Fixture::base().replace(
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[people]]
id = "amira-patel"
name = "Amira Patel"

[[people]]
id = "ben-hughes"
name = "Ben Hughes"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-05-31

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = 2020-06-01
to = 2020-10-31
basis = "interim"

[[appointments]]
person = "ben-hughes"
post = "director-childrens-services"
from = 2020-11-01
basis = "interim"
"#,
    );
    expect(
        &fixture.eval("interim_reviewed", ON),
        Fail,
        &["Director of Children's Services"],
    );
}

#[test]
fn a_permanent_appointment_ends_the_interim_holding() {
    let fixture = Fixture::base().replace(
        "dcs-holder",
        r#"
[[people]]
id = "amira-patel"
name = "Amira Patel"

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-06-30
basis = "interim"

[[appointments]]
person = "amira-patel"
post = "director-childrens-services"
from = 2020-07-01
basis = "permanent"
"#,
    );
    expect(&fixture.eval("interim_reviewed", "2020-06-30"), Fail, &[]);
    expect(&fixture.eval("interim_reviewed", ON), NotApplicable, &[]);
}

#[test]
fn a_review_of_the_role_in_the_last_six_months_passes_interim_reviewed() {
    let fixture =
        acting_dcs_since_june_2020().with(&review("interim-2021", r#""dcs""#, "2021-01-15"));
    expect(
        &fixture.eval("interim_reviewed", ON),
        Pass,
        &["interim-2021"],
    );
}

#[test]
fn a_review_exactly_six_months_old_does_not_count_for_interim_reviewed() {
    let fixture =
        acting_dcs_since_june_2020().with(&review("interim-2020", r#""dcs""#, "2020-09-01"));
    expect(&fixture.eval("interim_reviewed", "2021-02-28"), Pass, &[]);
    expect(&fixture.eval("interim_reviewed", ON), Fail, &[]);
}

#[test]
fn a_review_of_another_role_does_not_count_for_interim_reviewed() {
    let fixture =
        acting_dcs_since_june_2020().with(&review("dass-2021", r#""dass""#, "2021-01-15"));
    expect(&fixture.eval("interim_reviewed", ON), Fail, &[]);
}

#[test]
fn an_interim_lead_member_is_checked_by_interim_reviewed() {
    let fixture = Fixture::base().replace(
        "lmcs-holder",
        r#"
[[people]]
id = "ruth-evans"
name = "Cllr Ruth Evans"
[[people.councillor]]
council = "northshire"
from = 2013-05-02

[[appointments]]
person = "ruth-evans"
post = "cabinet-member-children"
from = 2016-01-01
to = 2020-05-31

[[appointments]]
person = "ruth-evans"
post = "cabinet-member-children"
from = 2020-06-01
basis = "acting"
"#,
    );
    expect(
        &fixture.eval("interim_reviewed", ON),
        Fail,
        &["Lead Member for Children's Services"],
    );
}

#[test]
fn an_interim_monitoring_officer_of_a_district_is_checked_by_interim_reviewed() {
    let fixture = Fixture::base().kind("non_metropolitan_district").replace(
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
    expect(
        &fixture.eval("interim_reviewed", ON),
        Fail,
        &["Monitoring Officer"],
    );
}

#[test]
fn an_interim_dcs_of_a_district_is_not_checked_by_interim_reviewed() {
    let fixture = acting_dcs_since_june_2020().kind("non_metropolitan_district");
    expect(&fixture.eval("interim_reviewed", ON), NotApplicable, &[]);
}

#[test]
fn an_interim_designation_of_a_vacant_post_is_not_an_interim_holding() {
    let fixture = interim_dcs_designation_from("2020-05-31", "2020-06-01").replace(
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
to = 2020-05-31
"#,
    );
    expect(&fixture.eval("interim_reviewed", ON), NotApplicable, &[]);
}

#[test]
fn a_review_concluded_after_the_day_does_not_count_for_interim_reviewed() {
    let fixture =
        acting_dcs_since_june_2020().with(&review("interim-2021", r#""dcs""#, "2021-03-02"));
    expect(&fixture.eval("interim_reviewed", ON), Fail, &[]);
    expect(&fixture.eval("interim_reviewed", "2021-03-02"), Pass, &[]);
}

#[test]
fn interim_reviewed_is_in_force_on_any_date() {
    let fixture = Fixture::bare().with(
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
from = 1980-01-01
basis = "acting"

[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "chief-executive"
from = 1980-01-01
"#,
    );
    expect(
        &fixture.eval("interim_reviewed", "1981-01-01"),
        Fail,
        &["Head of Paid Service"],
    );
}

// ---------------------------------------------------------------- review_actions_on_time

/// A review started on `started` with one action due on `due`, done on `done` if given.
fn review_with_action(started: &str, due: &str, done: Option<&str>) -> String {
    let done = done.map_or_else(String::new, |d| format!("done = {d}\n"));
    format!(
        r#"
[[reviews]]
id = "review-2020"
council = "northshire"
kind = "local_test_of_assurance"
roles = ["dcs"]
started = {started}
[[reviews.actions]]
title = "Appoint a permanent Director of Children's Services"
owner = "chief-executive"
due = {due}
{done}"#
    )
}

#[test]
fn actions_done_by_their_due_date_pass_review_actions_on_time() {
    expect(
        &Fixture::base().eval("review_actions_on_time", ON),
        Pass,
        &[],
    );
}

#[test]
fn an_open_action_past_its_due_date_fails_review_actions_on_time() {
    let fixture = Fixture::base().with(&review_with_action("2020-06-01", "2020-12-31", None));
    expect(
        &fixture.eval("review_actions_on_time", ON),
        Fail,
        &[
            "Appoint a permanent Director of Children's Services",
            "review-2020",
            "Chief Executive",
        ],
    );
}

#[test]
fn an_action_done_after_the_day_is_open_on_the_day() {
    let fixture = Fixture::base().with(&review_with_action(
        "2020-06-01",
        "2020-12-31",
        Some("2021-04-01"),
    ));
    expect(&fixture.eval("review_actions_on_time", ON), Fail, &[]);
    expect(
        &fixture.eval("review_actions_on_time", "2021-04-01"),
        Pass,
        &[],
    );
}

#[test]
fn an_action_due_on_the_day_is_not_yet_overdue() {
    let fixture = Fixture::base().with(&review_with_action("2020-06-01", ON, None));
    expect(&fixture.eval("review_actions_on_time", ON), Pass, &[]);
    expect(
        &fixture.eval("review_actions_on_time", "2021-03-02"),
        Fail,
        &[],
    );
}

#[test]
fn an_action_done_late_is_no_longer_open() {
    let fixture = Fixture::base().with(&review_with_action(
        "2020-06-01",
        "2020-12-31",
        Some("2021-02-01"),
    ));
    expect(&fixture.eval("review_actions_on_time", ON), Pass, &[]);
}

#[test]
fn actions_of_reviews_started_after_the_day_are_ignored() {
    let fixture = Fixture::base().with(&review_with_action("2021-04-01", "2021-01-01", None));
    expect(&fixture.eval("review_actions_on_time", ON), Pass, &[]);
    expect(
        &fixture.eval("review_actions_on_time", "2021-04-01"),
        Fail,
        &[],
    );
}

#[test]
fn actions_of_another_councils_reviews_are_ignored() {
    let fixture = Fixture::base().with(SOUTHSHIRE).with(
        r#"
[[reviews]]
id = "southshire-2020"
council = "southshire"
kind = "local_test_of_assurance"
roles = ["dcs"]
started = 2020-06-01
[[reviews.actions]]
title = "Southshire's own action"
owner = "chief-executive"
due = 2020-12-31
"#,
    );
    expect(&fixture.eval("review_actions_on_time", ON), Pass, &[]);
    expect(
        &fixture.eval_for("southshire", "review_actions_on_time", ON),
        Fail,
        &["Southshire's own action"],
    );
}

#[test]
fn review_actions_on_time_is_not_applicable_without_actions() {
    let fixture =
        Fixture::base()
            .without("reviews")
            .with(&review("ltoa-2020", r#""dcs""#, "2020-06-01"));
    expect(
        &fixture.eval("review_actions_on_time", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn review_actions_on_time_is_in_force_on_any_date() {
    let fixture = Fixture::base_from("1997-01-01").with(&review_with_action(
        "1998-01-01",
        "1998-06-30",
        None,
    ));
    expect(
        &fixture.eval("review_actions_on_time", "1999-01-01"),
        Fail,
        &[],
    );
}

#[test]
fn review_actions_on_time_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .with(&review_with_action("2020-06-01", "2020-12-31", None));
    expect(
        &fixture.eval("review_actions_on_time", ON),
        NotApplicable,
        &[],
    );
}

// ---------------------------------------------------------------- commissioned_services_reported

const TRUST: &str = r#"
[[organisations]]
id = "northshire-childrens-trust"
name = "Northshire Children's Trust"
kind = "childrens_trust"
from = 2018-04-01
"#;

/// Children's social care delivered by the trust from `from` under a direction.
fn trust_delivery_from(from: &str) -> Fixture {
    Fixture::base().with(TRUST).with(&format!(
        r#"
[[delivery]]
council = "northshire"
function = "childrens_social_care"
provider = "northshire-childrens-trust"
from = {from}
basis = "statutory_direction"
citation = "Education Act 1996 s497A"
"#
    ))
}

/// A performance report about `about` (an organisation id) dated `date`.
fn performance_report(id: &str, date: &str, about: &str) -> String {
    format!(
        r#"
[[documents]]
id = "{id}"
council = "northshire"
kind = "performance_report"
date = {date}
title = "Children's Trust performance report"
about = ["{about}"]
"#
    )
}

#[test]
fn commissioned_services_reported_is_not_applicable_without_delivery_by_others() {
    expect(
        &Fixture::base().eval("commissioned_services_reported", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn a_delivery_in_its_first_12_months_without_a_report_is_due() {
    let fixture = trust_delivery_from("2020-10-01");
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Due,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn the_first_12_months_of_a_delivery_from_29_february_end_the_day_before_28_february() {
    // 29 February 2020 plus 12 months is 28 February 2021: the first 12 months end the day before.
    let fixture = trust_delivery_from("2020-02-29");
    expect(
        &fixture.eval("commissioned_services_reported", "2021-02-27"),
        Due,
        &[],
    );
    expect(
        &fixture.eval("commissioned_services_reported", "2021-02-28"),
        Fail,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn a_delivery_is_due_for_exactly_its_first_12_months() {
    let fixture = trust_delivery_from("2020-03-01");
    expect(
        &fixture.eval("commissioned_services_reported", "2021-02-28"),
        Due,
        &[],
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn a_delivery_without_a_report_after_its_first_12_months_fails() {
    let fixture = trust_delivery_from("2019-04-01");
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &["Northshire Children's Trust", "social care"],
    );
}

#[test]
fn a_performance_report_about_the_provider_in_the_last_12_months_passes() {
    let fixture = trust_delivery_from("2019-04-01").with(&performance_report(
        "trust-q3",
        "2020-12-01",
        "northshire-childrens-trust",
    ));
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Pass,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn a_performance_report_exactly_12_months_old_fails() {
    let fixture = trust_delivery_from("2019-04-01").with(&performance_report(
        "trust-2020",
        "2020-03-01",
        "northshire-childrens-trust",
    ));
    expect(
        &fixture.eval("commissioned_services_reported", "2021-02-28"),
        Pass,
        &[],
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &[],
    );
}

#[test]
fn a_performance_report_about_the_council_rather_than_the_provider_does_not_count() {
    let fixture = trust_delivery_from("2019-04-01").with(&performance_report(
        "council-q3",
        "2020-12-01",
        "northshire",
    ));
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &[],
    );
}

#[test]
fn another_kind_of_document_about_the_provider_does_not_count() {
    let fixture = trust_delivery_from("2019-04-01").with(
        r#"
[[documents]]
id = "trust-annual-report"
council = "northshire"
kind = "annual_report"
date = 2020-12-01
title = "Northshire Children's Trust annual report"
about = ["northshire-childrens-trust"]
"#,
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &[],
    );
}

#[test]
fn education_delivered_by_a_company_is_checked_too() {
    let fixture = Fixture::base().with(
        r#"
[[organisations]]
id = "northshire-learning"
name = "Northshire Learning Ltd"
kind = "company"

[[delivery]]
council = "northshire"
function = "education"
provider = "northshire-learning"
from = 2019-09-01
basis = "company"
"#,
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Fail,
        &["Northshire Learning Ltd", "education"],
    );
}

#[test]
fn adult_social_care_delivered_by_others_is_not_checked() {
    let fixture = Fixture::base().with(TRUST).with(
        r#"
[[delivery]]
council = "northshire"
function = "adult_social_care"
provider = "northshire-childrens-trust"
from = 2019-04-01
basis = "contract"
"#,
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn a_delivery_that_ended_before_the_day_is_not_checked() {
    let fixture = Fixture::base().with(TRUST).with(
        r#"
[[delivery]]
council = "northshire"
function = "childrens_social_care"
provider = "northshire-childrens-trust"
from = 2018-04-01
to = 2020-03-31
basis = "statutory_direction"
"#,
    );
    expect(
        &fixture.eval("commissioned_services_reported", "2020-03-31"),
        Fail,
        &[],
    );
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        NotApplicable,
        &[],
    );
}

#[test]
fn a_recorded_departure_accepts_an_unreported_delivery() {
    let fixture = trust_delivery_from("2019-04-01")
        .with(&departure("commissioned_services_reported", "2020-04-01"));
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        Accepted,
        &["Northshire Children's Trust"],
    );
}

#[test]
fn commissioned_services_reported_is_not_applicable_before_1_april_2005() {
    let fixture = Fixture::base().with(
        r#"
[[organisations]]
id = "northshire-learning"
name = "Northshire Learning Ltd"
kind = "company"

[[delivery]]
council = "northshire"
function = "education"
provider = "northshire-learning"
from = 2003-01-01
basis = "contract"
"#,
    );
    expect(
        &fixture.eval("commissioned_services_reported", "2005-03-31"),
        NotApplicable,
        &[],
    );
    expect(
        &fixture.eval("commissioned_services_reported", "2005-04-01"),
        Fail,
        &[],
    );
}

#[test]
fn commissioned_services_reported_is_not_applicable_to_a_non_metropolitan_district() {
    let fixture = trust_delivery_from("2019-04-01").kind("non_metropolitan_district");
    expect(
        &fixture.eval("commissioned_services_reported", ON),
        NotApplicable,
        &[],
    );
}
