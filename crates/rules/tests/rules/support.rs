//! Register fixtures and assertions for the rule tests.
//!
//! [`Fixture::base`] is Northshire County Council: a complete, compliant children's services
//! authority whose statutory roles are all designated and filled from 1 January 2016, with a
//! health and wellbeing board, an LSCB followed by a safeguarding children partnership, a
//! safeguarding adults board and two reviews. On [`ON`] (1 March 2021) every rule passes or has
//! nothing to check. The register is kept as named blocks of `assure/v1` text so that a test can
//! drop, replace or add the one fact its situation is about, and still read as plain TOML.

use assure_domain::Date;
use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use assure_rules::{Catalogue, Engine, Finding, Status};

/// The council every fixture is about.
pub(crate) const COUNCIL: &str = "northshire";

/// The day the base fixture is compliant on.
pub(crate) const ON: &str = "2021-03-01";

/// A day written `YYYY-MM-DD`.
pub(crate) fn day(text: &str) -> Date {
    parse_date(text).unwrap_or_else(|| panic!("{text} is not a YYYY-MM-DD date"))
}

/// A register under construction: named blocks of `assure/v1` text, in order.
#[derive(Clone, Debug)]
pub(crate) struct Fixture {
    blocks: Vec<(String, String)>,
}

const HEADER: &str = r#"format = "assure/v1""#;

const COUNCIL_BLOCK: &str = r#"
[[organisations]]
id = "northshire"
name = "Northshire County Council"
kind = "county"
governance = "leader_and_cabinet"
from = 1974-04-01
"#;

