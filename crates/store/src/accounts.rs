//! Accounts: users, their roles per council, login sessions, API tokens and failed logins.
//!
//! These live in the same database as the register, so several app instances behind a load
//! balancer share them (DESIGN §3: "Sessions live in the database"). Passwords arrive here already
//! hashed (argon2id, by the web crate); session ids and API tokens arrive as SHA-256 digests, so a
//! copy of the database gives nobody a live session or token. Changes to users and grants are
//! written to the audit log (table `users` or `grants`) in the same transaction, attributed to the
//! actor, and never carry a password hash.

use crate::StoreError;
use jiff::Timestamp;
use std::future::Future;

/// What a user may do in one council (or every council, for the grant on `*`). Each role includes
/// the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Read everything, as at any date.
    Viewer,
    /// Also change the register and reviews.
    Editor,
    /// Also record sign-off of reviews.
    Approver,
    /// Also manage users.
    Admin,
}

impl Role {
    pub const ALL: [Self; 4] = [Self::Viewer, Self::Editor, Self::Approver, Self::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Approver => "approver",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The council id of a grant that covers every council.
pub const ALL_COUNCILS: &str = "*";

/// A local account.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub username: String,
    /// The name shown in the audit log and on pages.
    pub name: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    pub created: Timestamp,
}

/// One role of one user in one council (`*`: every council).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    pub username: String,
    pub council: String,
    pub role: Role,
}

/// A stored login session: its data (JSON) and when it expires.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    pub data: String,
    pub expires: Timestamp,
}

/// A user name is 1-64 characters of `[a-z0-9._@-]`, starting with a letter or digit.
pub fn valid_username(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._@-".contains(c))
}

/// Users, grants, sessions, tokens and failed logins. Implemented by each backend.
pub trait Accounts: Send + Sync {
    /// The user called `username`.
    fn user(&self, username: &str)
    -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Every user, by user name.
    fn users(&self) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send;

