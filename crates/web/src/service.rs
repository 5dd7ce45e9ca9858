//! What the pages and the API both ask: loading the register, the councils' status, and a
//! council's roles and findings at a date.
//!
//! # The register cache
//!
//! Loading the register means reading every current version from the store and building a
//! [`Register`] from them; the national view then evaluates every council. Rather than do that
//! on every request, each app instance keeps a [`RegisterCache`] in its state, shared by all its
//! requests.
//!
//! - **What is cached**: the latest [`Snapshot`]: the current versions as stored, the
//!   [`Register`] built from them, and every council's status ([`Snapshot::councils`]) for each
//!   date asked for (at most [`COUNCIL_DATES`] dates, the least recently used dropped first), the
//!   rules engine indexing that register ([`Snapshot::engine`]), and each council's findings per
//!   date asked for ([`Snapshot::findings`], at most [`FINDINGS_KEPT`]).
//!   Everything in a snapshot is worked out from that snapshot's register alone, so it all goes
//!   when the snapshot is replaced. Reads "as recorded at" an earlier instant are not cached.
//! - **Who is signed in**: the user and grants of a session's user are kept in the snapshot too
//!   ([`Snapshot::principal`]): account changes are recorded in the same audit log, so they move
//!   the key. The session itself is read on every request, so signing out takes effect at once.
//! - **The key**: the store's [`Store::register_version`], the id of the latest audit log entry.
//!   Every write to the register records its audit entries in the same transaction, and ids
//!   become visible in the order they are handed out, so the number is the same exactly when
//!   nothing has been recorded in between. (Account changes move it too; that costs a reload,
//!   nothing more.)
//! - **Why it cannot be stale**: every request reads the version first (one indexed query) and
//!   uses the cached snapshot only if it carries that very number; otherwise it reads the
//!   register again. The version is read *before* the register, so a snapshot is at least as new
//!   as its label: a write landing between the two reads makes the snapshot newer than its label
//!   and costs one extra reload on the next request, never an old answer. The label comes from
//!   the database, not from this process, so writes made elsewhere (another app instance on the
//!   same database, the command line) are seen as soon as they are committed.
//! - **One version read for many requests**: requests that arrive while the version is being
//!   read wait for that read to end and share the next one, which starts after all of them
//!   arrived, so each still sees everything committed before it asked ([`VersionReads`]).
//! - **No stampede**: a miss takes the cache's reload lock, so one reload runs at a time. A
//!   request that waited for it reads the version again and, if the reload before it stored that
//!   version, uses its snapshot. Each date's councils summary is likewise worked out once per
//!   snapshot, however many requests ask for it at the same time.

use crate::AppError;
use crate::auth::Principal;
use assure_domain::date::long;
use assure_domain::model::Role;
use assure_domain::{Date, Register};
use assure_rules::{Engine, Finding, Level, Status};
use assure_store::{Store, Version, register_of};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;

/// How many dates' councils summaries a snapshot keeps.
pub const COUNCIL_DATES: usize = 32;

/// The register as read from the store at one register version (see the module docs).
pub struct Snapshot {
    /// The store's [`Store::register_version`], read before the register was.
    pub version: i64,
    /// The current version of every entry, in insertion order.
    pub versions: Arc<[Version]>,
    /// The register those versions make, and the rules engine over it.
    indexed: Indexed,
    /// Every council's status per date, most recently used last.
    councils: Mutex<Vec<(Date, Summaries)>>,
    /// Findings of a council on a date, once worked out (at most [`FINDINGS_KEPT`]).
    findings: Mutex<KeptFindings>,
    /// Signed-in users (and their grants) by user name, once read (at most [`PRINCIPALS_KEPT`]).
    /// Account changes are recorded in the audit log like register changes, so they move the
    /// version too: a snapshot never holds a user's grants from before a change to them.
    principals: Mutex<HashMap<String, Option<Principal>>>,
}

/// How many signed-in users a snapshot keeps. When full it starts again empty.
pub const PRINCIPALS_KEPT: usize = 4096;

/// Findings by (council, date).
type KeptFindings = HashMap<(String, Date), Arc<[Finding]>>;

/// How many (council, date) findings a snapshot keeps. When full it starts again empty: simple,
/// bounded (a few MB), and a miss costs one `check` of the council (about 160 µs).
pub const FINDINGS_KEPT: usize = 4096;

self_cell::self_cell!(
    /// A register and the rules engine indexing it, built once per snapshot: indexing the
    /// national register takes tens of milliseconds, too long to repeat on every request.
    struct Indexed {
        owner: Arc<Register>,
        #[covariant]
        dependent: Engine,
    }
);

