//! The authorisation matrix: every route the router has ([`assure_web::routes`]) × every kind of
//! caller × a council the caller has a role in and one they may not have, each answering as the
//! rules say. Anonymous visitors are sent to sign in (the API and the feeds a calendar or script
//! fetches answer 401); a council the caller has no role in does not exist for them (404); too
//! low a role in a council they can see is refused (403); otherwise the request succeeds (2xx,
//! or a redirect after a form). Forms carry a valid CSRF token, so this tests authorisation only.
//!
//! A route added to the router but not here fails [`every_route_answers_every_caller_as_the_rules_say`]:
//! [`request`] and [`access`] name every route.

use crate::{Client, PASSWORD, Reply, store, user};
use assure_store::{Accounts, Change, Role, Store};
use assure_store_sqlite::SqliteStore;
use assure_web::Route;
use assure_web::auth::{PasswordCost, digest, hash_password};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

/// The two councils each request is made about.
const COUNCILS: [&str; 2] = ["coventry", "sandwell"];

/// Who asks: a user name and their roles (none: not signed in).
#[derive(Clone, Copy, Debug)]
struct Caller {
    name: &'static str,
    grants: &'static [(&'static str, Role)],
}

const CALLERS: [Caller; 7] = [
    Caller {
        name: "anonymous",
        grants: &[],
    },
    Caller {
        name: "m-viewer",
        grants: &[("coventry", Role::Viewer)],
    },
    Caller {
        name: "m-editor",
        grants: &[("coventry", Role::Editor)],
    },
    Caller {
        name: "m-approver",
        grants: &[("coventry", Role::Approver)],
    },
    Caller {
        name: "m-admin",
        grants: &[("coventry", Role::Admin)],
    },
    Caller {
        name: "m-other-admin",
        grants: &[("sandwell", Role::Admin)],
    },
    Caller {
        name: "m-admin-everywhere",
        grants: &[("*", Role::Admin)],
    },
];

impl Caller {
    fn anonymous(self) -> bool {
        self.grants.is_empty()
    }

    fn role_in(self, council: &str) -> Option<Role> {
        self.grants
            .iter()
            .filter(|(c, _)| *c == council || *c == "*")
            .map(|(_, r)| *r)
            .max()
    }

    fn admin_of_some_council(self) -> bool {
        self.grants.iter().any(|(_, r)| *r == Role::Admin)
    }

    fn token(self) -> String {
        format!("matrix-token-{}", self.name)
    }
}

/// What a route needs.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Nothing: anyone may ask.
    Public,
    /// The API's answer to a path it does not have: 404 whoever asks.
    NoSuchEndpoint,
    /// Any signed-in user.
    SignedIn,
    /// At least this role in the council of the path.
    Council(Role),
    /// An admin of some council (the user pages).
    Admin,
    /// An admin of the council the request names: the user looked at, or the council a new user
    /// gets a role in. Admins of other councils do not see the user (404) or are told to pick a
    /// council they administer (400).
    AdminOf,
}

/// How a request was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Allowed,
    /// Sent to the sign-in page.
    SignIn,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404: the council (or user) is hidden.
    Hidden,
    /// 400: the form names something the caller may not choose.
    Invalid,
}

fn outcome(r: &Reply) -> Outcome {
    match r.status {
        StatusCode::SEE_OTHER if r.location().is_some_and(|l| l.starts_with("/login?next=")) => {
            Outcome::SignIn
        }
        StatusCode::UNAUTHORIZED => Outcome::Unauthorized,
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::Hidden,
        StatusCode::BAD_REQUEST => Outcome::Invalid,
        s if s.is_success() || s.is_redirection() => Outcome::Allowed,
        s => panic!("unexpected {s}: {}", r.body),
    }
}

fn unknown(route: &Route) -> ! {
    panic!(
        "{:?} {} is not in the authorisation matrix: add it to `access` and `request` in \
         crates/web/tests/main/matrix.rs",
        route.method, route.path
    )
}

