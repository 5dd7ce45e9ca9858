//! The national picture: which councils exist, of which kind, and what ties them together
//! (police forces, CCGs and ICBs, trusts, pairs sharing a post).
//!
//! Everything that involves more than one council is decided here, from the seed's first stream,
//! before any council is generated; each council then draws from its own stream
//! ([`crate::council`]).

use crate::day::{self, months, ymd};
use crate::dist::*;
use crate::rng::Rng;
use crate::words;
use crate::{END, Params};
use assure_domain::model::{Governance, OrgKind, Organisation};
use assure_domain::{Date, Register};

/// The day CCGs were abolished; they are recorded up to it.
pub(crate) const CCG_END: Date = jiff::civil::date(2022, 6, 30);
/// The day ICBs took over from CCGs.
pub(crate) const ICB_START: Date = jiff::civil::date(2022, 7, 1);
/// The day CCGs were established.
const CCG_START: Date = jiff::civil::date(2013, 4, 1);

/// Local elections: every council's cycle.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Elections {
    /// The whole council every four years, in years with this remainder modulo 4.
    AllOut(i16),
    /// A third of the council in three years of four; none in years with this remainder.
    Thirds(i16),
}

impl Elections {
    /// Whether there are elections in `year`, and whether they are all-out.
    pub(crate) fn in_year(self, year: i16) -> Option<bool> {
        match self {
            Self::AllOut(r) => (year.rem_euclid(4) == r).then_some(true),
            Self::Thirds(r) => (year.rem_euclid(4) != r).then_some(false),
        }
    }
}

/// Children's social care delivered by a trust or company.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trust {
    /// The Secretary of State's direction (or the council's decision, for a company).
    pub(crate) direction: Date,
    /// The first day the provider delivers.
    pub(crate) start: Date,
    /// The last day, when services return to the council.
    pub(crate) end: Option<Date>,
    /// A council-owned company rather than a trust under direction.
    pub(crate) company: bool,
}

/// Two councils sharing one post (the DCS, or a district's chief executive).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shared {
    /// The other council (index).
    pub(crate) partner: usize,
    pub(crate) from: Date,
    /// Last day, inclusive (the end of both councils' lives if it runs to the end).
    pub(crate) to: Date,
}

/// One council and its place in the nation.
#[derive(Clone, Debug)]
pub(crate) struct Council {
    pub(crate) id: String,
    pub(crate) place: String,
    pub(crate) name: String,
    pub(crate) kind: OrgKind,
    pub(crate) gss: String,
    pub(crate) governance: Governance,
    /// The organisation's own dates (from may be long before the period).
    pub(crate) from: Date,
    pub(crate) to: Option<Date>,
    /// Its police force, CCG and ICB (indices into the nation's lists).
    pub(crate) police: usize,
    pub(crate) ccg: Option<usize>,
    pub(crate) icb: Option<usize>,
    pub(crate) trust: Option<Trust>,
    /// This council designates its partner's post.
    pub(crate) borrows: Option<Shared>,
    /// Its partner designates this council's post.
    pub(crate) lends: Option<Shared>,
    pub(crate) elections: Elections,
}

impl Council {
    /// The first and last day of the council within the period, and whether it still exists at
    /// the end (then facts running to the last day are written without `to`).
    pub(crate) fn life(&self, start: Date) -> (Date, Date, bool) {
        let l0 = self.from.max(start);
        let l1 = self.to.map_or(END, |t| t.min(END));
        (l0, l1, self.to.is_none_or(|t| t > END))
    }

    /// Whether it existed before the period (its posts and people then have a past).
    pub(crate) fn inherited(&self, start: Date) -> bool {
        self.from < start
    }
}

/// A police force, CCG or ICB.
#[derive(Clone, Debug)]
pub(crate) struct Partner {
    pub(crate) id: String,
    pub(crate) name: String,
    kind: OrgKind,
    from: Option<Date>,
    to: Option<Date>,
}

/// Every council and partner body of one generated register.
#[derive(Debug)]
pub(crate) struct Nation {
    pub(crate) start: Date,
    pub(crate) councils: Vec<Council>,
    pub(crate) police: Vec<Partner>,
    pub(crate) ccgs: Vec<Partner>,
    pub(crate) icbs: Vec<Partner>,
}

