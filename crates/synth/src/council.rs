//! One council's register over the period.
//!
//! Planning goes from the structure down. The council's life in the period is cut into *eras* by
//! restructures (and by the Children Act 2004 and the start and end of a shared post); each era has
//! a configuration saying which posts exist, which holds which statutory role, which functions each
//! runs and who reports to whom. Posts follow from the eras: a post continues while its slot keeps
//! its title, and a new post replaces it otherwise. People are appointed to the posts (permanent
//! tenures, departures, interims, vacancies, holders moving into successor posts). Designations,
//! reporting lines and responsibilities follow from the eras and the posts; boards follow the
//! designations; reviews follow the changes. Everything is appended to the shared register.

use crate::day::{add, between, election_day, months, next, prev, uniform, ymd};
use crate::dist::*;
use crate::nation::{CCG_END, Council, ICB_START, Nation};
use crate::rng::Rng;
use crate::words;
use assure_domain::model::*;
use assure_domain::{Date, Id, Interval, Register};
use std::collections::BTreeMap;

/// Children Act 2004 s18-19: DCS and LMCS from this day.
const CHILDREN_ACT: Date = jiff::civil::date(2005, 4, 1);
/// NHS Act 2006 s73A and Health and Social Care Act 2012 s194: DPH and boards from this day.
const PUBLIC_HEALTH_DUTY: Date = jiff::civil::date(2013, 4, 1);
/// Children Act 2004 s13: LSCBs from this day.
const LSCB_START: Date = jiff::civil::date(2006, 4, 1);
/// Care Act 2014 s43: safeguarding adults boards statutory from this day.
const CARE_ACT: Date = jiff::civil::date(2015, 4, 1);
/// Children Act 2004 s16E: the safeguarding partners' arrangements in place by this day.
const PARTNERSHIPS: Date = jiff::civil::date(2019, 9, 29);
/// Working Together 2018: arrangements published by this day.
const ARRANGEMENTS_DUE: Date = jiff::civil::date(2019, 6, 29);

/// An id the generator made. Every id is built from lower-case letters, digits and dashes with a
/// letter first, so parsing cannot fail; a failure would be a bug in this crate.
pub(crate) fn id(text: &str) -> Id {
    Id::parse(text).unwrap_or_else(|| panic!("generated id `{text}` is not a valid id"))
}

/// An interval the generator made; planning keeps `from <= to`, so a failure would be a bug.
pub(crate) fn interval(from: Option<Date>, to: Option<Date>) -> Interval {
    Interval::new(from, to).unwrap_or_else(|e| panic!("generated interval: {e}"))
}

/// A person holding a post, as planned (the appointment before it is written).
#[derive(Clone, Debug)]
pub(crate) struct Holding {
    post: Id,
    /// The post's title, for approvals tables.
    title: String,
    person: Id,
    name: String,
    from: Date,
    to: Date,
    basis: AppointmentBasis,
    fte: Option<f64>,
    employer: Option<Id>,
}

impl Holding {
    fn on(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    fn is_interim(&self) -> bool {
        matches!(
            self.basis,
            AppointmentBasis::Interim | AppointmentBasis::Acting
        )
    }
}

/// A stretch of one role's designation to one post.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Seg {
    post: Id,
    from: Date,
    to: Date,
    interim: bool,
}

/// What a council that lends a post shows its partner: its designations of the role, the
/// appointments to those posts and the days its structure changed.
#[derive(Clone, Debug)]
pub(crate) struct Lent {
    segs: Vec<Seg>,
    holdings: Vec<Holding>,
    boundaries: Vec<Date>,
}

/// The place a post has in a structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    ChiefExecutive,
    Deputy,
    People,
    Children,
    Adults,
    Education,
    ChildrensCare,
    AdultCare,
    PublicHealth,
    Legal,
    Finance,
    Leader,
    LeadMember,
    /// The chief executive of a trust or company delivering children's social care.
    Provider,
}

const SLOTS: usize = 14;

impl Slot {
    /// The part of post ids after the council's id.
    fn key(self) -> &'static str {
        match self {
            Self::ChiefExecutive => "chief-executive",
            Self::Deputy => "deputy-chief-executive",
            Self::People => "director-people",
            Self::Children => "director-children",
            Self::Adults => "director-adults",
            Self::Education => "director-education",
            Self::ChildrensCare => "director-childrens-social-care",
            Self::AdultCare => "director-adult-social-care",
            Self::PublicHealth => "director-public-health",
            Self::Legal => "head-of-legal",
            Self::Finance => "director-finance",
            Self::Leader => "leader",
            Self::LeadMember => "lead-member-children",
            Self::Provider => "provider-chief-executive",
        }
    }

    /// The first day such a post can exist.
    fn floor(self) -> Option<Date> {
        match self {
            Self::PublicHealth => Some(PUBLIC_HEALTH_DUTY),
            Self::Children | Self::People | Self::ChildrensCare => Some(CHILDREN_ACT),
            _ => None,
        }
    }

    /// Slots whose holder may move into a new post of this slot at a restructure.
    fn successors(self) -> &'static [Slot] {
        match self {
            Self::Children => &[Self::Children, Self::People, Self::Education],
            Self::Adults => &[Self::Adults, Self::People],
            Self::People => &[Self::People, Self::Children, Self::Adults],
            Self::ChildrensCare => &[Self::ChildrensCare, Self::Children],
            Self::AdultCare => &[Self::AdultCare, Self::Adults],
            Self::Education => &[Self::Education],
            Self::Deputy => &[Self::Deputy],
            Self::PublicHealth => &[Self::PublicHealth],
            Self::Legal => &[Self::Legal],
            Self::Finance => &[Self::Finance],
            _ => &[],
        }
    }

    fn tenure(self) -> (i32, i32) {
        let t = TENURE_MONTHS;
        match self {
            Self::ChiefExecutive => t.chief_executive,
            Self::Children => t.children,
            Self::Adults | Self::People => t.adults,
            Self::PublicHealth => t.public_health,
            Self::Legal | Self::Finance => t.officers,
            _ => t.others,
        }
    }

    fn p_interim(self) -> f64 {
        let p = P_INTERIM;
        match self {
            Self::ChiefExecutive => p.chief_executive,
            Self::Children => p.children,
            Self::Adults | Self::People => p.adults,
            Self::PublicHealth => p.public_health,
            Self::Legal => p.monitoring_officer,
            Self::Finance => p.finance,
            _ => p.others,
        }
    }
}

/// Which structure an era has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Model {
    /// Before the Children Act 2004: a Director of Social Services (the DASS) and of Education.
    Legacy,
    Modern(Structure),
    /// The DCS is the partner council's post.
    Borrowed,
    /// A district: chief executive, Monitoring Officer and Chief Finance Officer.
    District,
}

/// An era's configuration.
#[derive(Clone, Debug)]
struct Cfg {
    model: Model,
    via_deputy: bool,
    dph_under_people: bool,
    education: bool,
    ph_in_people: bool,
    extra: Function,
    titles: [u8; SLOTS],
    /// A district whose chief executive is its partner's.
    ce_borrowed: bool,
}

/// Why an era began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    Start,
    ChildrenAct,
    Restructure,
    SharedStart,
    SharedEnd,
}

#[derive(Clone, Debug)]
struct Era {
    start: Date,
    end: Date,
    cfg: Cfg,
    cause: Cause,
}

/// One post of an era's structure.
#[derive(Clone, Debug)]
struct SlotCfg {
    slot: Slot,
    functions: Vec<Function>,
    roles: Vec<Role>,
    reports_to: Option<Slot>,
}

/// A post as planned.
#[derive(Clone, Debug)]
struct PostPlan {
    id: Id,
    org: Id,
    slot: Slot,
    kind: PostKind,
    title: String,
    from: Date,
    to: Date,
    /// It existed before the period: its first holder started earlier.
    inherited: bool,
    /// Its stretches in each era: (from, to, era index).
    segs: Vec<(Date, Date, usize)>,
    /// The `from` written: the first holder's start for an inherited post.
    written_from: Date,
}

const EXTRAS: [Function; 4] = [
    Function::Communities,
    Function::Housing,
    Function::Place,
    Function::Other,
];

struct Cx<'a> {
    nation: &'a Nation,
    spec: &'a Council,
    partner: Option<&'a Lent>,
    rng: Rng,
    reg: &'a mut Register,
    cid: Id,
    l0: Date,
    l1: Date,
    open: bool,
    inherited: bool,
    csa: bool,
    n_people: usize,
    n_docs: usize,
    n_reviews: usize,
    post_keys: BTreeMap<&'static str, usize>,
    eras: Vec<Era>,
    era_slots: Vec<Vec<SlotCfg>>,
    posts: Vec<PostPlan>,
    /// (era, slot) to the post planned for it.
    post_at: BTreeMap<(usize, Slot), usize>,
    holdings: Vec<Holding>,
    /// Days on which the DCS role moved to the chief executive's post (inclusive ranges).
    overrides: Vec<(Date, Date)>,
    segs: BTreeMap<Role, Vec<Seg>>,
    /// Reviews so far: roles covered, day concluded, id.
    reviews: Vec<(Vec<Role>, Option<Date>, Id)>,
    ce: Id,
    leader: Option<Id>,
    lmcs: Option<Id>,
    trust_id: Option<Id>,
}

/// Generates council `idx` into `reg`; returns what its partner needs if it lends a post.
pub(crate) fn generate(
    nation: &Nation,
    idx: usize,
    seed: u64,
    lent: &[Option<Lent>],
    reg: &mut Register,
) -> Option<Lent> {
    let spec = &nation.councils[idx];
    let partner = spec
        .borrows
        .and_then(|b| lent.get(b.partner))
        .and_then(Option::as_ref);
    let (l0, l1, open) = spec.life(nation.start);
    let cid = id(&spec.id);
    let ce = id(&format!("{}-{}", spec.id, Slot::ChiefExecutive.key()));
    let mut cx = Cx {
        nation,
        spec,
        partner,
        rng: Rng::stream(seed, idx as u64 + 1),
        reg,
        cid,
        l0,
        l1,
        open,
        inherited: spec.inherited(nation.start),
        csa: spec.kind.is_childrens_services_authority(),
        n_people: 0,
        n_docs: 0,
        n_reviews: 0,
        post_keys: BTreeMap::new(),
        eras: Vec::new(),
        era_slots: Vec::new(),
        posts: Vec::new(),
        post_at: BTreeMap::new(),
        holdings: Vec::new(),
        overrides: Vec::new(),
        segs: BTreeMap::new(),
        reviews: Vec::new(),
        ce,
        leader: None,
        lmcs: None,
        trust_id: None,
    };
    let (first_doc, first_review) = (cx.reg.documents.len(), cx.reg.reviews.len());
    cx.plan_eras();
    cx.plan_posts();
    cx.fill_posts();
    cx.members();
    cx.designations();
    cx.trust();
    cx.write_posts();
    cx.bodies();
    cx.events();
    cx.reviews();
    cx.departures();
    // Reviews and documents are made rule by rule; the file reads better in date order.
    cx.reg.documents[first_doc..].sort_by_key(|d| d.date);
    cx.reg.reviews[first_review..].sort_by_key(|r| (r.started, r.concluded));
    cx.lent()
}

