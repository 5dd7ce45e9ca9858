//! The JSON API under `/api/v1`, described by OpenAPI 3.1 at `/api/openapi.json` and browsable
//! with Swagger UI at `/api/docs`.
//!
//! Every endpoint needs a caller ([`ApiUser`]: an `Authorization: Bearer` token, or the browser
//! session) with a role in the council: viewer to read, editor to write. Callers without any role
//! in a council are told it does not exist (404), as the pages do. Errors are JSON,
//! `{"error": "..."}`, with the status saying what kind ([`ApiError`]); a change that would leave
//! the register invalid answers 422 with `errors`, one `{field, message}` per problem.
//!
//! The shapes follow the CLI (DESIGN.md §6): findings are what `assure check --format json`
//! prints, a timeline what `assure timeline --format json` prints, register entries their
//! `assure/v1` JSON objects with the version the store holds. The wire types here derive their
//! OpenAPI schemas, and are built from the rules' and store's types by exhaustive conversions, so
//! the document cannot drift from what is sent.
//!
//! **Register entries** are addressed by table and key. A key is the writer's stable key: the
//! entry's id, or its fact id
//! (`designation:coventry/dcs/cov-director-childrens-services/2019-04-01`, with `#2`... for
//! repeats), so it holds `:`, `/` and perhaps `#`. Send it percent-encoded, as any path
//! parameter; the route takes the rest of the path, so unencoded `/` and `:` work too (`#` must
//! always be encoded, or it starts the fragment). A write must name the version it is based on
//! (`base`, `0` to create): a stale one is a 409 and nothing changes.
//!
//! **Which entries are a council's.** An entry belongs to the council the writer assigns it
//! (DESIGN.md §4). People, organisations that are not councils, and those organisations' posts
//! and appointments are *shared*: a council's register shows the shared entries its own entries
//! lead to (the people appointed to its posts, its councillors, the organisations and posts on
//! its boards), and shared entries nothing refers to yet (a person just added). Those can be read
//! and written through that council; others answer 404.

use crate::auth::{ApiUser, Principal};
use crate::service;
use crate::{AppError, AppState};
use assure_domain::Date;
use assure_domain::reader::InputError;
use assure_domain::writer::TABLES;
use assure_store::{
    Accounts, Change, Role, Store, StoreError, Version, register_of as read_register,
};
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Where the OpenAPI document is served.
pub(crate) const OPENAPI_PATH: &str = "/api/openapi.json";
/// Where Swagger UI is served.
pub(crate) const DOCS_PATH: &str = "/api/docs";

/// The routes of this part of the application.
pub(crate) fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> crate::Routes<S>
{
    // Made once: the document is the same for every request. It cannot fail to serialise (its
    // maps have string keys); if it ever did, the answer says so.
    let doc = Bytes::from(serde_json::to_vec(&openapi()).unwrap_or_else(|e| {
        format!("{{\"error\": \"the OpenAPI document does not serialise: {e}\"}}").into_bytes()
    }));
    // Swagger UI runs under the application's own policy (no inline script or style): its page
    // loads only files, and of its layouts only the standalone one's top bar (a logo carrying a
    // `<style>` element) needs inline style, so it gets the base layout. Checked in Chromium
    // with every operation and model expanded: no violations. The online validator is off, so
    // the page never calls out.
    let docs = Router::from(
        utoipa_swagger_ui::SwaggerUi::new(DOCS_PATH).config(
            utoipa_swagger_ui::Config::from(OPENAPI_PATH)
                .use_base_layout()
                .validator_url("none")
                .try_it_out_enabled(false),
        ),
    );
    const ENTRY: &str = "/api/v1/councils/{id}/register/{table}/{*key}";
    crate::Routes::new()
        .get(OPENAPI_PATH, move || async move {
            ([(header::CONTENT_TYPE, "application/json")], doc)
        })
        .get("/api/v1/councils", councils::<S>)
        .get("/api/v1/councils/{id}/findings", findings::<S>)
        .get("/api/v1/councils/{id}/timeline", timeline::<S>)
        .get("/api/v1/councils/{id}/register", register::<S>)
        .get(ENTRY, entry::<S>)
        .put(ENTRY, put_entry::<S>)
        .delete(ENTRY, delete_entry::<S>)
        .get("/api/v1/councils/{id}/reviews", reviews::<S>)
        .get("/api/v1/councils/{id}/reviews/{rid}", review::<S>)
        .get("/api/v1/councils/{id}/reports/{kind}", report::<S>)
        .any("/api/v1", no_such_endpoint)
        .any("/api/v1/{*rest}", no_such_endpoint)
        // The routes SwaggerUi::new(DOCS_PATH) makes (utoipa-swagger-ui's `axum.rs`).
        .foreign(
            docs,
            &[
                (Method::GET, "/api/docs"),
                (Method::GET, "/api/docs/"),
                (Method::GET, "/api/docs/{*rest}"),
            ],
        )
}

