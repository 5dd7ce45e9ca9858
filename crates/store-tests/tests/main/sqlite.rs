//! The story suite on SQLite, the backend's own guarantees, backup, and crash safety.

use assure_store::Store;
use assure_store_sqlite::SqliteStore;
use std::path::PathBuf;

fn db_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-store-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn url(path: &std::path::Path) -> String {
    format!("sqlite:{}", path.display())
}

async fn fresh(name: &str) -> Option<SqliteStore> {
    Some(
        SqliteStore::open(&url(&db_path(name)))
            .await
            .expect("opens"),
    )
}

crate::stories!(fresh);

async fn imported(name: &str) -> SqliteStore {
    let store = fresh(name).await.expect("store");
    assure_store_tests::import(&store, &assure_store_tests::coventry()).await;
    store
}

#[tokio::test]
async fn a_version_without_an_audit_entry_is_refused_by_the_database() {
    let store = imported("no_audit").await;
    let err = sqlx::query(
        "INSERT INTO facts (entity_table, entity_key, version, recorded_from_us, created_by, body) \
         VALUES ('posts', 'sneaky', 1, 0, 999999, '{}')",
    )
    .execute(store.pool())
    .await
    .expect_err("refused");
    assert!(
        err.to_string().contains("FOREIGN KEY constraint failed"),
        "{err}"
    );
}

#[tokio::test]
async fn stored_versions_cannot_be_edited_or_deleted() {
    let store = imported("immutable").await;
    let edit = sqlx::query("UPDATE facts SET body = '{}' WHERE entity_table = 'posts'")
        .execute(store.pool())
        .await
        .expect_err("refused");
    assert!(
        edit.to_string().contains("register versions are immutable"),
        "{edit}"
    );
    let delete = sqlx::query("DELETE FROM facts")
        .execute(store.pool())
        .await
        .expect_err("refused");
    assert!(delete.to_string().contains("never deleted"), "{delete}");
    let audit = sqlx::query("DELETE FROM audit_log")
        .execute(store.pool())
        .await
        .expect_err("refused");
    assert!(audit.to_string().contains("append-only"), "{audit}");
    let reopen = sqlx::query(
        "UPDATE facts SET recorded_to_us = recorded_from_us, closed_by = created_by WHERE id = 1",
    )
    .execute(store.pool())
    .await;
    assert!(reopen.is_ok(), "closing a current version once is allowed");
    let again = sqlx::query("UPDATE facts SET recorded_to_us = recorded_to_us + 1 WHERE id = 1")
        .execute(store.pool())
        .await
        .expect_err("refused");
    assert!(
        again.to_string().contains("only be closed, once"),
        "{again}"
    );
}

#[tokio::test]
async fn a_backup_is_a_consistent_copy_that_opens_as_a_register() {
    let store = imported("backup_source").await;
    let target = db_path("backup_copy");
    store
        .backup(&target.display().to_string())
        .await
        .expect("backup");
    let copy = SqliteStore::open(&url(&target))
        .await
        .expect("the copy opens");
    assert_eq!(
        copy.current(None).await.expect("reads"),
        store.current(None).await.expect("reads")
    );
    assert_eq!(
        copy.audit().await.expect("audit").len(),
        store.audit().await.expect("audit").len()
    );
}

#[tokio::test]
async fn a_new_database_is_created_migrated_and_in_wal_mode() {
    let store = fresh("fresh_db").await.expect("store");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .expect("pragma");
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .expect("pragma");
    assert_eq!(fk, 1);
    let status = store.migrations().await.expect("status");
    assert!(
        !status.is_empty() && status.iter().all(|m| m.applied),
        "{status:?}"
    );
}

/// The writer process of `committed_writes_survive_a_killed_writer`.
#[test]
#[ignore = "run as a child process by committed_writes_survive_a_killed_writer"]
fn crash_writer_child() {
    let Ok(path) = std::env::var("ASSURE_CRASH_DB") else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = SqliteStore::open(&format!("sqlite:{path}"))
            .await
            .expect("opens");
        crate::crash::write_until_killed(&store).await;
    });
}

#[tokio::test]
async fn committed_writes_survive_a_killed_writer() {
    let path = db_path("crash");
    let reported = crate::crash::run_child(
        "sqlite::crash_writer_child",
        &[("ASSURE_CRASH_DB", path.display().to_string())],
    );
    let store = SqliteStore::open(&url(&path))
        .await
        .expect("reopens after the crash");
    crate::crash::verify(&store, reported).await;
}
