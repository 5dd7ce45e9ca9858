//! The story of a register in storage, told once and run against every backend.
//!
//! Each `async fn` here takes a fresh, empty store and checks one part of the contract of
//! [`Store`]: what is imported reads back the same, an edit keeps the old version readable "as
//! recorded at" an earlier instant, every change has an audit entry, invalid and stale writes
//! change nothing, concurrent writers cannot both win, and the register version moves with every
//! change and only then. `tests/main.rs` runs every story against SQLite and, when
//! `ASSURE_TEST_POSTGRES_URL` is set, against PostgreSQL.

#![forbid(unsafe_code)]

use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use assure_domain::writer::entries;
use assure_domain::{Date, Register};
use assure_rules::{Engine, Finding, Status};
use assure_store::{
    Accounts, Action, Change, Grant, Role, SessionRow, Store, StoreError, register_of,
};
use serde_json::json;

/// The Coventry example register.
pub fn coventry() -> Register {
    let text = include_str!("../../../examples/coventry.toml");
    match read(&[Source::new("coventry.toml", text)]) {
        Ok(r) => r,
        Err(e) => panic!("the example does not read: {e:?}"),
    }
}

fn day(s: &str) -> Date {
    parse_date(s).unwrap_or_else(|| panic!("bad date {s}"))
}

/// Puts every entry of `reg`, as an import does.
pub async fn import<S: Store>(store: &S, reg: &Register) -> assure_store::Applied {
    let changes = entries(reg).iter().map(Change::put).collect();
    match store.apply("importer", changes).await {
        Ok(a) => a,
        Err(e) => panic!("import failed: {e}"),
    }
}

/// The register the store holds (as recorded at `at`, or now).
pub async fn load<S: Store>(store: &S, at: Option<jiff::Timestamp>) -> Register {
    let versions = store.current(at).await.expect("reads");
    register_of(
        versions
            .iter()
            .map(|v| (v.table.as_str(), v.key.as_str(), &v.body)),
    )
    .unwrap_or_else(|e| panic!("stored register does not read: {e:?}"))
}

fn findings(reg: &Register, at: &str) -> Vec<Finding> {
    let engine = Engine::new(reg);
    let council = engine.council("coventry").expect("coventry");
    council.check(day(at))
}

/// The DCS designation of 2019-04-01 in the Coventry example.
const DCS_2019: &str = "designation:coventry/dcs/cov-director-childrens-services/2019-04-01";

async fn dcs_2019<S: Store>(store: &S) -> (i64, serde_json::Value) {
    let history = store
        .history("designations", DCS_2019)
        .await
        .expect("history");
    let v = history.last().expect("the designation is stored");
    (v.version, v.body.clone())
}

/// What was imported reads back as the same register, with the same findings.
pub async fn imported_register_reads_back_the_same<S: Store>(store: S) {
    let reg = coventry();
    let applied = import(&store, &reg).await;
    assert_eq!(applied.created, entries(&reg).len());
    assert_eq!(applied.updated + applied.deleted, 0);
    let back = load(&store, None).await;
    assert_eq!(
        back.clone().without_locations(),
        reg.clone().without_locations()
    );
    assert_eq!(findings(&back, "2019-02-12"), findings(&reg, "2019-02-12"));
}

/// Importing the same register again changes nothing and writes no audit entry.
pub async fn importing_the_same_register_again_changes_nothing<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let audit = store.audit().await.expect("audit").len();
    let again = import(&store, &reg).await;
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, entries(&reg).len())
    );
    assert_eq!(again.at, None);
    assert_eq!(store.audit().await.expect("audit").len(), audit);
}

