//! The handlers: HTML pages (askama templates in `templates/`) and their JSON counterparts.

use crate::auth::{ApiUser, CurrentUser};
use crate::service::{self, CouncilSummary, Dashboard};
use crate::{AppError, AppState, Chrome};
use askama::Template;
use assure_domain::Date;
use assure_domain::date::long;
use assure_store::Store;
use assure_store::{Accounts, Role};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

/// Renders a template; a template that fails to render is a bug, reported as such.
pub(crate) fn render<T: Template>(page: &T) -> String {
    page.render().unwrap_or_else(|e| {
        eprintln!("assure: template error: {e}");
        "Sorry, there is a problem with the service.".to_owned()
    })
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    pub(crate) chrome: Chrome,
    pub(crate) title: &'a str,
    pub(crate) message: &'a str,
}

#[derive(Template)]
#[template(path = "councils.html")]
struct CouncilsPage {
    chrome: Chrome,
    at_long: String,
    councils: Vec<CouncilSummary>,
    /// How many the user may see before the filter.
    total: usize,
    q: String,
    /// Only councils with something failing.
    failing: bool,
    sort: Sort,
    columns: Vec<Column>,
}

impl CouncilsPage {
    fn sort_name(&self) -> &'static str {
        Sort::ALL
            .iter()
            .find(|(s, ..)| *s == self.sort)
            .map_or("name", |(_, name, ..)| name)
    }
}

/// A sortable column header: its link and `aria-sort`.
struct Column {
    label: &'static str,
    numeric: bool,
    href: String,
    aria_sort: &'static str,
}

/// The order of the councils table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Sort {
    #[default]
    Name,
    Kind,
    Must,
    Should,
    Due,
    Interim,
}

impl Sort {
    const ALL: [(Self, &'static str, &'static str, bool); 6] = [
        (Self::Name, "name", "Council", false),
        (Self::Kind, "kind", "Kind", false),
        (Self::Must, "must", "Duties failing (must)", true),
        (
            Self::Should,
            "should",
            "Guidance not followed (should)",
            true,
        ),
        (Self::Due, "due", "Due", true),
        (Self::Interim, "interim", "Interim roles", true),
    ];

    /// Sorts `councils`: names and kinds A to Z, counts largest first (the worst at the top),
    /// ties by name.
    fn apply(self, councils: &mut [CouncilSummary]) {
        councils.sort_by(|a, b| {
            let key = |c: &CouncilSummary| match self {
                Self::Name | Self::Kind => 0,
                Self::Must => c.must_failing,
                Self::Should => c.should_failing,
                Self::Due => c.due,
                Self::Interim => c.interim_roles,
            };
            let text = |c: &CouncilSummary| match self {
                Self::Kind => c.kind.clone(),
                _ => String::new(),
            };
            key(b)
                .cmp(&key(a))
                .then_with(|| text(a).cmp(&text(b)))
                .then_with(|| a.name.cmp(&b.name))
        });
    }
}

/// `?q=text&failing=1&sort=must`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct CouncilsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    failing: Option<String>,
    #[serde(default)]
    sort: Sort,
}

pub(crate) async fn councils<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(query): Query<CouncilsQuery>,
) -> Result<Html<String>, AppError> {
    let at = service::today();
    let snapshot = service::snapshot(&state).await?;
    let mut councils: Vec<CouncilSummary> = snapshot
        .councils(at)
        .await
        .iter()
        .filter(|c| user.can(&c.id, Role::Viewer))
        .cloned()
        .collect();
    let total = councils.len();
    let q = query.q.trim().to_owned();
    let needle = q.to_lowercase();
    let failing = query.failing.is_some_and(|f| !f.is_empty());
    councils.retain(|c| {
        (needle.is_empty() || c.name.to_lowercase().contains(&needle) || c.id.contains(&needle))
            && (!failing || c.must_failing + c.should_failing > 0)
    });
    query.sort.apply(&mut councils);
    let base: String = {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !q.is_empty() {
            s.append_pair("q", &q);
        }
        if failing {
            s.append_pair("failing", "1");
        }
        s.finish()
    };
    let columns = Sort::ALL
        .iter()
        .map(|(sort, name, label, numeric)| Column {
            label,
            numeric: *numeric,
            href: format!(
                "/?{base}{}sort={name}",
                if base.is_empty() { "" } else { "&" }
            ),
            aria_sort: match (*sort == query.sort, numeric) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            },
        })
        .collect();
    Ok(Html(render(&CouncilsPage {
        chrome: Chrome::of(&user),
        at_long: long(at),
        councils,
        total,
        q,
        failing,
        sort: query.sort,
        columns,
    })))
}

/// `?at=YYYY-MM-DD`, or the GOV.UK date input's `day`, `month` and `year`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AtQuery {
    at: Option<String>,
    day: Option<String>,
    month: Option<String>,
    year: Option<String>,
}