/// The OpenAPI document of this API.
pub(crate) fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Assure API",
        description = "Who holds English councils' statutory roles, over time, checked against \
                       statute and statutory guidance. Send an API token as \
                       `Authorization: Bearer TOKEN` (or use the web application's session for \
                       reading). A council's viewers may read it, its editors change its register.",
    ),
    paths(
        councils,
        findings,
        timeline,
        register,
        entry,
        put_entry,
        delete_entry,
        reviews,
        review,
        report
    ),
    components(schemas(Table, ReportKind, ReportFormat)),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "councils", description = "Councils and how they stand against the rules"),
        (name = "register", description = "The register's entries, in the assure/v1 format"),
        (name = "reviews", description = "Reviews of the arrangements and the reports on them"),
    )
)]
struct ApiDoc;

/// Adds the two ways of calling the API to the document.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token, made by an administrator with `assure user token USERNAME`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::SESSION_COOKIE,
                "The web application's session, after signing in. Changes made this way also \
                 need the session's CSRF token in `X-CSRF-Token`.",
            ))),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// An error of the API, sent as `{"error": "...", "errors": [...]}`.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// What the pages answer too (400 bad input, 401 no caller, 403 role too low, 404 no such
    /// thing or no access, 429, 500), as JSON.
    App(AppError),
    /// The change was based on a version that is no longer current (409). Nothing was written.
    Conflict(String),
    /// The change would leave the register invalid (422): each error names the entry and field.
    /// Nothing was written.
    Invalid(Vec<InputError>),
    /// The request body is not JSON (415).
    UnsupportedMediaType(String),
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// What went wrong, for a person to read.
    error: String,
    /// With 422: each problem of the register the change would make.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldError>,
}

/// One problem of a register, named by entry and field.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FieldError {
    /// The entry and field: ``designations `designation:coventry/dcs/x/2019-04-01`.post``.
    field: String,
    message: String,
}

const UNAUTHORIZED: &str = "Send an API token as `Authorization: Bearer TOKEN`, or sign in.";

impl ApiError {
    fn bad_request(message: impl Into<String>) -> Self {
        Self::App(AppError::BadRequest(message.into()))
    }

    fn not_found(message: impl Into<String>) -> Self {
        Self::App(AppError::NotFound(message.into()))
    }