/// An edit closes the current version and inserts a new one; reading as recorded before the edit
/// gives the old register and the old answer; the audit log shows actor, before and after.
pub async fn an_edit_keeps_the_old_version_readable_as_recorded_before_it<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let before_edit = jiff::Timestamp::now();
    let (version, mut body) = dcs_2019(&store).await;
    // The DCS designation of 2019 is recorded as ending early, on 2021-03-31.
    body["to"] = json!("2021-03-31");
    let applied = store
        .apply(
            "julie.newman",
            vec![Change::Put {
                table: "designations".into(),
                key: DCS_2019.into(),
                council: Some("coventry".into()),
                body: body.clone(),
                base: Some(version),
            }],
        )
        .await
        .expect("the edit applies");
    assert_eq!(applied.updated, 1);
    let at = applied.at.expect("recorded");
    assert!(at > before_edit);

    let history = store
        .history("designations", DCS_2019)
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].recorded_to, Some(at));
    assert_eq!(history[1].recorded_from, at);
    assert_eq!(history[1].version, version + 1);
    assert_eq!(history[1].body, body);

    let dcs_on = |r: &Register| {
        findings(r, "2021-06-01")
            .into_iter()
            .find(|f| f.rule == "dcs_designated")
            .expect("dcs_designated")
            .status
    };
    assert_eq!(
        dcs_on(&load(&store, None).await),
        Status::Fail,
        "no DCS after the new end"
    );
    assert_eq!(
        dcs_on(&load(&store, Some(before_edit)).await),
        Status::Pass,
        "as recorded before"
    );

    let audit = store.audit().await.expect("audit");
    let last = audit.last().expect("an entry");
    assert_eq!(last.actor, "julie.newman");
    assert_eq!(last.action, Action::Update);
    assert_eq!(last.key, DCS_2019);
    assert_eq!(last.at, at);
    assert_eq!(
        last.before.as_ref().and_then(|b| b.get("to")),
        Some(&json!("2023-06-29"))
    );
    assert_eq!(
        last.after.as_ref().and_then(|b| b.get("to")),
        Some(&json!("2021-03-31"))
    );
}

/// Every stored version was created by an audit entry of the same instant, and every closed one
/// closed by one.
pub async fn every_version_has_its_audit_entry<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let (version, mut body) = dcs_2019(&store).await;
    body["basis"] = json!("interim");
    store
        .apply(
            "someone",
            vec![
                Change::Put {
                    table: "designations".into(),
                    key: DCS_2019.into(),
                    council: Some("coventry".into()),
                    body,
                    base: Some(version),
                },
                Change::Delete {
                    table: "events".into(),
                    key: "event:coventry/2016-10-01/restructure".into(),
                    base: None,
                },
            ],
        )
        .await
        .expect("applies");
    let audit = store.audit().await.expect("audit");
    assert_eq!(audit.len(), entries(&reg).len() + 2);
    let creates = audit.iter().filter(|a| a.action == Action::Create).count();
    assert_eq!(creates, entries(&reg).len());
    let delete = audit
        .iter()
        .find(|a| a.action == Action::Delete)
        .expect("a delete");
    assert_eq!(delete.after, None);
    assert!(delete.before.is_some());
    let deleted = store
        .history("events", "event:coventry/2016-10-01/restructure")
        .await
        .expect("history");
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].recorded_to, Some(delete.at));
    let now = load(&store, None).await;
    assert_eq!(now.events.len(), reg.events.len() - 1);
    assert_eq!(
        load(&store, Some(audit[0].at)).await.events.len(),
        reg.events.len()
    );
}

/// A write bigger than one batch of statements, which puts one entry twice, records every
/// change in the order asked: one audit entry each, ids in that order, and both versions of the
/// entry written twice, the first closed by the second's audit entry.
pub async fn a_large_write_putting_an_entry_twice_records_every_change_in_order<S: Store>(
    store: S,
) {
    let doc = |i: usize, title: &str| Change::Put {
        table: "documents".into(),
        key: format!("doc-{i}"),
        council: Some("coventry".into()),
        body: json!({"id": format!("doc-{i}"), "council": "coventry", "kind": "other", "date": "2020-01-01", "title": title}),
        base: None,
    };
    let mut changes = vec![Change::Put {
        table: "organisations".into(),
        key: "coventry".into(),
        council: Some("coventry".into()),
        body: json!({"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"}),
        base: None,
    }];
    changes.extend((1..=2500).map(|i| doc(i, "First")));
    changes.push(doc(7, "Second"));
    changes.extend((2501..=2600).map(|i| doc(i, "First")));
    let applied = store.apply("importer", changes).await.expect("applies");
    assert_eq!((applied.created, applied.updated), (2601, 1));
    let audit = store.audit().await.expect("audit");
    assert_eq!(audit.len(), 2602);
    assert!(audit.windows(2).all(|w| w[0].id < w[1].id), "ids ascend");
    let keys: Vec<&str> = audit.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys[0], "coventry");
    assert_eq!(keys[1], "doc-1");
    assert_eq!(keys[2500], "doc-2500");
    assert_eq!(keys[2501], "doc-7");
    assert_eq!(keys[2502], "doc-2501");
    assert_eq!(audit[2501].action, Action::Update);
    let history = store.history("documents", "doc-7").await.expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].body["title"], "First");
    assert_eq!(history[1].body["title"], "Second");
    assert_eq!(history[0].recorded_to, Some(audit[2501].at));
    assert_eq!(history[1].recorded_to, None);
    let now = load(&store, None).await;
    assert_eq!(now.documents.len(), 2600);
}

