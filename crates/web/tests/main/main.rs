//! The web application through its router (`app_with(...).oneshot(...)`), over SQLite stores
//! holding the example councils. A [`Client`] keeps the session cookie between requests and adds
//! the CSRF token to forms, as a browser would.

mod api;
mod auth;
mod cache;
mod matrix;
mod pages;
mod register;
mod reviews;
mod security;
mod users;

use assure_store::{Accounts, Change, Role, Store};
use assure_store_sqlite::SqliteStore;
use assure_web::auth::{PasswordCost, hash_password};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The password every test user has.
pub const PASSWORD: &str = "correct horse battery";

/// A fresh SQLite store holding the three example councils, and a user `viewer` who may view
/// every council.
pub async fn store(name: &str) -> SqliteStore {
    let dir = std::env::temp_dir().join(format!("assure-web-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store = SqliteStore::open(&format!("sqlite:{}", path.display()))
        .await
        .expect("opens");
    for text in [
        include_str!("../../../../examples/coventry.toml"),
        include_str!("../../../../examples/sandwell.toml"),
        include_str!("../../../../examples/st-helens.toml"),
    ] {
        let reg =
            assure_domain::reader::read(&[assure_domain::reader::Source::new("x.toml", text)])
                .expect("reads");
        let changes = assure_domain::writer::entries(&reg)
            .iter()
            .map(Change::put)
            .collect();
        store.apply("test", changes).await.expect("imports");
    }
    user(&store, "viewer", &[("*", Role::Viewer)]).await;
    store
}

/// Adds a user with [`PASSWORD`] and the given roles.
pub async fn user(store: &SqliteStore, username: &str, grants: &[(&str, Role)]) {
    let hash = hash_password(PASSWORD, PasswordCost::Test).expect("hash");
    store
        .add_user("test", username, &format!("User {username}"), &hash)
        .await
        .expect("adds user");
    for (council, role) in grants {
        store
            .grant("test", username, council, Some(*role))
            .await
            .expect("grants");
    }
}

/// The application as the tests run it: cheap password hashing, otherwise as for real.
pub fn app(store: &SqliteStore) -> axum::Router {
    assure_web::app_with(
        store.clone(),
        assure_web::Config {
            password_cost: PasswordCost::Test,
            ..assure_web::Config::default()
        },
    )
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    /// Where a redirect goes.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

/// A browser: keeps the session cookie and the page's CSRF token.
#[derive(Debug)]
pub struct Client {
    pub store: SqliteStore,
    /// One application for all of this client's requests (its in-memory state is kept).
    pub router: axum::Router,
    pub cookie: Option<String>,
    pub csrf: String,
    /// The address requests come from, as the server passes it (`ConnectInfo`).
    pub peer: Option<std::net::SocketAddr>,
}

impl Client {
    /// A visitor who has not signed in.
    pub fn anonymous(store: &SqliteStore) -> Self {
        Self {
            store: store.clone(),
            router: app(store),
            cookie: None,
            csrf: String::new(),
            peer: None,
        }
    }

    /// A visitor signed in as `username` (with [`PASSWORD`]).
    pub async fn signed_in(store: &SqliteStore, username: &str) -> Self {
        let mut c = Self::anonymous(store);
        let reply = c.sign_in(username, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        // The token changes at sign-in: pick up the new one from a page.
        c.get("/").await;
        c
    }

    /// Fills in and sends the sign-in form.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Reply {
        self.get("/login").await;
        self.post("/login", &[("username", username), ("password", password)])
            .await
    }

    /// Sends `request`, with the session cookie, and keeps any new cookie and CSRF token.
    pub async fn send(&mut self, mut request: Request<Body>) -> Reply {
        if let Some(cookie) = &self.cookie {
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie"));
        }
        if let Some(peer) = self.peer {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("responds");
        let status = response.status();
        let headers = response.headers().clone();
        if let Some(set) = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            let pair = set.split(';').next().unwrap_or_default();
            self.cookie = Some(pair.to_owned());
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(token) = csrf_in(&body) {
            self.csrf = token;
        }
        Reply {
            status,
            headers,
            body,
            bytes,
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// Posts a form with the page's CSRF token added, as the browser does.
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &self.csrf)];
        all.extend_from_slice(fields);
        let body = encode(&all);
        self.post_raw(uri, body).await
    }

    /// Posts an already encoded form body as it is (no token added).
    pub async fn post_raw(&mut self, uri: &str, body: String) -> Reply {
        self.send(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }
}

/// `application/x-www-form-urlencoded` of `fields`.
pub fn encode(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The CSRF token in a page's forms.
fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

/// GETs `uri` as the viewer of every council: (status, headers, body).
pub async fn get(store: &SqliteStore, uri: &str) -> (StatusCode, HeaderMap, String) {
    let mut c = Client::signed_in(store, "viewer").await;
    let r = c.get(uri).await;
    (r.status, r.headers, r.body)
}
