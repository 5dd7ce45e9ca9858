//! The Assure web application: server-rendered pages (GOV.UK Frontend patterns, no JavaScript
//! needed; htmx for in-page updates where it is there) and the JSON API under `/api/v1`, over one
//! service layer ([`service`]).
//!
//! The app is generic over the [`Store`] the register (and accounts, sessions) live in; the binary
//! picks the backend once from the database URL. Every page needs a signed-in user with a role in
//! the council it shows ([`auth`]); every change is made through [`Store::apply`] as that user.
//! Every response carries the security headers (a CSP with no inline script or style, no framing,
//! no referrer).

#![forbid(unsafe_code)]

mod account;
mod api;
pub mod auth;
mod error;
mod forms;
mod pages;
mod register;
mod reviews;
pub mod service;
pub mod throttle;
mod users;

pub use error::AppError;

use assure_store::{Accounts, Store};
use auth::{CurrentUser, DbSessions, PasswordCost};
use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::from_fn_with_state;
use axum::routing::{self, MethodRouter};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The vendored GOV.UK Frontend stylesheet (see VENDOR.md).
pub const GOVUK_CSS: &str = include_str!("../assets/govuk-frontend-6.6.0.min.css");
/// Where the stylesheet is served (its version in the name, so caches never mix versions).
pub const GOVUK_CSS_PATH: &str = "/assets/govuk-frontend-6.6.0.min.css";
/// The vendored htmx (see VENDOR.md).
pub const HTMX_JS: &str = include_str!("../assets/htmx-2.0.11.min.js");
pub const HTMX_JS_PATH: &str = "/assets/htmx-2.0.11.min.js";
/// The vendored GOV.UK Frontend script (an ES module; see VENDOR.md).
pub const GOVUK_JS: &str = include_str!("../assets/govuk-frontend-6.6.0.min.js");
pub const GOVUK_JS_PATH: &str = "/assets/govuk-frontend-6.6.0.min.js";
/// Starts GOV.UK Frontend's components on each page (imports [`GOVUK_JS`] by its path).
pub const OWN_JS: &str = include_str!("../assets/assure.js");
pub const OWN_JS_PATH: &str = "/assets/assure-1.js";
/// Assure's own few style rules.
pub const OWN_CSS: &str = include_str!("../assets/assure.css");
pub const OWN_CSS_PATH: &str = "/assets/assure-2.css";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "assure_session";

/// How the application is run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Mark the session cookie `Secure` (browsers still send it to http://localhost).
    pub secure_cookies: bool,
    /// The cost of hashing new passwords.
    pub password_cost: PasswordCost,
    /// Sessions end after this long without a request.
    pub session_idle: time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            password_cost: PasswordCost::Standard,
            session_idle: time::Duration::hours(8),
        }
    }
}

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState<S> {
    pub store: S,
    pub config: Arc<Config>,
    /// Failed sign-ins per client address.
    pub throttle: Arc<throttle::Throttle>,
    /// The register as last read, keyed by the store's register version ([`service`]).
    pub register: Arc<service::RegisterCache>,
}

/// What the layout of every page needs: the signed-in user (if any), their CSRF token for the
/// sign-out form, and the asset paths.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub user: Option<String>,
    pub admin: bool,
    pub csrf: String,
    pub css: &'static str,
    pub own_css: &'static str,
    pub htmx: &'static str,
    pub js: &'static str,
}

impl Default for Chrome {
    fn default() -> Self {
        Self {
            user: None,
            admin: false,
            csrf: String::new(),
            css: GOVUK_CSS_PATH,
            own_css: OWN_CSS_PATH,
            htmx: HTMX_JS_PATH,
            js: OWN_JS_PATH,
        }
    }
}

impl Chrome {
    /// The layout for a page shown to `user`.
    pub fn of(user: &CurrentUser) -> Self {
        Self {
            user: Some(user.name.clone()),
            admin: user
                .grants
                .iter()
                .any(|(_, r)| *r == assure_store::Role::Admin),
            csrf: user.csrf.clone(),
            ..Self::default()
        }
    }
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The application over `store`, as run for real.
pub fn app<S: Store + Accounts + Clone + std::fmt::Debug + 'static>(store: S) -> Router {
    app_with(store, Config::default())
}