    /// Creates a user. Fails with [`StoreError::Exists`] if the name is taken.
    fn add_user(
        &self,
        actor: &str,
        username: &str,
        name: &str,
        password_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Replaces a user's password hash (and ends their sessions). [`StoreError::NotFound`] if
    /// there is no such user.
    fn set_password(
        &self,
        actor: &str,
        username: &str,
        password_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every grant, of every user.
    fn grants(&self) -> impl Future<Output = Result<Vec<Grant>, StoreError>> + Send;

    /// The grants of `username`, by council (what every signed-in request needs).
    fn grants_of(
        &self,
        username: &str,
    ) -> impl Future<Output = Result<Vec<Grant>, StoreError>> + Send;

    /// The user called `username` with their grants by council: [`Accounts::user`] and
    /// [`Accounts::grants_of`] together, which every signed-in request needs. The backends read
    /// both in one statement, one round trip to the database.
    fn user_with_grants(
        &self,
        username: &str,
    ) -> impl Future<Output = Result<Option<(User, Vec<Grant>)>, StoreError>> + Send {
        async move {
            let Some(user) = self.user(username).await? else {
                return Ok(None);
            };
            let grants = self.grants_of(&user.username).await?;
            Ok(Some((user, grants)))
        }
    }

    /// Gives `username` the role `role` in `council` (replacing any role they had there), or takes
    /// their role there away when `role` is `None`.
    fn grant(
        &self,
        actor: &str,
        username: &str,
        council: &str,
        role: Option<Role>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session with this id digest, if it exists and has not expired at `now`.
    fn load_session(
        &self,
        id_digest: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<SessionRow>, StoreError>> + Send;

    /// Creates or replaces a session, for `username` when someone is logged in.
    fn save_session(
        &self,
        id_digest: &str,
        username: Option<&str>,
        row: &SessionRow,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes a session; also removes expired ones.
    fn delete_session(
        &self,
        id_digest: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records an API token (its digest) for `username`.
    fn add_token(
        &self,
        actor: &str,
        username: &str,
        digest: &str,
        label: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The user an API token digest belongs to.
    fn token_user(
        &self,
        digest: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// The user an API token digest belongs to, with their grants by council:
    /// [`Accounts::token_user`] and [`Accounts::user_with_grants`] together (one statement on
    /// the backends).
    fn token_user_with_grants(
        &self,
        digest: &str,
    ) -> impl Future<Output = Result<Option<(User, Vec<Grant>)>, StoreError>> + Send {
        async move {
            match self.token_user(digest).await? {
                Some(username) => self.user_with_grants(&username).await,
                None => Ok(None),
            }
        }
    }

    /// Records a failed login for `username` at `at`.
    fn login_failed(
        &self,
        username: &str,
        at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// How many failed logins `username` has had since `since`.
    fn login_failures(
        &self,
        username: &str,
        since: Timestamp,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Forgets `username`'s failed logins (after a successful one).
    fn login_succeeded(
        &self,
        username: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Implements [`Accounts`] for a backend whose `pool` field is a sqlx pool. The statements are the
/// same on SQLite and PostgreSQL (`$N` parameters, `ON CONFLICT`), so both backends share them
/// through this macro rather than keeping two copies; the caller's crate supplies `sqlx`, `jiff`
/// and `serde_json`.
///
/// `lock` is the statement each account write runs first, before it writes to the audit log, on
/// a backend whose writers do not already exclude each other (`None` on SQLite, which has one
/// writer at a time). Audit ids must become visible in the order they are handed out for
/// [`crate::Store::register_version`] to mean "nothing was recorded in between"; an account
/// write that took a later id and committed before a register write would break that.
#[macro_export]
macro_rules! impl_accounts {
    ($store:ty, lock: $lock:expr) => {
        impl $store {
            /// What account writes run first, before they write to the audit log.
            const ACCOUNTS_LOCK: Option<&'static str> = $lock;
        }

        impl $crate::Accounts for $store {
            async fn user(
                &self,
                username: &str,
            ) -> Result<Option<$crate::User>, $crate::StoreError> {
                let row: Option<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT username, name, password_hash, created_us FROM users WHERE username = $1",
                )
                .bind(username)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
                Ok(row.map($crate::accounts::user_of))
            }

            async fn users(&self) -> Result<Vec<$crate::User>, $crate::StoreError> {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT username, name, password_hash, created_us FROM users ORDER BY username",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
                Ok(rows.into_iter().map($crate::accounts::user_of).collect())
            }

            async fn add_user(
                &self,
                actor: &str,
                username: &str,
                name: &str,
                password_hash: &str,
            ) -> Result<(), $crate::StoreError> {
                let now = jiff::Timestamp::now();
                let mut tx = self.pool.begin().await.map_err(db)?;
                if let Some(lock) = Self::ACCOUNTS_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(db)?;
                }
                let taken: Option<(String,)> =
                    sqlx::query_as("SELECT username FROM users WHERE username = $1")
                        .bind(username)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db)?;
                if taken.is_some() {
                    return Err($crate::StoreError::Exists {
                        what: "user",
                        key: username.to_owned(),
                    });
                }
                sqlx::query(
                    "INSERT INTO users (username, name, password_hash, created_us) VALUES ($1, $2, $3, $4)",
                )
                .bind(username)
                .bind(name)
                .bind(password_hash)
                .bind($crate::to_micros(now))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                let after = serde_json::json!({"username": username, "name": name});
                $crate::audit_insert!(now, actor, "create", "users", username, None, None, Some(&after))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
            }

            async fn set_password(
                &self,
                actor: &str,
                username: &str,
                password_hash: &str,
            ) -> Result<(), $crate::StoreError> {
                let now = jiff::Timestamp::now();
                let mut tx = self.pool.begin().await.map_err(db)?;
                if let Some(lock) = Self::ACCOUNTS_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(db)?;
                }
                let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
                    .bind(password_hash)
                    .bind(username)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::NotFound {
                        table: "users".to_owned(),
                        key: username.to_owned(),
                    });
                }
                sqlx::query("DELETE FROM sessions WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                let after = serde_json::json!({"username": username, "password": "changed"});
                $crate::audit_insert!(now, actor, "update", "users", username, None, None, Some(&after))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
            }

            async fn grants(&self) -> Result<Vec<$crate::Grant>, $crate::StoreError> {
                let rows: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT username, council, role FROM grants ORDER BY username, council",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
                rows.into_iter().map($crate::accounts::grant_of).collect()
            }

            async fn grants_of(
                &self,
                username: &str,
            ) -> Result<Vec<$crate::Grant>, $crate::StoreError> {
                let rows: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT username, council, role FROM grants WHERE username = $1 ORDER BY council",
                )
                .bind(username)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
                rows.into_iter().map($crate::accounts::grant_of).collect()
            }

            async fn user_with_grants(
                &self,
                username: &str,
            ) -> Result<Option<($crate::User, Vec<$crate::Grant>)>, $crate::StoreError> {
                let rows: Vec<$crate::accounts::UserGrantRow> = sqlx::query_as(
                    "SELECT u.username, u.name, u.password_hash, u.created_us, g.council, g.role \
                     FROM users u LEFT JOIN grants g ON g.username = u.username \
                     WHERE u.username = $1 ORDER BY g.council",
                )
                .bind(username)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
                $crate::accounts::user_with_grants_of(rows)
            }

            async fn token_user_with_grants(
                &self,
                digest: &str,
            ) -> Result<Option<($crate::User, Vec<$crate::Grant>)>, $crate::StoreError> {
                let rows: Vec<$crate::accounts::UserGrantRow> = sqlx::query_as(
                    "SELECT u.username, u.name, u.password_hash, u.created_us, g.council, g.role \
                     FROM api_tokens t JOIN users u ON u.username = t.username \
                     LEFT JOIN grants g ON g.username = u.username \
                     WHERE t.digest = $1 ORDER BY g.council",
                )
                .bind(digest)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
                $crate::accounts::user_with_grants_of(rows)
            }

            async fn grant(
                &self,
                actor: &str,
                username: &str,
                council: &str,
                role: Option<$crate::Role>,
            ) -> Result<(), $crate::StoreError> {
                let now = jiff::Timestamp::now();
                let mut tx = self.pool.begin().await.map_err(db)?;
                if let Some(lock) = Self::ACCOUNTS_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(db)?;
                }
                let user: Option<(String,)> =
                    sqlx::query_as("SELECT username FROM users WHERE username = $1")
                        .bind(username)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db)?;
                if user.is_none() {
                    return Err($crate::StoreError::NotFound {
                        table: "users".to_owned(),
                        key: username.to_owned(),
                    });
                }
                let before: Option<(String,)> =
                    sqlx::query_as("SELECT role FROM grants WHERE username = $1 AND council = $2")
                        .bind(username)
                        .bind(council)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db)?;
                let before = before.map(|(r,)| r);
                let after = role.map($crate::Role::as_str);
                if before.as_deref() == after {
                    return Ok(());
                }
                match after {
                    Some(r) => sqlx::query(
                        "INSERT INTO grants (username, council, role) VALUES ($1, $2, $3) \
                         ON CONFLICT (username, council) DO UPDATE SET role = excluded.role",
                    )
                    .bind(username)
                    .bind(council)
                    .bind(r),
                    None => sqlx::query("DELETE FROM grants WHERE username = $1 AND council = $2")
                        .bind(username)
                        .bind(council),
                }
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                let json = |r: &str| serde_json::json!({"username": username, "council": council, "role": r});
                let (action, before, after) = match (before.as_deref(), after) {
                    (None, Some(a)) => ("create", None, Some(json(a))),
                    (Some(b), None) => ("delete", Some(json(b)), None),
                    (b, a) => ("update", b.map(json), a.map(json)),
                };
                let key = format!("{username}/{council}");
                $crate::audit_insert!(
                    now,
                    actor,
                    action,
                    "grants",
                    &key,
                    Some(council),
                    before.as_ref(),
                    after.as_ref(),
                )
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                tx.commit().await.map_err(db)
            }

            async fn load_session(
                &self,
                id_digest: &str,
                now: jiff::Timestamp,
            ) -> Result<Option<$crate::SessionRow>, $crate::StoreError> {
                let row: Option<(String, i64)> = sqlx::query_as(
                    "SELECT data, expires_us FROM sessions WHERE id_digest = $1 AND expires_us > $2",
                )
                .bind(id_digest)
                .bind($crate::to_micros(now))
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
                Ok(row.map(|(data, expires)| $crate::SessionRow {
                    data,
                    expires: $crate::from_micros(expires),
                }))
            }

            async fn save_session(
                &self,
                id_digest: &str,
                username: Option<&str>,
                row: &$crate::SessionRow,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO sessions (id_digest, username, data, expires_us) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (id_digest) DO UPDATE SET username = excluded.username, \
                     data = excluded.data, expires_us = excluded.expires_us",
                )
                .bind(id_digest)
                .bind(username)
                .bind(&row.data)
                .bind($crate::to_micros(row.expires))
                .execute(&self.pool)
                .await
                .map_err(db)?;
                Ok(())
            }

            async fn delete_session(
                &self,
                id_digest: &str,
                now: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("DELETE FROM sessions WHERE id_digest = $1 OR expires_us <= $2")
                    .bind(id_digest)
                    .bind($crate::to_micros(now))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn add_token(
                &self,
                actor: &str,
                username: &str,
                digest: &str,
                label: &str,
            ) -> Result<(), $crate::StoreError> {
                let now = jiff::Timestamp::now();
                let mut tx = self.pool.begin().await.map_err(db)?;
                if let Some(lock) = Self::ACCOUNTS_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(db)?;
                }
                sqlx::query(
                    "INSERT INTO api_tokens (digest, username, label, created_us) VALUES ($1, $2, $3, $4)",
                )
                .bind(digest)
                .bind(username)
                .bind(label)
                .bind($crate::to_micros(now))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                let after = serde_json::json!({"username": username, "token": label});
                $crate::audit_insert!(now, actor, "create", "api_tokens", username, None, None, Some(&after))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
            }

            async fn token_user(&self, digest: &str) -> Result<Option<String>, $crate::StoreError> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT username FROM api_tokens WHERE digest = $1")
                        .bind(digest)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db)?;
                Ok(row.map(|(u,)| u))
            }

            async fn login_failed(
                &self,
                username: &str,
                at: jiff::Timestamp,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("INSERT INTO login_failures (username, at_us) VALUES ($1, $2)")
                    .bind(username)
                    .bind($crate::to_micros(at))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }

            async fn login_failures(
                &self,
                username: &str,
                since: jiff::Timestamp,
            ) -> Result<i64, $crate::StoreError> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at_us >= $2",
                )
                .bind(username)
                .bind($crate::to_micros(since))
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
                Ok(n)
            }