impl Cx<'_> {
    // ----- helpers -----

    /// `to` as written: open when the council still exists and the fact runs to the period's end.
    fn close(&self, to: Date) -> Option<Date> {
        (!(self.open && to >= self.l1)).then_some(to.min(self.l1))
    }

    fn new_person(&mut self) -> (Id, String) {
        self.n_people += 1;
        let pid = id(&format!("p-{}-{}", self.spec.id, self.n_people));
        let name = words::person(&mut self.rng);
        self.reg.people.push(Person {
            id: pid.clone(),
            name: name.clone(),
            councillor: Vec::new(),
            loc: Loc::default(),
        });
        (pid, name)
    }

    fn doc_id(&mut self, what: &str, date: Date) -> Id {
        self.n_docs += 1;
        id(&format!(
            "{}-{what}-{}-{}",
            self.spec.id,
            date.year(),
            self.n_docs
        ))
    }

    fn add_doc(
        &mut self,
        kind: DocumentKind,
        what: &str,
        date: Date,
        title: String,
        about: Vec<String>,
    ) -> Id {
        let did = self.doc_id(what, date);
        self.reg.documents.push(Document {
            id: did.clone(),
            council: self.cid.clone(),
            kind,
            date,
            title,
            about,
            url: None,
            loc: Loc::default(),
        });
        did
    }

    fn days(&mut self, range: (i32, i32)) -> i32 {
        self.rng.int(range.0, range.1)
    }

    fn trust_active(&self, d: Date) -> bool {
        self.spec
            .trust
            .is_some_and(|t| t.start <= d && t.end.is_none_or(|e| d <= e))
    }

    fn partner_id(&self) -> Option<&str> {
        self.spec
            .borrows
            .or(self.spec.lends)
            .map(|s| self.nation.councils[s.partner].id.as_str())
    }

    fn partner_name(&self) -> String {
        self.spec
            .borrows
            .or(self.spec.lends)
            .map_or_else(String::new, |s| {
                self.nation.councils[s.partner].name.clone()
            })
    }

    /// Appointments to `post`, this council's or its partner's.
    fn holdings_on<'h>(&'h self, post: &'h Id) -> impl Iterator<Item = &'h Holding> + 'h {
        self.holdings
            .iter()
            .chain(self.partner.into_iter().flat_map(|l| l.holdings.iter()))
            .filter(move |h| h.post == *post)
    }

    fn holder_on<'h>(&'h self, post: &'h Id, d: Date) -> Option<&'h Holding> {
        self.holdings_on(post).filter(|h| h.on(d)).last()
    }

    fn seg_on(&self, role: Role, d: Date) -> Option<&Seg> {
        self.segs
            .get(&role)
            .and_then(|segs| segs.iter().find(|s| s.from <= d && d <= s.to))
    }

    /// Whether a review covering `role` concluded in `lo..=hi`.
    fn covered(&self, role: Role, lo: Date, hi: Date) -> bool {
        self.reviews.iter().any(|(roles, concluded, _)| {
            roles.contains(&role) && concluded.is_some_and(|c| lo <= c && c <= hi)
        })
    }

    // ----- structure -----

    fn plan_eras(&mut self) {
        let mut cuts: Vec<(Date, Cause)> = Vec::new();
        if self.csa && self.l0 < CHILDREN_ACT && CHILDREN_ACT <= self.l1 {
            cuts.push((CHILDREN_ACT, Cause::ChildrenAct));
        }
        let borrows = self.spec.borrows;
        if let Some(b) = borrows {
            if b.from > self.l0 {
                cuts.push((b.from, Cause::SharedStart));
            }
            if b.to < self.l1 {
                cuts.push((next(b.to), Cause::SharedEnd));
            }
        }
        let forced: Vec<Date> = cuts.iter().map(|c| c.0).collect();
        let gap = if self.csa {
            RESTRUCTURE_MONTHS_CSA
        } else {
            RESTRUCTURE_MONTHS_DISTRICT
        };
        let mut t = months(self.l0, self.rng.int(6, gap.1));
        loop {
            let first = ymd(t.year(), t.month(), 1);
            let t1 = if first <= self.l0 {
                months(first, 1)
            } else {
                first
            };
            if t1 > self.l1 {
                break;
            }
            if forced.iter().all(|f| between(*f, t1).abs() >= 270) {
                cuts.push((t1, Cause::Restructure));
            }
            t = months(t1, self.rng.int(gap.0, gap.1));
        }
        cuts.sort_by_key(|c| c.0);
        cuts.dedup_by_key(|c| c.0);
        let borrowed_on = |d: Date| borrows.is_some_and(|b| b.from <= d && d <= b.to);
        let mut cfg = self.initial_cfg(borrowed_on(self.l0));
        let (mut start, mut cause) = (self.l0, Cause::Start);
        for (d, c) in cuts {
            self.eras.push(Era {
                start,
                end: prev(d),
                cfg: cfg.clone(),
                cause,
            });
            cfg = self.next_cfg(&cfg, c, borrowed_on(d));
            start = d;
            cause = c;
        }
        self.eras.push(Era {
            start,
            end: self.l1,
            cfg,
            cause,
        });
        self.era_slots = self.eras.iter().map(|e| self.slot_cfgs(&e.cfg)).collect();
    }

    fn draw_model(&mut self) -> Model {
        Model::Modern(self.rng.weighted(&MODEL_WEIGHTS))
    }

    fn initial_cfg(&mut self, borrowed: bool) -> Cfg {
        let model = if !self.csa {
            Model::District
        } else if self.l0 < CHILDREN_ACT {
            Model::Legacy
        } else if borrowed {
            Model::Borrowed
        } else {
            self.draw_model()
        };
        let mut titles = [0u8; SLOTS];
        for t in &mut titles {
            *t = self.rng.below(8) as u8;
        }
        Cfg {
            model,
            via_deputy: self.csa && self.rng.chance(P_VIA_DEPUTY),
            dph_under_people: self.rng.chance(P_DPH_UNDER_PEOPLE),
            education: self.rng.chance(P_EDUCATION_DIRECTOR),
            ph_in_people: self.rng.chance(P_PEOPLE_HAS_PUBLIC_HEALTH),
            extra: *self.rng.pick(&EXTRAS),
            titles,
            ce_borrowed: !self.csa && borrowed,
        }
    }

    fn next_cfg(&mut self, prev_cfg: &Cfg, cause: Cause, borrowed: bool) -> Cfg {
        let mut c = prev_cfg.clone();
        match cause {
            Cause::Start => {}
            Cause::ChildrenAct => {
                c.model = if borrowed {
                    Model::Borrowed
                } else {
                    self.draw_model()
                };
                c.education = self.rng.chance(P_EDUCATION_DIRECTOR);
            }
            Cause::SharedStart if self.csa => c.model = Model::Borrowed,
            Cause::SharedStart => c.ce_borrowed = true,
            Cause::SharedEnd if self.csa => c.model = self.draw_model(),
            Cause::SharedEnd => c.ce_borrowed = false,
            Cause::Restructure => {
                if self.csa
                    && matches!(c.model, Model::Modern(_))
                    && self.rng.chance(P_MODEL_CHANGE)
                {
                    c.model = self.draw_model();
                    c.extra = *self.rng.pick(&EXTRAS);
                }
                if self.rng.chance(P_LINES_REDRAWN) {
                    c.via_deputy = self.csa && self.rng.chance(P_VIA_DEPUTY);
                }
                if self.rng.chance(P_LINES_REDRAWN) {
                    c.dph_under_people = self.rng.chance(P_DPH_UNDER_PEOPLE);
                }
                if self.rng.chance(P_LINES_REDRAWN) {
                    c.education = self.rng.chance(P_EDUCATION_DIRECTOR);
                }
                // The chief executive's post keeps its title (and id) for the council's life.
                for t in c.titles.iter_mut().skip(1) {
                    if self.rng.chance(P_RETITLE) {
                        *t = t.wrapping_add(1 + self.rng.below(4) as u8);
                    }
                }
            }
        }
        c
    }

    /// The posts of a structure, with their functions, roles and reporting lines.
    fn slot_cfgs(&self, cfg: &Cfg) -> Vec<SlotCfg> {
        use Function as F;
        use Slot as S;
        let sc = |slot, functions: &[F], roles: &[Role], reports_to| SlotCfg {
            slot,
            functions: functions.to_vec(),
            roles: roles.to_vec(),
            reports_to,
        };
        let mut v = Vec::new();
        if !cfg.ce_borrowed {
            v.push(sc(S::ChiefExecutive, &[], &[Role::HeadOfPaidService], None));
        }
        let ce = Some(S::ChiefExecutive);
        if self.csa {
            let boss = if cfg.via_deputy { Some(S::Deputy) } else { ce };
            if cfg.via_deputy {
                v.push(sc(S::Deputy, &[F::Other], &[], ce));
            }
            let combined = cfg.model == Model::Modern(Structure::Combined);
            match cfg.model {
                Model::Legacy => {
                    v.push(sc(
                        S::Adults,
                        &[F::ChildrensSocialCare, F::AdultSocialCare],
                        &[Role::Dass],
                        ce,
                    ));
                    v.push(sc(S::Education, &[F::Education], &[], ce));
                }
                Model::Modern(Structure::Combined) => {
                    let mut functions =
                        vec![F::Education, F::ChildrensSocialCare, F::AdultSocialCare];
                    if cfg.ph_in_people {
                        functions.push(F::PublicHealth);
                    }
                    v.push(sc(S::People, &functions, &[Role::Dcs, Role::Dass], boss));
                    v.push(sc(
                        S::ChildrensCare,
                        &[F::ChildrensSocialCare],
                        &[],
                        Some(S::People),
                    ));
                    v.push(sc(
                        S::AdultCare,
                        &[F::AdultSocialCare],
                        &[],
                        Some(S::People),
                    ));
                    if cfg.education {
                        v.push(sc(S::Education, &[F::Education], &[], Some(S::People)));
                    }
                }
                Model::Modern(structure) => {
                    let mut functions = vec![F::Education, F::ChildrensSocialCare];
                    if structure == Structure::ChildrenPlus {
                        functions.push(cfg.extra);
                    }
                    v.push(sc(S::Children, &functions, &[Role::Dcs], boss));
                    v.push(sc(S::Adults, &[F::AdultSocialCare], &[Role::Dass], ce));
                    if cfg.education {
                        v.push(sc(S::Education, &[F::Education], &[], Some(S::Children)));
                    }
                }
                Model::Borrowed | Model::District => {
                    v.push(sc(S::Adults, &[F::AdultSocialCare], &[Role::Dass], ce));
                    if cfg.education {
                        v.push(sc(S::Education, &[F::Education], &[], ce));
                    }
                }
            }
            let dph_boss = match (cfg.dph_under_people, combined) {
                (false, _) => ce,
                (true, true) => Some(S::People),
                (true, false) => Some(S::Adults),
            };
            v.push(sc(
                S::PublicHealth,
                &[F::PublicHealth],
                &[Role::Dph],
                dph_boss,
            ));
        }
        v.push(sc(S::Legal, &[F::Legal], &[Role::MonitoringOfficer], ce));
        v.push(sc(
            S::Finance,
            &[F::Finance, F::Resources],
            &[Role::ChiefFinanceOfficer],
            ce,
        ));
        v
    }

    fn title(&self, slot: Slot, cfg: &Cfg) -> String {
        let v = cfg.titles[slot as usize] as usize;
        let pick = |list: &[&str]| list[v % list.len()].to_owned();
        match slot {
            Slot::ChiefExecutive => {
                pick(&["Chief Executive", "Chief Executive", "Managing Director"])
            }
            Slot::Deputy => pick(&[
                "Deputy Chief Executive",
                "Deputy Chief Executive and Corporate Director",
                "Assistant Chief Executive",
            ]),
            Slot::People => pick(&[
                "Executive Director of People",
                "Strategic Director, People",
                "Corporate Director of People",
                "Director of People Services",
            ]),
            Slot::Children if cfg.model == Model::Modern(Structure::ChildrenPlus) => {
                match cfg.extra {
                    Function::Communities => pick(&[
                        "Executive Director of Children and Communities",
                        "Director of Children, Families and Communities",
                    ]),
                    Function::Housing => pick(&[
                        "Director of Children's Services and Housing",
                        "Corporate Director, Children, Families and Housing",
                    ]),
                    Function::Place => pick(&[
                        "Corporate Director, Children and Place",
                        "Executive Director of Children's Services and Place",
                    ]),
                    _ => pick(&[
                        "Director of Children's Services and Skills",
                        "Executive Director of Children, Learning and Skills",
                    ]),
                }
            }
            Slot::Children => pick(&[
                "Director of Children's Services",
                "Executive Director of Children's Services",
                "Corporate Director, Children and Young People",
                "Strategic Director, Children and Families",
                "Director of Children, Education and Families",
            ]),
            Slot::Adults if cfg.model == Model::Legacy => "Director of Social Services".to_owned(),
            Slot::Adults => pick(&[
                "Director of Adult Social Services",
                "Executive Director of Adult Social Care",
                "Corporate Director, Adults and Health",
                "Strategic Director, Adult Social Care and Health",
            ]),
            Slot::Education if cfg.model == Model::Legacy => "Director of Education".to_owned(),
            Slot::Education => pick(&[
                "Director of Education",
                "Director of Education and Skills",
                "Assistant Director, Education and Inclusion",
            ]),
            Slot::ChildrensCare => pick(&[
                "Director of Children's Social Care",
                "Assistant Director, Children's Social Care",
            ]),
            Slot::AdultCare => pick(&[
                "Director of Adult Social Care",
                "Assistant Director, Adult Social Care",
            ]),
            Slot::PublicHealth => "Director of Public Health".to_owned(),
            Slot::Legal => pick(&[
                "Director of Law and Governance",
                "Head of Legal and Democratic Services",
                "Chief Legal Officer",
                "Director of Governance",
                "Borough Solicitor",
            ]),
            Slot::Finance => pick(&[
                "Director of Finance",
                "Executive Director of Resources",
                "Chief Finance Officer",
                "Director of Finance and Corporate Services",
                "Strategic Director, Resources",
            ]),
            Slot::Leader | Slot::LeadMember | Slot::Provider => String::new(),
        }
    }

    fn post_id(&mut self, slot: Slot) -> Id {
        let n = self.post_keys.entry(slot.key()).or_insert(0);
        *n += 1;
        if *n == 1 {
            id(&format!("{}-{}", self.spec.id, slot.key()))
        } else {
            id(&format!("{}-{}-{n}", self.spec.id, slot.key()))
        }
    }

    fn plan_posts(&mut self) {
        let mut current: BTreeMap<Slot, usize> = BTreeMap::new();
        for ei in 0..self.eras.len() {
            let era = self.eras[ei].clone();
            let keep: Vec<(Slot, String)> = self.era_slots[ei]
                .iter()
                .map(|c| (c.slot, self.title(c.slot, &era.cfg)))
                .collect();
            current.retain(|slot, pi| {
                keep.iter()
                    .any(|(s, t)| s == slot && *t == self.posts[*pi].title)
            });
            for (slot, title) in keep {
                let from = slot.floor().map_or(era.start, |f| f.max(era.start));
                if from > era.end {
                    continue;
                }
                let pi = match current.get(&slot) {
                    Some(&pi) => {
                        self.posts[pi].segs.push((from, era.end, ei));
                        self.posts[pi].to = era.end;
                        pi
                    }
                    None => {
                        let pid = self.post_id(slot);
                        self.posts.push(PostPlan {
                            id: pid,
                            org: self.cid.clone(),
                            slot,
                            kind: PostKind::Officer,
                            title,
                            from,
                            to: era.end,
                            inherited: self.inherited && from == self.l0,
                            segs: vec![(from, era.end, ei)],
                            written_from: from,
                        });
                        current.insert(slot, self.posts.len() - 1);
                        self.posts.len() - 1
                    }
                };
                self.post_at.insert((ei, slot), pi);
            }
        }
        if let Some(t) = self.spec.trust {
            let company = t.company;
            let tid = id(&format!(
                "{}-{}",
                self.spec.id,
                if company {
                    "childrens-company"
                } else {
                    "childrens-trust"
                }
            ));
            let name = if company {
                format!("{} Children's Services Company Ltd", self.spec.place)
            } else {
                format!("{} Children's Trust", self.spec.place)
            };
            let from = months(t.start, -3);
            let to = t.end.unwrap_or(self.l1);
            self.reg.organisations.push(Organisation {
                id: tid.clone(),
                name: name.clone(),
                kind: if company {
                    OrgKind::Company
                } else {
                    OrgKind::ChildrensTrust
                },
                gss: None,
                governance: None,
                valid: interval(Some(from), t.end),
                loc: Loc::default(),
            });
            self.posts.push(PostPlan {
                id: id(&format!("{tid}-chief-executive")),
                org: tid.clone(),
                slot: Slot::Provider,
                kind: PostKind::Officer,
                title: format!("Chief Executive, {name}"),
                from,
                to,
                inherited: false,
                segs: Vec::new(),
                written_from: from,
            });
            self.trust_id = Some(tid);
        }
    }

    // ----- people -----

    fn fill_posts(&mut self) {
        let mut order: Vec<usize> = (0..self.posts.len()).collect();
        order.sort_by_key(|&i| (self.posts[i].from, self.posts[i].slot));
        // Holders of posts that ended at a restructure, who may move into a successor post.
        let mut ends: Vec<(Date, Slot, usize)> = Vec::new();
        for pi in order {
            let (from, slot) = (self.posts[pi].from, self.posts[pi].slot);
            let mut incoming = None;
            if from > self.l0
                && let Some(k) = ends
                    .iter()
                    .position(|(end, s, _)| next(*end) == from && slot.successors().contains(s))
            {
                let (_, _, h) = ends.remove(k);
                if self.rng.chance(P_SLOT_IN) {
                    let h = &self.holdings[h];
                    incoming = Some((h.person.clone(), h.name.clone()));
                }
            }
            let first = self.holdings.len();
            self.fill(pi, incoming);
            let p = &self.posts[pi];
            if p.inherited
                && let Some(h) = self.holdings.get(first)
            {
                let written = h.from.min(p.from);
                self.posts[pi].written_from = written;
            }
            let p = &self.posts[pi];
            if p.to < self.l1
                && let Some(last) = self.holdings.len().checked_sub(1)
                && last >= first
            {
                let h = &self.holdings[last];
                if h.to == p.to && h.basis == AppointmentBasis::Permanent {
                    ends.push((p.to, slot, last));
                }
            }
        }
    }

    fn tenure_days(&mut self, slot: Slot) -> i32 {
        let (a, b) = slot.tenure();
        self.rng.int(a * 365 / 12, b * 365 / 12)
    }

    /// Appoints holders to post `pi` over its life: permanent tenures, and between them a direct
    /// successor, a vacancy, interim cover, or (for the DCS) the role moved to the chief executive.
    fn fill(&mut self, pi: usize, incoming: Option<(Id, String)>) {
        let p = &self.posts[pi];
        let (pid, title, slot, from, end, inherited) = (
            p.id.clone(),
            p.title.clone(),
            p.slot,
            p.from,
            p.to,
            p.inherited,
        );
        let (person, name) = match incoming {
            Some(x) => x,
            None => self.new_person(),
        };
        let t = self.tenure_days(slot);
        let start = if inherited {
            let elapsed = self.rng.int(0, t - 1);
            let earliest = slot
                .floor()
                .map_or(self.spec.from, |f| f.max(self.spec.from));
            add(from, -elapsed).max(earliest).min(from)
        } else {
            from
        };
        let hold_end = add(start, t - 1).max(from);
        self.hold(&pid, &title, slot, (person, name), start, hold_end.min(end));
        let mut cursor = next(hold_end);
        while cursor <= end {
            let r = self.rng.unit();
            if r < P_VACANCY {
                cursor = add(cursor, self.days(VACANCY_DAYS));
            } else if r < P_VACANCY + slot.p_interim() {
                let len = self.interim_days();
                let last = add(cursor, len - 1).min(end);
                if slot == Slot::Children
                    && self.may_move_dcs(cursor, last)
                    && self.rng.chance(P_DESIGNATION_MOVE)
                {
                    self.overrides.push((cursor, last));
                } else if len > 240 && self.rng.chance(P_SECOND_INTERIM) {
                    let mid = add(cursor, self.rng.int(len / 3, 2 * len / 3));
                    self.interim(&pid, &title, cursor, prev(mid).min(last));
                    if mid <= last {
                        self.interim(&pid, &title, mid, last);
                    }
                } else {
                    self.interim(&pid, &title, cursor, last);
                }
                cursor = next(last);
            } else if self.rng.chance(P_HANDOVER_OVERLAP) {
                cursor = add(cursor, -self.days(HANDOVER_DAYS));
            }
            if cursor > end {
                break;
            }
            let t = self.tenure_days(slot);
            let hold_end = add(cursor, t - 1);
            let who = self.new_person();
            self.hold(&pid, &title, slot, who, cursor, hold_end.min(end));
            cursor = next(hold_end);
        }
    }

    fn interim_days(&mut self) -> i32 {
        let range = self.rng.weighted(&INTERIM_DAYS);
        self.days(range)
    }

    /// The DCS role may move to the chief executive only while this council lends no post.
    fn may_move_dcs(&self, from: Date, to: Date) -> bool {
        self.spec.lends.is_none_or(|l| to < l.from || l.to < from)
    }

    fn interim(&mut self, post: &Id, title: &str, from: Date, to: Date) {
        if to < from {
            return;
        }
        let mut basis = self.rng.weighted(&INTERIM_BASIS);
        let mut employer = None;
        if basis == AppointmentBasis::Secondment {
            let n = self.nation.councils.len();
            if n > 1 {
                let mut other = self.rng.below(n as u64 - 1) as usize;
                if self.nation.councils[other].id == self.spec.id {
                    other = n - 1;
                }
                employer = Some(id(&self.nation.councils[other].id));
            } else {
                basis = AppointmentBasis::Interim;
            }
        }
        let who = self.new_person();
        self.holdings.push(Holding {
            post: post.clone(),
            title: title.to_owned(),
            person: who.0,
            name: who.1,
            from,
            to,
            basis,
            fte: None,
            employer,
        });
    }

    /// A permanent appointment.
    fn hold(
        &mut self,
        post: &Id,
        title: &str,
        slot: Slot,
        who: (Id, String),
        from: Date,
        to: Date,
    ) {
        let fte =
            (slot == Slot::Children && self.trust_active(from) && self.rng.chance(P_PART_TIME_DCS))
                .then_some(0.6);
        self.holdings.push(Holding {
            post: post.clone(),
            title: title.to_owned(),
            person: who.0,
            name: who.1,
            from,
            to,
            basis: AppointmentBasis::Permanent,
            fte,
            employer: None,
        });
    }

    /// The leader and (in children's services authorities) the lead member for children's
    /// services: councillors, changing at the annual meeting after May elections.
    fn members(&mut self) {
        let g = self.spec.governance;
        let kind = if g == Governance::Committee {
            PostKind::Member
        } else {
            PostKind::ExecutiveMember
        };
        let leader = match g {
            Governance::MayorAndCabinet => "Elected Mayor",
            _ => "Leader of the Council",
        };
        let lid = self.post_id(Slot::Leader);
        self.member_post(&lid, leader.to_owned(), kind, P_LEADER_CHANGE, false);
        self.leader = Some(lid);
        if self.csa {
            let title = match g {
                Governance::Committee => "Chair of the Children and Young People Committee",
                _ => *self.rng.pick(&[
                    "Cabinet Member for Children's Services",
                    "Cabinet Member for Children and Young People",
                    "Cabinet Member for Children, Families and Education",
                ]),
            };
            let mid = self.post_id(Slot::LeadMember);
            self.member_post(&mid, title.to_owned(), kind, P_LMCS_CHANGE, true);
            let from = self.l0.max(CHILDREN_ACT);
            if from <= self.l1 {
                self.segs.insert(
                    Role::Lmcs,
                    vec![Seg {
                        post: mid.clone(),
                        from,
                        to: self.l1,
                        interim: false,
                    }],
                );
            }
            self.lmcs = Some(mid);
        }
    }

    fn member_post(
        &mut self,
        post: &Id,
        title: String,
        kind: PostKind,
        p: (f64, f64, f64),
        lmcs: bool,
    ) {
        // (day of change, election day when the outgoing member lost their seat)
        let mut changes: Vec<(Date, Option<Date>)> = Vec::new();
        for year in self.l0.year()..=self.l1.year() {
            let e = election_day(year);
            let meeting = add(e, self.rng.int(12, 24));
            let elections = self.spec.elections.in_year(year);
            let chance = match elections {
                Some(true) => p.0,
                Some(false) => p.1,
                None => p.2,
            };
            if meeting > self.l0 && meeting <= self.l1 && self.rng.chance(chance) {
                let lost = elections.is_some() && self.rng.chance(P_LOST_SEAT);
                changes.push((meeting, lost.then_some(e)));
            }
            if self.rng.chance(p.2) {
                let d = uniform(&mut self.rng, ymd(year, 9, 1), ymd(year + 1, 3, 31));
                if d > self.l0 && d <= self.l1 {
                    changes.push((d, None));
                }
            }
        }
        changes.sort_by_key(|c| c.0);
        let mut kept: Vec<(Date, Option<Date>)> = Vec::new();
        for c in changes {
            if kept.last().is_none_or(|k| between(k.0, c.0) > 30) {
                kept.push(c);
            }
        }
        let first = if self.inherited {
            add(self.l0, -self.rng.int(0, 6 * 365)).max(self.spec.from)
        } else {
            self.l0
        };
        self.posts.push(PostPlan {
            id: post.clone(),
            org: self.cid.clone(),
            slot: if lmcs { Slot::LeadMember } else { Slot::Leader },
            kind,
            title: title.clone(),
            from: self.l0,
            to: self.l1,
            inherited: self.inherited,
            segs: Vec::new(),
            written_from: first,
        });
        let mut start = first;
        for i in 0..=kept.len() {
            let (end, lost) = match kept.get(i) {
                Some((d, Some(e))) => (add(*e, 3).min(prev(*d)), true),
                Some((d, None)) => (prev(*d), false),
                None => (self.l1, false),
            };
            let end = end.max(start);
            let (person, name) = self.new_person();
            self.holdings.push(Holding {
                post: post.clone(),
                title: title.clone(),
                person: person.clone(),
                name,
                from: start,
                to: end,
                basis: AppointmentBasis::Permanent,
                fte: None,
                employer: None,
            });
            if !(lmcs && self.rng.chance(P_COUNCILLOR_NOT_RECORDED)) {
                self.councillor(&person, start, end, lost);
            }
            if let Some((d, _)) = kept.get(i) {
                start = *d;
            }
        }
    }

    /// Records `person` as a councillor from an election before `from` to at least `to`.
    fn councillor(&mut self, person: &Id, from: Date, to: Date, lost: bool) {
        let mut year = from.year();
        if add(election_day(year), 4) > from {
            year -= 1;
        }
        year -= 4 * self.rng.int(0, 2) as i16;
        let elected = add(election_day(year), 4).min(from);
        let until = if lost {
            Some(to)
        } else if to >= self.l1 || self.rng.chance(P_STAYS_COUNCILLOR) {
            None
        } else {
            let mut y = to.year();
            if election_day(y) <= to {
                y += 1;
            }
            let e = add(election_day(y), 3);
            (e <= self.l1).then_some(e)
        };
        let until = match until {
            Some(u) => Some(u.min(self.l1)),
            None if !self.open => Some(self.l1),
            None => None,
        };
        let period = CouncillorPeriod {
            council: self.cid.clone(),
            valid: interval(Some(elected), until),
        };
        if let Some(p) = self.reg.people.iter_mut().rev().find(|p| p.id == *person) {
            p.councillor.push(period);
        }
    }

    // ----- designations -----

    fn role_floor(&self, role: Role) -> Date {
        match role {
            Role::Dcs | Role::Lmcs => CHILDREN_ACT.max(self.l0),
            Role::Dph => PUBLIC_HEALTH_DUTY.max(self.l0),
            _ => self.l0,
        }
    }

    fn designations(&mut self) {
        let mut segs: BTreeMap<Role, Vec<Seg>> = BTreeMap::new();
        for (ei, cfgs) in self.era_slots.iter().enumerate() {
            for sc in cfgs {
                let Some(&pi) = self.post_at.get(&(ei, sc.slot)) else {
                    continue;
                };
                let p = &self.posts[pi];
                let Some(&(f, t, _)) = p.segs.iter().find(|s| s.2 == ei) else {
                    continue;
                };
                for role in &sc.roles {
                    let f = f.max(self.role_floor(*role));
                    if f <= t {
                        segs.entry(*role).or_default().push(Seg {
                            post: p.id.clone(),
                            from: f,
                            to: t,
                            interim: false,
                        });
                    }
                }
            }
        }
        for list in segs.values_mut() {
            merge_segs(list);
        }
        // The DCS role moved to the chief executive while the DCS post had no holder.
        if let Some(list) = segs.get_mut(&Role::Dcs) {
            for &(x, y) in &self.overrides {
                if let Some(k) = list.iter().position(|s| s.from <= x && y <= s.to) {
                    let s = list.remove(k);
                    let mut pieces = Vec::new();
                    if s.from < x {
                        pieces.push(Seg {
                            to: prev(x),
                            ..s.clone()
                        });
                    }
                    pieces.push(Seg {
                        post: self.ce.clone(),
                        from: x,
                        to: y,
                        interim: true,
                    });
                    if y < s.to {
                        pieces.push(Seg {
                            from: next(y),
                            ..s.clone()
                        });
                    }
                    for (i, piece) in pieces.into_iter().enumerate() {
                        list.insert(k + i, piece);
                    }
                }
            }
        }
        // The partner's post, while it is shared.
        if let (Some(b), Some(lent)) = (self.spec.borrows, self.partner) {
            let role = if self.csa {
                Role::Dcs
            } else {
                Role::HeadOfPaidService
            };
            let (lo, hi) = (b.from.max(self.role_floor(role)), b.to.min(self.l1));
            let list = segs.entry(role).or_default();
            for s in &lent.segs {
                let (f, t) = (s.from.max(lo), s.to.min(hi));
                if f <= t {
                    list.push(Seg {
                        post: s.post.clone(),
                        from: f,
                        to: t,
                        interim: s.interim,
                    });
                }
            }
            list.sort_by_key(|s| s.from);
        }
        for (role, list) in segs {
            self.segs.insert(role, list);
        }
    }

    // ----- trust -----

    fn trust(&mut self) {
        let (Some(t), Some(tid)) = (self.spec.trust, self.trust_id.clone()) else {
            return;
        };
        let company = t.company;
        self.reg.delivery.push(Delivery {
            council: self.cid.clone(),
            function: Function::ChildrensSocialCare,
            provider: tid.clone(),
            valid: interval(Some(t.start), t.end.or_else(|| self.close(self.l1))),
            basis: Some(if company {
                DeliveryBasis::Company
            } else {
                DeliveryBasis::StatutoryDirection
            }),
            citation: (!company).then(|| "Education Act 1996 s497A".to_owned()),
            loc: Loc::default(),
        });
        let summary = if company {
            "Cabinet decided to transfer children's social care to a wholly owned company after an inadequate inspection"
        } else {
            "The Secretary of State for Education directed the council (Education Act 1996 s497A) to transfer children's social care to an independent trust"
        };
        self.reg.events.push(Event {
            council: self.cid.clone(),
            date: t.direction,
            kind: if company {
                EventKind::Other
            } else {
                EventKind::Direction
            },
            posts: Vec::new(),
            summary: Some(summary.to_owned()),
            loc: Loc::default(),
        });
        if !company {
            self.add_doc(
                DocumentKind::Letter,
                "letter",
                t.direction,
                "Statutory direction from the Secretary of State for Education".to_owned(),
                vec!["dcs".to_owned(), tid.to_string()],
            );
        }
        // Performance reports on the provider: quarterly or yearly, a few missed.
        let quarterly = self.rng.chance(P_QUARTERLY_REPORTS);
        let last = t.end.unwrap_or(self.l1).min(self.l1);
        let mut d = add(t.start, self.rng.int(60, 120));
        while d <= last {
            if !self.rng.chance(P_REPORT_MISSED) {
                let title = format!(
                    "{} performance report: {}",
                    if quarterly { "Quarterly" } else { "Annual" },
                    self.reg
                        .organisations
                        .iter()
                        .rev()
                        .find(|o| o.id == tid)
                        .map_or_else(String::new, |o| o.name.clone())
                );
                self.add_doc(
                    DocumentKind::PerformanceReport,
                    "performance",
                    d,
                    title,
                    vec![tid.to_string(), "dcs".to_owned()],
                );
            }
            d = add(
                d,
                if quarterly {
                    self.rng.int(85, 100)
                } else {
                    self.rng.int(330, 365)
                },
            );
        }
    }

    // ----- writing posts, appointments, designations, lines, responsibilities -----

    fn resolve(&self, ei: usize, slot: Slot) -> Option<Id> {
        if slot == Slot::ChiefExecutive && self.eras[ei].cfg.ce_borrowed {
            return self
                .partner_id()
                .map(|p| id(&format!("{p}-{}", Slot::ChiefExecutive.key())));
        }
        self.post_at
            .get(&(ei, slot))
            .map(|&pi| self.posts[pi].id.clone())
    }

    fn write_posts(&mut self) {
        let lends = self.spec.lends.filter(|_| self.csa);
        let partner_ce = self
            .partner_id()
            .map(|p| id(&format!("{p}-{}", Slot::ChiefExecutive.key())));
        for pi in 0..self.posts.len() {
            let p = self.posts[pi].clone();
            // Reporting lines, era by era, merged where they continue.
            let mut lines: Vec<(Date, Date, Id)> = Vec::new();
            let mut resp: Vec<(Date, Date, Vec<Function>)> = Vec::new();
            for (k, &(f, t, ei)) in p.segs.iter().enumerate() {
                let f = if k == 0 { p.written_from } else { f };
                let Some(sc) = self.era_slots[ei].iter().find(|c| c.slot == p.slot) else {
                    continue;
                };
                if let Some(to) = sc.reports_to.and_then(|s| self.resolve(ei, s)) {
                    push_merged(&mut lines, f, t, to);
                }
                if !sc.functions.is_empty() {
                    let strip = matches!(p.slot, Slot::Children | Slot::People);
                    for (a, b, functions) in self.split_by_trust(f, t, &sc.functions, strip) {
                        push_merged(&mut resp, a, b, functions);
                    }
                }
            }
            if p.slot == Slot::Provider {
                resp.push((p.from, p.to, vec![Function::ChildrensSocialCare]));
            }
            // While this council lends its DCS, the post reports to the partner's chief
            // executive as well.
            let mut extra: Vec<(Date, Date, Id)> = Vec::new();
            if let (Some(l), Some(pce)) = (lends, &partner_ce) {
                for s in self.segs.get(&Role::Dcs).into_iter().flatten() {
                    let (f, t) = (s.from.max(l.from), s.to.min(l.to));
                    if s.post == p.id && f <= t {
                        extra.push((f, t, pce.clone()));
                    }
                }
            }
            let shorthand = extra.is_empty()
                && lines.len() == 1
                && lines[0].0 == p.written_from
                && lines[0].1 == p.to;
            self.reg.posts.push(Post {
                id: p.id.clone(),
                org: p.org.clone(),
                title: p.title.clone(),
                kind: p.kind,
                valid: interval(Some(p.written_from), self.close(p.to)),
                reports_to: if shorthand {
                    Some(lines[0].2.clone())
                } else {
                    None
                },
                loc: Loc::default(),
            });
            if !shorthand {
                for (f, t, to) in lines.into_iter().chain(extra) {
                    self.reg.reporting_lines.push(ReportingLine {
                        post: p.id.clone(),
                        reports_to: to,
                        valid: interval(Some(f), self.close(t)),
                        loc: Loc::default(),
                    });
                }
            }
            for (f, t, functions) in resp {
                self.reg.responsibilities.push(Responsibility {
                    post: p.id.clone(),
                    functions,
                    valid: interval(Some(f), self.close(t)),
                    loc: Loc::default(),
                });
            }
        }
        for k in 0..self.holdings.len() {
            let h = &self.holdings[k];
            let valid = interval(Some(h.from), self.close(h.to));
            self.reg.appointments.push(Appointment {
                person: h.person.clone(),
                post: h.post.clone(),
                valid,
                basis: Some(h.basis),
                fte: h.fte,
                employer: h.employer.clone(),
                loc: Loc::default(),
            });
        }
        let all: Vec<(Role, Seg)> = self
            .segs
            .iter()
            .flat_map(|(r, list)| list.iter().map(|s| (*r, s.clone())))
            .collect();
        for (role, s) in all {
            let decision = if s.interim {
                Some(format!(
                    "Chief Executive's decision of {} under delegated powers (interim)",
                    s.from
                ))
            } else if self.rng.chance(0.35) {
                let by = *self
                    .rng
                    .pick(&["Council", "Cabinet", "Employment Committee"]);
                Some(format!("{by} {}", add(s.from, -self.rng.int(7, 60))))
            } else {
                None
            };
            self.reg.designations.push(Designation {
                council: self.cid.clone(),
                role,
                post: s.post.clone(),
                valid: interval(Some(s.from), self.close(s.to)),
                basis: Some(if s.interim {
                    DesignationBasis::Interim
                } else {
                    DesignationBasis::Permanent
                }),
                decision,
                loc: Loc::default(),
            });
        }
    }

    /// `functions` over `f..=t`, without children's social care while a trust delivers it (when
    /// `strip`): the DCS keeps the statutory role but not the operational service (seed 002).
    fn split_by_trust(
        &self,
        f: Date,
        t: Date,
        functions: &[Function],
        strip: bool,
    ) -> Vec<(Date, Date, Vec<Function>)> {
        let Some(tr) = self.spec.trust.filter(|_| strip) else {
            return vec![(f, t, functions.to_vec())];
        };
        let without: Vec<Function> = functions
            .iter()
            .copied()
            .filter(|x| *x != Function::ChildrensSocialCare)
            .collect();
        let (a, b) = (tr.start, tr.end.unwrap_or(self.l1));
        let mut out = Vec::new();
        if f < a {
            out.push((f, t.min(prev(a)), functions.to_vec()));
        }
        let (x, y) = (f.max(a), t.min(b));
        if x <= y && !without.is_empty() {
            out.push((x, y, without));
        }
        if t > b {
            out.push((f.max(next(b)), t, functions.to_vec()));
        }
        out.retain(|(x, y, _)| x <= y);
        out
    }

    // ----- bodies -----

    fn body(&mut self, suffix: &str, name: String, kind: BodyKind, from: Date, to: Date) -> Id {
        let bid = id(&format!("{}-{suffix}", self.spec.id));
        let valid = interval(Some(from), self.close(to));
        self.reg.bodies.push(Body {
            id: bid.clone(),
            council: self.cid.clone(),
            kind,
            name: Some(name),
            valid,
            loc: Loc::default(),
        });
        bid
    }

    fn member(&mut self, body: &Id, member: Member, role: MembershipRole, from: Date, to: Date) {
        if to < from {
            return;
        }
        let valid = interval(Some(from), self.close(to));
        self.reg.memberships.push(Membership {
            body: body.clone(),
            member,
            role,
            valid,
            loc: Loc::default(),
        });
    }

    /// The posts designated `roles` within `from..=to`, merged post by post.
    fn role_posts(&self, roles: &[Role], from: Date, to: Date) -> Vec<(Id, Date, Date)> {
        let mut out: Vec<(Id, Date, Date)> = roles
            .iter()
            .flat_map(|r| self.segs.get(r).into_iter().flatten())
            .filter_map(|s| {
                let (f, t) = (s.from.max(from), s.to.min(to));
                (f <= t).then(|| (s.post.clone(), f, t))
            })
            .collect();
        out.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        let mut merged: Vec<(Id, Date, Date)> = Vec::new();
        for (p, f, t) in out {
            match merged.last_mut() {
                Some(last) if last.0 == p && f <= next(last.2) => last.2 = last.2.max(t),
                _ => merged.push((p, f, t)),
            }
        }
        merged.sort_by_key(|m| m.1);
        merged
    }

    /// Independent people (chairs, scrutineers), each for three to five years in turn.
    fn independents(&mut self, body: &Id, role: MembershipRole, from: Date, to: Date) {
        let mut f = from;
        while f <= to {
            let t = add(f, self.rng.int(3 * 365, 5 * 365)).min(to);
            let (pid, _) = self.new_person();
            self.member(body, Member::Person(pid), role, f, t);
            f = next(t);
        }
    }

    fn bodies(&mut self) {
        if !self.csa {
            return;
        }
        let place = self.spec.place.clone();
        let police = id(&self.nation.police[self.spec.police].id);
        let l1 = self.l1;
        // Health and wellbeing board: its members follow the DCS, DASS and DPH designations.
        let hwb_from = PUBLIC_HEALTH_DUTY.max(self.l0);
        if hwb_from <= l1 {
            let hwb = self.body(
                "hwb",
                format!("{place} Health and Wellbeing Board"),
                BodyKind::HealthAndWellbeingBoard,
                hwb_from,
                l1,
            );
            if let Some(leader) = self.leader.clone() {
                self.member(
                    &hwb,
                    Member::Post(leader),
                    MembershipRole::Chair,
                    hwb_from,
                    l1,
                );
            }
            if let Some(lmcs) = self.lmcs.clone() {
                self.member(
                    &hwb,
                    Member::Post(lmcs),
                    MembershipRole::Member,
                    hwb_from,
                    l1,
                );
            }
            let stale = self.rng.chance(P_HWB_STALE);
            let first_dcs = self
                .segs
                .get(&Role::Dcs)
                .and_then(|s| s.first())
                .map(|s| s.post.clone());
            for (post, f, t) in self.role_posts(&[Role::Dcs, Role::Dass, Role::Dph], hwb_from, l1) {
                let late = stale && f > hwb_from && Some(&post) != first_dcs.as_ref();
                let f = if late {
                    add(f, self.rng.int(60, 270))
                } else {
                    f
                };
                self.member(&hwb, Member::Post(post), MembershipRole::Member, f, t);
            }
        }
        // Safeguarding children: the LSCB until the partnership starts.
        let scp_from = match self.rng.weighted(&PARTNERSHIP_START) {
            Timing::OnTheDay => PARTNERSHIPS,
            Timing::Early => uniform(&mut self.rng, ymd(2019, 4, 1), ymd(2019, 9, 28)),
            Timing::Late => uniform(&mut self.rng, ymd(2019, 10, 1), ymd(2020, 3, 31)),
        }
        .max(self.l0);
        let lscb_from = LSCB_START.max(self.l0);
        let lscb_to = prev(scp_from).min(l1);
        if lscb_from <= lscb_to {
            let lscb = self.body(
                "lscb",
                format!("{place} Safeguarding Children Board"),
                BodyKind::Lscb,
                lscb_from,
                lscb_to,
            );
            self.independents(&lscb, MembershipRole::Chair, lscb_from, lscb_to);
            self.member(
                &lscb,
                Member::Org(police.clone()),
                MembershipRole::Member,
                lscb_from,
                lscb_to,
            );
            for (post, f, t) in self.role_posts(&[Role::Dcs], lscb_from, lscb_to) {
                self.member(&lscb, Member::Post(post), MembershipRole::Member, f, t);
            }
            if let Some(lmcs) = self.lmcs.clone() {
                self.member(
                    &lscb,
                    Member::Post(lmcs),
                    MembershipRole::Observer,
                    lscb_from,
                    lscb_to,
                );
            }
        }
        if scp_from <= l1 {
            self.partnership(scp_from, &police);
        }
        // Safeguarding adults board.
        let sab_from = if self.l0 >= CARE_ACT {
            self.l0
        } else {
            match self.rng.weighted(&SAB_START) {
                Timing::Early => uniform(
                    &mut self.rng,
                    self.l0.max(ymd(2007, 1, 1)).min(prev(CARE_ACT)),
                    prev(CARE_ACT),
                ),
                Timing::OnTheDay => CARE_ACT,
                Timing::Late => uniform(&mut self.rng, ymd(2015, 4, 2), ymd(2015, 12, 31)),
            }
            .max(self.l0)
        };
        if sab_from <= l1 {
            let sab = self.body(
                "sab",
                format!("{place} Safeguarding Adults Board"),
                BodyKind::SafeguardingAdultsBoard,
                sab_from,
                l1,
            );
            self.independents(&sab, MembershipRole::Chair, sab_from, l1);
            self.member(
                &sab,
                Member::Org(police),
                MembershipRole::Member,
                sab_from,
                l1,
            );
            for (post, f, t) in self.role_posts(&[Role::Dass], sab_from, l1) {
                self.member(&sab, Member::Post(post), MembershipRole::Member, f, t);
            }
            let mut d = uniform(&mut self.rng, months(sab_from, 9), months(sab_from, 12));
            while d <= l1 {
                self.add_doc(
                    DocumentKind::AnnualReport,
                    "sab-annual-report",
                    d,
                    format!(
                        "{place} Safeguarding Adults Board annual report {}",
                        d.year()
                    ),
                    vec![sab.to_string()],
                );
                d = add(d, self.rng.int(340, 390));
            }
        }
        // The Director of Public Health's annual report.
        if let Some(first) = self.segs.get(&Role::Dph).and_then(|s| s.first()) {
            let mut d = uniform(&mut self.rng, months(first.from, 8), months(first.from, 12));
            while d <= l1 {
                self.add_doc(
                    DocumentKind::AnnualReport,
                    "dph-annual-report",
                    d,
                    format!("Director of Public Health annual report {}", d.year()),
                    vec!["dph".to_owned()],
                );
                d = add(d, self.rng.int(330, 400));
            }
        }
    }

    /// The safeguarding children partnership: the three partners (CCG to 2022-06-30, ICB from
    /// 2022-07-01), independent scrutiny, published arrangements and yearly reports.
    fn partnership(&mut self, from: Date, police: &Id) {
        let l1 = self.l1;
        let scp = self.body(
            "scp",
            format!("{} Safeguarding Children Partnership", self.spec.place),
            BodyKind::SafeguardingChildrenPartnership,
            from,
            l1,
        );
        let partner = MembershipRole::SafeguardingPartner;
        self.member(&scp, Member::Org(self.cid.clone()), partner, from, l1);
        self.member(&scp, Member::Org(police.clone()), partner, from, l1);
        if let Some(ccg) = self.spec.ccg
            && from <= CCG_END
        {
            let ccg = id(&self.nation.ccgs[ccg].id);
            self.member(&scp, Member::Org(ccg), partner, from, CCG_END.min(l1));
        }
        if let Some(icb) = self.spec.icb {
            let mut f = ICB_START.max(from);
            if self.rng.chance(P_ICB_LATE) {
                f = add(f, self.rng.int(30, 180));
            }
            if f <= l1 {
                let icb = id(&self.nation.icbs[icb].id);
                self.member(&scp, Member::Org(icb), partner, f, l1);
            }
        }
        let scrutiny_from = if self.rng.chance(P_SCRUTINEER_LATE) {
            add(from, self.rng.int(60, 400))
        } else {
            from
        };
        self.independents(
            &scp,
            MembershipRole::IndependentScrutineer,
            scrutiny_from,
            l1,
        );
        // Working Together 2023: lead and delegated safeguarding partners by December 2024.
        let wt = uniform(&mut self.rng, ymd(2024, 9, 1), ymd(2024, 12, 31)).max(from);
        if wt <= l1 {
            self.member(
                &scp,
                Member::Post(self.ce.clone()),
                MembershipRole::LeadSafeguardingPartner,
                wt,
                l1,
            );
            for (post, f, t) in self.role_posts(&[Role::Dcs], wt, l1) {
                self.member(
                    &scp,
                    Member::Post(post),
                    MembershipRole::DelegatedSafeguardingPartner,
                    f,
                    t,
                );
            }
        }
        let published = if from > add(PARTNERSHIPS, 60) {
            add(from, -self.rng.int(14, 60))
        } else if self.rng.chance(P_ARRANGEMENTS_LATE) {
            uniform(&mut self.rng, next(ARRANGEMENTS_DUE), ymd(2019, 9, 30))
        } else {
            uniform(&mut self.rng, ymd(2019, 4, 15), ARRANGEMENTS_DUE)
        };
        let about = vec![scp.to_string(), self.spec.id.clone()];
        self.add_doc(
            DocumentKind::PublishedArrangements,
            "arrangements",
            published,
            format!(
                "{} Safeguarding Children Partnership: published arrangements",
                self.spec.place
            ),
            about.clone(),
        );
        if wt <= l1 {
            let d = add(wt, -self.rng.int(0, 30)).max(from);
            self.add_doc(
                DocumentKind::PublishedArrangements,
                "arrangements",
                d,
                format!(
                    "{} Safeguarding Children Partnership: revised arrangements (Working Together 2023)",
                    self.spec.place
                ),
                about,
            );
        }
        let mut d = from;
        loop {
            let range = self.rng.weighted(&YEARLY_REPORT_DAYS);
            d = add(d, self.days(range));
            if d > l1 {
                break;
            }
            self.add_doc(
                DocumentKind::YearlyReport,
                "yearly-report",
                d,
                format!(
                    "{} Safeguarding Children Partnership yearly report {}",
                    self.spec.place,
                    d.year()
                ),
                vec![scp.to_string()],
            );
        }
    }

    // ----- events -----

    fn events(&mut self) {
        let mut out: Vec<Event> = Vec::new();
        let partner = self.partner_name();
        for era in self.eras.iter().skip(1) {
            let b = era.start;
            let posts: Vec<Id> = self
                .posts
                .iter()
                .filter(|p| p.org == self.cid && (p.to == prev(b) || p.from == b))
                .map(|p| p.id.clone())
                .collect();
            let summary = match era.cause {
                Cause::ChildrenAct => "Children's services department created under the Children Act 2004; a Director of Children's Services designated".to_owned(),
                Cause::SharedStart if self.csa => format!("The Director of Children's Services of {partner} becomes this council's statutory DCS"),
                Cause::SharedStart => format!("Shared chief executive with {partner}"),
                Cause::SharedEnd if self.csa => format!("The shared Director of Children's Services with {partner} ends; the council appoints its own"),
                Cause::SharedEnd => format!("The shared chief executive with {partner} ends"),
                _ => "Senior management restructure".to_owned(),
            };
            out.push(Event {
                council: self.cid.clone(),
                date: b,
                kind: EventKind::Restructure,
                posts,
                summary: Some(summary),
                loc: Loc::default(),
            });
        }
        if let Some(l) = self.spec.lends {
            let role = if self.csa {
                "Director of Children's Services"
            } else {
                "chief executive"
            };
            let post = if self.csa {
                self.seg_on(Role::Dcs, l.from).map(|s| s.post.clone())
            } else {
                Some(self.ce.clone())
            };
            out.push(Event {
                council: self.cid.clone(),
                date: l.from,
                kind: EventKind::Other,
                posts: post.into_iter().collect(),
                summary: Some(format!("The council's {role} also serves {partner}")),
                loc: Loc::default(),
            });
        }
        // Departures of the holders of statutory roles (not those moving to a successor post).
        for h in &self.holdings {
            if h.basis != AppointmentBasis::Permanent || h.to >= self.l1 {
                continue;
            }
            let statutory = [Role::Dcs, Role::Dass, Role::Dph, Role::HeadOfPaidService]
                .iter()
                .any(|r| {
                    self.segs.get(r).is_some_and(|s| {
                        s.iter()
                            .any(|s| s.post == h.post && s.from <= h.to && h.to <= s.to)
                    })
                });
            let stays = self
                .holdings
                .iter()
                .any(|o| o.person == h.person && o.from == next(h.to));
            if statutory && !stays {
                out.push(Event {
                    council: self.cid.clone(),
                    date: h.to,
                    kind: EventKind::Departure,
                    posts: vec![h.post.clone()],
                    summary: Some(format!("{} leaves the post of {}", h.name, h.title)),
                    loc: Loc::default(),
                });
            }
        }
        if self.csa {
            self.inspections(&mut out);
        }
        out.sort_by_key(|e| e.date);
        self.reg.events.extend(out);
    }

    fn inspections(&mut self, out: &mut Vec<Event>) {
        let forced = self
            .spec
            .trust
            .map(|t| add(t.direction, -self.rng.int(180, 540)))
            .filter(|d| *d >= self.l0);
        let mut dates: Vec<(Date, bool)> = Vec::new();
        let mut t = uniform(
            &mut self.rng,
            self.l0.max(ymd(2009, 6, 1)),
            months(self.l0.max(ymd(2009, 6, 1)), 36),
        );
        while t <= self.l1 {
            if forced.is_none_or(|f| between(f, t).abs() > 365) {
                dates.push((t, false));
            }
            t = months(t, self.rng.int(INSPECTION_MONTHS.0, INSPECTION_MONTHS.1));
        }
        if let Some(f) = forced {
            dates.push((f, true));
            dates.sort_by_key(|d| d.0);
        }
        for (d, forced) in dates {
            let judgement = if forced {
                "inadequate"
            } else {
                self.rng.weighted(&JUDGEMENTS)
            };
            let post = self.seg_on(Role::Dcs, d).map(|s| s.post.clone());
            out.push(Event {
                council: self.cid.clone(),
                date: d,
                kind: EventKind::Inspection,
                posts: post.clone().into_iter().collect(),
                summary: Some(format!(
                    "Ofsted inspection of local authority children's services: overall effectiveness {judgement}"
                )),
                loc: Loc::default(),
            });
            if judgement == "inadequate" && self.rng.chance(P_IMPROVEMENT_BOARD) {
                self.improvement_board(d);
            }
        }
    }

    fn improvement_board(&mut self, inspected: Date) {
        let from = add(inspected, self.rng.int(30, 90));
        if from > self.l1 {
            return;
        }
        let to = add(from, self.rng.int(540, 1080)).min(self.l1);
        let n = self
            .reg
            .bodies
            .iter()
            .rev()
            .take_while(|b| b.council == self.cid)
            .filter(|b| b.kind == BodyKind::ImprovementBoard)
            .count()
            + 1;
        let board = self.body(
            &format!("improvement-board-{n}"),
            format!("{} Children's Services Improvement Board", self.spec.place),
            BodyKind::ImprovementBoard,
            from,
            to,
        );
        self.independents(&board, MembershipRole::Chair, from, to);
        self.member(
            &board,
            Member::Post(self.ce.clone()),
            MembershipRole::Member,
            from,
            to,
        );
        for (post, f, t) in self.role_posts(&[Role::Dcs], from, to) {
            self.member(&board, Member::Post(post), MembershipRole::Member, f, t);
        }
        if let Some(lmcs) = self.lmcs.clone() {
            self.member(&board, Member::Post(lmcs), MembershipRole::Member, from, to);
        }
    }

    // ----- reviews -----

    /// The days the DCS or DASS changed: a first or new designated post, a new holder, a
    /// restructure, the start or end of a shared post.
    fn triggers(&self) -> Vec<(Date, Role)> {
        let mut out = Vec::new();
        for role in [Role::Dcs, Role::Dass] {
            let Some(segs) = self.segs.get(&role) else {
                continue;
            };
            for (i, s) in segs.iter().enumerate() {
                if i == 0 || segs[i - 1].post != s.post {
                    out.push((s.from, role));
                }
                for h in self.holdings_on(&s.post) {
                    if h.from > s.from && h.from <= s.to {
                        let before = prev(h.from);
                        let held = self
                            .holdings_on(&s.post)
                            .any(|o| o.person == h.person && o.on(before));
                        if !held {
                            out.push((h.from, role));
                        }
                    }
                }
            }
            for era in self.eras.iter().skip(1) {
                if self.seg_on(role, era.start).is_some() {
                    out.push((era.start, role));
                }
            }
        }
        if let Some(l) = self.spec.lends.filter(|_| self.csa) {
            out.push((l.from, Role::Dcs));
            if l.to < self.l1 {
                out.push((next(l.to), Role::Dcs));
            }
        }
        if let (Some(b), Some(lent)) = (self.spec.borrows.filter(|_| self.csa), self.partner) {
            for d in &lent.boundaries {
                if b.from <= *d && *d <= b.to {
                    out.push((*d, Role::Dcs));
                }
            }
        }
        out.retain(|(d, _)| *d >= self.l0 && *d <= self.l1);
        out.sort_by_key(|(d, r)| (*d, *r));
        out.dedup();
        out
    }

    fn reviews(&mut self) {
        if self.csa {
            let triggers = self.triggers();
            let mut i = 0;
            while i < triggers.len() {
                let t = triggers[i].0;
                let mut roles: Vec<Role> = Vec::new();
                while i < triggers.len() && between(t, triggers[i].0) <= 31 {
                    if !roles.contains(&triggers[i].1) {
                        roles.push(triggers[i].1);
                    }
                    i += 1;
                }
                self.change_review(t, roles);
            }
        }
        self.interim_reviews();
        if self.csa {
            self.periodic_reviews();
            if self.open && self.rng.chance(P_LIVE_REVIEW) {
                let started = add(self.l1, -self.rng.int(10, 80));
                self.add_review(
                    ReviewKind::LocalTestOfAssurance,
                    vec![Role::Dcs, Role::Lmcs],
                    started,
                    None,
                );
            }
        }
    }

    /// A local test of assurance after a change on `t` of `roles`, unless one already covers it.
    fn change_review(&mut self, t: Date, roles: Vec<Role>) {
        let needing: Vec<Role> = roles
            .into_iter()
            .filter(|r| !self.covered(*r, add(t, -89), add(t, 170)))
            .collect();
        if needing.is_empty() {
            return;
        }
        let r = self.rng.unit();
        let concluded = if r < REVIEW_ON_TIME {
            let before = add(t, -self.rng.int(10, 80));
            if self.rng.chance(P_REVIEW_BEFORE_CHANGE) && before >= self.l0 {
                before
            } else {
                add(t, self.rng.int(14, 150))
            }
        } else if r < REVIEW_ON_TIME + REVIEW_LATE {
            add(t, self.rng.int(200, 365))
        } else {
            return;
        };
        let mut roles = needing;
        if self.rng.chance(P_REVIEW_COVERS_LMCS) && !roles.contains(&Role::Lmcs) {
            roles.push(Role::Lmcs);
        }
        let started = add(concluded, -self.rng.int(20, 120));
        if concluded <= self.l1 {
            self.add_review(
                ReviewKind::LocalTestOfAssurance,
                roles,
                started,
                Some(concluded),
            );
        } else if self.open && started <= self.l1 {
            self.add_review(ReviewKind::LocalTestOfAssurance, roles, started, None);
        }
    }

    /// Statements of assurance every six months or so of an interim holding longer than six
    /// months (seed 000).
    fn interim_reviews(&mut self) {
        let roles: Vec<Role> = self.segs.keys().copied().collect();
        for role in roles {
            let p = if role.every_principal_council() {
                P_INTERIM_REVIEWED_OFFICERS
            } else {
                P_INTERIM_REVIEWED
            };
            for (from, to) in self.interim_runs(role) {
                if between(from, to) < 183 {
                    continue;
                }
                let mut t = add(from, self.rng.int(150, 178));
                while t <= to && t <= self.l1 {
                    if self.rng.chance(p) {
                        let started = add(t, -self.rng.int(14, 60));
                        self.add_review(
                            ReviewKind::StatementOfAssurance,
                            vec![role],
                            started,
                            Some(t),
                        );
                    }
                    t = add(t, self.rng.int(150, 178));
                }
            }
        }
    }

    /// The continuous interim holdings of `role`: interim designations and interim or acting
    /// appointments to the designated posts, merged where they meet.
    fn interim_runs(&self, role: Role) -> Vec<(Date, Date)> {
        let mut pieces: Vec<(Date, Date)> = Vec::new();
        for s in self.segs.get(&role).into_iter().flatten() {
            for h in self.holdings_on(&s.post) {
                let (f, t) = (h.from.max(s.from), h.to.min(s.to));
                if f <= t && (s.interim || h.is_interim()) {
                    pieces.push((f, t));
                }
            }
        }
        pieces.sort();
        let mut runs: Vec<(Date, Date)> = Vec::new();
        for (f, t) in pieces {
            match runs.last_mut() {
                Some(last) if f <= next(last.1) => last.1 = last.1.max(t),
                _ => runs.push((f, t)),
            }
        }
        runs
    }

    /// Reviews of the DCS arrangements at the council's own cadence, where no other review has
    /// covered the DCS in the meantime.
    fn periodic_reviews(&mut self) {
        let Some(first) = self
            .segs
            .get(&Role::Dcs)
            .and_then(|s| s.first())
            .map(|s| s.from)
        else {
            return;
        };
        let cadence = self.rng.weighted(&CADENCE_MONTHS);
        let with_dass = self.rng.chance(P_PERIODIC_COVERS_DASS);
        let mut last = first;
        loop {
            let due = months(last, self.rng.int(cadence.0, cadence.1));
            let done = self
                .reviews
                .iter()
                .filter(|(roles, c, _)| {
                    roles.contains(&Role::Dcs) && c.is_some_and(|c| c > last && c <= due)
                })
                .filter_map(|(_, c, _)| *c)
                .max();
            if let Some(c) = done {
                last = c;
                continue;
            }
            if due > self.l1 {
                break;
            }
            let kind = self.rng.weighted(&PERIODIC_KINDS);
            let mut roles = vec![Role::Dcs, Role::Lmcs];
            if with_dass {
                roles.insert(1, Role::Dass);
            }
            let started = add(due, -self.rng.int(21, 90));
            self.add_review(kind, roles, started, Some(due));
            last = due;
        }
    }

    fn add_review(
        &mut self,
        kind: ReviewKind,
        roles: Vec<Role>,
        started: Date,
        concluded: Option<Date>,
    ) -> Id {
        self.n_reviews += 1;
        let rid = id(&format!(
            "{}-review-{}-{}",
            self.spec.id,
            started.year(),
            self.n_reviews
        ));
        let on = concluded.unwrap_or(started);
        let hops = self
            .seg_on(Role::HeadOfPaidService, on)
            .map_or_else(|| self.ce.clone(), |s| s.post.clone());
        let reported_to = if kind == ReviewKind::Audit {
            ReportedTo::AuditCommittee
        } else {
            let cabinet = if self.spec.governance == Governance::Committee {
                ReportedTo::Council
            } else {
                ReportedTo::Cabinet
            };
            self.rng.weighted(&[
                (cabinet, 0.5),
                (ReportedTo::Council, 0.25),
                (ReportedTo::Scrutiny, 0.15),
                (ReportedTo::AuditCommittee, 0.1),
            ])
        };
        let outcome = concluded.map(|_| self.rng.weighted(&OUTCOMES));
        let about: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
        let shorts: Vec<&str> = roles.iter().map(|r| r.short()).collect();
        let roles_text = join_and(&shorts);
        let mut evidence = Vec::new();
        if let Some(c) = concluded {
            let (doc_kind, what) = match reported_to {
                ReportedTo::Cabinet => (DocumentKind::CabinetReport, "cabinet"),
                ReportedTo::Council => (DocumentKind::CouncilReport, "council"),
                ReportedTo::Scrutiny => (DocumentKind::ScrutinyReport, "scrutiny"),
                ReportedTo::AuditCommittee => (DocumentKind::Audit, "audit-committee"),
                ReportedTo::Other => (DocumentKind::Other, "report"),
            };
            let title = match kind {
                ReviewKind::LocalTestOfAssurance => {
                    format!("Local test of assurance: the statutory roles of the {roles_text}")
                }
                ReviewKind::StatementOfAssurance => {
                    format!("Statement of assurance ({roles_text})")
                }
                ReviewKind::PeriodicReview => {
                    format!("Annual review of the arrangements for the {roles_text}")
                }
                ReviewKind::Audit => {
                    format!("Internal audit of the arrangements for the {roles_text}")
                }
            };
            evidence.push(self.add_doc(doc_kind, what, c, title, about.clone()));
            if kind == ReviewKind::StatementOfAssurance {
                evidence.push(self.add_doc(
                    DocumentKind::StatementOfAssurance,
                    "statement",
                    c,
                    format!("Statement of Assurance ({roles_text})"),
                    about,
                ));
            }
        }
        let opinion_title = self
            .holder_on(&hops, on)
            .map_or_else(|| "Chief Executive".to_owned(), |h| h.title.clone());
        let children = if roles.contains(&Role::Dcs) || roles.contains(&Role::Lmcs) {
            " and do not dilute the focus on outcomes for children"
        } else {
            ""
        };
        let opinion = outcome.map(|o| match o {
            Outcome::Assured => format!(
                "Having considered the evidence, the {opinion_title} is assured that the arrangements for the {roles_text} allow the statutory functions to be discharged effectively{children}."
            ),
            Outcome::AssuredWithActions => format!(
                "The {opinion_title} is assured that the arrangements for the {roles_text} are effective, subject to the actions agreed below."
            ),
            Outcome::NotAssured => format!(
                "The {opinion_title} is not assured that the present arrangements for the {roles_text} provide the level of assurance required; the actions below are needed."
            ),
        });
        let kloe = kind == ReviewKind::LocalTestOfAssurance && self.rng.chance(0.5);
        let (working_well, worried_about, needs_to_happen) = if kloe {
            (
                Some((*self.rng.pick(&words::WORKING_WELL)).to_owned()),
                Some((*self.rng.pick(&words::WORRIED_ABOUT)).to_owned()),
                Some((*self.rng.pick(&words::NEEDS_TO_HAPPEN)).to_owned()),
            )
        } else {
            (None, None, None)
        };
        let mut actions = Vec::new();
        if let (Some(c), Some(Outcome::AssuredWithActions | Outcome::NotAssured)) =
            (concluded, outcome)
        {
            for _ in 0..self.rng.int(1, 3) {
                let due = add(c, self.rng.int(60, 270));
                let done = match self.rng.weighted(&ACTIONS_DONE) {
                    Done::OnTime => Some(add(due, -self.rng.int(0, 50)).max(c)),
                    Done::Late => Some(add(due, self.rng.int(15, 120))),
                    Done::Never => None,
                }
                .filter(|d| *d <= self.l1);
                actions.push(Action {
                    title: (*self.rng.pick(&words::ACTIONS)).to_owned(),
                    owner: hops.clone(),
                    due,
                    done,
                    loc: Loc::default(),
                });
            }
        }
        let approvals = self.approvals(&roles, on);
        self.reg.reviews.push(Review {
            id: rid.clone(),
            council: self.cid.clone(),
            kind,
            roles: roles.clone(),
            started,
            concluded,
            outcome,
            opinion_by: Some(hops),
            reported_to: Some(reported_to),
            evidence,
            opinion,
            working_well,
            worried_about,
            needs_to_happen,
            actions,
            approvals,
            loc: Loc::default(),
        });
        self.reviews.push((roles, concluded, rid.clone()));
        rid
    }

    /// The contributors and approvers table: a governance officer, the directors of the roles
    /// reviewed, the chief executive, Monitoring Officer, Chief Finance Officer and lead member.
    fn approvals(&mut self, roles: &[Role], on: Date) -> Vec<Approval> {
        let sent = add(on, -self.rng.int(14, 40));
        let mut rows = Vec::new();
        let mut row = |rng: &mut Rng, name: String, title: String, kind, area: &str| {
            let received = add(sent, rng.int(1, 12));
            rows.push(Approval {
                name,
                title: Some(title),
                kind,
                area: Some(area.to_owned()),
                sent,
                received: (rng.chance(0.95) && received <= self.l1).then_some(received),
                loc: Loc::default(),
            });
        };
        let officer = words::person(&mut self.rng);
        row(
            &mut self.rng,
            officer,
            "Governance Services Officer".to_owned(),
            ApprovalKind::Contributor,
            "Law and Governance",
        );
        let mut wanted: Vec<(Role, ApprovalKind, &str)> = roles
            .iter()
            .filter(|r| matches!(r, Role::Dcs | Role::Dass | Role::Dph))
            .map(|r| (*r, ApprovalKind::Contributor, "People"))
            .collect();
        wanted.extend([
            (
                Role::HeadOfPaidService,
                ApprovalKind::Approver,
                "Chief Executive's Office",
            ),
            (Role::MonitoringOfficer, ApprovalKind::Approver, "Legal"),
            (Role::ChiefFinanceOfficer, ApprovalKind::Approver, "Finance"),
            (Role::Lmcs, ApprovalKind::Approver, "Members"),
        ]);
        let mut seen: Vec<Id> = Vec::new();
        for (role, kind, area) in wanted {
            let Some(h) = self
                .seg_on(role, sent)
                .and_then(|s| self.holder_on(&s.post, sent))
            else {
                continue;
            };
            if seen.contains(&h.person) {
                continue;
            }
            seen.push(h.person.clone());
            let (name, title) = (h.name.clone(), h.title.clone());
            row(&mut self.rng, name, title, kind, area);
        }
        rows
    }

    // ----- departures -----

    fn departures(&mut self) {
        let eras = self.eras.clone();
        for era in &eras {
            let own = matches!(era.cfg.model, Model::Modern(_));
            let combined = era.cfg.model == Model::Modern(Structure::Combined);
            if own && era.cfg.via_deputy && self.rng.chance(P_DEPARTURE_RECORDED.0) {
                let from = era.start.max(CHILDREN_ACT);
                self.departure(
                    "dcs_reports_to_chief_executive",
                    Role::Dcs,
                    from,
                    era.end,
                    "The statutory director reports to the Deputy Chief Executive, who sits on the corporate leadership team; the director has direct access to the Chief Executive and the Lead Member",
                );
                if combined {
                    self.departure(
                        "dass_reports_to_chief_executive",
                        Role::Dass,
                        from,
                        era.end,
                        "The Executive Director of People, who is the DASS, reports to the Deputy Chief Executive; considered in the local test of assurance",
                    );
                }
            }
            if self.csa
                && era.cfg.dph_under_people
                && era.end >= PUBLIC_HEALTH_DUTY
                && self.rng.chance(P_DEPARTURE_RECORDED.1)
            {
                self.departure(
                    "dph_reports_to_chief_executive",
                    Role::Dph,
                    era.start.max(PUBLIC_HEALTH_DUTY),
                    era.end,
                    "The Director of Public Health reports to the director responsible for adult social care and has direct access to the Chief Executive and the Health and Wellbeing Board",
                );
            }
        }
    }

    fn departure(&mut self, rule: &str, role: Role, from: Date, to: Date, reason: &str) {
        if to < from {
            return;
        }
        let review = self
            .reviews
            .iter()
            .find(|(roles, c, _)| {
                roles.contains(&role)
                    && c.is_some_and(|c| add(from, -89) <= c && c <= add(from, 170))
            })
            .map(|(_, _, r)| r.clone());
        let decided_by = Some(
            if self.spec.governance == Governance::Committee {
                "council"
            } else {
                "cabinet"
            }
            .to_owned(),
        );
        self.reg.departures.push(Departure {
            council: self.cid.clone(),
            rule: rule.to_owned(),
            valid: interval(Some(from), self.close(to)),
            reason: reason.to_owned(),
            decided_by,
            review,
            loc: Loc::default(),
        });
    }

    fn lent(&self) -> Option<Lent> {
        self.spec.lends?;
        let role = if self.csa {
            Role::Dcs
        } else {
            Role::HeadOfPaidService
        };
        let segs = self.segs.get(&role).cloned().unwrap_or_default();
        let holdings = self
            .holdings
            .iter()
            .filter(|h| segs.iter().any(|s| s.post == h.post))
            .cloned()
            .collect();
        Some(Lent {
            segs,
            holdings,
            boundaries: self.eras.iter().skip(1).map(|e| e.start).collect(),
        })
    }
}

