//! How often things happen in a generated register.
//!
//! Probabilities are per chance to happen (per council, per restructure, per departure...), as
//! each constant says; ranges are inclusive and drawn uniformly. The figures are plausible, not
//! measured: they are chosen so that a national register has the shape of the real one (most
//! arrangements sound, a steady minority of gaps, late reviews and long interims) and so that
//! every rule of the catalogue has something to find. The crate documentation sums them up.

use assure_domain::model::{AppointmentBasis, Governance, OrgKind, Outcome, ReviewKind};

/// Council kinds in the proportions of England's 317 principal councils (2023): 21 counties,
/// 63 unitaries, 36 metropolitan districts, 33 London boroughs (with the City), 164 districts.
pub const KIND_WEIGHTS: [(OrgKind, f64); 5] = [
    (OrgKind::County, 21.0),
    (OrgKind::Unitary, 63.0),
    (OrgKind::MetropolitanDistrict, 36.0),
    (OrgKind::LondonBorough, 33.0),
    (OrgKind::NonMetropolitanDistrict, 164.0),
];

/// Forms of governance: most councils have a leader and cabinet; a growing minority went back to
/// committees after the Localism Act 2011; a few have a directly elected mayor.
pub const GOVERNANCE: [(Governance, f64); 3] = [
    (Governance::LeaderAndCabinet, 0.78),
    (Governance::Committee, 0.17),
    (Governance::MayorAndCabinet, 0.05),
];

/// Share of unitaries created during the period (on 1 April 2019, 2020, 2021 or 2023, as in the
/// reorganisations of Dorset, Buckinghamshire, Northamptonshire, Cumbria, Somerset and North
/// Yorkshire), when one of those dates falls in it.
pub const P_NEW_UNITARY: f64 = 0.08;

/// Share of districts abolished during the period (on the day before one of the same dates).
pub const P_DISTRICT_ABOLISHED: f64 = 0.06;

/// Months between restructures of a children's services authority's senior structure.
pub const RESTRUCTURE_MONTHS_CSA: (i32, i32) = (18, 108);

/// Months between restructures of a district's senior structure.
pub const RESTRUCTURE_MONTHS_DISTRICT: (i32, i32) = (24, 144);

/// Which structure holds the DCS and DASS roles: separate posts, a combined People director
/// (seeds 001 and 003), or a DCS post with other functions as well.
pub const MODEL_WEIGHTS: [(Structure, f64); 3] = [
    (Structure::Separate, 0.60),
    (Structure::Combined, 0.25),
    (Structure::ChildrenPlus, 0.15),
];

/// The ways the DCS and DASS roles sit in a structure (see [`MODEL_WEIGHTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// A Director of Children's Services and a Director of Adult Social Services.
    Separate,
    /// An Executive Director of People holding both roles, with operational directors below.
    Combined,
    /// A DCS post that also runs communities, housing, place or other services.
    ChildrenPlus,
}

/// Chance that a restructure redraws the structure (it may draw the same one again).
pub const P_MODEL_CHANGE: f64 = 0.5;

/// Chance that a combined People director also runs public health.
pub const P_PEOPLE_HAS_PUBLIC_HEALTH: f64 = 0.3;

/// Chance that a restructure redraws the reporting lines of the DCS and of the DPH (each), and
/// whether there is a separate Director of Education.
pub const P_LINES_REDRAWN: f64 = 0.35;

/// Chance that the DCS (or People director) reports to a deputy chief executive rather than to
/// the chief executive, in a structure.
pub const P_VIA_DEPUTY: f64 = 0.15;

/// Chance that the Director of Public Health reports to the DASS or People director rather than
/// to the chief executive, in a structure (seed 004's Coventry).
pub const P_DPH_UNDER_PEOPLE: f64 = 0.35;

/// Chance that a structure has a separate Director of Education below the DCS.
pub const P_EDUCATION_DIRECTOR: f64 = 0.35;

/// Chance that a restructure gives a post a new title (a new post replaces the old one).
pub const P_RETITLE: f64 = 0.25;

/// Chance that the holder of a post that ends in a restructure moves into its successor.
pub const P_SLOT_IN: f64 = 0.6;

/// Permanent tenures, in months, by office.
pub const TENURE_MONTHS: Tenures = Tenures {
    chief_executive: (36, 144),
    children: (18, 84),
    adults: (24, 96),
    public_health: (36, 120),
    officers: (36, 120),
    others: (24, 96),
};

/// Ranges of months a permanent holder stays, by office.
#[derive(Clone, Copy, Debug)]
pub struct Tenures {
    /// The chief executive.
    pub chief_executive: (i32, i32),
    /// The DCS post.
    pub children: (i32, i32),
    /// The DASS post and the combined People director.
    pub adults: (i32, i32),
    /// The Director of Public Health.
    pub public_health: (i32, i32),
    /// The Monitoring Officer and the Chief Finance Officer.
    pub officers: (i32, i32),
    /// Deputies and operational directors.
    pub others: (i32, i32),
}

