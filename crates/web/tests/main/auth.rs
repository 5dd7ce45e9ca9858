//! Signing in and out, sessions, roles and CSRF.

use crate::{Client, PASSWORD, store, user};
use assure_store::{Accounts, Role};
use axum::http::StatusCode;

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_come_back_after() {
    let s = store("anonymous").await;
    let mut c = Client::anonymous(&s);
    let r = c.get("/councils/coventry?at=2019-02-12").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location(),
        Some("/login?next=%2Fcouncils%2Fcoventry%3Fat%3D2019-02-12")
    );
    let r = c.get(r.location().unwrap_or_default()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("<h1 class=\"govuk-heading-l\">Sign in</h1>")
    );
    let r = c
        .post(
            "/login",
            &[
                ("username", "viewer"),
                ("password", PASSWORD),
                ("next", "/councils/coventry?at=2019-02-12"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some("/councils/coventry?at=2019-02-12"));
    let r = c.get("/councils/coventry?at=2019-02-12").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Statutory roles on 12 February 2019"));
    assert!(
        r.body.contains("User viewer"),
        "the page names who is signed in"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_secure_and_same_site() {
    let s = store("cookie").await;
    let mut c = Client::anonymous(&s);
    let r = c.get("/login").await;
    let cookie = r
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("assure_session="), "{cookie}");
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
}

#[tokio::test]
async fn a_wrong_password_re_renders_the_form_with_the_error_summary() {
    let s = store("wrong").await;
    let mut c = Client::anonymous(&s);
    let r = c.sign_in("viewer", "not the password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("govuk-error-summary"));
    assert!(
        r.body
            .contains("<a href=\"#username\">Enter a correct user name and password</a>")
    );
    assert!(r.body.contains("<title>Error: Sign in"));
    let r = c
        .post("/login", &[("username", ""), ("password", "")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Enter your user name"));
    assert!(r.body.contains("Enter your password"));
    // Unknown users get the same answer as a wrong password.
    let r = c.sign_in("nobody", "whatever it is").await;
    assert!(r.body.contains("Enter a correct user name and password"));
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_user_name_for_fifteen_minutes() {
    let s = store("lockout").await;
    let mut c = Client::anonymous(&s);
    for _ in 0..5 {
        let r = c.sign_in("viewer", "wrong password!").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = c.sign_in("viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Too many failed attempts"));
}

#[tokio::test]
async fn signing_in_gives_a_new_session_id_and_signing_out_ends_it() {
    let s = store("fixation").await;
    let mut c = Client::anonymous(&s);
    c.get("/login").await;
    let before = c.cookie.clone();
    c.sign_in("viewer", PASSWORD).await;
    assert_ne!(c.cookie, before, "the session id changes at sign-in");
    let old = c.cookie.clone();
    // The CSRF token changed at sign-in too: the old page's token no longer works.
    let r = c.post("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    c.get("/").await;
    let r = c.post("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The old cookie no longer signs anyone in.
    let mut replay = Client::anonymous(&s);
    replay.cookie = old;
    let r = replay.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused() {
    let s = store("csrf").await;
    let mut c = Client::signed_in(&s, "viewer").await;
    let r = c.post_raw("/logout", String::new()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("did not come from this service"));
    let r = c.post_raw("/logout", "csrf_token=forged".to_owned()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Signing in needs it too.
    let mut a = Client::anonymous(&s);
    let r = a
        .post_raw(
            "/login",
            crate::encode(&[("username", "viewer"), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cross_site_origin_is_refused_even_with_the_token() {
    let s = store("origin").await;
    let mut c = Client::signed_in(&s, "viewer").await;
    let body = crate::encode(&[("csrf_token", &c.csrf.clone())]);
    let r = c
        .send(
            axum::http::Request::post("/logout")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "assure.example")
                .header("origin", "https://evil.example")
                .body(axum::body::Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_user_sees_only_the_councils_they_have_a_role_in() {
    let s = store("scoped").await;
    user(&s, "cov", &[("coventry", Role::Editor)]).await;
    let mut c = Client::signed_in(&s, "cov").await;
    let r = c.get("/").await;
    assert!(r.body.contains("Coventry City Council"));
    assert!(!r.body.contains("Sandwell"));
    let r = c.get("/councils/sandwell").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.get("/councils/sandwell/timeline").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c
        .get("/api/v1/councils/sandwell/findings?at=2019-02-12")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.get("/councils/coventry/timeline").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_audit_log_shows_only_councils_the_user_can_see() {
    let s = store("audit-scope").await;
    user(&s, "cov", &[("coventry", Role::Viewer)]).await;
    let mut c = Client::signed_in(&s, "cov").await;
    let r = c.get("/audit").await;
    assert!(r.body.contains("coventry"));
    assert!(!r.body.contains("sandwell"));
    // Access to one council is that council's business; access to all of them, and accounts
    // themselves, only for those who see every council.
    assert!(r.body.contains("cov/coventry"));
    assert!(!r.body.contains("viewer/*"));
    let mut all = Client::signed_in(&s, "viewer").await;
    let r = all.get("/audit").await;
    assert!(r.body.contains("viewer/*"));
}

#[tokio::test]
async fn the_api_needs_a_token_or_a_session() {
    let s = store("api-auth").await;
    let mut a = Client::anonymous(&s);
    let r = a.get("/api/v1/councils").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.headers
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    let token = "0123456789abcdef0123456789abcdef";
    s.add_token("test", "viewer", &assure_web::auth::digest(token), "tests")
        .await
        .expect("token");
    let r = a
        .send(
            axum::http::Request::get("/api/v1/councils")
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("coventry"));
    let r = a
        .send(
            axum::http::Request::get("/api/v1/councils")
                .header("authorization", "Bearer wrong")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn many_failed_sign_ins_from_one_address_block_it_whatever_the_user_name() {
    let s = store("auth-address").await;
    let mut c = Client::anonymous(&s);
    c.peer = Some("192.0.2.7:40000".parse().expect("address"));
    for i in 0..assure_web::throttle::MAX_PER_ADDRESS {
        let r = c.sign_in(&format!("guess-{i}"), "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Now even the right password for a real user is refused from this address ...
    let r = c.sign_in("viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("from your network"));
    // ... but not from another one.
    c.peer = Some("198.51.100.1:40000".parse().expect("address"));
    let r = c.sign_in("viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
