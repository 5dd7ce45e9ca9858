//! The Assure rules engine: the rule catalogue v1 as data, its evaluators, and timelines.
//!
//! [`Engine`] indexes a register once; [`CouncilEval`] evaluates one council on any day
//! ([`CouncilEval::check`]) or over a period ([`CouncilEval::timeline`]). Every result names the
//! posts and people involved, cites the law in force on the day and lists the facts used. The
//! engine applies what is common to every rule (the council exists on the day, the rule is in force
//! and applies to the council's kind, departures turn a `should` failure into `accepted`); the
//! evaluators in `eval` say how each rule is checked. Pure: no I/O.
//!
//! ```
//! use assure_domain::date::parse_date;
//! use assure_domain::reader::{read, Source};
//! use assure_rules::{Engine, Status};
//!
//! let text = r#"
//! format = "assure/v1"
//! [[organisations]]
//! id = "coventry"
//! name = "Coventry City Council"
//! kind = "metropolitan_district"
//! [[posts]]
//! id = "director-childrens-services"
//! title = "Director of Children's Services"
//! [[designations]]
//! role = "dcs"
//! post = "director-childrens-services"
//! from = 2019-04-01
//! "#;
//! let register = read(&[Source::new("coventry.toml", text)]).expect("a valid register");
//! let engine = Engine::new(&register);
//! let coventry = engine.council("coventry").expect("a council");
//! let rule = engine.catalogue().get("dcs_designated").expect("a rule");
//! // Designated, but nobody is appointed to the post: a designated but vacant post fails.
//! let finding = coventry.evaluate(rule, parse_date("2019-04-01").expect("a date"));
//! assert_eq!(finding.status, Status::Fail);
//! assert_eq!(finding.citation, "Children Act 2004 s18(1)");
//! assert!(finding.message.contains("vacant"));
//! // Before the register's first designation the rule fails too: nobody was designated.
//! let spans = coventry.timeline(parse_date("2019-01-01").unwrap(), None);
//! assert!(spans.iter().any(|s| s.rule == "dcs_designated" && s.status == Status::Fail));
//! ```

#![forbid(unsafe_code)]

pub mod catalogue;
mod context;
mod eval;
pub mod finding;
pub mod timeline;

pub use catalogue::{Catalogue, Level, Rule};
pub use finding::{Finding, Status};
pub use timeline::Span;

use assure_domain::Date;
use assure_domain::date::long;
use assure_domain::model::{Organisation, Register, Role};
use assure_domain::view::Index;
use context::{Cx, History, Lookups};
use finding::{Check, Detail};

/// The rules engine over one register.
#[derive(Debug)]
pub struct Engine<'r> {
    catalogue: &'static Catalogue,
    index: Index<'r>,
    /// The register's first fact date.
    first: Option<Date>,
}

impl<'r> Engine<'r> {
    /// Indexes `register` for evaluation against the built-in catalogue v1.
    pub fn new(register: &'r Register) -> Self {
        let index = Index::new(register);
        let first = index.fact_dates().first().copied();
        Self {
            catalogue: Catalogue::v1(),
            index,
            first,
        }
    }

    /// The catalogue in use.
    pub fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }

    /// The register's index.
    pub fn index(&self) -> &Index<'r> {
        &self.index
    }

    /// The council with `id`, ready to evaluate; `None` if no council has that id.
    pub fn council(&self, id: &str) -> Option<CouncilEval<'_, 'r>> {
        let council = self.index.org(id).filter(|o| o.kind.is_council())?;
        Some(self.eval(council))
    }

    /// Every council of the register, in file order.
    pub fn councils(&self) -> impl Iterator<Item = CouncilEval<'_, 'r>> {
        self.index.reg.councils().map(|council| self.eval(council))
    }

    fn eval(&self, council: &'r Organisation) -> CouncilEval<'_, 'r> {
        CouncilEval {
            engine: self,
            council,
            lookups: Lookups::new(&self.index, council),
            dates: self.index.council_dates(council.id.as_str()),
            history: History::default(),
        }
    }
}

/// One council under evaluation. Keeps the council's history caches between calls, so evaluate
/// many days through the same value.
#[derive(Debug)]
pub struct CouncilEval<'e, 'r> {
    engine: &'e Engine<'r>,
    council: &'r Organisation,
    lookups: Lookups<'e, 'r>,
    /// The fact dates of what this council's evaluation reads ([`Index::council_dates`]).
    dates: Vec<Date>,
    history: History,
}