/// Every council's status on one date, once someone has worked it out.
type Summaries = Arc<OnceCell<Arc<[CouncilSummary]>>>;

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("version", &self.version)
            .field("entries", &self.versions.len())
            .finish_non_exhaustive()
    }
}

impl Snapshot {
    /// A snapshot of `register`, read at register version `version` from `versions`.
    pub fn new(version: i64, versions: Vec<Version>, register: Register) -> Self {
        Self {
            version,
            versions: versions.into(),
            indexed: Indexed::new(Arc::new(register), |reg| Engine::new(reg)),
            councils: Mutex::default(),
            findings: Mutex::default(),
            principals: Mutex::default(),
        }
    }

    /// The signed-in user `username` with their grants, read by `read` the first time this
    /// snapshot is asked for them. Only call this with a snapshot obtained *before* `read` would
    /// run (as [`snapshot`] gives): what `read` returns is then at least as new as the snapshot's
    /// version, never older.
    pub async fn principal<F>(
        &self,
        username: &str,
        read: impl FnOnce() -> F,
    ) -> Result<Option<Principal>, AppError>
    where
        F: Future<Output = Result<Option<Principal>, AppError>>,
    {
        let kept = || {
            self.principals
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(hit) = kept().get(username) {
            return Ok(hit.clone());
        }
        let found = read().await?;
        let mut principals = kept();
        if principals.len() >= PRINCIPALS_KEPT {
            principals.clear();
        }
        principals.insert(username.to_owned(), found.clone());
        Ok(found)
    }

    /// The findings of council `id` at `at`, every rule in catalogue order ([`CouncilEval::check`]),
    /// worked out once per snapshot; `None` if there is no such council.
    ///
    /// [`CouncilEval::check`]: assure_rules::CouncilEval::check
    pub fn findings(&self, id: &str, at: Date) -> Option<Arc<[Finding]>> {
        let key = (id.to_owned(), at);
        if let Some(hit) = self.kept_findings().get(&key) {
            return Some(Arc::clone(hit));
        }
        // Worked out outside the lock; two requests missing at once both work it out, and
        // their answers are the same.
        let found: Arc<[Finding]> = self.engine().council(id)?.check(at).into();
        let mut kept = self.kept_findings();
        if kept.len() >= FINDINGS_KEPT {
            kept.clear();
        }
        kept.insert(key, Arc::clone(&found));
        Some(found)
    }

    fn kept_findings(&self) -> std::sync::MutexGuard<'_, KeptFindings> {
        self.findings.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The register.
    pub fn register(&self) -> &Arc<Register> {
        self.indexed.borrow_owner()
    }

    /// The rules engine over the register.
    pub fn engine(&self) -> &Engine<'_> {
        self.indexed.borrow_dependent()
    }

    /// Every council's status at `at` ([`councils`]), worked out once per date.
    pub async fn councils(&self, at: Date) -> Arc<[CouncilSummary]> {
        let cell = {
            let mut dates = self.councils.lock().unwrap_or_else(PoisonError::into_inner);
            let cell = match dates.iter().position(|(d, _)| *d == at) {
                Some(i) => dates.remove(i).1,
                None => Arc::default(),
            };
            if dates.len() >= COUNCIL_DATES {
                dates.remove(0);
            }
            dates.push((at, Arc::clone(&cell)));
            cell
        };
        // Outside the lock: other dates are not held up while this one is worked out, and
        // requests for this date wait for the one working it out rather than repeat it.
        let summary = cell
            .get_or_init(|| async { councils(self.engine(), at).into() })
            .await;
        Arc::clone(summary)
    }
}

/// The latest [`Snapshot`] of the register, shared by an app instance's requests.
#[derive(Debug, Default)]
pub struct RegisterCache {
    latest: Mutex<Option<Arc<Snapshot>>>,
    /// Held while the register is read from the store: one reload at a time.
    reload: tokio::sync::Mutex<()>,
    /// Reads of the register version, shared by requests that arrive together.
    versions: VersionReads,
}

/// Reads of [`Store::register_version`] shared by requests that ask at the same time (see the
/// module docs). A request may use a read only if that read *started after the request asked*,
/// so it sees everything committed before then, exactly as if it had read the version itself.
/// While one read is running, the requests that arrive wait for it to end, and then the first
/// of them starts the next read, which all of them use: under load, a read per round trip to the
/// database instead of one per request.
#[derive(Debug, Default)]
struct VersionReads {
    state: Mutex<Reads>,
    /// Told when a read ends, or when the request running it goes away before it ends.
    ended: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct Reads {
    /// How many reads have started; the one running, if any, is the last.
    started: u64,
    running: bool,
    /// The last read to end: its number and the version (`None`: it failed).
    ended: Option<(u64, Option<i64>)>,
}

/// Marks the running read as ended if the request running it goes away first (its future is
/// dropped), so the requests waiting for it start another instead of waiting for ever.
struct Running<'a> {
    reads: &'a VersionReads,
    ended: bool,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.reads.lock().running = false;
            self.reads.ended.notify_waiters();
        }
    }
}

