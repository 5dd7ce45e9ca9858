//! The JSON API under `/api/v1`, described by OpenAPI at `/api/openapi.json`.

use crate::AppState;
use assure_store::{Accounts, Store};
use axum::Router;

/// The routes of this part of the application.
pub(crate) fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>()
-> Router<AppState<S>> {
    Router::new()
}