/// A write that would leave the register invalid is refused and writes nothing.
pub async fn an_invalid_write_changes_nothing<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let audit = store.audit().await.expect("audit").len();
    let versions = store.current(None).await.expect("current");
    let err = store
        .apply(
            "someone",
            vec![
                Change::Put {
                    table: "posts".into(),
                    key: "cov-new-post".into(),
                    council: Some("coventry".into()),
                    body: json!({"id": "cov-new-post", "org": "coventry", "title": "A new post"}),
                    base: Some(0),
                },
                Change::Put {
                    table: "designations".into(),
                    key: "designation:coventry/dass/no-such-post/2024-01-01".into(),
                    council: Some("coventry".into()),
                    body: json!({"council": "coventry", "role": "dass", "post": "no-such-post", "from": "2024-01-01", "to": "2023-12-31"}),
                    base: Some(0),
                },
            ],
        )
        .await
        .expect_err("refused");
    let StoreError::Invalid(errors) = &err else {
        panic!("expected Invalid, got {err}");
    };
    let text = err.to_string();
    assert!(text.contains("unknown post `no-such-post`"), "{text}");
    assert!(
        text.contains("`to` (2023-12-31) is before `from` (2024-01-01)"),
        "{text}"
    );
    assert_eq!(errors.len(), 2);
    assert_eq!(
        store.audit().await.expect("audit").len(),
        audit,
        "no audit entry"
    );
    assert_eq!(
        store.current(None).await.expect("current"),
        versions,
        "no version"
    );
}

/// A write based on a stale version is refused with a conflict and writes nothing.
pub async fn a_stale_write_is_a_conflict_and_changes_nothing<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let (version, body) = dcs_2019(&store).await;
    let mut first = body.clone();
    first["decision"] = json!("Council 2019-03-19");
    store
        .apply(
            "first",
            vec![Change::Put {
                table: "designations".into(),
                key: DCS_2019.into(),
                council: Some("coventry".into()),
                body: first,
                base: Some(version),
            }],
        )
        .await
        .expect("the first edit applies");
    let audit = store.audit().await.expect("audit").len();
    let mut second = body;
    second["decision"] = json!("Cabinet 2019-02-12");
    let err = store
        .apply(
            "second",
            vec![Change::Put {
                table: "designations".into(),
                key: DCS_2019.into(),
                council: Some("coventry".into()),
                body: second,
                base: Some(version),
            }],
        )
        .await
        .expect_err("stale");
    assert!(
        matches!(err, StoreError::Conflict { current, based_on, .. } if current == version + 1 && based_on == version)
    );
    assert_eq!(store.audit().await.expect("audit").len(), audit);
    let (_, stored) = dcs_2019(&store).await;
    assert_eq!(stored["decision"], json!("Council 2019-03-19"));
}

