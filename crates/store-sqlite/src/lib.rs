//! The register [`Store`] over SQLite: one council (or a few) on one machine, in one file.
//!
//! The database runs in WAL mode with foreign keys on and full synchronous commits, so a write that
//! returned has reached the disk and a crash mid-write leaves the previous state. Writers take the
//! write lock first (`BEGIN IMMEDIATE`), so two writers never interleave their read-check-write.
//! SQL lives here; what a write does is decided by [`assure_store::plan`].

#![forbid(unsafe_code)]

use assure_store::{
    AUDIT_COLUMNS, Applied, AuditColumns, AuditEntry, Change, MigrationStatus, Store, StoreError,
    VERSION_COLUMNS, Version, VersionColumns, from_micros, plan, to_micros,
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

fn db(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

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
