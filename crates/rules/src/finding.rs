//! Statuses and the result of evaluating one rule for one council on one day.

use crate::catalogue::Level;
use assure_domain::model::Fact;
use serde::Serialize;
use std::fmt;

/// The status of a rule on a day (DESIGN.md §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// A time-bound expectation not yet failed.
    Due,
    /// A `should` failure with a recorded, dated justification in force.
    Accepted,
    /// Not in force, wrong kind of council, or nothing to check.
    NotApplicable,
    /// The register lacks a fact the rule needs (the message says which).
    Unknown,
}

impl Status {
    /// Every status, worst first.
    pub const WORST_FIRST: [Self; 6] = [
        Self::Fail,
        Self::Unknown,
        Self::Due,
        Self::Accepted,
        Self::Pass,
        Self::NotApplicable,
    ];

    /// Rank for "the worst wins": fail > unknown > due > accepted > pass > not_applicable.
    pub fn severity(self) -> u8 {
        match self {
            Self::Fail => 5,
            Self::Unknown => 4,
            Self::Due => 3,
            Self::Accepted => 2,
            Self::Pass => 1,
            Self::NotApplicable => 0,
        }
    }

    /// The spelling used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Due => "due",
            Self::Accepted => "accepted",
            Self::NotApplicable => "not_applicable",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much of a check to work out. A finding shows everything; a timeline needs the status
/// alone, and making messages and fact ids is most of the cost of evaluating a rule, so in
/// [`Detail::Status`] neither is made (both are left empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    Full,
    Status,
}

/// The ids of the facts a check used, kept in order. In [`Detail::Status`] nothing is kept and
/// no id is computed: [`Facts::extend`] does not even run its iterator.
#[derive(Debug)]
pub(crate) struct Facts {
    detail: Detail,
    ids: Vec<String>,
}

impl Facts {
    /// No facts yet.
    pub(crate) fn new(detail: Detail) -> Self {
        Self {
            detail,
            ids: Vec::new(),
        }
    }

    /// Adds the id of `fact`.
    pub(crate) fn add(&mut self, fact: &(impl Fact + ?Sized)) {
        self.push_with(|| fact.fact_id());
    }

    /// These facts and `fact`.
    pub(crate) fn with(mut self, fact: &(impl Fact + ?Sized)) -> Self {
        self.add(fact);
        self
    }

    /// Adds the id `id` makes.
    pub(crate) fn push_with(&mut self, id: impl FnOnce() -> String) {
        if self.detail == Detail::Full {
            self.ids.push(id());
        }
    }

    /// Adds the ids of `ids`, in order.
    pub(crate) fn extend(&mut self, ids: impl IntoIterator<Item = String>) {
        if self.detail == Detail::Full {
            self.ids.extend(ids);
        }
    }
}

/// One thing a rule checked: a designation, a holder, a body. In [`Detail::Status`] the message
/// and facts are empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Check {
    pub(crate) status: Status,
    pub(crate) message: String,
    pub(crate) facts: Vec<String>,
}

impl Check {
    /// A check of `status` with the facts used; `message` is made only in [`Detail::Full`].
    pub(crate) fn new(status: Status, message: impl FnOnce() -> String, facts: Facts) -> Self {
        let message = match facts.detail {
            Detail::Full => message(),
            Detail::Status => String::new(),
        };
        Self {
            status,
            message,
            facts: facts.ids,
        }
    }

    pub(crate) fn pass(message: impl FnOnce() -> String, facts: Facts) -> Self {
        Self::new(Status::Pass, message, facts)
    }

    pub(crate) fn fail(message: impl FnOnce() -> String, facts: Facts) -> Self {
        Self::new(Status::Fail, message, facts)
    }

    pub(crate) fn unknown(message: impl FnOnce() -> String, facts: Facts) -> Self {
        Self::new(Status::Unknown, message, facts)
    }

    pub(crate) fn due(message: impl FnOnce() -> String, facts: Facts) -> Self {
        Self::new(Status::Due, message, facts)
    }

    /// Not applicable, for the reason `message` gives; no facts.
    pub(crate) fn na(detail: Detail, message: impl FnOnce() -> String) -> Self {
        Self::new(Status::NotApplicable, message, Facts::new(detail))
    }

    /// Combines several checks: the worst status wins; its messages are joined, and the facts of
    /// every check are kept (each once, in order). With no checks, `nothing` says why it is not
    /// applicable.
    pub(crate) fn worst(
        detail: Detail,
        checks: impl IntoIterator<Item = Self>,
        nothing: impl FnOnce() -> String,
    ) -> Self {
        let checks = checks.into_iter();
        if detail == Detail::Status {
            // Nothing beats a failure: the checks after one need not be made at all.
            let mut worst = Status::NotApplicable;
            for status in checks.map(|c| c.status) {
                if status.severity() > worst.severity() {
                    worst = status;
                }
                if worst == Status::Fail {
                    break;
                }
            }
            return Self::new(worst, String::new, Facts::new(detail));
        }
        let checks: Vec<Self> = checks.collect();
        let Some(worst) = checks.iter().map(|c| c.status).max_by_key(|s| s.severity()) else {
            return Self::na(detail, nothing);
        };
        let mut messages: Vec<String> = Vec::new();
        let mut facts: Vec<String> = Vec::new();
        for c in checks {
            if c.status == worst && !messages.contains(&c.message) {
                messages.push(c.message);
            }
            for f in c.facts {
                if !facts.contains(&f) {
                    facts.push(f);
                }
            }
        }
        Self {
            status: worst,
            message: messages.join(" "),
            facts,
        }
    }
}

/// The result of one rule for one council on one day (the JSON of `check --format json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub status: Status,
    /// One line in plain English naming the posts and people involved.
    pub message: String,
    pub citation: String,
    /// Ids of the facts used (informational).
    pub facts: Vec<String>,
}
