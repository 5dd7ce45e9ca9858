//! The `assure/v1` register reader seen from outside (DESIGN.md §4 and §6).
//!
//! Each kind of invalid input is read from a small TOML file and must come back as an error that
//! names the file, line, field and what was expected, exactly as `assure validate` prints it.
//! Files read together are resolved together: ids are unique across them, references and an
//! omitted `council` are settled across them. A register written as JSON reads to the same
//! register as the TOML one.
//!
//! The TOML and JSON texts below start on line 1 at the opening quote, so the line numbers in the
//! expected messages can be counted in the source.

use assure_domain::Interval;
use assure_domain::model::*;
use assure_domain::reader::{ErrorKind, InputError, Source, Syntax, read, read_checked};
use jiff::civil::date;

// ----- helpers -----

fn read_files(files: &[(&str, &str)]) -> Result<Register, Vec<InputError>> {
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|&(name, text)| Source::new(name, text))
        .collect();
    read(&sources)
}

fn render(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|e| format!("{:?} {e}", e.kind))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The register the files read to; fails the test, listing the errors, if they do not read.
#[track_caller]
fn register(files: &[(&str, &str)]) -> Register {
    match read_files(files) {
        Ok(register) => register,
        Err(errors) => panic!("expected the files to read, got:\n{}", render(&errors)),
    }
}

/// Asserts the files fail to read with exactly these errors (kind and full message), in order.
#[track_caller]
fn assert_errors(files: &[(&str, &str)], expected: &[(ErrorKind, &str)]) {
    let errors = match read_files(files) {
        Ok(_) => panic!("expected errors, but the files read cleanly"),
        Err(errors) => errors,
    };
    let actual: Vec<(ErrorKind, String)> = errors.iter().map(|e| (e.kind, e.to_string())).collect();
    let expected: Vec<(ErrorKind, String)> = expected
        .iter()
        .map(|&(kind, message)| (kind, message.to_owned()))
        .collect();
    assert_eq!(actual, expected, "actual errors:\n{}", render(&errors));
}

const ROLES: &str =
    "dcs | lmcs | dass | dph | head_of_paid_service | monitoring_officer | chief_finance_officer";

// ----- a valid register, in TOML and in JSON -----

/// A small register using every table, leaving out every key that may be left out somewhere.
const FULL_TOML: &str = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
gss = "E08000026"
governance = "leader_and_cabinet"
from = 1974-04-01

[[organisations]]
id = "coventry-and-rugby-ccg"
name = "NHS Coventry and Rugby CCG"
kind = "ccg"
from = 2013-04-01
to = 2022-06-30

[[people]]
id = "p-exec-dir-people"
name = "Gail Quinton"

[[people]]
id = "p-cabinet-member"
name = "Kamran Caan"
[[people.councillor]]
council = "coventry"
from = 2016-05-05

[[posts]]
id = "chief-executive"
title = "Chief Executive"

[[posts]]
id = "executive-director-people"
org = "coventry"
title = "Executive Director of People"
kind = "officer"
from = 2013-09-01
reports_to = "chief-executive"

[[posts]]
id = "cabinet-member-children"
title = "Cabinet Member for Children and Young People"
kind = "executive_member"

[[appointments]]
person = "p-exec-dir-people"
post = "executive-director-people"
from = 2013-09-01
to = 2019-05-31
basis = "permanent"
fte = 0.6
employer = "coventry"

[[designations]]
role = "dcs"
post = "executive-director-people"
from = 2013-09-01
to = 2019-03-31
basis = "permanent"
decision = "Council 2013-07-23"

[[reporting_lines]]
post = "executive-director-people"
reports_to = "chief-executive"
from = 2013-09-01

[[responsibilities]]
post = "executive-director-people"
functions = ["education", "childrens_social_care", "adult_social_care", "public_health"]
from = 2013-09-01

[[delivery]]
function = "public_health"
provider = "coventry-and-rugby-ccg"
from = 2014-04-01
to = 2015-03-31
basis = "contract"
citation = "Health and Social Care Act 2012"

[[bodies]]
id = "coventry-hwb"
kind = "health_and_wellbeing_board"
name = "Coventry Health and Wellbeing Board"
from = 2013-04-01

[[memberships]]
body = "coventry-hwb"
post = "executive-director-people"
role = "member"
from = 2013-09-01

[[memberships]]
body = "coventry-hwb"
org = "coventry-and-rugby-ccg"
role = "member"
from = 2013-04-01
to = 2022-06-30

[[documents]]
id = "cab-2017-01-24"
kind = "cabinet_report"
date = 2017-01-24
title = "Local assurance on the functions of the DCS, DASS and Lead Member"
about = ["dcs", "dass", "lmcs", "coventry-hwb", "coventry"]
url = "https://edemocracy.coventry.gov.uk/"

[[events]]
date = 2016-10-01
kind = "restructure"
posts = ["executive-director-people"]
summary = "Service review of senior posts in children's social care"

[[reviews]]
id = "coventry-2017"
kind = "local_test_of_assurance"
roles = ["dcs", "dass", "lmcs"]
started = 2016-10-01
concluded = 2017-01-24
outcome = "assured_with_actions"
opinion_by = "chief-executive"
reported_to = "cabinet"
evidence = ["cab-2017-01-24"]
opinion = "The arrangements are effective."
[[reviews.actions]]
title = "Transfer the statutory DCS role to the Director of Children's Services"
owner = "chief-executive"
due = 2019-06-30
done = 2019-04-01
[[reviews.approvals]]
name = "Julie Newman"
title = "Chief Legal Officer"
kind = "approver"
area = "Legal"
sent = 2017-01-10
received = 2017-01-12

[[departures]]
rule = "dcs_reports_to_chief_executive"
from = 2019-04-01
reason = "The DCS reports to the Deputy Chief Executive (People)"
decided_by = "cabinet"
review = "coventry-2017"
"#;