/// Reorganisation days (1 April) on which unitaries were created and districts abolished.
const REORGANISATIONS: [(i16, i8, i8); 4] =
    [(2019, 4, 1), (2020, 4, 1), (2021, 4, 1), (2023, 4, 1)];

fn slug(text: &str) -> String {
    text.to_ascii_lowercase()
}

impl Nation {
    pub(crate) fn new(params: &Params) -> Self {
        let start = params.start();
        let mut rng = Rng::stream(params.seed(), 0);
        let n = params.councils() as usize;
        let places = words::places(&mut rng, n);
        let kinds = kinds(n);
        let mut per_kind = [0usize; 5];
        let mut councils: Vec<Council> = Vec::with_capacity(n);
        for (place, kind) in places.into_iter().zip(kinds) {
            let k = kind_index(kind);
            per_kind[k] += 1;
            councils.push(Self::council(&mut rng, start, place, kind, per_kind[k]));
        }
        let police = Self::partners_of(&mut councils);
        let (ccgs, icbs) = Self::health(&mut councils, start);
        let mut nation = Self {
            start,
            councils,
            police,
            ccgs,
            icbs,
        };
        nation.pairs(&mut rng);
        nation.trusts(&mut rng);
        nation
    }

    fn council(rng: &mut Rng, start: Date, place: String, kind: OrgKind, nth: usize) -> Council {
        let (name, gss_prefix, from) = match kind {
            OrgKind::County => (format!("{place} County Council"), "E10", ymd(1974, 4, 1)),
            OrgKind::MetropolitanDistrict => (
                format!("{place} Metropolitan Borough Council"),
                "E08",
                ymd(1974, 4, 1),
            ),
            OrgKind::LondonBorough => {
                (format!("London Borough of {place}"), "E09", ymd(1965, 4, 1))
            }
            OrgKind::Unitary => {
                let from = *rng.pick(&[
                    ymd(1996, 4, 1),
                    ymd(1997, 4, 1),
                    ymd(1998, 4, 1),
                    ymd(2009, 4, 1),
                ]);
                (format!("{place} Council"), "E06", from)
            }
            _ => {
                let style = if rng.chance(0.5) {
                    "District"
                } else {
                    "Borough"
                };
                (format!("{place} {style} Council"), "E07", ymd(1974, 4, 1))
            }
        };
        // Reorganisations inside the period: new unitaries from, abolished districts until, one of
        // the reorganisation days with at least a year of the period on the council's side.
        let inside: Vec<Date> = REORGANISATIONS
            .iter()
            .map(|(y, m, d)| ymd(*y, *m, *d))
            .filter(|d| *d > months(start, 12) && *d <= months(END, -12))
            .collect();
        let mut from = from;
        let mut to = None;
        if !inside.is_empty() {
            if kind == OrgKind::Unitary && rng.chance(P_NEW_UNITARY) {
                from = *rng.pick(&inside);
            } else if kind == OrgKind::NonMetropolitanDistrict && rng.chance(P_DISTRICT_ABOLISHED) {
                to = Some(day::prev(*rng.pick(&inside)));
            }
        }
        let governance = rng.weighted(&GOVERNANCE);
        let elections = match kind {
            OrgKind::County => Elections::AllOut(1),
            OrgKind::LondonBorough => Elections::AllOut(2),
            OrgKind::MetropolitanDistrict => Elections::Thirds(1),
            OrgKind::Unitary if rng.chance(0.7) => Elections::AllOut(rng.int(0, 3) as i16),
            OrgKind::Unitary => Elections::Thirds(rng.int(0, 3) as i16),
            _ if rng.chance(0.65) => Elections::AllOut(3),
            _ => Elections::Thirds(rng.int(0, 3) as i16),
        };
        Council {
            id: slug(&place),
            name,
            kind,
            gss: format!("{gss_prefix}{nth:06}"),
            governance,
            from,
            to,
            police: 0,
            ccg: None,
            icb: None,
            trust: None,
            borrows: None,
            lends: None,
            elections,
            place,
        }
    }