impl VersionReads {
    fn lock(&self) -> std::sync::MutexGuard<'_, Reads> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The register version, read after this call began.
    async fn read<S: Store>(&self, store: &S) -> Result<i64, AppError> {
        // Reads numbered from here on start after now.
        let first_usable = self.lock().started + 1;
        loop {
            // Listen before looking, so an end between the two is not missed.
            let ended = self.ended.notified();
            let number = {
                let mut reads = self.lock();
                match reads.ended {
                    Some((n, Some(version))) if n >= first_usable => return Ok(version),
                    // The shared read failed: read alone, to report this request's own error.
                    Some((n, None)) if n >= first_usable => break,
                    _ => {}
                }
                if reads.running {
                    None
                } else {
                    reads.running = true;
                    reads.started += 1;
                    Some(reads.started)
                }
            };
            let Some(number) = number else {
                ended.await;
                continue;
            };
            let mut running = Running {
                reads: self,
                ended: false,
            };
            let result = store.register_version().await;
            {
                let mut reads = self.lock();
                reads.running = false;
                reads.ended = Some((number, result.as_ref().ok().copied()));
            }
            running.ended = true;
            self.ended.notify_waiters();
            return Ok(result?);
        }
        Ok(store.register_version().await?)
    }
}

impl RegisterCache {
    /// The cached snapshot, if it was read at register version `version`.
    fn at(&self, version: i64) -> Option<Arc<Snapshot>> {
        self.latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|s| s.version == version)
            .cloned()
    }

    /// The register as `store` holds it now: the cached snapshot if nothing has been recorded
    /// since it was read, else a new one.
    pub async fn snapshot<S: Store>(&self, store: &S) -> Result<Arc<Snapshot>, AppError> {
        let version = self.versions.read(store).await?;
        if let Some(hit) = self.at(version) {
            return Ok(hit);
        }
        let _reloading = self.reload.lock().await;
        // Another request may have reloaded while this one waited, and more may have been
        // recorded since: ask again (still before reading the register).
        let version = store.register_version().await?;
        if let Some(hit) = self.at(version) {
            return Ok(hit);
        }
        let versions = store.current(None).await?;
        let register = register_of(
            versions
                .iter()
                .map(|v| (v.table.as_str(), v.key.as_str(), &v.body)),
        )
        .map_err(|e| AppError::Internal(format!("stored register does not read: {e:?}")))?;
        let snapshot = Arc::new(Snapshot::new(version, versions, register));
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }
}

/// The register as the store holds it now, with what is worked out from it (see the module
/// docs: cached, never stale).
pub async fn snapshot<S: Store>(state: &crate::AppState<S>) -> Result<Arc<Snapshot>, AppError> {
    state.register.snapshot(&state.store).await
}

/// The register as the store holds it now.
pub async fn register<S: Store>(state: &crate::AppState<S>) -> Result<Arc<Register>, AppError> {
    Ok(Arc::clone(snapshot(state).await?.register()))
}

/// Today, in the UK.
pub fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC))
        .date()
}

/// One council's status at a date.
#[derive(Clone, Debug, Serialize)]
pub struct CouncilSummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub must_failing: usize,
    pub should_failing: usize,
    pub due: usize,
    pub interim_roles: usize,
}

/// Every council's status at `at`.
pub fn councils(engine: &Engine<'_>, at: Date) -> Vec<CouncilSummary> {
    engine
        .councils()
        .map(|c| {
            let findings = c.check(at);
            let failing = |level: Level| {
                findings
                    .iter()
                    .filter(|f| f.level == level && f.status == Status::Fail)
                    .count()
            };
            let interim_roles = Role::ALL
                .iter()
                .filter(|r| {
                    engine
                        .index()
                        .holdings(c.council().id.as_str(), **r, at)
                        .iter()
                        .any(|h| h.is_interim())
                })
                .count();
            CouncilSummary {
                id: c.council().id.to_string(),
                name: c.council().name.clone(),
                kind: c.council().kind.as_str().replace('_', " "),
                must_failing: failing(Level::Must),
                should_failing: failing(Level::Should),
                due: findings.iter().filter(|f| f.status == Status::Due).count(),
                interim_roles,
            }
        })
        .collect()
}

/// Who holds a role on the day.
#[derive(Clone, Debug, Serialize)]
pub struct RoleRow {
    pub role: String,
    pub post: String,
    pub holder: String,
    pub interim: bool,
}

