//! Looking the register up by day: an index built once, and the as-at view of a council.
//!
//! [`Index`] answers the questions every rule asks ("which posts are designated DCS on D?", "who
//! holds this post on D?", "who does it report to?") without scanning the whole register each
//! time. [`Arrangement`] is the picture of one council on one day that people read: who holds each
//! role, who each post reports to, which functions each post has, which bodies exist with which
//! members.

use crate::date::Date;
use crate::model::*;
use crate::{Id, Interval};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;

/// One person holding a role on a day: through a designation of a post and an appointment to it.
#[derive(Clone, Copy, Debug)]
pub struct Holding<'r> {
    pub designation: &'r Designation,
    pub appointment: &'r Appointment,
}

impl Holding<'_> {
    /// Interim when the designation is interim or the appointment is interim or acting.
    pub fn is_interim(&self) -> bool {
        self.designation.is_interim() || self.appointment.is_interim()
    }
}

/// A reporting line that holds on a day: from `[[reporting_lines]]` or a post's `reports_to`.
#[derive(Clone, Copy, Debug)]
pub enum Line<'r> {
    Table(&'r ReportingLine),
    Shorthand(&'r Post),
}

impl Line<'_> {
    /// The post reported to.
    pub fn to(&self) -> &crate::Id {
        match self {
            Self::Table(l) => &l.reports_to,
            Self::Shorthand(p) => p.reports_to.as_ref().unwrap_or(&p.id),
        }
    }

    /// The fact id of the line.
    pub fn fact_id(&self) -> String {
        match self {
            Self::Table(l) => l.fact_id(),
            Self::Shorthand(p) => format!("{}/reports_to", p.fact_id()),
        }
    }
}

type Multi<'r, K, V> = HashMap<K, Vec<&'r V>>;

/// The entries of `map` under `key` (none when absent).
fn slice<'m, 'r, V>(map: &'m Multi<'r, &'r str, V>, key: &str) -> &'m [&'r V] {
    map.get(key).map_or(&[], Vec::as_slice)
}

/// The days a review's facts start or happen on.
fn review_dates(v: &Review, out: &mut impl Extend<Date>) {
    out.extend([v.started]);
    out.extend(v.concluded);
    for a in &v.actions {
        out.extend([crate::date::next_day(a.due)]);
        out.extend(a.done);
    }
}

/// Lookups over a register, built once and shared by every rule and every day evaluated.
#[derive(Debug)]
pub struct Index<'r> {
    pub reg: &'r Register,
    orgs: HashMap<&'r str, &'r Organisation>,
    people: HashMap<&'r str, &'r Person>,
    posts: HashMap<&'r str, &'r Post>,
    appointments_by_post: Multi<'r, &'r str, Appointment>,
    appointments_by_person: Multi<'r, &'r str, Appointment>,
    designations_by_role: HashMap<&'r str, Multi<'r, Role, Designation>>,
    designations_by_post: Multi<'r, &'r str, Designation>,
    lines_by_post: Multi<'r, &'r str, ReportingLine>,
    responsibilities_by_post: Multi<'r, &'r str, Responsibility>,
    bodies_by_council: Multi<'r, &'r str, Body>,
    memberships_by_body: Multi<'r, &'r str, Membership>,
    posts_by_org: Multi<'r, &'r str, Post>,
    /// Each post's place in the register's file order.
    post_position: HashMap<&'r str, usize>,
    reviews_by_council: Multi<'r, &'r str, Review>,
    delivery_by_council: Multi<'r, &'r str, Delivery>,
    departures_by_council: Multi<'r, &'r str, Departure>,
    events_by_council: Multi<'r, &'r str, Event>,
    documents_by_council: Multi<'r, &'r str, Document>,
    /// Documents by each id or role spelling they are about.
    documents_by_about: Multi<'r, &'r str, Document>,
}

fn multi<'r, K: std::hash::Hash + Eq, V>(
    items: &'r [V],
    key: impl Fn(&'r V) -> K,
) -> Multi<'r, K, V> {
    let mut map: Multi<'r, K, V> = HashMap::default();
    for item in items {
        map.entry(key(item)).or_default().push(item);
    }
    map
}

