//! The security review (issue 7), kept as tests: sessions, CSRF on every unsafe route, escaping
//! of everything people type, hostile query parameters and paths, response headers, and what
//! the libraries log while secrets pass through.

use crate::{Client, PASSWORD, Reply, store, user};
use assure_store::{Accounts, Role, Store};
use assure_store_sqlite::SqliteStore;
use assure_web::auth::digest;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

/// Script that must only ever reach a page escaped.
const PAYLOADS: [&str; 2] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
];

/// Signs in an admin of every council, who may use every route.
async fn admin(s: &SqliteStore) -> Client {
    user(s, "sec-admin", &[("*", Role::Admin)]).await;
    Client::signed_in(s, "sec-admin").await
}

/// [`admin`], who also has the API token `token`.
async fn admin_with_token(s: &SqliteStore, token: &str) -> Client {
    let client = admin(s).await;
    s.add_token("test", "sec-admin", &digest(token), "tests")
        .await
        .expect("token");
    client
}

/// A request with a bearer token.
fn api(method: Method, uri: &str, token: &str, body: Option<&Value>) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        r = r.header(header::CONTENT_TYPE, "application/json");
    }
    r.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request")
}

/// A concrete path for a route pattern (enough for the CSRF guard, which runs first).
fn concrete(path: &str) -> String {
    path.replace("{id}", "coventry")
        .replace("{table}", "people")
        .replace("{rid}", "coventry-2017")
        .replace("{n}", "1")
        .replace("{username}", "viewer")
        .replace("{*key}", "p-nobody")
        .replace("{kind}", "statement")
        .replace("{*rest}", "anything")
}

