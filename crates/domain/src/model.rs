//! The register: the `assure/v1` model of DESIGN.md §4 as Rust types.
//!
//! Values here are already valid: the reader ([`crate::reader`]) builds them only after checking
//! ids, references, dates and intervals, so the rules engine never re-checks input. Each fact keeps
//! the place it was read from ([`Loc`]) so later checks (a departure naming an unknown rule, say)
//! can still point at a file and line, and each fact can name itself ([`Fact`]) in rule results.

use crate::date::{Date, iso};
use crate::id::Id;
use crate::interval::Interval;
use std::fmt;

/// A closed set of spellings, parsed from register files.
pub trait Vocabulary: Sized + Copy + PartialEq {
    /// Parses the file spelling.
    fn parse(text: &str) -> Option<Self>;
    /// The allowed spellings: `a | b | c`.
    fn expected() -> String;
}

/// Declares a closed vocabulary: a fieldless enum with its file spelling, parsing and the list of
/// allowed spellings (used in "expected one of ..." errors).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order DESIGN.md lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The value's position in [`Self::ALL`], for tables indexed by value.
            pub fn position(self) -> usize {
                // Fieldless and declared in the order of `ALL`: the discriminant is the position.
                self as usize
            }

            /// The spelling used in register files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// Parses the file spelling.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// The allowed spellings, for error messages: `a | b | c`.
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl Vocabulary for $name {
            fn parse(text: &str) -> Option<Self> {
                Self::parse(text)
            }
            fn expected() -> String {
                Self::expected()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What kind of organisation: the five council kinds, then the others.
    OrgKind {
        County = "county",
        Unitary = "unitary",
        MetropolitanDistrict = "metropolitan_district",
        LondonBorough = "london_borough",
        NonMetropolitanDistrict = "non_metropolitan_district",
        Police = "police",
        Ccg = "ccg",
        Icb = "icb",
        ChildrensTrust = "childrens_trust",
        Company = "company",
        NhsTrust = "nhs_trust",
        Other = "other",
    }
}

impl OrgKind {
    /// A principal council (every council kind).
    pub fn is_council(self) -> bool {
        matches!(
            self,
            Self::County
                | Self::Unitary
                | Self::MetropolitanDistrict
                | Self::LondonBorough
                | Self::NonMetropolitanDistrict
        )
    }

    /// A children's services authority: county, unitary, metropolitan district, London borough.
    pub fn is_childrens_services_authority(self) -> bool {
        self.is_council() && self != Self::NonMetropolitanDistrict
    }
}

vocabulary! {
    /// A council's form of governance.
    Governance {
        LeaderAndCabinet = "leader_and_cabinet",
        MayorAndCabinet = "mayor_and_cabinet",
        Committee = "committee",
    }
}

vocabulary! {
    /// Whether a post is held by an officer or by a member.
    PostKind {
        Officer = "officer",
        ExecutiveMember = "executive_member",
        Member = "member",
    }
}

vocabulary! {
    /// On what terms a person holds a post.
    AppointmentBasis {
        Permanent = "permanent",
        Interim = "interim",
        Acting = "acting",
        Secondment = "secondment",
        Shared = "shared",
        Agency = "agency",
    }
}

vocabulary! {
    /// On what terms a role is attached to a post.
    DesignationBasis {
        Permanent = "permanent",
        Interim = "interim",
    }
}

vocabulary! {
    /// A statutory role.
    Role {
        Dcs = "dcs",
        Lmcs = "lmcs",
        Dass = "dass",
        Dph = "dph",
        HeadOfPaidService = "head_of_paid_service",
        MonitoringOfficer = "monitoring_officer",
        ChiefFinanceOfficer = "chief_finance_officer",
    }
}

impl Role {
    /// The role's name as officers write it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Dcs => "Director of Children's Services",
            Self::Lmcs => "Lead Member for Children's Services",
            Self::Dass => "Director of Adult Social Services",
            Self::Dph => "Director of Public Health",
            Self::HeadOfPaidService => "Head of Paid Service",
            Self::MonitoringOfficer => "Monitoring Officer",
            Self::ChiefFinanceOfficer => "Chief Finance Officer",
        }
    }

    /// The usual abbreviation.
    pub fn short(self) -> &'static str {
        match self {
            Self::Dcs => "DCS",
            Self::Lmcs => "LMCS",
            Self::Dass => "DASS",
            Self::Dph => "DPH",
            Self::HeadOfPaidService => "HoPS",
            Self::MonitoringOfficer => "MO",
            Self::ChiefFinanceOfficer => "CFO",
        }
    }

    /// Whether every principal council must have the role (HoPS, MO, CFO); the others are for
    /// children's services authorities.
    pub fn every_principal_council(self) -> bool {
        matches!(
            self,
            Self::HeadOfPaidService | Self::MonitoringOfficer | Self::ChiefFinanceOfficer
        )
    }
}