    fn status_code(&self) -> StatusCode {
        match self {
            Self::App(e) => e.status_code(),
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let (error, errors) = match self {
            Self::App(AppError::Unauthorized) => (UNAUTHORIZED.to_owned(), Vec::new()),
            Self::App(AppError::Internal(cause)) => {
                eprintln!("assure: internal error: {cause}");
                (
                    "Sorry, there is a problem with the service. Try again later.".to_owned(),
                    Vec::new(),
                )
            }
            Self::App(
                AppError::NotFound(m)
                | AppError::BadRequest(m)
                | AppError::Forbidden(m)
                | AppError::TooManyRequests(m)
                | AppError::Unavailable(m),
            )
            | Self::Conflict(m)
            | Self::UnsupportedMediaType(m) => (m, Vec::new()),
            Self::Invalid(list) => (
                "The change would leave the register invalid; nothing was changed.".to_owned(),
                list.into_iter()
                    .map(|e| FieldError {
                        field: e.field,
                        message: e.message,
                    })
                    .collect(),
            ),
        };
        let mut response = (status, Json(ErrorBody { error, errors })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// `e` answered as the API answers errors (JSON), for the layers in front of the API's handlers.
pub(crate) fn error_response(e: AppError) -> Response {
    ApiError::App(e).into_response()
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } | StoreError::Exists { .. } => {
                Self::Conflict(e.to_string())
            }
            StoreError::NotFound { .. } => Self::not_found(e.to_string()),
            StoreError::Invalid(errors) => Self::Invalid(errors),
            StoreError::Unwritable(_) => Self::App(e.into()),
            StoreError::BadUrl(_) | StoreError::Database(_) => {
                Self::App(AppError::Internal(e.to_string()))
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        Self::bad_request(e.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        Self::bad_request(e.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        match e {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType(
                "Send the body as JSON, with `Content-Type: application/json`.".to_owned(),
            ),
            other => Self::bad_request(other.body_text()),
        }
    }
}

async fn no_such_endpoint() -> ApiError {
    ApiError::not_found(format!(
        "There is no such endpoint. The endpoints are described at {OPENAPI_PATH}."
    ))
}

/// The caller, with a JSON 401 when there is none.
struct Caller(Principal);

impl<S: Store + Accounts + Clone + 'static> FromRequestParts<AppState<S>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, ApiError> {
        let ApiUser(principal) = ApiUser::from_request_parts(parts, state).await?;
        Ok(Self(principal))
    }
}

// ---------------------------------------------------------------------------------------------
// Wire types.

/// A council and how it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Council {
    #[schema(example = "coventry")]
    id: String,
    #[schema(example = "Coventry City Council")]
    name: String,
    /// The kind of council, in words: `metropolitan district`, `county`...
    kind: String,
    /// Duties in law (`must` rules) failing today.
    must_failing: usize,
    /// Statutory guidance (`should` rules) not followed today, without a recorded departure.
    should_failing: usize,
    /// Time-bound expectations not yet met (`due`).
    due: usize,
    /// Statutory roles held on an interim basis today.
    interim_roles: usize,
}

impl From<service::CouncilSummary> for Council {
    fn from(c: service::CouncilSummary) -> Self {
        Self {
            id: c.id,
            name: c.name,
            kind: c.kind,
            must_failing: c.must_failing,
            should_failing: c.should_failing,
            due: c.due,
            interim_roles: c.interim_roles,
        }
    }
}

/// How binding a rule is (DESIGN.md §5).
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Level {
    /// A duty in an Act or regulations: a failure is a breach.
    Must,
    /// Statutory guidance: follow unless there is a recorded good reason.
    Should,
    GoodPractice,
    /// The quality of the record.
    Data,
}

impl From<assure_rules::Level> for Level {
    fn from(l: assure_rules::Level) -> Self {
        match l {
            assure_rules::Level::Must => Self::Must,
            assure_rules::Level::Should => Self::Should,
            assure_rules::Level::GoodPractice => Self::GoodPractice,
            assure_rules::Level::Data => Self::Data,
        }
    }
}

/// The status of a rule on a day (DESIGN.md §5).
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Pass,
    Fail,
    /// A time-bound expectation not yet failed.
    Due,
    /// A `should` failure with a recorded, dated departure in force.
    Accepted,
    /// Not in force, the wrong kind of council, or nothing to check.
    NotApplicable,
    /// The register lacks a fact the rule needs (the message says which).
    Unknown,
}

impl From<assure_rules::Status> for Status {
    fn from(s: assure_rules::Status) -> Self {
        use assure_rules::Status as S;
        match s {
            S::Pass => Self::Pass,
            S::Fail => Self::Fail,
            S::Due => Self::Due,
            S::Accepted => Self::Accepted,
            S::NotApplicable => Self::NotApplicable,
            S::Unknown => Self::Unknown,
        }
    }
}

/// The result of one rule for one council on one day.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Finding {
    #[schema(example = "dcs_designated")]
    rule: String,
    level: Level,
    status: Status,
    /// One line in plain English naming the posts and people involved.
    message: String,
    #[schema(example = "Children Act 2004 s18(1)")]
    citation: String,
    /// The ids of the facts used (informational).
    facts: Vec<String>,
}

impl From<assure_rules::Finding> for Finding {
    fn from(f: assure_rules::Finding) -> Self {
        Self {
            rule: f.rule,
            level: f.level.into(),
            status: f.status.into(),
            message: f.message,
            citation: f.citation,
            facts: f.facts,
        }
    }
}

/// Every rule's result for a council on a day: what `assure check --format json` prints.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Findings {
    at: Date,
    /// One council: the one asked about.
    councils: Vec<CouncilFindings>,
}

/// One council's results, one per rule in catalogue order.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CouncilFindings {
    id: String,
    results: Vec<Finding>,
}

/// One maximal interval over which a rule's status did not change.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Interval {
    rule: String,
    status: Status,
    from: Date,
    /// The last day, inclusive; `null` when the status holds on (no `to` was asked for).
    to: Option<Date>,
}

impl From<assure_rules::Span> for Interval {
    fn from(s: assure_rules::Span) -> Self {
        Self {
            rule: s.rule,
            status: s.status.into(),
            from: s.from,
            to: s.to,
        }
    }
}

/// Each rule's status over a period: what `assure timeline --format json` prints.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Timeline {
    from: Date,
    to: Option<Date>,
    /// One council: the one asked about.
    councils: Vec<CouncilTimeline>,
}

/// One council's intervals, rule by rule.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CouncilTimeline {
    id: String,
    intervals: Vec<Interval>,
}

/// The tables of `assure/v1` (DESIGN.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Table {
    Organisations,
    People,
    Posts,
    Appointments,
    Designations,
    ReportingLines,
    Responsibilities,
    Delivery,
    Bodies,
    Memberships,
    Documents,
    Events,
    Reviews,
    Departures,
}

impl Table {
    const ALL: [Self; 14] = [
        Self::Organisations,
        Self::People,
        Self::Posts,
        Self::Appointments,
        Self::Designations,
        Self::ReportingLines,
        Self::Responsibilities,
        Self::Delivery,
        Self::Bodies,
        Self::Memberships,
        Self::Documents,
        Self::Events,
        Self::Reviews,
        Self::Departures,
    ];

    /// The table's name, as in files and URLs.
    fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(Value::String(s)) => s,
            _ => String::new(),
        }
    }

    /// The table named `name`, or 404.
    fn named(name: &str) -> Result<Self, ApiError> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "There is no table {name}. The tables are {}.",
                    TABLES.join(", ")
                ))
            })
    }
}