/// Chance that an interim covers after a permanent holder leaves, by office.
pub const P_INTERIM: InterimCover = InterimCover {
    chief_executive: 0.50,
    children: 0.65,
    adults: 0.55,
    public_health: 0.45,
    monitoring_officer: 0.40,
    finance: 0.45,
    others: 0.30,
};

/// Chances of interim cover, by office.
#[derive(Clone, Copy, Debug)]
pub struct InterimCover {
    /// The chief executive.
    pub chief_executive: f64,
    /// The DCS post.
    pub children: f64,
    /// The DASS post and the combined People director.
    pub adults: f64,
    /// The Director of Public Health.
    pub public_health: f64,
    /// The Monitoring Officer.
    pub monitoring_officer: f64,
    /// The Chief Finance Officer.
    pub finance: f64,
    /// Deputies and operational directors.
    pub others: f64,
}

/// How long interim cover lasts, in days: half are under six months, half longer.
pub const INTERIM_DAYS: [((i32, i32), f64); 3] =
    [((60, 183), 0.50), ((184, 365), 0.35), ((366, 730), 0.15)];

/// Chance that an interim period of more than 240 days passes from one interim to another.
pub const P_SECOND_INTERIM: f64 = 0.25;

/// On what terms the interim holds the post.
pub const INTERIM_BASIS: [(AppointmentBasis, f64); 3] = [
    (AppointmentBasis::Interim, 0.6),
    (AppointmentBasis::Acting, 0.3),
    (AppointmentBasis::Secondment, 0.1),
];

/// Chance that, instead of an interim DCS, the DCS role moves for the interim period to the chief
/// executive's post (an interim designation, as seed 000 moved it to another director).
pub const P_DESIGNATION_MOVE: f64 = 0.15;

/// Chance of a vacancy between one permanent holder and the next.
pub const P_VACANCY: f64 = 0.03;

/// How long such a vacancy lasts, in days.
pub const VACANCY_DAYS: (i32, i32) = (7, 60);

/// Chance that a new holder starts before the old one has left (both recorded full-time).
pub const P_HANDOVER_OVERLAP: f64 = 0.02;

/// How long such a handover lasts, in days.
pub const HANDOVER_DAYS: (i32, i32) = (1, 14);

/// Share of children's services authorities whose children's social care is delivered by a
/// trust under a statutory direction or by a council-owned company (seed 002).
pub const P_TRUST: f64 = 0.07;

/// Of those, the share delivered by a council-owned company rather than a trust.
pub const P_TRUST_COMPANY: f64 = 0.3;

/// Of those, the share whose services return to the council after five to eight years.
pub const P_TRUST_RETURNS: f64 = 0.2;

/// Chance that a DCS appointed while a trust delivers works part-time (0.6 FTE, seed 002's
/// "no less than three days per week").
pub const P_PART_TIME_DCS: f64 = 0.5;

/// Chance that two neighbouring London boroughs, unitaries or metropolitan districts share one
/// DCS (the council with the post lends it; the other designates it).
pub const P_SHARED_DCS: f64 = 0.06;

/// Chance that two neighbouring districts share one chief executive.
pub const P_SHARED_CE: f64 = 0.12;

/// How long a sharing arrangement lasts, in months (it may run to the end of the period).
pub const SHARED_MONTHS: (i32, i32) = (36, 96);

/// Chance that a change of DCS or DASS (a new post, a new holder, a restructure) is followed by a
/// local test of assurance in time: concluded up to 3 months before or 6 months after.
pub const REVIEW_ON_TIME: f64 = 0.8;

/// Chance that it is followed by a late one (7 to 12 months after); otherwise there is none.
pub const REVIEW_LATE: f64 = 0.12;

/// Of the reviews in time, the share concluded before the change (assurance sought in advance).
pub const P_REVIEW_BEFORE_CHANGE: f64 = 0.2;

/// How often a council reviews its DCS arrangements anyway, in months between reviews, by
/// council: yearly, about every other year (sometimes past the 24 months `periodic_review`
/// allows), or lapsing.
pub const CADENCE_MONTHS: [((i32, i32), f64); 3] =
    [((11, 13), 0.50), ((18, 26), 0.30), ((30, 60), 0.20)];

/// What a council's own periodic reviews are, and whether they cover the DASS as well as the DCS
/// and LMCS.
pub const PERIODIC_KINDS: [(ReviewKind, f64); 3] = [
    (ReviewKind::StatementOfAssurance, 0.5),
    (ReviewKind::PeriodicReview, 0.4),
    (ReviewKind::Audit, 0.1),
];

/// Chance that a council's periodic reviews cover the DASS too.
pub const P_PERIODIC_COVERS_DASS: f64 = 0.6;

/// Chance that a review after a change of DCS or DASS covers the LMCS as well.
pub const P_REVIEW_COVERS_LMCS: f64 = 0.3;

