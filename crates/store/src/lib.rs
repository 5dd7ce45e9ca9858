//! Storage of the register: the [`Store`] trait every backend implements, its error type, and
//! the parts of writing that do not depend on the database.
//!
//! The register is kept *bitemporally*. Each entry of an `assure/v1` register (a designation, a
//! post, a review...) is stored as versions: a version carries the entry's valid time (its
//! `from`/`to`, from the domain) and the recorded time during which the register said so
//! (`recorded_from`, `recorded_to`, from the system). An edit never overwrites: it closes the
//! current version and inserts a new one, in one transaction with an audit entry (actor, instant,
//! action, before, after). Reading "as recorded at" an instant gives back the register as it stood
//! then.
//!
//! Backends (`assure-store-sqlite`, `assure-store-postgres`) only run SQL. Deciding what a write
//! does ([`plan`]: version checks, which versions to close and insert, validation of the resulting
//! register through the domain reader, warnings) is shared here, so both behave the same. The
//! backend is chosen once from the database URL ([`Backend::from_url`]).

#![forbid(unsafe_code)]

pub mod accounts;
pub mod plan;
pub mod write;

pub use accounts::{ALL_COUNCILS, Accounts, Grant, Role, SessionRow, User};
pub use plan::{Plan, plan, register_of};

use assure_domain::reader::InputError;
use jiff::Timestamp;
use serde_json::Value;
use std::future::Future;

/// Which database a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:PATH` (or `sqlite://PATH`); `sqlite::memory:` for an in-memory database.
    Sqlite(String),
    /// `postgres://...` or `postgresql://...`.
    Postgres(String),
}

impl Backend {
    /// Chooses the backend from the URL scheme.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(StoreError::BadUrl(url.to_owned()));
            }
            Ok(Self::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(StoreError::BadUrl(url.to_owned()))
        }
    }
}

/// One stored version of an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub table: String,
    pub key: String,
    /// 1 for the first version, then one more for each change.
    pub version: i64,
    pub council: Option<String>,
    /// The entry as its `assure/v1` JSON object.
    pub body: Value,
    pub recorded_from: Timestamp,
    /// When this version stopped being the register's word (`None`: it still is).
    pub recorded_to: Option<Timestamp>,
}

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "create" => Some(Self::Create),
            "update" => Some(Self::Update),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: Action,
    pub table: String,
    pub key: String,
    pub council: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A change to one entry, as asked for by a user or an import.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Create or replace the entry `key` of `table` with `body`.
    Put {
        table: String,
        key: String,
        council: Option<String>,
        body: Value,
        /// The version the change was based on: `Some(0)` for "must not exist yet", `Some(n)`
        /// for "must still be version n", `None` to apply whatever is stored (imports).
        base: Option<i64>,
    },
    /// Remove the entry (close its current version).
    Delete {
        table: String,
        key: String,
        base: Option<i64>,
    },
}

impl Change {
    /// A put of a register entry, based on nothing in particular (imports).
    pub fn put(entry: &assure_domain::writer::Entry) -> Self {
        Self::Put {
            table: entry.table.to_owned(),
            key: entry.key.clone(),
            council: entry.council.clone(),
            body: entry.body.clone(),
            base: None,
        }
    }
}

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Things recorded that the rules will report (overlapping designations of one role).
    pub warnings: Vec<String>,
    /// The recorded instant of the write (`None` when nothing changed).
    pub at: Option<Timestamp>,
    /// The entries the write put, each as (table, key, its version number now): the new version
    /// if it changed, the current one if it was unchanged. Read from the write itself, so a
    /// caller reporting the version cannot pick up another writer's later change.
    pub versions: Vec<(String, String, i64)>,
}

/// The state of one migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationStatus {
    pub version: i64,
    pub description: String,
    pub applied: bool,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported database.
    #[error("unsupported database URL `{0}`: use sqlite:PATH or postgres://USER@HOST:PORT/DB")]
    BadUrl(String),
    /// The change was based on a version that is no longer current: someone else changed the
    /// entry first. Nothing was written.
    #[error(
        "conflict: {table} `{key}` is at version {current}, but the change was based on version {based_on}; reload and try again"
    )]
    Conflict {
        table: String,
        key: String,
        current: i64,
        based_on: i64,
    },
    /// The entry to change or delete does not exist. Nothing was written.
    #[error("{table} `{key}` does not exist")]
    NotFound { table: String, key: String },
    /// The thing to create exists already (a user name that is taken). Nothing was written.
    #[error("{what} `{key}` already exists")]
    Exists { what: &'static str, key: String },
    /// The register after the change would be invalid. Nothing was written.
    #[error("the change would leave the register invalid:\n{}", render(.0))]
    Invalid(Vec<InputError>),
    /// The database is running but refuses to change anything: it is read-only, or its disk is
    /// full. Nothing was written, and reading still works; it is not the caller's fault, and
    /// trying again helps only once whoever runs the database has fixed it.
    #[error("the database refused the change because it is {0}; nothing was saved")]
    Unwritable(Unwritable),
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(String),
}

