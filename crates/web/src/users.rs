//! Managing users in the browser: an admin of a council adds users, gives and takes away roles
//! in that council and resets the passwords of users who work only there; an admin of every
//! council (a grant on `*`) does so everywhere. Every user can change their own password.
//!
//! What an admin sees is bounded by what they administer: a council admin sees only the users
//! who have a role in one of their councils, and only those roles. Nobody changes their own roles
//! here (another admin must), so an admin cannot lock the last admin out by mistake. A new or
//! reset password is made by the service and shown once; the user changes it on their account
//! page. Every change is in the audit log under the admin who made it (the store records it).

use crate::auth::{
    CurrentUser, Principal, USER_KEY, hash_password, new_password, password_problem,
    verify_password,
};
use crate::forms::{Choice, FieldError, error_for};
use crate::pages::render;
use crate::{AppError, AppState, Chrome, Routes};
use askama::Template;
use assure_store::accounts::valid_username;
use assure_store::{ALL_COUNCILS, Accounts, Grant, Role, Store, StoreError};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeSet;
use tower_sessions::Session;

pub(crate) fn routes<S: Store + Accounts + Clone + std::fmt::Debug + 'static>() -> Routes<S> {
    Routes::new()
        .get("/users", list::<S>)
        .get("/users/new", new_form::<S>)
        .post("/users/new", add::<S>)
        .get("/users/{username}", show::<S>)
        .post("/users/{username}/roles", set_role::<S>)
        .post("/users/{username}/password", reset_password::<S>)
        .get("/account", account::<S>)
        .post("/account/password", change_password::<S>)
}

/// The councils an admin administers.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Scope {
    /// An admin of every council.
    everywhere: bool,
    councils: BTreeSet<String>,
}

impl Scope {
    /// What `p` administers; `None` when they are an admin nowhere.
    fn of(p: &Principal) -> Option<Self> {
        let scope = Self {
            everywhere: p.can_everywhere(Role::Admin),
            councils: p
                .grants
                .iter()
                .filter(|(c, r)| *r == Role::Admin && c != ALL_COUNCILS)
                .map(|(c, _)| c.clone())
                .collect(),
        };
        (scope.everywhere || !scope.councils.is_empty()).then_some(scope)
    }

    /// Refuses people who administer nothing: they have no business here.
    fn require(p: &Principal) -> Result<Self, AppError> {
        Self::of(p).ok_or_else(|| {
            AppError::Forbidden("You need the admin role in a council to manage users.".to_owned())
        })
    }

    /// Whether the admin may give and take away roles in `council` (`*`: only an admin of
    /// every council).
    fn covers(&self, council: &str) -> bool {
        self.everywhere || (council != ALL_COUNCILS && self.councils.contains(council))
    }

    /// Whether the admin may see a user with `grants`: one of them is in their councils.
    fn sees(&self, grants: &[&Grant]) -> bool {
        self.everywhere || grants.iter().any(|g| self.covers(&g.council))
    }

    /// Whether the admin may reset the password of a user with `grants`: every role they have
    /// is in the admin's councils (so no council's admin can take over another council's user).
    fn answers_for(&self, grants: &[&Grant]) -> bool {
        self.everywhere || (!grants.is_empty() && grants.iter().all(|g| self.covers(&g.council)))
    }
}

/// A council's id and name, for choosing one.
#[derive(Clone, Debug)]
struct CouncilName {
    id: String,
    name: String,
}

/// The councils in the register, and `*` (every council).
async fn council_names<S: Store>(state: &AppState<S>) -> Result<Vec<CouncilName>, AppError> {
    let reg = crate::service::register(state).await?;
    let mut names = vec![CouncilName {
        id: ALL_COUNCILS.to_owned(),
        name: "Every council".to_owned(),
    }];
    names.extend(reg.councils().map(|o| CouncilName {
        id: o.id.to_string(),
        name: o.name.clone(),
    }));
    Ok(names)
}

