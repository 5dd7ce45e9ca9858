//! Accounts at the HTTP edge: password hashing (argon2id), sessions kept in the database, the
//! signed-in user and their roles, API tokens, and CSRF protection.
//!
//! - **Passwords** are argon2id PHC strings; verification reads the parameters from the hash.
//! - **Sessions** are tower-sessions sessions over [`DbSessions`], our store over [`Accounts`]: the
//!   cookie holds a random id, the database holds its SHA-256 digest, so app instances are
//!   stateless and a copy of the database gives nobody a live session. The id changes at sign-in.
//! - **Roles** are per council ([`Role`]); a grant on `*` covers every council.
//! - **API tokens** are random, shown once, stored as digests, sent as `Authorization: Bearer`.
//! - **CSRF**: every unsafe request that could carry the session cookie must carry the session's
//!   CSRF token (form field `csrf_token` or header `X-CSRF-Token`), and a cross-site `Origin` is
//!   refused. Requests with a bearer token carry no ambient credential and skip the token check.

use crate::{AppError, AppState};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use assure_store::{ALL_COUNCILS, Accounts, Role, SessionRow, Store};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use std::fmt::Debug;
use tower_sessions::session::{Id, Record};
use tower_sessions::{Session, SessionStore, session_store};

/// The session key holding the signed-in user name.
pub const USER_KEY: &str = "user";
/// The session key holding the CSRF token.
pub const CSRF_KEY: &str = "csrf";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header that carries the CSRF token (for htmx and scripts using the session).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Failed sign-ins allowed per user name in [`LOCKOUT_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// The window over which failed sign-ins are counted.
pub const LOCKOUT_MINUTES: i64 = 15;
/// The shortest password accepted (NCSC advice favours length over complexity rules).
pub const MIN_PASSWORD_LEN: usize = 12;

/// How expensive password hashing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordCost {
    /// argon2's defaults (19 MiB, 2 passes): for real accounts.
    Standard,
    /// The cheapest argon2id allows: for tests only.
    Test,
}

/// Hashes `password` with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str, cost: PasswordCost) -> Result<String, AppError> {
    let hasher = match cost {
        PasswordCost::Standard => Argon2::default(),
        PasswordCost::Test => {
            let params = argon2::Params::new(argon2::Params::MIN_M_COST, 1, 1, None)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        }
    };
    hasher
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
}

/// Whether `password` matches the PHC string `hash` (parameters are read from the hash).
pub fn verify_password(hash: &str, password: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Why a new password is refused, if it is.
pub fn password_problem(password: &str) -> Option<String> {
    (password.chars().count() < MIN_PASSWORD_LEN)
        .then(|| format!("Password must be {MIN_PASSWORD_LEN} characters or more"))
}

fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh secret: 32 random bytes as hex (API tokens, CSRF tokens).
pub fn new_token() -> Result<String, AppError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// A fresh password of 20 letters and digits (no look-alikes), for `--demo` and the CLI.
pub fn new_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    Ok(random_bytes::<20>()?
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// The SHA-256 digest of `secret`, as hex: what the database keeps of sessions and tokens.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Sessions kept in the database, through [`Accounts`].
#[derive(Clone, Debug)]
pub struct DbSessions<S> {
    store: S,
}

impl<S> DbSessions<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn to_timestamp(t: time::OffsetDateTime) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t.unix_timestamp()).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

#[async_trait::async_trait]
impl<S: Accounts + Clone + Debug + 'static> SessionStore for DbSessions<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; a collision is all but impossible, but never reuse one.
        while self
            .store
            .load_session(&digest(&record.id.to_string()), jiff::Timestamp::now())
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let user = record
            .data
            .get(USER_KEY)
            .and_then(serde_json::Value::as_str);
        let row = SessionRow {
            data: serde_json::to_string(&record.data).map_err(backend)?,
            expires: to_timestamp(record.expiry_date),
        };
        self.store
            .save_session(&digest(&record.id.to_string()), user, &row)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = self
            .store
            .load_session(&digest(&id.to_string()), jiff::Timestamp::now())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&row.data).map_err(backend)?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(row.expires.as_second())
                .map_err(backend)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store
            .delete_session(&digest(&id.to_string()), jiff::Timestamp::now())
            .await
            .map_err(backend)
    }
}

/// Who is asking, and what they may do.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    pub username: String,
    pub name: String,
    /// (council or `*`, role).
    pub grants: Vec<(String, Role)>,
}

impl Principal {
    /// The user's role in `council`: the higher of their grant there and their grant on `*`.
    pub fn role_in(&self, council: &str) -> Option<Role> {
        self.grants
            .iter()
            .filter(|(c, _)| c == council || c == ALL_COUNCILS)
            .map(|(_, r)| *r)
            .max()
    }

    /// Whether the user has at least `role` in `council`.
    pub fn can(&self, council: &str, role: Role) -> bool {
        self.role_in(council).is_some_and(|r| r >= role)
    }

    /// Whether the user has at least `role` in every council (a grant on `*`).
    pub fn can_everywhere(&self, role: Role) -> bool {
        self.grants
            .iter()
            .any(|(c, r)| c == ALL_COUNCILS && *r >= role)
    }

    /// Refuses with 403 unless the user has at least `role` in `council`.
    pub fn require(&self, council: &str, role: Role) -> Result<(), AppError> {
        if self.can(council, role) {
            Ok(())
        } else if self.role_in(council).is_some() {
            Err(AppError::Forbidden(format!(
                "You need the {role} role in this council to do that."
            )))
        } else {
            // Do not tell people without access which councils exist.
            Err(AppError::NotFound(format!(
                "There is no council with the id {council}."
            )))
        }
    }
}

async fn principal<S: Store + Accounts>(
    store: &S,
    username: &str,
) -> Result<Option<Principal>, AppError> {
    Ok(store.user_with_grants(username).await?.map(principal_of))
}

/// The principal of the session's user `username`, from the register snapshot if it has been
/// read since the latest recorded change (account changes are recorded too, so a grant taken
/// away shows at once), else from the store. If the register cannot be read, the store is asked
/// directly, so signing in and the account pages do not depend on the register.
async fn session_principal<S: Store + Accounts>(
    state: &AppState<S>,
    username: &str,
) -> Result<Option<Principal>, AppError> {
    match crate::service::snapshot(state).await {
        Ok(snapshot) => {
            snapshot
                .principal(username, || principal(&state.store, username))
                .await
        }
        Err(_) => principal(&state.store, username).await,
    }
}

fn principal_of((user, grants): (assure_store::User, Vec<assure_store::Grant>)) -> Principal {
    Principal {
        username: user.username,
        name: user.name,
        grants: grants.into_iter().map(|g| (g.council, g.role)).collect(),
    }
}

/// The signed-in user of an HTML page, with the session's CSRF token for its forms. Anonymous
/// visitors are sent to the sign-in page, and come back after signing in.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub principal: Principal,
    pub csrf: String,
}

impl std::ops::Deref for CurrentUser {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

/// Where to send an anonymous visitor: the sign-in page, returning to `uri` afterwards.
pub fn login_redirect(uri: &Uri) -> Response {
    let next = uri
        .path_and_query()
        .map_or("/", axum::http::uri::PathAndQuery::as_str);
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

async fn session_of(parts: &mut Parts, state: &()) -> Result<Session, Response> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)
}

impl<S: Store + Accounts + Clone + 'static> FromRequestParts<AppState<S>> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, Response> {
        let session = session_of(parts, &()).await?;
        let username: Option<String> = session
            .get(USER_KEY)
            .await
            .map_err(|e| AppError::Internal(e.to_string()).into_response())?;
        let found = match username {
            Some(u) => session_principal(state, &u)
                .await
                .map_err(IntoResponse::into_response)?,
            None => None,
        };
        let Some(principal) = found else {
            return Err(login_redirect(&parts.uri));
        };
        let csrf = csrf_token(&session)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self { principal, csrf })
    }
}

/// The session's CSRF token, made when first needed.
pub async fn csrf_token(session: &Session) -> Result<String, AppError> {
    let internal = |e: tower_sessions::session::Error| AppError::Internal(e.to_string());
    if let Some(t) = session.get::<String>(CSRF_KEY).await.map_err(internal)? {
        return Ok(t);
    }
    let token = new_token()?;
    session.insert(CSRF_KEY, &token).await.map_err(internal)?;
    Ok(token)
}

/// The caller of the JSON API: a bearer token, or the browser session for safe requests.
#[derive(Clone, Debug)]
pub struct ApiUser(pub Principal);

impl std::ops::Deref for ApiUser {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

impl<S: Store + Accounts + Clone + 'static> FromRequestParts<AppState<S>> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, AppError> {
        if let Some(token) = bearer(&parts.headers) {
            // The token's user and grants in one round trip: this is every API call.
            return state
                .store
                .token_user_with_grants(&digest(token))
                .await?
                .map(|found| ApiUser(principal_of(found)))
                .ok_or(AppError::Unauthorized);
        }
        let username = match Session::from_request_parts(parts, &()).await {
            Ok(session) => session
                .get::<String>(USER_KEY)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?,
            Err(_) => None,
        };
        let Some(username) = username else {
            return Err(AppError::Unauthorized);
        };
        session_principal(state, &username)
            .await?
            .map(ApiUser)
            .ok_or(AppError::Unauthorized)
    }
}

/// Whether the request may come from this service's own pages: not marked cross-site by the
/// browser (`Sec-Fetch-Site`), and with no `Origin` naming another host. (`Origin: null`, which
/// browsers send in privacy-sensitive cases, proves nothing either way; the token decides.)
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
    };
    if text("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    let Some(origin) = text(header::ORIGIN.as_str()).filter(|o| *o != "null") else {
        return true;
    };
    let host = text(header::HOST.as_str());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o == h)
}

/// Refuses an unsafe request without the session's CSRF token (see the module notes).
pub async fn csrf_guard<S: Store + Accounts + Clone + 'static>(
    State(_state): State<AppState<S>>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    // The JSON API answers in JSON, the pages with an HTML page.
    let api = request.uri().path().starts_with("/api/");
    let refuse = |e: AppError| {
        if api {
            crate::api::error_response(e)
        } else {
            e.into_response()
        }
    };
    let method = request.method().clone();
    if matches!(
        method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) || bearer(request.headers()).is_some()
    {
        return next.run(request).await;
    }
    if !same_origin(request.headers()) {
        return refuse(AppError::Forbidden(FORGED.to_owned()));
    }
    // An API call carrying neither a token nor a signed-in session has no credential to forge:
    // let the endpoint answer 401 (what it lacks) rather than 403 (a forged form).
    if api {
        match session.get::<String>(USER_KEY).await {
            Ok(None) => return next.run(request).await,
            Ok(Some(_)) => {}
            Err(e) => return refuse(AppError::Internal(e.to_string())),
        }
    }
    let expected = match session.get::<String>(CSRF_KEY).await {
        Ok(t) => t,
        Err(e) => return refuse(AppError::Internal(e.to_string())),
    };
    let (parts, body) = request.into_parts();
    let from_header = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (given, body) = match from_header {
        Some(t) => (Some(t), body),
        None => match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(bytes) => {
                let token = form_urlencoded::parse(&bytes)
                    .find(|(k, _)| k == CSRF_FIELD)
                    .map(|(_, v)| v.into_owned());
                (token, Body::from(bytes))
            }
            Err(_) => {
                let mut response =
                    refuse(AppError::BadRequest("The form is too large.".to_owned()));
                *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
                return response;
            }
        },
    };
    match (expected, given) {
        (Some(e), Some(g)) if constant_time_eq(e.as_bytes(), g.as_bytes()) => {
            next.run(Request::from_parts(parts, body)).await
        }
        _ => refuse(AppError::Forbidden(FORGED.to_owned())),
    }
}

/// The largest form body read when looking for the CSRF token.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

const FORGED: &str = "This form has expired or did not come from this service. \
                      Go back, reload the page and try again.";

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_no_other() {
        let hash = hash_password("correct horse battery", PasswordCost::Test).expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterz"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let a = hash_password("correct horse battery", PasswordCost::Test).expect("hash");
        let b = hash_password("correct horse battery", PasswordCost::Test).expect("hash");
        assert_ne!(a, b);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(password_problem("short").is_some());
        assert!(password_problem("twelve chars").is_none());
    }

    #[test]
    fn tokens_are_random_hex_and_digests_are_sha256() {
        let a = new_token().expect("token");
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token().expect("token"));
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(new_password().expect("pw").len(), 20);
    }

    #[test]
    fn a_grant_on_every_council_counts_in_each_and_the_higher_role_wins() {
        let p = Principal {
            username: "ann".into(),
            name: "Ann".into(),
            grants: vec![
                ("*".into(), Role::Viewer),
                ("coventry".into(), Role::Approver),
            ],
        };
        assert_eq!(p.role_in("coventry"), Some(Role::Approver));
        assert_eq!(p.role_in("sandwell"), Some(Role::Viewer));
        assert!(p.can("coventry", Role::Editor));
        assert!(!p.can("sandwell", Role::Editor));
        assert!(p.can_everywhere(Role::Viewer));
        assert!(!p.can_everywhere(Role::Editor));
    }

    #[test]
    fn only_a_same_host_origin_passes() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().expect("header"));
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            "http://127.0.0.1:8080".parse().expect("header"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            "https://evil.example".parse().expect("header"),
        );
        assert!(!same_origin(&h));
    }
}