/// The base register, block by block. Every fact of the council starts on 2016-01-01 unless it is
/// a body with a date of its own.
const BASE: &[(&str, &str)] = &[
    ("council", COUNCIL_BLOCK),
    (
        "partners",
        r#"
[[organisations]]
id = "northshire-police"
name = "Northshire Police"
kind = "police"

[[organisations]]
id = "northshire-ccg"
name = "NHS Northshire Clinical Commissioning Group"
kind = "ccg"
from = 2013-04-01
to = 2022-06-30

[[organisations]]
id = "northshire-icb"
name = "NHS Northshire Integrated Care Board"
kind = "icb"
from = 2022-07-01
"#,
    ),
    // Head of Paid Service: the Chief Executive.
    (
        "hops-post",
        r#"
[[posts]]
id = "chief-executive"
org = "northshire"
title = "Chief Executive"
"#,
    ),
    (
        "hops-holder",
        r#"
[[people]]
id = "helen-carter"
name = "Helen Carter"

[[appointments]]
person = "helen-carter"
post = "chief-executive"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "hops-designation",
        r#"
[[designations]]
council = "northshire"
role = "head_of_paid_service"
post = "chief-executive"
from = 2016-01-01
"#,
    ),
    // Monitoring Officer.
    (
        "mo-post",
        r#"
[[posts]]
id = "director-law"
org = "northshire"
title = "Director of Law and Governance"
"#,
    ),
    (
        "mo-holder",
        r#"
[[people]]
id = "mark-lewis"
name = "Mark Lewis"

[[appointments]]
person = "mark-lewis"
post = "director-law"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "mo-designation",
        r#"
[[designations]]
council = "northshire"
role = "monitoring_officer"
post = "director-law"
from = 2016-01-01
"#,
    ),
    // Chief Finance Officer.
    (
        "cfo-post",
        r#"
[[posts]]
id = "director-finance"
org = "northshire"
title = "Director of Finance"
"#,
    ),
    (
        "cfo-holder",
        r#"
[[people]]
id = "priya-shah"
name = "Priya Shah"

[[appointments]]
person = "priya-shah"
post = "director-finance"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "cfo-designation",
        r#"
[[designations]]
council = "northshire"
role = "chief_finance_officer"
post = "director-finance"
from = 2016-01-01
"#,
    ),
    // Director of Children's Services.
    (
        "dcs-post",
        r#"
[[posts]]
id = "director-childrens-services"
org = "northshire"
title = "Director of Children's Services"
"#,
    ),
    (
        "dcs-holder",
        r#"
[[people]]
id = "tom-okafor"
name = "Tom Okafor"

[[appointments]]
person = "tom-okafor"
post = "director-childrens-services"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "dcs-designation",
        r#"
[[designations]]
council = "northshire"
role = "dcs"
post = "director-childrens-services"
from = 2016-01-01
"#,
    ),
    (
        "dcs-line",
        r#"
[[reporting_lines]]
post = "director-childrens-services"
reports_to = "chief-executive"
from = 2016-01-01
"#,
    ),
    (
        "dcs-functions",
        r#"
[[responsibilities]]
post = "director-childrens-services"
functions = ["education", "childrens_social_care"]
from = 2016-01-01
"#,
    ),
    // Lead Member for Children's Services.
    (
        "lmcs-post",
        r#"
[[posts]]
id = "cabinet-member-children"
org = "northshire"
title = "Cabinet Member for Children and Young People"
kind = "executive_member"
"#,
    ),
    (
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
"#,
    ),
    (
        "lmcs-designation",
        r#"
[[designations]]
council = "northshire"
role = "lmcs"
post = "cabinet-member-children"
from = 2016-01-01
"#,
    ),
    // Director of Adult Social Services.
    (
        "dass-post",
        r#"
[[posts]]
id = "director-adult-services"
org = "northshire"
title = "Director of Adult Social Services"
"#,
    ),
    (
        "dass-holder",
        r#"
[[people]]
id = "sarah-jones"
name = "Sarah Jones"

[[appointments]]
person = "sarah-jones"
post = "director-adult-services"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "dass-designation",
        r#"
[[designations]]
council = "northshire"
role = "dass"
post = "director-adult-services"
from = 2016-01-01
"#,
    ),
    (
        "dass-line",
        r#"
[[reporting_lines]]
post = "director-adult-services"
reports_to = "chief-executive"
from = 2016-01-01
"#,
    ),
    (
        "dass-functions",
        r#"
[[responsibilities]]
post = "director-adult-services"
functions = ["adult_social_care"]
from = 2016-01-01
"#,
    ),
    // Director of Public Health.
    (
        "dph-post",
        r#"
[[posts]]
id = "director-public-health"
org = "northshire"
title = "Director of Public Health"
"#,
    ),
    (
        "dph-holder",
        r#"
[[people]]
id = "david-brown"
name = "David Brown"

[[appointments]]
person = "david-brown"
post = "director-public-health"
from = 2016-01-01
basis = "permanent"
"#,
    ),
    (
        "dph-designation",
        r#"
[[designations]]
council = "northshire"
role = "dph"
post = "director-public-health"
from = 2016-01-01
"#,
    ),
    (
        "dph-line",
        r#"
[[reporting_lines]]
post = "director-public-health"
reports_to = "chief-executive"
from = 2016-01-01
"#,
    ),
    // Boards.
    (
        "hwb",
        r#"
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

[[memberships]]
body = "northshire-hwb"
post = "director-public-health"
role = "member"
from = 2016-01-01
"#,
    ),
    (
        "lscb",
        r#"
[[bodies]]
id = "northshire-lscb"
council = "northshire"
kind = "lscb"
name = "Northshire Safeguarding Children Board"
from = 2006-04-01
to = 2019-06-28
"#,
    ),
    (
        "partnership",
        r#"
[[bodies]]
id = "northshire-scp"
council = "northshire"
kind = "safeguarding_children_partnership"
name = "Northshire Safeguarding Children Partnership"
from = 2019-06-29
"#,
    ),
    (
        "partners-membership",
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
org = "northshire-ccg"
role = "safeguarding_partner"
from = 2019-06-29
to = 2022-06-30

[[memberships]]
body = "northshire-scp"
org = "northshire-icb"
role = "safeguarding_partner"
from = 2022-07-01
"#,
    ),
    (
        "scrutineer",
        r#"
[[people]]
id = "margaret-hale"
name = "Margaret Hale"

[[memberships]]
body = "northshire-scp"
person = "margaret-hale"
role = "independent_scrutineer"
from = 2019-06-29
"#,
    ),
    (
        "published-arrangements",
        r#"
[[documents]]
id = "scp-arrangements"
council = "northshire"
kind = "published_arrangements"
date = 2019-06-20
title = "Northshire Safeguarding Children Partnership: arrangements"
about = ["northshire-scp"]
"#,
    ),
    (
        "yearly-report",
        r#"
[[documents]]
id = "scp-yearly-2020"
council = "northshire"
kind = "yearly_report"
date = 2020-09-30
title = "Northshire Safeguarding Children Partnership: yearly report 2019-20"
about = ["northshire-scp"]
"#,
    ),
    (
        "sab",
        r#"
[[bodies]]
id = "northshire-sab"
council = "northshire"
kind = "safeguarding_adults_board"
name = "Northshire Safeguarding Adults Board"
from = 2015-04-01
"#,
    ),
    // Reviews: a local test of assurance after the 2016 appointments, and a periodic review.
    (
        "reviews",
        r#"
[[reviews]]
id = "review-2016"
council = "northshire"
kind = "local_test_of_assurance"
roles = ["dcs", "dass", "lmcs"]
started = 2016-01-15
concluded = 2016-03-01
outcome = "assured"
opinion_by = "chief-executive"
reported_to = "cabinet"

[[reviews]]
id = "review-2019"
council = "northshire"
kind = "periodic_review"
roles = ["dcs", "dass", "lmcs"]
started = 2019-07-01
concluded = 2019-10-01
outcome = "assured_with_actions"
opinion_by = "chief-executive"
reported_to = "cabinet"
[[reviews.actions]]
title = "Refresh the children's services scheme of delegation"
owner = "director-childrens-services"
due = 2019-12-31
done = 2019-11-15
"#,
    ),
];

