//! Managing users in the browser: council admins add users and change roles only in their own
//! councils; passwords are made by the service and shown once; everyone can change their own.

use crate::{Client, PASSWORD, store, user};
use assure_store::{Accounts, Role};
use axum::http::StatusCode;

/// The password shown once on the "User added" / "Password reset" page.
fn shown_password(body: &str) -> String {
    let marker = "id=\"password\">";
    let start = body.find(marker).expect("password shown") + marker.len();
    let end = body[start..].find('<').expect("end") + start;
    body[start..end].to_owned()
}

#[tokio::test]
async fn a_council_admin_adds_a_user_who_signs_in_with_the_password_shown_once() {
    let s = store("users-add").await;
    user(&s, "cov-admin", &[("coventry", Role::Admin)]).await;
    let mut admin = Client::signed_in(&s, "cov-admin").await;
    let form = admin.get("/users/new").await;
    assert_eq!(form.status, StatusCode::OK);
    // Only the councils the admin administers are offered.
    assert!(form.body.contains("value=\"coventry\""));
    assert!(!form.body.contains("value=\"sandwell\""));
    assert!(!form.body.contains("value=\"*\""));
    let r = admin
        .post(
            "/users/new",
            &[
                ("username", "  Jo.Bloggs "),
                ("name", "Jo Bloggs"),
                ("council", "coventry"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("User added"));
    let password = shown_password(&r.body);
    assert!(password.len() >= 12);

    let mut jo = Client::anonymous(&s);
    let r = jo.sign_in("jo.bloggs", &password).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(jo.get("/councils/coventry").await.status, StatusCode::OK);
    assert_eq!(
        jo.get("/councils/sandwell").await.status,
        StatusCode::NOT_FOUND
    );
    let grants = s.grants().await.expect("grants");
    assert!(
        grants.iter().any(|g| g.username == "jo.bloggs"
            && g.council == "coventry"
            && g.role == Role::Editor)
    );
}

#[tokio::test]
async fn adding_a_user_with_missing_or_bad_fields_shows_the_error_summary() {
    let s = store("users-add-errors").await;
    user(&s, "cov-admin", &[("coventry", Role::Admin)]).await;
    let mut admin = Client::signed_in(&s, "cov-admin").await;
    admin.get("/users/new").await;
    let r = admin
        .post(
            "/users/new",
            &[
                ("username", ""),
                ("name", ""),
                ("council", "sandwell"),
                ("role", "king"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("govuk-error-summary"));
    for message in [
        "Enter a user name",
        "Enter the person&#39;s full name",
        "Select a council you administer",
        "Select a role",
    ] {
        assert!(r.body.contains(message), "{message}: {}", r.body);
    }
    let r = admin
        .post(
            "/users/new",
            &[
                ("username", "cov-admin"),
                ("name", "X"),
                ("council", "coventry"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("There is already a user with this user name")
    );
    let r = admin
        .post(
            "/users/new",
            &[
                ("username", "Bad Name!"),
                ("name", "X"),
                ("council", "coventry"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("User name must be up to 64"));
}

#[tokio::test]
async fn a_council_admin_sees_only_the_users_and_roles_of_their_councils() {
    let s = store("users-list").await;
    user(&s, "cov-admin", &[("coventry", Role::Admin)]).await;
    user(
        &s,
        "both",
        &[("coventry", Role::Viewer), ("sandwell", Role::Editor)],
    )
    .await;
    user(&s, "sandwell-only", &[("sandwell", Role::Editor)]).await;
    let mut admin = Client::signed_in(&s, "cov-admin").await;
    let r = admin.get("/users").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("/users/both"));
    assert!(!r.body.contains("sandwell-only"));
    assert!(
        !r.body.contains("Sandwell"),
        "another council's roles are not shown"
    );
    assert_eq!(
        admin.get("/users/sandwell-only").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin.get("/users/nobody").await.status,
        StatusCode::NOT_FOUND
    );
    // An admin of every council sees everyone.
    user(&s, "root", &[("*", Role::Admin)]).await;
    let mut root = Client::signed_in(&s, "root").await;
    let r = root.get("/users").await;
    assert!(r.body.contains("sandwell-only") && r.body.contains("/users/viewer"));
}

#[tokio::test]
async fn only_admins_manage_users_and_anonymous_visitors_are_sent_to_sign_in() {
    let s = store("users-perms").await;
    user(&s, "cov-approver", &[("coventry", Role::Approver)]).await;
    let mut c = Client::signed_in(&s, "cov-approver").await;
    for uri in ["/users", "/users/new", "/users/viewer"] {
        assert_eq!(c.get(uri).await.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let r = c
        .post(
            "/users/viewer/roles",
            &[("council", "coventry"), ("role", "admin")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!c.get("/").await.body.contains("href=\"/users\""));
    let mut anon = Client::anonymous(&s);
    let r = anon.get("/users").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some("/login?next=%2Fusers"));
}

#[tokio::test]
async fn a_council_admin_changes_roles_only_in_their_councils_and_never_their_own() {
    let s = store("users-roles").await;
    user(&s, "cov-admin", &[("coventry", Role::Admin)]).await;
    user(
        &s,
        "both",
        &[("coventry", Role::Viewer), ("sandwell", Role::Editor)],
    )
    .await;
    let mut admin = Client::signed_in(&s, "cov-admin").await;
    assert!(admin.get("/").await.body.contains("href=\"/users\""));
    admin.get("/users/both").await;
    let r = admin
        .post(
            "/users/both/roles",
            &[("council", "coventry"), ("role", "approver")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some("/users/both?done=role"));
    for (council, role) in [
        ("sandwell", "viewer"),
        ("*", "viewer"),
        ("coventry", "emperor"),
    ] {
        let r = admin
            .post("/users/both/roles", &[("council", council), ("role", role)])
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{council} {role}");
        assert!(r.body.contains("govuk-error-summary"));
    }
    let r = admin
        .post(
            "/users/cov-admin/roles",
            &[("council", "coventry"), ("role", "viewer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Taking the role away: the user is still seen (no: only their Sandwell role is left, which
    // this admin does not see), so the admin goes back to the list.
    let r = admin
        .post(
            "/users/both/roles",
            &[("council", "coventry"), ("role", "none")],
        )
        .await;
    assert_eq!(r.location(), Some("/users?done=role"));
    let mut grants: Vec<(String, Role)> = s
        .grants()
        .await
        .expect("grants")
        .into_iter()
        .filter(|g| g.username == "both")
        .map(|g| (g.council, g.role))
        .collect();
    grants.sort();
    assert_eq!(grants, vec![("sandwell".to_owned(), Role::Editor)]);
}

#[tokio::test]
async fn a_password_reset_ends_the_users_sessions_and_needs_every_one_of_their_councils() {
    let s = store("users-reset").await;
    user(&s, "cov-admin", &[("coventry", Role::Admin)]).await;
    user(&s, "cov-editor", &[("coventry", Role::Editor)]).await;
    user(
        &s,
        "both",
        &[("coventry", Role::Viewer), ("sandwell", Role::Editor)],
    )
    .await;
    let mut editor = Client::signed_in(&s, "cov-editor").await;
    let mut admin = Client::signed_in(&s, "cov-admin").await;
    let page = admin.get("/users/cov-editor").await;
    assert!(page.body.contains("Reset password"));
    let r = admin.post("/users/cov-editor/password", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let password = shown_password(&r.body);
    // The editor's session has ended; the old password no longer works; the new one does.
    assert_eq!(editor.get("/").await.status, StatusCode::SEE_OTHER);
    let mut again = Client::anonymous(&s);
    assert_eq!(
        again.sign_in("cov-editor", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again.sign_in("cov-editor", &password).await.status,
        StatusCode::SEE_OTHER
    );
    // A user with a role in a council this admin does not administer: no reset.
    assert!(
        !admin
            .get("/users/both")
            .await
            .body
            .contains("Reset password")
    );
    let r = admin.post("/users/both/password", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        admin.post("/users/cov-admin/password", &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn everyone_changes_their_own_password_and_stays_signed_in_only_here() {
    let s = store("users-own-password").await;
    let mut here = Client::signed_in(&s, "viewer").await;
    let mut elsewhere = Client::signed_in(&s, "viewer").await;
    let page = here.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Every council"));
    let r = here
        .post(
            "/account/password",
            &[("current", "wrong"), ("new", "short"), ("confirm", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Your current password is not correct"));
    assert!(r.body.contains("Password must be 12 characters or more"));
    let r = here
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "a much longer one"),
                ("confirm", "a much longer 1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("The passwords do not match"));
    let r = here
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("new", "a much longer one"),
                ("confirm", "a much longer one"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = here.get("/account?done=password").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Your password has been changed"));
    assert_eq!(elsewhere.get("/").await.status, StatusCode::SEE_OTHER);
    let mut again = Client::anonymous(&s);
    assert_eq!(
        again.sign_in("viewer", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again.sign_in("viewer", "a much longer one").await.status,
        StatusCode::SEE_OTHER
    );
}