fn name_of<'a>(names: &'a [CouncilName], id: &'a str) -> &'a str {
    names
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}

/// The choices of council an admin may give roles in.
fn council_choices(scope: &Scope, names: &[CouncilName], chosen: &str) -> Vec<Choice> {
    names
        .iter()
        .filter(|c| scope.covers(&c.id))
        .map(|c| Choice::new(&c.id, &c.name, "", c.id == chosen))
        .collect()
}

/// The role choices, with "No access" first when `none` (taking a role away).
fn role_choices(chosen: &str, none: bool) -> Vec<Choice> {
    let mut choices = Vec::new();
    if none {
        choices.push(Choice::new("none", "No access", "", chosen == "none"));
    }
    choices.extend(
        Role::ALL
            .iter()
            .map(|r| Choice::new(r.as_str(), role_label(*r), "", r.as_str() == chosen)),
    );
    choices
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Viewer => "Viewer: sees the council's register, findings, reviews and reports",
        Role::Editor => "Editor: also changes the register and reviews",
        Role::Approver => "Approver: also records sign-off of reviews",
        Role::Admin => "Admin: also manages the council's users",
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// Hashes off the async runtime: argon2 is deliberately slow.
async fn hash<S>(state: &AppState<S>, password: String) -> Result<String, AppError> {
    let cost = state.config.password_cost;
    tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(internal)?
}

/// A user's roles, as "Coventry City Council: editor".
#[derive(Clone, Debug)]
struct RoleLine {
    council_name: String,
    role: &'static str,
}

fn role_lines(grants: &[&Grant], scope: &Scope, names: &[CouncilName]) -> Vec<RoleLine> {
    grants
        .iter()
        .filter(|g| scope.covers(&g.council))
        .map(|g| RoleLine {
            council_name: name_of(names, &g.council).to_owned(),
            role: g.role.as_str(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The list.

#[derive(Clone, Debug)]
struct UserRow {
    username: String,
    name: String,
    roles: Vec<RoleLine>,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    rows: Vec<UserRow>,
    everywhere: bool,
    banner: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

async fn list<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let scope = Scope::require(&user)?;
    let names = council_names(&state).await?;
    let grants = state.store.grants().await?;
    let rows = state
        .store
        .users()
        .await?
        .into_iter()
        .filter_map(|u| {
            let theirs: Vec<&Grant> = grants.iter().filter(|g| g.username == u.username).collect();
            scope.sees(&theirs).then(|| UserRow {
                roles: role_lines(&theirs, &scope, &names),
                username: u.username,
                name: u.name,
            })
        })
        .collect();
    let banner = match q.done.as_deref() {
        Some("role") => Some("Role changed".to_owned()),
        _ => None,
    };
    Ok(Html(render(&UsersPage {
        chrome: Chrome::of(&user),
        rows,
        everywhere: scope.everywhere,
        banner,
    })))
}

// ---------------------------------------------------------------------------------------------
// Adding a user.

#[derive(Template)]
#[template(path = "user_new.html")]
struct NewUserPage {
    chrome: Chrome,
    errors: Vec<FieldError>,
    username: String,
    name: String,
    councils: Vec<Choice>,
    roles: Vec<Choice>,
}

impl NewUserPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    council: String,
    #[serde(default)]
    role: String,
}

fn new_user_page(
    user: &CurrentUser,
    scope: &Scope,
    names: &[CouncilName],
    form: NewUserForm,
    errors: Vec<FieldError>,
) -> NewUserPage {
    NewUserPage {
        chrome: Chrome::of(user),
        errors,
        councils: council_choices(scope, names, &form.council),
        roles: role_choices(
            if form.role.is_empty() {
                Role::Viewer.as_str()
            } else {
                &form.role
            },
            false,
        ),
        username: form.username,
        name: form.name,
    }
}

async fn new_form<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
) -> Result<Html<String>, AppError> {
    let scope = Scope::require(&user)?;
    let names = council_names(&state).await?;
    let page = new_user_page(&user, &scope, &names, NewUserForm::default(), Vec::new());
    Ok(Html(render(&page)))
}

#[derive(Template)]
#[template(path = "user_secret.html")]
struct SecretPage {
    chrome: Chrome,
    title: &'static str,
    username: String,
    name: String,
    password: String,
}

async fn add<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Form(mut form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let scope = Scope::require(&user)?;
    let names = council_names(&state).await?;
    form.username = form.username.trim().to_lowercase();
    form.name = form.name.trim().to_owned();
    let mut errors = Vec::new();
    if form.username.is_empty() {
        errors.push(FieldError::new("username", "Enter a user name"));
    } else if !valid_username(&form.username) {
        errors.push(FieldError::new(
            "username",
            "User name must be up to 64 lower-case letters, digits and . _ @ -, starting with a letter or digit",
        ));
    }
    if form.name.is_empty() {
        errors.push(FieldError::new("name", "Enter the person's full name"));
    }
    let known = names.iter().any(|c| c.id == form.council);
    if !known || !scope.covers(&form.council) {
        errors.push(FieldError::new(
            "council",
            "Select a council you administer",
        ));
    }
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push(FieldError::new("role", "Select a role"));
    }
    if let (true, Some(role)) = (errors.is_empty(), role) {
        let password = new_password()?;
        let digest = hash(&state, password.clone()).await?;
        match state
            .store
            .add_user(&user.username, &form.username, &form.name, &digest)
            .await
        {
            Ok(()) => {
                state
                    .store
                    .grant(&user.username, &form.username, &form.council, Some(role))
                    .await?;
                let page = SecretPage {
                    chrome: Chrome::of(&user),
                    title: "User added",
                    username: form.username,
                    name: form.name,
                    password,
                };
                return Ok(Html(render(&page)).into_response());
            }
            Err(StoreError::Exists { .. }) => errors.push(FieldError::new(
                "username",
                "There is already a user with this user name",
            )),
            Err(e) => return Err(e.into()),
        }
    }
    let page = new_user_page(&user, &scope, &names, form, errors);
    Ok((StatusCode::BAD_REQUEST, Html(render(&page))).into_response())
}

// ---------------------------------------------------------------------------------------------
// One user: their roles, and resetting their password.

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    chrome: Chrome,
    username: String,
    name: String,
    roles: Vec<RoleLine>,
    /// The user is the admin looking at the page.
    is_self: bool,
    may_reset: bool,
    errors: Vec<FieldError>,
    councils: Vec<Choice>,
    role_options: Vec<Choice>,
    banner: Option<String>,
}

impl UserPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

/// The user `username` as `scope` sees them: 404 when there is no such user or the admin may not
/// see them (which, as for councils, does not reveal who exists).
async fn target<S: Store + Accounts>(
    store: &S,
    scope: &Scope,
    username: &str,
) -> Result<(assure_store::User, Vec<Grant>), AppError> {
    let found = store.user(username).await?;
    let grants: Vec<Grant> = store
        .grants()
        .await?
        .into_iter()
        .filter(|g| g.username == username)
        .collect();
    match found {
        Some(u) if scope.sees(&grants.iter().collect::<Vec<_>>()) => Ok((u, grants)),
        _ => Err(AppError::NotFound(format!(
            "There is no user called {username}."
        ))),
    }
}

struct UserPageInput<'a> {
    errors: Vec<FieldError>,
    council: &'a str,
    role: &'a str,
    banner: Option<String>,
}