            async fn login_succeeded(&self, username: &str) -> Result<(), $crate::StoreError> {
                sqlx::query("DELETE FROM login_failures WHERE username = $1")
                    .bind(username)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
        }
    };
}

/// A user from its columns (username, name, password_hash, created_us).
pub fn user_of(c: (String, String, String, i64)) -> User {
    User {
        username: c.0,
        name: c.1,
        password_hash: c.2,
        created: crate::from_micros(c.3),
    }
}

/// A user's columns and one of their grants' (council, role), or none: the rows of a user
/// joined with their grants.
pub type UserGrantRow = (String, String, String, i64, Option<String>, Option<String>);

/// The user and their grants from the rows of a user left-joined with their grants (no rows: no
/// such user).
pub fn user_with_grants_of(
    rows: Vec<UserGrantRow>,
) -> Result<Option<(User, Vec<Grant>)>, StoreError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user = user_of((first.0.clone(), first.1.clone(), first.2.clone(), first.3));
    let grants = rows
        .into_iter()
        .filter_map(|(username, _, _, _, council, role)| Some((username, council?, role?)))
        .map(grant_of)
        .collect::<Result<_, _>>()?;
    Ok(Some((user, grants)))
}

/// A grant from its columns (username, council, role).
pub fn grant_of(c: (String, String, String)) -> Result<Grant, StoreError> {
    let role = Role::parse(&c.2)
        .ok_or_else(|| StoreError::Database(format!("unknown role `{}` in grants", c.2)))?;
    Ok(Grant {
        username: c.0,
        council: c.1,
        role,
    })
}