/// One current entry of the register.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Entry {
    #[schema(value_type = Table)]
    table: String,
    /// The entry's stable key: its id, or its fact id.
    #[schema(example = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01")]
    key: String,
    /// 1 for the first version, one more for each change: send it as `base` to change the entry.
    version: i64,
    /// The entry as its `assure/v1` JSON object.
    #[schema(value_type = Object)]
    body: Value,
}

impl Entry {
    fn of(v: &Version) -> Self {
        Self {
            table: v.table.clone(),
            key: v.key.clone(),
            version: v.version,
            body: v.body.clone(),
        }
    }
}

/// A new or changed entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "body": {
        "council": "coventry",
        "role": "dcs",
        "post": "cov-director-childrens-services",
        "from": "2019-04-01",
        "to": "2023-06-29",
        "basis": "permanent",
        "decision": "Cabinet 2019-02-12 (Revised Safeguarding Arrangements and Local Assurance Framework)"
    },
    "base": 1
}))]
pub(crate) struct PutEntry {
    /// The entry as its `assure/v1` JSON object.
    #[schema(value_type = Object)]
    body: Value,
    /// The version the change is based on: `0` to create the entry, else its current version.
    #[schema(minimum = 0)]
    #[serde(deserialize_with = "whole_number")]
    base: i64,
}

/// A JSON number with no fractional part, as JSON Schema's `integer` is: `3.0` is 3. (serde
/// alone refuses `3.0` for an `i64`, which clients that write every number as a float send.)
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    n.as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && (-9.0e18..=9.0e18).contains(f))
                // Whole and within range: the conversion is exact.
                .map(|f| f as i64)
        })
        .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, not {n}")))
}

/// What a write did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Written {
    /// The entry's key.
    key: String,
    /// The entry's version now.
    version: i64,
    /// Things recorded that the rules will report (overlapping designations of one role).
    warnings: Vec<String>,
}

/// The reports Assure writes (DESIGN.md §2.4).
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ReportKind {
    /// A Statement of Assurance to Council.
    Statement,
    /// The Assurance Document.
    AssuranceDocument,
    /// A Cabinet report with the Assurance Document as its appendix.
    CabinetReport,
}

/// The formats a report can be had in.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ReportFormat {
    Pdf,
    Docx,
    Html,
    Md,
}

// ---------------------------------------------------------------------------------------------
// Query parameters.

/// `?at=YYYY-MM-DD`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AtParams {
    /// The day to check, `YYYY-MM-DD`; today (in the UK) when left out.
    #[param(value_type = Option<String>, format = Date, example = "2019-02-12")]
    at: Option<String>,
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeriodParams {
    /// The first day; the council's first dated fact when left out.
    #[param(value_type = Option<String>, format = Date, example = "2013-09-01")]
    from: Option<String>,
    /// The last day, inclusive; open-ended (the last interval's `to` is `null`) when left out.
    #[param(value_type = Option<String>, format = Date, example = "2023-12-31")]
    to: Option<String>,
}

/// `?base=N`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct BaseParams {
    /// The entry's current version (what a read gave): a stale one is refused with 409.
    #[param(minimum = 1)]
    base: i64,
}

/// `?at=YYYY-MM-DD&format=...&review=ID`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReportParams {
    /// The day the report speaks at; today (in the UK) when left out.
    #[param(value_type = Option<String>, format = Date, example = "2019-02-12")]
    at: Option<String>,
    /// The document's format.
    #[param(value_type = ReportFormat)]
    format: String,
    /// A review of the council to report on (its opinion, actions and approvals).
    #[param(example = "coventry-2017")]
    review: Option<String>,
}

/// The date in query parameter `name`, if it is there. An empty value is not a date: the
/// document promises `format: date`, and a client sending `?at=` has lost its date somewhere,
/// so it is told rather than answered for today.
fn date(name: &str, text: Option<&str>) -> Result<Option<Date>, ApiError> {
    match text {
        None => Ok(None),
        Some(t) => assure_domain::date::parse_date(t).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`{name}` must be a real date as YYYY-MM-DD, for example 2019-02-12, not `{t}`."
            ))
        }),
    }
}

fn no_council(id: &str) -> ApiError {
    ApiError::not_found(format!("There is no council with the id {id}."))
}

// ---------------------------------------------------------------------------------------------
// The register as stored, and which entries are a council's.

/// The register's current versions and the councils in it.
struct Stored {
    versions: Arc<[Version]>,
    councils: HashSet<String>,
}

impl Stored {
    /// The register as stored now, refused unless `id` is a council in it.
    async fn load<S: Store>(state: &AppState<S>, id: &str) -> Result<Self, ApiError> {
        let snapshot = service::snapshot(state).await?;
        let councils: HashSet<String> = snapshot
            .register()
            .councils()
            .map(|c| c.id.to_string())
            .collect();
        if !councils.contains(id) {
            return Err(no_council(id));
        }
        Ok(Self {
            versions: Arc::clone(&snapshot.versions),
            councils,
        })
    }

