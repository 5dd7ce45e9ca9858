//! What an evaluator sees: the register index, the council, and per-council history.
//!
//! Some rules look back in time ("the latest date the combination changed", "the continuous
//! interim holding began"). Facts only change on the register's fact dates, so the history is
//! computed once per council at those dates and then looked up by binary search; evaluating a
//! whole timeline stays linear in the number of change points.

use crate::finding::{Detail, Facts};
use assure_domain::Date;
use assure_domain::date::prev_day;
use assure_domain::model::{Appointment, Designation, Fact, Organisation, Post, Review, Role};
use assure_domain::view::{Holding, Index};
use std::cell::{Cell, OnceCell};
use std::collections::BTreeSet;
use std::ops::Bound;

/// Something the DCS holder also holds (DESIGN.md §5, `dcs_additional_functions_assured`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Extra {
    /// Another statutory designation: (council, role).
    Role(String, Role),
    /// A function outside education and children's social care.
    Function(assure_domain::model::Function),
    /// A post in an organisation that is not a council.
    OtherOrgPost(String),
}

pub(crate) type Combination = BTreeSet<Extra>;

/// Values at each fact date: `at[i]` holds from `dates[i]` until the day before `dates[i + 1]`.
#[derive(Debug)]
pub(crate) struct Series<T> {
    pub(crate) values: Vec<T>,
    /// The first fact date of the run of equal values that index `i` belongs to.
    pub(crate) run_start: Vec<Date>,
}

/// A change to a role's arrangements that starts a review window.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub(crate) date: Date,
    pub(crate) what: String,
    pub(crate) fact: String,
}

#[derive(Debug, Default)]
pub(crate) struct History {
    combination: OnceCell<Series<Combination>>,
    /// Per role; a list, not a map: with a handful of roles a scan beats hashing.
    interim: OnceCell<Vec<(Role, Series<bool>)>>,
    changes: OnceCell<Vec<(Role, Vec<Change>)>>,
    /// By [`Role::position`]: the council's concluded reviews covering the role, as (conclusion
    /// day, position in [`Index::reviews_of`]), sorted by conclusion day, file order among equals.
    reviews: OnceCell<Vec<Vec<(Date, usize)>>>,
}

/// What one council's evaluation looks up on every day, looked up once per council instead.
#[derive(Debug)]
pub(crate) struct Lookups<'e, 'r> {
    /// Every designation by the council, by [`Role::position`] ([`Index::designations_ever`]).
    pub(crate) designations: Vec<&'e [&'r Designation]>,
    /// By [`Role::position`] like `designations`, and in the same order: every appointment to
    /// each designation's post ([`Index::appointments_ever`]).
    pub(crate) designated_appointments: Vec<Vec<&'e [&'r Appointment]>>,
    /// The council's own posts in file order, each with every appointment to it.
    pub(crate) posts: Vec<(&'r Post, &'e [&'r Appointment])>,
    /// The council's designations (of any role) of posts of bodies that are not councils (a
    /// trust's post designated DCS, say), with the post and every appointment to it.
    pub(crate) designated_elsewhere: Vec<(&'r Designation, &'r Post, &'e [&'r Appointment])>,
}

impl<'e, 'r> Lookups<'e, 'r> {
    pub(crate) fn new(ix: &'e Index<'r>, council: &'r Organisation) -> Self {
        let id = council.id.as_str();
        let designations: Vec<&'e [&'r Designation]> = Role::ALL
            .iter()
            .map(|role| ix.designations_ever(id, *role))
            .collect();
        let designated_elsewhere = designations
            .iter()
            .flat_map(|ever| ever.iter().copied())
            .filter_map(|d| {
                let post = ix.post(d.post.as_str())?;
                let org = ix.org(post.org.as_str())?;
                (post.org.as_str() != id && !org.kind.is_council())
                    .then(|| (d, post, ix.appointments_ever(post.id.as_str())))
            })
            .collect();
        let designated_appointments = designations
            .iter()
            .map(|ever| {
                ever.iter()
                    .map(|d| ix.appointments_ever(d.post.as_str()))
                    .collect()
            })
            .collect();
        Self {
            designated_appointments,
            posts: ix
                .posts_of(id)
                .iter()
                .map(|p| (*p, ix.appointments_ever(p.id.as_str())))
                .collect(),
            designations,
            designated_elsewhere,
        }
    }
}

