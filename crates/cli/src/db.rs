//! The commands that use a database: import, export, audit, db migrate/status, backup, restore,
//! and loading the register for check, timeline and validate.
//!
//! The backend is chosen once, from the URL scheme ([`Backend::from_url`]); everything after
//! that is generic over [`Store`].

use crate::load::BadInput;
use anyhow::{Context, bail};
use assure_domain::Register;
use assure_domain::writer::{document, entries, to_json, to_toml};
use assure_store::{Backend, Change, Store, StoreError, Version, register_of};
use assure_store_sqlite::SqliteStore;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The database URL to use: `--db`, else `$ASSURE_DB`, else `sqlite:assure.db` in the working
/// directory (clap fills `--db` from `$ASSURE_DB`).
pub(crate) fn url(db: Option<&str>) -> String {
    db.map_or_else(|| "sqlite:assure.db".to_owned(), str::to_owned)
}

/// Runs `$body` with `$store` bound to the store `$url` names, opened (and migrated) once.
macro_rules! with_store {
    ($url:expr, |$store:ident| $body:expr) => {{
        use anyhow::Context as _;
        match assure_store::Backend::from_url($url)? {
            assure_store::Backend::Sqlite(u) => {
                let $store = assure_store_sqlite::SqliteStore::open(&u)
                    .await
                    .with_context(|| format!("opening {u}"))?;
                $body
            }
            assure_store::Backend::Postgres(u) => {
                let $store = assure_store_postgres::PgStore::open(&u)
                    .await
                    .with_context(|| format!("opening {}", $crate::db::redact(&u)))?;
                $body
            }
        }
    }};
}
pub(crate) use with_store;

/// A URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Parses `--recorded-at`: an RFC 3339 instant, or a date meaning its first instant (UTC).
pub(crate) fn instant_arg(s: &str) -> Result<Timestamp, String> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    if let Some(d) = assure_domain::date::parse_date(s) {
        return d
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    Err(format!(
        "expected an instant such as 2026-11-22T21:00:00Z (or a date YYYY-MM-DD), found \"{s}\""
    ))
}

/// The register the store held at `at` (now when `None`).
pub(crate) async fn register<S: Store>(
    store: &S,
    at: Option<Timestamp>,
) -> anyhow::Result<Register> {
    let versions = store.current(at).await?;
    register_of(
        versions
            .iter()
            .map(|v| (v.table.as_str(), v.key.as_str(), &v.body)),
    )
    .map_err(|errors| {
        BadInput(
            errors
                .iter()
                .map(|e| format!("database: {}: {}", e.field, e.message))
                .collect(),
        )
        .into()
    })
}

fn bar(len: u64, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// `assure import`: each file in its own transaction, all or nothing.
pub(crate) async fn import<S: Store>(
    store: &S,
    register: &Register,
    actor: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let all = entries(register);
    let show = std::io::stderr().is_terminal();
    for (file, name) in register.files.iter().enumerate() {
        let changes: Vec<Change> = all
            .iter()
            .filter(|e| e.file == file)
            .map(Change::put)
            .collect();
        let progress = bar(changes.len() as u64, show && changes.len() > 200);
        progress.set_message(name.clone());
        let applied = store
            .apply_with(actor, changes, |done, total| {
                progress.set_length(total as u64);
                progress.set_position(done as u64);
            })
            .await;
        progress.finish_and_clear();
        let applied = match applied {
            Ok(a) => a,
            Err(StoreError::Invalid(errors)) => {
                return Err(BadInput(
                    errors
                        .iter()
                        .map(|e| format!("{name}: {}: {}", e.field, e.message))
                        .collect(),
                )
                .into());
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("importing {name}; nothing from it was written"));
            }
        };
        let when = applied
            .at
            .map_or_else(String::new, |t| format!(", recorded at {t}"));
        writeln!(
            out,
            "{name}: {} created, {} updated, {} unchanged{when}",
            applied.created, applied.updated, applied.unchanged
        )?;
        for w in &applied.warnings {
            writeln!(out, "{name}: warning: {w}")?;
        }
    }
    Ok(())
}

/// Keys in entry bodies whose values name other entries (ids).
const REFERENCE_KEYS: [&str; 16] = [
    "org",
    "council",
    "person",
    "post",
    "provider",
    "employer",
    "reports_to",
    "body",
    "posts",
    "evidence",
    "opinion_by",
    "owner",
    "about",
    "review",
    "actions",
    "councillor",
];

fn references(v: &Value, key: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if REFERENCE_KEYS.contains(&key) => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, key, out)),
        Value::Object(m) if key.is_empty() || REFERENCE_KEYS.contains(&key) => {
            m.iter().for_each(|(k, v)| references(v, k, out));
        }
        _ => {}
    }
}

/// The entries of `council`, and everything they refer to (people, posts and organisations of
/// others), so the export reads on its own.
fn for_council(versions: &[Version], council: &str) -> Vec<usize> {
    let with_id = [
        "organisations",
        "people",
        "posts",
        "bodies",
        "documents",
        "reviews",
    ];
    let by_id: HashMap<(&str, &str), usize> = versions
        .iter()
        .enumerate()
        .filter(|(_, v)| with_id.contains(&v.table.as_str()))
        .map(|(i, v)| ((v.table.as_str(), v.key.as_str()), i))
        .collect();
    let mut keep: BTreeSet<usize> = versions
        .iter()
        .enumerate()
        .filter(|(_, v)| v.council.as_deref() == Some(council))
        .map(|(i, _)| i)
        .collect();
    let mut queue: Vec<usize> = keep.iter().copied().collect();
    while let Some(i) = queue.pop() {
        let mut ids = BTreeSet::new();
        references(&versions[i].body, "", &mut ids);
        for id in ids {
            for table in with_id {
                if let Some(j) = by_id.get(&(table, id.as_str()))
                    && keep.insert(*j)
                {
                    queue.push(*j);
                }
            }
        }
    }
    keep.into_iter().collect()
}