vocabulary! {
    /// An operational function allocated to a post or delivered by another body.
    Function {
        Education = "education",
        ChildrensSocialCare = "childrens_social_care",
        AdultSocialCare = "adult_social_care",
        PublicHealth = "public_health",
        Housing = "housing",
        Resources = "resources",
        Finance = "finance",
        Legal = "legal",
        Place = "place",
        Communities = "communities",
        Other = "other",
    }
}

impl Function {
    /// The function as officers write it in a sentence.
    pub fn title(self) -> &'static str {
        match self {
            Self::Education => "education",
            Self::ChildrensSocialCare => "children's social care",
            Self::AdultSocialCare => "adult social care",
            Self::PublicHealth => "public health",
            Self::Housing => "housing",
            Self::Resources => "resources",
            Self::Finance => "finance",
            Self::Legal => "legal services",
            Self::Place => "place",
            Self::Communities => "communities",
            Self::Other => "other functions",
        }
    }
}

vocabulary! {
    /// How a function is delivered by another organisation.
    DeliveryBasis {
        StatutoryDirection = "statutory_direction",
        Contract = "contract",
        Company = "company",
        SharedService = "shared_service",
    }
}

vocabulary! {
    /// What kind of board or partnership a body is.
    BodyKind {
        HealthAndWellbeingBoard = "health_and_wellbeing_board",
        Lscb = "lscb",
        SafeguardingChildrenPartnership = "safeguarding_children_partnership",
        SafeguardingAdultsBoard = "safeguarding_adults_board",
        ImprovementBoard = "improvement_board",
        Other = "other",
    }
}

vocabulary! {
    /// The part a member plays on a body.
    MembershipRole {
        Member = "member",
        Chair = "chair",
        IndependentScrutineer = "independent_scrutineer",
        SafeguardingPartner = "safeguarding_partner",
        LeadSafeguardingPartner = "lead_safeguarding_partner",
        DelegatedSafeguardingPartner = "delegated_safeguarding_partner",
        Observer = "observer",
    }
}

vocabulary! {
    /// What kind of evidence or publication a document is.
    DocumentKind {
        CabinetReport = "cabinet_report",
        CouncilReport = "council_report",
        ScrutinyReport = "scrutiny_report",
        Audit = "audit",
        Letter = "letter",
        PublishedArrangements = "published_arrangements",
        YearlyReport = "yearly_report",
        AnnualReport = "annual_report",
        StatementOfAssurance = "statement_of_assurance",
        PerformanceReport = "performance_report",
        Other = "other",
    }
}

vocabulary! {
    /// What kind of dated event.
    EventKind {
        Restructure = "restructure",
        Inspection = "inspection",
        Direction = "direction",
        Departure = "departure",
        Other = "other",
    }
}

vocabulary! {
    /// What kind of assurance review.
    ReviewKind {
        LocalTestOfAssurance = "local_test_of_assurance",
        StatementOfAssurance = "statement_of_assurance",
        PeriodicReview = "periodic_review",
        Audit = "audit",
    }
}

