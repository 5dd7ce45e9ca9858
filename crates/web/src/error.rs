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
    /// Something went wrong on our side (500); the cause is logged, not shown.
    Internal(String),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let message = match self {
            Self::NotFound(m) | Self::BadRequest(m) => m,
            Self::Internal(cause) => {
                eprintln!("assure: internal error: {cause}");
                "Sorry, there is a problem with the service. Try again later.".to_owned()
            }
        };
        let page = crate::pages::ErrorPage {
            title: status.canonical_reason().unwrap_or("Error"),
            message: &message,
        };
        (status, Html(crate::pages::render(&page))).into_response()
    }
}

impl From<assure_store::StoreError> for AppError {
    fn from(e: assure_store::StoreError) -> Self {
        Self::Internal(e.to_string())
    }
}
