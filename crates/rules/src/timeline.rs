//! Timeline evaluation: the maximal intervals of each rule's status over a period.
//!
//! Statuses can only change on a *change point*: a day on which a fact starts, ends (the day after)
//! or happens, a rule comes into or goes out of force, or a window measured from such a day closes
//! ("within the last N months" of D changes on the first D whose D minus N months reaches the
//! fact's day; "within N months after" a day changes the day after that day plus N months). The engine evaluates each rule on those days only and merges equal neighbours, so
//! a period of decades costs as much as its number of changes, not its number of days. A property
//! test checks this against evaluating every day.

use crate::finding::Detail;
use crate::{CouncilEval, Status};
use assure_domain::Date;
use assure_domain::date::{next_day, plus_months, window_end};
use serde::Serialize;
use std::collections::HashMap;

/// One maximal interval of a rule's status (the JSON of `timeline --format json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub rule: String,
    pub status: Status,
    pub from: Date,
    /// Last day, inclusive; `None`: the status holds from `from` on.
    pub to: Option<Date>,
}

/// The change points in `from..=to` of any rule, always including `from`.
pub(crate) fn change_points(
    council: &CouncilEval<'_, '_>,
    from: Date,
    to: Option<Date>,
) -> Vec<Date> {
    let months = council.engine.catalogue.window_months();
    Points::new(council, from, to).of(&months)
}

/// The days in `from..=to` on which a status of one council may turn, worked out once and shared
/// by all its rules: the days every rule has, and for each window length the days windows of that
/// length measured from a fact date open or close (several rules share a length).
struct Points<'c, 'e, 'r> {
    council: &'c CouncilEval<'e, 'r>,
    from: Date,
    to: Option<Date>,
    /// The council's fact dates and the days after them, and the days rules come into and go
    /// out of force and the health partner changes; sorted, `from` excluded.
    base: Vec<Date>,
    /// By window length in months, sorted.
    windows: HashMap<i32, Vec<Date>>,
}

impl<'c, 'e, 'r> Points<'c, 'e, 'r> {
    fn new(council: &'c CouncilEval<'e, 'r>, from: Date, to: Option<Date>) -> Self {
        let engine = council.engine;
        let mut base: Vec<Date> = council
            .dates
            .iter()
            .flat_map(|x| [*x, next_day(*x)])
            .chain(
                engine
                    .catalogue
                    .rules
                    .iter()
                    .flat_map(|r| r.in_force.boundaries())
                    .chain([crate::eval::ICB_FROM]),
            )
            .filter(|d| within(*d, from, to))
            .collect();
        base.sort_unstable();
        base.dedup();
        Self {
            council,
            from,
            to,
            base,
            windows: HashMap::new(),
        }
    }

    /// The days windows of `months` months measured from a fact date (or the day after one) turn.
    fn window(&mut self, months: i32) -> &[Date] {
        let (from, to) = (self.from, self.to);
        let dates = &self.council.dates;
        self.windows.entry(months).or_insert_with(|| {
            // The fact dates and the days after them, in order (the dates are sorted and distinct).
            let ys = || dates.iter().flat_map(|x| [*x, next_day(*x)]);
            // "within the last m months" of D closes on the first kind of day, and "within m
            // months after" y, and "m months after" y, turn on the other two. Each kind is a
            // sorted run (month arithmetic never goes backwards), which the stable sort merges.
            let mut days: Vec<Date> = ys()
                .map(|y| window_end(y, months))
                .chain(ys().map(|y| plus_months(y, months)))
                .chain(ys().map(|y| next_day(plus_months(y, months))))
                .filter(|d| within(*d, from, to))
                .collect();
            days.sort();
            days.dedup();
            days
        })
    }

    /// The change points of a rule whose windows are `months` long: `from`, the base days, and the
    /// days windows of those lengths turn; sorted.
    fn of(&mut self, months: &[i32]) -> Vec<Date> {
        let mut days = self.base.clone();
        for m in months {
            days.extend_from_slice(self.window(*m));
        }
        // A few sorted runs: the stable sort finds and merges them in linear time.
        days.sort();
        days.dedup();
        std::iter::once(self.from).chain(days).collect()
    }
}

/// Whether `d` is in `from..=to`, `from` excluded (it is always a change point).
fn within(d: Date, from: Date, to: Option<Date>) -> bool {
    d > from && to.is_none_or(|t| d <= t)
}