/// [`FULL_TOML`] written as JSON.
const FULL_JSON: &str = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district",
     "gss": "E08000026", "governance": "leader_and_cabinet", "from": "1974-04-01"},
    {"id": "coventry-and-rugby-ccg", "name": "NHS Coventry and Rugby CCG", "kind": "ccg",
     "from": "2013-04-01", "to": "2022-06-30"}
  ],
  "people": [
    {"id": "p-exec-dir-people", "name": "Gail Quinton"},
    {"id": "p-cabinet-member", "name": "Kamran Caan",
     "councillor": [{"council": "coventry", "from": "2016-05-05"}]}
  ],
  "posts": [
    {"id": "chief-executive", "title": "Chief Executive"},
    {"id": "executive-director-people", "org": "coventry", "title": "Executive Director of People",
     "kind": "officer", "from": "2013-09-01", "reports_to": "chief-executive"},
    {"id": "cabinet-member-children", "title": "Cabinet Member for Children and Young People",
     "kind": "executive_member"}
  ],
  "appointments": [
    {"person": "p-exec-dir-people", "post": "executive-director-people", "from": "2013-09-01",
     "to": "2019-05-31", "basis": "permanent", "fte": 0.6, "employer": "coventry"}
  ],
  "designations": [
    {"role": "dcs", "post": "executive-director-people", "from": "2013-09-01", "to": "2019-03-31",
     "basis": "permanent", "decision": "Council 2013-07-23"}
  ],
  "reporting_lines": [
    {"post": "executive-director-people", "reports_to": "chief-executive", "from": "2013-09-01"}
  ],
  "responsibilities": [
    {"post": "executive-director-people",
     "functions": ["education", "childrens_social_care", "adult_social_care", "public_health"],
     "from": "2013-09-01"}
  ],
  "delivery": [
    {"function": "public_health", "provider": "coventry-and-rugby-ccg", "from": "2014-04-01",
     "to": "2015-03-31", "basis": "contract", "citation": "Health and Social Care Act 2012"}
  ],
  "bodies": [
    {"id": "coventry-hwb", "kind": "health_and_wellbeing_board",
     "name": "Coventry Health and Wellbeing Board", "from": "2013-04-01"}
  ],
  "memberships": [
    {"body": "coventry-hwb", "post": "executive-director-people", "role": "member",
     "from": "2013-09-01"},
    {"body": "coventry-hwb", "org": "coventry-and-rugby-ccg", "role": "member",
     "from": "2013-04-01", "to": "2022-06-30"}
  ],
  "documents": [
    {"id": "cab-2017-01-24", "kind": "cabinet_report", "date": "2017-01-24",
     "title": "Local assurance on the functions of the DCS, DASS and Lead Member",
     "about": ["dcs", "dass", "lmcs", "coventry-hwb", "coventry"],
     "url": "https://edemocracy.coventry.gov.uk/"}
  ],
  "events": [
    {"date": "2016-10-01", "kind": "restructure", "posts": ["executive-director-people"],
     "summary": "Service review of senior posts in children's social care"}
  ],
  "reviews": [
    {"id": "coventry-2017", "kind": "local_test_of_assurance", "roles": ["dcs", "dass", "lmcs"],
     "started": "2016-10-01", "concluded": "2017-01-24", "outcome": "assured_with_actions",
     "opinion_by": "chief-executive", "reported_to": "cabinet", "evidence": ["cab-2017-01-24"],
     "opinion": "The arrangements are effective.",
     "actions": [
       {"title": "Transfer the statutory DCS role to the Director of Children's Services",
        "owner": "chief-executive", "due": "2019-06-30", "done": "2019-04-01"}
     ],
     "approvals": [
       {"name": "Julie Newman", "title": "Chief Legal Officer", "kind": "approver",
        "area": "Legal", "sent": "2017-01-10", "received": "2017-01-12"}
     ]}
  ],
  "departures": [
    {"rule": "dcs_reports_to_chief_executive", "from": "2019-04-01",
     "reason": "The DCS reports to the Deputy Chief Executive (People)", "decided_by": "cabinet",
     "review": "coventry-2017"}
  ]
}
"#;

#[test]
fn a_valid_register_reads_every_table_with_the_right_counts() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    assert_eq!(r.files, ["coventry.toml"]);
    let counts = [
        r.organisations.len(),
        r.people.len(),
        r.posts.len(),
        r.appointments.len(),
        r.designations.len(),
        r.reporting_lines.len(),
        r.responsibilities.len(),
        r.delivery.len(),
        r.bodies.len(),
        r.memberships.len(),
        r.documents.len(),
        r.events.len(),
        r.reviews.len(),
        r.departures.len(),
    ];
    assert_eq!(counts, [2, 2, 3, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1]);
    assert_eq!(r.reviews[0].actions.len(), 1);
    assert_eq!(r.reviews[0].approvals.len(), 1);
    assert_eq!(r.people[1].councillor.len(), 1);
    assert_eq!(r.councils().count(), 1);
}