/// What each route needs.
fn access(route: &Route) -> Access {
    use Access::*;
    let m = route.method.as_ref().map(Method::as_str).unwrap_or("ANY");
    match (m, route.path) {
        (_, "/login" | "/logout" | "/healthz" | "/api/openapi.json") => Public,
        (_, p) if p.starts_with("/assets/") || p.starts_with("/api/docs") => Public,
        ("ANY", "/api/v1" | "/api/v1/{*rest}") => NoSuchEndpoint,
        ("GET", "/" | "/audit" | "/account" | "/api/v1/councils") => SignedIn,
        ("POST", "/account/password") => SignedIn,
        ("GET", "/users" | "/users/new") => Admin,
        ("POST", "/users/new") => AdminOf,
        (_, "/users/{username}" | "/users/{username}/roles" | "/users/{username}/password") => {
            AdminOf
        }
        ("GET", "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off")
        | ("POST", "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off") => {
            Council(Role::Approver)
        }
        (
            "GET",
            "/councils/{id}"
            | "/councils/{id}/calendar"
            | "/councils/{id}/timeline"
            | "/councils/{id}/report"
            | "/councils/{id}/register"
            | "/councils/{id}/reviews"
            | "/councils/{id}/reviews/{rid}"
            | "/api/v1/councils/{id}/findings"
            | "/api/v1/councils/{id}/timeline"
            | "/api/v1/councils/{id}/register"
            | "/api/v1/councils/{id}/register/{table}/{*key}"
            | "/api/v1/councils/{id}/reviews"
            | "/api/v1/councils/{id}/reviews/{rid}"
            | "/api/v1/councils/{id}/reports/{kind}",
        ) => Council(Role::Viewer),
        (
            "GET" | "POST",
            "/councils/{id}/register/{table}/new"
            | "/councils/{id}/register/{table}/edit"
            | "/councils/{id}/register/{table}/delete"
            | "/councils/{id}/reviews/new"
            | "/councils/{id}/reviews/{rid}/edit"
            | "/councils/{id}/reviews/{rid}/actions/new"
            | "/councils/{id}/reviews/{rid}/actions/{n}/done"
            | "/councils/{id}/reviews/{rid}/approvals/new",
        ) => Council(Role::Editor),
        ("PUT" | "DELETE", "/api/v1/councils/{id}/register/{table}/{*key}") => {
            Council(Role::Editor)
        }
        _ => unknown(route),
    }
}

/// Whether an anonymous caller is answered 401 rather than sent to sign in: the API, and the
/// calendar feed and report downloads, which calendars and scripts fetch with a token.
fn answers_401(route: &Route) -> bool {
    route.path.starts_with("/api/")
        || route.path == "/councils/{id}/calendar"
        || route.path == "/councils/{id}/report"
}

/// The answer the rules give `caller` asking `route` about `council`.
fn expected(route: &Route, caller: Caller, council: &str) -> Outcome {
    let access = access(route);
    if matches!(access, Access::Public) {
        return Outcome::Allowed;
    }
    if matches!(access, Access::NoSuchEndpoint) {
        return Outcome::Hidden;
    }
    if caller.anonymous() {
        return if answers_401(route) {
            Outcome::Unauthorized
        } else {
            Outcome::SignIn
        };
    }
    match access {
        Access::Public | Access::NoSuchEndpoint | Access::SignedIn => Outcome::Allowed,
        Access::Council(needed) => match caller.role_in(council) {
            None => Outcome::Hidden,
            Some(r) if r < needed => Outcome::Forbidden,
            Some(_) => Outcome::Allowed,
        },
        Access::Admin => {
            if caller.admin_of_some_council() {
                Outcome::Allowed
            } else {
                Outcome::Forbidden
            }
        }
        Access::AdminOf => {
            if !caller.admin_of_some_council() {
                Outcome::Forbidden
            } else if caller.role_in(council) == Some(Role::Admin) {
                Outcome::Allowed
            } else if route.path == "/users/new" {
                Outcome::Invalid
            } else {
                Outcome::Hidden
            }
        }
    }
}

/// One request of the matrix.
#[derive(Debug)]
struct Call {
    method: Method,
    uri: String,
    form: Option<Vec<(String, String)>>,
    json: Option<serde_json::Value>,
}

impl Call {
    fn get(uri: impl Into<String>) -> Self {
        Self {
            method: Method::GET,
            uri: uri.into(),
            form: None,
            json: None,
        }
    }

    fn post(uri: impl Into<String>, fields: &[(&str, &str)]) -> Self {
        Self {
            method: Method::POST,
            uri: uri.into(),
            form: Some(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            ),
            json: None,
        }
    }

    /// Adds the GOV.UK date input `prefix` (day, month, year) to the form.
    fn date(mut self, prefix: &str, day: &str, month: &str, year: &str) -> Self {
        self.form.get_or_insert_default().extend([
            (format!("{prefix}-day"), day.to_owned()),
            (format!("{prefix}-month"), month.to_owned()),
            (format!("{prefix}-year"), year.to_owned()),
        ]);
        self
    }
}