/// The statement that appends an account change to the audit log (see [`audit_insert!`]).
pub const AUDIT_INSERT: &str = "INSERT INTO audit_log (at_us, actor, action, entity_table, entity_key, council, before_json, after_json) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// The query appending an account change to the audit log: `(now, actor, action, table, key,
/// council, before, after)`, the last three optional (`before`/`after` as `Option<&Value>`).
#[macro_export]
macro_rules! audit_insert {
    ($now:expr, $actor:expr, $action:expr, $table:expr, $key:expr, $council:expr, $before:expr, $after:expr $(,)?) => {
        sqlx::query($crate::accounts::AUDIT_INSERT)
            .bind($crate::to_micros($now))
            .bind($actor)
            .bind($action)
            .bind($table)
            .bind($key)
            .bind(Option::<&str>::from($council))
            .bind(Option::<&serde_json::Value>::map($before, |v| {
                v.to_string()
            }))
            .bind(Option::<&serde_json::Value>::map($after, |v| v.to_string()))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_lower_case_words_with_dots_dashes_and_at_signs() {
        assert!(valid_username("admin"));
        assert!(valid_username("julie.newman@coventry.gov.uk"));
        assert!(!valid_username(""));
        assert!(!valid_username("-x"));
        assert!(!valid_username("Julie"));
        assert!(!valid_username("a b"));
        assert!(!valid_username(&"a".repeat(65)));
    }

    #[test]
    fn roles_are_ordered_from_viewer_to_admin_and_round_trip() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Approver);
        assert!(Role::Approver < Role::Admin);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