/// Chance of a statement of assurance every six months of an interim holding longer than six
/// months, for the DCS, DASS, DPH and LMCS.
pub const P_INTERIM_REVIEWED: f64 = 0.6;

/// The same for the Head of Paid Service, Monitoring Officer and Chief Finance Officer, which
/// councils review less often.
pub const P_INTERIM_REVIEWED_OFFICERS: f64 = 0.25;

/// How reviews conclude.
pub const OUTCOMES: [(Outcome, f64); 3] = [
    (Outcome::Assured, 0.70),
    (Outcome::AssuredWithActions, 0.25),
    (Outcome::NotAssured, 0.05),
];

/// Whether a review action is done by its due date, late, or never recorded as done.
pub const ACTIONS_DONE: [(Done, f64); 3] = [
    (Done::OnTime, 0.80),
    (Done::Late, 0.18),
    (Done::Never, 0.02),
];

/// When an action is done (see [`ACTIONS_DONE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// By its due date.
    OnTime,
    /// 15 to 120 days after it.
    Late,
    /// Not recorded as done.
    Never,
}

/// Chance that a children's services authority has a review still open ("live") at the end.
pub const P_LIVE_REVIEW: f64 = 0.3;

/// Chance that the lead member for children's services changes at an annual meeting: after
/// all-out elections, after elections by thirds, and in years without elections.
pub const P_LMCS_CHANGE: (f64, f64, f64) = (0.40, 0.20, 0.06);

/// The same for the leader of the council.
pub const P_LEADER_CHANGE: (f64, f64, f64) = (0.25, 0.12, 0.04);

/// Chance that an outgoing lead member or leader lost their seat at the election, so the post is
/// vacant until the annual meeting.
pub const P_LOST_SEAT: f64 = 0.3;

/// Chance that a leader or lead member who steps down stays a councillor (else they stand down at
/// the next election).
pub const P_STAYS_COUNCILLOR: f64 = 0.5;

/// Chance that a lead member's term as a councillor is missing from the register.
pub const P_COUNCILLOR_NOT_RECORDED: f64 = 0.02;

/// When the safeguarding children partnership starts: on 2019-09-29, earlier in 2019, or late.
pub const PARTNERSHIP_START: [(Timing, f64); 3] = [
    (Timing::OnTheDay, 0.70),
    (Timing::Early, 0.25),
    (Timing::Late, 0.05),
];

/// When something starts relative to its statutory date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// On the date.
    OnTheDay,
    /// Before it.
    Early,
    /// After it.
    Late,
}

/// Chance that the partnership arrangements are published after the 2019-06-29 deadline.
pub const P_ARRANGEMENTS_LATE: f64 = 0.1;

/// Days between one yearly report of the partnership and the next: on time, late, or a year
/// missed.
pub const YEARLY_REPORT_DAYS: [((i32, i32), f64); 3] =
    [((300, 360), 0.85), ((380, 450), 0.12), ((700, 760), 0.03)];

/// Chance that the partnership's independent scrutineer is recorded only some months after it
/// starts.
pub const P_SCRUTINEER_LATE: f64 = 0.05;

/// Chance that the ICB is recorded as a safeguarding partner only 1 to 6 months after it replaced
/// the CCG on 2022-07-01.
pub const P_ICB_LATE: f64 = 0.07;

/// Share of authorities whose health and wellbeing board membership follows a new DCS, DASS or DPH
/// post only after 2 to 9 months.
pub const P_HWB_STALE: f64 = 0.05;

/// When the safeguarding adults board starts: before it became statutory on 2015-04-01, on the
/// day, or late.
pub const SAB_START: [(Timing, f64); 3] = [
    (Timing::Early, 0.60),
    (Timing::OnTheDay, 0.37),
    (Timing::Late, 0.03),
];

/// Months between Ofsted inspections of children's services.
pub const INSPECTION_MONTHS: (i32, i32) = (30, 48);

/// Ofsted judgements, with the rough share of inspections giving each.
pub const JUDGEMENTS: [(&str, f64); 4] = [
    ("outstanding", 0.08),
    ("good", 0.42),
    ("requires improvement", 0.35),
    ("inadequate", 0.15),
];

/// Chance that an inadequate judgement is followed by an improvement board.
pub const P_IMPROVEMENT_BOARD: f64 = 0.8;

/// Chance that a council records a departure from `dcs_reports_to_chief_executive` (and the DASS
/// rule) for a structure in which the DCS reports to a deputy, and from
/// `dph_reports_to_chief_executive` for one in which the DPH reports to a director.
pub const P_DEPARTURE_RECORDED: (f64, f64) = (0.5, 0.5);

/// Chance that a council reports on its trust or company every quarter (else yearly).
pub const P_QUARTERLY_REPORTS: f64 = 0.7;

/// Chance that one performance report is missed.
pub const P_REPORT_MISSED: f64 = 0.05;
