//! The register [`Store`] over PostgreSQL: a national register, several stateless app instances.
//!
//! Writers lock the `register_lock` row first, so writes from any number of instances never
//! interleave their read-check-write; reads take no locks. A schema other than `public` can be
//! chosen (each test uses its own). SQL lives here; what a write does is decided by
//! [`assure_store::plan`].

#![forbid(unsafe_code)]

use assure_store::{
    AUDIT_COLUMNS, Applied, AuditColumns, AuditEntry, Change, MigrationStatus, Store, StoreError,
    Unwritable, VERSION_COLUMNS, Version, VersionColumns, from_micros, plan, to_micros,
};
use jiff::Timestamp;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The register in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

/// A database error as a [`StoreError`]. A database that refuses writes (a read-only
/// transaction, as under `default_transaction_read_only` or on a hot standby; a full disk) is
/// [`StoreError::Unwritable`], so the application can tell people so instead of reporting an
/// unexplained failure.
fn db(e: impl std::error::Error + 'static) -> StoreError {
    let code = (&e as &dyn std::error::Error)
        .downcast_ref::<sqlx::Error>()
        .and_then(sqlx::Error::as_database_error)
        .and_then(|d| d.code().map(|c| c.into_owned()));
    // SQLSTATE read_only_sql_transaction and disk_full.
    match code.as_deref() {
        Some("25006") => StoreError::Unwritable(Unwritable::ReadOnly),
        Some("53100") => StoreError::Unwritable(Unwritable::Full),
        _ => StoreError::Database(e.to_string()),
    }
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect(url, None).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects to `url`, using `schema` (created if missing) instead of `public` when given,
    /// without migrating.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut options = PgConnectOptions::from_str(url).map_err(db)?;
        if let Some(schema) = schema {
            if !schema
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(StoreError::Database(format!("bad schema name `{schema}`")));
            }
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .map_err(db)?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&admin)
            .await
            .map_err(db)?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(Self { pool })
    }

    /// The connection pool, for tests that try to go around the store.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

// Account writes lock `register_lock` too, so audit ids commit in order (see `register_version`).
assure_store::impl_accounts!(
    PgStore,
    lock: Some("SELECT id FROM register_lock WHERE id = 1 FOR UPDATE")
);

impl Store for PgStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await.map_err(db)
    }

    async fn migrations(&self) -> Result<Vec<MigrationStatus>, StoreError> {
        let exists: Option<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
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
                        "SELECT {VERSION_COLUMNS} FROM facts WHERE recorded_from_us <= $1 \
                     AND (recorded_to_us IS NULL OR recorded_to_us > $1) ORDER BY id"
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
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("SELECT id FROM register_lock WHERE id = 1 FOR UPDATE")
            .execute(&mut *tx)
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
        assure_store::write_plan!(sqlx::Postgres, tx, actor, &plan, progress);
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
            "SELECT {VERSION_COLUMNS} FROM facts WHERE entity_table = $1 AND entity_key = $2 ORDER BY version"
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
