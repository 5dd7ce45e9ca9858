//! Assurance reviews: a council's list of reviews, one review (evidence, key lines of enquiry,
//! opinion, actions, the contributors and approvers table), and the GOV.UK forms that start and
//! edit a review, add actions and mark them done, add contributors and approvers, and record
//! sign-off.
//!
//! A review is one register entry (table `reviews`, key = its id) holding its `actions` and
//! `approvals` as arrays, as `assure/v1` writes it. Every form here reads the current entry,
//! changes its JSON body (keys in the order the domain writer uses, empty optional keys left out)
//! and writes it back through [`service::apply_as`] based on the version it read, so the store
//! refuses a change made over someone else's instead of losing theirs. The edit form carries the
//! version it was shown with, because it replaces the whole review; the forms that add or close
//! one row are based on the version current when they are sent, as adding a row never undoes
//! anyone's work. Actions and approvals are addressed by their 1-based position: rows are only
//! ever added, so a position keeps naming the same row.
//!
//! Reading needs the viewer role in the council, writing the editor role, and recording sign-off
//! the approver role ([`crate::auth::Principal::require`]).

use crate::auth::CurrentUser;
use crate::forms::{Choice, FieldError, date_input, error_for, store_errors};
use crate::pages::render;
use crate::service::{self, StoredEntry};
use crate::{AppError, AppState, Chrome, Routes};
use askama::Template;
use assure_domain::date::{iso, long};
use assure_domain::model::{ApprovalKind, DocumentKind, Outcome, ReportedTo, Review, ReviewKind};
use assure_domain::{Date, Id, Register};
use assure_store::{Accounts, Change, Role, Store, StoreError};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The routes of this part of the application.
pub(crate) fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> Routes<S> {
    Routes::new()
        .get("/councils/{id}/reviews", list::<S>)
        .get("/councils/{id}/reviews/new", new_form::<S>)
        .post("/councils/{id}/reviews/new", create::<S>)
        .get("/councils/{id}/reviews/{rid}", show::<S>)
        .get("/councils/{id}/reviews/{rid}/edit", edit_form::<S>)
        .post("/councils/{id}/reviews/{rid}/edit", update::<S>)
        .get("/councils/{id}/reviews/{rid}/actions/new", action_form::<S>)
        .post("/councils/{id}/reviews/{rid}/actions/new", add_action::<S>)
        .get(
            "/councils/{id}/reviews/{rid}/actions/{n}/done",
            done_form::<S>,
        )
        .post(
            "/councils/{id}/reviews/{rid}/actions/{n}/done",
            mark_done::<S>,
        )
        .get(
            "/councils/{id}/reviews/{rid}/approvals/new",
            approval_form::<S>,
        )
        .post(
            "/councils/{id}/reviews/{rid}/approvals/new",
            add_approval::<S>,
        )
        .get(
            "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off",
            sign_off_form::<S>,
        )
        .post(
            "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off",
            sign_off::<S>,
        )
}

// ---------------------------------------------------------------------------------------------
// Words for the register's spellings.

fn kind_words(k: ReviewKind) -> &'static str {
    match k {
        ReviewKind::LocalTestOfAssurance => "Local test of assurance",
        ReviewKind::StatementOfAssurance => "Statement of assurance",
        ReviewKind::PeriodicReview => "Periodic review",
        ReviewKind::Audit => "Audit",
    }
}

fn kind_hint(k: ReviewKind) -> &'static str {
    match k {
        ReviewKind::LocalTestOfAssurance => {
            "Tests that a change, or a combination of roles, does not dilute the roles' focus"
        }
        ReviewKind::StatementOfAssurance => "The council's statement about its arrangements",
        ReviewKind::PeriodicReview => "The regular review of the arrangements",
        ReviewKind::Audit => "An audit after a change has been in place for a while",
    }
}

fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::Assured => "Assured",
        Outcome::AssuredWithActions => "Assured with actions",
        Outcome::NotAssured => "Not assured",
    }
}

fn reported_words(r: ReportedTo) -> &'static str {
    match r {
        ReportedTo::Cabinet => "Cabinet",
        ReportedTo::Council => "Council",
        ReportedTo::Scrutiny => "Scrutiny",
        ReportedTo::AuditCommittee => "Audit committee",
        ReportedTo::Other => "Other",
    }
}

fn approval_words(k: ApprovalKind) -> &'static str {
    match k {
        ApprovalKind::Contributor => "Contributor",
        ApprovalKind::Approver => "Approver",
    }
}