/// The application over `store` with `config`.
pub fn app_with<S: Store + Accounts + Clone + std::fmt::Debug + 'static>(
    store: S,
    config: Config,
) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (header::CACHE_CONTROL, "no-store"),
    ];
    let sessions = SessionManagerLayer::new(DbSessions::new(store.clone()))
        .with_name(SESSION_COOKIE)
        .with_secure(config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(config.session_idle));
    let state = AppState {
        store,
        config: Arc::new(config),
        throttle: Arc::default(),
        register: Arc::default(),
    };
    let mut router = routes_of::<S>()
        .router
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), auth::csrf_guard::<S>))
        .layer(sessions)
        .with_state(state);
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// Every route the application answers, as (method, path pattern): the router is built from the
/// same calls ([`Routes`]), so this list cannot leave a route out. Tests walk it to check that
/// every route has its expected authorisation and CSRF protection.
pub fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> Vec<Route> {
    routes_of::<S>().table
}

/// The application's routes, before the fallback, middleware and state are added.
fn routes_of<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> Routes<S> {
    Routes::new()
        .get("/", pages::councils::<S>)
        .get("/login", account::login_form)
        .post("/login", account::login::<S>)
        .post("/logout", account::logout)
        .get("/councils/{id}", pages::dashboard::<S>)
        .get("/councils/{id}/calendar", pages::calendar::<S>)
        .get("/councils/{id}/timeline", pages::timeline::<S>)
        .get("/councils/{id}/report", pages::report::<S>)
        .get("/audit", pages::audit::<S>)
        .get(GOVUK_CSS_PATH, || async {
            pages::asset("text/css; charset=utf-8", GOVUK_CSS)
        })
        .get(OWN_CSS_PATH, || async {
            pages::asset("text/css; charset=utf-8", OWN_CSS)
        })
        .get(HTMX_JS_PATH, || async {
            pages::asset("text/javascript; charset=utf-8", HTMX_JS)
        })
        .get(GOVUK_JS_PATH, || async {
            pages::asset("text/javascript; charset=utf-8", GOVUK_JS)
        })
        .get(OWN_JS_PATH, || async {
            pages::asset("text/javascript; charset=utf-8", OWN_JS)
        })
        .get("/healthz", || async { "ok" })
        .merge(register::routes::<S>())
        .merge(reviews::routes::<S>())
        .merge(users::routes::<S>())
        .merge(api::routes::<S>())
}

/// A route: its method (`None` when it answers every method) and its path pattern, as axum
/// writes it (`/councils/{id}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: Option<Method>,
    pub path: &'static str,
}

/// A router that lists its routes as it is built. axum cannot list a router's routes, so every
/// route is added through this, which keeps the list ([`routes`]) and the router in step.
#[derive(Debug)]
pub(crate) struct Routes<S> {
    router: Router<AppState<S>>,
    table: Vec<Route>,
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    pub(crate) fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn on(
        mut self,
        method: Option<Method>,
        path: &'static str,
        to: MethodRouter<AppState<S>>,
    ) -> Self {
        self.router = self.router.route(path, to);
        self.table.push(Route { method, path });
        self
    }

    pub(crate) fn get<H: Handler<T, AppState<S>>, T: 'static>(
        self,
        path: &'static str,
        h: H,
    ) -> Self {
        self.on(Some(Method::GET), path, routing::get(h))
    }

    pub(crate) fn post<H: Handler<T, AppState<S>>, T: 'static>(
        self,
        path: &'static str,
        h: H,
    ) -> Self {
        self.on(Some(Method::POST), path, routing::post(h))
    }

    pub(crate) fn put<H: Handler<T, AppState<S>>, T: 'static>(
        self,
        path: &'static str,
        h: H,
    ) -> Self {
        self.on(Some(Method::PUT), path, routing::put(h))
    }

    pub(crate) fn delete<H: Handler<T, AppState<S>>, T: 'static>(
        self,
        path: &'static str,
        h: H,
    ) -> Self {
        self.on(Some(Method::DELETE), path, routing::delete(h))
    }

    /// A route answering every method.
    pub(crate) fn any<H: Handler<T, AppState<S>>, T: 'static>(
        self,
        path: &'static str,
        h: H,
    ) -> Self {
        self.on(None, path, routing::any(h))
    }

    /// Adds a router another library builds (Swagger UI), with the routes it is known to make:
    /// the one place the list is written by hand.
    pub(crate) fn foreign(
        mut self,
        router: Router<AppState<S>>,
        table: &[(Method, &'static str)],
    ) -> Self {
        self.router = self.router.merge(router);
        self.table.extend(table.iter().map(|(method, path)| Route {
            method: Some(method.clone()),
            path,
        }));
        self
    }

    pub(crate) fn merge(mut self, other: Self) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }
}
