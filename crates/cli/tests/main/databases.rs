//! Fresh databases for the command-line tests, on every backend available here: SQLite always,
//! PostgreSQL too when `ASSURE_TEST_POSTGRES_URL` is set (each test in a database of its own).

use crate::cli::{stderr, stdout};
use std::path::PathBuf;

/// A fresh, empty directory for one test.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A fresh PostgreSQL database for one test: its URL, the server URL it was made through and
/// its name; or `None` (said on stderr) when not configured.
pub(crate) fn postgres(name: &str) -> Option<(String, String, String)> {
    let Some(base) = std::env::var("ASSURE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "skipped: PostgreSQL server test {name} (set ASSURE_TEST_POSTGRES_URL to run it)"
        );
        return None;
    };
    // One database per test name, dropped and created afresh: repeated runs do not pile up.
    let db = format!("assure_cli_{name}");
    pg_execute(
        &base,
        &[
            format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
            format!("CREATE DATABASE {db}"),
        ],
    );
    let (prefix, _) = base.rsplit_once('/').expect("a database in the URL");
    Some((format!("{prefix}/{db}"), base, db))
}

/// Runs `statements` one by one on the PostgreSQL database at `url`.
pub(crate) fn pg_execute(url: &str, statements: &[String]) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(url)
            .await
            .expect("connects to PostgreSQL");
        for sql in statements {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        pool.close().await;
    });
}

/// Every backend available here, each with a fresh database: `(label, url)`.
pub(crate) fn databases(name: &str) -> Vec<(&'static str, String)> {
    let mut dbs = vec![("sqlite", sqlite(name))];
    dbs.extend(postgres(name).map(|(url, _, _)| ("postgres", url)));
    dbs
}

/// Asserts that a command succeeded, showing its output if not.
pub(crate) fn ok(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

/// A fresh SQLite database for one test.
pub(crate) fn sqlite(name: &str) -> String {
    format!("sqlite:{}", temp_dir(name).join("assure.db").display())
}