/// Merges consecutive stretches of the same post (and basis) that meet.
fn merge_segs(list: &mut Vec<Seg>) {
    list.sort_by_key(|s| s.from);
    let mut out: Vec<Seg> = Vec::with_capacity(list.len());
    for s in list.drain(..) {
        match out.last_mut() {
            Some(last)
                if last.post == s.post && last.interim == s.interim && next(last.to) == s.from =>
            {
                last.to = s.to;
            }
            _ => out.push(s),
        }
    }
    *list = out;
}

/// Appends `(f, t, v)`, extending the last entry instead when it has the same value and meets it.
fn push_merged<T: PartialEq>(list: &mut Vec<(Date, Date, T)>, f: Date, t: Date, v: T) {
    if f > t {
        return;
    }
    match list.last_mut() {
        Some(last) if last.2 == v && next(last.1) == f => last.1 = t,
        _ => list.push((f, t, v)),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_reads_as_a_list() {
        assert_eq!(join_and(&["DCS"]), "DCS");
        assert_eq!(join_and(&["DCS", "DASS"]), "DCS and DASS");
        assert_eq!(join_and(&["DCS", "DASS", "LMCS"]), "DCS, DASS and LMCS");
    }

    #[test]
    fn stretches_of_one_post_that_meet_are_merged() {
        let d = |m, dd| ymd(2020, m, dd);
        let seg = |post: &str, from, to| Seg {
            post: id(post),
            from,
            to,
            interim: false,
        };
        let mut list = vec![
            seg("b", d(3, 1), d(3, 31)),
            seg("a", d(1, 1), d(1, 31)),
            seg("a", d(2, 1), d(2, 29)),
        ];
        merge_segs(&mut list);
        assert_eq!(
            list,
            vec![seg("a", d(1, 1), d(2, 29)), seg("b", d(3, 1), d(3, 31))]
        );
    }
}