impl<'r> Index<'r> {
    /// Indexes `reg`.
    pub fn new(reg: &'r Register) -> Self {
        let mut designations_by_role: HashMap<&'r str, Multi<'r, Role, Designation>> =
            HashMap::default();
        for d in &reg.designations {
            designations_by_role
                .entry(d.council.as_str())
                .or_default()
                .entry(d.role)
                .or_default()
                .push(d);
        }
        for list in designations_by_role
            .values_mut()
            .flat_map(|m| m.values_mut())
        {
            list.sort_by_key(|d| d.valid.start());
        }
        Self {
            reg,
            orgs: reg
                .organisations
                .iter()
                .map(|o| (o.id.as_str(), o))
                .collect(),
            people: reg.people.iter().map(|p| (p.id.as_str(), p)).collect(),
            posts: reg.posts.iter().map(|p| (p.id.as_str(), p)).collect(),
            appointments_by_post: multi(&reg.appointments, |a| a.post.as_str()),
            appointments_by_person: multi(&reg.appointments, |a| a.person.as_str()),
            designations_by_role,
            designations_by_post: multi(&reg.designations, |d| d.post.as_str()),
            lines_by_post: multi(&reg.reporting_lines, |l| l.post.as_str()),
            responsibilities_by_post: multi(&reg.responsibilities, |r| r.post.as_str()),
            bodies_by_council: multi(&reg.bodies, |b| b.council.as_str()),
            memberships_by_body: multi(&reg.memberships, |m| m.body.as_str()),
            posts_by_org: multi(&reg.posts, |p| p.org.as_str()),
            post_position: reg
                .posts
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            reviews_by_council: multi(&reg.reviews, |r| r.council.as_str()),
            delivery_by_council: multi(&reg.delivery, |d| d.council.as_str()),
            departures_by_council: multi(&reg.departures, |d| d.council.as_str()),
            events_by_council: multi(&reg.events, |e| e.council.as_str()),
            documents_by_council: multi(&reg.documents, |d| d.council.as_str()),
            documents_by_about: {
                let mut map: Multi<'r, &'r str, Document> = HashMap::default();
                for d in &reg.documents {
                    for a in &d.about {
                        map.entry(a.as_str()).or_default().push(d);
                    }
                }
                map
            },
        }
    }

    /// The posts of organisation `org`, in file order.
    pub fn posts_of(&self, org: &str) -> &[&'r Post] {
        slice(&self.posts_by_org, org)
    }

    /// The place of post `id` in the register's file order (`usize::MAX` when unknown).
    pub fn position_of_post(&self, id: &str) -> usize {
        self.post_position.get(id).copied().unwrap_or(usize::MAX)
    }

    /// The reviews of `council`, in file order.
    pub fn reviews_of(&self, council: &str) -> &[&'r Review] {
        slice(&self.reviews_by_council, council)
    }

    /// The delivery arrangements of `council`, in file order.
    pub fn delivery_of(&self, council: &str) -> &[&'r Delivery] {
        slice(&self.delivery_by_council, council)
    }

    /// The departures recorded by `council`, in file order.
    pub fn departures_of(&self, council: &str) -> &[&'r Departure] {
        slice(&self.departures_by_council, council)
    }

    /// The events of `council`, in file order.
    pub fn events_of(&self, council: &str) -> &[&'r Event] {
        slice(&self.events_by_council, council)
    }

    /// The documents (of any council) about `what`: a body id, an organisation id or a role.
    pub fn documents_about(&self, what: &str) -> &[&'r Document] {
        slice(&self.documents_by_about, what)
    }