    /// Police forces: one for every eight councils, in order, named after the first.
    fn partners_of(councils: &mut [Council]) -> Vec<Partner> {
        let mut police = Vec::new();
        for (i, c) in councils.iter_mut().enumerate() {
            if i % 8 == 0 {
                let style = if police.len() % 2 == 0 {
                    "Police"
                } else {
                    "Constabulary"
                };
                police.push(Partner {
                    id: format!("police-{}", slug(&c.place)),
                    name: format!("{} {style}", c.place),
                    kind: OrgKind::Police,
                    from: None,
                    to: None,
                });
            }
            c.police = police.len() - 1;
        }
        police
    }

    /// CCGs (one for every two children's services authorities) when the period reaches back to
    /// them, and ICBs (one for every four) when it reaches forward to them.
    fn health(councils: &mut [Council], start: Date) -> (Vec<Partner>, Vec<Partner>) {
        let mut ccgs: Vec<Partner> = Vec::new();
        let mut icbs: Vec<Partner> = Vec::new();
        let mut icb_places: Vec<String> = Vec::new();
        let with_ccgs = start <= CCG_END;
        let authorities = councils
            .iter_mut()
            .filter(|c| c.kind.is_childrens_services_authority());
        for (nth, c) in authorities.enumerate() {
            if with_ccgs {
                if nth % 2 == 0 {
                    ccgs.push(Partner {
                        id: format!("ccg-{}", slug(&c.place)),
                        name: format!("NHS {} Clinical Commissioning Group", c.place),
                        kind: OrgKind::Ccg,
                        from: Some(CCG_START),
                        to: Some(CCG_END),
                    });
                }
                c.ccg = Some(ccgs.len() - 1);
            }
            if nth % 4 == 0 {
                icb_places.clear();
                icbs.push(Partner {
                    id: format!("icb-{}", slug(&c.place)),
                    name: String::new(),
                    kind: OrgKind::Icb,
                    from: Some(ICB_START),
                    to: None,
                });
            }
            if icb_places.len() < 2 {
                icb_places.push(c.place.clone());
                if let Some(icb) = icbs.last_mut() {
                    icb.name = format!("NHS {} Integrated Care Board", icb_places.join(" and "));
                }
            }
            c.icb = Some(icbs.len() - 1);
        }
        (ccgs, icbs)
    }

    /// Pairs sharing a DCS (London boroughs, unitaries, metropolitan districts) or a chief
    /// executive (districts): neighbours in the list of their kind, for a window inside both lives.
    fn pairs(&mut self, rng: &mut Rng) {
        for kind in [
            OrgKind::LondonBorough,
            OrgKind::Unitary,
            OrgKind::MetropolitanDistrict,
            OrgKind::NonMetropolitanDistrict,
        ] {
            let p = if kind == OrgKind::NonMetropolitanDistrict {
                P_SHARED_CE
            } else {
                P_SHARED_DCS
            };
            let of_kind: Vec<usize> = (0..self.councils.len())
                .filter(|i| self.councils[*i].kind == kind)
                .collect();
            let mut k = 0;
            while k + 1 < of_kind.len() {
                let (a, b) = (of_kind[k], of_kind[k + 1]);
                if rng.chance(p)
                    && let Some((from, to)) = self.window(rng, a, b)
                {
                    self.councils[a].lends = Some(Shared {
                        partner: b,
                        from,
                        to,
                    });
                    self.councils[b].borrows = Some(Shared {
                        partner: a,
                        from,
                        to,
                    });
                    k += 2;
                } else {
                    k += 1;
                }
            }
        }
    }

    /// A sharing window inside both councils' lives, from 2008, starting on the first of a month
    /// at least a year into both lives and lasting [`SHARED_MONTHS`] (or to the end).
    fn window(&self, rng: &mut Rng, a: usize, b: usize) -> Option<(Date, Date)> {
        let (a0, a1, _) = self.councils[a].life(self.start);
        let (b0, b1, _) = self.councils[b].life(self.start);
        let lo = months(a0.max(b0).max(ymd(2008, 4, 1)), 12);
        let end = a1.min(b1);
        let hi = months(end, -12);
        if lo > hi {
            return None;
        }
        let d = day::uniform(rng, lo, hi);
        let from = ymd(d.year(), d.month(), 1);
        let from = if from < lo { months(from, 1) } else { from };
        if from > hi {
            return None;
        }
        let to = day::prev(months(from, rng.int(SHARED_MONTHS.0, SHARED_MONTHS.1))).min(end);
        Some((from, to))
    }

