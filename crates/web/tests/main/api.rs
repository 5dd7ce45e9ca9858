//! The JSON API under `/api/v1` and its OpenAPI document: the document is valid and recorded,
//! every endpoint it documents answers as documented (status, media type and schema), and the
//! API keeps the register's rules: roles, versions, validation, the audit log.

use crate::{Client, Reply, store, user};
use assure_store::{Accounts, Role, Store};
use assure_store_sqlite::SqliteStore;
use axum::body::Body;
use axum::http::header;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Adds a user with `grants` and an API token for them; returns the token.
async fn token(store: &SqliteStore, username: &str, grants: &[(&str, Role)]) -> String {
    if !grants.is_empty() {
        user(store, username, grants).await;
    }
    let token = format!("{username}-token-0123456789abcdef0123456789abcdef");
    store
        .add_token("test", username, &assure_web::auth::digest(&token), "tests")
        .await
        .expect("adds token");
    token
}

/// Sends `method uri` with `token` as a bearer token and `body` as JSON.
async fn call(
    store: &SqliteStore,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        request = request.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            request = request.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    Client::anonymous(store)
        .send(request.body(body).expect("request"))
        .await
}

/// Puts `body` at `uri` with `token`, based on version `base`.
async fn put(store: &SqliteStore, uri: &str, token: &str, body: &Value, base: Value) -> Reply {
    let put = json!({"body": body, "base": base});
    call(store, Method::PUT, uri, Some(token), Some(&put)).await
}