#[test]
fn a_valid_register_keeps_the_values_written() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    let coventry = &r.organisations[0];
    assert_eq!(coventry.id.as_str(), "coventry");
    assert_eq!(coventry.kind, OrgKind::MetropolitanDistrict);
    assert_eq!(coventry.gss.as_deref(), Some("E08000026"));
    assert_eq!(coventry.governance, Some(Governance::LeaderAndCabinet));
    assert_eq!(coventry.valid.from(), Some(date(1974, 4, 1)));

    let appointment = &r.appointments[0];
    assert_eq!(appointment.basis, Some(AppointmentBasis::Permanent));
    assert_eq!(appointment.fte, Some(0.6));
    assert_eq!(
        appointment.employer.as_ref().map(|e| e.as_str()),
        Some("coventry")
    );
    assert_eq!(
        appointment.valid,
        Interval::new(Some(date(2013, 9, 1)), Some(date(2019, 5, 31))).unwrap()
    );

    let designation = &r.designations[0];
    assert_eq!(designation.role, Role::Dcs);
    assert_eq!(designation.post.as_str(), "executive-director-people");
    assert_eq!(designation.decision.as_deref(), Some("Council 2013-07-23"));

    assert_eq!(
        r.responsibilities[0].functions,
        [
            Function::Education,
            Function::ChildrensSocialCare,
            Function::AdultSocialCare,
            Function::PublicHealth
        ]
    );
    assert_eq!(
        r.memberships[0].member,
        Member::Post(assure_domain::Id::parse("executive-director-people").unwrap())
    );
    assert_eq!(
        r.memberships[1].member,
        Member::Org(assure_domain::Id::parse("coventry-and-rugby-ccg").unwrap())
    );
    assert_eq!(
        r.documents[0].about,
        ["dcs", "dass", "lmcs", "coventry-hwb", "coventry"]
    );

    let review = &r.reviews[0];
    assert_eq!(review.roles, [Role::Dcs, Role::Dass, Role::Lmcs]);
    assert_eq!(review.concluded, Some(date(2017, 1, 24)));
    assert_eq!(review.outcome, Some(Outcome::AssuredWithActions));
    assert_eq!(review.actions[0].done, Some(date(2019, 4, 1)));
    assert_eq!(review.approvals[0].kind, ApprovalKind::Approver);
    assert_eq!(review.approvals[0].received, Some(date(2017, 1, 12)));
    assert_eq!(
        r.departures[0].review.as_ref().map(|x| x.as_str()),
        Some("coventry-2017")
    );
}

#[test]
fn a_post_without_a_kind_is_an_officer_post() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    assert_eq!(r.posts[0].id.as_str(), "chief-executive");
    assert_eq!(r.posts[0].kind, PostKind::Officer);
    assert_eq!(r.posts[2].kind, PostKind::ExecutiveMember);
}

#[test]
fn optional_keys_left_out_are_absent() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    let ccg = &r.organisations[1];
    assert_eq!(ccg.gss, None);
    assert_eq!(ccg.governance, None);
    let chief_executive = &r.posts[0];
    assert_eq!(chief_executive.reports_to, None);
    assert_eq!(chief_executive.valid, Interval::ALWAYS);
    assert_eq!(r.people[0].councillor, []);
    assert_eq!(
        r.bodies[0].name.as_deref(),
        Some("Coventry Health and Wellbeing Board")
    );
    assert_eq!(r.reviews[0].working_well, None);
    assert_eq!(r.reviews[0].approvals[0].area.as_deref(), Some("Legal"));
}

#[test]
fn an_interval_without_to_is_still_running() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    let line = &r.reporting_lines[0].valid;
    assert_eq!(line.from(), Some(date(2013, 9, 1)));
    assert_eq!(line.to(), None);
    assert!(line.contains(date(2100, 1, 1)));
    assert!(!line.contains(date(2013, 8, 31)));
    assert_eq!(r.people[1].councillor[0].valid.to(), None);
}

#[test]
fn an_interval_whose_to_is_its_from_is_a_single_day() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "interim-director"
title = "Interim Director of Children's Services"
from = 2019-04-01
to = 2019-04-01
"#;
    let r = register(&[("coventry.toml", text)]);
    assert_eq!(r.posts[0].valid, Interval::day(date(2019, 4, 1)));
}

#[test]
fn an_omitted_council_or_org_is_the_one_council_of_the_file() {
    let r = register(&[("coventry.toml", FULL_TOML)]);
    assert!(r.posts.iter().all(|p| p.org.as_str() == "coventry"));
    assert_eq!(r.designations[0].council.as_str(), "coventry");
    assert_eq!(r.delivery[0].council.as_str(), "coventry");
    assert_eq!(r.bodies[0].council.as_str(), "coventry");
    assert_eq!(r.documents[0].council.as_str(), "coventry");
    assert_eq!(r.events[0].council.as_str(), "coventry");
    assert_eq!(r.reviews[0].council.as_str(), "coventry");
    assert_eq!(r.departures[0].council.as_str(), "coventry");
}

#[test]
fn each_fact_remembers_the_file_and_line_it_was_read_from() {
    let r = register(&[
        ("other.toml", "format = \"assure/v1\"\n"),
        ("coventry.toml", FULL_TOML),
    ]);
    assert_eq!(r.files, ["other.toml", "coventry.toml"]);
    assert_eq!(
        r.organisations[0].loc,
        Loc {
            file: 1,
            line: 3,
            column: 1
        }
    );
    assert_eq!(r.place(r.designations[0].loc), "coventry.toml:55");
}

#[test]
fn the_same_register_written_as_json_reads_to_the_same_register() {
    let from_toml = register(&[("coventry.toml", FULL_TOML)]);
    let from_json = register(&[("coventry.json", FULL_JSON)]);
    assert_eq!(from_json.files, ["coventry.json"]);
    assert_eq!(from_json.without_locations(), from_toml.without_locations());
}

#[test]
fn the_syntax_follows_the_file_name_unless_given() {
    assert_eq!(Syntax::from_name("coventry.json"), Syntax::Json);
    assert_eq!(Syntax::from_name("COVENTRY.JSON"), Syntax::Json);
    assert_eq!(Syntax::from_name("coventry.toml"), Syntax::Toml);
    assert_eq!(Syntax::from_name("coventry"), Syntax::Toml);
    let source = Source {
        name: "<stdin>",
        text: FULL_JSON,
        syntax: Syntax::Json,
    };
    let r = read(&[source]).expect("JSON read from a name without .json");
    assert_eq!(r.organisations.len(), 2);
}

// ----- unknown references -----

#[test]
fn a_designation_naming_an_unknown_post_is_an_unknown_reference() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[designations]]
role = "dcs"
post = "director-of-people"
from = 2019-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::UnknownReference,
            "coventry.toml:10: designations[1].post: unknown post `director-of-people` (column 8)",
        )],
    );
}

#[test]
fn a_membership_naming_an_unknown_body_is_an_unknown_reference() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-public-health"
title = "Director of Public Health"