/// Two writers editing the same entry from the same version at the same time: exactly one wins,
/// the other gets a conflict, and the stored entry is the winner's.
pub async fn two_concurrent_writers_cannot_both_win<S: Store + Clone + 'static>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let (version, body) = dcs_2019(&store).await;
    let mut tasks = Vec::new();
    for writer in ["alice", "bob"] {
        let store = store.clone();
        let mut body = body.clone();
        body["decision"] = json!(format!("decided by {writer}"));
        tasks.push(tokio::spawn(async move {
            let change = Change::Put {
                table: "designations".into(),
                key: DCS_2019.into(),
                council: Some("coventry".into()),
                body,
                base: Some(version),
            };
            (writer, store.apply(writer, vec![change]).await)
        }));
    }
    let mut winners = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        let (writer, result) = t.await.expect("task");
        match result {
            Ok(_) => winners.push(writer),
            Err(StoreError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!((winners.len(), conflicts), (1, 1));
    let (v, stored) = dcs_2019(&store).await;
    assert_eq!(v, version + 1);
    assert_eq!(
        stored["decision"],
        json!(format!("decided by {}", winners[0]))
    );
}

/// Overlapping designations of one role may be recorded (the rules report them), with a warning.
pub async fn an_overlapping_designation_is_recorded_with_a_warning<S: Store>(store: S) {
    let reg = coventry();
    import(&store, &reg).await;
    let applied = store
        .apply(
            "someone",
            vec![Change::Put {
                table: "designations".into(),
                key: "designation:coventry/dcs/cov-chief-executive/2020-01-01".into(),
                council: Some("coventry".into()),
                body: json!({"council": "coventry", "role": "dcs", "post": "cov-chief-executive", "from": "2020-01-01", "to": "2020-01-31"}),
                base: Some(0),
            }],
        )
        .await
        .expect("recorded");
    assert_eq!(applied.created, 1);
    assert_eq!(applied.warnings.len(), 1, "{:?}", applied.warnings);
    assert!(applied.warnings[0].contains("two designations of the DCS of coventry overlap"));
    let r = load(&store, None).await;
    let f = findings(&r, "2020-01-15");
    let status = |id: &str| f.iter().find(|x| x.rule == id).map(|x| x.status);
    assert_eq!(status("dcs_designated"), Some(Status::Fail));
    assert_eq!(status("no_overlap"), Some(Status::Fail));
}

/// Changing something that does not exist, or deleting twice, is refused.
pub async fn deleting_what_does_not_exist_is_not_found<S: Store>(store: S) {
    import(&store, &coventry()).await;
    let delete = || Change::Delete {
        table: "events".into(),
        key: "event:coventry/2016-10-01/restructure".into(),
        base: None,
    };
    store
        .apply("a", vec![delete()])
        .await
        .expect("first delete");
    let err = store
        .apply("a", vec![delete()])
        .await
        .expect_err("second delete");
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
}

/// The register version is 0 for an empty store, grows with every create, update and delete
/// (and account change), and stays the same after reads and after writes that change nothing.
pub async fn the_register_version_grows_with_every_change_and_not_with_a_read<
    S: Store + Accounts,
>(
    store: S,
) {
    let version = || async { store.register_version().await.expect("version") };
    assert_eq!(version().await, 0, "an empty store");

    let reg = coventry();
    import(&store, &reg).await;
    let created = version().await;
    assert!(created > 0, "after the import: {created}");
    assert_eq!(
        created,
        store
            .audit()
            .await
            .expect("audit")
            .last()
            .expect("entries")
            .id,
        "the latest audit entry"
    );

    store.current(None).await.expect("current");
    store
        .history("designations", DCS_2019)
        .await
        .expect("history");
    store.audit().await.expect("audit");
    load(&store, Some(jiff::Timestamp::now())).await;
    assert_eq!(version().await, created, "reads record nothing");
    import(&store, &reg).await;
    assert_eq!(version().await, created, "an import that changes nothing");

    let (v, mut body) = dcs_2019(&store).await;
    body["decision"] = json!("Council 2019-03-19");
    let change = |base| Change::Put {
        table: "designations".into(),
        key: DCS_2019.into(),
        council: Some("coventry".into()),
        body: body.clone(),
        base: Some(base),
    };
    store
        .apply("editor", vec![change(v)])
        .await
        .expect("update");
    let updated = version().await;
    assert!(updated > created, "after an update: {updated} > {created}");
    let stale = store.apply("editor", vec![change(v)]).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    assert_eq!(version().await, updated, "a refused write records nothing");

    store
        .apply(
            "editor",
            vec![Change::Delete {
                table: "events".into(),
                key: "event:coventry/2016-10-01/restructure".into(),
                base: None,
            }],
        )
        .await
        .expect("delete");
    let deleted = version().await;
    assert!(deleted > updated, "after a delete: {deleted} > {updated}");

    store
        .add_user("setup", "ann", "Ann", "h")
        .await
        .expect("add");
    assert!(version().await > deleted, "after an account change");
}

/// Users are created once; their creation and password changes are audited without the hash.
pub async fn users_are_added_once_and_audited_without_their_password<S: Store + Accounts>(
    store: S,
) {
    store
        .add_user("setup", "julie", "Julie Newman", "$argon2id$hash-1")
        .await
        .expect("add");
    let err = store
        .add_user("setup", "julie", "Someone Else", "$argon2id$hash-2")
        .await
        .expect_err("a taken name is refused");
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
    let user = store.user("julie").await.expect("read").expect("exists");
    assert_eq!(
        (user.name.as_str(), user.password_hash.as_str()),
        ("Julie Newman", "$argon2id$hash-1")
    );
    store
        .set_password("julie", "julie", "$argon2id$hash-3")
        .await
        .expect("passwd");
    assert_eq!(
        store
            .user("julie")
            .await
            .expect("read")
            .map(|u| u.password_hash),
        Some("$argon2id$hash-3".to_owned())
    );
    let missing = store.set_password("x", "nobody", "h").await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })));
    let audit = store.audit().await.expect("audit");
    let users: Vec<_> = audit.iter().filter(|a| a.table == "users").collect();
    assert_eq!(users.len(), 2);
    assert_eq!(
        (users[0].actor.as_str(), users[0].action),
        ("setup", Action::Create)
    );
    assert_eq!(
        (users[1].actor.as_str(), users[1].action),
        ("julie", Action::Update)
    );
    for a in &users {
        assert!(
            !a.after
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_default()
                .contains("argon2")
        );
    }
    // Account changes are not register entries.
    assert!(store.current(None).await.expect("current").is_empty());
}

