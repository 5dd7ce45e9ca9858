//! Synthetic national registers for scale tests: `assure generate` (DESIGN.md §6).
//!
//! [`generate`] builds an `assure/v1` [`Register`] of fictitious English councils over a period
//! that ends on [`END`] (2026-03-31, fixed so that output never depends on the day it is run) and
//! starts `years` earlier; [`render`] writes it as TOML or JSON with the domain's writer, so what
//! comes out is exactly what the reader accepts. The same [`Params`] always give the same bytes:
//! randomness comes from a seeded generator written out in this crate, and every council draws from
//! its own stream. Pure: no I/O, no clock. The CLI (`assure-cli`) writes the file.
//!
//! # What a generated register contains
//!
//! Councils of the five kinds in the proportions of England's 317 principal councils (the first
//! five councils are one of each kind, so small registers still have a mix), each with its own
//! place name, ONS-shaped code, governance and election cycle. Children's services authorities get
//! the seven statutory roles; districts get the Head of Paid Service, Monitoring Officer and Chief
//! Finance Officer only. Around them: police forces, CCGs (to 2022-06-30) and ICBs (from
//! 2022-07-01), children's trusts and council-owned companies.
//!
//! Each council's senior structure changes in *restructures*: posts end and new ones start, and
//! with them designations, reporting lines and responsibilities. A structure is one of: separate
//! DCS and DASS posts; a combined Executive Director of People holding both roles (with operational
//! directors below); a DCS post with further functions (communities, housing, place...); or, for a
//! council sharing a DCS, the partner council's post. Before 2005-04-01 a Director of Social
//! Services holds the DASS role. People are appointed to posts for permanent tenures; when they
//! leave, an interim (interim, acting or seconded) covers, sometimes for more than six months, or
//! the DCS role moves for a while to the chief executive (as in seed 000). Holders often move into
//! the successor post in a restructure. Lead members and leaders are councillors, changing at the
//! annual meeting after May elections.
//!
//! Assurance follows the changes: local tests of assurance after each change of DCS or DASS,
//! statements of assurance for long interims, periodic reviews, each with its report, approvals
//! table and, for some, actions; most on time, some late, some missing. Safeguarding: an LSCB from
//! 2006-04-01, a safeguarding children partnership from (about) 2019-09-29 with the council, police
//! and CCG, then ICB, as partners, an independent scrutineer, published arrangements and yearly
//! reports; a safeguarding adults board; a health and wellbeing board from 2013-04-01 whose members
//! follow the DCS, DASS and DPH designations. Ofsted inspections, improvement boards after
//! inadequate judgements, statutory directions to trusts with performance reports, and recorded
//! departures from `should` rules complete the picture. Every table of DESIGN.md §4 is used.
//!
//! # Distributions
//!
//! The constants in [`dist`] set how often things happen; they are rough, plausible figures, not
//! measured ones. In summary:
//!
//! | what | value |
//! |---|---|
//! | council kinds ([`dist::KIND_WEIGHTS`]) | county 21, unitary 63, metropolitan 36, London 33, district 164 (out of 317) |
//! | governance ([`dist::GOVERNANCE`]) | leader and cabinet 78%, committee 17%, mayor and cabinet 5% |
//! | unitaries created during the period ([`dist::P_NEW_UNITARY`]), districts abolished ([`dist::P_DISTRICT_ABOLISHED`]) | 8%, 6% (on 1 April 2019, 2020, 2021 or 2023) |
//! | months between restructures ([`dist::RESTRUCTURE_MONTHS_CSA`], [`dist::RESTRUCTURE_MONTHS_DISTRICT`]) | uniform 18–108 (children's services authorities), 24–144 (districts) |
//! | structure ([`dist::MODEL_WEIGHTS`]); redrawn at a restructure ([`dist::P_MODEL_CHANGE`]); a People director with public health ([`dist::P_PEOPLE_HAS_PUBLIC_HEALTH`]) | separate DCS and DASS 60%, combined People director 25%, DCS with other functions 15%; 50%; 30% |
//! | DCS reports to a deputy, not the chief executive ([`dist::P_VIA_DEPUTY`]); lines and the education post redrawn at a restructure ([`dist::P_LINES_REDRAWN`]) | 15% of structures; 35% each |
//! | DPH reports to the DASS or People director ([`dist::P_DPH_UNDER_PEOPLE`]) | 35% of structures |
//! | a post is retitled at a restructure ([`dist::P_RETITLE`]) | up to 25% (never the chief executive) |
//! | the holder moves into the successor post ([`dist::P_SLOT_IN`]) | 60% |
//! | permanent tenure ([`dist::TENURE_MONTHS`]) | uniform: chief executive 36–144 months, DCS 18–84, DASS and People 24–96, DPH, MO, CFO 36–120 |
//! | interim cover after a departure ([`dist::P_INTERIM`]) | DCS 65%, DASS and People 55%, chief executive 50%, DPH and CFO 45%, MO 40%, others 30% |
//! | interim length ([`dist::INTERIM_DAYS`]) | 60–183 days 50%, 184–365 days 35%, 366–730 days 15% |
//! | a long interim passes to a second interim ([`dist::P_SECOND_INTERIM`]) | 25% of interims over 240 days |
//! | interim basis ([`dist::INTERIM_BASIS`]) | interim 60%, acting 30%, secondment 10% |
//! | the DCS role moves to the chief executive instead ([`dist::P_DESIGNATION_MOVE`]) | 15% of interim periods of a DCS post (not while the council lends it) |
//! | a vacancy between holders ([`dist::P_VACANCY`], [`dist::VACANCY_DAYS`]) | 3%, 7–60 days |
//! | a handover overlap ([`dist::P_HANDOVER_OVERLAP`]) | 2%, 1–14 days |
//! | children's social care delivered by a trust or company ([`dist::P_TRUST`], [`dist::P_TRUST_COMPANY`], [`dist::P_TRUST_RETURNS`]) | 7% of authorities; 30% of those a company; 20% return in-house |
//! | part-time DCS where a trust delivers ([`dist::P_PART_TIME_DCS`]) | 50%, at 0.6 FTE (seed 002) |
//! | pairs sharing a DCS ([`dist::P_SHARED_DCS`]) or a chief executive ([`dist::P_SHARED_CE`]) | 6% of pairs of London boroughs, unitaries or metropolitan districts; 12% of pairs of districts; for 36–96 months ([`dist::SHARED_MONTHS`]) |
//! | review after a change of DCS or DASS ([`dist::REVIEW_ON_TIME`], [`dist::REVIEW_LATE`], [`dist::P_REVIEW_BEFORE_CHANGE`]); also covering the LMCS ([`dist::P_REVIEW_COVERS_LMCS`]) | on time 80% (20% of those before the change), late (7–12 months) 12%, missing 8%; 30% |
//! | periodic review cadence ([`dist::CADENCE_MONTHS`]), kind ([`dist::PERIODIC_KINDS`]), covering the DASS ([`dist::P_PERIODIC_COVERS_DASS`]) | 11–13 months 50%, 18–26 months 30%, 30–60 months (lapsing) 20%; statement of assurance 50%, periodic review 40%, audit 10%; 60% |
//! | long interim reviewed ([`dist::P_INTERIM_REVIEWED`], [`dist::P_INTERIM_REVIEWED_OFFICERS`]) | DCS, DASS, DPH, LMCS 60%; HoPS, MO, CFO 25%, every six months |
//! | outcome ([`dist::OUTCOMES`]); actions done ([`dist::ACTIONS_DONE`]) | assured 70%, with actions 25%, not assured 5%; on time 80%, late (15–120 days) 18%, never 2% |
//! | a review still open at the end ([`dist::P_LIVE_REVIEW`]) | 30% of authorities |
//! | lead member changes ([`dist::P_LMCS_CHANGE`]; leader [`dist::P_LEADER_CHANGE`]), loses their seat ([`dist::P_LOST_SEAT`]), stays a councillor ([`dist::P_STAYS_COUNCILLOR`]) | 40% after all-out elections, 20% after elections by thirds, 6% in other years (and the same again for a reshuffle during the year); leader 25/12/4%; 30%; 50% |
//! | lead member not recorded as a councillor ([`dist::P_COUNCILLOR_NOT_RECORDED`]) | 2% |
//! | partnership start ([`dist::PARTNERSHIP_START`]) | on 2019-09-29 70%, April–September 2019 25%, late (by March 2020) 5% |
//! | arrangements published late ([`dist::P_ARRANGEMENTS_LATE`]) | 10% (after 2019-06-29) |
//! | gap between yearly reports ([`dist::YEARLY_REPORT_DAYS`]) | 300–360 days 85%, 380–450 days 12%, 700–760 days (one missed) 3% |
//! | independent scrutiny recorded late ([`dist::P_SCRUTINEER_LATE`]); ICB recorded late ([`dist::P_ICB_LATE`]) | 5%; 7% (1–6 months after 2022-07-01) |
//! | health and wellbeing board membership not updated after a change of DCS, DASS or DPH post ([`dist::P_HWB_STALE`]) | 5% of authorities, for 2–9 months |
//! | safeguarding adults board start ([`dist::SAB_START`]) | before 2015-04-01 60%, on it 37%, late 3% |
//! | Ofsted inspections ([`dist::INSPECTION_MONTHS`], [`dist::JUDGEMENTS`]); inadequate leads to an improvement board ([`dist::P_IMPROVEMENT_BOARD`]) | every 30–48 months from 2009, outstanding 8%, good 42%, requires improvement 35%, inadequate 15% (always before a direction); 80% |
//! | departure from a `should` rule recorded ([`dist::P_DEPARTURE_RECORDED`]) | 50% for a DCS or DASS below a deputy, 50% for a DPH below a director |
//! | performance reports on a trust ([`dist::P_QUARTERLY_REPORTS`], [`dist::P_REPORT_MISSED`]) | quarterly 70% (else yearly); 5% of reports missed |