vocabulary! {
    /// How a review concluded.
    Outcome {
        Assured = "assured",
        AssuredWithActions = "assured_with_actions",
        NotAssured = "not_assured",
    }
}

vocabulary! {
    /// Where a review was reported.
    ReportedTo {
        Cabinet = "cabinet",
        Council = "council",
        Scrutiny = "scrutiny",
        AuditCommittee = "audit_committee",
        Other = "other",
    }
}

vocabulary! {
    /// A row of the contributors/approvers table.
    ApprovalKind {
        Contributor = "contributor",
        Approver = "approver",
    }
}

/// Where a fact was read from: file (by index into the files read), line and column (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    /// Index of the file in the order the files were given.
    pub file: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A council or any other organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub id: Id,
    pub name: String,
    pub kind: OrgKind,
    pub gss: Option<String>,
    pub governance: Option<Governance>,
    pub valid: Interval,
    pub loc: Loc,
}

/// A period as an elected member of a council.
#[derive(Clone, Debug, PartialEq)]
pub struct CouncillorPeriod {
    pub council: Id,
    pub valid: Interval,
}

/// A person. People are global: one person may hold posts in several organisations.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub councillor: Vec<CouncillorPeriod>,
    pub loc: Loc,
}

/// A post in an organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Post {
    pub id: Id,
    pub org: Id,
    pub title: String,
    pub kind: PostKind,
    pub valid: Interval,
    /// Shorthand for one reporting line over the post's whole life.
    pub reports_to: Option<Id>,
    pub loc: Loc,
}

/// A person holds a post.
#[derive(Clone, Debug, PartialEq)]
pub struct Appointment {
    pub person: Id,
    pub post: Id,
    pub valid: Interval,
    pub basis: Option<AppointmentBasis>,
    pub fte: Option<f64>,
    pub employer: Option<Id>,
    pub loc: Loc,
}

impl Appointment {
    /// Whether the holder holds the post on an interim footing (interim or acting).
    pub fn is_interim(&self) -> bool {
        matches!(
            self.basis,
            Some(AppointmentBasis::Interim | AppointmentBasis::Acting)
        )
    }

    /// Whether this is a full-time appointment (no `fte`, or `fte` of at least 1).
    pub fn is_full_time(&self) -> bool {
        self.fte.is_none_or(|f| f >= 1.0)
    }
}

/// A statutory role is attached to a post.
#[derive(Clone, Debug, PartialEq)]
pub struct Designation {
    pub council: Id,
    pub role: Role,
    pub post: Id,
    pub valid: Interval,
    pub basis: Option<DesignationBasis>,
    pub decision: Option<String>,
    pub loc: Loc,
}

impl Designation {
    /// Whether the designation itself is interim.
    pub fn is_interim(&self) -> bool {
        self.basis == Some(DesignationBasis::Interim)
    }
}

/// A post reports to another post.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportingLine {
    pub post: Id,
    pub reports_to: Id,
    pub valid: Interval,
    pub loc: Loc,
}

/// Operational functions allocated to a post.
#[derive(Clone, Debug, PartialEq)]
pub struct Responsibility {
    pub post: Id,
    pub functions: Vec<Function>,
    pub valid: Interval,
    pub loc: Loc,
}

/// A council function delivered by another organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub council: Id,
    pub function: Function,
    pub provider: Id,
    pub valid: Interval,
    pub basis: Option<DeliveryBasis>,
    pub citation: Option<String>,
    pub loc: Loc,
}

/// A board or partnership.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub id: Id,
    pub council: Id,
    pub kind: BodyKind,
    pub name: Option<String>,
    pub valid: Interval,
    pub loc: Loc,
}

/// Who sits on a body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    Post(Id),
    Person(Id),
    Org(Id),
}

impl Member {
    /// The member's id, whatever its kind.
    pub fn id(&self) -> &Id {
        match self {
            Self::Post(id) | Self::Person(id) | Self::Org(id) => id,
        }
    }
}