/// A grant gives one role per council; granting again replaces it, `None` takes it away, and each
/// change is audited with the council.
pub async fn grants_give_one_role_per_council_and_are_audited<S: Store + Accounts>(store: S) {
    store
        .add_user("setup", "ann", "Ann", "h")
        .await
        .expect("add");
    let err = store
        .grant("setup", "nobody", "coventry", Some(Role::Viewer))
        .await;
    assert!(matches!(err, Err(StoreError::NotFound { .. })));
    store
        .grant("setup", "ann", "coventry", Some(Role::Viewer))
        .await
        .expect("grant");
    store
        .grant("setup", "ann", "coventry", Some(Role::Editor))
        .await
        .expect("regrant");
    store
        .grant("setup", "ann", "sandwell", Some(Role::Approver))
        .await
        .expect("grant");
    store
        .grant("setup", "ann", "sandwell", None)
        .await
        .expect("revoke");
    store
        .grant("setup", "ann", "sandwell", None)
        .await
        .expect("revoking nothing is fine");
    let grants = store.grants().await.expect("grants");
    assert_eq!(
        grants,
        vec![Grant {
            username: "ann".into(),
            council: "coventry".into(),
            role: Role::Editor
        }]
    );
    store
        .add_user("setup", "bob", "Bob", "h")
        .await
        .expect("add");
    store
        .grant("setup", "bob", "sandwell", Some(Role::Admin))
        .await
        .expect("grant");
    assert_eq!(store.grants_of("ann").await.expect("ann's"), grants);
    assert_eq!(
        store.grants_of("bob").await.expect("bob's"),
        vec![Grant {
            username: "bob".into(),
            council: "sandwell".into(),
            role: Role::Admin
        }]
    );
    assert!(store.grants_of("nobody").await.expect("none").is_empty());
    // The user and their grants in one read say what the two reads say.
    let ann = store.user("ann").await.expect("ann").expect("exists");
    assert_eq!(
        store.user_with_grants("ann").await.expect("ann's"),
        Some((ann, grants.clone()))
    );
    store
        .add_user("setup", "cat", "Cat", "h")
        .await
        .expect("add");
    let cat = store.user("cat").await.expect("cat").expect("exists");
    assert_eq!(
        store.user_with_grants("cat").await.expect("cat's"),
        Some((cat, Vec::new())),
        "a user without grants"
    );
    assert_eq!(store.user_with_grants("nobody").await.expect("none"), None);
    let audit = store.audit().await.expect("audit");
    let actions: Vec<_> = audit
        .iter()
        .filter(|a| a.table == "grants" && a.key.starts_with("ann/"))
        .map(|a| (a.action, a.key.as_str(), a.council.as_deref()))
        .collect();
    assert_eq!(
        actions,
        vec![
            (Action::Create, "ann/coventry", Some("coventry")),
            (Action::Update, "ann/coventry", Some("coventry")),
            (Action::Create, "ann/sandwell", Some("sandwell")),
            (Action::Delete, "ann/sandwell", Some("sandwell")),
        ]
    );
}