impl<'r> CouncilEval<'_, 'r> {
    /// The council.
    pub fn council(&self) -> &'r Organisation {
        self.council
    }

    fn cx(&self, detail: Detail) -> Cx<'_, 'r> {
        Cx {
            ix: &self.engine.index,
            council: self.council,
            lookups: &self.lookups,
            dates: &self.dates,
            history: &self.history,
            detail,
            segment: std::cell::Cell::new(None),
        }
    }

    /// Every rule of the catalogue on `day`, in catalogue order.
    pub fn check(&self, day: Date) -> Vec<Finding> {
        self.engine
            .catalogue
            .rules
            .iter()
            .map(|rule| self.evaluate(rule, day))
            .collect()
    }

    /// One rule on `day`.
    pub fn evaluate(&self, rule: &Rule, day: Date) -> Finding {
        let check = self.check_rule(rule, eval::evaluator(&rule.id), day, Detail::Full);
        Finding {
            rule: rule.id.clone(),
            level: rule.level,
            status: check.status,
            message: check.message,
            citation: rule.citation_on(day).to_owned(),
            facts: check.facts,
        }
    }

    /// One rule's status on `day`: what [`CouncilEval::evaluate`] says, without making the
    /// message and facts (what a timeline needs).
    pub fn evaluate_status(&self, rule: &Rule, day: Date) -> Status {
        self.check_rule(rule, eval::evaluator(&rule.id), day, Detail::Status)
            .status
    }

    /// One rule on `day` with its evaluator `evaluate` (looked up once by a caller that evaluates
    /// the rule on many days), in as much `detail` as asked.
    fn check_rule(
        &self,
        rule: &Rule,
        evaluate: Option<eval::Evaluator>,
        day: Date,
        detail: Detail,
    ) -> Check {
        let c = self.council;
        let cx = self.cx(detail);
        if !c.valid.contains(day) {
            return Check::na(detail, || {
                format!("{} does not exist on {}.", c.name, long(day))
            });
        }
        if !rule.applies_to.includes(c) {
            return Check::na(detail, || {
                format!(
                    "Applies to {}; {} is a {} council.",
                    rule.applies_to.describe(),
                    c.name,
                    c.kind.as_str().replace('_', " ")
                )
            });
        }
        if !rule.in_force.contains(day) {
            return Check::na(detail, || {
                let on = long(day);
                match (rule.in_force.from(), rule.in_force.to()) {
                    (Some(from), _) if day < from => {
                        format!("Not in force on {on}: in force from {}.", long(from))
                    }
                    (_, Some(to)) => format!("Not in force on {on}: in force until {}.", long(to)),
                    _ => format!("Not in force on {on}."),
                }
            });
        }
        let Some(evaluate) = evaluate else {
            return Check::unknown(
                || format!("This version of Assure cannot evaluate rule {}.", rule.id),
                cx.facts(),
            );
        };
        let check = evaluate(&cx, rule, day);
        if rule.level == Level::Should
            && check.status == Status::Fail
            && let Some(d) = cx.departure(&rule.id, day)
        {
            let mut facts = cx.facts();
            facts.extend(check.facts);
            facts.add(d);
            return Check::new(
                Status::Accepted,
                || {
                    let by = d
                        .decided_by
                        .as_deref()
                        .map(|b| format!(", decided by {b}"))
                        .unwrap_or_default();
                    format!(
                        "Departure accepted: {} (recorded from {}{by}). {}",
                        d.reason.trim_end_matches('.'),
                        long(d.valid.start()),
                        check.message
                    )
                },
                facts,
            );
        }
        check
    }

    /// The maximal intervals of each rule's status over `from..=to` (no `to`: from `from` on, the
    /// last interval open-ended), computed at change points only. See [`timeline`].
    pub fn timeline(&self, from: Date, to: Option<Date>) -> Vec<Span> {
        timeline::timeline(self, from, to)
    }

    /// The days in `from..=to` on which some status may change (always including `from`).
    pub fn change_points(&self, from: Date, to: Option<Date>) -> Vec<Date> {
        timeline::change_points(self, from, to)
    }

    /// The first day of the continuous interim holding of `role` that includes `day`, if the role
    /// is held on an interim basis on `day` (computed from change points, not day by day).
    pub fn interim_since(&self, role: Role, day: Date) -> Option<Date> {
        self.cx(Detail::Status).interim_start(role, day)
    }

    /// The day the register's substantive record of this council starts: its first designation,
    /// or the register's first fact of any kind.
    pub fn first_day(&self) -> Option<Date> {
        self.lookups
            .designations
            .iter()
            .filter_map(|ever| ever.first())
            .map(|d| d.valid.start())
            .min()
            .or(self.engine.first)
    }
}

#[cfg(test)]
mod tests {
    //! Evaluating for the status alone must say exactly what a full finding says.

    use super::*;
    use assure_domain::date::{parse_date, prev_day};
    use assure_domain::reader::{Source, read};
    use std::collections::BTreeSet;

    /// The worked examples, each a register of its own, and a small generated register with
    /// councils of every kind.
    fn registers() -> Vec<Register> {
        let examples = [
            (
                "coventry.toml",
                include_str!("../../../examples/coventry.toml"),
            ),
            (
                "sandwell.toml",
                include_str!("../../../examples/sandwell.toml"),
            ),
            (
                "st-helens.toml",
                include_str!("../../../examples/st-helens.toml"),
            ),
        ];
        let mut registers: Vec<Register> = examples
            .iter()
            .map(|(name, text)| match read(&[Source::new(name, text)]) {
                Ok(r) => r,
                Err(e) => panic!("{name} does not read: {e:?}"),
            })
            .collect();
        let params = assure_synth::Params::new(6, 6, 7).expect("valid parameters");
        registers.push(assure_synth::generate(&params));
        registers
    }

    #[test]
    fn status_only_evaluation_agrees_with_full_findings() {
        let from = parse_date("2005-01-01").expect("a date");
        let to = parse_date("2027-12-31").expect("a date");
        for register in registers() {
            let engine = Engine::new(&register);
            for council in engine.councils() {
                // Every day a status may turn, the day before it, and a day every month or so.
                let mut days: BTreeSet<Date> = council
                    .change_points(from, Some(to))
                    .into_iter()
                    .flat_map(|d| [d, prev_day(d)])
                    .collect();
                let mut d = from;
                while d <= to {
                    days.insert(d);
                    d = d.checked_add(jiff::ToSpan::days(31)).expect("in range");
                }
                for rule in &engine.catalogue().rules {
                    for day in &days {
                        assert_eq!(
                            council.evaluate_status(rule, *day),
                            council.evaluate(rule, *day).status,
                            "{} of {} on {day}",
                            rule.id,
                            council.council().id
                        );
                    }
                }
            }
        }
    }
}