/// A second council, for shared posts and councillors of another council.
pub(crate) const SOUTHSHIRE: &str = r#"
[[organisations]]
id = "southshire"
name = "Southshire Council"
kind = "unitary"
governance = "leader_and_cabinet"
from = 1998-04-01
"#;

impl Fixture {
    /// The compliant Northshire County Council.
    pub(crate) fn base() -> Self {
        Self {
            blocks: BASE
                .iter()
                .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
                .collect(),
        }
    }

    /// Northshire County Council with no other fact: no posts, people, bodies or reviews.
    pub(crate) fn bare() -> Self {
        Self {
            blocks: vec![("council".to_owned(), COUNCIL_BLOCK.to_owned())],
        }
    }

    /// The base fixture with every fact that starts on 2016-01-01 starting on `from` instead.
    pub(crate) fn base_from(from: &str) -> Self {
        Self::base().edit("from = 2016-01-01", &format!("from = {from}"))
    }

    /// Drops the block `name`.
    pub(crate) fn without(mut self, name: &str) -> Self {
        let before = self.blocks.len();
        self.blocks.retain(|(n, _)| n != name);
        assert!(self.blocks.len() < before, "no fixture block named {name}");
        self
    }

    /// Drops the safeguarding children partnership with its members and documents.
    pub(crate) fn without_partnership(self) -> Self {
        self.without("partnership")
            .without("partners-membership")
            .without("scrutineer")
            .without("published-arrangements")
            .without("yearly-report")
    }

    /// Replaces the text of the block `name`.
    pub(crate) fn replace(mut self, name: &str, text: &str) -> Self {
        let block = self
            .blocks
            .iter_mut()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no fixture block named {name}"));
        block.1 = text.to_owned();
        self
    }

    /// Appends `text` to the register.
    pub(crate) fn with(mut self, text: &str) -> Self {
        self.blocks.push(("extra".to_owned(), text.to_owned()));
        self
    }

    /// Replaces `from` by `to` everywhere; `from` must occur.
    pub(crate) fn edit(mut self, from: &str, to: &str) -> Self {
        let mut found = false;
        for (_, text) in &mut self.blocks {
            found |= text.contains(from);
            *text = text.replace(from, to);
        }
        assert!(found, "the fixture does not contain {from:?}");
        self
    }