    /// The dates on which something `council`'s evaluation can read may change: every fact date
    /// ([`Index::fact_dates`]) of the facts reachable from the council. Those are its
    /// organisation; its designations and the posts designated or belonging to it; everyone ever
    /// appointed to those posts, every post they ever held, and those posts' designations (of any
    /// council), responsibilities, reporting lines and holders; the people's councillor periods;
    /// its bodies and their members; its reviews, delivery arrangements (and their providers),
    /// departures, events and documents, and the documents about its bodies and providers.
    /// A superset of what the rules read, so evaluating at these dates misses no change; much
    /// smaller than the whole register's dates when the register holds many councils. Sorted, each
    /// once.
    pub fn council_dates(&self, council: &str) -> Vec<Date> {
        // Collected, then sorted once: cheaper than keeping a set sorted on every insert.
        let mut out = Vec::new();
        let mut add = |i: &Interval| out.extend(i.boundaries());
        let mut orgs: FxHashSet<&str> = FxHashSet::from_iter([council]);
        // Posts: designated by the council or belonging to it, then every post their holders
        // ever held, and the posts those report to.
        let mut posts: FxHashSet<&str> = self
            .designations_by_role
            .get(council)
            .into_iter()
            .flat_map(|m| m.values().flatten())
            .map(|d| d.post.as_str())
            .chain(
                slice(&self.posts_by_org, council)
                    .iter()
                    .map(|p| p.id.as_str()),
            )
            .collect();
        let people: FxHashSet<&str> = posts
            .iter()
            .flat_map(|p| self.appointments_ever(p))
            .map(|a| a.person.as_str())
            .collect();
        posts.extend(
            people
                .iter()
                .flat_map(|p| slice(&self.appointments_by_person, p))
                .map(|a| a.post.as_str()),
        );
        let reports_to: Vec<&str> = posts
            .iter()
            .flat_map(|p| {
                slice(&self.lines_by_post, p)
                    .iter()
                    .map(|l| l.reports_to.as_str())
                    .chain(
                        self.post(p)
                            .and_then(|p| p.reports_to.as_ref())
                            .map(Id::as_str),
                    )
            })
            .collect();
        posts.extend(reports_to);
        let mut bodies: FxHashSet<&str> = FxHashSet::default();
        for b in slice(&self.bodies_by_council, council) {
            add(&b.valid);
            bodies.insert(b.id.as_str());
            for m in slice(&self.memberships_by_body, b.id.as_str()) {
                add(&m.valid);
                match &m.member {
                    Member::Post(p) => {
                        posts.insert(p.as_str());
                    }
                    Member::Org(o) => {
                        orgs.insert(o.as_str());
                    }
                    Member::Person(p) => {
                        if let Some(person) = self.person(p.as_str()) {
                            person.councillor.iter().for_each(|c| add(&c.valid));
                        }
                    }
                }
            }
        }
        for p in &posts {
            if let Some(post) = self.post(p) {
                add(&post.valid);
                orgs.insert(post.org.as_str());
            }
            for a in self.appointments_ever(p) {
                add(&a.valid);
                if let Some(e) = &a.employer {
                    orgs.insert(e.as_str());
                }
            }
            slice(&self.designations_by_post, p)
                .iter()
                .for_each(|d| add(&d.valid));
            slice(&self.responsibilities_by_post, p)
                .iter()
                .for_each(|r| add(&r.valid));
            slice(&self.lines_by_post, p)
                .iter()
                .for_each(|l| add(&l.valid));
        }
        for p in &people {
            for a in slice(&self.appointments_by_person, p) {
                add(&a.valid);
            }
            if let Some(person) = self.person(p) {
                person.councillor.iter().for_each(|c| add(&c.valid));
            }
        }
        if let Some(m) = self.designations_by_role.get(council) {
            m.values().flatten().for_each(|d| add(&d.valid));
        }
        let mut about: FxHashSet<&str> = bodies;
        for d in self.delivery_of(council) {
            add(&d.valid);
            orgs.insert(d.provider.as_str());
            about.insert(d.provider.as_str());
        }
        for d in self.departures_of(council) {
            add(&d.valid);
        }
        for o in &orgs {
            if let Some(org) = self.org(o) {
                add(&org.valid);
            }
        }
        for e in self.events_of(council) {
            out.push(e.date);
        }
        let documents = slice(&self.documents_by_council, council)
            .iter()
            .chain(about.iter().flat_map(|a| self.documents_about(a)));
        for d in documents {
            out.push(d.date);
        }
        for v in self.reviews_of(council) {
            review_dates(v, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn org(&self, id: &str) -> Option<&'r Organisation> {
        self.orgs.get(id).copied()
    }

    pub fn person(&self, id: &str) -> Option<&'r Person> {
        self.people.get(id).copied()
    }

    pub fn post(&self, id: &str) -> Option<&'r Post> {
        self.posts.get(id).copied()
    }

    /// Every designation of `role` by `council`, earliest first.
    pub fn designations_ever(&self, council: &str, role: Role) -> &[&'r Designation] {
        self.designations_by_role
            .get(council)
            .and_then(|m| m.get(&role))
            .map_or(&[], Vec::as_slice)
    }