[[memberships]]
body = "coventry-hwb"
post = "director-of-public-health"
role = "member"
from = 2013-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::UnknownReference,
            "coventry.toml:13: memberships[1].body: unknown body `coventry-hwb` (column 8)",
        )],
    );
}

#[test]
fn a_document_about_neither_a_role_a_body_nor_an_organisation_is_an_unknown_reference() {
    // `dcs` is a role, `coventry-hwb` a body and `coventry` an organisation: only `ofsted` fails.
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[bodies]]
id = "coventry-hwb"
kind = "health_and_wellbeing_board"

[[documents]]
id = "cab-2017-01-24"
kind = "cabinet_report"
date = 2017-01-24
title = "Local assurance"
about = ["dcs", "coventry-hwb", "coventry", "ofsted"]
"#;
    let expected = format!(
        "coventry.toml:17: documents[1].about[4]: unknown `ofsted`: expected a role ({ROLES}), \
         a body id or an organisation id (column 45)"
    );
    assert_errors(
        &[("coventry.toml", text)],
        &[(ErrorKind::UnknownReference, &expected)],
    );
}

#[test]
fn a_designation_whose_council_is_a_police_force_names_the_councils() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[organisations]]
id = "west-midlands-police"
name = "West Midlands Police"
kind = "police"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
council = "west-midlands-police"
role = "dcs"
post = "director-of-childrens-services"
from = 2019-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::UnknownReference,
            "coventry.toml:18: designations[1].council: `west-midlands-police` is a police \
             organisation, not a council (expected one of: coventry) (column 11)",
        )],
    );
}

#[test]
fn an_appointment_naming_an_unknown_person_and_employer_reports_both() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "chief-executive"
title = "Chief Executive"

[[appointments]]
person = "martin-reeves"
post = "chief-executive"
from = 2013-09-01
employer = "warwickshire"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::UnknownReference,
                "coventry.toml:13: appointments[1].person: unknown person `martin-reeves` (column 10)",
            ),
            (
                ErrorKind::UnknownReference,
                "coventry.toml:16: appointments[1].employer: unknown organisation `warwickshire` (column 12)",
            ),
        ],
    );
}

#[test]
fn a_departure_from_a_rule_the_caller_does_not_know_is_an_unknown_reference() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[departures]]
rule = "dcs_reports_to_ceo"
from = 2019-04-01
reason = "The DCS reports to the Deputy Chief Executive (People)"

[[departures]]
rule = "dcs_reports_to_chief_executive"
from = 2019-04-01
reason = "The DCS reports to the Deputy Chief Executive (People)"
"#;
    let check_rule = |rule: &str| {
        (rule != "dcs_reports_to_chief_executive").then(|| format!("unknown rule `{rule}`"))
    };
    let errors = read_checked(&[Source::new("coventry.toml", text)], &check_rule)
        .expect_err("the first departure names an unknown rule");
    let actual: Vec<(ErrorKind, String)> = errors.iter().map(|e| (e.kind, e.to_string())).collect();
    assert_eq!(
        actual,
        [(
            ErrorKind::UnknownReference,
            "coventry.toml:9: departures[1].rule: unknown rule `dcs_reports_to_ceo` (column 8)"
                .to_owned()
        )]
    );
    // Without a check, any rule id is accepted.
    assert_eq!(register(&[("coventry.toml", text)]).departures.len(), 2);
}

// ----- dates and intervals -----

#[test]
fn a_to_before_the_from_is_reported_on_the_to() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
role = "dcs"
post = "director-of-childrens-services"
from = 2019-04-01
to = 2019-03-31
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::ToBeforeFrom,
            "coventry.toml:16: designations[1].to: `to` (2019-03-31) is before `from` \
             (2019-04-01); `to` is the last day, inclusive (column 6)",
        )],
    );
}

#[test]
fn a_date_string_that_is_not_a_real_day_is_a_malformed_date() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
role = "dcs"
post = "director-of-childrens-services"
from = "2019-02-30"
to = "31/03/2020"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::MalformedDate,
                "coventry.toml:15: designations[1].from: malformed date \"2019-02-30\" \
                 (expected a real day as YYYY-MM-DD) (column 8)",
            ),
            (
                ErrorKind::MalformedDate,
                "coventry.toml:16: designations[1].to: malformed date \"31/03/2020\" \
                 (expected a real day as YYYY-MM-DD) (column 6)",
            ),
        ],
    );
}

#[test]
fn a_bare_date_with_month_thirteen_is_rejected_by_the_toml_parser_on_its_line() {
    // TOML checks its own date literals, so this is a syntax error: the line and column are
    // known, the field is not.
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
role = "dcs"
post = "director-of-childrens-services"
from = 2019-13-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::Syntax,
            "coventry.toml:15: syntax: not valid TOML: invalid date, expected month between 01 \
             and 12 (column 8)",
        )],
    );
}

#[test]
fn a_bare_date_that_is_not_a_real_day_is_rejected_by_the_toml_parser_on_its_line() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
from = 1974-02-30
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::Syntax,
            "coventry.toml:7: syntax: not valid TOML: invalid date, expected day between 01 and \
             28 (column 8)",
        )],
    );
}

#[test]
fn a_date_time_where_a_date_is_expected_is_malformed() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
from = 1974-04-01T09:00:00
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::BadValue,
            "coventry.toml:7: organisations[1].from: expected a date YYYY-MM-DD, found the \
             date-time 1974-04-01T09:00:00 (column 8)",
        )],
    );
}

#[test]
fn a_review_concluded_before_it_started_is_reported_on_concluded() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[reviews]]
id = "coventry-2017"
kind = "local_test_of_assurance"
roles = ["dcs", "dass", "lmcs"]
started = 2017-01-24
concluded = 2016-10-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::ToBeforeFrom,
            "coventry.toml:13: reviews[1].concluded: `concluded` (2016-10-01) is before \
             `started` (2017-01-24) (column 13)",
        )],
    );
}

// ----- duplicate ids -----

#[test]
fn a_duplicate_id_in_one_file_names_where_it_was_first_used() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "chief-executive"
title = "Chief Executive"