    /// The council an entry belongs to, if any (else it is shared).
    fn home<'a>(&self, council: Option<&'a str>) -> Option<&'a str> {
        council.filter(|c| self.councils.contains(*c))
    }

    fn find(&self, table: &str, key: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.table == table && v.key == key)
    }

    /// Council `id`'s register: its own entries and the shared ones they lead to (see the
    /// module notes), in the order of [`TABLES`], then as stored.
    fn scope(&self, id: &str) -> Vec<&Version> {
        let mut inside: Vec<bool> = self
            .versions
            .iter()
            .map(|v| self.home(v.council.as_deref()) == Some(id))
            .collect();
        let referenced: HashSet<&str> = self.versions.iter().flat_map(|v| refs(&v.body)).collect();
        loop {
            let (ids, wanted): (HashSet<&str>, HashSet<&str>) = {
                let chosen = || {
                    self.versions
                        .iter()
                        .zip(&inside)
                        .filter(|(_, i)| **i)
                        .map(|(v, _)| v)
                };
                (
                    chosen().filter_map(|v| own_id(&v.body)).collect(),
                    chosen().flat_map(|v| refs(&v.body)).collect(),
                )
            };
            let mut grew = false;
            for (v, i) in self.versions.iter().zip(inside.iter_mut()) {
                if *i || self.home(v.council.as_deref()).is_some() {
                    continue;
                }
                let pulled = match own_id(&v.body) {
                    Some(own) => {
                        wanted.contains(own)
                            || !referenced.contains(own)
                            || councillor_of(&v.body).any(|c| c == id)
                    }
                    None => ["post", "body"]
                        .iter()
                        .filter_map(|f| v.body.get(*f).and_then(Value::as_str))
                        .any(|x| ids.contains(x)),
                };
                if pulled {
                    *i = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let mut out: Vec<&Version> = self
            .versions
            .iter()
            .zip(&inside)
            .filter(|(_, i)| **i)
            .map(|(v, _)| v)
            .collect();
        out.sort_by_key(|v| TABLES.iter().position(|t| *t == v.table));
        out
    }

    /// The entry `key` of `table` as council `id` sees it, or 404.
    fn entry_of(&self, id: &str, table: &str, key: &str) -> Result<&Version, ApiError> {
        let missing = || ApiError::not_found(format!("There is no {table} entry `{key}` in {id}."));
        let v = self.find(table, key).ok_or_else(missing)?;
        let visible = match self.home(v.council.as_deref()) {
            Some(c) => c == id,
            None => self
                .scope(id)
                .iter()
                .any(|s| s.table == table && s.key == key),
        };
        if visible { Ok(v) } else { Err(missing()) }
    }

    /// The key and council the writer gives `body` in `table` once written at `key` (its
    /// place in the register kept), and the council it then belongs to, or why the register
    /// would then be invalid.
    fn derive(&self, table: &str, key: &str, body: &Value) -> Result<Derived, ApiError> {
        let mut list: Vec<(&str, &str, &Value)> = self
            .versions
            .iter()
            .map(|v| (v.table.as_str(), v.key.as_str(), &v.body))
            .collect();
        match list.iter().position(|(t, k, _)| *t == table && *k == key) {
            Some(i) => list[i].2 = body,
            None => list.push((table, key, body)),
        }
        let reg = read_register(list.iter().copied()).map_err(ApiError::Invalid)?;
        let is_council =
            |c: &Option<String>| reg.councils().any(|o| Some(o.id.as_str()) == c.as_deref());
        // The reader keeps each table's entries in the order given, and the writer gives them
        // back in that order: the n-th of the table is this one.
        let nth = list
            .iter()
            .filter(|(t, _, _)| *t == table)
            .position(|(_, k, _)| *k == key);
        nth.and_then(|n| {
            assure_domain::writer::entries(&reg)
                .into_iter()
                .filter(|e| e.table == table)
                .nth(n)
        })
        .map(|e| {
            let home = e.council.clone().filter(|_| is_council(&e.council));
            (e.key, e.council, home)
        })
        .ok_or_else(|| AppError::Internal(format!("{table} `{key}` not written back")).into())
    }
}

/// An entry's key, its council as stored, and the council it belongs to (`None`: shared).
type Derived = (String, Option<String>, Option<String>);

/// The fields by which an entry refers to people, posts, organisations and bodies.
const REFERENCE_FIELDS: [&str; 7] = [
    "person",
    "post",
    "org",
    "provider",
    "employer",
    "body",
    "reports_to",
];

fn refs(body: &Value) -> impl Iterator<Item = &str> {
    REFERENCE_FIELDS
        .iter()
        .filter_map(|f| body.get(*f).and_then(Value::as_str))
}

fn own_id(body: &Value) -> Option<&str> {
    body.get("id").and_then(Value::as_str)
}

/// The councils a person's councillor periods are with.
fn councillor_of(body: &Value) -> impl Iterator<Item = &str> {
    body.get("councillor")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("council").and_then(Value::as_str))
}

/// A key without the `#2`, `#3`... that tells repeats of one fact apart.
fn unrepeated(key: &str) -> &str {
    key.split_once('#').map_or(key, |(k, _)| k)
}

// ---------------------------------------------------------------------------------------------
// Handlers.

/// The councils the caller may see, and how each stands today.
#[utoipa::path(
    get,
    path = "/api/v1/councils",
    operation_id = "list_councils",
    tag = "councils",
    responses(
        (status = 200, description = "The councils the caller has a role in", body = Vec<Council>),
        (status = 401, description = "No API token or session", body = ErrorBody),
    )
)]
async fn councils<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
) -> Result<Json<Vec<Council>>, ApiError> {
    let snapshot = service::snapshot(&state).await?;
    Ok(Json(
        snapshot
            .councils(service::today())
            .await
            .iter()
            .filter(|c| user.can(&c.id, Role::Viewer))
            .cloned()
            .map(Council::from)
            .collect(),
    ))
}