    /// The designations of `role` by `council` in force on `day`.
    pub fn designations(&self, council: &str, role: Role, day: Date) -> Vec<&'r Designation> {
        self.designations_ever(council, role)
            .iter()
            .copied()
            .filter(|d| d.valid.contains(day))
            .collect()
    }

    /// Every designation (of any council) attached to `post` on `day`.
    pub fn designations_of_post(&self, post: &str, day: Date) -> Vec<&'r Designation> {
        self.designations_by_post
            .get(post)
            .into_iter()
            .flatten()
            .copied()
            .filter(|d| d.valid.contains(day))
            .collect()
    }

    /// The appointments to `post` on `day`.
    pub fn holders(&self, post: &str, day: Date) -> Vec<&'r Appointment> {
        self.appointments_by_post
            .get(post)
            .into_iter()
            .flatten()
            .copied()
            .filter(|a| a.valid.contains(day))
            .collect()
    }

    /// Every appointment to `post`, whenever.
    pub fn appointments_ever(&self, post: &str) -> &[&'r Appointment] {
        self.appointments_by_post
            .get(post)
            .map_or(&[], Vec::as_slice)
    }

    /// The appointments `person` holds on `day`.
    pub fn posts_held(&self, person: &str, day: Date) -> Vec<&'r Appointment> {
        self.appointments_by_person
            .get(person)
            .into_iter()
            .flatten()
            .copied()
            .filter(|a| a.valid.contains(day))
            .collect()
    }

    /// Who holds `role` for `council` on `day`: each person appointed to a post designated for it.
    pub fn holdings(&self, council: &str, role: Role, day: Date) -> Vec<Holding<'r>> {
        self.designations(council, role, day)
            .into_iter()
            .flat_map(|designation| {
                self.holders(designation.post.as_str(), day)
                    .into_iter()
                    .map(move |appointment| Holding {
                        designation,
                        appointment,
                    })
            })
            .collect()
    }

    /// Whether `person` is a councillor on `day`: of `council` when given, of any council if not.
    pub fn is_councillor(&self, person: &str, council: Option<&str>, day: Date) -> bool {
        self.person(person).is_some_and(|p| {
            p.councillor.iter().any(|c| {
                c.valid.contains(day) && council.is_none_or(|want| c.council.as_str() == want)
            })
        })
    }

    /// The reporting lines of `post` on `day`.
    pub fn lines(&self, post: &str, day: Date) -> Vec<Line<'r>> {
        let mut out: Vec<Line<'r>> = self
            .lines_by_post
            .get(post)
            .into_iter()
            .flatten()
            .filter(|l| l.valid.contains(day))
            .map(|l| Line::Table(l))
            .collect();
        if let Some(p) = self.post(post)
            && p.reports_to.is_some()
            && p.valid.contains(day)
        {
            out.push(Line::Shorthand(p));
        }
        out
    }

    /// The responsibilities of `post` on `day`.
    pub fn responsibilities(&self, post: &str, day: Date) -> Vec<&'r Responsibility> {
        self.responsibilities_by_post
            .get(post)
            .into_iter()
            .flatten()
            .copied()
            .filter(|r| r.valid.contains(day))
            .collect()
    }

    /// The bodies of `council` of `kind` that exist on `day`.
    pub fn bodies(&self, council: &str, kind: BodyKind, day: Date) -> Vec<&'r Body> {
        self.bodies_of(council, kind)
            .into_iter()
            .filter(|b| b.valid.contains(day))
            .collect()
    }

    /// Every body of `council` of `kind`, whenever.
    pub fn bodies_of(&self, council: &str, kind: BodyKind) -> Vec<&'r Body> {
        self.bodies_by_council
            .get(council)
            .into_iter()
            .flatten()
            .copied()
            .filter(|b| b.kind == kind)
            .collect()
    }

    /// The memberships of `body` on `day`.
    pub fn members(&self, body: &str, day: Date) -> Vec<&'r Membership> {
        self.memberships_by_body
            .get(body)
            .into_iter()
            .flatten()
            .copied()
            .filter(|m| m.valid.contains(day))
            .collect()
    }

    /// The name of a person, or the id when unknown.
    pub fn person_name(&self, id: &str) -> String {
        self.person(id)
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    }

    /// A post's title, or its id when unknown.
    pub fn post_title(&self, id: &str) -> String {
        self.post(id)
            .map_or_else(|| id.to_owned(), |p| p.title.clone())
    }

    /// "Title (Holder)" or "Title (vacant)" for messages.
    pub fn post_label(&self, post: &str, day: Date) -> String {
        let holders: Vec<String> = self
            .holders(post, day)
            .iter()
            .map(|a| self.person_name(a.person.as_str()))
            .collect();
        let title = self.post_title(post);
        if holders.is_empty() {
            format!("{title} (vacant)")
        } else {
            format!("{title} ({})", holders.join(" and "))
        }
    }

    /// Every date on which some fact of the register starts, ends (the day after) or happens.
    /// Between two consecutive such dates nothing in the register changes.
    pub fn fact_dates(&self) -> BTreeSet<Date> {
        let r = self.reg;
        let mut out = BTreeSet::new();
        let intervals = r
            .organisations
            .iter()
            .map(|o| &o.valid)
            .chain(
                r.people
                    .iter()
                    .flat_map(|p| p.councillor.iter().map(|c| &c.valid)),
            )
            .chain(r.posts.iter().map(|p| &p.valid))
            .chain(r.appointments.iter().map(|a| &a.valid))
            .chain(r.designations.iter().map(|d| &d.valid))
            .chain(r.reporting_lines.iter().map(|l| &l.valid))
            .chain(r.responsibilities.iter().map(|x| &x.valid))
            .chain(r.delivery.iter().map(|x| &x.valid))
            .chain(r.bodies.iter().map(|x| &x.valid))
            .chain(r.memberships.iter().map(|x| &x.valid))
            .chain(r.departures.iter().map(|x| &x.valid));
        for i in intervals {
            out.extend(i.boundaries());
        }
        for d in &r.documents {
            out.insert(d.date);
        }
        for e in &r.events {
            out.insert(e.date);
        }
        for v in &r.reviews {
            review_dates(v, &mut out);
        }
        out
    }

    /// The arrangement of `council` on `day`.
    pub fn arrangement(&self, council: &str, day: Date) -> Arrangement {
        let roles = Role::ALL
            .iter()
            .map(|role| {
                let posts = self
                    .designations(council, *role, day)
                    .into_iter()
                    .map(|d| RolePost {
                        post: d.post.to_string(),
                        title: self.post_title(d.post.as_str()),
                        interim: d.is_interim(),
                        holders: self
                            .holders(d.post.as_str(), day)
                            .iter()
                            .map(|a| (self.person_name(a.person.as_str()), a.is_interim()))
                            .collect(),
                    })
                    .collect();
                (*role, posts)
            })
            .collect();
        let posts = self
            .posts_of(council)
            .iter()
            .filter(|p| p.valid.contains(day))
            .map(|p| PostView {
                post: p.id.to_string(),
                title: p.title.clone(),
                holders: self
                    .holders(p.id.as_str(), day)
                    .iter()
                    .map(|a| self.person_name(a.person.as_str()))
                    .collect(),
                reports_to: self
                    .lines(p.id.as_str(), day)
                    .iter()
                    .map(|l| l.to().to_string())
                    .collect(),
                functions: self
                    .responsibilities(p.id.as_str(), day)
                    .iter()
                    .flat_map(|r| r.functions.iter().copied())
                    .collect(),
            })
            .collect();
        let bodies = self
            .bodies_by_council
            .get(council)
            .into_iter()
            .flatten()
            .filter(|b| b.valid.contains(day))
            .map(|b| BodyView {
                body: b.id.to_string(),
                kind: b.kind,
                members: self
                    .members(b.id.as_str(), day)
                    .iter()
                    .map(|m| (m.member.id().to_string(), m.role))
                    .collect(),
            })
            .collect();
        Arrangement {
            council: council.to_owned(),
            day,
            roles,
            posts,
            bodies,
        }
    }
}