#![forbid(unsafe_code)]

mod council;
mod day;
pub mod dist;
mod nation;
mod rng;
mod words;

use assure_domain::reader::Syntax;
use assure_domain::{Date, Register, writer};

/// The last day of every generated period: fixed, so that output never depends on the clock.
pub const END: Date = jiff::civil::date(2026, 3, 31);

/// The most councils one register may hold (the place-name lists give this many distinct names).
pub const MAX_COUNCILS: u32 = 1000;

/// The longest period, in years (back to 1996-04-01: before it some councils did not exist).
pub const MAX_YEARS: u32 = 30;

/// What to generate: how many councils, over how many years, from which seed.
///
/// Built only through [`Params::new`], so a value always describes a register that can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    councils: u32,
    years: u32,
    seed: u64,
}

/// Why [`Params::new`] refused its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    /// The number of councils is 0 or above [`MAX_COUNCILS`].
    #[error("the number of councils must be between 1 and {MAX_COUNCILS}, not {0}")]
    Councils(u32),
    /// The number of years is 0 or above [`MAX_YEARS`].
    #[error("the number of years must be between 1 and {MAX_YEARS}, not {0}")]
    Years(u32),
}

impl Params {
    /// `councils` councils (1 to [`MAX_COUNCILS`]) over `years` years (1 to [`MAX_YEARS`]) ending on
    /// [`END`], drawn from `seed`.
    pub fn new(councils: u32, years: u32, seed: u64) -> Result<Self, ParamsError> {
        if !(1..=MAX_COUNCILS).contains(&councils) {
            return Err(ParamsError::Councils(councils));
        }
        if !(1..=MAX_YEARS).contains(&years) {
            return Err(ParamsError::Years(years));
        }
        Ok(Self {
            councils,
            years,
            seed,
        })
    }