pub(crate) fn timeline(council: &CouncilEval<'_, '_>, from: Date, to: Option<Date>) -> Vec<Span> {
    let mut points = Points::new(council, from, to);
    let mut by_months: HashMap<Vec<i32>, Vec<Date>> = HashMap::new();
    let mut all = Vec::new();
    for rule in &council.engine.catalogue.rules {
        // Each rule is evaluated only where its own status can turn: rules without windows on
        // fact dates alone.
        let days = by_months
            .entry(rule.window_months())
            .or_insert_with_key(|months| points.of(months));
        let evaluate = crate::eval::evaluator(&rule.id);
        let mut out: Vec<Span> = Vec::new();
        for day in days.iter() {
            let status = council
                .check_rule(rule, evaluate, *day, Detail::Status)
                .status;
            match out.last_mut() {
                Some(last) if last.status == status => {}
                last => {
                    if let Some(last) = last {
                        last.to = day.yesterday().ok();
                    }
                    out.push(Span {
                        rule: rule.id.clone(),
                        status,
                        from: *day,
                        to: None,
                    });
                }
            }
        }
        all.extend(out);
    }
    if let Some(to) = to {
        for s in all.iter_mut().filter(|s| s.to.is_none()) {
            s.to = Some(to);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    //! The timeline computed from change points must agree with evaluating every day. Registers
    //! are generated with facts of every kind over four years that cross the safeguarding reform
    //! (2019) and the CCG/ICB change (2022), so every window and in-force boundary is exercised.

    use crate::Engine;
    use assure_domain::date::Date;
    use assure_domain::model::*;
    use assure_domain::{Id, Interval};
    use jiff::ToSpan;
    use proptest::prelude::*;

    const BASE: Date = Date::constant(2019, 1, 1);
    const DAYS: i32 = 1460;

    fn day(n: i32) -> Date {
        BASE.checked_add(n.days()).expect("in range")
    }

    fn id(s: &str) -> Id {
        Id::parse(s).expect("valid id")
    }

    fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
        proptest::sample::select(items)
    }

    /// An interval inside the period; `open_start` allows a missing `from`.
    fn interval(open_start: bool) -> impl Strategy<Value = Interval> {
        (0..DAYS, 0..DAYS, any::<bool>(), any::<bool>()).prop_map(
            move |(a, len, no_from, no_to)| {
                let from = (!(open_start && no_from)).then(|| day(a));
                let to = (!no_to).then(|| day((a + len / 3).min(DAYS + 30)));
                Interval::new(from, to).expect("to after from")
            },
        )
    }

    const PEOPLE: &[&str] = &["p0", "p1", "p2", "p3", "p4"];
    const POSTS: &[&str] = &["q0", "q1", "q2", "q3", "q4", "q5"];
    const POST_ORGS: &[&str] = &["c1", "c1", "c1", "c1", "c2", "trust"];
    const ROLES: &[Role] = &[
        Role::Dcs,
        Role::Dcs,
        Role::Dass,
        Role::Lmcs,
        Role::Dph,
        Role::HeadOfPaidService,
        Role::MonitoringOfficer,
        Role::ChiefFinanceOfficer,
    ];
    const BODY_IDS: &[&str] = &["b0", "b1", "b2", "b3"];
    const BODY_KINDS: &[BodyKind] = &[
        BodyKind::HealthAndWellbeingBoard,
        BodyKind::Lscb,
        BodyKind::SafeguardingChildrenPartnership,
        BodyKind::SafeguardingAdultsBoard,
    ];
    const ORGS: &[&str] = &["c1", "c2", "pol", "ccg", "icb", "trust"];
    const SHOULD_RULES: &[&str] = &[
        "lmcs_executive_member",
        "dcs_reports_to_chief_executive",
        "dcs_additional_functions_assured",
        "change_triggers_review",
        "periodic_review",
        "commissioned_services_reported",
    ];

    fn appointment() -> impl Strategy<Value = Appointment> {
        (
            pick(PEOPLE),
            pick(POSTS),
            interval(false),
            pick(&[
                None,
                Some(AppointmentBasis::Interim),
                Some(AppointmentBasis::Acting),
                Some(AppointmentBasis::Shared),
            ]),
            pick(&[None, Some(0.6), Some(1.0)]),
        )
            .prop_map(|(person, post, valid, basis, fte)| Appointment {
                person: id(person),
                post: id(post),
                valid,
                basis,
                fte,
                employer: None,
                loc: Loc::default(),
            })
    }

    fn designation() -> impl Strategy<Value = Designation> {
        (
            pick(&["c1", "c1", "c1", "c2"]),
            pick(ROLES),
            pick(POSTS),
            interval(false),
            any::<bool>(),
        )
            .prop_map(|(council, role, post, valid, interim)| Designation {
                council: id(council),
                role,
                post: id(post),
                valid,
                basis: interim.then_some(DesignationBasis::Interim),
                decision: None,
                loc: Loc::default(),
            })
    }

    fn review() -> impl Strategy<Value = Review> {
        (
            0..DAYS,
            proptest::option::of(0..200i32),
            proptest::sample::subsequence(ROLES.to_vec(), 0..4),
            proptest::collection::vec((pick(POSTS), 0..DAYS, proptest::option::of(0..DAYS)), 0..3),
        )
            .prop_map(|(start, took, roles, actions)| {
                let mut roles = roles;
                roles.dedup();
                Review {
                    id: id("r"),
                    council: id("c1"),
                    kind: ReviewKind::LocalTestOfAssurance,
                    roles,
                    started: day(start),
                    concluded: took.map(|t| day(start + t)),
                    outcome: None,
                    opinion_by: None,
                    reported_to: None,
                    evidence: Vec::new(),
                    opinion: None,
                    working_well: None,
                    worried_about: None,
                    needs_to_happen: None,
                    actions: actions
                        .into_iter()
                        .map(|(owner, due, done)| Action {
                            title: "an action".into(),
                            owner: id(owner),
                            due: day(due),
                            done: done.map(day),
                            loc: Loc::default(),
                        })
                        .collect(),
                    approvals: Vec::new(),
                    loc: Loc::default(),
                }
            })
    }

    fn membership() -> impl Strategy<Value = Membership> {
        (
            pick(BODY_IDS),
            prop_oneof![
                pick(POSTS).prop_map(|p| Member::Post(id(p))),
                pick(PEOPLE).prop_map(|p| Member::Person(id(p))),
                pick(ORGS).prop_map(|o| Member::Org(id(o))),
            ],
            pick(&[
                MembershipRole::Member,
                MembershipRole::SafeguardingPartner,
                MembershipRole::SafeguardingPartner,
                MembershipRole::IndependentScrutineer,
            ]),
            interval(false),
        )
            .prop_map(|(body, member, role, valid)| Membership {
                body: id(body),
                member,
                role,
                valid,
                loc: Loc::default(),
            })
    }

    fn document() -> impl Strategy<Value = Document> {
        (
            pick(&[
                DocumentKind::PerformanceReport,
                DocumentKind::PublishedArrangements,
                DocumentKind::YearlyReport,
            ]),
            0..DAYS,
            pick(&["b0", "b1", "b2", "b3", "trust", "dcs"]),
        )
            .prop_map(|(kind, date, about)| Document {
                id: id("d"),
                council: id("c1"),
                kind,
                date: day(date),
                title: "a document".into(),
                about: vec![about.to_owned()],
                url: None,
                loc: Loc::default(),
            })
    }

    prop_compose! {
        fn register()(
            kind in pick(&[OrgKind::MetropolitanDistrict, OrgKind::County, OrgKind::NonMetropolitanDistrict]),
            governance in pick(&[None, Some(Governance::LeaderAndCabinet), Some(Governance::Committee)]),
            council_valid in prop_oneof![3 => Just(Interval::ALWAYS), 1 => interval(true)],
            councillors in proptest::collection::vec((pick(PEOPLE), pick(&["c1", "c2"]), interval(true)), 0..4),
            post_kinds in proptest::collection::vec(pick(&[PostKind::Officer, PostKind::ExecutiveMember]), 6),
            reports in proptest::collection::vec(proptest::option::weighted(0.4, pick(POSTS)), 6),
            appointments in proptest::collection::vec(appointment(), 0..9),
            designations in proptest::collection::vec(designation(), 0..9),
            lines in proptest::collection::vec((pick(POSTS), pick(POSTS), interval(false)), 0..4),
            responsibilities in proptest::collection::vec(
                (pick(POSTS), proptest::sample::subsequence(vec![Function::Education, Function::ChildrensSocialCare, Function::AdultSocialCare, Function::Resources], 1..3), interval(false)),
                0..4,
            ),
            delivery in proptest::collection::vec((pick(&[Function::Education, Function::ChildrensSocialCare, Function::AdultSocialCare]), interval(false)), 0..2),
            bodies in proptest::collection::vec((pick(BODY_KINDS), interval(true)), 0..4),
            memberships in proptest::collection::vec(membership(), 0..9),
            documents in proptest::collection::vec(document(), 0..6),
            events in proptest::collection::vec((0..DAYS, pick(POSTS)), 0..2),
            reviews in proptest::collection::vec(review(), 0..4),
            departures in proptest::collection::vec((pick(SHOULD_RULES), interval(false)), 0..2),
        ) -> Register {
            let org = |i: &str, kind: OrgKind, valid: Interval| Organisation {
                id: id(i), name: i.to_uppercase(), kind, gss: None, governance, valid, loc: Loc::default(),
            };
            let ccg_end = Date::constant(2022, 6, 30);
            let mut people: Vec<Person> = PEOPLE.iter().map(|p| Person { id: id(p), name: p.to_uppercase(), councillor: Vec::new(), loc: Loc::default() }).collect();
            for (p, c, valid) in councillors {
                if let Some(person) = people.iter_mut().find(|x| x.id.as_str() == p) {
                    person.councillor.push(CouncillorPeriod { council: id(c), valid });
                }
            }
            Register {
                files: vec!["generated".into()],
                organisations: vec![
                    org("c1", kind, council_valid),
                    org("c2", OrgKind::Unitary, Interval::ALWAYS),
                    org("pol", OrgKind::Police, Interval::ALWAYS),
                    org("ccg", OrgKind::Ccg, Interval::new(None, Some(ccg_end)).expect("valid")),
                    org("icb", OrgKind::Icb, Interval::starting(Date::constant(2022, 7, 1))),
                    org("trust", OrgKind::ChildrensTrust, Interval::ALWAYS),
                ],
                people,
                posts: POSTS.iter().zip(POST_ORGS).zip(post_kinds).zip(reports).map(|(((p, o), kind), reports_to)| Post {
                    id: id(p), org: id(o), title: p.to_uppercase(), kind, valid: Interval::ALWAYS,
                    reports_to: reports_to.map(id), loc: Loc::default(),
                }).collect(),
                appointments,
                designations,
                reporting_lines: lines.into_iter().map(|(p, r, valid)| ReportingLine { post: id(p), reports_to: id(r), valid, loc: Loc::default() }).collect(),
                responsibilities: responsibilities.into_iter().map(|(p, functions, valid)| Responsibility { post: id(p), functions, valid, loc: Loc::default() }).collect(),
                delivery: delivery.into_iter().map(|(function, valid)| Delivery {
                    council: id("c1"), function, provider: id("trust"), valid, basis: None, citation: None, loc: Loc::default(),
                }).collect(),
                bodies: bodies.into_iter().zip(BODY_IDS).map(|((kind, valid), b)| Body { id: id(b), council: id("c1"), kind, name: None, valid, loc: Loc::default() }).collect(),
                memberships,
                documents: documents.into_iter().enumerate().map(|(i, mut d)| { d.id = id(&format!("d{i}")); d }).collect(),
                events: events.into_iter().map(|(d, p)| Event { council: id("c1"), date: day(d), kind: EventKind::Restructure, posts: vec![id(p)], summary: None, loc: Loc::default() }).collect(),
                reviews: reviews.into_iter().enumerate().map(|(i, mut r)| { r.id = id(&format!("r{i}")); r }).collect(),
                departures: departures.into_iter().map(|(rule, valid)| Departure {
                    council: id("c1"), rule: rule.into(), valid, reason: "a reason".into(), decided_by: None, review: None, loc: Loc::default(),
                }).collect(),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

        #[test]
        fn timeline_agrees_with_evaluating_every_day(reg in register()) {
            let engine = Engine::new(&reg);
            // c1 has every kind of fact; c2 shares posts and people with it, so its change
            // points come only from what it reaches.
            for id in ["c1", "c2"] {
                let council = engine.council(id).expect("a council");
                let first = day(0);
                let last = day(DAYS + 60);
                let spans = council.timeline(first, Some(last));
                let rules = &engine.catalogue().rules;
                let mut d = first;
                while d <= last {
                    let findings = council.check(d);
                    for (rule, finding) in rules.iter().zip(&findings) {
                        let span = spans
                            .iter()
                            .find(|s| s.rule == rule.id && s.from <= d && s.to.is_none_or(|t| d <= t));
                        prop_assert!(span.is_some(), "no span of {} covers {}", rule.id, d);
                        let span = span.expect("checked");
                        prop_assert_eq!(
                            span.status, finding.status,
                            "{} on {}: timeline says {:?} ({}..{:?}) but the day says {:?}: {}",
                            rule.id, d, span.status, span.from, span.to, finding.status, finding.message
                        );
                    }
                    d = d.tomorrow().expect("in range");
                }
                // Maximal: neighbours differ.
                for w in spans.windows(2) {
                    if w[0].rule == w[1].rule {
                        prop_assert_ne!(w[0].status, w[1].status, "{} not merged at {}", w[0].rule, w[1].from);
                    }
                }
            }
        }
    }
}