#[tokio::test]
async fn signing_in_changes_the_session_id_and_signing_out_ends_the_session() {
    let s = store("sec-fixation").await;
    let mut c = Client::anonymous(&s);
    c.get("/login").await;
    let planted = c.cookie.clone().expect("a session before signing in");
    let r = c.sign_in("viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let signed_in = c.cookie.clone().expect("a session");
    assert_ne!(planted, signed_in, "the id changes at sign-in");
    // A cookie planted before sign-in (session fixation) does not become signed in.
    let mut attacker = Client::anonymous(&s);
    attacker.cookie = Some(planted);
    let r = attacker.get("/").await;
    assert!(r.location().is_some_and(|l| l.starts_with("/login")));
    c.get("/").await;
    assert_eq!(c.post("/logout", &[]).await.status, StatusCode::SEE_OTHER);
    // After signing out the old cookie signs nobody in, on the pages or the API.
    let mut replay = Client::anonymous(&s);
    replay.cookie = Some(signed_in);
    let r = replay.get("/").await;
    assert!(r.location().is_some_and(|l| l.starts_with("/login")));
    let r = replay.get("/api/v1/councils").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_unsafe_route_refuses_a_session_request_without_the_right_csrf_token() {
    let s = store("sec-csrf").await;
    let mut c = admin(&s).await;
    let audit = s.audit().await.expect("audit").len();
    let unsafe_routes: Vec<_> = assure_web::routes::<SqliteStore>()
        .into_iter()
        .filter(|r| r.method.as_ref().is_none_or(|m| !m.is_safe()))
        .collect();
    assert!(unsafe_routes.len() > 15, "{unsafe_routes:?}");
    for route in unsafe_routes {
        let method = route.method.clone().unwrap_or(Method::POST);
        let uri = concrete(route.path);
        for body in [String::new(), "csrf_token=forged&name=x".to_owned()] {
            let r = c
                .send(
                    Request::builder()
                        .method(method.clone())
                        .uri(&uri)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(Body::from(body.clone()))
                        .expect("request"),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {uri} {body:?}");
        }
        // A wrong token in the header is refused too.
        let r = c
            .send(
                Request::builder()
                    .method(method.clone())
                    .uri(&uri)
                    .header("x-csrf-token", "forged")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from("{}"))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {uri} (header)");
    }
    assert_eq!(
        s.audit().await.expect("audit").len(),
        audit,
        "nothing changed"
    );
    assert_eq!(c.get("/").await.status, StatusCode::OK, "still signed in");
}

/// Sets every free-text field of `body` (and of its actions and approvals) to a payload.
fn poison(body: &mut Value, n: &mut usize) -> bool {
    const TEXT: [&str; 14] = [
        "name",
        "title",
        "decision",
        "citation",
        "summary",
        "opinion",
        "working_well",
        "worried_about",
        "needs_to_happen",
        "reason",
        "decided_by",
        "area",
        "url",
        "notes",
    ];
    let mut changed = false;
    let Some(map) = body.as_object_mut() else {
        return false;
    };
    for key in TEXT {
        if let Some(v) = map.get_mut(key)
            && v.is_string()
        {
            *v = Value::from(PAYLOADS[*n % 2]);
            *n += 1;
            changed = true;
        }
    }
    for list in ["actions", "approvals"] {
        if let Some(Value::Array(rows)) = map.get_mut(list) {
            for row in rows {
                changed |= poison(row, n);
            }
        }
    }
    changed
}

fn assert_escaped(uri: &str, r: &Reply) {
    for p in PAYLOADS {
        assert!(!r.body.contains(p), "{uri} shows {p} unescaped");
    }
    assert!(!r.body.contains("<img src=x"), "{uri}");
    assert!(!r.body.contains("<script>alert"), "{uri}");
}

#[tokio::test]
async fn script_typed_into_any_text_field_is_shown_escaped_on_every_page() {
    let s = store("sec-xss").await;
    let token = "sec-xss-token";
    let mut c = admin_with_token(&s, token).await;
    // Through the API: every text field of every Coventry entry.
    let r = c
        .send(api(
            Method::GET,
            "/api/v1/councils/coventry/register",
            token,
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let entries: Vec<Value> = serde_json::from_str(&r.body).expect("json");
    let (mut n, mut reviews, mut edits) = (0, Vec::new(), Vec::new());
    for e in entries {
        let (table, key) = (
            e["table"].as_str().expect("table"),
            e["key"].as_str().expect("key"),
        );
        let mut body = e["body"].clone();
        if table == "reviews" {
            reviews.push(key.to_owned());
        }
        if !poison(&mut body, &mut n) {
            continue;
        }
        let enc: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
        let r = c
            .send(api(
                Method::PUT,
                &format!("/api/v1/councils/coventry/register/{table}/{enc}"),
                token,
                Some(&json!({"base": e["version"], "body": body})),
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{table} {key}: {}", r.body);
        edits.push(format!(
            "/councils/coventry/register/{table}/edit?key={enc}"
        ));
    }
    assert!(n > 50, "{n} fields poisoned");
    // Through the forms: an action, an approval, and a user's name.
    let rid = &reviews[0];
    for (uri, fields) in [
        (
            format!("/councils/coventry/reviews/{rid}/actions/new"),
            vec![
                ("title", PAYLOADS[0]),
                ("owner", "cov-chief-executive"),
                ("due-day", "1"),
                ("due-month", "1"),
                ("due-year", "2026"),
            ],
        ),
        (
            format!("/councils/coventry/reviews/{rid}/approvals/new"),
            vec![
                ("name", PAYLOADS[1]),
                ("title", PAYLOADS[0]),
                ("kind", "approver"),
                ("area", PAYLOADS[1]),
                ("sent-day", "1"),
                ("sent-month", "1"),
                ("sent-year", "2026"),
            ],
        ),
    ] {
        let r = c.post(&uri, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{uri}: {}", r.body);
    }
    let r = c
        .post(
            "/users/new",
            &[
                ("username", "sec-victim"),
                ("name", PAYLOADS[1]),
                ("council", "coventry"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_escaped("/users/new", &r);
    user(&s, "sec-named", &[("coventry", Role::Editor)]).await;
    let hash = assure_web::auth::hash_password(PASSWORD, assure_web::auth::PasswordCost::Test)
        .expect("hash");
    s.add_user("test", "sec-script", PAYLOADS[0], &hash)
        .await
        .expect("user");
    s.grant("test", "sec-script", "coventry", Some(Role::Viewer))
        .await
        .expect("grant");

    // Every page that shows them, and pages that echo what was asked for.
    let q = |p: &str| -> String { form_urlencoded::byte_serialize(p.as_bytes()).collect() };
    let mut pages = vec![
        "/".to_owned(),
        "/councils/coventry?at=2019-02-12".to_owned(),
        "/councils/coventry".to_owned(),
        "/councils/coventry/register?at=2019-02-12".to_owned(),
        "/councils/coventry/register".to_owned(),
        "/councils/coventry/timeline".to_owned(),
        "/councils/coventry/reviews".to_owned(),
        "/councils/coventry/report?kind=statement&at=2019-02-12&format=html".to_owned(),
        "/councils/coventry/report?kind=assurance-document&at=2019-02-12&format=html".to_owned(),
        "/audit".to_owned(),
        "/users".to_owned(),
        "/users/sec-victim".to_owned(),
        "/users/sec-script".to_owned(),
    ];
    for p in PAYLOADS {
        let p = q(p);
        pages.extend([
            format!("/?q={p}"),
            format!("/audit?council={p}&entity={p}&actor={p}"),
            format!("/councils/coventry?day={p}&month=1&year=2019"),
            format!("/councils/coventry?at={p}"),
            format!("/councils/coventry/timeline?from={p}"),
            format!("/councils/{p}"),
            format!("/councils/coventry/register/{p}/new"),
            format!("/councils/coventry/reviews/{p}"),
            format!("/users/{p}"),
            format!("/login?next=/{p}"),
            format!("/no/such/{p}"),
        ]);
    }
    for rid in &reviews {
        pages.extend([
            format!("/councils/coventry/reviews/{rid}"),
            format!("/councils/coventry/reviews/{rid}/edit"),
        ]);
    }
    pages.extend(edits);
    // The pages that show what was stored do show it (escaped), so the test is not vacuous.
    for uri in pages.iter().take(13) {
        let r = c.get(uri).await;
        assert!(r.body.contains("alert(1)"), "{uri} does not show the text");
    }
    for uri in &pages {
        let r = c.get(uri).await;
        assert!(
            r.status.is_success() || r.status.is_client_error(),
            "{uri}: {}",
            r.status
        );
        assert_escaped(uri, &r);
    }
    // The user whose name is a script sees their own name escaped in every page's header.
    let mut named = Client::signed_in(&s, "sec-script").await;
    for uri in ["/", "/account", "/councils/coventry"] {
        let r = named.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_escaped(uri, &r);
        assert!(
            r.body.contains("script&#62;alert(1)"),
            "{uri} shows the name"
        );
    }
}

/// What the store holds (register entries, audit entries, users), for checking nothing changed.
async fn everything(s: &SqliteStore) -> (usize, usize, usize) {
    (
        s.current(None).await.expect("register").len(),
        s.audit().await.expect("audit").len(),
        s.users().await.expect("users").len(),
    )
}

#[tokio::test]
async fn sql_in_filters_and_query_parameters_is_only_ever_text() {
    let s = store("sec-sql").await;
    let token = "sec-sql-token";
    let mut c = admin_with_token(&s, token).await;
    let before = everything(&s).await;
    assert!(before.0 > 100);
    for payload in [
        "' OR 1=1 --",
        "\"; DROP TABLE facts; --",
        "'; DELETE FROM users; --",
        "1; UPDATE sessions SET expires = 0",
        "coventry' UNION SELECT password_hash FROM users --",
    ] {
        let p: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        let mut uris = vec![
            format!("/?q={p}"),
            format!("/?sort={p}"),
            format!("/audit?council={p}"),
            format!("/audit?entity={p}"),
            format!("/audit?actor={p}"),
            format!("/councils/coventry?at={p}"),
            format!("/councils/coventry?day={p}&month={p}&year={p}"),
            format!("/councils/coventry/timeline?from={p}&to={p}"),
            format!("/councils/coventry/register?at={p}"),
            format!("/councils/coventry/register/people/edit?key={p}"),
            format!("/councils/coventry/report?kind={p}&at={p}&format={p}"),
            format!("/councils/coventry/report?kind=statement&at=2019-02-12&format=md&review={p}"),
            format!("/councils/{p}"),
            format!("/councils/coventry/reviews/{p}"),
            format!("/users/{p}"),
        ];
        let api_uris = [
            format!("/api/v1/councils/{p}/findings"),
            format!("/api/v1/councils/coventry/findings?at={p}"),
            format!("/api/v1/councils/coventry/timeline?from={p}&to={p}"),
            format!("/api/v1/councils/coventry/register/people/{p}"),
            format!("/api/v1/councils/coventry/register/{p}/x"),
            format!("/api/v1/councils/coventry/reviews/{p}"),
            format!("/api/v1/councils/coventry/reports/statement?at={p}&format=md"),
            format!("/api/v1/councils/coventry/reports/statement?format=md&review={p}"),
        ];
        uris.extend(api_uris.iter().cloned());
        for uri in &uris {
            let r = if uri.starts_with("/api/") {
                c.send(api(Method::GET, uri, token, None)).await
            } else {
                c.get(uri).await
            };
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{uri}: {} {}",
                r.status,
                r.body
            );
            assert!(!r.body.contains("$argon2"), "{uri} shows a password hash");
        }
        // As a sign-in name and password, too.
        let mut a = Client::anonymous(&s);
        let r = a.sign_in(payload, payload).await;
        assert!(r.status.is_client_error(), "{payload}: {}", r.status);
    }
    assert_eq!(everything(&s).await, before, "nothing was changed or lost");
    assert_eq!(c.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn paths_with_dot_dot_never_reach_the_file_system() {
    let s = store("sec-traversal").await;
    let mut c = admin(&s).await;
    for evil in [
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "..%252F..%252Fetc%252Fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "....//....//etc/passwd",
        "..\\..\\etc\\passwd",
    ] {
        for uri in [
            format!("/assets/{evil}"),
            format!("/assets/govuk-frontend-6.6.0.min.css/{evil}"),
            format!("/api/docs/{evil}"),
            format!("/api/v1/{evil}"),
            format!("/councils/coventry/report?kind={evil}&at=2019-02-12&format=html"),
            format!("/councils/coventry/report?kind=statement&at=2019-02-12&format={evil}"),
            format!("/councils/coventry/register/{evil}/new"),
            format!("/councils/coventry/calendar{evil}"),
            format!("/api/v1/councils/coventry/reports/{evil}?format=md"),
            format!("/api/v1/councils/coventry/register/people/{evil}"),
            format!("/api/v1/councils/coventry/register/{evil}"),
            format!("/{evil}"),
        ] {
            let r = c.get(&uri).await;
            assert!(
                matches!(
                    r.status,
                    StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
                ),
                "{uri}: {}",
                r.status
            );
            assert!(!r.body.contains("root:"), "{uri} shows /etc/passwd");
        }
    }
}

/// The `Set-Cookie` header of `r` (empty if none).
fn set_cookie(r: &Reply) -> String {
    r.headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let s = store("sec-headers").await;
    let mut anonymous = Client::anonymous(&s);
    let r = anonymous.get("/login").await;
    let cookie = set_cookie(&r);
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    let r = anonymous.sign_in("viewer", PASSWORD).await;
    let cookie = set_cookie(&r);
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} in the signed-in {cookie}"
        );
    }
    let mut c = Client::signed_in(&s, "viewer").await;
    for uri in [
        "/",
        "/login",
        "/councils/coventry",
        "/councils/nowhere",
        "/councils/coventry/calendar",
        "/councils/coventry/report?kind=statement&at=2019-02-12&format=html",
        "/api/v1/councils",
        "/api/v1/nothing",
        "/api/openapi.json",
        "/api/docs/",
        assure_web::GOVUK_CSS_PATH,
        "/healthz",
    ] {
        let r = c.get(uri).await;
        let h = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let csp = h("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{uri}: {directive} in {csp:?}");
        }
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(h("x-frame-options"), "DENY", "{uri}");
        assert_eq!(h("referrer-policy"), "same-origin", "{uri}");
        assert!(!h("content-type").is_empty(), "{uri} says what it is");
    }
    // Anonymous answers too: the sign-in redirect and a 401.
    let mut a = Client::anonymous(&s);
    for uri in ["/councils/coventry", "/api/v1/councils"] {
        let r = a.get(uri).await;
        assert_eq!(
            r.headers
                .get("x-frame-options")
                .and_then(|v| v.to_str().ok()),
            Some("DENY"),
            "{uri}"
        );
    }
}

/// A tracing subscriber that writes every event and span field, at every level, to a buffer.
mod capture {
    use std::fmt::Write as _;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Debug, Default)]
    pub(super) struct Buffer(pub(super) Arc<Mutex<String>>);

    struct Text<'a>(&'a mut String);

    impl Visit for Text<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    impl Buffer {
        fn push(&self, target: &str, f: impl FnOnce(&mut Text<'_>)) {
            let mut text = self.0.lock().expect("lock");
            let _ = write!(text, "\n{target}:");
            f(&mut Text(&mut text));
        }
    }

    impl Subscriber for Buffer {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            self.push(span.metadata().target(), |t| span.record(t));
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            self.push("record", |t| values.record(t));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            self.push(event.metadata().target(), |t| event.record(t));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn passwords_tokens_and_session_ids_never_reach_the_logs() {
    let s = store("sec-logs").await;
    let buffer = capture::Buffer::default();
    let _guard = tracing::subscriber::set_default(buffer.clone());
    let token = "sec-logs-token-0123456789abcdef";
    s.add_token("test", "viewer", &digest(token), "tests")
        .await
        .expect("token");
    let mut c = Client::anonymous(&s);
    let r = c.sign_in("viewer", "a wrong password here").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = c.sign_in("viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let session = c.cookie.clone().expect("cookie");
    let session = session.split('=').nth(1).expect("id").to_owned();
    c.get("/").await;
    let csrf = c.csrf.clone();
    c.get("/account").await;
    let r = c
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "a brand new long password"),
                ("confirm", "a brand new long password"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .send(api(Method::GET, "/api/v1/councils", token, None))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = c
        .send(api(
            Method::GET,
            "/api/v1/councils",
            "a-wrong-token-xyz",
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let logs = buffer.0.lock().expect("lock").clone();
    for secret in [
        PASSWORD,
        "a wrong password here",
        "a brand new long password",
        token,
        "a-wrong-token-xyz",
        &session,
        &csrf,
    ] {
        assert!(!logs.contains(secret), "{secret:?} in the logs:\n{logs}");
    }
    // The capture works: the database layer does log (its statements, without values).
    assert!(!logs.is_empty(), "nothing was captured");
}