fn document_words(k: DocumentKind) -> String {
    let text = k.as_str().replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn role_label(r: assure_domain::model::Role) -> String {
    format!("{} ({})", r.title(), r.short())
}

// ---------------------------------------------------------------------------------------------
// Loading.

fn no_council(id: &str) -> AppError {
    AppError::NotFound(format!("There is no council with the id {id}."))
}

fn no_review(rid: &str) -> AppError {
    AppError::NotFound(format!(
        "There is no review with the id {rid} in this council."
    ))
}

/// The council a page is about, once the user is known to have `role` in it, with the register.
#[derive(Debug)]
struct Council {
    id: String,
    name: String,
    reg: Arc<Register>,
}

impl Council {
    async fn load<S: Store>(
        state: &AppState<S>,
        user: &CurrentUser,
        id: &str,
        role: Role,
    ) -> Result<Self, AppError> {
        user.require(id, role)?;
        let reg = service::register(state).await?;
        let name = reg
            .councils()
            .find(|c| c.id.as_str() == id)
            .map(|c| c.name.clone())
            .ok_or_else(|| no_council(id))?;
        Ok(Self {
            id: id.to_owned(),
            name,
            reg,
        })
    }

    fn review(&self, rid: &str) -> Result<&Review, AppError> {
        self.reg
            .reviews
            .iter()
            .find(|r| r.id.as_str() == rid && r.council.as_str() == self.id)
            .ok_or_else(|| no_review(rid))
    }

    /// The council's posts as choices (title; the id too when two posts share a title), sorted.
    /// `keep` is a post already chosen that is not the council's own (a shared post): it stays.
    fn posts(&self, chosen: &str, keep: &str) -> Vec<Choice> {
        let mine: Vec<&assure_domain::model::Post> = self
            .reg
            .posts
            .iter()
            .filter(|p| p.org.as_str() == self.id || (!keep.is_empty() && p.id.as_str() == keep))
            .collect();
        let mut out: Vec<Choice> = mine
            .iter()
            .map(|p| {
                let shared = mine.iter().filter(|q| q.title == p.title).count() > 1;
                let label = if shared {
                    format!("{} ({})", p.title, p.id)
                } else {
                    p.title.clone()
                };
                Choice::new(p.id.as_str(), &label, "", p.id.as_str() == chosen)
            })
            .collect();
        out.sort_by(|a, b| a.label.cmp(&b.label));
        out
    }

    fn is_post(&self, id: &str) -> bool {
        self.reg
            .posts
            .iter()
            .any(|p| p.id.as_str() == id && p.org.as_str() == self.id)
    }

    fn post_title(&self, id: &Id) -> String {
        self.reg
            .posts
            .iter()
            .find(|p| p.id == *id)
            .map_or_else(|| id.to_string(), |p| p.title.clone())
    }

    fn is_document(&self, id: &str) -> bool {
        self.reg
            .documents
            .iter()
            .any(|d| d.id.as_str() == id && d.council.as_str() == self.id)
    }

    fn url(&self, rid: &str) -> String {
        format!("/councils/{}/reviews/{rid}", self.id)
    }
}

/// The stored review `rid` of council `id`, with its version.
async fn stored_review<S: Store>(store: &S, id: &str, rid: &str) -> Result<StoredEntry, AppError> {
    match service::entry(store, "reviews", rid).await? {
        Some(e) if e.council.as_deref() == Some(id) && e.body.is_object() => Ok(e),
        _ => Err(no_review(rid)),
    }
}

/// A 1-based row position from the path; anything else names no row.
fn position(n: &str, len: usize) -> Option<usize> {
    n.parse::<usize>().ok().filter(|n| (1..=len).contains(n))
}

// ---------------------------------------------------------------------------------------------
// Form values.

/// A submitted form as its name/value pairs: checkboxes send one pair per ticked box.
#[derive(Debug, Default)]
struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed, with Windows line ends made plain.
    fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.replace("\r\n", "\n").trim().to_owned())
            .unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    fn date(&self, prefix: &str) -> DateBoxes {
        DateBoxes {
            day: self.get(&format!("{prefix}-day")),
            month: self.get(&format!("{prefix}-month")),
            year: self.get(&format!("{prefix}-year")),
        }
    }
}

/// The three boxes of a GOV.UK date input, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct DateBoxes {
    day: String,
    month: String,
    year: String,
}

impl DateBoxes {
    fn of(d: Date) -> Self {
        Self {
            day: d.day().to_string(),
            month: d.month().to_string(),
            year: d.year().to_string(),
        }
    }

    fn of_text(text: &str) -> Self {
        assure_domain::date::parse_date(text).map_or_else(Self::default, Self::of)
    }

    /// The date, `None` when all boxes are empty, or the message naming `what`.
    fn read(&self, what: &str) -> Result<Option<Date>, String> {
        date_input(what, &self.day, &self.month, &self.year)
    }

    /// The date of a required input `field`, or `None` with its error (`missing` when the boxes
    /// are empty, the message naming `what` when they are wrong) added to `errors`.
    fn required(
        &self,
        field: &str,
        what: &str,
        missing: &str,
        errors: &mut Vec<FieldError>,
    ) -> Option<Date> {
        let message = match self.read(what) {
            Ok(Some(d)) => return Some(d),
            Ok(None) => missing.to_owned(),
            Err(m) => m,
        };
        errors.push(FieldError::new(&format!("{field}-day"), message));
        None
    }
}