    /// How many councils.
    pub fn councils(&self) -> u32 {
        self.councils
    }

    /// How many years.
    pub fn years(&self) -> u32 {
        self.years
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The first day of the period: `years` years before [`END`], plus one day (2006-04-01 for 20).
    pub fn start(&self) -> Date {
        day::next(day::months(END, -12 * self.years as i32))
    }
}

/// The register for `params`. The same `params` always give the same register.
pub fn generate(params: &Params) -> Register {
    let nation = nation::Nation::new(params);
    let mut register = Register::default();
    nation.organisations(&mut register);
    let mut lent: Vec<Option<council::Lent>> = Vec::with_capacity(nation.councils.len());
    for idx in 0..nation.councils.len() {
        let out = council::generate(&nation, idx, params.seed, &lent, &mut register);
        lent.push(out);
    }
    register
}

/// `register` as an `assure/v1` file: TOML with a comment saying how it was made, or JSON.
pub fn render(params: &Params, register: &Register, syntax: Syntax) -> String {
    let entries = writer::entries(register);
    let doc = writer::document(entries.iter().map(|e| (e.table, &e.body)));
    match syntax {
        Syntax::Json => writer::to_json(&doc),
        Syntax::Toml => {
            let body = writer::to_toml(&doc);
            format!(
                "# A synthetic register of {} fictitious councils, {} to {}, made by\n\
                 # `assure generate --councils {} --years {} --seed {}`. No real council or person.\n\n{body}",
                params.councils,
                params.start(),
                END,
                params.councils,
                params.years,
                params.seed,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::model::{BodyKind, Member, OrgKind, Role};
    use assure_domain::view::Index;
    use std::collections::{BTreeMap, BTreeSet};

    fn params(councils: u32, years: u32, seed: u64) -> Params {
        Params::new(councils, years, seed).expect("valid parameters")
    }

    fn national() -> (Params, Register) {
        let p = params(60, 20, 3);
        (p, generate(&p))
    }

    fn day(y: i16, m: i8, d: i8) -> Date {
        jiff::civil::date(y, m, d)
    }

    #[test]
    fn same_seed_gives_identical_output() {
        for (c, y) in [(5, 5), (30, 20)] {
            let p = params(c, y, 42);
            let a = render(&p, &generate(&p), Syntax::Toml);
            let b = render(&p, &generate(&p), Syntax::Toml);
            assert!(a == b, "{c} councils over {y} years differ between runs");
            let a = render(&p, &generate(&p), Syntax::Json);
            let b = render(&p, &generate(&p), Syntax::Json);
            assert!(a == b, "JSON differs between runs");
        }
    }

    #[test]
    fn different_seeds_give_different_registers() {
        let a = generate(&params(10, 10, 1));
        let b = generate(&params(10, 10, 2));
        assert_ne!(a.appointments, b.appointments);
        assert_ne!(a.organisations, b.organisations);
    }

    #[test]
    fn the_period_ends_on_the_fixed_day_and_starts_years_earlier() {
        assert_eq!(params(1, 20, 0).start(), day(2006, 4, 1));
        assert_eq!(params(1, 1, 0).start(), day(2025, 4, 1));
        let reg = generate(&params(5, 3, 9));
        let last = reg
            .appointments
            .iter()
            .filter_map(|a| a.valid.to())
            .chain(reg.reviews.iter().filter_map(|r| r.concluded))
            .chain(reg.documents.iter().map(|d| d.date))
            .max();
        assert!(last.is_some_and(|d| d <= END), "{last:?}");
    }

    #[test]
    fn parameters_outside_the_limits_are_refused() {
        assert_eq!(Params::new(0, 5, 1), Err(ParamsError::Councils(0)));
        assert_eq!(
            Params::new(MAX_COUNCILS + 1, 5, 1),
            Err(ParamsError::Councils(MAX_COUNCILS + 1))
        );
        assert_eq!(Params::new(5, 0, 1), Err(ParamsError::Years(0)));
        assert_eq!(Params::new(5, 31, 1), Err(ParamsError::Years(31)));
        assert!(Params::new(MAX_COUNCILS, MAX_YEARS, u64::MAX).is_ok());
    }

    #[test]
    fn the_requested_number_of_councils_is_generated_with_every_kind() {
        let (_, reg) = national();
        assert_eq!(reg.councils().count(), 60);
        let kinds: BTreeSet<OrgKind> = reg.councils().map(|c| c.kind).collect();
        assert_eq!(kinds.len(), 5, "{kinds:?}");
    }

    #[test]
    fn ids_are_unique_across_the_whole_file() {
        let (_, reg) = national();
        let mut seen = BTreeSet::new();
        let ids = reg
            .organisations
            .iter()
            .map(|o| &o.id)
            .chain(reg.people.iter().map(|p| &p.id))
            .chain(reg.posts.iter().map(|p| &p.id))
            .chain(reg.bodies.iter().map(|b| &b.id))
            .chain(reg.documents.iter().map(|d| &d.id))
            .chain(reg.reviews.iter().map(|r| &r.id));
        for id in ids {
            assert!(seen.insert(id.as_str()), "`{id}` is used twice");
        }
    }

    #[test]
    fn every_table_of_the_format_is_used() {
        let (_, reg) = national();
        let sizes = [
            ("organisations", reg.organisations.len()),
            ("people", reg.people.len()),
            (
                "councillor periods",
                reg.people.iter().map(|p| p.councillor.len()).sum(),
            ),
            ("posts", reg.posts.len()),
            ("appointments", reg.appointments.len()),
            ("designations", reg.designations.len()),
            ("reporting_lines", reg.reporting_lines.len()),
            ("responsibilities", reg.responsibilities.len()),
            ("delivery", reg.delivery.len()),
            ("bodies", reg.bodies.len()),
            ("memberships", reg.memberships.len()),
            ("documents", reg.documents.len()),
            ("events", reg.events.len()),
            ("reviews", reg.reviews.len()),
            ("actions", reg.reviews.iter().map(|r| r.actions.len()).sum()),
            (
                "approvals",
                reg.reviews.iter().map(|r| r.approvals.len()).sum(),
            ),
            ("departures", reg.departures.len()),
        ];
        for (table, n) in sizes {
            assert!(n > 0, "no {table}");
        }
    }

    #[test]
    fn every_council_has_each_statutory_role_designated_and_filled_most_of_the_time() {
        let (p, reg) = national();
        let index = Index::new(&reg);
        for c in reg.councils() {
            let first = c.valid.start().max(p.start());
            let last = c.valid.end().min(END);
            let roles: &[(Role, Date)] = if c.kind.is_childrens_services_authority() {
                &[
                    (Role::HeadOfPaidService, first),
                    (Role::MonitoringOfficer, first),
                    (Role::ChiefFinanceOfficer, first),
                    (Role::Dcs, day(2005, 4, 1)),
                    (Role::Lmcs, day(2005, 4, 1)),
                    (Role::Dass, first),
                    (Role::Dph, day(2013, 4, 1)),
                ]
            } else {
                &[
                    (Role::HeadOfPaidService, first),
                    (Role::MonitoringOfficer, first),
                    (Role::ChiefFinanceOfficer, first),
                ]
            };
            for (role, from) in roles {
                let mut d = first.max(*from);
                let (mut days, mut held) = (0, 0);
                while d <= last {
                    days += 1;
                    let designated = index.designations(c.id.as_str(), *role, d);
                    if designated.len() == 1 && !index.holdings(c.id.as_str(), *role, d).is_empty()
                    {
                        held += 1;
                    }
                    d = day::add(d, 7);
                }
                assert!(
                    held * 100 >= days * 90,
                    "{} {role}: held on {held} of {days} weeks",
                    c.id
                );
            }
        }
    }

    #[test]
    fn districts_have_only_the_officer_roles() {
        let (_, reg) = national();
        let districts: BTreeSet<&str> = reg
            .councils()
            .filter(|c| !c.kind.is_childrens_services_authority())
            .map(|c| c.id.as_str())
            .collect();
        assert!(!districts.is_empty());
        for d in reg
            .designations
            .iter()
            .filter(|d| districts.contains(d.council.as_str()))
        {
            assert!(d.role.every_principal_council(), "{} {}", d.council, d.role);
        }
        assert!(
            reg.bodies
                .iter()
                .all(|b| !districts.contains(b.council.as_str()))
        );
    }

    #[test]
    fn some_interim_periods_exceed_six_months_and_most_do_not_last_a_year() {
        let (_, reg) = national();
        let lengths: Vec<i32> = reg
            .appointments
            .iter()
            .filter(|a| a.is_interim())
            .filter_map(|a| Some(day::between(a.valid.from()?, a.valid.to()?) + 1))
            .collect();
        assert!(lengths.len() > 50, "{} interims", lengths.len());
        let long = lengths.iter().filter(|n| **n > 183).count();
        let very_long = lengths.iter().filter(|n| **n > 365).count();
        assert!(long > 0, "no interim over 183 days");
        assert!(
            very_long * 2 < lengths.len(),
            "{very_long} of {}",
            lengths.len()
        );
    }

    #[test]
    fn ccg_memberships_end_by_2022_06_30_and_icbs_start_on_2022_07_01() {
        let (_, reg) = national();
        let kinds: BTreeMap<&str, OrgKind> = reg
            .organisations
            .iter()
            .map(|o| (o.id.as_str(), o.kind))
            .collect();
        let (mut ccg, mut icb) = (0, 0);
        for m in &reg.memberships {
            let Member::Org(org) = &m.member else {
                continue;
            };
            match kinds.get(org.as_str()) {
                Some(OrgKind::Ccg) => {
                    ccg += 1;
                    assert!(
                        m.valid.to().is_some_and(|t| t <= day(2022, 6, 30)),
                        "{} {:?}",
                        m.body,
                        m.valid
                    );
                }
                Some(OrgKind::Icb) => {
                    icb += 1;
                    assert!(m.valid.start() >= day(2022, 7, 1), "{}", m.body);
                }
                _ => {}
            }
        }
        assert!(ccg > 0 && icb > 0, "{ccg} CCG and {icb} ICB memberships");
        for o in reg.organisations.iter().filter(|o| o.kind == OrgKind::Ccg) {
            assert_eq!(o.valid.to(), Some(day(2022, 6, 30)), "{}", o.id);
        }
    }

    #[test]
    fn the_lscb_ends_the_day_before_the_partnership_starts() {
        let (_, reg) = national();
        let mut checked = 0;
        for c in reg.councils() {
            let of = |kind| {
                reg.bodies
                    .iter()
                    .find(|b| b.council == c.id && b.kind == kind)
            };
            if let (Some(lscb), Some(scp)) = (
                of(BodyKind::Lscb),
                of(BodyKind::SafeguardingChildrenPartnership),
            ) {
                let start = scp.valid.from().expect("a partnership start");
                assert_eq!(lscb.valid.to(), Some(day::prev(start)), "{}", c.id);
                assert!(start <= day(2020, 3, 31), "{}", c.id);
                checked += 1;
            }
        }
        assert!(checked > 5, "{checked}");
    }

    #[test]
    fn a_national_register_has_shared_posts_trusts_combined_roles_and_restructures() {
        let p = params(317, 20, 11);
        let reg = generate(&p);
        let council_of: BTreeMap<&str, &str> = reg
            .posts
            .iter()
            .map(|p| (p.id.as_str(), p.org.as_str()))
            .collect();
        let shared = reg
            .designations
            .iter()
            .filter(|d| council_of.get(d.post.as_str()) != Some(&d.council.as_str()))
            .count();
        assert!(shared > 0, "no council designates another council's post");
        assert!(
            !reg.delivery.is_empty(),
            "no trust delivers children's social care"
        );
        let mut roles_of_post: BTreeMap<(&str, &str), BTreeSet<Role>> = BTreeMap::new();
        for d in &reg.designations {
            roles_of_post
                .entry((d.council.as_str(), d.post.as_str()))
                .or_default()
                .insert(d.role);
        }
        assert!(
            roles_of_post
                .values()
                .any(|r| r.contains(&Role::Dcs) && r.contains(&Role::Dass)),
            "no post holds both DCS and DASS"
        );
        let restructures = reg
            .events
            .iter()
            .filter(|e| e.kind == assure_domain::model::EventKind::Restructure)
            .count();
        assert!(restructures > 317, "{restructures} restructures");
        let ended = reg.posts.iter().filter(|p| p.valid.to().is_some()).count();
        assert!(
            ended * 5 > reg.posts.len(),
            "{ended} of {} posts end",
            reg.posts.len()
        );
    }
}