/// A council's dashboard at a date.
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub id: String,
    pub name: String,
    pub at: Date,
    pub at_long: String,
    pub roles: Vec<RoleRow>,
    pub findings: Vec<Finding>,
}

/// The council `id` at `at`, or `None` if there is no such council.
pub fn dashboard(snapshot: &Snapshot, id: &str, at: Date) -> Option<Dashboard> {
    let engine = snapshot.engine();
    let council = engine.council(id)?;
    let arrangement = engine.index().arrangement(id, at);
    let mut roles = Vec::new();
    for (role, posts) in &arrangement.roles {
        if posts.is_empty() {
            roles.push(RoleRow {
                role: role.title().to_owned(),
                post: "Not designated".to_owned(),
                holder: String::new(),
                interim: false,
            });
        }
        for p in posts {
            let holder = if p.holders.is_empty() {
                "Vacant".to_owned()
            } else {
                p.holders
                    .iter()
                    .map(|(n, _)| n.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let interim = p.interim || p.holders.iter().any(|(_, i)| *i);
            roles.push(RoleRow {
                role: role.title().to_owned(),
                post: p.title.clone(),
                holder,
                interim,
            });
        }
    }
    let mut findings = snapshot.findings(id, at)?.to_vec();
    findings.sort_by_key(|f| (std::cmp::Reverse(f.status.severity()), f.level));
    Some(Dashboard {
        id: id.to_owned(),
        name: council.council().name.clone(),
        at,
        at_long: long(at),
        roles,
        findings,
    })
}

/// One row of the audit log page.
#[derive(Clone, Debug, Serialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub table: String,
    pub key: String,
    pub council: String,
    /// `field: before -> after` for each field that changed (all fields for a create or delete).
    pub changes: Vec<String>,
}

/// Filters for the audit log.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AuditFilter {
    pub council: Option<String>,
    pub entity: Option<String>,
    pub actor: Option<String>,
}

