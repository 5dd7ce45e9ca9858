//! The catalogue as a whole: its ids and levels (a public contract, DESIGN.md §5), the dates each
//! rule comes into force (§5.1), and what every rule says about a council that does not exist on
//! the day or is of the wrong kind.

use super::support::*;
use assure_rules::{Catalogue, Level};

/// DESIGN.md §5: every rule id and its level, in the order of the table.
const DESIGN_TABLE: &[(&str, Level)] = &[
    ("hops_designated", Level::Must),
    ("mo_designated", Level::Must),
    ("cfo_designated", Level::Must),
    ("mo_not_cfo", Level::Must),
    ("mo_not_hops", Level::Must),
    ("statutory_officer_not_councillor", Level::Must),
    ("dcs_designated", Level::Must),
    ("dcs_officer_of_council", Level::Must),
    ("lmcs_designated", Level::Must),
    ("lmcs_executive_member", Level::Should),
    ("dcs_reports_to_chief_executive", Level::Should),
    ("dcs_additional_functions_assured", Level::Should),
    ("dass_designated", Level::Must),
    ("dass_reports_to_chief_executive", Level::Should),
    ("dph_designated", Level::Must),
    ("dph_reports_to_chief_executive", Level::Should),
    ("hwb_statutory_members", Level::Must),
    ("change_triggers_review", Level::Should),
    ("periodic_review", Level::Should),
    ("interim_reviewed", Level::GoodPractice),
    ("review_actions_on_time", Level::GoodPractice),
    ("commissioned_services_reported", Level::Should),
    ("lscb_established", Level::Must),
    ("safeguarding_partners", Level::Must),
    ("safeguarding_arrangements_published", Level::Must),
    ("safeguarding_independent_scrutiny", Level::Must),
    ("safeguarding_yearly_report", Level::Must),
    ("sab_established", Level::Must),
    ("no_overlap", Level::Data),
];

#[test]
fn the_catalogue_has_exactly_the_29_rules_of_design_with_their_levels() {
    let catalogue = Catalogue::v1();
    let ids: Vec<&str> = catalogue.rules.iter().map(|r| r.id.as_str()).collect();
    let expected: Vec<&str> = DESIGN_TABLE.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected);
    for (id, level) in DESIGN_TABLE {
        assert_eq!(catalogue.get(id).unwrap().level, *level, "level of {id}");
    }
}

#[test]
fn every_rule_has_a_citation_on_every_day() {
    for rule in &Catalogue::v1().rules {
        for on in ["1980-01-01", "2005-04-01", "2013-04-01", "2023-06-20"] {
            assert!(!rule.citation_on(day(on)).is_empty(), "{} on {on}", rule.id);
        }
    }
}

/// DESIGN.md §5.1 "In force": the first day of each rule (`None`: always in force).
const IN_FORCE_FROM: &[(&str, Option<&str>)] = &[
    ("hops_designated", Some("1990-01-01")),
    ("mo_designated", Some("1990-01-01")),
    ("mo_not_cfo", Some("1990-01-01")),
    ("statutory_officer_not_councillor", Some("1990-01-01")),
    ("cfo_designated", Some("1974-04-01")),
    ("mo_not_hops", Some("2001-01-01")),
    ("dcs_designated", Some("2005-04-01")),
    ("dcs_officer_of_council", Some("2005-04-01")),
    ("lmcs_designated", Some("2005-04-01")),
    ("lmcs_executive_member", Some("2005-04-01")),
    ("dcs_reports_to_chief_executive", Some("2005-04-01")),
    ("dcs_additional_functions_assured", Some("2005-04-01")),
    ("change_triggers_review", Some("2005-04-01")),
    ("periodic_review", Some("2005-04-01")),
    ("commissioned_services_reported", Some("2005-04-01")),
    ("dass_designated", Some("2005-04-01")),
    ("dass_reports_to_chief_executive", Some("2006-05-01")),
    ("dph_designated", Some("2013-04-01")),
    ("dph_reports_to_chief_executive", Some("2013-04-01")),
    ("hwb_statutory_members", Some("2013-04-01")),
    ("sab_established", Some("2015-04-01")),
    ("lscb_established", Some("2006-04-01")),
    ("safeguarding_partners", Some("2019-09-29")),
    ("safeguarding_independent_scrutiny", Some("2019-09-29")),
    ("safeguarding_arrangements_published", Some("2019-06-29")),
    ("interim_reviewed", None),
    ("review_actions_on_time", None),
    ("no_overlap", None),
];