/// Every rule's result for the council on a day.
///
/// The same as `assure check --council ID --at DATE --format json`: one result per rule of
/// the catalogue, in catalogue order.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/findings",
    operation_id = "get_findings",
    tag = "councils",
    params(("id" = String, Path, description = "The council's id", example = "coventry"), AtParams),
    responses(
        (status = 200, description = "The findings", body = Findings),
        (status = 400, description = "Not a date", body = ErrorBody),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council, or no role in it", body = ErrorBody),
    )
)]
async fn findings<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path(id): Path<String>,
    query: Result<Query<AtParams>, QueryRejection>,
) -> Result<Json<Findings>, ApiError> {
    user.require(&id, Role::Viewer)?;
    let Query(q) = query?;
    let at = date("at", q.at.as_deref())?.unwrap_or_else(service::today);
    let snapshot = service::snapshot(&state).await?;
    let found = snapshot.findings(&id, at).ok_or_else(|| no_council(&id))?;
    Ok(Json(Findings {
        at,
        councils: vec![CouncilFindings {
            id,
            results: found.iter().cloned().map(Finding::from).collect(),
        }],
    }))
}

/// Each rule's status for the council over a period.
///
/// The same as `assure timeline --council ID --format json`: for each rule, the maximal
/// intervals over which its status did not change, covering the period.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/timeline",
    operation_id = "get_timeline",
    tag = "councils",
    params(("id" = String, Path, description = "The council's id", example = "coventry"), PeriodParams),
    responses(
        (status = 200, description = "The maximal intervals of each rule's status", body = Timeline),
        (status = 400, description = "Not a date, or the period ends before it starts", body = ErrorBody),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council, or no role in it", body = ErrorBody),
    )
)]
async fn timeline<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path(id): Path<String>,
    query: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<Timeline>, ApiError> {
    user.require(&id, Role::Viewer)?;
    let Query(q) = query?;
    let from = date("from", q.from.as_deref())?;
    let to = date("to", q.to.as_deref())?;
    let snapshot = service::snapshot(&state).await?;
    let council = snapshot
        .engine()
        .council(&id)
        .ok_or_else(|| no_council(&id))?;
    let from = from.or_else(|| council.first_day()).ok_or_else(|| {
        ApiError::bad_request("The register has no dated facts for this council: give `from`.")
    })?;
    if let Some(to) = to
        && to < from
    {
        return Err(ApiError::bad_request(format!(
            "The period ends ({to}) before it starts ({from})."
        )));
    }
    Ok(Json(Timeline {
        from,
        to,
        councils: vec![CouncilTimeline {
            id,
            intervals: council
                .timeline(from, to)
                .into_iter()
                .map(Interval::from)
                .collect(),
        }],
    }))
}

/// The council's register as it stands.
///
/// The council's current entries, and the shared entries they lead to: the people appointed to
/// its posts, its councillors, the other organisations it works with and their posts on its
/// boards, and people not yet attached to any council. Table by table, in the order of the
/// format.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/register",
    operation_id = "list_register",
    tag = "register",
    params(("id" = String, Path, description = "The council's id", example = "coventry")),
    responses(
        (status = 200, description = "The current entries, table by table", body = Vec<Entry>),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council, or no role in it", body = ErrorBody),
    )
)]
async fn register<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    user.require(&id, Role::Viewer)?;
    let stored = Stored::load(&state, &id).await?;
    Ok(Json(stored.scope(&id).into_iter().map(Entry::of).collect()))
}