/// A person nothing refers to (so any council may read, change or delete them), at version 1.
async fn person(s: &SqliteStore, id: &str) {
    s.apply(
        "test",
        vec![Change::Put {
            table: "people".to_owned(),
            key: id.to_owned(),
            council: None,
            body: json!({"id": id, "name": "Matrix Person"}),
            base: Some(0),
        }],
    )
    .await
    .expect("adds a person");
}

async fn version(s: &SqliteStore, table: &str, key: &str) -> String {
    assure_web::service::entry(s, table, key)
        .await
        .expect("reads")
        .map_or(0, |e| e.version)
        .to_string()
}

/// The request for `route` about `council`; `n` makes ids unique. Entries a request deletes are
/// made here first.
async fn request(s: &SqliteStore, route: &Route, council: &str, n: usize) -> Call {
    let c = council;
    let rid = format!("{c}-matrix");
    let at = "2019-02-12";
    let method = route.method.clone().unwrap_or(Method::GET);
    match (method.as_str(), route.path) {
        ("GET", p @ ("/" | "/login" | "/audit" | "/healthz" | "/users" | "/users/new")) => {
            Call::get(p)
        }
        ("GET", p @ ("/account" | "/api/openapi.json" | "/api/docs" | "/api/docs/")) => {
            Call::get(p)
        }
        ("GET", p) if p.starts_with("/assets/") => Call::get(p),
        ("GET", "/api/docs/{*rest}") => Call::get("/api/docs/swagger-ui.css"),
        ("POST", "/login") => {
            Call::post("/login", &[("username", "viewer"), ("password", PASSWORD)])
        }
        ("POST", "/logout") => Call::post("/logout", &[]),
        ("GET", "/councils/{id}") => Call::get(format!("/councils/{c}?at={at}")),
        ("GET", "/councils/{id}/calendar") => Call::get(format!("/councils/{c}/calendar")),
        ("GET", "/councils/{id}/timeline") => Call::get(format!("/councils/{c}/timeline")),
        ("GET", "/councils/{id}/report") => Call::get(format!(
            "/councils/{c}/report?kind=statement&at={at}&format=md"
        )),
        ("GET", "/councils/{id}/register") => Call::get(format!("/councils/{c}/register")),
        ("GET", "/councils/{id}/register/{table}/new") => {
            Call::get(format!("/councils/{c}/register/people/new"))
        }
        ("POST", "/councils/{id}/register/{table}/new") => Call::post(
            format!("/councils/{c}/register/people/new"),
            &[("id", &format!("p-matrix-new-{n}")), ("name", "New Person")],
        ),
        ("GET", "/councils/{id}/register/{table}/edit") => Call::get(format!(
            "/councils/{c}/register/people/edit?key=p-matrix-edit"
        )),
        ("POST", "/councils/{id}/register/{table}/edit") => Call::post(
            format!("/councils/{c}/register/people/edit?key=p-matrix-edit"),
            &[
                ("version", &version(s, "people", "p-matrix-edit").await),
                ("id", "p-matrix-edit"),
                ("name", &format!("Edited Person {n}")),
            ],
        ),
        ("GET", "/councils/{id}/register/{table}/delete") => Call::get(format!(
            "/councils/{c}/register/people/delete?key=p-matrix-edit"
        )),
        ("POST", "/councils/{id}/register/{table}/delete") => {
            let key = format!("p-matrix-gone-{n}");
            person(s, &key).await;
            Call::post(
                format!("/councils/{c}/register/people/delete?key={key}"),
                &[("version", "1")],
            )
        }
        ("GET", "/councils/{id}/reviews") => Call::get(format!("/councils/{c}/reviews")),
        ("GET", "/councils/{id}/reviews/new") => Call::get(format!("/councils/{c}/reviews/new")),
        ("POST", "/councils/{id}/reviews/new") => new_review(c, &format!("{c}-matrix-{n}")),
        ("GET", "/councils/{id}/reviews/{rid}") => {
            Call::get(format!("/councils/{c}/reviews/{rid}"))
        }
        ("GET", "/councils/{id}/reviews/{rid}/edit") => {
            Call::get(format!("/councils/{c}/reviews/{rid}/edit"))
        }
        ("POST", "/councils/{id}/reviews/{rid}/edit") => Call::post(
            format!("/councils/{c}/reviews/{rid}/edit"),
            &[("kind", "periodic_review"), ("roles", "dcs")],
        )
        .date("started", "1", "4", "2025"),
        ("GET", "/councils/{id}/reviews/{rid}/actions/new") => {
            Call::get(format!("/councils/{c}/reviews/{rid}/actions/new"))
        }
        ("POST", "/councils/{id}/reviews/{rid}/actions/new") => action(c, &rid),
        ("GET", "/councils/{id}/reviews/{rid}/actions/{n}/done") => {
            Call::get(format!("/councils/{c}/reviews/{rid}/actions/1/done"))
        }
        ("POST", "/councils/{id}/reviews/{rid}/actions/{n}/done") => {
            Call::post(format!("/councils/{c}/reviews/{rid}/actions/1/done"), &[])
                .date("done", "15", "10", "2025")
        }
        ("GET", "/councils/{id}/reviews/{rid}/approvals/new") => {
            Call::get(format!("/councils/{c}/reviews/{rid}/approvals/new"))
        }
        ("POST", "/councils/{id}/reviews/{rid}/approvals/new") => approval(c, &rid),
        ("GET", "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off") => {
            Call::get(format!("/councils/{c}/reviews/{rid}/approvals/1/sign-off"))
        }
        ("POST", "/councils/{id}/reviews/{rid}/approvals/{n}/sign-off") => Call::post(
            format!("/councils/{c}/reviews/{rid}/approvals/1/sign-off"),
            &[],
        )
        .date("received", "8", "6", "2025"),
        ("POST", "/users/new") => Call::post(
            "/users/new",
            &[
                ("username", &format!("m-new-{n}")),
                ("name", "New User"),
                ("council", c),
                ("role", "viewer"),
            ],
        ),
        ("GET", "/users/{username}") => Call::get(format!("/users/m-target-{c}")),
        ("POST", "/users/{username}/roles") => Call::post(
            format!("/users/m-target-{c}/roles"),
            &[("council", c), ("role", "editor")],
        ),
        ("POST", "/users/{username}/password") => {
            Call::post(format!("/users/m-target-{c}/password"), &[])
        }
        ("POST", "/account/password") => Call::post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "another long password"),
                ("confirm", "another long password"),
            ],
        ),
        ("GET", "/api/v1/councils") => Call::get("/api/v1/councils"),
        ("GET", "/api/v1" | "/api/v1/{*rest}") => Call::get(if route.path == "/api/v1" {
            "/api/v1".to_owned()
        } else {
            format!("/api/v1/councils/{c}/nothing-here")
        }),
        ("GET", "/api/v1/councils/{id}/findings") => {
            Call::get(format!("/api/v1/councils/{c}/findings?at={at}"))
        }
        ("GET", "/api/v1/councils/{id}/timeline") => {
            Call::get(format!("/api/v1/councils/{c}/timeline"))
        }
        ("GET", "/api/v1/councils/{id}/register") => {
            Call::get(format!("/api/v1/councils/{c}/register"))
        }
        ("GET", "/api/v1/councils/{id}/register/{table}/{*key}") => Call::get(format!(
            "/api/v1/councils/{c}/register/people/p-matrix-edit"
        )),
        ("PUT", "/api/v1/councils/{id}/register/{table}/{*key}") => {
            let key = format!("p-matrix-api-{n}");
            Call {
                method: Method::PUT,
                uri: format!("/api/v1/councils/{c}/register/people/{key}"),
                form: None,
                json: Some(json!({"base": 0, "body": {"id": key, "name": "Api Person"}})),
            }
        }
        ("DELETE", "/api/v1/councils/{id}/register/{table}/{*key}") => {
            let key = format!("p-matrix-gone-{n}");
            person(s, &key).await;
            Call {
                method: Method::DELETE,
                uri: format!("/api/v1/councils/{c}/register/people/{key}?base=1"),
                form: None,
                json: None,
            }
        }
        ("GET", "/api/v1/councils/{id}/reviews") => {
            Call::get(format!("/api/v1/councils/{c}/reviews"))
        }
        ("GET", "/api/v1/councils/{id}/reviews/{rid}") => {
            Call::get(format!("/api/v1/councils/{c}/reviews/{rid}"))
        }
        ("GET", "/api/v1/councils/{id}/reports/{kind}") => Call::get(format!(
            "/api/v1/councils/{c}/reports/statement?at={at}&format=md"
        )),
        _ => unknown(route),
    }
}