/// The audit log as `user` may see it, newest first, filtered. Each council's changes are for
/// its viewers; changes outside any council (accounts) for those who can see every council.
pub async fn audit<S: Store>(
    store: &S,
    user: &Principal,
    filter: &AuditFilter,
) -> Result<Vec<AuditRow>, AppError> {
    let wanted = |want: &Option<String>, have: &str| {
        want.as_deref()
            .filter(|w| !w.is_empty())
            .is_none_or(|w| have.contains(w))
    };
    let mut rows: Vec<AuditRow> = store
        .audit()
        .await?
        .into_iter()
        .filter(|a| match a.council.as_deref() {
            Some(c) => user.can(c, assure_store::Role::Viewer),
            None => user.can_everywhere(assure_store::Role::Viewer),
        })
        .filter(|a| {
            wanted(&filter.council, a.council.as_deref().unwrap_or(""))
                && wanted(&filter.entity, &a.key)
                && wanted(&filter.actor, &a.actor)
        })
        .map(|a| {
            let empty = serde_json::Map::new();
            let before = a
                .before
                .as_ref()
                .and_then(|v| v.as_object())
                .unwrap_or(&empty);
            let after = a
                .after
                .as_ref()
                .and_then(|v| v.as_object())
                .unwrap_or(&empty);
            let keys: std::collections::BTreeSet<&String> =
                before.keys().chain(after.keys()).collect();
            let show = |v: Option<&serde_json::Value>| match v {
                None => "(none)".to_owned(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            let changes = keys
                .into_iter()
                .filter(|k| before.get(*k) != after.get(*k))
                .map(|k| {
                    format!(
                        "{k}: {} \u{2192} {}",
                        show(before.get(k)),
                        show(after.get(k))
                    )
                })
                .collect();
            AuditRow {
                at: a.at.strftime("%-d %B %Y %H:%M:%S UTC").to_string(),
                actor: a.actor,
                action: a.action.as_str().to_owned(),
                table: a.table,
                key: a.key,
                council: a.council.unwrap_or_default(),
                changes,
            }
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

/// A dated thing a council must do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueDate {
    pub date: Date,
    pub summary: String,
    pub uid: String,
}

/// What falls due for `council` from `from` on: open review actions, interim holdings reaching
/// six months, and the next periodic review of the DCS arrangements. Sorted by date.
pub fn due_dates(engine: &Engine<'_>, council: &str, from: Date) -> Vec<DueDate> {
    use assure_domain::date::plus_months;
    let mut out = Vec::new();
    let reviews = engine.index().reviews_of(council);
    for r in reviews {
        for (i, a) in r.actions.iter().enumerate() {
            if a.is_open_on(from) && a.due >= from {
                out.push(DueDate {
                    date: a.due,
                    summary: format!("Action due: {} (review {})", a.title, r.id),
                    uid: format!("action-{}-{i}@assure", r.id),
                });
            }
        }
    }
    let Some(c) = engine.council(council) else {
        return out;
    };
    let catalogue = assure_rules::Catalogue::v1();
    if let Some(rule) = catalogue.get("interim_reviewed") {
        let months = rule.months("interim_months");
        for role in Role::ALL {
            if let Some(start) = c.interim_since(*role, from) {
                let date = plus_months(start, months);
                if date >= from {
                    out.push(DueDate {
                        date,
                        summary: format!(
                            "The interim {} reaches {months} months: review it",
                            role.title()
                        ),
                        uid: format!("interim-{}-{council}-{start}@assure", role.as_str()),
                    });
                }
            }
        }
    }
    if let (Some(rule), Some(_)) = (catalogue.get("periodic_review"), c.first_day()) {
        let months = rule.months("within_months");
        let latest = reviews
            .iter()
            .filter(|r| r.covers(Role::Dcs))
            .filter_map(|r| r.concluded_by(from))
            .max();
        if let Some(latest) = latest {
            let date = plus_months(latest, months);
            out.push(DueDate {
                date,
                summary: "Periodic review of the DCS arrangements due".to_owned(),
                uid: format!("periodic-{council}-{latest}@assure"),
            });
        }
    }
    out.extend(deadlines(&c, from));
    out.sort_by_key(|d| d.date);
    out
}

/// Statutory deadlines: for each rule that holds (pass or due) on `from` but, if nothing is
/// recorded meanwhile, fails within the next two years, the last day before it fails — a review
/// due after a change, the safeguarding partnership's yearly report, and so on. Worked out from
/// the timeline, so it follows the rules exactly. Actions, interim periods and the periodic
/// review have their own, more specific entries above.
fn deadlines(c: &assure_rules::CouncilEval<'_, '_>, from: Date) -> Vec<DueDate> {
    use assure_domain::date::plus_months;
    const OWN_ENTRIES: [&str; 3] = [
        "review_actions_on_time",
        "interim_reviewed",
        "periodic_review",
    ];
    let catalogue = assure_rules::Catalogue::v1();
    let spans = c.timeline(from, Some(plus_months(from, 24)));
    let mut out = Vec::new();
    for rule in &catalogue.rules {
        if OWN_ENTRIES.contains(&rule.id.as_str()) {
            continue;
        }
        let mut of_rule = spans.iter().filter(|s| s.rule == rule.id);
        let Some(first) = of_rule.next() else {
            continue;
        };
        if !matches!(first.status, Status::Pass | Status::Due) {
            continue;
        }
        if let Some(fail) = of_rule.find(|s| s.status == Status::Fail) {
            let date = fail.from.yesterday().unwrap_or(fail.from);
            out.push(DueDate {
                date,
                summary: format!("Last day for: {}", rule.title),
                uid: format!("deadline-{}-{}-{date}@assure", rule.id, c.council().id),
            });
        }
    }
    out
}

/// The due dates as an iCalendar feed (RFC 5545), all-day events.
pub fn icalendar(council_name: &str, dates: &[DueDate]) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Assure//Statutory roles assurance//EN\r\nCALSCALE:GREGORIAN\r\n",
    );
    out.push_str(&format!(
        "X-WR-CALNAME:{}\r\n",
        escape(&format!("{council_name}: statutory roles due dates"))
    ));
    for d in dates {
        let day = d.date.strftime("%Y%m%d");
        let next = d.date.tomorrow().unwrap_or(d.date).strftime("%Y%m%d");
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&format!("UID:{}\r\n", escape(&d.uid)));
        out.push_str(&format!("DTSTAMP:{day}T000000Z\r\n"));
        out.push_str(&format!(
            "DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{next}\r\n"
        ));
        out.push_str(&format!("SUMMARY:{}\r\n", escape(&d.summary)));
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// One stretch of a role's holding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stretch {
    pub from: Date,
    /// Last day, inclusive.
    pub to: Date,
    pub post: String,
    pub holder: String,
    pub interim: bool,
}

/// Who held one role over a period.
#[derive(Clone, Debug, Serialize)]
pub struct Track {
    pub role: String,
    pub short: String,
    pub stretches: Vec<Stretch>,
}

/// A council's roles over a period, and when a `must` rule failed.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineView {
    pub id: String,
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub tracks: Vec<Track>,
    /// Stretches (from, to) in which at least one duty in law failed, with the rules.
    pub failing: Vec<(Date, Date, Vec<String>)>,
}

/// The council `id` from `from` to `to`, computed at change points only.
pub fn timeline(engine: &Engine<'_>, id: &str, from: Date, to: Date) -> Option<TimelineView> {
    let council = engine.council(id)?;
    let points = council.change_points(from, Some(to));
    let end_of = |i: usize| {
        points
            .get(i + 1)
            .and_then(|d| d.yesterday().ok())
            .unwrap_or(to)
    };
    let mut tracks: Vec<Track> = Role::ALL
        .iter()
        .filter(|r| {
            council.council().kind.is_childrens_services_authority() || r.every_principal_council()
        })
        .map(|r| Track {
            role: r.title().to_owned(),
            short: r.short().to_owned(),
            stretches: Vec::new(),
        })
        .collect();
    for (i, day) in points.iter().enumerate() {
        let arrangement = engine.index().arrangement(id, *day);
        for track in &mut tracks {
            let Some((_, posts)) = arrangement
                .roles
                .iter()
                .find(|(r, _)| r.title() == track.role)
            else {
                continue;
            };
            let (post, holder, interim) = match posts.first() {
                None => (String::new(), String::new(), false),
                Some(p) => {
                    let names: Vec<String> = p.holders.iter().map(|(n, _)| n.clone()).collect();
                    let holder = if names.is_empty() {
                        "Vacant".to_owned()
                    } else {
                        names.join(", ")
                    };
                    (
                        p.title.clone(),
                        holder,
                        p.interim || p.holders.iter().any(|(_, x)| *x),
                    )
                }
            };
            match track.stretches.last_mut() {
                Some(last)
                    if last.post == post && last.holder == holder && last.interim == interim =>
                {
                    last.to = end_of(i)
                }
                _ => track.stretches.push(Stretch {
                    from: *day,
                    to: end_of(i),
                    post,
                    holder,
                    interim,
                }),
            }
        }
    }
    for track in &mut tracks {
        track.stretches.retain(|s| !s.post.is_empty());
    }
    let spans = council.timeline(from, Some(to));
    let mut failing: Vec<(Date, Date, Vec<String>)> = Vec::new();
    for (i, day) in points.iter().enumerate() {
        let rules: Vec<String> = spans
            .iter()
            .filter(|s| {
                s.status == Status::Fail && s.from <= *day && s.to.is_none_or(|t| *day <= t)
            })
            .filter(|s| {
                assure_rules::Catalogue::v1()
                    .get(&s.rule)
                    .is_some_and(|r| r.level == Level::Must)
            })
            .map(|s| s.rule.clone())
            .collect();
        if rules.is_empty() {
            continue;
        }
        match failing.last_mut() {
            Some(last) if last.2 == rules && last.1.tomorrow().ok() == Some(*day) => {
                last.1 = end_of(i)
            }
            _ => failing.push((*day, end_of(i), rules)),
        }
    }
    Some(TimelineView {
        id: id.to_owned(),
        name: council.council().name.clone(),
        from,
        to,
        tracks,
        failing,
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The timeline as an accessible SVG: a row per role, a bar per holder (interim hatched), a row
/// of red bands where a duty in law failed, and year marks. The page gives a table alternative.
pub fn timeline_svg(v: &TimelineView) -> String {
    const LEFT: f64 = 70.0;
    const WIDTH: f64 = 900.0;
    const ROW: f64 = 34.0;
    const PALETTE: [&str; 8] = [
        "#1d70b8", "#00703c", "#4c2c92", "#b58840", "#28a197", "#912b88", "#f47738", "#5694ca",
    ];
    let days = |d: Date| (d - v.from).get_days() as f64;
    let total = days(v.to).max(1.0) + 1.0;
    let x = |d: Date| LEFT + days(d) / total * (WIDTH - LEFT);
    let w = |a: Date, b: Date| ((days(b) - days(a) + 1.0) / total * (WIDTH - LEFT)).max(1.0);
    let rows = v.tracks.len() + 1;
    let height = ROW * rows as f64 + 40.0;
    let mut names: Vec<&str> = Vec::new();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" class=\"assure-timeline\">\
<title id=\"tl-title\">Who held each statutory role of {} from {} to {}</title>\
<desc id=\"tl-desc\">One row per role, one bar per holder; hatched bars are interim holdings; the last row marks in red when a duty in law failed. The table below gives the same information.</desc>\
<defs><pattern id=\"interim\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#ffffff\" fill-opacity=\"0.55\"/></pattern></defs>",
        esc(&v.name),
        long(v.from),
        long(v.to)
    );
    for (i, t) in v.tracks.iter().enumerate() {
        let y = ROW * i as f64 + 4.0;
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\" font-family=\"sans-serif\">{}</text>",
            y + 19.0,
            esc(&t.short)
        ));
        for st in &t.stretches {
            let n = names
                .iter()
                .position(|x| *x == st.holder)
                .unwrap_or_else(|| {
                    names.push(&st.holder);
                    names.len() - 1
                });
            let fill = if st.holder == "Vacant" {
                "#b1b4b6"
            } else {
                PALETTE[n % PALETTE.len()]
            };
            let (bx, bw) = (x(st.from), w(st.from, st.to));
            s.push_str(&format!(
                "<g><title>{}: {} ({}) from {} to {}{}</title><rect x=\"{bx:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"26\" fill=\"{fill}\"/>",
                esc(&t.role),
                esc(&st.holder),
                esc(&st.post),
                long(st.from),
                long(st.to),
                if st.interim { ", interim" } else { "" }
            ));
            if st.interim {
                s.push_str(&format!("<rect x=\"{bx:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"26\" fill=\"url(#interim)\"/>"));
            }
            if bw > 8.0 * st.holder.len() as f64 {
                s.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-family=\"sans-serif\" fill=\"#ffffff\">{}</text>",
                    bx + 4.0,
                    y + 17.0,
                    esc(&st.holder)
                ));
            }
            s.push_str("</g>");
        }
    }
    let y = ROW * v.tracks.len() as f64 + 4.0;
    s.push_str(&format!(
        "<text x=\"0\" y=\"{}\" font-size=\"13\" font-family=\"sans-serif\">Duties</text>",
        y + 19.0
    ));
    for (a, b, rules) in &v.failing {
        s.push_str(&format!(
            "<g><title>From {} to {} a duty in law failed: {}</title><rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"26\" fill=\"#d4351c\"/></g>",
            long(*a),
            long(*b),
            esc(&rules.join(", ")),
            x(*a),
            w(*a, *b)
        ));
    }
    let axis = ROW * rows as f64 + 14.0;
    for year in v.from.year()..=v.to.year() {
        if let Ok(jan) = Date::new(year, 1, 1)
            && jan >= v.from
        {
            let gx = x(jan);
            s.push_str(&format!(
                "<line x1=\"{gx:.1}\" x2=\"{gx:.1}\" y1=\"0\" y2=\"{:.1}\" stroke=\"#505a5f\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" font-family=\"sans-serif\">{year}</text>",
                axis - 10.0,
                gx + 2.0,
                axis + 6.0
            ));
        }
    }
    s.push_str("</svg>");
    s
}

