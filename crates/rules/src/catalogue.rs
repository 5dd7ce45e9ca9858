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
        let mut months: Vec<i32> = self
            .rules
            .iter()
            .flat_map(|r| r.params.iter())
            .filter(|(k, _)| k.ends_with("_months"))
            .map(|(_, v)| *v)
            .collect();
        months.sort_unstable();
        months.dedup();
        months
    }
}