/// The context of one council's evaluation.
#[derive(Debug)]
pub(crate) struct Cx<'e, 'r> {
    pub(crate) ix: &'e Index<'r>,
    pub(crate) council: &'r Organisation,
    pub(crate) lookups: &'e Lookups<'e, 'r>,
    /// Sorted fact dates of what the council's evaluation reads.
    pub(crate) dates: &'e [Date],
    pub(crate) history: &'e History,
    /// Whether to make messages and fact ids, or the status alone.
    pub(crate) detail: Detail,
    /// The last day asked of [`Cx::segment`] and its answer: one evaluation asks about one day,
    /// often several times.
    pub(crate) segment: Cell<Option<(Date, Option<usize>)>>,
}

impl<'e, 'r> Cx<'e, 'r> {
    pub(crate) fn id(&self) -> &'r str {
        self.council.id.as_str()
    }

    pub(crate) fn name(&self) -> &'r str {
        &self.council.name
    }

    /// No facts yet, to be kept or not as this evaluation's detail says.
    pub(crate) fn facts(&self) -> Facts {
        Facts::new(self.detail)
    }

    /// The council's designations of `role` on `day`: [`Index::designations`] without collecting
    /// them, for the rules that only count or scan them.
    pub(crate) fn designations(
        &self,
        role: Role,
        day: Date,
    ) -> impl Iterator<Item = &'r Designation> + Clone {
        self.designations_ever(role)
            .iter()
            .copied()
            .filter(move |d| d.valid.contains(day))
    }

    /// Every designation of `role` by the council, in force or not ([`Index::designations_ever`]).
    pub(crate) fn designations_ever(&self, role: Role) -> &'e [&'r Designation] {
        self.lookups
            .designations
            .get(role.position())
            .copied()
            .unwrap_or(&[])
    }

    /// The appointments to `post` on `day`: [`Index::holders`] without collecting them.
    pub(crate) fn holders(
        &self,
        post: &str,
        day: Date,
    ) -> impl Iterator<Item = &'r Appointment> + Clone {
        self.ix
            .appointments_ever(post)
            .iter()
            .copied()
            .filter(move |a| a.valid.contains(day))
    }

    /// Who holds `role` for the council on `day`: [`Index::holdings`] without collecting them.
    pub(crate) fn holdings(
        &self,
        role: Role,
        day: Date,
    ) -> impl Iterator<Item = Holding<'r>> + Clone + use<'e, 'r> {
        let appointments = self
            .lookups
            .designated_appointments
            .get(role.position())
            .map_or(&[][..], Vec::as_slice);
        self.designations_ever(role)
            .iter()
            .copied()
            .zip(appointments.iter().copied())
            .filter(move |(d, _)| d.valid.contains(day))
            .flat_map(move |(designation, appointments)| {
                appointments
                    .iter()
                    .copied()
                    .filter(move |a| a.valid.contains(day))
                    .map(move |appointment| Holding {
                        designation,
                        appointment,
                    })
            })
    }

    /// The index of the fact date segment containing `day` (`None` before the first date).
    fn segment(&self, day: Date) -> Option<usize> {
        if let Some((asked, answer)) = self.segment.get()
            && asked == day
        {
            return answer;
        }
        let answer = self.dates.partition_point(|d| *d <= day).checked_sub(1);
        self.segment.set(Some((day, answer)));
        answer
    }

    fn series<T: PartialEq>(&self, at: impl Fn(Date) -> T) -> Series<T> {
        let mut values = Vec::with_capacity(self.dates.len());
        let mut run_start = Vec::with_capacity(self.dates.len());
        for (i, d) in self.dates.iter().enumerate() {
            let v = at(*d);
            let start = match (i.checked_sub(1), values.last()) {
                (Some(j), Some(prev)) if *prev == v => run_start[j],
                _ => *d,
            };
            values.push(v);
            run_start.push(start);
        }
        Series { values, run_start }
    }

    /// What the holders of this council's DCS role also hold on `day`, with the facts used.
    pub(crate) fn combination_on(&self, day: Date) -> (Combination, Facts) {
        use assure_domain::model::Function;
        let mut combo = Combination::new();
        let mut facts = self.facts();
        let people: BTreeSet<&str> = self
            .holdings(Role::Dcs, day)
            .map(|h| h.appointment.person.as_str())
            .collect();
        for person in people {
            for appt in self.ix.posts_held(person, day) {
                let post = appt.post.as_str();
                for d in self.ix.designations_of_post(post, day) {
                    let same = d.council.as_str() == self.id() && d.role == Role::Dcs;
                    if !same && d.role != Role::Lmcs {
                        combo.insert(Extra::Role(d.council.to_string(), d.role));
                        facts.add(d);
                    }
                }
                for r in self.ix.responsibilities(post, day) {
                    let mut used = false;
                    for f in &r.functions {
                        if !matches!(f, Function::Education | Function::ChildrensSocialCare) {
                            combo.insert(Extra::Function(*f));
                            used = true;
                        }
                    }
                    if used {
                        facts.add(r);
                    }
                }
                if let Some(p) = self.ix.post(post)
                    && self
                        .ix
                        .org(p.org.as_str())
                        .is_some_and(|o| !o.kind.is_council())
                {
                    combo.insert(Extra::OtherOrgPost(post.to_owned()));
                    facts.add(appt);
                }
            }
        }
        (combo, facts)
    }

    fn combination_series(&self) -> &Series<Combination> {
        self.history
            .combination
            .get_or_init(|| self.series(|d| self.combination_on(d).0))
    }

    /// What [`Cx::combination_on`] says on `day`, with its facts only when this evaluation keeps
    /// facts; otherwise the combination comes from the council's history, worked out once per
    /// fact date (it can only change on those).
    pub(crate) fn combination(&self, day: Date) -> (std::borrow::Cow<'_, Combination>, Facts) {
        match (self.detail, self.segment(day)) {
            (Detail::Status, Some(i)) => (
                std::borrow::Cow::Borrowed(&self.combination_series().values[i]),
                self.facts(),
            ),
            _ => {
                let (combo, facts) = self.combination_on(day);
                (std::borrow::Cow::Owned(combo), facts)
            }
        }
    }

    /// The day the DCS combination held on `day` started (compared as a set from day to day).
    pub(crate) fn combination_start(&self, day: Date) -> Option<Date> {
        let series = self.combination_series();
        self.segment(day).map(|i| series.run_start[i])
    }

    /// Whether `role` is held on an interim basis on `day`.
    pub(crate) fn interim_on(&self, role: Role, day: Date) -> bool {
        self.holdings(role, day).any(|h| h.is_interim())
    }

    /// The first day of the continuous interim holding of `role` that includes `day`.
    pub(crate) fn interim_start(&self, role: Role, day: Date) -> Option<Date> {
        let all = self.history.interim.get_or_init(|| {
            Role::ALL
                .iter()
                .map(|r| (*r, self.series(|d| self.interim_on(*r, d))))
                .collect()
        });
        let (_, series) = all.iter().find(|(r, _)| *r == role)?;
        let i = self.segment(day)?;
        series.values[i].then(|| series.run_start[i])
    }

    /// The changes to `role` that start a review window (DESIGN.md §5 `change_triggers_review`),
    /// sorted by date, each with a description and fact.
    pub(crate) fn changes(&self, role: Role) -> &[Change] {
        let all = self.history.changes.get_or_init(|| {
            [Role::Dcs, Role::Dass]
                .into_iter()
                .map(|r| (r, self.compute_changes(r)))
                .collect()
        });
        all.iter()
            .find(|(r, _)| *r == role)
            .map_or(&[], |(_, changes)| changes.as_slice())
    }

    fn compute_changes(&self, role: Role) -> Vec<Change> {
        let ever = self.designations_ever(role);
        let mut out: Vec<Change> = Vec::new();
        let mut push =
            |date: Date, what: String, fact: String| out.push(Change { date, what, fact });
        for (i, d) in ever.iter().enumerate() {
            let from = d.valid.start();
            let title = self.ix.post_title(d.post.as_str());
            if i == 0 {
                push(
                    from,
                    format!("first designation of the {} to {title}", role.short()),
                    d.fact_id(),
                );
            } else if ever[..i]
                .iter()
                .rev()
                .find(|p| p.valid.start() <= from)
                .is_some_and(|p| p.post != d.post)
            {
                push(
                    from,
                    format!(
                        "the {} designated to a different post, {title}",
                        role.short()
                    ),
                    d.fact_id(),
                );
            }
            for a in self.ix.appointments_ever(d.post.as_str()) {
                let start = a.valid.start();
                if !d.valid.contains(start) {
                    continue;
                }
                let held_before = self
                    .ix
                    .holders(d.post.as_str(), prev_day(start))
                    .iter()
                    .any(|h| h.person == a.person);
                if !held_before {
                    let name = self.ix.person_name(a.person.as_str());
                    push(start, format!("{name} appointed to {title}"), a.fact_id());
                }
            }
        }
        for e in self.ix.events_of(self.id()) {
            if e.kind == assure_domain::model::EventKind::Restructure {
                let designated = self.ix.designations(self.id(), role, e.date);
                if let Some(p) = e
                    .posts
                    .iter()
                    .find(|p| designated.iter().any(|d| d.post == **p))
                {
                    let title = self.ix.post_title(p.as_str());
                    push(
                        e.date,
                        format!("a restructure affecting {title}"),
                        e.fact_id(),
                    );
                }
            }
        }
        out.sort_by_key(|c| c.date);
        out
    }

    /// The council's reviews covering `role` that concluded after `after` and by `until`, with
    /// their conclusion days, in order of conclusion (file order among reviews concluded the same
    /// day). Sorted once per council, so each day costs two binary searches.
    pub(crate) fn reviews_concluded(
        &self,
        role: Role,
        after: Bound<Date>,
        until: Date,
    ) -> impl DoubleEndedIterator<Item = (&'r Review, Date)> + Clone {
        let reviews = self.ix.reviews_of(self.id());
        let all = self.history.reviews.get_or_init(|| {
            Role::ALL
                .iter()
                .map(|role| {
                    let mut concluded: Vec<(Date, usize)> = reviews
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.covers(*role))
                        .filter_map(|(i, r)| r.concluded.map(|c| (c, i)))
                        .collect();
                    // Stable: reviews concluded the same day stay in file order.
                    concluded.sort_by_key(|(c, _)| *c);
                    concluded
                })
                .collect()
        });
        let sorted = all.get(role.position()).map_or(&[][..], Vec::as_slice);
        let start = match after {
            Bound::Included(lo) => sorted.partition_point(|(c, _)| *c < lo),
            Bound::Excluded(lo) => sorted.partition_point(|(c, _)| *c <= lo),
            Bound::Unbounded => 0,
        };
        let end = sorted.partition_point(|(c, _)| *c <= until).max(start);
        sorted[start..end]
            .iter()
            .filter_map(move |(c, i)| reviews.get(*i).map(|r| (*r, *c)))
    }

    /// The council's departures for `rule` in force on `day`.
    pub(crate) fn departure(
        &self,
        rule: &str,
        day: Date,
    ) -> Option<&'r assure_domain::model::Departure> {
        self.ix
            .departures_of(self.id())
            .iter()
            .copied()
            .find(|d| d.rule == rule && d.valid.contains(day))
    }

    /// "Title (Holder)" for messages.
    pub(crate) fn post_label(&self, post: &str, day: Date) -> String {
        self.ix.post_label(post, day)
    }
}