/// A seat on a body.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    pub body: Id,
    pub member: Member,
    pub role: MembershipRole,
    pub valid: Interval,
    pub loc: Loc,
}

/// An item of evidence or a publication.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: Id,
    pub council: Id,
    pub kind: DocumentKind,
    pub date: Date,
    pub title: String,
    /// Roles, body ids or organisation ids the document concerns.
    pub about: Vec<String>,
    pub url: Option<String>,
    pub loc: Loc,
}

impl Document {
    /// Whether the document is about `what` (a role spelling, body id or organisation id).
    pub fn is_about(&self, what: &str) -> bool {
        self.about.iter().any(|a| a == what)
    }
}

/// A dated fact that is not an interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub council: Id,
    pub date: Date,
    pub kind: EventKind,
    pub posts: Vec<Id>,
    pub summary: Option<String>,
    pub loc: Loc,
}

/// An action agreed in a review.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub title: String,
    pub owner: Id,
    pub due: Date,
    pub done: Option<Date>,
    pub loc: Loc,
}

impl Action {
    /// Open on `day`: not done, or done only after `day`.
    pub fn is_open_on(&self, day: Date) -> bool {
        self.done.is_none_or(|done| done > day)
    }
}

/// A row of a review's contributors/approvers table.
#[derive(Clone, Debug, PartialEq)]
pub struct Approval {
    pub name: String,
    pub title: Option<String>,
    pub kind: ApprovalKind,
    pub area: Option<String>,
    pub sent: Date,
    pub received: Option<Date>,
    pub loc: Loc,
}

/// An assurance review.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub id: Id,
    pub council: Id,
    pub kind: ReviewKind,
    pub roles: Vec<Role>,
    pub started: Date,
    pub concluded: Option<Date>,
    pub outcome: Option<Outcome>,
    pub opinion_by: Option<Id>,
    pub reported_to: Option<ReportedTo>,
    pub evidence: Vec<Id>,
    pub opinion: Option<String>,
    pub working_well: Option<String>,
    pub worried_about: Option<String>,
    pub needs_to_happen: Option<String>,
    pub actions: Vec<Action>,
    pub approvals: Vec<Approval>,
    pub loc: Loc,
}

impl Review {
    /// Whether the review covers `role`.
    pub fn covers(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The day the review concluded, if it had by `day` (only such reviews count on `day`).
    pub fn concluded_by(&self, day: Date) -> Option<Date> {
        self.concluded.filter(|c| *c <= day)
    }
}

/// A recorded, reasoned departure from a `should` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Departure {
    pub council: Id,
    pub rule: String,
    pub valid: Interval,
    pub reason: String,
    pub decided_by: Option<String>,
    pub review: Option<Id>,
    pub loc: Loc,
}

/// Everything read from one or more `assure/v1` files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Register {
    /// The names of the files read, in order ([`Loc::file`] indexes this).
    pub files: Vec<String>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    pub posts: Vec<Post>,
    pub appointments: Vec<Appointment>,
    pub designations: Vec<Designation>,
    pub reporting_lines: Vec<ReportingLine>,
    pub responsibilities: Vec<Responsibility>,
    pub delivery: Vec<Delivery>,
    pub bodies: Vec<Body>,
    pub memberships: Vec<Membership>,
    pub documents: Vec<Document>,
    pub events: Vec<Event>,
    pub reviews: Vec<Review>,
    pub departures: Vec<Departure>,
}

