//! The rule catalogue: rules as data, read from `catalogue.toml` (embedded in the binary).
//!
//! The catalogue says what each rule is (id, level, title), where it comes from (citations per
//! edition), when it is in force, which councils it applies to, its parameters (window lengths)
//! and notes where the law is uncertain. The evaluators in [`crate::eval`] say how each rule is
//! checked; a test ties the two together so neither can drift from the other.

use assure_domain::date::parse_date;
use assure_domain::model::Organisation;
use assure_domain::{Date, Interval};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The catalogue text compiled into the binary.
pub const CATALOGUE_V1: &str = include_str!("../catalogue.toml");

/// How binding a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A duty in an Act or regulations: a failure is a breach.
    Must,
    /// Statutory guidance: follow unless there is a recorded good reason.
    Should,
    /// Good practice.
    GoodPractice,
    /// Quality of the record.
    Data,
}

impl Level {
    /// The spelling used in JSON and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Must => "must",
            Self::Should => "should",
            Self::GoodPractice => "good_practice",
            Self::Data => "data",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which councils a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// County, unitary, metropolitan district, London borough.
    ChildrensServicesAuthority,
    /// Those and non-metropolitan districts.
    PrincipalCouncil,
}

impl AppliesTo {
    /// Whether the rule applies to `council`'s kind.
    pub fn includes(self, council: &Organisation) -> bool {
        match self {
            Self::ChildrensServicesAuthority => council.kind.is_childrens_services_authority(),
            Self::PrincipalCouncil => council.kind.is_council(),
        }
    }

    /// How the group is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ChildrensServicesAuthority => "children's services authorities",
            Self::PrincipalCouncil => "principal councils",
        }
    }
}

/// The source cited, from a given day (an edition of guidance, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub from: Option<Date>,
    pub text: String,
}

/// One rule of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: String,
    pub level: Level,
    /// The evaluator module: officers, children, adults, public_health, assurance, safeguarding, data.
    pub area: String,
    pub title: String,
    pub applies_to: AppliesTo,
    /// When the rule is in force; before or after it the rule is not applicable.
    pub in_force: Interval,
    pub citations: Vec<Citation>,
    pub params: BTreeMap<String, i32>,
    pub notes: Option<String>,
}

impl Rule {
    /// The citation in force on `day`: the latest edition starting on or before it (the first
    /// edition before any starts).
    pub fn citation_on(&self, day: Date) -> &str {
        self.citations
            .iter()
            .rev()
            .find(|c| c.from.is_none_or(|f| f <= day))
            .or(self.citations.first())
            .map_or("", |c| c.text.as_str())
    }

    /// The window lengths this rule's evaluator measures (its `*_months` parameters), sorted:
    /// the only windows its status can turn on.
    pub fn window_months(&self) -> Vec<i32> {
        let mut months: Vec<i32> = self
            .params
            .iter()
            .filter(|(k, _)| k.ends_with("_months"))
            .map(|(_, v)| *v)
            .collect();
        months.sort_unstable();
        months.dedup();
        months
    }

    /// A window length in months. Every parameter an evaluator asks for is present: the catalogue
    /// test evaluates every rule, so a missing one fails the build's tests, not a user's run.
    pub fn months(&self, name: &str) -> i32 {
        match self.params.get(name) {
            Some(v) => *v,
            None => panic!("catalogue rule {} lacks parameter {name}", self.id),
        }
    }
}

/// The whole catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalogue {
    pub version: String,
    pub rules: Vec<Rule>,
}