impl AtQuery {
    /// The date asked for: `Ok(None)` when none was given, `Err` with a message for the form.
    fn date(&self) -> Result<Option<Date>, String> {
        if let Some(at) = self.at.as_deref().filter(|s| !s.is_empty()) {
            return assure_domain::date::parse_date(at)
                .map(Some)
                .ok_or_else(|| "Date must be a real date, for example 12 2 2019".to_owned());
        }
        let parts =
            [&self.day, &self.month, &self.year].map(|p| p.as_deref().map(str::trim).unwrap_or(""));
        if parts.iter().all(|p| p.is_empty()) {
            return Ok(None);
        }
        if parts.iter().any(|p| p.is_empty()) {
            return Err("Date must include a day, month and year".to_owned());
        }
        let number = |s: &str| s.parse::<i16>().ok();
        match (number(parts[0]), number(parts[1]), number(parts[2])) {
            (Some(d), Some(m), Some(y)) if (1000..=9999).contains(&y) => Date::new(
                y,
                i8::try_from(m).unwrap_or(0),
                i8::try_from(d).unwrap_or(0),
            )
            .map(Some)
            .map_err(|_| "Date must be a real date, for example 12 2 2019".to_owned()),
            _ => Err("Date must be a real date, for example 12 2 2019".to_owned()),
        }
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    d: Dashboard,
    error: Option<String>,
    day: String,
    month: String,
    year: String,
}

impl DashboardPage {
    fn status_tag(&self, status: &assure_rules::Status) -> (&'static str, &'static str) {
        use assure_rules::Status::*;
        match status {
            Fail => ("Fail", "govuk-tag--red"),
            Unknown => ("Unknown", "govuk-tag--orange"),
            Due => ("Due", "govuk-tag--yellow"),
            Accepted => ("Accepted departure", "govuk-tag--purple"),
            Pass => ("Pass", "govuk-tag--green"),
            NotApplicable => ("Not applicable", "govuk-tag--grey"),
        }
    }

    fn rule_title(&self, id: &str) -> String {
        assure_rules::Catalogue::v1()
            .get(id)
            .map_or_else(|| id.to_owned(), |r| r.title.clone())
    }
}

pub(crate) async fn dashboard<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Viewer)?;
    let snapshot = service::snapshot(&state).await?;
    let (at, error) = match q.date() {
        Ok(at) => (at.unwrap_or_else(service::today), None),
        Err(message) => (service::today(), Some(message)),
    };
    let d = service::dashboard(&snapshot, &id, at)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    let (day, month, year) = if error.is_some() {
        (
            q.day.clone().unwrap_or_default(),
            q.month.clone().unwrap_or_default(),
            q.year.clone().unwrap_or_default(),
        )
    } else {
        (
            at.day().to_string(),
            at.month().to_string(),
            at.year().to_string(),
        )
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = DashboardPage {
        chrome: Chrome::of(&user),
        d,
        error,
        day,
        month,
        year,
    };
    Ok((status, Html(render(&page))).into_response())
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<service::AuditRow>,
    council: String,
    entity: String,
    actor: String,
}

pub(crate) async fn audit<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(filter): Query<service::AuditFilter>,
) -> Result<Html<String>, AppError> {
    let rows = service::audit(&state.store, &user, &filter).await?;
    Ok(Html(render(&AuditPage {
        chrome: Chrome::of(&user),
        rows,
        council: filter.council.unwrap_or_default(),
        entity: filter.entity.unwrap_or_default(),
        actor: filter.actor.unwrap_or_default(),
    })))
}

pub(crate) async fn calendar<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = id.strip_suffix(".ics").unwrap_or(&id).to_owned();
    user.require(&id, Role::Viewer)?;
    let snapshot = service::snapshot(&state).await?;
    let council = snapshot
        .register()
        .councils()
        .find(|c| c.id.as_str() == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    let dates = service::due_dates(snapshot.engine(), &id, service::today());
    let body = service::icalendar(&council.name, &dates);
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    chrome: Chrome,
    v: service::TimelineView,
    svg: String,
    from_long: String,
    to_long: String,
}

impl TimelinePage {
    fn long(&self, d: &Date) -> String {
        long(*d)
    }
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

pub(crate) async fn timeline<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    user.require(&id, Role::Viewer)?;
    let snapshot = service::snapshot(&state).await?;
    let parse = |s: &Option<String>| -> Result<Option<Date>, AppError> {
        match s.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(t) => assure_domain::date::parse_date(t).map(Some).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "{t} is not a date: use YYYY-MM-DD, for example 2019-02-12."
                ))
            }),
        }
    };
    let engine = snapshot.engine();
    let council = engine
        .council(&id)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    let to = parse(&q.to)?.unwrap_or_else(service::today);
    let from = parse(&q.from)?
        .or_else(|| council.first_day())
        .unwrap_or(to);
    if to < from {
        return Err(AppError::BadRequest(
            "The end of the period is before its start.".to_owned(),
        ));
    }
    let v = service::timeline(engine, &id, from, to)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    let svg = service::timeline_svg(&v);
    Ok(Html(render(&TimelinePage {
        chrome: Chrome::of(&user),
        from_long: long(from),
        to_long: long(to),
        svg,
        v,
    })))
}

/// `?kind=statement|assurance-document|cabinet-report&at=YYYY-MM-DD&format=pdf|docx|html[&review=ID]`.
#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    kind: String,
    at: String,
    format: String,
    review: Option<String>,
}

pub(crate) async fn report<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: ApiUser,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    user.require(&id, Role::Viewer)?;
    let reg = service::register(&state).await?;
    let at = assure_domain::date::parse_date(&q.at).ok_or_else(|| {
        AppError::BadRequest("The date must be a real date, for example 2019-02-12.".to_owned())
    })?;
    let review = q.review.as_deref().filter(|r| !r.is_empty());
    Ok(service::report(&reg, &id, &q.kind, at, &q.format, review)
        .await?
        .into_response())
}

/// A vendored asset, cached for a year (its version is in its name).
pub(crate) fn asset(mime: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn not_found() -> AppError {
    AppError::NotFound(
        "Page not found. If you typed the web address, check it is correct.".to_owned(),
    )
}