impl Register {
    /// The register with the places it was read from (file names, lines and columns) cleared:
    /// what a register written out and read back, or read from another syntax, can be compared
    /// on.
    pub fn without_locations(mut self) -> Self {
        let l = Loc::default();
        self.files.clear();
        self.organisations.iter_mut().for_each(|x| x.loc = l);
        self.people.iter_mut().for_each(|x| x.loc = l);
        self.posts.iter_mut().for_each(|x| x.loc = l);
        self.appointments.iter_mut().for_each(|x| x.loc = l);
        self.designations.iter_mut().for_each(|x| x.loc = l);
        self.reporting_lines.iter_mut().for_each(|x| x.loc = l);
        self.responsibilities.iter_mut().for_each(|x| x.loc = l);
        self.delivery.iter_mut().for_each(|x| x.loc = l);
        self.bodies.iter_mut().for_each(|x| x.loc = l);
        self.memberships.iter_mut().for_each(|x| x.loc = l);
        self.documents.iter_mut().for_each(|x| x.loc = l);
        self.events.iter_mut().for_each(|x| x.loc = l);
        self.departures.iter_mut().for_each(|x| x.loc = l);
        for v in &mut self.reviews {
            v.loc = l;
            v.actions.iter_mut().for_each(|x| x.loc = l);
            v.approvals.iter_mut().for_each(|x| x.loc = l);
        }
        self
    }

    /// The councils, in file order.
    pub fn councils(&self) -> impl Iterator<Item = &Organisation> {
        self.organisations.iter().filter(|o| o.kind.is_council())
    }

    /// Where `loc` points, as `file:line` for messages.
    pub fn place(&self, loc: Loc) -> String {
        let file = self.files.get(loc.file).map_or("<input>", String::as_str);
        format!("{file}:{}", loc.line)
    }
}

/// A fact's stable name, used in rule results (`designation:coventry/dcs/post-id/2019-04-01`).
pub trait Fact {
    /// The fact id (informational, stable for the same register).
    fn fact_id(&self) -> String;
}

fn from_text(valid: &Interval) -> String {
    valid.from().map_or_else(|| "always".to_owned(), iso)
}

impl Fact for Organisation {
    fn fact_id(&self) -> String {
        format!("organisation:{}", self.id)
    }
}
impl Fact for Person {
    fn fact_id(&self) -> String {
        format!("person:{}", self.id)
    }
}
impl Fact for Post {
    fn fact_id(&self) -> String {
        format!("post:{}", self.id)
    }
}
impl Fact for Appointment {
    fn fact_id(&self) -> String {
        format!(
            "appointment:{}/{}/{}",
            self.post,
            self.person,
            from_text(&self.valid)
        )
    }
}
impl Fact for Designation {
    fn fact_id(&self) -> String {
        format!(
            "designation:{}/{}/{}/{}",
            self.council,
            self.role,
            self.post,
            from_text(&self.valid)
        )
    }
}
impl Fact for ReportingLine {
    fn fact_id(&self) -> String {
        format!(
            "reporting_line:{}/{}/{}",
            self.post,
            self.reports_to,
            from_text(&self.valid)
        )
    }
}
impl Fact for Responsibility {
    fn fact_id(&self) -> String {
        format!("responsibility:{}/{}", self.post, from_text(&self.valid))
    }
}
impl Fact for Delivery {
    fn fact_id(&self) -> String {
        format!(
            "delivery:{}/{}/{}/{}",
            self.council,
            self.function,
            self.provider,
            from_text(&self.valid)
        )
    }
}
impl Fact for Body {
    fn fact_id(&self) -> String {
        format!("body:{}", self.id)
    }
}
impl Fact for Membership {
    fn fact_id(&self) -> String {
        format!(
            "membership:{}/{}/{}/{}",
            self.body,
            self.member.id(),
            self.role,
            from_text(&self.valid)
        )
    }
}
impl Fact for Document {
    fn fact_id(&self) -> String {
        format!("document:{}", self.id)
    }
}
impl Fact for Event {
    fn fact_id(&self) -> String {
        format!("event:{}/{}/{}", self.council, iso(self.date), self.kind)
    }
}
impl Fact for Review {
    fn fact_id(&self) -> String {
        format!("review:{}", self.id)
    }
}
impl Fact for Departure {
    fn fact_id(&self) -> String {
        format!(
            "departure:{}/{}/{}",
            self.council,
            self.rule,
            from_text(&self.valid)
        )
    }
}