/// A problem in a catalogue file.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("rule {rule}: {message}")]
    Rule { rule: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileData {
    version: String,
    rules: Vec<RuleData>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateOrWord {
    Date(toml::value::Datetime),
    Word(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationData {
    from: Option<toml::value::Datetime>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleData {
    id: String,
    level: Level,
    area: String,
    title: String,
    applies_to: AppliesTo,
    in_force_from: DateOrWord,
    in_force_to: Option<toml::value::Datetime>,
    citations: Vec<CitationData>,
    #[serde(default)]
    params: BTreeMap<String, i32>,
    notes: Option<String>,
}

fn date_of(rule: &str, dt: &toml::value::Datetime) -> Result<Date, CatalogueError> {
    parse_date(&dt.to_string()).ok_or_else(|| CatalogueError::Rule {
        rule: rule.to_owned(),
        message: format!("{dt} is not a date"),
    })
}

impl Catalogue {
    /// The built-in catalogue v1.
    pub fn v1() -> &'static Self {
        static V1: OnceLock<Catalogue> = OnceLock::new();
        V1.get_or_init(|| match Self::parse(CATALOGUE_V1) {
            Ok(c) => c,
            // The embedded file is checked by the crate's tests; it cannot be wrong at run time.
            Err(e) => panic!("built-in catalogue: {e}"),
        })
    }

    /// Parses a catalogue file.
    pub fn parse(text: &str) -> Result<Self, CatalogueError> {
        let data: FileData = toml::from_str(text)?;
        let mut rules = Vec::new();
        for r in data.rules {
            let bad = |message: &str| CatalogueError::Rule {
                rule: r.id.clone(),
                message: message.to_owned(),
            };
            let from = match &r.in_force_from {
                DateOrWord::Date(d) => Some(date_of(&r.id, d)?),
                DateOrWord::Word(w) if w == "always" => None,
                DateOrWord::Word(_) => {
                    return Err(bad("in_force_from must be a date or \"always\""));
                }
            };
            let to = r
                .in_force_to
                .as_ref()
                .map(|d| date_of(&r.id, d))
                .transpose()?;
            let in_force = Interval::new(from, to).map_err(|e| bad(&e.to_string()))?;
            if r.citations.is_empty() || r.citations.iter().any(|c| c.text.trim().is_empty()) {
                return Err(bad("every rule needs a citation"));
            }
            let citations = r
                .citations
                .iter()
                .map(|c| {
                    Ok(Citation {
                        from: c.from.as_ref().map(|d| date_of(&r.id, d)).transpose()?,
                        text: c.text.clone(),
                    })
                })
                .collect::<Result<Vec<_>, CatalogueError>>()?;
            rules.push(Rule {
                id: r.id,
                level: r.level,
                area: r.area,
                title: r.title,
                applies_to: r.applies_to,
                in_force,
                citations,
                params: r.params,
                notes: r.notes,
            });
        }
        Ok(Self {
            version: data.version,
            rules,
        })
    }

    /// The rule with `id`.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Every window length used by any rule, for timeline change points.
    pub fn window_months(&self) -> Vec<i32> {
        let mut months: Vec<i32> = self.rules.iter().flat_map(Rule::window_months).collect();
        months.sort_unstable();
        months.dedup();
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule ids of DESIGN.md §5, in its order: a public contract.
    const DESIGN_IDS: [&str; 29] = [
        "hops_designated",
        "mo_designated",
        "cfo_designated",
        "mo_not_cfo",
        "mo_not_hops",
        "statutory_officer_not_councillor",
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
        "interim_reviewed",
        "review_actions_on_time",
        "commissioned_services_reported",
        "lscb_established",
        "safeguarding_partners",
        "safeguarding_arrangements_published",
        "safeguarding_independent_scrutiny",
        "safeguarding_yearly_report",
        "sab_established",
        "no_overlap",
    ];

    #[test]
    fn the_catalogue_has_exactly_the_rules_of_design_section_5_in_order() {
        let ids: Vec<&str> = Catalogue::v1()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, DESIGN_IDS);
        assert_eq!(Catalogue::v1().version, "v1");
    }

    #[test]
    fn every_rule_has_a_citation_in_force_dates_and_an_evaluator() {
        for r in &Catalogue::v1().rules {
            assert!(!r.citations.is_empty(), "{} has no citation", r.id);
            assert!(
                r.citations.iter().all(|c| c.text.len() > 10),
                "{} has a blank citation",
                r.id
            );
            let froms: Vec<Option<Date>> = r.citations.iter().map(|c| c.from).collect();
            let mut sorted = froms.clone();
            sorted.sort();
            assert_eq!(froms, sorted, "{}: editions out of order", r.id);
            assert!(
                crate::eval::evaluator(&r.id).is_some(),
                "{} has no evaluator",
                r.id
            );
            assert!(!r.title.is_empty() && !r.area.is_empty(), "{}", r.id);
        }
    }

    #[test]
    fn in_force_dates_are_those_of_design_section_5_1() {
        let c = Catalogue::v1();
        let from = |id: &str| {
            c.get(id)
                .and_then(|r| r.in_force.from())
                .map(|d| d.to_string())
        };
        for id in [
            "hops_designated",
            "mo_designated",
            "mo_not_cfo",
            "statutory_officer_not_councillor",
        ] {
            assert_eq!(from(id).as_deref(), Some("1990-01-01"), "{id}");
        }
        assert_eq!(from("cfo_designated").as_deref(), Some("1974-04-01"));
        assert_eq!(from("mo_not_hops").as_deref(), Some("2001-01-01"));
        for id in [
            "dcs_designated",
            "dcs_officer_of_council",
            "lmcs_designated",
            "lmcs_executive_member",
            "dcs_reports_to_chief_executive",
            "dcs_additional_functions_assured",
            "change_triggers_review",
            "periodic_review",
            "commissioned_services_reported",
            "dass_designated",
        ] {
            assert_eq!(from(id).as_deref(), Some("2005-04-01"), "{id}");
        }
        assert_eq!(
            from("dass_reports_to_chief_executive").as_deref(),
            Some("2006-05-01")
        );
        for id in [
            "dph_designated",
            "dph_reports_to_chief_executive",
            "hwb_statutory_members",
        ] {
            assert_eq!(from(id).as_deref(), Some("2013-04-01"), "{id}");
        }
        assert_eq!(from("sab_established").as_deref(), Some("2015-04-01"));
        assert_eq!(from("lscb_established").as_deref(), Some("2006-04-01"));
        assert_eq!(
            c.get("lscb_established")
                .and_then(|r| r.in_force.to())
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-09-28")
        );
        assert_eq!(from("safeguarding_partners").as_deref(), Some("2019-09-29"));
        assert_eq!(
            from("safeguarding_independent_scrutiny").as_deref(),
            Some("2019-09-29")
        );
        assert_eq!(
            from("safeguarding_arrangements_published").as_deref(),
            Some("2019-06-29")
        );
        for id in ["interim_reviewed", "review_actions_on_time", "no_overlap"] {
            assert_eq!(
                c.get(id).map(|r| r.in_force),
                Some(Interval::ALWAYS),
                "{id}"
            );
        }
    }

    #[test]
    fn levels_are_those_of_design_section_5() {
        let c = Catalogue::v1();
        let level = |id: &str| c.get(id).map(|r| r.level);
        for id in [
            "lmcs_executive_member",
            "dcs_reports_to_chief_executive",
            "dcs_additional_functions_assured",
            "dass_reports_to_chief_executive",
            "dph_reports_to_chief_executive",
            "change_triggers_review",
            "periodic_review",
            "commissioned_services_reported",
        ] {
            assert_eq!(level(id), Some(Level::Should), "{id}");
        }
        assert_eq!(level("interim_reviewed"), Some(Level::GoodPractice));
        assert_eq!(level("review_actions_on_time"), Some(Level::GoodPractice));
        assert_eq!(level("no_overlap"), Some(Level::Data));
        let musts = c.rules.iter().filter(|r| r.level == Level::Must).count();
        assert_eq!(musts, 18);
    }

    #[test]
    fn guidance_rules_cite_the_edition_in_force_on_the_day() {
        let r = Catalogue::v1()
            .get("dcs_reports_to_chief_executive")
            .expect("rule");
        let on = |s: &str| r.citation_on(parse_date(s).expect("date"));
        assert!(on("2006-01-01").contains("(2005)"));
        assert!(on("2010-06-01").contains("(2009)"));
        assert!(on("2012-06-01").contains("(2012)"));
        assert!(on("2019-02-12").contains("(April 2013)"));
    }

    const ONE_RULE: &str = r#"
version = "v1"
[[rules]]
id = "x"
level = "must"
area = "officers"
title = "X"
applies_to = "principal_council"
"#;

    #[test]
    fn a_rule_without_a_citation_is_refused() {
        let text = format!("{ONE_RULE}in_force_from = 1990-01-01\ncitations = []\n");
        let err = Catalogue::parse(&text).expect_err("refused");
        assert_eq!(err.to_string(), "rule x: every rule needs a citation");
    }

    #[test]
    fn a_rule_without_in_force_dates_is_refused() {
        let text = format!("{ONE_RULE}citations = [{{ text = \"Some Act 1999 s1\" }}]\n");
        let err = Catalogue::parse(&text).expect_err("refused");
        assert!(
            err.to_string().contains("missing field `in_force_from`"),
            "{err}"
        );
        let text = format!(
            "{ONE_RULE}in_force_from = \"soon\"\ncitations = [{{ text = \"Some Act 1999 s1\" }}]\n"
        );
        let err = Catalogue::parse(&text).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "rule x: in_force_from must be a date or \"always\""
        );
    }

    #[test]
    fn window_parameters_are_months() {
        assert_eq!(Catalogue::v1().window_months(), vec![3, 6, 12, 24]);
    }
}