    /// Makes Northshire a council of another `kind`.
    pub(crate) fn kind(self, kind: &str) -> Self {
        self.edit(r#"kind = "county""#, &format!("kind = {kind:?}"))
    }

    /// The register text.
    pub(crate) fn text(&self) -> String {
        let mut out = HEADER.to_owned();
        for (_, text) in &self.blocks {
            out.push('\n');
            out.push_str(text);
        }
        out
    }

    /// Evaluates `rule` for Northshire on `on` (`YYYY-MM-DD`).
    pub(crate) fn eval(&self, rule: &str, on: &str) -> Finding {
        self.eval_for(COUNCIL, rule, on)
    }

    /// Evaluates `rule` for `council` on `on`.
    pub(crate) fn eval_for(&self, council: &str, rule: &str, on: &str) -> Finding {
        let text = self.text();
        let register = read(&[Source::new("test.toml", &text)]).unwrap_or_else(|errors| {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!(
                "the fixture is not a valid register:\n{}\n\n{text}",
                errors.join("\n")
            )
        });
        let rule = Catalogue::v1()
            .get(rule)
            .unwrap_or_else(|| panic!("no rule {rule} in the catalogue"));
        let engine = Engine::new(&register);
        let council = engine
            .council(council)
            .unwrap_or_else(|| panic!("no council {council} in the fixture"));
        council.evaluate(rule, day(on))
    }

    /// Every rule of the catalogue for Northshire on `on`.
    pub(crate) fn check(&self, on: &str) -> Vec<Finding> {
        let text = self.text();
        let register = read(&[Source::new("test.toml", &text)])
            .unwrap_or_else(|errors| panic!("the fixture is not a valid register: {errors:?}"));
        let engine = Engine::new(&register);
        engine
            .council(COUNCIL)
            .expect("Northshire is in every fixture")
            .check(day(on))
    }
}

/// A departure from `rule` recorded for Northshire from `from` (no end).
pub(crate) fn departure(rule: &str, from: &str) -> String {
    format!(
        r#"
[[departures]]
council = "northshire"
rule = "{rule}"
from = {from}
reason = "Considered by Cabinet: the arrangement suits Northshire's structure"
decided_by = "cabinet"
"#
    )
}

/// Asserts the finding's status and that its message mentions each of `words`.
#[track_caller]
pub(crate) fn expect(finding: &Finding, status: Status, words: &[&str]) {
    assert_eq!(
        finding.status, status,
        "{} is {}, expected {status}: {}",
        finding.rule, finding.status, finding.message
    );
    for word in words {
        assert!(
            finding.message.contains(word),
            "{} ({}): the message does not mention {word:?}: {}",
            finding.rule,
            finding.status,
            finding.message
        );
    }
}

/// The rules that apply to children's services authorities only (DESIGN.md §5).
pub(crate) const CSA_RULES: &[&str] = &[
    "dcs_designated",
    "dcs_officer_of_council",
    "lmcs_designated",
    "lmcs_executive_member",
    "dcs_reports_to_chief_executive",
    "dcs_additional_functions_assured",
    "dass_designated",
    "dass_reports_to_chief_executive",
    "dph_designated",
    "dph_reports_to_chief_executive",
    "hwb_statutory_members",
    "change_triggers_review",
    "periodic_review",
    "review_actions_on_time",
    "commissioned_services_reported",
    "lscb_established",
    "safeguarding_partners",
    "safeguarding_arrangements_published",
    "safeguarding_independent_scrutiny",
    "safeguarding_yearly_report",
    "sab_established",
];

/// The rules that apply to every principal council (DESIGN.md §5).
pub(crate) const PRINCIPAL_RULES: &[&str] = &[
    "hops_designated",
    "mo_designated",
    "cfo_designated",
    "mo_not_cfo",
    "mo_not_hops",
    "statutory_officer_not_councillor",
    "interim_reviewed",
    "no_overlap",
];

pub(crate) use Status::{Accepted, Due, Fail, NotApplicable, Pass, Unknown};
