//! The register cache ([`assure_web::service::RegisterCache`]): an app instance reuses the
//! register it has read for as long as nothing is recorded, and every change (made through it,
//! through another instance over the same database, or straight into the store) shows in its very
//! next answer. A long-running instance's answers are compared with those of a fresh instance,
//! which has nothing cached.

use crate::{Client, Reply, store, user};
use assure_store::{
    Accounts, Applied, AuditEntry, Change, Grant, MigrationStatus, Role, SessionRow, Store,
    StoreError, User, Version,
};
use assure_store_sqlite::SqliteStore;
use assure_web::auth::{PasswordCost, digest};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The DCS designation of the Director of Children's Services post, 2019-04-01 to 2023-06-29.
const DCS_2019: &str = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01";
/// Coventry's DCS designation today.
const DCS_NOW: &str = "designation:coventry/dcs/cov-chief-partnerships-officer/2023-06-30";
/// The API token of the user `editor`.
const TOKEN: &str = "editor-token-0123456789abcdef0123456789abcdef";

/// Adds `editor`, who may edit Coventry, with the API token [`TOKEN`].
async fn editor(s: &SqliteStore) {
    user(s, "editor", &[("coventry", Role::Editor)]).await;
    s.add_token("test", "editor", &digest(TOKEN), "tests")
        .await
        .expect("adds token");
}

/// Sends `method uri` through `app` with the editor's token (and `body` as JSON).
async fn api(app: &mut Client, method: Method, uri: &str, body: Option<Value>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json");
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    app.send(request.body(body).expect("request")).await
}

fn entry_uri(key: &str) -> String {
    let key: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
    format!("/api/v1/councils/coventry/register/designations/{key}")
}

