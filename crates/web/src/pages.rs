//! The handlers: HTML pages (askama templates in `templates/`) and their JSON counterparts.

use crate::auth::{ApiUser, CurrentUser};
use crate::service::{self, CouncilSummary, Dashboard};
use crate::{AppError, AppState, Chrome};
use askama::Template;
use assure_domain::Date;
use assure_domain::date::long;
use assure_store::Store;
use assure_store::{Accounts, Role};
use axum::Json;
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
}

pub(crate) async fn councils<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
) -> Result<Html<String>, AppError> {
    let reg = service::register(&state.store).await?;
    let at = service::today();
    let mut councils = service::councils(&reg, at);
    councils.retain(|c| user.can(&c.id, Role::Viewer));
    Ok(Html(render(&CouncilsPage {
        chrome: Chrome::of(&user),
        at_long: long(at),
        councils,
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
    let reg = service::register(&state.store).await?;
    let (at, error) = match q.date() {
        Ok(at) => (at.unwrap_or_else(service::today), None),
        Err(message) => (service::today(), Some(message)),
    };
    let d = service::dashboard(&reg, &id, at)
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
    let reg = service::register(&state.store).await?;
    let council = reg
        .councils()
        .find(|c| c.id.as_str() == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    let dates = service::due_dates(&reg, &id, service::today());
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
    let reg = service::register(&state.store).await?;
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
    let engine = assure_rules::Engine::new(&reg);
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
    let v = service::timeline(&reg, &id, from, to)
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
    let reg = service::register(&state.store).await?;
    let kind = assure_docs::Kind::parse(&q.kind).ok_or_else(|| {
        AppError::BadRequest(
            "Choose a statement, an assurance document or a cabinet report.".to_owned(),
        )
    })?;
    let at = assure_domain::date::parse_date(&q.at).ok_or_else(|| {
        AppError::BadRequest("The date must be a real date, for example 2019-02-12.".to_owned())
    })?;
    let review = q.review.as_deref().filter(|r| !r.is_empty());
    let doc = assure_docs::build(&reg, &id, at, kind, review).map_err(|e| match e {
        assure_docs::DocsError::UnknownCouncil(_) => {
            AppError::NotFound(format!("There is no council with the id {id}."))
        }
        other => AppError::BadRequest(other.to_string()),
    })?;
    let name = format!("{id}-{}-{at}", q.kind);
    let (bytes, mime, ext) = match q.format.as_str() {
        "html" => (
            assure_docs::render::html(&doc, &Default::default())
                .map_err(|e| AppError::Internal(e.to_string()))?
                .into_bytes(),
            "text/html; charset=utf-8",
            "html",
        ),
        "docx" => (
            assure_docs::docx::docx(&doc).map_err(|e| AppError::Internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "pdf" => {
            // Typst layout is CPU-bound: keep it off the async runtime.
            let pdf = tokio::task::spawn_blocking(move || assure_pdf::pdf(&doc))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| AppError::Internal(e.to_string()))?;
            (pdf.bytes, "application/pdf", "pdf")
        }
        _ => {
            return Err(AppError::BadRequest(
                "Choose PDF, Word (docx) or HTML.".to_owned(),
            ));
        }
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

pub(crate) async fn api_councils<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: ApiUser,
) -> Result<Json<Vec<CouncilSummary>>, AppError> {
    let reg = service::register(&state.store).await?;
    let mut councils = service::councils(&reg, service::today());
    councils.retain(|c| user.can(&c.id, Role::Viewer));
    Ok(Json(councils))
}

pub(crate) async fn api_findings<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: ApiUser,
    Path(id): Path<String>,
    Query(q): Query<AtQuery>,
) -> Result<Json<serde_json::Value>, AppError> {
    user.require(&id, Role::Viewer)?;
    let reg = service::register(&state.store).await?;
    let at = q
        .date()
        .map_err(AppError::BadRequest)?
        .unwrap_or_else(service::today);
    let d = service::dashboard(&reg, &id, at)
        .ok_or_else(|| AppError::NotFound(format!("There is no council with the id {id}.")))?;
    // The same shape as `assure check --format json`.
    Ok(Json(
        serde_json::json!({"at": at, "councils": [{"id": d.id, "results": d.findings}]}),
    ))
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
