//! `assure user`: local accounts of the web application — add, change password, grant roles per
//! council, make API tokens, list. Passwords are hashed with argon2id here, as the web app does.

use anyhow::{Context, bail};
use assure_store::accounts::valid_username;
use assure_store::{ALL_COUNCILS, Accounts, Role};
use assure_web::auth::{
    PasswordCost, digest, hash_password, new_password, new_token, password_problem,
};
use clap::Subcommand;
use std::io::{BufRead, Write};

#[derive(Debug, Subcommand)]
pub(crate) enum UserAction {
    /// Add a user. The password is read from standard input with --password-stdin, else one is
    /// made up and printed once.
    Add {
        /// The user name they sign in with: lower case letters, digits and . _ @ -.
        username: String,
        /// Their name as shown in the audit log and on pages (default: the user name).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (this signs them out everywhere).
    Passwd {
        username: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give a user a role in a council (`--council '*'` for every council), or take it away
    /// with `--role none`.
    Grant {
        username: String,
        /// A council id, or * for every council.
        #[arg(long)]
        council: String,
        /// viewer (read), editor (change the register and reviews), approver (also record
        /// sign-off), admin (also manage users), or none.
        #[arg(long)]
        role: String,
    },
    /// Make an API token for a user; it is printed once and only its digest is kept.
    Token {
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// List users and their roles.
    List,
}

fn read_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((new_password()?, true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if let Some(problem) = password_problem(&password) {
        bail!("{problem}");
    }
    Ok((password, false))
}

/// Hashes off the async runtime: argon2 is deliberately slow.
async fn hash(password: String) -> anyhow::Result<String> {
    Ok(
        tokio::task::spawn_blocking(move || hash_password(&password, PasswordCost::Standard))
            .await??,
    )
}

/// Creates `username` as an admin of every council unless it exists (for `serve --demo`);
/// returns the password when it made one up or took it from `$ASSURE_ADMIN_PASSWORD`.
pub(crate) async fn ensure_admin<S: Accounts>(
    store: &S,
    username: &str,
    password: Option<String>,
) -> anyhow::Result<Option<String>> {
    if store.user(username).await?.is_some() {
        return Ok(None);
    }
    let password = match password {
        Some(p) => {
            if let Some(problem) = password_problem(&p) {
                bail!("ASSURE_ADMIN_PASSWORD: {problem}");
            }
            p
        }
        None => new_password()?,
    };
    store
        .add_user(
            "demo",
            username,
            "Demo administrator",
            &hash(password.clone()).await?,
        )
        .await?;
    store
        .grant("demo", username, ALL_COUNCILS, Some(Role::Admin))
        .await?;
    Ok(Some(password))
}

pub(crate) async fn run<S: Accounts>(
    store: &S,
    action: UserAction,
    actor: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match action {
        UserAction::Add {
            username,
            name,
            password_stdin,
        } => {
            if !valid_username(&username) {
                bail!(
                    "`{username}` is not a valid user name: use 1 to 64 lower case letters, digits, and . _ @ -, starting with a letter or digit"
                );
            }
            let (password, made_up) = read_password(password_stdin)?;
            let name = name.unwrap_or_else(|| username.clone());
            store
                .add_user(actor, &username, &name, &hash(password.clone()).await?)
                .await?;
            writeln!(out, "added user {username} ({name})")?;
            if made_up {
                writeln!(out, "password: {password}")?;
            }
            writeln!(
                out,
                "they have no roles yet: assure user grant {username} --council ID --role viewer"
            )?;
        }
        UserAction::Passwd {
            username,
            password_stdin,
        } => {
            let (password, made_up) = read_password(password_stdin)?;
            store
                .set_password(actor, &username, &hash(password.clone()).await?)
                .await?;
            writeln!(
                out,
                "changed the password of {username}; their sessions have ended"
            )?;
            if made_up {
                writeln!(out, "password: {password}")?;
            }
        }
        UserAction::Grant {
            username,
            council,
            role,
        } => {
            let role = match role.as_str() {
                "none" => None,
                r => Some(Role::parse(r).with_context(|| {
                    format!("unknown role `{r}`: use viewer, editor, approver, admin or none")
                })?),
            };
            store.grant(actor, &username, &council, role).await?;
            let place = if council == ALL_COUNCILS {
                "every council".to_owned()
            } else {
                council
            };
            match role {
                Some(r) => writeln!(out, "{username} is now {r} in {place}")?,
                None => writeln!(out, "{username} has no role in {place} now")?,
            }
        }
        UserAction::Token { username, label } => {
            if store.user(&username).await?.is_none() {
                bail!("there is no user `{username}`");
            }
            let token = new_token()?;
            store
                .add_token(actor, &username, &digest(&token), &label)
                .await?;
            writeln!(out, "{token}")?;
        }
        UserAction::List => {
            let grants = store.grants().await?;
            for u in store.users().await? {
                let roles: Vec<String> = grants
                    .iter()
                    .filter(|g| g.username == u.username)
                    .map(|g| format!("{} {}", g.role, g.council))
                    .collect();
                let roles = if roles.is_empty() {
                    "no roles".to_owned()
                } else {
                    roles.join(", ")
                };
                writeln!(out, "{}\t{}\t{roles}", u.username, u.name)?;
            }
        }
    }
    Ok(())
}
