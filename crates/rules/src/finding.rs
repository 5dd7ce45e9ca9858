//! Statuses and the result of evaluating one rule for one council on one day.

use crate::catalogue::Level;
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

/// One thing a rule checked: a designation, a holder, a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub status: Status,
    pub message: String,
    pub facts: Vec<String>,
}

impl Check {
    pub fn new(status: Status, message: impl Into<String>, facts: Vec<String>) -> Self {
        Self {
            status,
            message: message.into(),
            facts,
        }
    }

    pub fn pass(message: impl Into<String>, facts: Vec<String>) -> Self {
        Self::new(Status::Pass, message, facts)
    }

    pub fn fail(message: impl Into<String>, facts: Vec<String>) -> Self {
        Self::new(Status::Fail, message, facts)
    }

    pub fn na(message: impl Into<String>) -> Self {
        Self::new(Status::NotApplicable, message, Vec::new())
    }

    pub fn unknown(message: impl Into<String>, facts: Vec<String>) -> Self {
        Self::new(Status::Unknown, message, facts)
    }

    pub fn due(message: impl Into<String>, facts: Vec<String>) -> Self {
        Self::new(Status::Due, message, facts)
    }

    /// Combines several checks: the worst status wins; its messages are joined, and the facts of
    /// every check are kept (each once, in order).
    pub fn worst(checks: Vec<Self>, nothing: &str) -> Self {
        let Some(worst) = checks.iter().map(|c| c.status).max_by_key(|s| s.severity()) else {
            return Self::na(nothing);
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
        Self::new(worst, messages.join(" "), facts)
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