/// One register entry as stored now: its `assure/v1` body and version number.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEntry {
    pub body: serde_json::Value,
    pub version: i64,
    pub council: Option<String>,
}

/// The current version of entry `key` of `table`, if it exists.
pub async fn entry<S: Store>(
    store: &S,
    table: &str,
    key: &str,
) -> Result<Option<StoredEntry>, AppError> {
    Ok(store
        .history(table, key)
        .await?
        .into_iter()
        .rfind(|v| v.recorded_to.is_none())
        .map(|v| StoredEntry {
            body: v.body,
            version: v.version,
            council: v.council,
        }))
}

/// Every current entry of `table` in `council`, with its key and version, in insertion order.
pub async fn entries<S: Store>(
    store: &S,
    table: &str,
    council: &str,
) -> Result<Vec<(String, StoredEntry)>, AppError> {
    Ok(store
        .current(None)
        .await?
        .into_iter()
        .filter(|v| v.table == table && v.council.as_deref() == Some(council))
        .map(|v| {
            (
                v.key,
                StoredEntry {
                    body: v.body,
                    version: v.version,
                    council: v.council,
                },
            )
        })
        .collect())
}

/// Makes `changes` as `user` (the audit log names them). The caller has checked their role.
pub async fn apply_as<S: Store>(
    store: &S,
    user: &Principal,
    changes: Vec<assure_store::Change>,
) -> Result<assure_store::Applied, assure_store::StoreError> {
    store.apply(&user.username, changes).await
}