#[test]
fn each_rule_comes_into_force_on_the_day_design_gives() {
    for (id, from) in IN_FORCE_FROM {
        let rule = Catalogue::v1().get(id).unwrap();
        match from {
            Some(from) => {
                let first = day(from);
                assert!(rule.in_force.contains(first), "{id} in force on {from}");
                assert!(
                    !rule.in_force.contains(first.yesterday().unwrap()),
                    "{id} not in force the day before {from}"
                );
            }
            None => assert!(
                rule.in_force.contains(day("1900-01-01")),
                "{id} always in force"
            ),
        }
    }
}

#[test]
fn the_lscb_rule_is_in_force_until_28_september_2019_at_the_latest() {
    let rule = Catalogue::v1().get("lscb_established").unwrap();
    assert!(rule.in_force.contains(day("2019-09-28")));
    assert!(!rule.in_force.contains(day("2019-09-29")));
}

#[test]
fn the_base_fixture_is_compliant_on_its_day() {
    for finding in Fixture::base().check(ON) {
        assert!(
            matches!(finding.status, Pass | NotApplicable),
            "{} is {}: {}",
            finding.rule,
            finding.status,
            finding.message
        );
    }
}

#[test]
fn check_reports_every_rule_in_catalogue_order_with_level_and_citation() {
    let findings = Fixture::base().check(ON);
    let ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    let expected: Vec<&str> = DESIGN_TABLE.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected);
    for (finding, (_, level)) in findings.iter().zip(DESIGN_TABLE) {
        assert_eq!(finding.level, *level);
        assert!(
            !finding.citation.is_empty(),
            "{} has no citation",
            finding.rule
        );
        assert!(
            !finding.message.is_empty(),
            "{} has no message",
            finding.rule
        );
    }
}

#[test]
fn every_rule_is_not_applicable_after_the_council_is_abolished() {
    let fixture = Fixture::base().edit("from = 1974-04-01", "from = 1974-04-01\nto = 2020-12-31");
    assert_eq!(fixture.eval("dcs_designated", "2020-12-31").status, Pass);
    for finding in fixture.check(ON) {
        expect(&finding, NotApplicable, &["Northshire County Council"]);
    }
}

#[test]
fn every_rule_is_not_applicable_before_the_council_exists() {
    let fixture = Fixture::base().edit("from = 1974-04-01", "from = 2016-06-01");
    for finding in fixture.check("2016-05-31") {
        expect(&finding, NotApplicable, &["Northshire County Council"]);
    }
    assert_eq!(fixture.eval("dcs_designated", "2016-06-01").status, Pass);
}

#[test]
fn a_non_metropolitan_district_gets_not_applicable_for_every_childrens_services_rule() {
    // Everything a children's services rule could fail on is missing, so only the kind of council
    // can make these rules not applicable.
    let fixture = Fixture::base()
        .kind("non_metropolitan_district")
        .without("dcs-designation")
        .without("lmcs-designation")
        .without("dass-designation")
        .without("dph-designation")
        .without("hwb")
        .without("lscb")
        .without_partnership()
        .without("sab");
    for rule in CSA_RULES {
        for on in ["2010-01-01", ON] {
            expect(&fixture.eval(rule, on), NotApplicable, &[]);
        }
    }
}

#[test]
fn a_non_metropolitan_district_is_still_checked_for_the_principal_council_rules() {
    let fixture = Fixture::base().kind("non_metropolitan_district");
    for rule in PRINCIPAL_RULES {
        let finding = fixture.eval(rule, ON);
        let expected = if *rule == "interim_reviewed" {
            NotApplicable
        } else {
            Pass
        };
        expect(&finding, expected, &[]);
    }
    let no_hops = fixture.without("hops-designation");
    expect(
        &no_hops.eval("hops_designated", ON),
        Fail,
        &["Head of Paid Service"],
    );
}

#[test]
fn every_kind_of_childrens_services_authority_is_checked_for_the_childrens_rules() {
    for kind in [
        "county",
        "unitary",
        "metropolitan_district",
        "london_borough",
    ] {
        let fixture = Fixture::base().without("dcs-designation");
        let fixture = if kind == "county" {
            fixture
        } else {
            fixture.kind(kind)
        };
        expect(&fixture.eval("dcs_designated", ON), Fail, &[]);
    }
}