[[posts]]
id = "chief-executive"
title = "Chief Executive and Head of Paid Service"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::DuplicateId,
            "coventry.toml:13: posts[2].id: duplicate id `chief-executive` (already used at \
             coventry.toml:8) (column 6)",
        )],
    );
}

#[test]
fn ids_are_unique_across_the_files_read_together() {
    let first = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "chief-executive"
title = "Chief Executive"
"#;
    let second = r#"format = "assure/v1"

[[posts]]
id = "chief-executive"
org = "coventry"
title = "Chief Executive"
"#;
    assert_errors(
        &[("coventry.toml", first), ("posts.toml", second)],
        &[(
            ErrorKind::DuplicateId,
            "posts.toml:4: posts[1].id: duplicate id `chief-executive` (already used at \
             coventry.toml:8) (column 6)",
        )],
    );
}

#[test]
fn the_same_id_in_two_different_tables_is_not_a_duplicate() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "coventry"
title = "Chief Executive"

[[bodies]]
id = "coventry"
kind = "health_and_wellbeing_board"
"#;
    let r = register(&[("coventry.toml", text)]);
    assert_eq!(
        (r.organisations.len(), r.posts.len(), r.bodies.len()),
        (1, 1, 1)
    );
}

// ----- unknown keys -----

#[test]
fn an_unknown_key_at_the_top_level_lists_the_tables() {
    let text = r#"format = "assure/v1"
notes = "draft"

[[councils]]
id = "coventry"
"#;
    let tables = "format, organisations, people, posts, appointments, designations, \
                  reporting_lines, responsibilities, delivery, bodies, memberships, documents, \
                  events, reviews, departures";
    let notes = format!(
        "coventry.toml:2: notes: unknown key `notes` (expected one of: {tables}) (column 1)"
    );
    let councils = format!(
        "coventry.toml:4: councils: unknown key `councils` (expected one of: {tables}) (column 3)"
    );
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (ErrorKind::UnknownKey, &notes),
            (ErrorKind::UnknownKey, &councils),
        ],
    );
}

#[test]
fn an_unknown_key_inside_a_table_lists_the_keys_of_that_table() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
role = "dcs"
post = "director-of-childrens-services"
from = 2019-04-01
notes = "agreed at Council"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::UnknownKey,
            "coventry.toml:16: designations[1].notes: unknown key `notes` (expected one of: \
             council, role, post, from, to, basis, decision) (column 1)",
        )],
    );
}

#[test]
fn an_unknown_key_in_a_nested_table_names_its_full_path() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "kamran-caan"
name = "Kamran Caan"
[[people.councillor]]
council = "coventry"
ward = "Lower Stoke"
from = 2016-05-05
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::UnknownKey,
            "coventry.toml:13: people[1].councillor[1].ward: unknown key `ward` (expected one \
             of: council, from, to) (column 1)",
        )],
    );
}

// ----- missing required fields -----

#[test]
fn an_appointment_without_from_is_missing_a_field() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "gail-quinton"
name = "Gail Quinton"

[[posts]]
id = "executive-director-people"
title = "Executive Director of People"

[[appointments]]
person = "gail-quinton"
post = "executive-director-people"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:16: appointments[1].from: missing required field `from` (column 1)",
        )],
    );
}

#[test]
fn a_designation_without_role_is_missing_a_field() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
post = "director-of-childrens-services"
from = 2019-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:12: designations[1].role: missing required field `role` (column 1)",
        )],
    );
}

#[test]
fn a_membership_without_a_post_person_or_org_is_missing_its_member() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[bodies]]
id = "coventry-hwb"
kind = "health_and_wellbeing_board"

[[memberships]]
body = "coventry-hwb"
role = "chair"
from = 2013-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:12: memberships[1].post: missing the member: give one of `post`, \
             `person` or `org` (column 1)",
        )],
    );
}

#[test]
fn a_membership_naming_two_members_asks_for_only_one() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "gail-quinton"
name = "Gail Quinton"

[[posts]]
id = "executive-director-people"
title = "Executive Director of People"

[[bodies]]
id = "coventry-hwb"
kind = "health_and_wellbeing_board"

[[memberships]]
body = "coventry-hwb"
post = "executive-director-people"
person = "gail-quinton"
role = "member"
from = 2013-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:20: memberships[1].person: give only one of `post`, `person` or \
             `org` (found post and person) (column 1)",
        )],
    );
}

#[test]
fn a_review_without_started_is_missing_a_field() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[reviews]]
id = "coventry-2017"
kind = "local_test_of_assurance"
roles = ["dcs", "dass", "lmcs"]
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:8: reviews[1].started: missing required field `started` (column 1)",
        )],
    );
}

#[test]
fn an_approval_without_sent_is_missing_a_field() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[reviews]]
id = "coventry-2023"
kind = "statement_of_assurance"
roles = ["dcs"]
started = 2023-05-01

[[reviews.approvals]]
name = "Julie Newman"
title = "Chief Legal Officer"
kind = "approver"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:14: reviews[1].approvals[1].sent: missing required field `sent` \
             (column 1)",
        )],
    );
}

#[test]
fn an_organisation_without_name_or_kind_reports_both() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::MissingField,
                "coventry.toml:3: organisations[1].name: missing required field `name` (column 1)",
            ),
            (
                ErrorKind::MissingField,
                "coventry.toml:3: organisations[1].kind: missing required field `kind` (column 1)",
            ),
        ],
    );
}

// ----- format -----

#[test]
fn a_file_without_format_is_missing_it() {
    let text = r#"[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::MissingField,
            "coventry.toml:1: format: missing required field `format` (expected \"assure/v1\") \
             (column 1)",
        )],
    );
}

#[test]
fn a_file_of_another_format_version_is_not_read_further() {
    // The rest of a v2 file cannot be judged by v1's keys, so only the format is reported.
    let text = r#"format = "assure/v2"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
motto = "Camera principis"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::WrongFormat,
            "coventry.toml:1: format: expected \"assure/v1\", found the string \"assure/v2\" \
             (column 10)",
        )],
    );
}