/// A generated report, ready to send as a download.
#[derive(Clone, Debug)]
pub struct ReportFile {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    /// `coventry-statement-2019-02-12.pdf`.
    pub filename: String,
}

impl axum::response::IntoResponse for ReportFile {
    fn into_response(self) -> axum::response::Response {
        use axum::http::header;
        let disposition = format!("attachment; filename=\"{}\"", self.filename);
        (
            [
                (header::CONTENT_TYPE, self.mime.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// The report `kind` (`statement | assurance-document | cabinet-report`) of council `id` at `at`,
/// optionally about one `review`, as `format` (`pdf | docx | html | md`). What the report page and
/// the API both send.
pub async fn report(
    reg: &Register,
    id: &str,
    kind: &str,
    at: Date,
    format: &str,
    review: Option<&str>,
) -> Result<ReportFile, AppError> {
    let parsed = assure_docs::Kind::parse(kind).ok_or_else(|| {
        AppError::BadRequest(
            "Choose a statement, an assurance document or a cabinet report.".to_owned(),
        )
    })?;
    let (mime, ext) = match format {
        "html" => ("text/html; charset=utf-8", "html"),
        "md" => ("text/markdown; charset=utf-8", "md"),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "pdf" => ("application/pdf", "pdf"),
        _ => {
            return Err(AppError::BadRequest(
                "Choose PDF, Word (docx), HTML or Markdown (md).".to_owned(),
            ));
        }
    };
    let doc = assure_docs::build(reg, id, at, parsed, review).map_err(|e| match e {
        assure_docs::DocsError::UnknownCouncil(_) => {
            AppError::NotFound(format!("There is no council with the id {id}."))
        }
        other => AppError::BadRequest(other.to_string()),
    })?;
    let internal = |e: assure_docs::DocsError| AppError::Internal(e.to_string());
    let bytes = match ext {
        "html" => assure_docs::render::html(&doc, &Default::default())
            .map_err(internal)?
            .into_bytes(),
        "md" => assure_docs::render::markdown(&doc, &Default::default())
            .map_err(internal)?
            .into_bytes(),
        "docx" => assure_docs::docx::docx(&doc).map_err(internal)?,
        _ => {
            // Typst layout is CPU-bound: keep it off the async runtime.
            tokio::task::spawn_blocking(move || assure_pdf::pdf(&doc))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| AppError::Internal(e.to_string()))?
                .bytes
        }
    };
    Ok(ReportFile {
        bytes,
        mime,
        filename: format!("{id}-{kind}-{at}.{ext}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::reader::{Source, read};

    fn coventry() -> Snapshot {
        let text = include_str!("../../../examples/coventry.toml");
        let register = read(&[Source::new("coventry.toml", text)]).expect("reads");
        Snapshot::new(1, Vec::new(), register)
    }

    fn day(n: i16) -> Date {
        Date::new(2000 + n, 1, 1).expect("a date")
    }

    fn dates(s: &Snapshot) -> Vec<Date> {
        s.councils
            .lock()
            .expect("unpoisoned")
            .iter()
            .map(|(d, _)| *d)
            .collect()
    }

    #[test]
    fn a_councils_findings_on_a_date_are_worked_out_once_and_the_same_as_uncached() {
        let s = coventry();
        let first = s.findings("coventry", day(19)).expect("a council");
        let again = s.findings("coventry", day(19)).expect("a council");
        assert!(Arc::ptr_eq(&first, &again), "worked out once");
        let uncached = Engine::new(s.register())
            .council("coventry")
            .expect("a council")
            .check(day(19));
        assert_eq!(*first, *uncached);
        assert!(s.findings("nowhere", day(19)).is_none());
    }

    #[test]
    fn a_snapshot_keeps_a_bounded_number_of_findings() {
        let s = coventry();
        let n = i16::try_from(FINDINGS_KEPT).expect("small");
        for i in 0..=n {
            let at = day(0)
                .checked_add(jiff::Span::new().days(i))
                .expect("a date");
            s.findings("coventry", at).expect("a council");
            assert!(s.kept_findings().len() <= FINDINGS_KEPT);
        }
        assert_eq!(s.kept_findings().len(), 1, "started again when full");
    }

    #[tokio::test]
    async fn a_dates_councils_summary_is_worked_out_once_and_the_same_as_uncached() {
        let s = coventry();
        let first = s.councils(day(19)).await;
        let again = s.councils(day(19)).await;
        assert!(Arc::ptr_eq(&first, &again), "worked out once");
        let uncached = councils(&Engine::new(s.register()), day(19));
        assert_eq!(
            serde_json::to_value(&*first).expect("JSON"),
            serde_json::to_value(&uncached).expect("JSON")
        );
    }

    #[tokio::test]
    async fn a_snapshot_keeps_the_summaries_of_the_most_recently_used_dates_only() {
        let s = coventry();
        let n = COUNCIL_DATES as i16;
        for i in 0..n {
            s.councils(day(i)).await;
        }
        // Asking for the first date again makes it the most recently used...
        s.councils(day(0)).await;
        // ...so one more date drops the second.
        s.councils(day(n)).await;
        let kept = dates(&s);
        assert_eq!(kept.len(), COUNCIL_DATES);
        assert!(
            !kept.contains(&day(1)),
            "the least recently used is dropped"
        );
        assert!(kept.contains(&day(0)) && kept.contains(&day(n)));
    }
}