/// A post of the council, to own actions.
fn owner(council: &str) -> &'static str {
    match council {
        "coventry" => "cov-chief-executive",
        _ => "sandwell-chief-executive",
    }
}

fn new_review(council: &str, rid: &str) -> Call {
    Call::post(
        format!("/councils/{council}/reviews/new"),
        &[("id", rid), ("kind", "periodic_review"), ("roles", "dcs")],
    )
    .date("started", "1", "4", "2025")
}

fn action(council: &str, rid: &str) -> Call {
    Call::post(
        format!("/councils/{council}/reviews/{rid}/actions/new"),
        &[("title", "An action"), ("owner", owner(council))],
    )
    .date("due", "30", "9", "2025")
}

fn approval(council: &str, rid: &str) -> Call {
    Call::post(
        format!("/councils/{council}/reviews/{rid}/approvals/new"),
        &[
            ("name", "Ann Approver"),
            ("title", "Chief Legal Officer"),
            ("kind", "approver"),
            ("area", "Legal"),
        ],
    )
    .date("sent", "7", "6", "2025")
}

/// A browser for `caller` over `router`, signed in unless anonymous, with a CSRF token.
async fn browser(s: &SqliteStore, router: &axum::Router, caller: Caller) -> Client {
    let mut c = Client::anonymous(s);
    c.router = router.clone();
    if !caller.anonymous() {
        let r = c.sign_in(caller.name, PASSWORD).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            caller.name,
            r.body
        );
    }
    // The sign-in page carries the session's token, signed in or not.
    c.get("/login").await;
    c
}