/// `assure export`.
pub(crate) async fn export<S: Store>(
    store: &S,
    council: Option<&str>,
    at: Option<Timestamp>,
    json: bool,
) -> anyhow::Result<String> {
    let versions = store.current(at).await?;
    let chosen: Vec<usize> = match council {
        Some(c) => {
            if !versions
                .iter()
                .any(|v| v.table == "organisations" && v.key == c)
            {
                return Err(BadInput(vec![format!(
                    "--council: no council with id `{c}` in the database"
                )])
                .into());
            }
            for_council(&versions, c)
        }
        None => (0..versions.len()).collect(),
    };
    let doc = document(
        chosen
            .iter()
            .map(|i| (versions[*i].table.as_str(), &versions[*i].body)),
    );
    Ok(if json { to_json(&doc) } else { to_toml(&doc) })
}

/// `assure audit`.
pub(crate) async fn audit<S: Store>(
    store: &S,
    key: Option<&str>,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let log = store.audit().await?;
    let log: Vec<_> = log
        .into_iter()
        .filter(|a| key.is_none_or(|k| a.key == k))
        .collect();
    if json {
        let items: Vec<Value> = log
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id, "at": a.at.to_string(), "actor": a.actor, "action": a.action.as_str(),
                    "table": a.table, "key": a.key, "council": a.council, "before": a.before, "after": a.after,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
        return Ok(());
    }
    for a in &log {
        writeln!(
            out,
            "{} {} {} {} `{}`",
            a.at,
            a.actor,
            a.action.as_str(),
            a.table,
            a.key
        )?;
        if let (Some(Value::Object(before)), Some(Value::Object(after))) = (&a.before, &a.after) {
            let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for k in keys {
                let (b, n) = (before.get(k), after.get(k));
                if b != n {
                    let show =
                        |v: Option<&Value>| v.map_or_else(|| "(none)".to_owned(), Value::to_string);
                    writeln!(out, "    {k}: {} -> {}", show(b), show(n))?;
                }
            }
        }
    }
    Ok(())
}

/// `assure db status`.
pub(crate) async fn status<S: Store>(store: &S, out: &mut impl Write) -> anyhow::Result<()> {
    for m in store.migrations().await? {
        let state = if m.applied { "applied" } else { "pending" };
        writeln!(out, "{:>4} {:<30} {state}", m.version, m.description)?;
    }
    Ok(())
}

/// `assure backup`: SQLite's online copy; PostgreSQL is backed up with its own tools.
pub(crate) async fn backup(url: &str, to: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    match Backend::from_url(url)? {
        Backend::Sqlite(u) => {
            if to.exists() {
                bail!("{} already exists: choose a new file for the backup", to.display());
            }
            let store = SqliteStore::open(&u).await?;
            store.backup(&to.display().to_string()).await?;
            store.close().await;
            writeln!(out, "backed up {u} to {}", to.display())?;
            Ok(())
        }
        Backend::Postgres(u) => Err(BadInput(vec![format!(
            "assure does not back up PostgreSQL itself; run: pg_dump --format=custom --file={} '{}'",
            to.display(),
            redact(&u)
        )])
        .into()),
    }
}

/// `assure restore`: replaces the SQLite database with a backup, keeping the old file aside.
pub(crate) async fn restore(url: &str, from: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let target = match Backend::from_url(url)? {
        Backend::Sqlite(u) => u,
        Backend::Postgres(u) => {
            return Err(BadInput(vec![format!(
                "assure does not restore PostgreSQL itself; run: pg_restore --clean --if-exists --dbname='{}' {}",
                redact(&u),
                from.display()
            )])
            .into());
        }
    };
    // The backup must itself be a readable register before anything is replaced.
    let check = SqliteStore::connect(&format!("sqlite:{}", from.display()))
        .await
        .with_context(|| format!("{} is not a readable database", from.display()))?;
    let applied = check.migrations().await?;
    if applied.is_empty() || !applied.iter().any(|m| m.applied) {
        bail!("{} is not an assure database", from.display());
    }
    register(&check, None)
        .await
        .with_context(|| format!("{} does not hold a valid register", from.display()))?;
    check.close().await;
    let path = target.strip_prefix("sqlite:").unwrap_or(&target);
    let path = path.strip_prefix("//").unwrap_or(path);
    let path = Path::new(path);
    if path.exists() {
        let aside = path.with_extension(format!(
            "before-restore-{}.db",
            Timestamp::now().as_second()
        ));
        // Checkpoint the WAL into the file before moving it, so nothing written is left behind.
        let old = SqliteStore::connect(&target).await?;
        old.close().await;
        std::fs::rename(path, &aside)
            .with_context(|| format!("moving {} aside", path.display()))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        writeln!(out, "kept the previous database as {}", aside.display())?;
    }
    std::fs::copy(from, path)
        .with_context(|| format!("copying {} to {}", from.display(), path.display()))?;
    let restored = SqliteStore::open(&target).await?;
    let n = restored.current(None).await?.len();
    restored.close().await;
    writeln!(
        out,
        "restored {} from {} ({n} entries)",
        path.display(),
        from.display()
    )?;
    Ok(())
}