async fn user_page<S: Store + Accounts>(
    state: &AppState<S>,
    user: &CurrentUser,
    scope: &Scope,
    username: &str,
    input: UserPageInput<'_>,
) -> Result<UserPage, AppError> {
    let (target, grants) = target(&state.store, scope, username).await?;
    let names = council_names(state).await?;
    let refs: Vec<&Grant> = grants.iter().collect();
    Ok(UserPage {
        chrome: Chrome::of(user),
        roles: role_lines(&refs, scope, &names),
        is_self: target.username == user.username,
        may_reset: scope.answers_for(&refs) && target.username != user.username,
        errors: input.errors,
        councils: council_choices(scope, &names, input.council),
        role_options: role_choices(input.role, true),
        banner: input.banner,
        username: target.username,
        name: target.name,
    })
}

async fn show<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(username): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let scope = Scope::require(&user)?;
    let banner = match q.done.as_deref() {
        Some("role") => Some("Role changed".to_owned()),
        _ => None,
    };
    let input = UserPageInput {
        errors: Vec::new(),
        council: "",
        role: Role::Viewer.as_str(),
        banner,
    };
    let page = user_page(&state, &user, &scope, &username, input).await?;
    Ok(Html(render(&page)))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default)]
    council: String,
    #[serde(default)]
    role: String,
}