/// Sessions read back until they expire; deleting one also sweeps expired ones; a password change
/// ends the user's sessions.
pub async fn sessions_expire_and_a_password_change_ends_them<S: Store + Accounts>(store: S) {
    let now = jiff::Timestamp::now();
    let later = |secs: i64| now + jiff::SignedDuration::from_secs(secs);
    store
        .add_user("setup", "ann", "Ann", "h")
        .await
        .expect("add");
    let row = |data: &str, expires| SessionRow {
        data: data.to_owned(),
        expires,
    };
    store
        .save_session("s1", Some("ann"), &row("{}", later(3600)))
        .await
        .expect("save");
    store
        .save_session("s1", Some("ann"), &row("{\"a\":1}", later(3600)))
        .await
        .expect("resave");
    store
        .save_session("s2", None, &row("{}", later(60)))
        .await
        .expect("save");
    let loaded = store
        .load_session("s1", now)
        .await
        .expect("load")
        .expect("live");
    assert_eq!(loaded.data, "{\"a\":1}");
    assert_eq!(
        store.load_session("s2", later(61)).await.expect("load"),
        None
    );
    store
        .delete_session("none", later(61))
        .await
        .expect("sweep");
    assert_eq!(
        store.load_session("s2", now).await.expect("load"),
        None,
        "swept"
    );
    assert!(store.load_session("s1", now).await.expect("load").is_some());
    store
        .set_password("setup", "ann", "h2")
        .await
        .expect("passwd");
    assert_eq!(store.load_session("s1", now).await.expect("load"), None);
}

/// A token digest names its user; failed logins are counted from a time and forgotten on success.
pub async fn tokens_name_their_user_and_failed_logins_are_counted<S: Store + Accounts>(store: S) {
    store
        .add_user("setup", "ann", "Ann", "h")
        .await
        .expect("add");
    store
        .add_token("setup", "ann", "digest-1", "scripts")
        .await
        .expect("token");
    assert_eq!(
        store.token_user("digest-1").await.expect("read"),
        Some("ann".to_owned())
    );
    assert_eq!(store.token_user("digest-2").await.expect("read"), None);
    store
        .grant("setup", "ann", "coventry", Some(Role::Viewer))
        .await
        .expect("grant");
    store
        .grant("setup", "ann", "*", Some(Role::Editor))
        .await
        .expect("grant");
    let with_grants = store
        .token_user_with_grants("digest-1")
        .await
        .expect("read")
        .expect("ann's token");
    assert_eq!(
        Some(with_grants),
        store.user_with_grants("ann").await.expect("read")
    );
    assert_eq!(
        store
            .token_user_with_grants("digest-2")
            .await
            .expect("read"),
        None
    );
    let t0 = jiff::Timestamp::now();
    let at = |secs: i64| t0 + jiff::SignedDuration::from_secs(secs);
    for s in [0, 10, 20] {
        store.login_failed("ann", at(s)).await.expect("fail");
    }
    store.login_failed("nobody", at(5)).await.expect("fail");
    assert_eq!(store.login_failures("ann", at(10)).await.expect("count"), 2);
    assert_eq!(store.login_failures("ann", at(0)).await.expect("count"), 3);
    store.login_succeeded("ann").await.expect("clear");
    assert_eq!(store.login_failures("ann", at(0)).await.expect("count"), 0);
    assert_eq!(
        store.login_failures("nobody", at(0)).await.expect("count"),
        1
    );
}