    /// Trusts and companies for some children's services authorities that share nothing: a
    /// direction at least two years into the council's life and from 2014, delivery from the
    /// first of a month 6 to 18 months later.
    fn trusts(&mut self, rng: &mut Rng) {
        let start = self.start;
        for c in &mut self.councils {
            if !c.kind.is_childrens_services_authority() || c.borrows.is_some() || c.lends.is_some()
            {
                continue;
            }
            if !rng.chance(P_TRUST) {
                continue;
            }
            let (l0, l1, _) = c.life(start);
            let lo = months(l0, 24).max(ymd(2014, 1, 1));
            let hi = months(l1, -30);
            if lo > hi {
                continue;
            }
            let direction = day::uniform(rng, lo, hi);
            let d = months(direction, rng.int(6, 18));
            let first = ymd(d.year(), d.month(), 1);
            let company = rng.chance(P_TRUST_COMPANY);
            let mut end = None;
            if rng.chance(P_TRUST_RETURNS) {
                let back = day::prev(months(first, rng.int(60, 96)));
                if back < months(l1, -6) {
                    end = Some(back);
                }
            }
            c.trust = Some(Trust {
                direction,
                start: first,
                end,
                company,
            });
        }
    }

    /// The councils, then the police forces, CCGs and ICBs. Trusts and companies are added by
    /// their councils as they are generated, so they come after these.
    pub(crate) fn organisations(&self, reg: &mut Register) {
        for c in &self.councils {
            reg.organisations.push(Organisation {
                id: crate::council::id(&c.id),
                name: c.name.clone(),
                kind: c.kind,
                gss: Some(c.gss.clone()),
                governance: Some(c.governance),
                valid: crate::council::interval(Some(c.from), c.to),
                loc: Default::default(),
            });
        }
        for p in self.police.iter().chain(&self.ccgs).chain(&self.icbs) {
            reg.organisations.push(Organisation {
                id: crate::council::id(&p.id),
                name: p.name.clone(),
                kind: p.kind,
                gss: None,
                governance: None,
                valid: crate::council::interval(p.from, p.to),
                loc: Default::default(),
            });
        }
    }
}

fn kind_index(kind: OrgKind) -> usize {
    KIND_WEIGHTS
        .iter()
        .position(|(k, _)| *k == kind)
        .unwrap_or(KIND_WEIGHTS.len() - 1)
}

/// The kinds of `n` councils: one of each first (unitary, county, metropolitan, London,
/// district), then by smooth weighted round robin over [`KIND_WEIGHTS`], which keeps every prefix
/// of the list close to the national proportions.
fn kinds(n: usize) -> Vec<OrgKind> {
    let mut out = vec![
        OrgKind::Unitary,
        OrgKind::County,
        OrgKind::MetropolitanDistrict,
        OrgKind::LondonBorough,
        OrgKind::NonMetropolitanDistrict,
    ];
    out.truncate(n);
    let total: f64 = KIND_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut current = [0.0f64; 5];
    while out.len() < n {
        let mut best = 0;
        for (i, (_, w)) in KIND_WEIGHTS.iter().enumerate() {
            current[i] += w;
            if current[i] > current[best] {
                best = i;
            }
        }
        current[best] -= total;
        out.push(KIND_WEIGHTS[best].0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_registers_start_with_one_council_of_each_kind() {
        let k = kinds(5);
        for kind in [
            OrgKind::County,
            OrgKind::Unitary,
            OrgKind::MetropolitanDistrict,
            OrgKind::LondonBorough,
            OrgKind::NonMetropolitanDistrict,
        ] {
            assert!(k.contains(&kind), "{kind}");
        }
    }

    #[test]
    fn three_hundred_and_seventeen_councils_have_the_national_proportions() {
        let k = kinds(317);
        let count = |kind| k.iter().filter(|x| **x == kind).count();
        assert!((20..=23).contains(&count(OrgKind::County)));
        assert!((61..=65).contains(&count(OrgKind::Unitary)));
        assert!((34..=38).contains(&count(OrgKind::MetropolitanDistrict)));
        assert!((31..=35).contains(&count(OrgKind::LondonBorough)));
        assert!((160..=167).contains(&count(OrgKind::NonMetropolitanDistrict)));
    }
}