/// A council's arrangement on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrangement {
    pub council: String,
    pub day: Date,
    /// For each role, the posts designated and who holds them.
    pub roles: Vec<(Role, Vec<RolePost>)>,
    /// The council's posts that exist on the day.
    pub posts: Vec<PostView>,
    /// The council's bodies that exist on the day, with their members.
    pub bodies: Vec<BodyView>,
}

/// A post designated for a role on the day.
#[derive(Clone, Debug, PartialEq)]
pub struct RolePost {
    pub post: String,
    pub title: String,
    pub interim: bool,
    /// Each holder's name and whether they hold the post on an interim basis.
    pub holders: Vec<(String, bool)>,
}

/// A post on the day.
#[derive(Clone, Debug, PartialEq)]
pub struct PostView {
    pub post: String,
    pub title: String,
    pub holders: Vec<String>,
    pub reports_to: Vec<String>,
    pub functions: Vec<Function>,
}

/// A body on the day.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyView {
    pub body: String,
    pub kind: BodyKind,
    pub members: Vec<(String, MembershipRole)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Source, read};
    use jiff::civil::date;

    const REGISTER: &str = r#"
format = "assure/v1"
[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"
[[people]]
id = "p-ceo"
name = "Martin Reeves"
[[people]]
id = "p-edp"
name = "Gail Quinton"
[[people]]
id = "p-cpo"
name = "Kirston Nelson"
[[posts]]
id = "ceo"
title = "Chief Executive"
[[posts]]
id = "edp"
title = "Executive Director, People"
reports_to = "ceo"
[[posts]]
id = "cpo"
title = "Chief Partnerships Officer"
[[appointments]]
person = "p-ceo"
post = "ceo"
from = 2013-01-01
[[appointments]]
person = "p-edp"
post = "edp"
from = 2013-09-01
to = 2023-06-29
[[appointments]]
person = "p-cpo"
post = "cpo"
from = 2023-01-01
[[designations]]
role = "head_of_paid_service"
post = "ceo"
from = 2013-01-01
[[designations]]
role = "dcs"
post = "edp"
from = 2013-09-01
to = 2023-06-29
[[designations]]
role = "dcs"
post = "cpo"
from = 2023-06-30
basis = "interim"
[[responsibilities]]
post = "edp"
functions = ["education", "childrens_social_care", "adult_social_care"]
from = 2013-09-01
[[bodies]]
id = "hwb"
kind = "health_and_wellbeing_board"
from = 2013-04-01
[[memberships]]
body = "hwb"
post = "edp"
role = "member"
from = 2013-09-01
"#;

    fn register() -> Register {
        read(&[Source::new("t.toml", REGISTER)]).expect("valid register")
    }

    #[test]
    fn the_arrangement_on_a_day_says_who_holds_each_role_and_how_posts_sit() {
        let reg = register();
        let ix = Index::new(&reg);
        let a = ix.arrangement("coventry", date(2017, 1, 24));
        let dcs = &a
            .roles
            .iter()
            .find(|(r, _)| *r == Role::Dcs)
            .expect("dcs")
            .1;
        assert_eq!(dcs.len(), 1);
        assert_eq!(dcs[0].title, "Executive Director, People");
        assert_eq!(dcs[0].holders, vec![("Gail Quinton".to_owned(), false)]);
        let dass = &a
            .roles
            .iter()
            .find(|(r, _)| *r == Role::Dass)
            .expect("dass")
            .1;
        assert!(dass.is_empty());
        let edp = a.posts.iter().find(|p| p.post == "edp").expect("edp");
        assert_eq!(edp.reports_to, vec!["ceo".to_owned()]);
        assert_eq!(
            edp.functions,
            vec![
                Function::Education,
                Function::ChildrensSocialCare,
                Function::AdultSocialCare
            ]
        );
        assert_eq!(a.bodies.len(), 1);
        assert_eq!(
            a.bodies[0].members,
            vec![("edp".to_owned(), MembershipRole::Member)]
        );
    }

    #[test]
    fn an_interim_designation_shows_in_the_arrangement_from_its_first_day() {
        let reg = register();
        let ix = Index::new(&reg);
        let before = ix.arrangement("coventry", date(2023, 6, 29));
        let after = ix.arrangement("coventry", date(2023, 6, 30));
        let dcs = |a: &Arrangement| {
            a.roles
                .iter()
                .find(|(r, _)| *r == Role::Dcs)
                .expect("dcs")
                .1
                .clone()
        };
        assert_eq!(dcs(&before)[0].post, "edp");
        assert!(!dcs(&before)[0].interim);
        assert_eq!(dcs(&after)[0].post, "cpo");
        assert!(dcs(&after)[0].interim);
        assert_eq!(
            dcs(&after)[0].holders,
            vec![("Kirston Nelson".to_owned(), false)]
        );
        let holdings = ix.holdings("coventry", Role::Dcs, date(2023, 6, 30));
        assert!(
            holdings[0].is_interim(),
            "interim designation makes the holding interim"
        );
    }

    #[test]
    fn fact_dates_include_starts_days_after_ends_and_dated_facts() {
        let reg = register();
        let dates = Index::new(&reg).fact_dates();
        assert!(dates.contains(&date(2013, 9, 1)));
        assert!(
            dates.contains(&date(2023, 6, 30)),
            "the day after the EDP's last day"
        );
        assert!(!dates.contains(&date(2023, 6, 29)));
    }
}