/// Moves the end of [`DCS_2019`] to `to` through `app`'s API.
async fn end_dcs_2019(app: &mut Client, to: &str) {
    let r = api(app, Method::GET, &entry_uri(DCS_2019), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entry: Value = serde_json::from_str(&r.body).expect("JSON");
    let mut body = entry["body"].clone();
    body["to"] = json!(to);
    let put = json!({"body": body, "base": entry["version"]});
    let r = api(app, Method::PUT, &entry_uri(DCS_2019), Some(put)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// What the editor is told: Coventry's findings on 1 June 2021 (API), the tables of its
/// dashboard that day (roles and findings; the rest of the page carries the session's CSRF
/// token), and the councils' status today (API).
async fn answers(app: &mut Client) -> [String; 3] {
    let findings = api(
        app,
        Method::GET,
        "/api/v1/councils/coventry/findings?at=2021-06-01",
        None,
    )
    .await;
    let dashboard = app.get("/councils/coventry?at=2021-06-01").await;
    let councils = api(app, Method::GET, "/api/v1/councils", None).await;
    for r in [&findings, &dashboard, &councils] {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let page = &dashboard.body;
    let tables = page.find("<table").expect("tables")..page.rfind("</table>").expect("tables");
    [findings.body, page[tables].to_owned(), councils.body]
}

/// The answers of an app instance that has read nothing yet.
async fn fresh(s: &SqliteStore) -> [String; 3] {
    answers(&mut Client::signed_in(s, "editor").await).await
}

/// The status of `rule` in the findings answer.
fn status(answers: &[String; 3], rule: &str) -> String {
    let findings: Value = serde_json::from_str(&answers[0]).expect("JSON");
    findings["councils"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|f| f["rule"] == rule)
        .and_then(|f| f["status"].as_str())
        .expect("the rule")
        .to_owned()
}

/// How many duties in law Coventry fails today, in the councils answer.
fn must_failing(answers: &[String; 3]) -> u64 {
    let councils: Value = serde_json::from_str(&answers[2]).expect("JSON");
    councils
        .as_array()
        .expect("councils")
        .iter()
        .find(|c| c["id"] == "coventry")
        .and_then(|c| c["must_failing"].as_u64())
        .expect("Coventry")
}

#[tokio::test]
async fn an_edit_is_seen_by_the_next_request() {
    let s = store("cache-edit").await;
    editor(&s).await;
    let mut app = Client::signed_in(&s, "editor").await;
    let before = answers(&mut app).await;
    assert_eq!(status(&before, "dcs_designated"), "pass");
    assert_eq!(answers(&mut app).await, before, "asked again, the same");

    // Through this app: the 2019 DCS designation ends early, leaving no DCS in June 2021.
    end_dcs_2019(&mut app, "2021-03-31").await;
    let edited = answers(&mut app).await;
    assert_eq!(status(&edited, "dcs_designated"), "fail");
    assert_ne!(edited[1], before[1], "the dashboard shows the change");
    assert_eq!(edited, fresh(&s).await);

    // Straight into the store, behind the app's back: today's DCS designation is deleted.
    let current = s.history("designations", DCS_NOW).await.expect("history");
    let version = current.last().expect("stored").version;
    s.apply(
        "elsewhere",
        vec![Change::Delete {
            table: "designations".into(),
            key: DCS_NOW.into(),
            base: Some(version),
        }],
    )
    .await
    .expect("deletes");
    let deleted = answers(&mut app).await;
    assert!(
        must_failing(&deleted) > must_failing(&edited),
        "no DCS today: {} > {}",
        must_failing(&deleted),
        must_failing(&edited)
    );
    assert_eq!(deleted, fresh(&s).await);

    // Through another app instance over the same database: the 2019 designation is put back.
    let mut other = Client::signed_in(&s, "editor").await;
    end_dcs_2019(&mut other, "2023-06-29").await;
    let restored = answers(&mut app).await;
    assert_eq!(status(&restored, "dcs_designated"), "pass");
    assert_eq!(restored[..2], before[..2], "June 2021 as it was");
    assert_eq!(restored, fresh(&s).await);
}

/// A store that counts how often the whole register, and its version, are read from it, and
/// can be made slow to answer the version (it reads the version at once, then waits).
#[derive(Clone, Debug)]
struct Counting {
    inner: SqliteStore,
    reads: Arc<AtomicUsize>,
    version_reads: Arc<AtomicUsize>,
    version_delay: Duration,
}

impl Counting {
    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }

    fn version_reads(&self) -> usize {
        self.version_reads.load(Ordering::SeqCst)
    }
}

impl Store for Counting {
    async fn migrate(&self) -> Result<(), StoreError> {
        self.inner.migrate().await
    }

    async fn migrations(&self) -> Result<Vec<MigrationStatus>, StoreError> {
        self.inner.migrations().await
    }

    async fn current(&self, recorded_at: Option<Timestamp>) -> Result<Vec<Version>, StoreError> {
        if recorded_at.is_none() {
            self.reads.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.current(recorded_at).await
    }

    async fn apply_with<P: Fn(usize, usize) + Send + Sync>(
        &self,
        actor: &str,
        changes: Vec<Change>,
        progress: P,
    ) -> Result<Applied, StoreError> {
        self.inner.apply_with(actor, changes, progress).await
    }

    async fn register_version(&self) -> Result<i64, StoreError> {
        self.version_reads.fetch_add(1, Ordering::SeqCst);
        let version = self.inner.register_version().await;
        tokio::time::sleep(self.version_delay).await;
        version
    }

    async fn history(&self, table: &str, key: &str) -> Result<Vec<Version>, StoreError> {
        self.inner.history(table, key).await
    }

    async fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.inner.audit().await
    }
}

impl Accounts for Counting {
    async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.inner.user(username).await
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        self.inner.users().await
    }

    async fn add_user(
        &self,
        actor: &str,
        username: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        self.inner
            .add_user(actor, username, name, password_hash)
            .await
    }

    async fn set_password(
        &self,
        actor: &str,
        username: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        self.inner
            .set_password(actor, username, password_hash)
            .await
    }

    async fn grants_of(&self, username: &str) -> Result<Vec<Grant>, StoreError> {
        self.inner.grants_of(username).await
    }

    async fn grants(&self) -> Result<Vec<Grant>, StoreError> {
        self.inner.grants().await
    }

    async fn grant(
        &self,
        actor: &str,
        username: &str,
        council: &str,
        role: Option<Role>,
    ) -> Result<(), StoreError> {
        self.inner.grant(actor, username, council, role).await
    }

    async fn load_session(
        &self,
        id_digest: &str,
        now: Timestamp,
    ) -> Result<Option<SessionRow>, StoreError> {
        self.inner.load_session(id_digest, now).await
    }

    async fn save_session(
        &self,
        id_digest: &str,
        username: Option<&str>,
        row: &SessionRow,
    ) -> Result<(), StoreError> {
        self.inner.save_session(id_digest, username, row).await
    }

    async fn delete_session(&self, id_digest: &str, now: Timestamp) -> Result<(), StoreError> {
        self.inner.delete_session(id_digest, now).await
    }

    async fn add_token(
        &self,
        actor: &str,
        username: &str,
        digest: &str,
        label: &str,
    ) -> Result<(), StoreError> {
        self.inner.add_token(actor, username, digest, label).await
    }

    async fn token_user(&self, digest: &str) -> Result<Option<String>, StoreError> {
        self.inner.token_user(digest).await
    }

    async fn login_failed(&self, username: &str, at: Timestamp) -> Result<(), StoreError> {
        self.inner.login_failed(username, at).await
    }

    async fn login_failures(&self, username: &str, since: Timestamp) -> Result<i64, StoreError> {
        self.inner.login_failures(username, since).await
    }

    async fn login_succeeded(&self, username: &str) -> Result<(), StoreError> {
        self.inner.login_succeeded(username).await
    }
}

/// An app instance over `s` through a [`Counting`] store, and the counter.
fn counted(s: &SqliteStore) -> (Counting, Client) {
    slow_counted(s, Duration::ZERO)
}

/// [`counted`], with the store taking `version_delay` to answer the register version.
fn slow_counted(s: &SqliteStore, version_delay: Duration) -> (Counting, Client) {
    let counting = Counting {
        inner: s.clone(),
        reads: Arc::default(),
        version_reads: Arc::default(),
        version_delay,
    };
    let router = assure_web::app_with(
        counting.clone(),
        assure_web::Config {
            password_cost: PasswordCost::Test,
            ..assure_web::Config::default()
        },
    );
    let app = Client {
        store: s.clone(),
        router,
        cookie: None,
        csrf: String::new(),
        peer: None,
    };
    (counting, app)
}

#[tokio::test]
async fn repeated_requests_read_the_register_once_until_it_changes() {
    let s = store("cache-reads").await;
    editor(&s).await;
    let (counting, mut app) = counted(&s);
    let reads = [
        "/api/v1/councils/coventry/findings?at=2019-02-12",
        "/api/v1/councils/coventry/findings?at=2021-06-01",
        "/api/v1/councils",
        "/api/v1/councils",
        "/api/v1/councils/coventry/register",
        "/api/v1/councils/coventry/timeline",
    ];
    for uri in reads {
        let r = api(&mut app, Method::GET, uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    }
    assert_eq!(counting.reads(), 1, "read once, then reused");

    end_dcs_2019(&mut app, "2021-03-31").await;
    for uri in reads {
        api(&mut app, Method::GET, uri, None).await;
    }
    assert_eq!(counting.reads(), 2, "read again once after the change");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_arriving_together_at_an_empty_cache_read_the_register_once() {
    let s = store("cache-together").await;
    editor(&s).await;
    let (counting, app) = counted(&s);
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let router = app.router.clone();
        let request = Request::get("/api/v1/councils/coventry/findings?at=2019-02-12")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .expect("request");
        requests.spawn(tower::ServiceExt::oneshot(router, request));
    }
    while let Some(response) = requests.join_next().await {
        let response = response.expect("task").expect("responds");
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(counting.reads(), 1, "one reload; the others waited for it");
}

/// Sends a findings request for Coventry on `at` with the editor's token through `router`, as its
/// own task.
fn findings_task(
    router: &axum::Router,
    at: &str,
) -> tokio::task::JoinHandle<Result<axum::response::Response, std::convert::Infallible>> {
    let request = Request::get(format!("/api/v1/councils/coventry/findings?at={at}"))
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    tokio::spawn(tower::ServiceExt::oneshot(router.clone(), request))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_arriving_together_share_their_reads_of_the_register_version() {
    let s = store("cache-version-shared").await;
    editor(&s).await;
    let (counting, app) = slow_counted(&s, Duration::from_millis(200));
    let warm = findings_task(&app.router, "2019-02-12").await;
    assert_eq!(
        warm.expect("task").expect("responds").status(),
        StatusCode::OK
    );
    let before = counting.version_reads();
    let requests: Vec<_> = (0..16)
        .map(|_| findings_task(&app.router, "2019-02-12"))
        .collect();
    for request in requests {
        let response = request.await.expect("task").expect("responds");
        assert_eq!(response.status(), StatusCode::OK);
    }
    let shared = counting.version_reads() - before;
    // The first request's read, and at most one or two more for those that arrived after it
    // had started: not one per request.
    assert!(shared <= 3, "16 requests read the version {shared} times");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_arriving_after_a_write_never_uses_a_version_read_from_before_it() {
    let s = store("cache-version-fresh").await;
    editor(&s).await;
    let (_, app) = slow_counted(&s, Duration::from_millis(300));
    // Warm the cache, then start a request whose version read (taken at once, answered 300 ms
    // later) is from before the write below.
    let warm = findings_task(&app.router, "2021-06-01").await;
    assert_eq!(
        warm.expect("task").expect("responds").status(),
        StatusCode::OK
    );
    let early = findings_task(&app.router, "2021-06-01");
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Straight into the store while that read is in flight: no DCS from April 2021.
    let dcs = s.history("designations", DCS_2019).await.expect("history");
    let mut body = dcs.last().expect("stored").body.clone();
    body["to"] = json!("2021-03-31");
    s.apply(
        "elsewhere",
        vec![Change::Put {
            table: "designations".into(),
            key: DCS_2019.into(),
            council: Some("coventry".into()),
            body,
            base: Some(dcs.last().expect("stored").version),
        }],
    )
    .await
    .expect("writes");
    // Asked after the write, while the early read is still running: must see the write.
    let late = findings_task(&app.router, "2021-06-01");
    let late = late.await.expect("task").expect("responds");
    assert_eq!(late.status(), StatusCode::OK);
    let body = axum::body::to_bytes(late.into_body(), usize::MAX)
        .await
        .expect("body");
    let findings: Value = serde_json::from_slice(&body).expect("JSON");
    let dcs_designated = findings["councils"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|f| f["rule"] == "dcs_designated")
        .and_then(|f| f["status"].as_str())
        .expect("the rule");
    assert_eq!(dcs_designated, "fail", "the late request sees the write");
    early.await.expect("task").expect("responds");
}

#[tokio::test]
async fn a_grant_taken_away_behind_the_apps_back_shows_at_the_next_request() {
    let s = store("cache-grants").await;
    editor(&s).await;
    let mut app = Client::signed_in(&s, "editor").await;
    for _ in 0..2 {
        let page = app.get("/councils/coventry?at=2021-06-01").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    // Straight into the store: the editor's role in Coventry is taken away.
    s.grant("elsewhere", "editor", "coventry", None)
        .await
        .expect("revokes");
    let page = app.get("/councils/coventry?at=2021-06-01").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    // And given back, as an approver.
    s.grant("elsewhere", "editor", "coventry", Some(Role::Approver))
        .await
        .expect("grants");
    let page = app.get("/councils/coventry?at=2021-06-01").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}