// ----- values -----

#[test]
fn a_number_where_an_id_is_expected_is_a_bad_value() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = 5
name = "Coventry City Council"
kind = "metropolitan_district"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::BadValue,
            "coventry.toml:4: organisations[1].id: expected an id ([a-z0-9][a-z0-9_-]*), found \
             the number 5 (column 6)",
        )],
    );
}

#[test]
fn values_of_the_wrong_type_name_what_was_expected_and_what_was_found() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "gail-quinton"
name = true

[[posts]]
id = "chief-executive"
title = ["Chief Executive"]

[[events]]
date = 20161001
kind = "restructure"
posts = "chief-executive"

[[bodies]]
id = ""
kind = "lscb"
name = " "
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::BadValue,
                "coventry.toml:10: people[1].name: expected a string, found `true` (column 8)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:14: posts[1].title: expected a string, found a list (column 9)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:17: events[1].date: expected a date YYYY-MM-DD, found the number \
                 20161001 (column 8)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:19: events[1].posts: expected a list, found the string \
                 \"chief-executive\" (column 9)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:22: bodies[1].id: expected an id ([a-z0-9][a-z0-9_-]*), found the \
                 string \"\" (column 6)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:24: bodies[1].name: expected some text, found the string \" \" \
                 (column 8)",
            ),
        ],
    );
}

#[test]
fn a_table_written_as_a_single_value_asks_for_a_list_of_tables() {
    let text = r#"format = "assure/v1"
posts = "chief-executive"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::BadValue,
            "coventry.toml:2: posts: expected a list of tables ([[posts]]), found the string \
             \"chief-executive\" (column 9)",
        )],
    );
}

#[test]
fn an_id_with_capitals_or_spaces_is_not_an_id() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "Coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[organisations]]
id = "warwickshire"
name = "Warwickshire County Council"
kind = "county"

[[designations]]
council = "warwickshire"
role = "dcs"
post = "Director of Children's Services"
from = 2019-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::BadValue,
                "coventry.toml:4: organisations[1].id: expected an id ([a-z0-9][a-z0-9_-]*), \
                 found the string \"Coventry\" (column 6)",
            ),
            (
                ErrorKind::BadValue,
                "coventry.toml:16: designations[1].post: expected an id ([a-z0-9][a-z0-9_-]*), \
                 found the string \"Director of Children's Services\" (column 8)",
            ),
        ],
    );
}

#[test]
fn a_role_outside_its_vocabulary_names_the_allowed_roles() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"

[[designations]]
role = "dcss"
post = "director-of-childrens-services"
from = 2019-04-01
"#;
    let expected = format!(
        "coventry.toml:13: designations[1].role: expected one of {ROLES}, found the string \
         \"dcss\" (column 8)"
    );
    assert_errors(
        &[("coventry.toml", text)],
        &[(ErrorKind::BadValue, &expected)],
    );
}

#[test]
fn a_vocabulary_value_inside_a_list_names_the_allowed_values() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-people"
title = "Director of People"

[[responsibilities]]
post = "director-of-people"
functions = ["education", "social_care"]
from = 2019-04-01
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::BadValue,
            "coventry.toml:14: responsibilities[1].functions: expected one of education | \
             childrens_social_care | adult_social_care | public_health | housing | resources | \
             finance | legal | place | communities | other, found the string \"social_care\" \
             (column 27)",
        )],
    );
}

#[test]
fn an_fte_outside_zero_to_one_is_a_bad_value() {
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "gail-quinton"
name = "Gail Quinton"

[[posts]]
id = "executive-director-people"
title = "Executive Director of People"

[[appointments]]
person = "gail-quinton"
post = "executive-director-people"
from = 2013-09-01
fte = 1.5

[[appointments]]
person = "gail-quinton"
post = "executive-director-people"
from = 2019-06-01
fte = 0

[[appointments]]
person = "gail-quinton"
post = "executive-director-people"
from = 2020-06-01
fte = 1
"#;
    let expected = "expected a number above 0 and at most 1 (0.6 = three days a week)";
    let first = format!(
        "coventry.toml:20: appointments[1].fte: {expected}, found the number 1.5 (column 7)"
    );
    let second =
        format!("coventry.toml:26: appointments[2].fte: {expected}, found the number 0 (column 7)");
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (ErrorKind::BadValue, &first),
            (ErrorKind::BadValue, &second),
        ],
    );
}

#[test]
fn an_fte_outside_its_range_does_not_also_make_the_employer_an_unknown_key() {
    // The appointment's decoding stops at the bad fte before asking for `employer`, so the
    // employer is then reported as a key the format does not define.
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[people]]
id = "gail-quinton"
name = "Gail Quinton"

[[posts]]
id = "executive-director-people"
title = "Executive Director of People"

[[appointments]]
person = "gail-quinton"
post = "executive-director-people"
from = 2013-09-01
fte = 1.5
employer = "coventry"
"#;
    assert_errors(
        &[("coventry.toml", text)],
        &[(
            ErrorKind::BadValue,
            "coventry.toml:20: appointments[1].fte: expected a number above 0 and at most 1 \
             (0.6 = three days a week), found the number 1.5 (column 7)",
        )],
    );
}

// ----- collecting errors -----

#[test]
fn every_problem_in_a_file_is_reported_together_in_line_order() {
    // The unknown post is found only once all files are read, after the other four, yet it is
    // listed first because it is on the earliest line.
    let text = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[designations]]
role = "dcs"
post = "director-of-people"
from = 2019-04-01

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"
kind = "officer"
grade = "SM1"

[[designations]]
role = "dcss"
post = "director-of-childrens-services"
from = 2019-04-01

[[designations]]
role = "lmcs"
post = "director-of-childrens-services"
from = 2019-04-01
to = 2018-03-31