fn text_of(body: &Value, key: &str) -> String {
    body.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn list_of(body: &Value, key: &str) -> Vec<String> {
    body.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Sets `key` to `value`, or removes it when there is none (empty optionals are left out).
fn set(m: &mut Map<String, Value>, key: &str, value: Option<String>) {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => {
            m.insert(key.to_owned(), Value::String(v));
        }
        None => {
            m.remove(key);
        }
    }
}

fn set_list(m: &mut Map<String, Value>, key: &str, values: &[String]) {
    if values.is_empty() {
        m.remove(key);
    } else {
        let list = values.iter().map(|v| Value::String(v.clone())).collect();
        m.insert(key.to_owned(), Value::Array(list));
    }
}

/// The keys of a review, in the order the domain writer writes them.
const REVIEW_KEYS: [&str; 16] = [
    "id",
    "council",
    "kind",
    "roles",
    "started",
    "concluded",
    "outcome",
    "opinion_by",
    "reported_to",
    "evidence",
    "opinion",
    "working_well",
    "worried_about",
    "needs_to_happen",
    "actions",
    "approvals",
];

/// `m` with its keys in the writer's order (any other key after them, as it was).
fn ordered(m: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for k in REVIEW_KEYS {
        if let Some(v) = m.get(k) {
            out.insert(k.to_owned(), v.clone());
        }
    }
    for (k, v) in m {
        if !REVIEW_KEYS.contains(&k.as_str()) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// `wanted` in the order `old` had them, then the new ones in the order given, so that saving
/// an unchanged list changes nothing.
fn keep_order(old: &[String], wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = old.iter().filter(|o| wanted.contains(o)).cloned().collect();
    for w in wanted {
        if !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// Writes `body` as review `rid` of council `id`, based on version `base` (0: must be new).
async fn write<S: Store>(
    store: &S,
    user: &CurrentUser,
    id: &str,
    rid: &str,
    body: Value,
    base: i64,
) -> Result<(), StoreError> {
    service::apply_as(
        store,
        user,
        vec![Change::Put {
            table: "reviews".to_owned(),
            key: rid.to_owned(),
            council: Some(id.to_owned()),
            body,
            base: Some(base),
        }],
    )
    .await
    .map(|_| ())
}

/// What a refused write means on a form: the store's errors against the form's fields. `anchors`
/// maps the register's field names to the ids of the inputs that show them (a date's day box);
/// errors about anything the form does not show go to `fallback`. A database failure is ours,
/// not the user's, and is reported as such.
fn refused(
    err: StoreError,
    rid: &str,
    anchors: &[(&str, &str)],
    fallback: &str,
) -> Result<Vec<FieldError>, AppError> {
    if matches!(err, StoreError::Database(_) | StoreError::BadUrl(_)) {
        return Err(err.into());
    }
    Ok(store_errors(&err, "reviews", rid, fallback)
        .into_iter()
        .map(|mut e| {
            e.field = anchors
                .iter()
                .find(|(name, _)| *name == e.field)
                .map_or(fallback, |(_, anchor)| anchor)
                .to_owned();
            e
        })
        .collect())
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn page<T: Template>(errors: bool, page: &T) -> Response {
    let status = if errors {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, Html(render(page))).into_response()
}

/// `?done=...`: what the last form did, shown in a notification banner.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

impl DoneQuery {
    fn banner(&self) -> Option<&'static str> {
        Some(match self.done.as_deref()? {
            "created" => "Review started",
            "saved" => "Review updated",
            "action-added" => "Action added",
            "action-done" => "Action marked as done",
            "approval-added" => "Contributor or approver added",
            "signed-off" => "Sign-off recorded",
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The list.

#[derive(Debug)]
struct ListRow {
    id: String,
    kind: &'static str,
    roles: String,
    started: String,
    concluded: Option<String>,
    outcome: String,
    open_actions: usize,
    overdue_actions: usize,
    sign_off: String,
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ListPage {
    chrome: Chrome,
    council_id: String,
    council_name: String,
    rows: Vec<ListRow>,
    can_edit: bool,
}

pub(crate) async fn list<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Viewer).await?;
    let today = service::today();
    let mut reviews: Vec<&Review> = c
        .reg
        .reviews
        .iter()
        .filter(|r| r.council.as_str() == id)
        .collect();
    reviews.sort_by(|a, b| b.started.cmp(&a.started).then(a.id.cmp(&b.id)));
    let rows = reviews
        .into_iter()
        .map(|r| {
            let approvers: Vec<_> = r
                .approvals
                .iter()
                .filter(|a| a.kind == ApprovalKind::Approver)
                .collect();
            let received = approvers.iter().filter(|a| a.received.is_some()).count();
            let sign_off = match approvers.len() {
                0 => "No approvers yet".to_owned(),
                1 => format!("{received} of 1 approval received"),
                n => format!("{received} of {n} approvals received"),
            };
            ListRow {
                id: r.id.to_string(),
                kind: kind_words(r.kind),
                roles: r
                    .roles
                    .iter()
                    .map(|x| x.short())
                    .collect::<Vec<_>>()
                    .join(", "),
                started: long(r.started),
                concluded: r.concluded.map(long),
                outcome: r
                    .outcome
                    .map_or("Not yet decided", outcome_words)
                    .to_owned(),
                open_actions: r.actions.iter().filter(|a| a.is_open_on(today)).count(),
                overdue_actions: r
                    .actions
                    .iter()
                    .filter(|a| a.is_open_on(today) && a.due < today)
                    .count(),
                sign_off,
            }
        })
        .collect();
    Ok(page(
        false,
        &ListPage {
            chrome: Chrome::of(&user),
            can_edit: user.can(&id, Role::Editor),
            council_name: c.name,
            council_id: c.id,
            rows,
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// One review.

#[derive(Debug)]
struct DocView {
    title: String,
    url: Option<String>,
    kind: String,
    date: String,
}

#[derive(Debug)]
struct ActionView {
    n: usize,
    title: String,
    owner: String,
    due: String,
    done: Option<String>,
    overdue: bool,
}

#[derive(Debug)]
struct ApprovalView {
    n: usize,
    name: String,
    title: String,
    kind: &'static str,
    area: String,
    sent: String,
    received: Option<String>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    chrome: Chrome,
    council_id: String,
    council_name: String,
    id: String,
    kind: &'static str,
    roles: Vec<String>,
    started: String,
    concluded: Option<String>,
    outcome: Option<&'static str>,
    opinion_by: Option<String>,
    reported_to: Option<&'static str>,
    evidence: Vec<DocView>,
    opinion: Option<String>,
    working_well: Option<String>,
    worried_about: Option<String>,
    needs_to_happen: Option<String>,
    actions: Vec<ActionView>,
    approvals: Vec<ApprovalView>,
    can_edit: bool,
    can_sign_off: bool,
    banner: Option<&'static str>,
    today: DateBoxes,
    statement_at: String,
}

impl ReviewPage {
    /// A text as paragraphs (blank lines or line breaks separate them).
    fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

pub(crate) async fn show<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Viewer).await?;
    let r = c.review(&rid)?;
    let today = service::today();
    let evidence = r
        .evidence
        .iter()
        .map(|e| match c.reg.documents.iter().find(|d| d.id == *e) {
            Some(d) => DocView {
                title: if d.title.trim().is_empty() {
                    d.id.to_string()
                } else {
                    d.title.clone()
                },
                // Only web addresses become links (never `javascript:` and the like).
                url: d
                    .url
                    .clone()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                kind: document_words(d.kind),
                date: long(d.date),
            },
            None => DocView {
                title: e.to_string(),
                url: None,
                kind: String::new(),
                date: String::new(),
            },
        })
        .collect();
    let actions = r
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| ActionView {
            n: i + 1,
            title: a.title.clone(),
            owner: c.post_title(&a.owner),
            due: long(a.due),
            done: a.done.map(long),
            overdue: a.done.is_none() && a.due < today,
        })
        .collect();
    let approvals = r
        .approvals
        .iter()
        .enumerate()
        .map(|(i, a)| ApprovalView {
            n: i + 1,
            name: a.name.clone(),
            title: a.title.clone().unwrap_or_default(),
            kind: approval_words(a.kind),
            area: a.area.clone().unwrap_or_default(),
            sent: long(a.sent),
            received: a.received.map(long),
        })
        .collect();
    let review_page = ReviewPage {
        chrome: Chrome::of(&user),
        council_id: c.id.clone(),
        council_name: c.name.clone(),
        id: r.id.to_string(),
        kind: kind_words(r.kind),
        roles: r.roles.iter().map(|x| role_label(*x)).collect(),
        started: long(r.started),
        concluded: r.concluded.map(long),
        outcome: r.outcome.map(outcome_words),
        opinion_by: r.opinion_by.as_ref().map(|p| c.post_title(p)),
        reported_to: r.reported_to.map(reported_words),
        evidence,
        opinion: r.opinion.clone(),
        working_well: r.working_well.clone(),
        worried_about: r.worried_about.clone(),
        needs_to_happen: r.needs_to_happen.clone(),
        actions,
        approvals,
        can_edit: user.can(&id, Role::Editor),
        can_sign_off: user.can(&id, Role::Approver),
        banner: q.banner(),
        today: DateBoxes::of(today),
        statement_at: iso(r.concluded.unwrap_or(today)),
    };
    Ok(page(false, &review_page))
}

// ---------------------------------------------------------------------------------------------
// Starting and editing a review.

/// What the review form holds, as typed (or as stored, when the edit form opens).
#[derive(Clone, Debug, Default)]
struct ReviewInput {
    id: String,
    kind: String,
    roles: Vec<String>,
    started: DateBoxes,
    concluded: DateBoxes,
    outcome: String,
    opinion_by: String,
    reported_to: String,
    evidence: Vec<String>,
    opinion: String,
    working_well: String,
    worried_about: String,
    needs_to_happen: String,
    /// The version of the review the edit form was shown with.
    version: Option<i64>,
}

impl ReviewInput {
    fn from_fields(f: &Fields) -> Self {
        Self {
            id: f.get("id"),
            kind: f.get("kind"),
            roles: f.all("roles"),
            started: f.date("started"),
            concluded: f.date("concluded"),
            outcome: f.get("outcome"),
            opinion_by: f.get("opinion_by"),
            reported_to: f.get("reported_to"),
            evidence: f.all("evidence"),
            opinion: f.get("opinion"),
            working_well: f.get("working_well"),
            worried_about: f.get("worried_about"),
            needs_to_happen: f.get("needs_to_happen"),
            version: f.get("version").parse().ok(),
        }
    }

    fn from_stored(e: &StoredEntry) -> Self {
        let b = &e.body;
        Self {
            id: text_of(b, "id"),
            kind: text_of(b, "kind"),
            roles: list_of(b, "roles"),
            started: DateBoxes::of_text(&text_of(b, "started")),
            concluded: DateBoxes::of_text(&text_of(b, "concluded")),
            outcome: text_of(b, "outcome"),
            opinion_by: text_of(b, "opinion_by"),
            reported_to: text_of(b, "reported_to"),
            evidence: list_of(b, "evidence"),
            opinion: text_of(b, "opinion"),
            working_well: text_of(b, "working_well"),
            worried_about: text_of(b, "worried_about"),
            needs_to_happen: text_of(b, "needs_to_happen"),
            version: Some(e.version),
        }
    }

    /// The review's body: the form's checks, then `old` (the stored body when editing) with the
    /// form's fields set on it. Ids' uniqueness is checked by the caller, against the store.
    fn body(&self, c: &Council, old: Option<&Value>) -> Result<Value, Vec<FieldError>> {
        let editing = old.is_some();
        let mut errors = Vec::new();
        if !editing {
            if self.id.is_empty() {
                errors.push(FieldError::new("id", "Enter an id for the review"));
            } else if Id::parse(&self.id).is_none() {
                errors.push(FieldError::new(
                    "id",
                    "The id must start with a lower-case letter or a digit, and have only lower-case letters, digits, hyphens (-) and underscores (_)",
                ));
            } else if self.id == "new" {
                errors.push(FieldError::new(
                    "id",
                    "The id cannot be ‘new’: choose another, for example coventry-2025",
                ));
            }
        }
        if ReviewKind::parse(&self.kind).is_none() {
            errors.push(FieldError::new("kind", "Select the kind of review"));
        }
        if self.roles.is_empty() {
            errors.push(FieldError::new(
                "roles",
                "Select the statutory roles the review covers",
            ));
        } else if self
            .roles
            .iter()
            .any(|r| assure_domain::model::Role::parse(r).is_none())
        {
            errors.push(FieldError::new("roles", "Select roles from the list"));
        }
        let started = self.started.required(
            "started",
            "The date the review started",
            "Enter the date the review started",
            &mut errors,
        );
        let concluded = match self.concluded.read("The date the review concluded") {
            Ok(d) => d,
            Err(m) => {
                errors.push(FieldError::new("concluded-day", m));
                None
            }
        };
        if let (Some(s), Some(c)) = (started, concluded)
            && c < s
        {
            errors.push(FieldError::new(
                "concluded-day",
                format!(
                    "The date the review concluded must be the same as or after the date it started ({})",
                    long(s)
                ),
            ));
        }
        if !self.outcome.is_empty() && Outcome::parse(&self.outcome).is_none() {
            errors.push(FieldError::new(
                "outcome",
                "Select an outcome from the list",
            ));
        } else if concluded.is_some() && self.outcome.is_empty() {
            errors.push(FieldError::new(
                "outcome",
                "Select the outcome of the review, as it has concluded",
            ));
        }
        let old_text = |k: &str| old.map(|o| text_of(o, k)).unwrap_or_default();
        let old_list = |k: &str| old.map(|o| list_of(o, k)).unwrap_or_default();
        if !self.opinion_by.is_empty()
            && !c.is_post(&self.opinion_by)
            && self.opinion_by != old_text("opinion_by")
        {
            errors.push(FieldError::new(
                "opinion_by",
                "Select the post that gave the opinion from the list",
            ));
        }
        if !self.reported_to.is_empty() && ReportedTo::parse(&self.reported_to).is_none() {
            errors.push(FieldError::new(
                "reported_to",
                "Select where the review was reported from the list",
            ));
        }
        let old_evidence = old_list("evidence");
        if self
            .evidence
            .iter()
            .any(|e| !c.is_document(e) && !old_evidence.contains(e))
        {
            errors.push(FieldError::new(
                "evidence",
                "Select documents from the list",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut m = old.and_then(Value::as_object).cloned().unwrap_or_default();
        if !editing {
            set(&mut m, "id", Some(self.id.clone()));
        }
        set(&mut m, "council", Some(c.id.clone()));
        set(&mut m, "kind", Some(self.kind.clone()));
        let known = |r: &String| assure_domain::model::Role::parse(r);
        let roles: Vec<String> = assure_domain::model::Role::ALL
            .iter()
            .filter(|r| self.roles.iter().filter_map(known).any(|x| x == **r))
            .map(|r| r.as_str().to_owned())
            .collect();
        set_list(&mut m, "roles", &keep_order(&old_list("roles"), &roles));
        set(&mut m, "started", started.map(iso));
        if editing {
            set(&mut m, "concluded", concluded.map(iso));
            set(&mut m, "outcome", Some(self.outcome.clone()));
            set(&mut m, "opinion_by", Some(self.opinion_by.clone()));
        }
        set(&mut m, "reported_to", Some(self.reported_to.clone()));
        if editing {
            set_list(
                &mut m,
                "evidence",
                &keep_order(&old_evidence, &self.evidence),
            );
            set(&mut m, "opinion", Some(self.opinion.clone()));
            set(&mut m, "working_well", Some(self.working_well.clone()));
            set(&mut m, "worried_about", Some(self.worried_about.clone()));
            set(
                &mut m,
                "needs_to_happen",
                Some(self.needs_to_happen.clone()),
            );
        }
        Ok(ordered(&m))
    }
}

/// The register's field names on the review form, and the inputs that show them.
const REVIEW_ANCHORS: [(&str, &str); 13] = [
    ("id", "id"),
    ("kind", "kind"),
    ("roles", "roles"),
    ("started", "started-day"),
    ("concluded", "concluded-day"),
    ("outcome", "outcome"),
    ("opinion_by", "opinion_by"),
    ("reported_to", "reported_to"),
    ("evidence", "evidence"),
    ("opinion", "opinion"),
    ("working_well", "working_well"),
    ("worried_about", "worried_about"),
    ("needs_to_happen", "needs_to_happen"),
];

#[derive(Template)]
#[template(path = "review_form.html")]
struct ReviewFormPage {
    chrome: Chrome,
    council_name: String,
    /// Editing an existing review (all fields) rather than starting one (the first few).
    editing: bool,
    /// Where the form is sent, and where "Cancel" goes.
    action: String,
    back: String,
    errors: Vec<FieldError>,
    input: ReviewInput,
    kinds: Vec<Choice>,
    roles: Vec<Choice>,
    outcomes: Vec<Choice>,
    posts: Vec<Choice>,
    reported_to: Vec<Choice>,
    evidence: Vec<Choice>,
}

impl ReviewFormPage {
    fn new(
        user: &CurrentUser,
        c: &Council,
        rid: Option<&str>,
        input: ReviewInput,
        errors: Vec<FieldError>,
    ) -> Self {
        let kinds = ReviewKind::ALL
            .iter()
            .map(|k| {
                Choice::new(
                    k.as_str(),
                    kind_words(*k),
                    kind_hint(*k),
                    input.kind == k.as_str(),
                )
            })
            .collect();
        let roles = assure_domain::model::Role::ALL
            .iter()
            .map(|r| {
                Choice::new(
                    r.as_str(),
                    &role_label(*r),
                    "",
                    input.roles.iter().any(|x| x == r.as_str()),
                )
            })
            .collect();
        let mut outcomes: Vec<Choice> = Outcome::ALL
            .iter()
            .map(|o| {
                Choice::new(
                    o.as_str(),
                    outcome_words(*o),
                    "",
                    input.outcome == o.as_str(),
                )
            })
            .collect();
        outcomes.push(Choice::new(
            "",
            "Not decided yet",
            "",
            input.outcome.is_empty(),
        ));
        let mut posts = c.posts(&input.opinion_by, &input.opinion_by);
        posts.insert(
            0,
            Choice::new("", "Not given yet", "", input.opinion_by.is_empty()),
        );
        let mut reported_to: Vec<Choice> = ReportedTo::ALL
            .iter()
            .map(|r| {
                Choice::new(
                    r.as_str(),
                    reported_words(*r),
                    "",
                    input.reported_to == r.as_str(),
                )
            })
            .collect();
        reported_to.insert(
            0,
            Choice::new("", "Not decided yet", "", input.reported_to.is_empty()),
        );
        let mut docs: Vec<&assure_domain::model::Document> = c
            .reg
            .documents
            .iter()
            .filter(|d| d.council.as_str() == c.id || input.evidence.iter().any(|e| d.id == **e))
            .collect();
        docs.sort_by(|a, b| b.date.cmp(&a.date).then(a.title.cmp(&b.title)));
        let evidence = docs
            .iter()
            .map(|d| {
                Choice::new(
                    d.id.as_str(),
                    &d.title,
                    &format!("{}, {}", document_words(d.kind), long(d.date)),
                    input.evidence.iter().any(|e| d.id == **e),
                )
            })
            .collect();
        let (action, back) = match rid {
            Some(rid) => (format!("{}/edit", c.url(rid)), c.url(rid)),
            None => (
                format!("/councils/{}/reviews/new", c.id),
                format!("/councils/{}/reviews", c.id),
            ),
        };
        Self {
            chrome: Chrome::of(user),
            council_name: c.name.clone(),
            editing: rid.is_some(),
            action,
            back,
            errors,
            input,
            kinds,
            roles,
            outcomes,
            posts,
            reported_to,
            evidence,
        }
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }

    /// The error of the date input `prefix` (shown against its day box).
    fn date_error(&self, prefix: &str) -> Option<&str> {
        error_for(&self.errors, &format!("{prefix}-day"))
    }
}

pub(crate) async fn new_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    Ok(page(
        false,
        &ReviewFormPage::new(&user, &c, None, ReviewInput::default(), Vec::new()),
    ))
}

pub(crate) async fn create<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    let input = ReviewInput::from_fields(&Fields(fields));
    let mut result = input.body(&c, None);
    let taken = Id::parse(&input.id).is_some()
        && service::entry(&state.store, "reviews", &input.id)
            .await?
            .is_some();
    if taken {
        let error = FieldError::new(
            "id",
            format!(
                "There is already a review with the id {}: choose another",
                input.id
            ),
        );
        result = match result {
            Ok(_) => Err(vec![error]),
            Err(mut errors) => {
                errors.insert(0, error);
                Err(errors)
            }
        };
    }
    let errors = match result {
        Ok(body) => match write(&state.store, &user, &id, &input.id, body, 0).await {
            Ok(()) => {
                return Ok(see_other(&format!("{}?done=created", c.url(&input.id))));
            }
            Err(e) => refused(e, &input.id, &REVIEW_ANCHORS, "id")?,
        },
        Err(errors) => errors,
    };
    Ok(page(
        true,
        &ReviewFormPage::new(&user, &c, None, input, errors),
    ))
}

pub(crate) async fn edit_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    let stored = stored_review(&state.store, &id, &rid).await?;
    let input = ReviewInput::from_stored(&stored);
    Ok(page(
        false,
        &ReviewFormPage::new(&user, &c, Some(&rid), input, Vec::new()),
    ))
}

pub(crate) async fn update<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    let stored = stored_review(&state.store, &id, &rid).await?;
    let mut input = ReviewInput::from_fields(&Fields(fields));
    input.id = rid.clone();
    // A form sent without the version it was shown with (a script) is based on what is stored.
    let base = *input.version.get_or_insert(stored.version);
    let errors = match input.body(&c, Some(&stored.body)) {
        Ok(body) => match write(&state.store, &user, &id, &rid, body, base).await {
            Ok(()) => return Ok(see_other(&format!("{}?done=saved", c.url(&rid)))),
            Err(e) => refused(e, &rid, &REVIEW_ANCHORS, "kind")?,
        },
        Err(errors) => errors,
    };
    Ok(page(
        true,
        &ReviewFormPage::new(&user, &c, Some(&rid), input, errors),
    ))
}

// ---------------------------------------------------------------------------------------------
// Actions.

#[derive(Template)]
#[template(path = "review_action.html")]
struct ActionPage {
    chrome: Chrome,
    council_id: String,
    council_name: String,
    rid: String,
    errors: Vec<FieldError>,
    title: String,
    owners: Vec<Choice>,
    due: DateBoxes,
}

impl ActionPage {
    fn new(
        user: &CurrentUser,
        c: &Council,
        rid: &str,
        f: &Fields,
        errors: Vec<FieldError>,
    ) -> Self {
        let owner = f.get("owner");
        let mut owners = c.posts(&owner, "");
        owners.insert(0, Choice::new("", "Choose a post", "", owner.is_empty()));
        Self {
            chrome: Chrome::of(user),
            council_id: c.id.clone(),
            council_name: c.name.clone(),
            rid: rid.to_owned(),
            errors,
            title: f.get("title"),
            owners,
            due: f.date("due"),
        }
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }

    /// The error of the date input `prefix` (shown against its day box).
    fn date_error(&self, prefix: &str) -> Option<&str> {
        error_for(&self.errors, &format!("{prefix}-day"))
    }
}

pub(crate) async fn action_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    c.review(&rid)?;
    Ok(page(
        false,
        &ActionPage::new(&user, &c, &rid, &Fields::default(), Vec::new()),
    ))
}

pub(crate) async fn add_action<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    let stored = stored_review(&state.store, &id, &rid).await?;
    let f = Fields(fields);
    let (title, owner) = (f.get("title"), f.get("owner"));
    let mut errors = Vec::new();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter what needs to be done"));
    }
    if owner.is_empty() {
        errors.push(FieldError::new(
            "owner",
            "Select the post that owns the action",
        ));
    } else if !c.is_post(&owner) {
        errors.push(FieldError::new("owner", "Select a post from the list"));
    }
    let due = f.date("due").required(
        "due",
        "The date the action is due",
        "Enter the date the action is due",
        &mut errors,
    );
    if let (true, Some(due)) = (errors.is_empty(), due) {
        let mut body = stored.body.clone();
        let mut action = Map::new();
        set(&mut action, "title", Some(title));
        set(&mut action, "owner", Some(owner));
        set(&mut action, "due", Some(iso(due)));
        push_row(&mut body, "actions", action);
        match write(&state.store, &user, &id, &rid, body, stored.version).await {
            Ok(()) => return Ok(see_other(&format!("{}?done=action-added", c.url(&rid)))),
            Err(e) => {
                errors = refused(
                    e,
                    &rid,
                    &[("title", "title"), ("owner", "owner"), ("due", "due-day")],
                    "title",
                )?;
            }
        }
    }
    Ok(page(true, &ActionPage::new(&user, &c, &rid, &f, errors)))
}

/// Appends `row` to the array `key` of a review body, keeping the writer's key order.
fn push_row(body: &mut Value, key: &str, row: Map<String, Value>) {
    let Some(m) = body.as_object_mut() else {
        return;
    };
    match m.get_mut(key).and_then(Value::as_array_mut) {
        Some(rows) => rows.push(Value::Object(row)),
        None => {
            m.insert(key.to_owned(), Value::Array(vec![Value::Object(row)]));
        }
    }
    *body = ordered(m);
}

/// Sets `field` of row `n` (1-based) of the array `key` of a review body.
fn set_in_row(body: &mut Value, key: &str, n: usize, field: &str, value: String) {
    if let Some(row) = body
        .get_mut(key)
        .and_then(Value::as_array_mut)
        .and_then(|rows| rows.get_mut(n - 1))
        .and_then(Value::as_object_mut)
    {
        row.insert(field.to_owned(), Value::String(value));
    }
}

fn rows_of(body: &Value, key: &str) -> Vec<Value> {
    body.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A form of one date about one row: marking an action done, recording sign-off.
#[derive(Template)]
#[template(path = "review_date_form.html")]
struct DateFormPage {
    chrome: Chrome,
    council_id: String,
    council_name: String,
    rid: String,
    errors: Vec<FieldError>,
    heading: String,
    /// (label, value) rows describing the row the form is about.
    about: Vec<(&'static str, String)>,
    action: String,
    /// The date input's name prefix (and id prefix): `done` or `received`.
    field: &'static str,
    legend: &'static str,
    date: DateBoxes,
    button: &'static str,
}

impl DateFormPage {
    /// The error of the date input `prefix` (shown against its day box).
    fn date_error(&self, prefix: &str) -> Option<&str> {
        error_for(&self.errors, &format!("{prefix}-day"))
    }
}

/// Reads the required date `prefix` of a one-date form, with the form's own checks.
fn required_date(
    f: &Fields,
    prefix: &str,
    what: &str,
    empty: &str,
    not_before: Option<(Date, &str)>,
) -> Result<Date, Vec<FieldError>> {
    let anchor = format!("{prefix}-day");
    match f.date(prefix).read(what) {
        Ok(Some(d)) => match not_before {
            Some((earliest, why)) if d < earliest => Err(vec![FieldError::new(
                &anchor,
                format!(
                    "{what} must be the same as or after {why} ({})",
                    long(earliest)
                ),
            )]),
            _ => Ok(d),
        },
        Ok(None) => Err(vec![FieldError::new(&anchor, empty)]),
        Err(m) => Err(vec![FieldError::new(&anchor, m)]),
    }
}

fn done_page(
    user: &CurrentUser,
    c: &Council,
    rid: &str,
    n: usize,
    action: &Value,
    date: DateBoxes,
    errors: Vec<FieldError>,
) -> DateFormPage {
    let owner = Id::parse(&text_of(action, "owner"))
        .map(|o| c.post_title(&o))
        .unwrap_or_default();
    let due = assure_domain::date::parse_date(&text_of(action, "due"))
        .map(long)
        .unwrap_or_default();
    DateFormPage {
        chrome: Chrome::of(user),
        council_id: c.id.clone(),
        council_name: c.name.clone(),
        rid: rid.to_owned(),
        errors,
        heading: "Mark the action as done".to_owned(),
        about: vec![
            ("Action", text_of(action, "title")),
            ("Owner", owner),
            ("Due", due),
        ],
        action: format!("{}/actions/{n}/done", c.url(rid)),
        field: "done",
        legend: "When was it done?",
        date,
        button: "Mark as done",
    }
}

fn no_row(what: &str) -> AppError {
    AppError::NotFound(format!("This review has no such {what}."))
}

// ---------------------------------------------------------------------------------------------
// Contributors and approvers.

#[derive(Template)]
#[template(path = "review_approval.html")]
struct ApprovalPage {
    chrome: Chrome,
    council_id: String,
    council_name: String,
    rid: String,
    errors: Vec<FieldError>,
    name: String,
    title: String,
    kinds: Vec<Choice>,
    area: String,
    sent: DateBoxes,
}

impl ApprovalPage {
    fn new(
        user: &CurrentUser,
        c: &Council,
        rid: &str,
        f: &Fields,
        sent: DateBoxes,
        errors: Vec<FieldError>,
    ) -> Self {
        let kind = f.get("kind");
        Self {
            chrome: Chrome::of(user),
            council_id: c.id.clone(),
            council_name: c.name.clone(),
            rid: rid.to_owned(),
            errors,
            name: f.get("name"),
            title: f.get("title"),
            kinds: vec![
                Choice::new(
                    "contributor",
                    "Contributor",
                    "Contributes to the report",
                    kind == "contributor",
                ),
                Choice::new(
                    "approver",
                    "Approver",
                    "Approves the report for submission",
                    kind == "approver",
                ),
            ],
            area: f.get("area"),
            sent,
        }
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }

    /// The error of the date input `prefix` (shown against its day box).
    fn date_error(&self, prefix: &str) -> Option<&str> {
        error_for(&self.errors, &format!("{prefix}-day"))
    }
}

pub(crate) async fn approval_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    c.review(&rid)?;
    let sent = DateBoxes::of(service::today());
    Ok(page(
        false,
        &ApprovalPage::new(&user, &c, &rid, &Fields::default(), sent, Vec::new()),
    ))
}

pub(crate) async fn add_approval<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((id, rid)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = Council::load(&state, &user, &id, Role::Editor).await?;
    let stored = stored_review(&state.store, &id, &rid).await?;
    let f = Fields(fields);
    let (name, kind) = (f.get("name"), f.get("kind"));
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "Enter the name of the contributor or approver",
        ));
    }
    if ApprovalKind::parse(&kind).is_none() {
        errors.push(FieldError::new(
            "kind",
            "Select whether they are a contributor or an approver",
        ));
    }
    let sent = f.date("sent").required(
        "sent",
        "The date the report was sent",
        "Enter the date the report was sent to them",
        &mut errors,
    );
    if let (true, Some(sent)) = (errors.is_empty(), sent) {
        let mut body = stored.body.clone();
        let mut row = Map::new();
        set(&mut row, "name", Some(name));
        set(&mut row, "title", Some(f.get("title")));
        set(&mut row, "kind", Some(kind));
        set(&mut row, "area", Some(f.get("area")));
        set(&mut row, "sent", Some(iso(sent)));
        push_row(&mut body, "approvals", row);
        match write(&state.store, &user, &id, &rid, body, stored.version).await {
            Ok(()) => {
                return Ok(see_other(&format!("{}?done=approval-added", c.url(&rid))));
            }
            Err(e) => {
                errors = refused(
                    e,
                    &rid,
                    &[
                        ("name", "name"),
                        ("title", "title"),
                        ("kind", "kind"),
                        ("area", "area"),
                        ("sent", "sent-day"),
                    ],
                    "name",
                )?;
            }
        }
    }
    Ok(page(
        true,
        &ApprovalPage::new(&user, &c, &rid, &f, f.date("sent"), errors),
    ))
}

fn sign_off_page(
    user: &CurrentUser,
    c: &Council,
    rid: &str,
    n: usize,
    row: &Value,
    date: DateBoxes,
    errors: Vec<FieldError>,
) -> DateFormPage {
    let kind = ApprovalKind::parse(&text_of(row, "kind")).map_or("", approval_words);
    let sent = assure_domain::date::parse_date(&text_of(row, "sent"))
        .map(long)
        .unwrap_or_default();
    let mut about = vec![("Name", text_of(row, "name"))];
    for (label, key) in [("Title", "title"), ("Area", "area")] {
        let v = text_of(row, key);
        if !v.is_empty() {
            about.push((label, v));
        }
    }
    about.push(("Kind", kind.to_owned()));
    about.push(("Sent", sent));
    DateFormPage {
        chrome: Chrome::of(user),
        council_id: c.id.clone(),
        council_name: c.name.clone(),
        rid: rid.to_owned(),
        errors,
        heading: format!("Record sign-off by {}", text_of(row, "name")),
        about,
        action: format!("{}/approvals/{n}/sign-off", c.url(rid)),
        field: "received",
        legend: "When was their response or approval received?",
        date,
        button: "Record sign-off",
    }
}

/// Setting one date on one row of a review: an action's `done`, an approval's `received`.
struct RowDate {
    /// The array of the review body (`actions`, `approvals`).
    array: &'static str,
    /// What a row is called in the "no such" message.
    what: &'static str,
    /// The date field set, and the prefix of its date input.
    field: &'static str,
    /// Who may set it.
    role: Role,
    /// The date's name in error messages, and the message when it is empty.
    label: &'static str,
    empty: &'static str,
    /// A field of the row the date may not be before, and its name in the message.
    not_before: Option<(&'static str, &'static str)>,
    /// The banner shown after it is set (`?done=`).
    done: &'static str,
    /// The form page.
    page:
        fn(&CurrentUser, &Council, &str, usize, &Value, DateBoxes, Vec<FieldError>) -> DateFormPage,
}

const ACTION_DONE: RowDate = RowDate {
    array: "actions",
    what: "action",
    field: "done",
    role: Role::Editor,
    label: "The date the action was done",
    empty: "Enter the date the action was done",
    not_before: None,
    done: "action-done",
    page: done_page,
};

const SIGN_OFF: RowDate = RowDate {
    array: "approvals",
    what: "contributor or approver",
    field: "received",
    role: Role::Approver,
    label: "The date it was received",
    empty: "Enter the date their response or approval was received",
    not_before: Some(("sent", "the date the report was sent")),
    done: "signed-off",
    page: sign_off_page,
};

impl RowDate {
    /// The form, with the row's date (today when it has none).
    async fn form<S: Store + Accounts>(
        &self,
        state: &AppState<S>,
        user: &CurrentUser,
        (id, rid, n): (String, String, String),
    ) -> Result<Response, AppError> {
        let c = Council::load(state, user, &id, self.role).await?;
        let stored = stored_review(&state.store, &id, &rid).await?;
        let rows = rows_of(&stored.body, self.array);
        let n = position(&n, rows.len()).ok_or_else(|| no_row(self.what))?;
        let row = &rows[n - 1];
        let date = assure_domain::date::parse_date(&text_of(row, self.field))
            .unwrap_or_else(service::today);
        Ok(page(
            false,
            &(self.page)(user, &c, &rid, n, row, DateBoxes::of(date), Vec::new()),
        ))
    }

    /// Sets the date, or shows the form again with what is wrong.
    async fn post<S: Store + Accounts>(
        &self,
        state: &AppState<S>,
        user: &CurrentUser,
        (id, rid, n): (String, String, String),
        fields: Vec<(String, String)>,
    ) -> Result<Response, AppError> {
        let c = Council::load(state, user, &id, self.role).await?;
        let stored = stored_review(&state.store, &id, &rid).await?;
        let rows = rows_of(&stored.body, self.array);
        let n = position(&n, rows.len()).ok_or_else(|| no_row(self.what))?;
        let row = &rows[n - 1];
        let f = Fields(fields);
        let not_before = self.not_before.and_then(|(key, name)| {
            assure_domain::date::parse_date(&text_of(row, key)).map(|d| (d, name))
        });
        let errors = match required_date(&f, self.field, self.label, self.empty, not_before) {
            Ok(date) => {
                let mut body = stored.body.clone();
                set_in_row(&mut body, self.array, n, self.field, iso(date));
                let anchor = format!("{}-day", self.field);
                match write(&state.store, user, &id, &rid, body, stored.version).await {
                    Ok(()) => {
                        return Ok(see_other(&format!("{}?done={}", c.url(&rid), self.done)));
                    }
                    Err(e) => refused(e, &rid, &[], &anchor)?,
                }
            }
            Err(errors) => errors,
        };
        Ok(page(
            true,
            &(self.page)(user, &c, &rid, n, row, f.date(self.field), errors),
        ))
    }
}

pub(crate) async fn done_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(path): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    ACTION_DONE.form(&state, &user, path).await
}

pub(crate) async fn mark_done<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(path): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    ACTION_DONE.post(&state, &user, path, fields).await
}

pub(crate) async fn sign_off_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(path): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    SIGN_OFF.form(&state, &user, path).await
}

pub(crate) async fn sign_off<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(path): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    SIGN_OFF.post(&state, &user, path, fields).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_review_body_keeps_the_writers_key_order() {
        let m = json!({"actions": [], "kind": "audit", "id": "x", "extra": 1, "council": "c"});
        let keys: Vec<String> = ordered(m.as_object().expect("object"))
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["id", "council", "kind", "actions", "extra"]);
    }

    #[test]
    fn a_kept_list_keeps_its_old_order_and_adds_new_items_at_the_end() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            keep_order(
                &s(&["dcs", "dass", "lmcs"]),
                &s(&["dcs", "lmcs", "dass", "dph"])
            ),
            s(&["dcs", "dass", "lmcs", "dph"])
        );
        assert_eq!(keep_order(&s(&["a", "b"]), &s(&["b"])), s(&["b"]));
    }

    #[test]
    fn a_row_position_is_one_based_and_within_the_rows() {
        assert_eq!(position("1", 2), Some(1));
        assert_eq!(position("2", 2), Some(2));
        assert_eq!(position("0", 2), None);
        assert_eq!(position("3", 2), None);
        assert_eq!(position("x", 2), None);
    }
}