/// One entry of the register, with its version.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/register/{table}/{key}",
    operation_id = "get_entry",
    tag = "register",
    params(
        ("id" = String, Path, description = "The council's id", example = "coventry"),
        ("table" = Table, Path, description = "The entry's table", example = "designations"),
        ("key" = String, Path, description = "The entry's key, percent-encoded (`/` may be sent as it is; `#` must be encoded)",
            example = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01"),
    ),
    responses(
        (status = 200, description = "The entry", body = Entry),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council, table or entry, or no role in the council", body = ErrorBody),
    )
)]
async fn entry<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    path: Result<Path<(String, String, String)>, PathRejection>,
) -> Result<Json<Entry>, ApiError> {
    let Path((id, table, key)) = path?;
    user.require(&id, Role::Viewer)?;
    Table::named(&table)?;
    let stored = Stored::load(&state, &id).await?;
    Ok(Json(Entry::of(stored.entry_of(&id, &table, &key)?)))
}

/// Creates or changes one entry.
///
/// Send `base` 0 to create the entry, or its current version to change it. The key must be the
/// one the register gives the body: its `id`, or its fact id (the error says which it is). The
/// whole register is then checked as `assure validate` would; nothing is written unless it
/// stays valid. The change is recorded in the audit log under the caller's name.
#[utoipa::path(
    put,
    path = "/api/v1/councils/{id}/register/{table}/{key}",
    operation_id = "put_entry",
    tag = "register",
    params(
        ("id" = String, Path, description = "The council's id", example = "coventry"),
        ("table" = Table, Path, description = "The entry's table", example = "designations"),
        ("key" = String, Path, description = "The entry's key, percent-encoded (`/` may be sent as it is; `#` must be encoded)",
            example = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01"),
    ),
    request_body = PutEntry,
    responses(
        (status = 200, description = "Changed (or already so)", body = Written),
        (status = 201, description = "Created", body = Written),
        (status = 400, description = "Not an entry, or the key or council does not match the body", body = ErrorBody),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 403, description = "The caller is not an editor of the council", body = ErrorBody),
        (status = 404, description = "No such council, table or entry (to create one, send base 0)", body = ErrorBody),
        (status = 409, description = "The base version is not the current one: nothing changed", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The register would be invalid: nothing changed", body = ErrorBody),
    )
)]
async fn put_entry<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    path: Result<Path<(String, String, String)>, PathRejection>,
    put: Result<Json<PutEntry>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Path((id, table, key)) = path?;
    user.require(&id, Role::Editor)?;
    Table::named(&table)?;
    let Json(PutEntry { body, base }) = put?;
    let stored = Stored::load(&state, &id).await?;
    let existing = match stored.find(&table, &key) {
        Some(_) => Some(stored.entry_of(&id, &table, &key)?.version),
        None => None,
    };
    match existing {
        Some(current) if current != base => {
            return Err(StoreError::Conflict {
                table,
                key,
                current,
                based_on: base,
            }
            .into());
        }
        None if base != 0 => {
            return Err(ApiError::not_found(format!(
                "There is no {table} entry `{key}` in {id}. To create it, send base 0."
            )));
        }
        _ => {}
    }
    if !body.is_object() {
        return Err(ApiError::bad_request(
            "`body` must be the entry as an assure/v1 JSON object.",
        ));
    }
    let (derived, council, home) = stored.derive(&table, &key, &body)?;
    if unrepeated(&derived) != unrepeated(&key) {
        return Err(ApiError::bad_request(format!(
            "This entry's key is `{derived}`, not `{key}`: the key follows from the body (its id, \
             or the facts that identify it). To change those, create the entry at its new key \
             and delete the old one."
        )));
    }
    if let Some(other) = home
        && other != id
    {
        return Err(ApiError::bad_request(format!(
            "This entry belongs to the council {other}, not {id}: send it to that council's register."
        )));
    }
    let applied = service::apply_as(
        &state.store,
        &user,
        vec![Change::Put {
            table: table.clone(),
            key: key.clone(),
            council,
            body,
            base: Some(base),
        }],
    )
    .await?;
    let version = applied
        .versions
        .iter()
        .find(|(t, k, _)| *t == table && *k == key)
        .map_or(base, |(_, _, v)| *v);
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(Written {
            key,
            version,
            warnings: applied.warnings,
        }),
    )
        .into_response())
}