[[reviews]]
id = "coventry-2019"
kind = "local_test_of_assurance"
roles = ["dcs"]
started = "2019-02-29"
"#;
    let bad_role = format!(
        "coventry.toml:20: designations[2].role: expected one of {ROLES}, found the string \
         \"dcss\" (column 8)"
    );
    assert_errors(
        &[("coventry.toml", text)],
        &[
            (
                ErrorKind::UnknownReference,
                "coventry.toml:10: designations[1].post: unknown post `director-of-people` (column 8)",
            ),
            (
                ErrorKind::UnknownKey,
                "coventry.toml:17: posts[1].grade: unknown key `grade` (expected one of: id, org, \
                 title, kind, from, to, reports_to) (column 1)",
            ),
            (ErrorKind::BadValue, &bad_role),
            (
                ErrorKind::ToBeforeFrom,
                "coventry.toml:28: designations[3].to: `to` (2018-03-31) is before `from` \
                 (2019-04-01); `to` is the last day, inclusive (column 6)",
            ),
            (
                ErrorKind::MalformedDate,
                "coventry.toml:34: reviews[1].started: malformed date \"2019-02-29\" (expected a \
                 real day as YYYY-MM-DD) (column 11)",
            ),
        ],
    );
}

#[test]
fn errors_in_several_files_are_all_reported_each_naming_its_file_in_the_order_given() {
    let council = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"
kind = "director"
"#;
    let designations = r#"format = "assure/v1"

[[designations]]
role = "dcs"
post = "director-of-children"
from = 2019-04-01
"#;
    let documents = r#"{
  "format": "assure/v1",
  "documents": [
    {"id": "cab-2019", "kind": "report", "date": "2019-04-01", "title": "DCS"}
  ]
}
"#;
    assert_errors(
        &[
            ("designations.toml", designations),
            ("council.toml", council),
            ("documents.json", documents),
        ],
        &[
            (
                ErrorKind::UnknownReference,
                "designations.toml:5: designations[1].post: unknown post `director-of-children` \
                 (column 8)",
            ),
            (
                ErrorKind::BadValue,
                "council.toml:11: posts[1].kind: expected one of officer | executive_member | \
                 member, found the string \"director\" (column 8)",
            ),
            (
                ErrorKind::BadValue,
                "documents.json:4: documents[1].kind: expected one of cabinet_report | \
                 council_report | scrutiny_report | audit | letter | published_arrangements | \
                 yearly_report | annual_report | statement_of_assurance | performance_report | \
                 other, found the string \"report\" (column 32)",
            ),
        ],
    );
}

// ----- reading several files together -----

const TWO_COUNCILS: &str = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[organisations]]
id = "warwickshire"
name = "Warwickshire County Council"
kind = "county"

[[posts]]
id = "director-of-childrens-services"
org = "coventry"
title = "Director of Children's Services"
"#;

const ONE_COUNCIL_AND_THE_POLICE: &str = r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[organisations]]
id = "west-midlands-police"
name = "West Midlands Police"
kind = "police"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"
"#;

const DESIGNATIONS_WITHOUT_COUNCIL: &str = r#"format = "assure/v1"

[[designations]]
role = "dcs"
post = "director-of-childrens-services"
from = 2019-04-01
"#;

#[test]
fn council_may_be_omitted_when_the_files_together_define_one_council() {
    let r = register(&[
        ("council.toml", ONE_COUNCIL_AND_THE_POLICE),
        ("designations.toml", DESIGNATIONS_WITHOUT_COUNCIL),
    ]);
    assert_eq!(r.designations.len(), 1);
    assert_eq!(r.designations[0].council.as_str(), "coventry");
    assert_eq!(r.posts[0].org.as_str(), "coventry");
    assert_eq!(r.designations[0].loc.file, 1);
}

#[test]
fn council_is_required_when_the_files_together_define_two_councils() {
    let posts = r#"format = "assure/v1"

[[posts]]
id = "director-of-adult-services"
title = "Director of Adult Services"
"#;
    assert_errors(
        &[
            ("councils.toml", TWO_COUNCILS),
            ("designations.toml", DESIGNATIONS_WITHOUT_COUNCIL),
            ("posts.toml", posts),
        ],
        &[
            (
                ErrorKind::MissingField,
                "designations.toml:3: designations[1].council: missing required field `council` \
                 (the files define 2 councils: coventry, warwickshire) (column 1)",
            ),
            (
                ErrorKind::MissingField,
                "posts.toml:3: posts[1].org: missing required field `org` (the files define 2 \
                 councils: coventry, warwickshire) (column 1)",
            ),
        ],
    );
}

#[test]
fn council_is_required_when_the_files_define_no_council() {
    let posts = r#"format = "assure/v1"

[[posts]]
id = "director-of-childrens-services"
title = "Director of Children's Services"
"#;
    assert_errors(
        &[
            ("posts.toml", posts),
            ("designations.toml", DESIGNATIONS_WITHOUT_COUNCIL),
        ],
        &[
            (
                ErrorKind::MissingField,
                "posts.toml:3: posts[1].org: missing required field `org` (the files define no \
                 council) (column 1)",
            ),
            (
                ErrorKind::MissingField,
                "designations.toml:3: designations[1].council: missing required field `council` \
                 (the files define no council) (column 1)",
            ),
        ],
    );
}

#[test]
fn a_post_defined_in_one_file_may_be_designated_in_another_in_either_order() {
    let designations = r#"format = "assure/v1"

[[designations]]
council = "coventry"
role = "dcs"
post = "director-of-childrens-services"
from = 2019-04-01
"#;
    for files in [
        [
            ("councils.toml", TWO_COUNCILS),
            ("designations.toml", designations),
        ],
        [
            ("designations.toml", designations),
            ("councils.toml", TWO_COUNCILS),
        ],
    ] {
        let r = register(&files);
        assert_eq!(r.designations.len(), 1);
        assert_eq!(
            r.designations[0].post.as_str(),
            "director-of-childrens-services"
        );
        assert_eq!(r.designations[0].council.as_str(), "coventry");
    }
}