/// Why the database takes no writes (see [`StoreError::Unwritable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unwritable {
    /// Opened read-only, or set read-only (SQLite `SQLITE_READONLY`, PostgreSQL SQLSTATE 25006).
    ReadOnly,
    /// Out of space (SQLite `SQLITE_FULL`, PostgreSQL SQLSTATE 53100).
    Full,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::ReadOnly => "read-only",
            Self::Full => "full (no disk space left)",
        })
    }
}

fn render(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A place the register is kept. Implemented by each backend; everything above is generic.
pub trait Store: Send + Sync {
    /// Applies pending migrations.
    fn migrate(&self) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every known migration and whether it is applied.
    fn migrations(&self) -> impl Future<Output = Result<Vec<MigrationStatus>, StoreError>> + Send;

    /// The versions that were current at `recorded_at` (now when `None`), in insertion order.
    fn current(
        &self,
        recorded_at: Option<Timestamp>,
    ) -> impl Future<Output = Result<Vec<Version>, StoreError>> + Send;

    /// Applies `changes` atomically on behalf of `actor`: all of them, with their audit entries, or
    /// none. Writers are serialised, and versions are checked inside the transaction.
    /// `progress(done, total)` is called as rows are written (for progress bars).
    fn apply_with<P: Fn(usize, usize) + Send + Sync>(
        &self,
        actor: &str,
        changes: Vec<Change>,
        progress: P,
    ) -> impl Future<Output = Result<Applied, StoreError>> + Send;

    /// [`Store::apply_with`] without progress reports.
    fn apply(
        &self,
        actor: &str,
        changes: Vec<Change>,
    ) -> impl Future<Output = Result<Applied, StoreError>> + Send {
        self.apply_with(actor, changes, |_, _| {})
    }

    /// A number that changes whenever anything is recorded: the id of the latest audit log entry
    /// (0 when the log is empty). Every [`Store::apply`] writes its audit entries in the same
    /// transaction as the versions they describe, deletes included, and so do account changes.
    ///
    /// It only grows, and a writer's audit ids are handed out while it holds the write lock
    /// (SQLite has one writer at a time; on PostgreSQL every writer of the audit log locks
    /// `register_lock` first), so ids become visible in the order they were handed out: if two
    /// reads of it give the same number, nothing was recorded in between. Readers that cache
    /// the register key the cache by it; read it *before* the register, so what was read is at
    /// least as new as its label.
    fn register_version(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Every version of one entry, oldest first.
    fn history(
        &self,
        table: &str,
        key: &str,
    ) -> impl Future<Output = Result<Vec<Version>, StoreError>> + Send;

    /// The audit log, oldest first.
    fn audit(&self) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
}

/// The columns of a stored version, in the order the backends select them
/// ([`VERSION_COLUMNS`]): table, key, version, council, body, recorded_from_us, recorded_to_us.
pub type VersionColumns = (
    String,
    String,
    i64,
    Option<String>,
    String,
    i64,
    Option<i64>,
);

/// The column list that yields [`VersionColumns`].
pub const VERSION_COLUMNS: &str =
    "entity_table, entity_key, version, council, body, recorded_from_us, recorded_to_us";

/// The columns of an audit entry, in the order of [`AUDIT_COLUMNS`].
pub type AuditColumns = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The column list that yields [`AuditColumns`].
pub const AUDIT_COLUMNS: &str =
    "id, at_us, actor, action, entity_table, entity_key, council, before_json, after_json";

fn json(text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Database(format!("stored JSON: {e}")))
}

impl TryFrom<VersionColumns> for Version {
    type Error = StoreError;

    fn try_from(c: VersionColumns) -> Result<Self, StoreError> {
        Ok(Self {
            table: c.0,
            key: c.1,
            version: c.2,
            council: c.3,
            body: json(&c.4)?,
            recorded_from: from_micros(c.5),
            recorded_to: c.6.map(from_micros),
        })
    }
}

impl TryFrom<AuditColumns> for AuditEntry {
    type Error = StoreError;

    fn try_from(c: AuditColumns) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.0,
            at: from_micros(c.1),
            actor: c.2,
            action: Action::parse(&c.3)
                .ok_or_else(|| StoreError::Database(format!("unknown audit action `{}`", c.3)))?,
            table: c.4,
            key: c.5,
            council: c.6,
            before: c.7.as_deref().map(json).transpose()?,
            after: c.8.as_deref().map(json).transpose()?,
        })
    }
}

/// Microseconds since the Unix epoch: how instants are stored (they sort in time order on both
/// backends, which jiff's text form does not on SQLite).
pub fn to_micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// The instant `micros` microseconds after the Unix epoch.
pub fn from_micros(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_is_chosen_from_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite:assure.db").ok(),
            Some(Backend::Sqlite("sqlite:assure.db".into()))
        );
        assert!(matches!(
            Backend::from_url("postgres://postgres@127.0.0.1:5432/test"),
            Ok(Backend::Postgres(_))
        ));
        assert!(matches!(
            Backend::from_url("mysql://x"),
            Err(StoreError::BadUrl(_))
        ));
        assert!(matches!(
            Backend::from_url("sqlite:"),
            Err(StoreError::BadUrl(_))
        ));
    }

    #[test]
    fn instants_round_trip_through_microseconds() {
        let t = Timestamp::from_microsecond(1_763_846_400_123_456).expect("valid");
        assert_eq!(from_micros(to_micros(t)), t);
    }
}