/// Deletes one entry.
///
/// Only if it is still at version `base`, and the register stays valid without it (nothing
/// else refers to it). Recorded in the audit log under the caller's name.
#[utoipa::path(
    delete,
    path = "/api/v1/councils/{id}/register/{table}/{key}",
    operation_id = "delete_entry",
    tag = "register",
    params(
        ("id" = String, Path, description = "The council's id", example = "coventry"),
        ("table" = Table, Path, description = "The entry's table", example = "designations"),
        ("key" = String, Path, description = "The entry's key, percent-encoded (`/` may be sent as it is; `#` must be encoded)",
            example = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01"),
        BaseParams,
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "No base version given", body = ErrorBody),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 403, description = "The caller is not an editor of the council", body = ErrorBody),
        (status = 404, description = "No such council, table or entry", body = ErrorBody),
        (status = 409, description = "The base version is not the current one: nothing changed", body = ErrorBody),
        (status = 422, description = "Other entries still refer to it: nothing changed", body = ErrorBody),
    )
)]
async fn delete_entry<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    path: Result<Path<(String, String, String)>, PathRejection>,
    query: Result<Query<BaseParams>, QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let Path((id, table, key)) = path?;
    user.require(&id, Role::Editor)?;
    Table::named(&table)?;
    let Query(BaseParams { base }) = query.map_err(|_| {
        ApiError::bad_request("Give the version the deletion is based on: `?base=N`.")
    })?;
    let stored = Stored::load(&state, &id).await?;
    stored.entry_of(&id, &table, &key)?;
    service::apply_as(
        &state.store,
        &user,
        vec![Change::Delete {
            table,
            key,
            base: Some(base),
        }],
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The council's reviews, as their `assure/v1` entries.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/reviews",
    operation_id = "list_reviews",
    tag = "reviews",
    params(("id" = String, Path, description = "The council's id", example = "coventry")),
    responses(
        (status = 200, description = "The reviews, as stored", body = Vec<Entry>),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council, or no role in it", body = ErrorBody),
    )
)]
async fn reviews<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Entry>>, ApiError> {
    user.require(&id, Role::Viewer)?;
    let stored = Stored::load(&state, &id).await?;
    Ok(Json(
        stored
            .versions
            .iter()
            .filter(|v| v.table == "reviews" && v.council.as_deref() == Some(id.as_str()))
            .map(Entry::of)
            .collect(),
    ))
}

/// One review of the council, as its `assure/v1` entry.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/reviews/{rid}",
    operation_id = "get_review",
    tag = "reviews",
    params(
        ("id" = String, Path, description = "The council's id", example = "coventry"),
        ("rid" = String, Path, description = "The review's id", example = "coventry-2017"),
    ),
    responses(
        (status = 200, description = "The review", body = Entry),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council or review, or no role in the council", body = ErrorBody),
    )
)]
async fn review<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path((id, rid)): Path<(String, String)>,
) -> Result<Json<Entry>, ApiError> {
    user.require(&id, Role::Viewer)?;
    let stored = Stored::load(&state, &id).await?;
    stored
        .find("reviews", &rid)
        .filter(|v| v.council.as_deref() == Some(id.as_str()))
        .map(|v| Json(Entry::of(v)))
        .ok_or_else(|| ApiError::not_found(format!("There is no review {rid} of {id}.")))
}

/// A report written from the register.
///
/// The Statement of Assurance, the Assurance Document or the covering Cabinet report, as the
/// register stands at a day, as PDF, Word, HTML or Markdown: what `assure report` writes.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{id}/reports/{kind}",
    operation_id = "get_report",
    tag = "reviews",
    params(
        ("id" = String, Path, description = "The council's id", example = "coventry"),
        ("kind" = ReportKind, Path, description = "Which report"),
        ReportParams,
    ),
    responses(
        (status = 200, description = "The document, as a download (`Content-Disposition: attachment`)", content(
            ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("text/html"),
            ("text/markdown"),
        )),
        (status = 400, description = "No such kind or format, or not a date", body = ErrorBody),
        (status = 401, description = "No API token or session", body = ErrorBody),
        (status = 404, description = "No such council or review, or no role in the council", body = ErrorBody),
    )
)]
async fn report<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    Caller(user): Caller,
    Path((id, kind)): Path<(String, String)>,
    query: Result<Query<ReportParams>, QueryRejection>,
) -> Result<service::ReportFile, ApiError> {
    user.require(&id, Role::Viewer)?;
    let Query(q) = query?;
    let at = date("at", q.at.as_deref())?.unwrap_or_else(service::today);
    let reg = service::register(&state).await?;
    let review = q.review.as_deref().filter(|r| !r.is_empty());
    // A review that is not the council's is a thing that does not exist (404), as it is for
    // `get_review`, not a malformed request.
    if let Some(rid) = review
        && !reg
            .reviews
            .iter()
            .any(|r| r.id.as_str() == rid && r.council.as_str() == id)
    {
        return Err(ApiError::not_found(format!(
            "There is no review {rid} of {id}."
        )));
    }
    Ok(service::report(&reg, &id, &kind, at, &q.format, review).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_tables_are_the_tables_of_the_format() {
        let names: Vec<String> = Table::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names, TABLES);
        assert!(Table::named("posts").is_ok());
        assert!(Table::named("post").is_err());
    }

    #[test]
    fn a_repeat_key_is_the_same_fact() {
        assert_eq!(
            unrepeated("appointment:p/x/2019-04-01#2"),
            "appointment:p/x/2019-04-01"
        );
        assert_eq!(unrepeated("coventry"), "coventry");
    }
}