async fn set_role<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(username): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let scope = Scope::require(&user)?;
    target(&state.store, &scope, &username).await?;
    if username == user.username {
        return Err(AppError::Forbidden(
            "You cannot change your own roles. Ask another admin.".to_owned(),
        ));
    }
    let names = council_names(&state).await?;
    let mut errors = Vec::new();
    if !names.iter().any(|c| c.id == form.council) || !scope.covers(&form.council) {
        errors.push(FieldError::new(
            "council",
            "Select a council you administer",
        ));
    }
    let role = match form.role.as_str() {
        "none" => Ok(None),
        r => Role::parse(r).map(Some).ok_or(()),
    };
    if role.is_err() {
        errors.push(FieldError::new("role", "Select a role, or no access"));
    }
    if let (true, Ok(role)) = (errors.is_empty(), role) {
        state
            .store
            .grant(&user.username, &username, &form.council, role)
            .await?;
        let still_seen = target(&state.store, &scope, &username).await.is_ok();
        let to = if still_seen {
            format!("/users/{username}?done=role")
        } else {
            "/users?done=role".to_owned()
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let input = UserPageInput {
        errors,
        council: &form.council,
        role: &form.role,
        banner: None,
    };
    let page = user_page(&state, &user, &scope, &username, input).await?;
    Ok((StatusCode::BAD_REQUEST, Html(render(&page))).into_response())
}

async fn reset_password<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(username): Path<String>,
) -> Result<Response, AppError> {
    let scope = Scope::require(&user)?;
    let (target, grants) = target(&state.store, &scope, &username).await?;
    if target.username == user.username {
        return Err(AppError::Forbidden(
            "Change your own password on your account page.".to_owned(),
        ));
    }
    if !scope.answers_for(&grants.iter().collect::<Vec<_>>()) {
        return Err(AppError::Forbidden(
            "This user also has roles in councils you do not administer. Ask an admin of every council to reset their password.".to_owned(),
        ));
    }
    let password = new_password()?;
    let digest = hash(&state, password.clone()).await?;
    // This also ends every session the user has.
    state
        .store
        .set_password(&user.username, &target.username, &digest)
        .await?;
    let page = SecretPage {
        chrome: Chrome::of(&user),
        title: "Password reset",
        username: target.username,
        name: target.name,
        password,
    };
    Ok(Html(render(&page)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Your own account.

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    username: String,
    name: String,
    roles: Vec<RoleLine>,
    errors: Vec<FieldError>,
    banner: Option<String>,
}

impl AccountPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

async fn account_page<S: Store>(
    state: &AppState<S>,
    user: &CurrentUser,
    errors: Vec<FieldError>,
    banner: Option<String>,
) -> Result<AccountPage, AppError> {
    let names = council_names(state).await?;
    let roles = user
        .grants
        .iter()
        .map(|(c, r)| RoleLine {
            council_name: name_of(&names, c).to_owned(),
            role: r.as_str(),
        })
        .collect();
    Ok(AccountPage {
        chrome: Chrome::of(user),
        username: user.username.clone(),
        name: user.name.clone(),
        roles,
        errors,
        banner,
    })
}

async fn account<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let banner = (q.done.as_deref() == Some("password")).then(|| {
        "Your password has been changed. You have been signed out everywhere else.".to_owned()
    });
    Ok(Html(render(
        &account_page(&state, &user, Vec::new(), banner).await?,
    )))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

async fn change_password<S: Store + Accounts>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let stored = state
        .store
        .user(&user.username)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let current = form.current.clone();
    let matches =
        tokio::task::spawn_blocking(move || verify_password(&stored.password_hash, &current))
            .await
            .map_err(internal)?;
    if form.current.is_empty() {
        errors.push(FieldError::new("current", "Enter your current password"));
    } else if !matches {
        errors.push(FieldError::new(
            "current",
            "Your current password is not correct",
        ));
    }
    if form.new.is_empty() {
        errors.push(FieldError::new("new", "Enter a new password"));
    } else if let Some(problem) = password_problem(&form.new) {
        errors.push(FieldError::new("new", problem));
    } else if form.new == form.current {
        errors.push(FieldError::new(
            "new",
            "New password must be different from your current password",
        ));
    }
    if errors.is_empty() && form.confirm != form.new {
        errors.push(FieldError::new("confirm", "The passwords do not match"));
    }
    if errors.is_empty() {
        let digest = hash(&state, form.new).await?;
        // This ends every session of the user, this one included ...
        state
            .store
            .set_password(&user.username, &user.username, &digest)
            .await?;
        // ... so keep this browser signed in under a new session id.
        session.cycle_id().await.map_err(internal)?;
        session
            .insert(USER_KEY, &user.username)
            .await
            .map_err(internal)?;
        return Ok(Redirect::to("/account?done=password").into_response());
    }
    let page = account_page(&state, &user, errors, None).await?;
    Ok((StatusCode::BAD_REQUEST, Html(render(&page))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(grants: &[(&str, Role)]) -> Principal {
        Principal {
            username: "me".to_owned(),
            name: "Me".to_owned(),
            grants: grants.iter().map(|(c, r)| ((*c).to_owned(), *r)).collect(),
        }
    }

    fn grant(council: &str, role: Role) -> Grant {
        Grant {
            username: "them".to_owned(),
            council: council.to_owned(),
            role,
        }
    }

    #[test]
    fn only_admins_have_a_scope() {
        assert_eq!(Scope::of(&principal(&[("coventry", Role::Approver)])), None);
        assert_eq!(Scope::of(&principal(&[("*", Role::Editor)])), None);
        assert!(Scope::of(&principal(&[("coventry", Role::Admin)])).is_some());
    }

    #[test]
    fn a_council_admin_covers_their_council_but_never_every_council() {
        let scope = Scope::of(&principal(&[
            ("coventry", Role::Admin),
            ("sandwell", Role::Viewer),
        ]))
        .expect("admin");
        assert!(scope.covers("coventry"));
        assert!(!scope.covers("sandwell"));
        assert!(!scope.covers(ALL_COUNCILS));
        let everywhere = Scope::of(&principal(&[("*", Role::Admin)])).expect("admin");
        assert!(everywhere.covers(ALL_COUNCILS) && everywhere.covers("sandwell"));
    }

    #[test]
    fn a_council_admin_resets_passwords_only_of_users_wholly_in_their_councils() {
        let scope = Scope::of(&principal(&[("coventry", Role::Admin)])).expect("admin");
        let cov = grant("coventry", Role::Editor);
        let san = grant("sandwell", Role::Viewer);
        let all = grant("*", Role::Viewer);
        assert!(scope.answers_for(&[&cov]));
        assert!(!scope.answers_for(&[&cov, &san]));
        assert!(!scope.answers_for(&[&cov, &all]));
        assert!(
            !scope.answers_for(&[]),
            "a user with no role belongs to no council"
        );
        assert!(scope.sees(&[&cov, &san]));
        assert!(!scope.sees(&[&san]));
        assert!(!scope.sees(&[&all]));
    }
}