#[test]
fn other_organisations_are_facts_and_not_evaluated() {
    let text = Fixture::base().text();
    let register =
        assure_domain::reader::read(&[assure_domain::reader::Source::new("t.toml", &text)])
            .unwrap();
    let engine = assure_rules::Engine::new(&register);
    assert!(engine.council("northshire-police").is_none());
    let councils: Vec<&str> = engine.councils().map(|c| c.council().id.as_str()).collect();
    assert_eq!(councils, vec!["northshire"]);
}

/// DESIGN.md §5: a fragment of each statutory rule's citation.
const CITATIONS: &[(&str, &str)] = &[
    ("hops_designated", "1989 s4(1)"),
    ("mo_designated", "1989 s5(1)"),
    ("cfo_designated", "1972 s151"),
    ("mo_not_cfo", "1989 s5(1)"),
    ("mo_not_hops", "s5(1A)"),
    ("statutory_officer_not_councillor", "1989 s1-s2"),
    ("dcs_designated", "Children Act 2004 s18(1)"),
    ("dcs_officer_of_council", "2004 s18(1)"),
    ("lmcs_designated", "2004 s19"),
    ("dass_designated", "1970 s6(A1)"),
    ("dph_designated", "2006 s73A"),
    ("hwb_statutory_members", "2012 s194(2)"),
    ("lscb_established", "2004 s13"),
    ("safeguarding_partners", "2004 s16E"),
    ("safeguarding_arrangements_published", "2004 s16G"),
    ("safeguarding_independent_scrutiny", "2004 s16G"),
    ("safeguarding_yearly_report", "2004 s16G"),
    ("sab_established", "Care Act 2014 s43"),
];

#[test]
fn each_statutory_rule_cites_the_provision_design_gives() {
    let fixture = Fixture::base();
    for (id, fragment) in CITATIONS {
        let finding = fixture.eval(id, ON);
        assert!(
            finding.citation.contains(fragment),
            "{id} cites {:?}, expected it to contain {fragment:?}",
            finding.citation
        );
    }
}

#[test]
fn guidance_rules_cite_the_edition_in_force_on_the_day() {
    let fixture = Fixture::base();
    for (on, edition) in [
        ("2006-06-01", "(2005)"),
        ("2010-06-01", "(2009)"),
        ("2012-12-01", "(2012)"),
        ("2014-06-01", "(April 2013)"),
    ] {
        for id in [
            "lmcs_executive_member",
            "dcs_reports_to_chief_executive",
            "dcs_additional_functions_assured",
            "change_triggers_review",
            "periodic_review",
            "commissioned_services_reported",
        ] {
            let citation = fixture.eval(id, on).citation;
            assert!(
                citation.contains(edition),
                "{id} on {on} cites {citation:?}, expected the {edition} edition"
            );
        }
    }
    for (on, edition) in [
        ("2015-06-01", "2013"),
        ("2021-06-01", "2020"),
        ("2024-06-01", "2023"),
    ] {
        let citation = fixture.eval("dph_reports_to_chief_executive", on).citation;
        assert!(
            citation.contains(edition),
            "dph_reports_to_chief_executive on {on} cites {citation:?}, expected {edition}"
        );
    }
    let dass = fixture.eval("dass_reports_to_chief_executive", ON).citation;
    assert!(dass.contains("2006"), "{dass}");
}

#[test]
fn findings_name_the_facts_they_used() {
    let fixture = Fixture::base();
    let dcs = fixture.eval("dcs_designated", ON);
    assert!(
        dcs.facts.contains(
            &"designation:northshire/dcs/director-childrens-services/2016-01-01".to_owned()
        ),
        "{:?}",
        dcs.facts
    );
    let periodic = fixture.eval("periodic_review", ON);
    assert!(
        periodic.facts.contains(&"review:review-2019".to_owned()),
        "{:?}",
        periodic.facts
    );
}

#[test]
fn a_single_council_register_may_omit_the_council_and_org_keys() {
    let fixture = Fixture::bare().with(
        r#"
[[posts]]
id = "director-childrens-services"
title = "Director of Children's Services"

[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01

[[designations]]
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
"#,
    );
    expect(&fixture.eval("dcs_designated", ON), Pass, &["Tom Okafor"]);
}