fn json_of(r: &Reply) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// Percent-encodes one path segment (everything but the unreserved characters).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The first current entry of `table` in council `id`'s register: (key, version, body).
async fn first(store: &SqliteStore, token: &str, id: &str, table: &str) -> (String, i64, Value) {
    let r = call(
        store,
        Method::GET,
        &format!("/api/v1/councils/{id}/register"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entries = json_of(&r);
    let e = entries
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["table"] == table)
        .unwrap_or_else(|| panic!("no {table} in {id}"))
        .clone();
    (
        e["key"].as_str().expect("key").to_owned(),
        e["version"].as_i64().expect("version"),
        e["body"].clone(),
    )
}

fn entry_uri(id: &str, table: &str, key: &str) -> String {
    format!("/api/v1/councils/{id}/register/{table}/{}", encode(key))
}

async fn openapi(store: &SqliteStore) -> Value {
    let r = call(store, Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    json_of(&r)
}

// ---------------------------------------------------------------------------------------------
// The document.

#[tokio::test]
async fn the_openapi_document_is_as_recorded() {
    let s = store("api-openapi-snapshot").await;
    let mut doc = openapi(&s).await;
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    // The version changes with every release; the rest only when the API does.
    doc["info"]["version"] = json!("[version]");
    insta::assert_snapshot!(
        "openapi",
        serde_json::to_string_pretty(&doc).expect("prints")
    );
}

/// `#/components/schemas/X` -> the schema X.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let mut at = doc;
    for part in reference.strip_prefix("#/")?.split('/') {
        at = at.get(part.replace("~1", "/").replace("~0", "~"))?;
    }
    Some(at)
}

/// Every `$ref` in `v`, with where it is.
fn refs(v: &Value, here: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref"
                    && let Some(r) = x.as_str()
                {
                    out.push((here.to_owned(), r.to_owned()));
                }
                refs(x, &format!("{here}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                refs(x, &format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Every operation of the document: (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) {
                out.push((path.clone(), method.clone(), op.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_is_valid() {
    let s = store("api-openapi-valid").await;
    let doc = openapi(&s).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Assure API");
    assert!(
        doc.get("servers").is_none(),
        "servers are left to the client"
    );
    let mut problems = Vec::new();
    let mut all_refs = Vec::new();
    refs(&doc, "#", &mut all_refs);
    assert!(!all_refs.is_empty());
    for (here, r) in &all_refs {
        if !r.starts_with("#/components/") || resolve(&doc, r).is_none() {
            problems.push(format!("{here}: $ref {r} does not resolve"));
        }
    }
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    for requirement in doc["security"].as_array().expect("global security") {
        for name in requirement.as_object().expect("requirement").keys() {
            if !schemes.contains_key(name) {
                problems.push(format!("security: no scheme {name}"));
            }
        }
    }
    let mut ids = BTreeSet::new();
    let ops = operations(&doc);
    assert!(ops.len() >= 10, "{} operations", ops.len());
    for (path, method, op) in &ops {
        let at = format!("{method} {path}");
        if !path.starts_with("/api/v1/") {
            problems.push(format!("{at}: not under /api/v1"));
        }
        match op["operationId"].as_str() {
            Some(id) if ids.insert(id.to_owned()) => {}
            Some(id) => problems.push(format!("{at}: operationId {id} used twice")),
            None => problems.push(format!("{at}: no operationId")),
        }
        let responses = op["responses"].as_object();
        if responses.is_none_or(|r| !r.keys().any(|k| k.starts_with('2'))) {
            problems.push(format!("{at}: no success response"));
        }
        for (code, response) in responses.into_iter().flatten() {
            if response["description"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{at}: response {code} has no description"));
            }
        }
        // Path parameters: each `{name}` in the path is declared, required, and nothing else is.
        let in_path: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
            .collect();
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let declared: BTreeSet<String> = params
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| {
                if p["required"] != true {
                    problems.push(format!("{at}: path parameter {} not required", p["name"]));
                }
                p["name"].as_str().unwrap_or_default().to_owned()
            })
            .collect();
        if in_path != declared {
            problems.push(format!(
                "{at}: path has {in_path:?}, parameters declare {declared:?}"
            ));
        }
        for p in &params {
            if p.get("schema").is_none() {
                problems.push(format!("{at}: parameter {} has no schema", p["name"]));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 7 (found by tests/contract): every example the document gives for a path or query
/// parameter, and the example change, name something in the example register, so a reader
/// trying them (or a tool generating requests from them) reaches the API's logic rather than a
/// 404. The key example named a post that does not exist.
#[tokio::test]
async fn the_documented_examples_name_things_in_the_example_register() {
    let s = store("api-examples").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let doc = openapi(&s).await;
    let mut problems = Vec::new();
    for (path, method, op) in operations(&doc) {
        // Reports have no examples for their kind and format; their documents are checked in
        // `reports_come_as_documents_to_download`. Deletion has no example version.
        if method == "delete" || op["operationId"] == "get_report" {
            continue;
        }
        let mut uri = path.clone();
        let mut query = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().expect("name");
            let Some(example) = p["example"].as_str() else {
                problems.push(format!("{method} {path}: {name} has no example"));
                continue;
            };
            if p["in"] == "path" {
                uri = uri.replace(&format!("{{{name}}}"), &encode(example));
            } else {
                query.push(format!("{name}={example}"));
            }
        }
        if !query.is_empty() {
            uri = format!("{uri}?{}", query.join("&"));
        }
        let (m, body) = if method == "put" {
            let example = doc["components"]["schemas"]["PutEntry"]["example"].clone();
            assert!(example.is_object(), "PutEntry has no example");
            (Method::PUT, Some(example))
        } else {
            (Method::GET, None)
        };
        let r = call(&s, m.clone(), &uri, Some(&t), body.as_ref()).await;
        if r.status != StatusCode::OK {
            problems.push(format!("{m} {uri}: {} {}", r.status, r.body));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 7 (found by tests/contract): `?at=` with nothing after it was taken for today, though
/// the document promises a date. An empty date is not a date.
#[tokio::test]
async fn an_empty_date_is_refused_as_not_a_date() {
    let s = store("api-empty-date").await;
    let t = token(&s, "viewer", &[]).await;
    for (uri, name) in [
        ("/api/v1/councils/coventry/findings?at=", "at"),
        ("/api/v1/councils/coventry/timeline?from=", "from"),
        ("/api/v1/councils/coventry/timeline?to=", "to"),
        (
            "/api/v1/councils/coventry/reports/statement?format=md&at=",
            "at",
        ),
    ] {
        let r = call(&s, Method::GET, uri, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        assert!(
            json_of(&r)["error"]
                .as_str()
                .is_some_and(|e| e.starts_with(&format!("`{name}` must be a real date"))),
            "{uri}: {}",
            r.body
        );
    }
}

/// Whether `value` is valid against `schema` (the parts of JSON Schema the document uses:
/// `$ref`, `type`, `enum`, `properties`, `required`, `items`, `oneOf`/`anyOf`/`allOf`). An
/// object property the schema does not describe is a problem too: the document must say all.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match resolve(doc, r) {
            Some(s) => conforms(doc, s, value, at, problems),
            None => problems.push(format!("{at}: unresolved {r}")),
        }
        return;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            let fits = alternatives.iter().any(|alt| {
                let mut p = Vec::new();
                conforms(doc, alt, value, at, &mut p);
                p.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: {value} fits no alternative of {key}"));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            conforms(doc, s, value, at, problems);
        }
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {choices:?}"));
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            problems.push(format!("{at}: {value} is not {types:?}"));
            return;
        }
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !obj.contains_key(name) {
                problems.push(format!("{at}: no {name}"));
            }
        }
        for (k, v) in obj {
            match props.get(k) {
                Some(s) => conforms(doc, s, v, &format!("{at}.{k}"), problems),
                None => problems.push(format!("{at}: {k} is not documented")),
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            conforms(doc, items, v, &format!("{at}[{i}]"), problems);
        }
    }
}

#[tokio::test]
async fn every_documented_endpoint_answers_with_its_documented_success() {
    let s = store("api-walk").await;
    let t = token(
        &s,
        "walker",
        &[("*", Role::Viewer), ("coventry", Role::Editor)],
    )
    .await;
    let doc = openapi(&s).await;
    let (designation, version, body) = first(&s, &t, "coventry", "designations").await;
    assert!(designation.contains('/') && designation.contains(':'));
    let (event, event_version, _) = first(&s, &t, "coventry", "events").await;
    let mut ops = operations(&doc);
    // The deletion goes last, so the rest see the register whole.
    ops.sort_by_key(|(_, method, _)| method == "delete");
    let mut problems = Vec::new();
    for (path, method, op) in &ops {
        let deleting = method == "delete";
        let (key, base) = if deleting {
            (&event, event_version)
        } else {
            (&designation, version)
        };
        let mut uri = path.clone();
        let mut query = Vec::new();
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().expect("name");
            let value = match name {
                "id" => "coventry".to_owned(),
                "table" if deleting => "events".to_owned(),
                "table" => "designations".to_owned(),
                "key" => encode(key),
                "rid" => "coventry-2017".to_owned(),
                "kind" => "statement".to_owned(),
                "format" => "md".to_owned(),
                "base" => base.to_string(),
                _ => match p["example"].as_str() {
                    Some(example) => example.to_owned(),
                    None if p["required"] == true => {
                        panic!("{method} {path}: no value for required {name}")
                    }
                    None => continue,
                },
            };
            if p["in"] == "path" {
                uri = uri.replace(&format!("{{{name}}}"), &value);
            } else {
                query.push(format!("{name}={value}"));
            }
        }
        if !query.is_empty() {
            uri = format!("{uri}?{}", query.join("&"));
        }
        let request_body = op
            .get("requestBody")
            .map(|_| json!({"body": body, "base": version}));
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let r = call(&s, m, &uri, Some(&t), request_body.as_ref()).await;
        let at = format!("{method} {uri}");
        let code = r.status.as_u16().to_string();
        let documented: Vec<&String> = op["responses"]
            .as_object()
            .expect("responses")
            .keys()
            .filter(|k| k.starts_with('2'))
            .collect();
        if !documented.contains(&&code) {
            problems.push(format!(
                "{at}: {code} is not a documented success {documented:?}: {}",
                r.body
            ));
            continue;
        }
        let response = &op["responses"][&code];
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            if !r.bytes.is_empty() {
                problems.push(format!("{at}: a body where none is documented"));
            }
            continue;
        };
        let mime = r
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let bare = mime.split(';').next().unwrap_or_default().trim();
        let Some(media) = content.get(bare) else {
            problems.push(format!("{at}: {mime} is not documented"));
            continue;
        };
        if bare == "application/json" {
            let schema = media.get("schema").expect("a schema");
            conforms(&doc, schema, &json_of(&r), &at, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Who may do what.

#[tokio::test]
async fn anonymous_callers_get_401_with_a_bearer_challenge_in_json() {
    let s = store("api-anonymous").await;
    for uri in [
        "/api/v1/councils",
        "/api/v1/councils/coventry/findings",
        "/api/v1/councils/coventry/register",
        "/api/v1/councils/coventry/reviews/coventry-2017",
    ] {
        let r = call(&s, Method::GET, uri, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(r.headers["www-authenticate"], "Bearer", "{uri}");
        assert_eq!(r.headers["content-type"], "application/json", "{uri}");
        assert!(
            json_of(&r)["error"]
                .as_str()
                .is_some_and(|e| e.contains("Bearer"))
        );
    }
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils",
        Some("not-a-token"),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = call(
        &s,
        Method::PUT,
        "/api/v1/councils/coventry/register/posts/x",
        None,
        Some(&json!({"body": {}, "base": 0})),
    )
    .await;
    // The CSRF guard refuses a write without a token or a session's CSRF token first.
    assert!(
        matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        "{}",
        r.status
    );
}

#[tokio::test]
async fn a_browser_session_write_without_its_csrf_token_is_refused_in_json() {
    let s = store("api-session-csrf").await;
    user(&s, "editor", &[("coventry", Role::Editor)]).await;
    let mut browser = Client::signed_in(&s, "editor").await;
    let uri = entry_uri("coventry", "posts", "x");
    let put = |with_token: Option<&str>| {
        let mut request =
            Request::put(uri.as_str()).header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = with_token {
            request = request.header("x-csrf-token", t);
        }
        request
            .body(Body::from(json!({"body": {}, "base": 0}).to_string()))
            .expect("request")
    };
    let r = browser.send(put(None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        json_of(&r)["error"]
            .as_str()
            .is_some_and(|e| e.contains("did not come from this service")),
        "{}",
        r.body
    );
    // With the session's token in the header, the same request reaches the API (and is judged
    // on its body: an empty post is not a valid register entry).
    let token = browser.csrf.clone();
    let r = browser.send(put(Some(&token))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn a_viewer_token_may_read_but_not_change_the_register() {
    let s = store("api-viewer").await;
    let t = token(&s, "viewer", &[]).await;
    let (key, version, body) = first(&s, &t, "coventry", "designations").await;
    let uri = entry_uri("coventry", "designations", &key);
    let r = call(&s, Method::GET, &uri, Some(&t), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = put(&s, &uri, &t, &body, json!(version)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        json_of(&r)["error"]
            .as_str()
            .is_some_and(|e| e.contains("editor"))
    );
    let r = call(
        &s,
        Method::DELETE,
        &format!("{uri}?base={version}"),
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_coventry_only_token_finds_no_sandwell() {
    let s = store("api-scoped").await;
    let t = token(&s, "cov", &[("coventry", Role::Editor)]).await;
    let r = call(&s, Method::GET, "/api/v1/councils", Some(&t), None).await;
    let ids: Vec<Value> = json_of(&r)
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!("coventry")]);
    let all = token(&s, "all", &[("*", Role::Viewer)]).await;
    let (key, version, body) = first(&s, &all, "sandwell", "designations").await;
    for uri in [
        "/api/v1/councils/sandwell/findings?at=2019-02-12".to_owned(),
        "/api/v1/councils/sandwell/timeline".to_owned(),
        "/api/v1/councils/sandwell/register".to_owned(),
        "/api/v1/councils/sandwell/reviews".to_owned(),
        "/api/v1/councils/sandwell/reports/statement?format=md".to_owned(),
        entry_uri("sandwell", "designations", &key),
    ] {
        let r = call(&s, Method::GET, &uri, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(
            json_of(&r)["error"],
            "There is no council with the id sandwell."
        );
    }
    let r = call(
        &s,
        Method::PUT,
        &entry_uri("sandwell", "designations", &key),
        Some(&t),
        Some(&json!({"body": body, "base": version})),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nor through Coventry's own address.
    let r = call(
        &s,
        Method::GET,
        &entry_uri("coventry", "designations", &key),
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// Writing.

#[tokio::test]
async fn a_put_on_a_stale_base_is_a_conflict_and_changes_nothing() {
    let s = store("api-conflict").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let (key, version, mut body) = first(&s, &t, "coventry", "designations").await;
    let uri = entry_uri("coventry", "designations", &key);
    body["decision"] = json!("Changed by someone who had an old copy");
    let audit_before = s.audit().await.expect("audit").len();
    for base in [version - 1, version + 1, 0] {
        let r = put(&s, &uri, &t, &body, json!(base)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "base {base}: {}", r.body);
        assert!(
            json_of(&r)["error"]
                .as_str()
                .is_some_and(|e| e.contains(&format!("is at version {version}"))),
            "{}",
            r.body
        );
    }
    let r = call(&s, Method::GET, &uri, Some(&t), None).await;
    let now = json_of(&r);
    assert_eq!(now["version"], version);
    assert_ne!(now["body"]["decision"], body["decision"]);
    assert_eq!(s.audit().await.expect("audit").len(), audit_before);
    // A deletion on a stale base too.
    let r = call(
        &s,
        Method::DELETE,
        &format!("{uri}?base={}", version + 1),
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(s.audit().await.expect("audit").len(), audit_before);
}

/// Issue 7 (found by tests/contract): `base` is a JSON Schema `integer`, which `2.0` is; it
/// was refused with 400. A number with a fraction is still refused.
#[tokio::test]
async fn a_base_written_as_a_whole_float_is_the_same_version() {
    let s = store("api-float-base").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let (key, version, mut body) = first(&s, &t, "coventry", "designations").await;
    let uri = entry_uri("coventry", "designations", &key);
    body["decision"] = json!("Confirmed by a client that writes numbers as floats");
    let whole = version as f64;
    for base in [json!(whole + 0.5), json!(1e300), json!("1")] {
        let r = put(&s, &uri, &t, &body, json!(base)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "base {base}: {}", r.body);
    }
    let r = put(&s, &uri, &t, &body, json!(whole)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json_of(&r)["version"], version + 1);
}

#[tokio::test]
async fn a_put_that_would_make_the_register_invalid_is_422_with_field_errors() {
    let s = store("api-invalid").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let (key, version, mut body) = first(&s, &t, "coventry", "designations").await;
    let uri = entry_uri("coventry", "designations", &key);
    body["to"] = json!("2000-01-01");
    let r = put(&s, &uri, &t, &body, json!(version)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let answer = json_of(&r);
    let errors = answer["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{answer}");
    assert_eq!(errors[0]["field"], format!("designations `{key}`.to"));
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("before `from`")),
        "{answer}"
    );
    let r = call(&s, Method::GET, &uri, Some(&t), None).await;
    assert_eq!(json_of(&r)["version"], version, "nothing changed");
    // Deleting a post that designations name leaves references to nothing.
    let post = body["post"].as_str().expect("post").to_owned();
    let r = call(
        &s,
        Method::GET,
        &entry_uri("coventry", "posts", &post),
        Some(&t),
        None,
    )
    .await;
    let post_version = json_of(&r)["version"].clone();
    let r = call(
        &s,
        Method::DELETE,
        &format!(
            "{}?base={post_version}",
            entry_uri("coventry", "posts", &post)
        ),
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(json_of(&r)["errors"].as_array().is_some_and(|e| {
        e.iter()
            .any(|e| e["message"].as_str().is_some_and(|m| m.contains(&post)))
    }));
}

#[tokio::test]
async fn a_put_through_the_api_is_in_the_audit_log_under_the_tokens_user() {
    let s = store("api-audit").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let (key, version, mut body) = first(&s, &t, "coventry", "designations").await;
    body["decision"] = json!("Cabinet, 24 January 2017 (recorded through the API)");
    let r = call(
        &s,
        Method::PUT,
        &entry_uri("coventry", "designations", &key),
        Some(&t),
        Some(&json!({"body": body, "base": version})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        json_of(&r),
        json!({"key": key, "version": version + 1, "warnings": []})
    );
    let audit = s.audit().await.expect("audit");
    let last = audit.last().expect("an entry");
    assert_eq!(last.actor, "editor");
    assert_eq!(last.action.as_str(), "update");
    assert_eq!(
        (last.table.as_str(), last.key.as_str()),
        ("designations", key.as_str())
    );
    assert_eq!(last.council.as_deref(), Some("coventry"));
    assert_eq!(last.after.as_ref(), Some(&body));
    // Putting the same again changes nothing and keeps the version.
    let r = call(
        &s,
        Method::PUT,
        &entry_uri("coventry", "designations", &key),
        Some(&t),
        Some(&json!({"body": body, "base": version + 1})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(json_of(&r)["version"], version + 1);
    assert_eq!(s.audit().await.expect("audit").len(), audit.len());
}

#[tokio::test]
async fn an_entry_is_created_at_base_0_and_deleted_at_its_version() {
    let s = store("api-create").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let body = json!({"council": "coventry", "date": "2024-01-15", "kind": "inspection",
                      "summary": "Ofsted inspection of local authority children's services"});
    // The key follows from the body: for an event, its fact id.
    let r = call(
        &s,
        Method::PUT,
        "/api/v1/councils/coventry/register/events/an-event",
        Some(&t),
        Some(&json!({"body": body, "base": 0})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let error = json_of(&r)["error"].as_str().expect("error").to_owned();
    let key = error
        .split('`')
        .nth(1)
        .expect("the error names the key")
        .to_owned();
    assert!(key.starts_with("event:coventry/"), "{key}");
    let uri = entry_uri("coventry", "events", &key);
    let r = put(&s, &uri, &t, &body, json!(0)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(json_of(&r)["version"], 1);
    let r = call(&s, Method::GET, &uri, Some(&t), None).await;
    assert_eq!(
        json_of(&r),
        json!({"table": "events", "key": key, "version": 1, "body": body})
    );
    // Creating it again is a conflict; changing it needs a base.
    let r = put(&s, &uri, &t, &body, json!(0)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = call(
        &s,
        Method::PUT,
        &uri,
        Some(&t),
        Some(&json!({"body": body})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = call(&s, Method::DELETE, &uri, Some(&t), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        json_of(&r)["error"]
            .as_str()
            .is_some_and(|e| e.contains("?base="))
    );
    let r = call(&s, Method::DELETE, &format!("{uri}?base=1"), Some(&t), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.bytes.is_empty());
    let r = call(&s, Method::GET, &uri, Some(&t), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let audit = s.audit().await.expect("audit");
    let actions: Vec<&str> = audit
        .iter()
        .rev()
        .take(2)
        .map(|a| a.action.as_str())
        .collect();
    assert_eq!(actions, ["delete", "create"]);
}

#[tokio::test]
async fn an_entry_of_another_council_cannot_be_written_through_this_one() {
    let s = store("api-wrong-council").await;
    let t = token(
        &s,
        "editor",
        &[("coventry", Role::Editor), ("sandwell", Role::Editor)],
    )
    .await;
    let body = json!({"council": "sandwell", "date": "2024-01-15", "kind": "inspection"});
    let r = call(
        &s,
        Method::PUT,
        &entry_uri("coventry", "events", "event:sandwell/2024-01-15/inspection"),
        Some(&t),
        Some(&json!({"body": body, "base": 0})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        json_of(&r)["error"]
            .as_str()
            .is_some_and(|e| e.contains("belongs to the council sandwell")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_bad_body_is_refused_in_json() {
    let s = store("api-bad-body").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let uri = "/api/v1/councils/coventry/register/events/x";
    for (body, content_type, status) in [
        ("{not json", "application/json", StatusCode::BAD_REQUEST),
        (
            "{\"body\": 3, \"base\": 0}",
            "application/json",
            StatusCode::BAD_REQUEST,
        ),
        (
            "{\"body\": {}, \"base\": 0, \"extra\": 1}",
            "application/json",
            StatusCode::BAD_REQUEST,
        ),
        ("{}", "text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        let r = Client::anonymous(&s)
            .send(
                Request::put(uri)
                    .header("authorization", format!("Bearer {t}"))
                    .header("content-type", content_type)
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert!(json_of(&r)["error"].is_string(), "{body}");
    }
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/register/tables/x",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        json_of(&r)["error"]
            .as_str()
            .is_some_and(|e| e.contains("designations"))
    );
}

// ---------------------------------------------------------------------------------------------
// Keys in URLs.

#[tokio::test]
async fn keys_may_be_sent_percent_encoded_or_with_their_slashes_as_they_are() {
    let s = store("api-keys").await;
    let t = token(&s, "viewer", &[]).await;
    let (key, version, _) = first(&s, &t, "coventry", "designations").await;
    for uri in [
        entry_uri("coventry", "designations", &key),
        format!("/api/v1/councils/coventry/register/designations/{key}"),
        format!(
            "/api/v1/councils/coventry/register/designations/{}",
            key.replace(':', "%3A")
        ),
    ] {
        let r = call(&s, Method::GET, &uri, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert_eq!(json_of(&r)["key"], key.as_str());
        assert_eq!(json_of(&r)["version"], version);
    }
}

// ---------------------------------------------------------------------------------------------
// What is read.

fn register_of(s: &str) -> assure_domain::Register {
    assure_domain::reader::read(&[assure_domain::reader::Source::new("x.toml", s)]).expect("reads")
}

#[tokio::test]
async fn findings_and_timelines_are_what_the_cli_prints() {
    let s = store("api-cli").await;
    let t = token(&s, "viewer", &[]).await;
    let reg = register_of(include_str!("../../../../examples/coventry.toml"));
    let engine = assure_rules::Engine::new(&reg);
    let council = engine.council("coventry").expect("coventry");
    let at = assure_domain::date::parse_date("2019-02-12").expect("date");
    // The shapes of `assure check --format json` and `assure timeline --format json`.
    let check = json!({"at": at, "councils": [{"id": "coventry", "results": council.check(at)}]});
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/findings?at=2019-02-12",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(json_of(&r), check);
    let from = assure_domain::date::parse_date("2016-01-01").expect("date");
    let to = assure_domain::date::parse_date("2020-12-31").expect("date");
    let timeline = json!({"from": from, "to": to,
        "councils": [{"id": "coventry", "intervals": council.timeline(from, Some(to))}]});
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/timeline?from=2016-01-01&to=2020-12-31",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(json_of(&r), timeline);
    let first_day = council.first_day().expect("a first day");
    let open = json!({"from": first_day, "to": null,
        "councils": [{"id": "coventry", "intervals": council.timeline(first_day, None)}]});
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/timeline",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(json_of(&r), open);
    for (uri, status) in [
        (
            "/api/v1/councils/coventry/findings?at=2019-02-30",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/councils/coventry/timeline?from=2020-01-01&to=2019-01-01",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/councils/coventry/timeline?to=12/2/2019",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/councils/leeds/findings", StatusCode::NOT_FOUND),
        ("/api/v1/no/such/endpoint", StatusCode::NOT_FOUND),
    ] {
        let r = call(&s, Method::GET, uri, Some(&t), None).await;
        assert_eq!(r.status, status, "{uri}");
        assert!(json_of(&r)["error"].is_string(), "{uri}: {}", r.body);
    }
}

#[tokio::test]
async fn a_councils_register_holds_its_entries_and_the_people_and_bodies_they_lead_to() {
    let s = store("api-register").await;
    let t = token(&s, "viewer", &[]).await;
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/register",
        Some(&t),
        None,
    )
    .await;
    let entries = json_of(&r);
    let entries = entries.as_array().expect("list");
    let has = |table: &str, key: &str| {
        entries
            .iter()
            .any(|e| e["table"] == table && e["key"] == key)
    };
    assert!(has("organisations", "coventry"));
    assert!(
        has("people", "p-cov-gail-quinton"),
        "appointed to its posts"
    );
    assert!(
        has("organisations", "west-midlands-police"),
        "a safeguarding partner"
    );
    assert!(
        has("posts", "wmp-coventry-npu-chief-superintendent"),
        "on its partnership"
    );
    assert!(!has("organisations", "sandwell"));
    assert!(
        entries.iter().all(|e| e["body"]["council"]
            .as_str()
            .is_none_or(|c| c == "coventry")),
        "nothing of another council"
    );
    // Table by table, in the order of the format.
    let order: Vec<usize> = entries
        .iter()
        .map(|e| {
            assure_domain::writer::TABLES
                .iter()
                .position(|t| e["table"] == *t)
                .expect("a table")
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]));
    // Coventry's people are not Sandwell's.
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/sandwell/register/people/p-cov-gail-quinton",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/register/people/p-cov-gail-quinton",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(json_of(&r)["body"]["name"], "Gail Quinton");
}

#[tokio::test]
async fn a_person_added_through_the_api_can_then_be_appointed() {
    let s = store("api-person").await;
    let t = token(&s, "editor", &[("coventry", Role::Editor)]).await;
    let person = json!({"id": "p-new-dcs", "name": "A New Director"});
    let r = call(
        &s,
        Method::PUT,
        "/api/v1/councils/coventry/register/people/p-new-dcs",
        Some(&t),
        Some(&json!({"body": person, "base": 0})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (_, _, post) = first(&s, &t, "coventry", "posts").await;
    let post = post["id"].as_str().expect("post id");
    let appointment = json!({"person": "p-new-dcs", "post": post, "from": "2030-01-01"});
    let key = format!("appointment:{post}/p-new-dcs/2030-01-01");
    let r = call(
        &s,
        Method::PUT,
        &entry_uri("coventry", "appointments", &key),
        Some(&t),
        Some(&json!({"body": appointment, "base": 0})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/register",
        Some(&t),
        None,
    )
    .await;
    assert!(r.body.contains("\"key\":\"p-new-dcs\""));
    assert!(r.body.contains(&format!("\"key\":\"{key}\"")));
}

#[tokio::test]
async fn reviews_come_with_their_versions() {
    let s = store("api-reviews").await;
    let t = token(&s, "viewer", &[]).await;
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/reviews",
        Some(&t),
        None,
    )
    .await;
    let reviews = json_of(&r);
    let keys: Vec<&str> = reviews
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["key"].as_str().expect("key"))
        .collect();
    assert!(keys.contains(&"coventry-2017"), "{keys:?}");
    assert!(
        reviews
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["table"] == "reviews")
    );
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/reviews/coventry-2017",
        Some(&t),
        None,
    )
    .await;
    let review = json_of(&r);
    assert_eq!(review["version"], 1);
    assert_eq!(review["body"]["kind"], "local_test_of_assurance");
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/sandwell/reviews/coventry-2017",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reports_come_as_documents_to_download() {
    let s = store("api-reports").await;
    let t = token(&s, "viewer", &[]).await;
    for (kind, format, mime, magic) in [
        ("statement", "md", "text/markdown; charset=utf-8", &b"#"[..]),
        (
            "assurance-document",
            "html",
            "text/html; charset=utf-8",
            &b"<!DOCTYPE html>"[..],
        ),
        (
            "cabinet-report",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK"[..],
        ),
    ] {
        let r = call(
            &s,
            Method::GET,
            &format!("/api/v1/councils/coventry/reports/{kind}?at=2019-02-12&format={format}&review=coventry-2017"),
            Some(&t),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{kind} {format}: {}", r.body);
        assert_eq!(r.headers["content-type"], mime);
        assert_eq!(
            r.headers["content-disposition"],
            format!("attachment; filename=\"coventry-{kind}-2019-02-12.{format}\"").as_str()
        );
        assert!(r.bytes.starts_with(magic), "{kind} {format}");
    }
    for uri in [
        "/api/v1/councils/coventry/reports/memo?format=md",
        "/api/v1/councils/coventry/reports/statement?format=rtf",
        "/api/v1/councils/coventry/reports/statement",
    ] {
        let r = call(&s, Method::GET, uri, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(json_of(&r)["error"].is_string(), "{uri}");
    }
}

/// Issue 7 (found by tests/contract): a review that does not exist was a 400, which says the
/// request is malformed; it is a thing that is not there, as `get_review` says.
#[tokio::test]
async fn a_report_on_a_review_the_council_does_not_have_is_404() {
    let s = store("api-report-no-review").await;
    let t = token(&s, "viewer", &[]).await;
    // St Helens' review exists, but is not Coventry's.
    for review in ["nope", "st-helens-2016"] {
        let uri = format!(
            "/api/v1/councils/coventry/reports/statement?format=md&review={}",
            encode(review)
        );
        let r = call(&s, Method::GET, &uri, Some(&t), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.body);
        assert_eq!(
            json_of(&r)["error"],
            format!("There is no review {review} of coventry.")
        );
    }
    // An empty `review` is no review: the report covers the latest.
    let r = call(
        &s,
        Method::GET,
        "/api/v1/councils/coventry/reports/statement?format=md&review=",
        Some(&t),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

// ---------------------------------------------------------------------------------------------
// Swagger UI.

#[tokio::test]
async fn swagger_ui_is_served_with_its_assets_under_the_strict_policy() {
    let s = store("api-docs").await;
    let r = call(&s, Method::GET, "/api/docs", None, None).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert_eq!(r.location(), Some("/api/docs/"));
    let r = call(&s, Method::GET, "/api/docs/", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .is_ok_and(|c| c.starts_with("text/html"))
    );
    assert!(!r.body.contains("<script>"), "no inline script");
    assert!(!r.body.contains("<style"), "no inline style");
    // Every script and stylesheet the page names is served.
    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for part in r.body.split(attribute).skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assets.push(name.trim_start_matches("./").to_owned());
        }
    }
    for expected in [
        "swagger-ui.css",
        "index.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-initializer.js",
    ] {
        assert!(
            assets.iter().any(|a| a == expected),
            "{expected} in {assets:?}"
        );
    }
    for asset in &assets {
        let r = call(&s, Method::GET, &format!("/api/docs/{asset}"), None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{asset}");
        let mime = r.headers["content-type"].to_str().expect("mime");
        if asset.ends_with(".js") {
            assert!(mime.contains("javascript"), "{asset}: {mime}");
        } else if asset.ends_with(".css") {
            assert!(mime.starts_with("text/css"), "{asset}: {mime}");
        }
        assert!(!r.bytes.is_empty(), "{asset}");
    }
    let r = call(
        &s,
        Method::GET,
        "/api/docs/swagger-initializer.js",
        None,
        None,
    )
    .await;
    assert!(
        r.body.contains("\"url\": \"/api/openapi.json\""),
        "{}",
        r.body
    );
    // The online validator would send the document's address to swagger.io.
    assert!(r.body.contains("\"validatorUrl\": \"none\""), "{}", r.body);
    // The standalone layout's top bar has a logo with a `<style>` element the policy refuses.
    assert!(r.body.contains("\"layout\": \"BaseLayout\""), "{}", r.body);
    // Swagger UI's pages keep the application's policy: no inline script or style.
    for uri in [
        "/api/docs/",
        "/api/docs/swagger-ui-bundle.js",
        "/api/openapi.json",
    ] {
        let r = call(&s, Method::GET, uri, None, None).await;
        let csp = r.headers["content-security-policy"].to_str().expect("csp");
        assert!(
            csp.contains("script-src 'self';") && csp.contains("style-src 'self';"),
            "{uri}: {csp}"
        );
        assert!(!csp.contains("unsafe"), "{uri}: {csp}");
        assert_eq!(r.headers["x-frame-options"], "DENY", "{uri}");
    }
}
