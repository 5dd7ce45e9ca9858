//! The register [`Store`] over SQLite: one council (or a few) on one machine, in one file.
//!
//! The database runs in WAL mode with foreign keys on and full synchronous commits, so a write that
//! returned has reached the disk and a crash mid-write leaves the previous state. Writers take the
//! write lock first (`BEGIN IMMEDIATE`), so two writers never interleave their read-check-write.
//! SQL lives here; what a write does is decided by [`assure_store::plan`].

#![forbid(unsafe_code)]

use assure_store::{
    AUDIT_COLUMNS, Applied, AuditColumns, AuditEntry, Change, MigrationStatus, Store, StoreError,
    Unwritable, VERSION_COLUMNS, Version, VersionColumns, from_micros, plan, to_micros,
};
use jiff::Timestamp;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The register in a SQLite database.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// A database error as a [`StoreError`]. A database that refuses writes (opened read-only, a
/// read-only file, a full disk) is [`StoreError::Unwritable`], so the application can tell people
/// so instead of reporting an unexplained failure.
fn db(e: impl std::error::Error + 'static) -> StoreError {
    let code = (&e as &dyn std::error::Error)
        .downcast_ref::<sqlx::Error>()
        .and_then(sqlx::Error::as_database_error)
        .and_then(|d| d.code()?.parse::<i32>().ok());
    // Extended result codes (SQLITE_READONLY_DBMOVED...) keep the primary code in the low byte.
    match code.map(|c| c & 0xff) {
        Some(SQLITE_READONLY) => StoreError::Unwritable(Unwritable::ReadOnly),
        Some(SQLITE_FULL) => StoreError::Unwritable(Unwritable::Full),
        _ => StoreError::Database(e.to_string()),
    }
}

/// SQLite's primary result codes for "attempt to write a readonly database" and "database or
/// disk is full" (<https://www.sqlite.org/rescode.html>).
const SQLITE_READONLY: i32 = 8;
const SQLITE_FULL: i32 = 13;

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite:PATH`) and migrates it.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database without migrating it (for `db status`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(db)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(Self { pool })
    }

    /// The connection pool, for tests that try to go around the store.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Writes a consistent copy of the database to `path` while it stays in use
    /// (`VACUUM INTO`, SQLite's online copy).
    pub async fn backup(&self, path: &str) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO ?")
            .bind(path)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

// SQLite has one writer at a time: account writes need no lock of their own.
assure_store::impl_accounts!(SqliteStore, lock: None);

impl Store for SqliteStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await.map_err(db)
    }

    async fn migrations(&self) -> Result<Vec<MigrationStatus>, StoreError> {
        let exists: Option<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let applied: Vec<i64> = if exists.is_some() {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
                .map_err(db)?
        } else {
            Vec::new()
        };
        Ok(MIGRATOR
            .iter()
            .map(|m| MigrationStatus {
                version: m.version,
                description: m.description.to_string(),
                applied: applied.contains(&m.version),
            })
            .collect())
    }

    async fn current(&self, recorded_at: Option<Timestamp>) -> Result<Vec<Version>, StoreError> {
        let rows =
            match recorded_at {
                None => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {VERSION_COLUMNS} FROM facts WHERE recorded_to_us IS NULL ORDER BY id"
                )))
                .fetch_all(&self.pool)
                .await,
                Some(at) => {
                    sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {VERSION_COLUMNS} FROM facts WHERE recorded_from_us <= ?1 \
                     AND (recorded_to_us IS NULL OR recorded_to_us > ?1) ORDER BY id"
                    )))
                    .bind(to_micros(at))
                    .fetch_all(&self.pool)
                    .await
                }
            }
            .map_err(db)?;
        let rows: Vec<VersionColumns> = rows;
        rows.into_iter().map(Version::try_from).collect()
    }

    async fn apply_with<P: Fn(usize, usize) + Send + Sync>(
        &self,
        actor: &str,
        changes: Vec<Change>,
        progress: P,
    ) -> Result<Applied, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE")
            .await
            .map_err(db)?;
        let rows: Vec<VersionColumns> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM facts WHERE recorded_to_us IS NULL ORDER BY id"
        )))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let current = rows
            .into_iter()
            .map(Version::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(at_us) FROM audit_log")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let plan = plan(&current, changes, last.map(from_micros), Timestamp::now())?;
        assure_store::write_plan!(sqlx::Sqlite, tx, actor, &plan, progress);
        tx.commit().await.map_err(db)?;
        Ok(plan.applied)
    }

    async fn register_version(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log")
            .fetch_one(&self.pool)
            .await
            .map_err(db)
    }

    async fn history(&self, table: &str, key: &str) -> Result<Vec<Version>, StoreError> {
        let rows: Vec<VersionColumns> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM facts WHERE entity_table = ? AND entity_key = ? ORDER BY version"
        )))
        .bind(table)
        .bind(key)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.into_iter().map(Version::try_from).collect()
    }

    async fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY id");
        let rows: Vec<AuditColumns> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_store::Accounts;

    async fn migrated(name: &str) -> String {
        let dir =
            std::env::temp_dir().join(format!("assure-store-sqlite-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite:{}", dir.join("assure.db").display());
        SqliteStore::open(&url).await.expect("opens").close().await;
        url
    }

    #[tokio::test]
    async fn a_write_to_a_database_opened_read_only_is_refused_as_read_only() {
        let url = migrated("read-only").await;
        let store = SqliteStore::connect(&format!("{url}?mode=ro"))
            .await
            .expect("opens read-only");
        let err = store
            .add_user("test", "julie", "Julie Newman", "hash")
            .await
            .expect_err("read-only");
        assert!(
            matches!(err, StoreError::Unwritable(Unwritable::ReadOnly)),
            "{err}"
        );
        assert!(store.users().await.expect("reads go on").is_empty());
    }

    #[tokio::test]
    async fn a_write_to_a_full_database_is_refused_as_full() {
        let url = migrated("full").await;
        // To SQLite the disk is full once the database reaches `max_page_count` pages. The limit
        // is per connection, so the pool has one connection, capped at the migrated size.
        let options = SqliteConnectOptions::from_str(&url)
            .expect("url")
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("opens");
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&pool)
            .await
            .expect("page count");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {pages}"
        )))
        .execute(&pool)
        .await
        .expect("caps the size");
        let store = SqliteStore { pool };
        // A name far larger than the free space left in the database's pages.
        let name = "x".repeat(1 << 20);
        let err = store
            .add_user("test", "julie", &name, "hash")
            .await
            .expect_err("full");
        assert!(
            matches!(err, StoreError::Unwritable(Unwritable::Full)),
            "{err}"
        );
        assert!(store.users().await.expect("reads go on").is_empty());
    }
}