async fn send(c: &mut Client, caller: Caller, call: &Call) -> Reply {
    if let Some(form) = &call.form {
        let fields: Vec<(&str, &str)> =
            form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        return c.post(&call.uri, &fields).await;
    }
    let mut request = Request::builder()
        .method(call.method.clone())
        .uri(&call.uri);
    // The API is called with a token, as scripts do; the pages with the session.
    if call.uri.starts_with("/api/v1") && !caller.anonymous() {
        request = request.header(header::AUTHORIZATION, format!("Bearer {}", caller.token()));
    }
    let body = match &call.json {
        Some(v) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    c.send(request.body(body).expect("request")).await
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_rules_say() {
    let s = store("matrix").await;
    for caller in CALLERS.iter().filter(|c| !c.anonymous()) {
        user(&s, caller.name, caller.grants).await;
        s.add_token("test", caller.name, &digest(&caller.token()), "matrix")
            .await
            .expect("token");
    }
    for council in COUNCILS {
        user(
            &s,
            &format!("m-target-{council}"),
            &[(council, Role::Editor)],
        )
        .await;
    }
    person(&s, "p-matrix-edit").await;
    let router = crate::app(&s);
    // A review in each council with one action and one approval to sign off.
    let mut admin = browser(&s, &router, CALLERS[6]).await;
    for c in COUNCILS {
        let rid = format!("{c}-matrix");
        for call in [new_review(c, &rid), action(c, &rid), approval(c, &rid)] {
            let r = send(&mut admin, CALLERS[6], &call).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", call.uri, r.body);
        }
    }

    let routes = assure_web::routes::<SqliteStore>();
    let mut browsers = Vec::new();
    for caller in CALLERS {
        browsers.push(browser(&s, &router, caller).await);
    }
    let (mut n, mut wrong) = (0, Vec::new());
    for route in &routes {
        for (i, caller) in CALLERS.into_iter().enumerate() {
            for council in COUNCILS {
                n += 1;
                let want = expected(route, caller, council);
                let call = request(&s, route, council, n).await;
                let r = send(&mut browsers[i], caller, &call).await;
                let got = outcome(&r);
                if got != want {
                    wrong.push(format!(
                        "{} {} as {}: expected {want:?}, got {got:?} ({})",
                        call.method, call.uri, caller.name, r.status
                    ));
                }
                // Signing in or out, or changing the password, changes the session: start again.
                if route.path == "/account/password" && got == Outcome::Allowed {
                    let hash = hash_password(PASSWORD, PasswordCost::Test).expect("hash");
                    s.set_password("test", caller.name, &hash)
                        .await
                        .expect("restores the password");
                }
                if matches!(route.path, "/login" | "/logout" | "/account/password")
                    && call.method == Method::POST
                {
                    browsers[i] = browser(&s, &router, caller).await;
                }
            }
        }
    }
    assert_eq!(n, routes.len() * CALLERS.len() * COUNCILS.len());
    assert!(
        wrong.is_empty(),
        "{} of {n} answers break the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_route_list_names_each_method_and_path_once() {
    let routes = assure_web::routes::<SqliteStore>();
    let mut seen = std::collections::HashSet::new();
    for r in &routes {
        assert!(seen.insert((r.method.clone(), r.path)), "{r:?} twice");
    }
    // Every route is in the matrix (this panics naming the first one that is not).
    for r in &routes {
        access(r);
    }
}
