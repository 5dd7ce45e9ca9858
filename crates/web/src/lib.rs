//! The Assure web application: server-rendered pages (GOV.UK Frontend patterns, no JavaScript
//! needed) and the JSON API under `/api/v1`, over one service layer ([`service`]).
//!
//! The app is generic over the [`Store`] the register lives in; the binary picks the backend once
//! from the database URL. Every response carries the security headers (a CSP with no inline
//! script, no framing, no referrer). This first slice is read-only: the councils, a council's
//! statutory roles and findings as at any date, its timeline, the audit log, and a calendar of
//! due dates.

#![forbid(unsafe_code)]

mod error;
mod pages;
pub mod service;

pub use error::AppError;

use assure_store::Store;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

/// The vendored GOV.UK Frontend stylesheet (see VENDOR.md).
pub const GOVUK_CSS: &str = include_str!("../assets/govuk-frontend-6.6.0.min.css");
/// Where the stylesheet is served (its version in the name, so caches never mix versions).
pub const GOVUK_CSS_PATH: &str = "/assets/govuk-frontend-6.6.0.min.css";

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState<S> {
    pub store: S,
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The application over `store`.
pub fn app<S: Store + Clone + 'static>(store: S) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    let mut router = Router::new()
        .route("/", get(pages::councils::<S>))
        .route("/councils/{id}", get(pages::dashboard::<S>))
        .route("/councils/{id}/calendar", get(pages::calendar::<S>))
        .route("/councils/{id}/timeline", get(pages::timeline::<S>))
        .route("/councils/{id}/report", get(pages::report::<S>))
        .route("/audit", get(pages::audit::<S>))
        .route("/api/v1/councils", get(pages::api_councils::<S>))
        .route(
            "/api/v1/councils/{id}/findings",
            get(pages::api_findings::<S>),
        )
        .route(GOVUK_CSS_PATH, get(pages::stylesheet))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(pages::not_found)
        .with_state(AppState { store });
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}
