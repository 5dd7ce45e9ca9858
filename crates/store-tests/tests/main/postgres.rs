//! The story suite on PostgreSQL when `ASSURE_TEST_POSTGRES_URL` is set (each test in its own
//! schema), the backend's own guarantees, and the schema-parity check against SQLite.

use assure_store::{Accounts, Store};
use assure_store_postgres::PgStore;
use assure_store_sqlite::SqliteStore;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

fn url() -> Option<String> {
    let url = std::env::var("ASSURE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        // Written to stderr directly, not captured: a skipped backend is said out loud.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: PostgreSQL story test (set ASSURE_TEST_POSTGRES_URL to run it)"
        );
    }
    url
}

/// A schema of its own for each test, emptied first.
async fn fresh(name: &str) -> Option<PgStore> {
    let url = url()?;
    let mut h = DefaultHasher::new();
    name.hash(&mut h);
    let schema = format!("assure_test_{:x}", h.finish());
    let store = PgStore::connect(&url, Some(&schema))
        .await
        .expect("connects");
    for sql in [
        format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
        format!("CREATE SCHEMA {schema}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(store.pool())
            .await
            .expect("fresh schema");
    }
    store.close().await;
    let store = PgStore::connect(&url, Some(&schema))
        .await
        .expect("connects");
    store.migrate().await.expect("migrates");
    Some(store)
}

crate::stories!(fresh);

/// The writer process of `committed_writes_survive_a_killed_writer`.
#[test]
#[ignore = "run as a child process by committed_writes_survive_a_killed_writer"]
fn crash_writer_child() {
    let (Ok(url), Ok(schema)) = (
        std::env::var("ASSURE_CRASH_PG"),
        std::env::var("ASSURE_CRASH_SCHEMA"),
    ) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = PgStore::connect(&url, Some(&schema))
            .await
            .expect("connects");
        crate::crash::write_until_killed(&store).await;
    });
}

#[tokio::test]
async fn committed_writes_survive_a_killed_writer() {
    let Some(store) = fresh("pg_crash").await else {
        return;
    };
    let url = url().expect("configured");
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(store.pool())
        .await
        .expect("schema");
    let reported = crate::crash::run_child(
        "postgres::crash_writer_child",
        &[
            ("ASSURE_CRASH_PG", url.clone()),
            ("ASSURE_CRASH_SCHEMA", schema.clone()),
        ],
    );
    store.close().await;
    let reopened = PgStore::connect(&url, Some(&schema))
        .await
        .expect("reconnects");
    crate::crash::verify(&reopened, reported).await;
}

#[tokio::test]
async fn a_version_without_an_audit_entry_is_refused_by_the_database() {
    let Some(store) = fresh("pg_no_audit").await else {
        return;
    };
    assure_store_tests::import(&store, &assure_store_tests::coventry()).await;
    let err = sqlx::query(
        "INSERT INTO facts (entity_table, entity_key, version, recorded_from_us, created_by, body) \
         VALUES ('posts', 'sneaky', 1, 0, 999999, '{}')",
    )
    .execute(store.pool())
    .await
    .expect_err("refused");
    assert!(err.to_string().contains("foreign key"), "{err}");
}

#[tokio::test]
async fn stored_versions_cannot_be_edited_or_deleted() {
    let Some(store) = fresh("pg_immutable").await else {
        return;
    };
    assure_store_tests::import(&store, &assure_store_tests::coventry()).await;
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
}

/// An account write waits for a register write in progress (both lock `register_lock` first), so
/// its audit id comes after the register write's: `register_version` cannot show the account
/// write while a register write with a smaller id is still to commit.
#[tokio::test]
async fn an_account_write_waits_for_a_register_write_in_progress() {
    let Some(store) = fresh("pg_account_waits").await else {
        return;
    };
    let mut register_write = store.pool().begin().await.expect("begins");
    sqlx::query("SELECT id FROM register_lock WHERE id = 1 FOR UPDATE")
        .execute(&mut *register_write)
        .await
        .expect("locks");
    let account_write = {
        let store = store.clone();
        tokio::spawn(async move { store.add_user("setup", "ann", "Ann", "h").await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !account_write.is_finished(),
        "the account write waits for the register write"
    );
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (at_us, actor, action, entity_table, entity_key) \
         VALUES (0, 'editor', 'create', 'documents', 'doc-1') RETURNING id",
    )
    .fetch_one(&mut *register_write)
    .await
    .expect("audits");
    assert_eq!(store.register_version().await.expect("version"), 0);
    register_write.commit().await.expect("commits");
    account_write.await.expect("task").expect("adds the user");
    let version = store.register_version().await.expect("version");
    assert!(version > id, "{version} > {id}");
}

/// (table, column, not null) of the register's tables.
type Columns = Vec<(String, String, bool)>;

#[tokio::test]
async fn the_sqlite_and_postgres_schemas_have_the_same_tables_and_columns() {
    let Some(pg) = fresh("pg_parity").await else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("assure-parity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("parity.db");
    let _ = std::fs::remove_file(&path);
    let lite = SqliteStore::open(&format!("sqlite:{}", path.display()))
        .await
        .expect("sqlite");
    let tables = ["audit_log", "facts", "register_lock"];
    let mut sqlite: Columns = Vec::new();
    for t in tables {
        let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT name, \"notnull\" FROM pragma_table_info('{t}')"
        )))
        .fetch_all(lite.pool())
        .await
        .expect("pragma");
        // SQLite's INTEGER PRIMARY KEY is NOT NULL without saying so.
        sqlite.extend(
            rows.into_iter()
                .map(|(c, nn)| (t.to_owned(), c.clone(), nn == 1 || c == "id")),
        );
    }
    let mut postgres: Columns = sqlx::query_as::<_, (String, String, String)>(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name IN ('audit_log', 'facts', 'register_lock')",
    )
    .fetch_all(pg.pool())
    .await
    .expect("columns")
    .into_iter()
    .map(|(t, c, n)| (t, c, n == "NO"))
    .collect();
    sqlite.sort();
    postgres.sort();
    assert_eq!(sqlite, postgres);
    let lite_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name",
    )
    .fetch_all(lite.pool())
    .await
    .expect("tables");
    let pg_tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_name NOT LIKE '\\_%' ORDER BY table_name",
    )
    .fetch_all(pg.pool())
    .await
    .expect("tables");
    assert_eq!(lite_tables, pg_tables);
}