#[test]
fn files_read_together_combine_into_one_register() {
    let more_posts = r#"format = "assure/v1"

[[posts]]
id = "director-of-adult-services"
title = "Director of Adult Services"
"#;
    let r = register(&[
        ("council.toml", ONE_COUNCIL_AND_THE_POLICE),
        ("posts.toml", more_posts),
        ("designations.toml", DESIGNATIONS_WITHOUT_COUNCIL),
    ]);
    assert_eq!(r.files, ["council.toml", "posts.toml", "designations.toml"]);
    assert_eq!(r.organisations.len(), 2);
    let posts: Vec<(&str, &str)> = r
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.org.as_str()))
        .collect();
    assert_eq!(
        posts,
        [
            ("director-of-childrens-services", "coventry"),
            ("director-of-adult-services", "coventry")
        ]
    );
    assert_eq!(r.place(r.posts[1].loc), "posts.toml:3");
}

// ----- JSON -----

#[test]
fn a_json_error_names_its_line_and_column() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"}
  ],
  "designations": [
    {"role": "dcs", "post": "director-of-people", "from": "2019-04-31"}
  ]
}
"#;
    assert_errors(
        &[("coventry.json", text)],
        &[
            (
                ErrorKind::UnknownReference,
                "coventry.json:7: designations[1].post: unknown post `director-of-people` \
                 (column 29)",
            ),
            (
                ErrorKind::MalformedDate,
                "coventry.json:7: designations[1].from: malformed date \"2019-04-31\" (expected \
                 a real day as YYYY-MM-DD) (column 59)",
            ),
        ],
    );
}

#[test]
fn an_unknown_key_in_json_names_the_key_where_it_is_written() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council",
     "kind": "metropolitan_district", "region": "West Midlands"}
  ]
}
"#;
    assert_errors(
        &[("coventry.json", text)],
        &[(
            ErrorKind::UnknownKey,
            "coventry.json:5: organisations[1].region: unknown key `region` (expected one of: \
             id, name, kind, gss, governance, from, to) (column 39)",
        )],
    );
}

#[test]
fn json_that_does_not_parse_is_a_syntax_error_at_its_place() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry" "name": "Coventry City Council"}
  ]
}
"#;
    assert_errors(
        &[("coventry.json", text)],
        &[(
            ErrorKind::Syntax,
            "coventry.json:4: syntax: not valid JSON: expected `,` or `}` (column 23)",
        )],
    );
}

#[test]
fn json_null_for_an_optional_key_is_treated_as_absent() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district",
     "gss": null, "governance": null}
  ],
  "people": [{"id": "gail-quinton", "name": "Gail Quinton", "councillor": null}],
  "posts": [
    {"id": "executive-director-people", "title": "Executive Director of People",
     "kind": null, "reports_to": null}
  ],
  "appointments": [
    {"person": "gail-quinton", "post": "executive-director-people", "from": "2013-09-01",
     "basis": null, "fte": null, "employer": null}
  ],
  "designations": [
    {"role": "dcs", "post": "executive-director-people", "from": "2013-09-01",
     "basis": null, "decision": null}
  ],
  "documents": [
    {"id": "cab-2017-01-24", "kind": "cabinet_report", "date": "2017-01-24",
     "title": "Local assurance", "about": null, "url": null}
  ]
}
"#;
    let r = register(&[("coventry.json", text)]);
    assert_eq!(r.organisations[0].gss, None);
    assert_eq!(r.organisations[0].governance, None);
    assert_eq!(r.people[0].councillor, []);
    assert_eq!(r.posts[0].kind, PostKind::Officer);
    assert_eq!(r.posts[0].reports_to, None);
    let appointment = &r.appointments[0];
    assert_eq!(
        (appointment.basis, appointment.fte, &appointment.employer),
        (None, None, &None)
    );
    assert_eq!(r.designations[0].basis, None);
    assert_eq!(r.designations[0].decision, None);
    assert!(r.documents[0].about.is_empty());
    assert_eq!(r.documents[0].url, None);
}

#[test]
fn json_null_for_to_or_from_leaves_the_interval_open() {
    // Regression: a `null` `to` (or optional `from`) once made the reader drop the whole entry
    // without reporting anything.
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district",
     "from": null, "to": null}
  ],
  "posts": [
    {"id": "executive-director-people", "title": "Executive Director of People", "to": null}
  ],
  "designations": [
    {"role": "dcs", "post": "executive-director-people", "from": "2013-09-01", "to": null}
  ]
}
"#;
    let r = register(&[("coventry.json", text)]);
    assert_eq!(r.organisations.len(), 1);
    assert_eq!(r.organisations[0].valid, Interval::ALWAYS);
    assert_eq!(r.posts[0].valid, Interval::ALWAYS);
    assert_eq!(r.designations.len(), 1);
    assert_eq!(
        r.designations[0].valid,
        Interval::starting(date(2013, 9, 1))
    );
}

#[test]
fn json_null_for_council_or_org_is_filled_like_an_omitted_one() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"}
  ],
  "posts": [
    {"id": "executive-director-people", "org": null, "title": "Executive Director of People"}
  ],
  "designations": [
    {"council": null, "role": "dcs", "post": "executive-director-people", "from": "2013-09-01"}
  ]
}
"#;
    let r = register(&[("coventry.json", text)]);
    assert_eq!(r.posts[0].org.as_str(), "coventry");
    assert_eq!(r.designations[0].council.as_str(), "coventry");
}

#[test]
fn json_null_for_a_second_member_does_not_count_as_naming_it() {
    let text = r#"{
  "format": "assure/v1",
  "organisations": [
    {"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"}
  ],
  "posts": [{"id": "director-of-public-health", "title": "Director of Public Health"}],
  "bodies": [{"id": "coventry-hwb", "kind": "health_and_wellbeing_board"}],
  "memberships": [
    {"body": "coventry-hwb", "post": "director-of-public-health", "person": null, "org": null,
     "role": "member", "from": "2013-04-01"}
  ]
}
"#;
    let r = register(&[("coventry.json", text)]);
    assert_eq!(r.memberships.len(), 1);
}
