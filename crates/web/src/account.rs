//! Signing in and out.

use crate::auth::{
    CSRF_KEY, LOCKOUT_MINUTES, MAX_FAILURES, USER_KEY, csrf_token, new_token, verify_password,
};
use crate::forms::{FieldError, error_for};
use crate::pages::render;
use crate::throttle::ClientIp;
use crate::{AppError, AppState, Chrome};
use askama::Template;
use assure_store::{Accounts, Store};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Instant;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    errors: Vec<FieldError>,
    username: String,
    next: String,
}

impl LoginPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

/// `?next=/path`: where to go after signing in.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site (not `//host`, not a URL) is followed after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

pub(crate) async fn login_form(
    session: Session,
    Query(q): Query<NextQuery>,
) -> Result<Html<String>, AppError> {
    let chrome = Chrome {
        csrf: csrf_token(&session).await?,
        ..Chrome::default()
    };
    Ok(Html(render(&LoginPage {
        chrome,
        errors: Vec::new(),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
    })))
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub(crate) async fn login<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    ClientIp(ip): ClientIp,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_lowercase();
    let next = safe_next(form.next.as_deref());
    let mut errors = Vec::new();
    if username.is_empty() {
        errors.push(FieldError::new("username", "Enter your user name"));
    }
    if form.password.is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    let mut status = StatusCode::BAD_REQUEST;
    if errors.is_empty() {
        let now = jiff::Timestamp::now();
        let since = now - jiff::SignedDuration::from_mins(LOCKOUT_MINUTES);
        let from_busy_address = ip.is_some_and(|ip| state.throttle.blocked(ip, Instant::now()));
        if from_busy_address {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.push(FieldError::new(
                "username",
                format!(
                    "Too many failed attempts to sign in from your network. Wait {LOCKOUT_MINUTES} minutes and try again"
                ),
            ));
        } else if state.store.login_failures(&username, since).await? >= MAX_FAILURES {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.push(FieldError::new(
                "username",
                format!(
                    "Too many failed attempts to sign in as this user. Wait {LOCKOUT_MINUTES} minutes and try again"
                ),
            ));
        } else {
            let user = state.store.user(&username).await?;
            let hash = user.as_ref().map(|u| u.password_hash.clone());
            let password = form.password.clone();
            // argon2 is deliberately slow: keep it off the async runtime.
            let ok = tokio::task::spawn_blocking(move || {
                hash.is_some_and(|h| verify_password(&h, &password))
            })
            .await
            .map_err(internal)?;
            if ok {
                state.store.login_succeeded(&username).await?;
                // A new session id at sign-in (no fixation), and a new CSRF token with it.
                session.cycle_id().await.map_err(internal)?;
                session
                    .insert(USER_KEY, &username)
                    .await
                    .map_err(internal)?;
                session
                    .insert(CSRF_KEY, new_token()?)
                    .await
                    .map_err(internal)?;
                return Ok(Redirect::to(&next).into_response());
            }
            state.store.login_failed(&username, now).await?;
            if let Some(ip) = ip {
                state.throttle.failed(ip, Instant::now());
            }
            status = StatusCode::UNAUTHORIZED;
            errors.push(FieldError::new(
                "username",
                "Enter a correct user name and password",
            ));
        }
    }
    let chrome = Chrome {
        csrf: csrf_token(&session).await?,
        ..Chrome::default()
    };
    let page = LoginPage {
        chrome,
        errors,
        username,
        next,
    };
    Ok((status, Html(render(&page))).into_response())
}

pub(crate) async fn logout(session: Session) -> Result<Redirect, AppError> {
    session.flush().await.map_err(internal)?;
    Ok(Redirect::to("/login"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/councils/coventry?at=2019-02-12")),
            "/councils/coventry?at=2019-02-12"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
