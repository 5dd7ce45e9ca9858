//! Errors at the HTTP edge. Each variant says what it means to a client; internal causes are
//! logged on the server and never shown.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug)]
pub enum AppError {
    /// The thing asked for does not exist (404).
    NotFound(String),
    /// The request cannot be understood, e.g. a malformed date (400).
    BadRequest(String),
    /// The request needs a signed-in user or an API token (401).
    Unauthorized,
    /// The user may not do this (403).
    Forbidden(String),
    /// Too many attempts (429).
    TooManyRequests(String),
    /// The database takes no changes for now (read-only, or full): nothing was saved, reading
    /// still works (503). The message says so.
    Unavailable(String),
    /// Something went wrong on our side (500); the cause is logged, not shown.
    Internal(String),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let message = match self {
            Self::NotFound(m)
            | Self::BadRequest(m)
            | Self::Forbidden(m)
            | Self::TooManyRequests(m)
            | Self::Unavailable(m) => m,
            Self::Unauthorized => {
                "Sign in, or send an API token as `Authorization: Bearer TOKEN`.".to_owned()
            }
            Self::Internal(cause) => {
                eprintln!("assure: internal error: {cause}");
                "Sorry, there is a problem with the service. Try again later.".to_owned()
            }
        };
        let page = crate::pages::ErrorPage {
            chrome: crate::Chrome::default(),
            title: status.canonical_reason().unwrap_or("Error"),
            message: &message,
        };
        let mut response = (status, Html(crate::pages::render(&page))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<assure_store::StoreError> for AppError {
    fn from(e: assure_store::StoreError) -> Self {
        match e {
            assure_store::StoreError::Unwritable(why) => {
                eprintln!("assure: the database refused a write: it is {why}");
                Self::Unavailable(format!(
                    "The database is {why}, so nothing can be changed at the moment and nothing \
                     was saved. You can still read everything. Ask whoever runs Assure to fix \
                     the database, then try again."
                ))
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound(m)
            | Self::BadRequest(m)
            | Self::Forbidden(m)
            | Self::TooManyRequests(m)
            | Self::Unavailable(m)
            | Self::Internal(m) => f.write_str(m),
            Self::Unauthorized => f.write_str("not signed in"),
        }
    }
}

impl std::error::Error for AppError {}
