//! `assure`: the command line of Assure, the local assurance framework for statutory roles in
//! English councils.
//!
//! This crate is only glue: it reads files ([`load`]) or a database ([`db`]), hands the register
//! to the rules engine, and prints what it says ([`text`], JSON). The contract it keeps is
//! DESIGN.md §6: exit 0 when no `must` rule fails, 1 when one does, 2 on bad input.

#![forbid(unsafe_code)]

mod db;
mod generate;
mod load;
mod text;
mod user;

use anyhow::{Context, bail};
use assure_domain::date::parse_date;
use assure_domain::{Date, Register};
use assure_rules::{CouncilEval, Engine, Level, Status};
use assure_store::{Backend, Store};
use assure_store_postgres::PgStore;
use assure_store_sqlite::SqliteStore;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Assure: who holds the statutory roles of a council, when, and whether that meets the law.
#[derive(Debug, Parser)]
#[command(name = "assure", version, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the register comes from: files, or a database.
#[derive(Debug, Args)]
struct Input {
    /// Register files (TOML, or JSON with the same structure), read together. Without files the
    /// register is read from the database.
    files: Vec<PathBuf>,
    /// Database URL (sqlite:PATH or postgres://...); default $ASSURE_DB, else sqlite:assure.db.
    #[arg(long, env = "ASSURE_DB")]
    db: Option<String>,
    /// Read the database as it was recorded at this instant (RFC 3339, e.g. 2026-11-22T21:00:00Z,
    /// or a date for its first instant, UTC).
    #[arg(long, value_parser = db::instant_arg)]
    recorded_at: Option<Timestamp>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check register files (or the database) against the `assure/v1` format (exit 0 valid, 2 with every error).
    Validate {
        #[command(flatten)]
        input: Input,
    },
    /// Evaluate every rule for each council on one date (exit 1 if a `must` rule fails).
    Check {
        #[command(flatten)]
        input: Input,
        /// The date to check, YYYY-MM-DD.
        #[arg(long, value_parser = date_arg)]
        at: Date,
        /// Only this council (its id).
        #[arg(long)]
        council: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The status of every rule over a period, as maximal intervals.
    Timeline {
        #[command(flatten)]
        input: Input,
        /// First day of the period (default: the council's first designation).
        #[arg(long, value_parser = date_arg)]
        from: Option<Date>,
        /// Last day of the period, inclusive (default: open-ended; the last interval has no end).
        #[arg(long, value_parser = date_arg)]
        to: Option<Date>,
        /// Only this council (its id).
        #[arg(long)]
        council: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a council report from the register at a date: a Statement of Assurance, the
    /// Assurance Document, or a Cabinet report with the Assurance Document as its appendix.
    Report {
        #[command(flatten)]
        input: Input,
        /// The council (its id).
        #[arg(long)]
        council: String,
        /// The date the report speaks at, YYYY-MM-DD.
        #[arg(long, value_parser = date_arg)]
        at: Date,
        #[arg(long, value_enum)]
        kind: ReportKind,
        /// The review the report presents (default: the council's latest review started by --at).
        #[arg(long)]
        review: Option<String>,
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// A directory of templates (report.md, report.html) replacing the built-in ones.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Serve the web application.
    Serve {
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Load the example councils (Coventry, Sandwell, St Helens) into a fresh database in a
        /// temporary directory and serve that.
        #[arg(long, conflicts_with = "db")]
        demo: bool,
    },
    /// Accounts of the web application: add users, set passwords, grant roles, make API tokens.
    User {
        #[command(subcommand)]
        action: user::UserAction,
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB", global = true)]
        db: Option<String>,
        /// Who is making the change, for the audit log (default: $USER).
        #[arg(long, env = "USER", default_value = "assure", global = true)]
        actor: String,
    },
    /// List the rule catalogue: ids, levels, citations and in-force dates.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Import register files into the database: each file in one transaction, all or nothing.
    /// Entries already there are updated (a new version; the old one stays readable with
    /// --recorded-at); unchanged ones are left alone.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
        /// Who is making the change, for the audit log (default: $USER).
        #[arg(long, env = "USER", default_value = "assure")]
        actor: String,
    },
    /// Write the register in the database out as an `assure/v1` file.
    Export {
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
        /// Only this council, with the people, posts and organisations its entries refer to.
        #[arg(long)]
        council: Option<String>,
        #[arg(long, value_enum, default_value_t = FileFormat::Toml)]
        format: FileFormat,
        /// The register as it was recorded at this instant.
        #[arg(long, value_parser = db::instant_arg)]
        recorded_at: Option<Timestamp>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The audit log: who changed what, when, with before and after.
    Audit {
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
        /// Only the changes to this entry (its key, e.g. an id or `designation:coventry/dcs/...`).
        #[arg(long)]
        key: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Database schema: apply migrations, or show their status.
    Db {
        #[command(subcommand)]
        action: DbAction,
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB", global = true)]
        db: Option<String>,
    },
    /// Copy the SQLite database to a new file while it stays in use (PostgreSQL: use pg_dump).
    Backup {
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
        /// The backup file to create.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Replace the SQLite database with a backup; the previous file is kept aside.
    Restore {
        /// The backup file.
        backup: PathBuf,
        /// Database URL; default $ASSURE_DB, else sqlite:assure.db.
        #[arg(long, env = "ASSURE_DB")]
        db: Option<String>,
    },
    /// Write a synthetic register of fictitious councils for scale tests; the same flags always
    /// give the same file.
    Generate(generate::GenerateArgs),
}

#[derive(Debug, Subcommand)]
enum DbAction {
    /// Apply pending migrations (also done on first use).
    Migrate,
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportKind {
    Statement,
    AssuranceDocument,
    CabinetReport,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Md,
    Html,
    Pdf,
    Docx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FileFormat {
    Toml,
    Json,
}

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s).ok_or_else(|| format!("expected a date YYYY-MM-DD, found \"{s}\""))
}

/// How a run ended, mapped to the exit codes of DESIGN.md §6.
enum Outcome {
    Ok,
    MustFailed,
}

/// mimalloc rather than the system allocator: under load the server's threads allocate at the same
/// time, and glibc's malloc then spends a large share of the time in its locks (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("assure: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::MustFailed) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`assure check ... | head`) is not an error.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            if let Some(bad) = err.downcast_ref::<load::BadInput>() {
                for line in &bad.0 {
                    eprintln!("{line}");
                }
                let n = bad.0.len();
                eprintln!(
                    "assure: {n} error{} in the input",
                    if n == 1 { "" } else { "s" }
                );
            } else {
                eprintln!("assure: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}

impl std::fmt::Display for load::BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for load::BadInput {}

/// The register to evaluate: from files, or from the database (as recorded at an instant).
async fn input_register(input: &Input) -> anyhow::Result<Register> {
    if !input.files.is_empty() {
        if input.recorded_at.is_some() {
            bail!("--recorded-at reads a database; it cannot be used with files");
        }
        return Ok(load::load(&input.files)?);
    }
    let url = db::url(input.db.as_deref());
    db::with_store!(&url, |store| db::register(&store, input.recorded_at).await)
}

async fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = std::io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Validate { input } => {
            let register = input_register(&input).await?;
            writeln!(out, "{}", text::validated(&register))?;
            Outcome::Ok
        }
        Command::Check {
            input,
            at,
            council,
            format,
        } => {
            let register = input_register(&input).await?;
            check(&register, at, council.as_deref(), format, colour, &mut out)?
        }
        Command::Timeline {
            input,
            from,
            to,
            council,
            format,
        } => {
            let register = input_register(&input).await?;
            timeline(
                &register,
                from,
                to,
                council.as_deref(),
                format,
                colour,
                &mut out,
            )?;
            Outcome::Ok
        }
        Command::Report {
            input,
            council,
            at,
            kind,
            review,
            format,
            output,
            templates,
        } => {
            let register = input_register(&input).await?;
            let kind = match kind {
                ReportKind::Statement => assure_docs::Kind::Statement,
                ReportKind::AssuranceDocument => assure_docs::Kind::AssuranceDocument,
                ReportKind::CabinetReport => assure_docs::Kind::CabinetReport,
            };
            let doc = assure_docs::build(&register, &council, at, kind, review.as_deref())
                .map_err(|e| load::BadInput(vec![e.to_string()]))?;
            let overrides = read_templates(templates.as_deref())?;
            let bytes = match format {
                ReportFormat::Md => assure_docs::render::markdown(&doc, &overrides)?.into_bytes(),
                ReportFormat::Html => assure_docs::render::html(&doc, &overrides)?.into_bytes(),
                ReportFormat::Docx => assure_docs::docx::docx(&doc)?,
                ReportFormat::Pdf => {
                    // Typst layout is CPU-bound: keep it off the async runtime.
                    let owned = doc.clone();
                    let pdf =
                        tokio::task::spawn_blocking(move || assure_pdf::pdf(&owned)).await??;
                    if !pdf.pdf_ua {
                        writeln!(
                            out,
                            "note: the content does not allow PDF/UA-1; wrote a tagged PDF"
                        )?;
                    }
                    pdf.bytes
                }
            };
            std::fs::write(&output, bytes)
                .with_context(|| format!("writing {}", output.display()))?;
            for flag in &doc.flags {
                writeln!(out, "check before sending: {flag}")?;
            }
            writeln!(out, "wrote {} ({})", output.display(), doc.title)?;
            Outcome::Ok
        }
        Command::Serve { db, addr, demo } => {
            let url = if demo {
                let dir = std::env::temp_dir().join(format!("assure-demo-{}", std::process::id()));
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let url = format!("sqlite:{}", dir.join("demo.db").display());
                let register = demo_register()?;
                db::with_store!(&url, |store| db::import(
                    &store, &register, "demo", &mut out
                )
                .await)?;
                writeln!(out, "demo: the example councils are in {url}")?;
                let given = std::env::var("ASSURE_ADMIN_PASSWORD")
                    .ok()
                    .filter(|p| !p.is_empty());
                let from_env = given.is_some();
                let made =
                    db::with_store!(&url, |store| user::ensure_admin(&store, "admin", given)
                        .await)?;
                match made {
                    Some(_) if from_env => writeln!(
                        out,
                        "demo: sign in as admin with the password in $ASSURE_ADMIN_PASSWORD"
                    )?,
                    Some(password) => {
                        writeln!(out, "demo: sign in as admin with the password {password}")?;
                    }
                    None => {}
                }
                url
            } else {
                db::url(db.as_deref())
            };
            // The database is opened (and migrated) before the server says it is running, so
            // "running" means it can answer.
            db::with_store!(&url, |store| {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("listening on {addr}"))?;
                let bound = listener.local_addr().unwrap_or(addr);
                writeln!(out, "Assure is running at http://{bound}/ (Ctrl-C to stop)")?;
                out.flush()?;
                let app = assure_web::app(store)
                    .into_make_service_with_connect_info::<std::net::SocketAddr>();
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown())
                    .await
                    .context("serving")
            })?;
            Outcome::Ok
        }
        Command::User { action, db, actor } => {
            let url = db::url(db.as_deref());
            db::with_store!(&url, |store| user::run(&store, action, &actor, &mut out)
                .await)?;
            Outcome::Ok
        }
        Command::Rules { format } => {
            let catalogue = assure_rules::Catalogue::v1();
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &text::catalogue_json(catalogue))?;
                    writeln!(out)?;
                }
                Format::Text => write!(out, "{}", text::catalogue(catalogue))?,
            }
            Outcome::Ok
        }
        Command::Import { files, db, actor } => {
            let register = load::load(&files)?;
            let url = db::url(db.as_deref());
            db::with_store!(&url, |store| db::import(
                &store, &register, &actor, &mut out
            )
            .await)?;
            Outcome::Ok
        }
        Command::Export {
            db,
            council,
            format,
            recorded_at,
            output,
        } => {
            let url = db::url(db.as_deref());
            let json = format == FileFormat::Json;
            let text = db::with_store!(&url, |store| {
                db::export(&store, council.as_deref(), recorded_at, json).await
            })?;
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => out.write_all(text.as_bytes())?,
            }
            Outcome::Ok
        }
        Command::Audit { db, key, format } => {
            let url = db::url(db.as_deref());
            let json = format == Format::Json;
            db::with_store!(&url, |store| db::audit(
                &store,
                key.as_deref(),
                json,
                &mut out
            )
            .await)?;
            Outcome::Ok
        }
        Command::Db { action, db } => {
            let url = db::url(db.as_deref());
            match action {
                DbAction::Migrate => {
                    db::with_store!(&url, |store| store.migrate().await)?;
                    writeln!(out, "{}: migrations applied", db::redact(&url))?;
                }
                DbAction::Status => match Backend::from_url(&url)? {
                    Backend::Sqlite(u) => {
                        db::status(&SqliteStore::connect(&u).await?, &mut out).await?
                    }
                    Backend::Postgres(u) => {
                        db::status(&PgStore::connect(&u, None).await?, &mut out).await?
                    }
                },
            }
            Outcome::Ok
        }
        Command::Backup { db, output } => {
            db::backup(&db::url(db.as_deref()), &output, &mut out).await?;
            Outcome::Ok
        }
        Command::Restore { backup, db } => {
            db::restore(&db::url(db.as_deref()), &backup, &mut out).await?;
            Outcome::Ok
        }
        Command::Generate(args) => {
            generate::run(&args, &mut out)?;
            Outcome::Ok
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// Resolves on Ctrl-C or SIGTERM, so requests in flight finish before the server stops.
async fn shutdown() {
    let terminate = async {
        #[cfg(unix)]
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    eprintln!("assure: stopping");
}

/// The example councils, compiled in so `serve --demo` works from any directory.
fn demo_register() -> anyhow::Result<Register> {
    let files = [
        (
            "coventry.toml",
            include_str!("../../../examples/coventry.toml"),
        ),
        (
            "sandwell.toml",
            include_str!("../../../examples/sandwell.toml"),
        ),
        (
            "st-helens.toml",
            include_str!("../../../examples/st-helens.toml"),
        ),
    ];
    let sources: Vec<_> = files
        .iter()
        .map(|(n, t)| assure_domain::reader::Source::new(n, t))
        .collect();
    assure_domain::reader::read(&sources)
        .map_err(|e| anyhow::anyhow!("the built-in examples do not read: {e:?}"))
}

/// The templates in `dir` that replace built-in ones (`report.md`, `report.html`).
fn read_templates(
    dir: Option<&std::path::Path>,
) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let mut out = std::collections::HashMap::new();
    let Some(dir) = dir else { return Ok(out) };
    if !dir.is_dir() {
        bail!("--templates: {} is not a directory", dir.display());
    }
    for name in ["report.md", "report.html"] {
        let path = dir.join(name);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            out.insert(name.to_owned(), text);
        }
    }
    Ok(out)
}

fn check(
    register: &Register,
    at: Date,
    council: Option<&str>,
    format: Format,
    colour: bool,
    out: &mut impl Write,
) -> anyhow::Result<Outcome> {
    let engine = Engine::new(register);
    let councils = select(&engine, register, council)?;
    // Councils are independent: each is evaluated on its own thread (results keep their order).
    let results: Vec<(CouncilEval<'_, '_>, Vec<assure_rules::Finding>)> = councils
        .into_par_iter()
        .map(|c| {
            let findings = c.check(at);
            (c, findings)
        })
        .collect();
    let must_failed = results
        .iter()
        .flat_map(|(_, f)| f)
        .any(|f| f.level == Level::Must && f.status == Status::Fail);
    match format {
        Format::Json => {
            let json = CheckJson {
                at,
                councils: results
                    .iter()
                    .map(|(c, f)| CouncilResults {
                        id: c.council().id.as_str(),
                        results: f,
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        Format::Text => {
            for (c, findings) in &results {
                let arrangement = engine.index().arrangement(c.council().id.as_str(), at);
                write!(
                    out,
                    "{}",
                    text::check(c.council(), &arrangement, findings, colour)
                )?;
            }
        }
    }
    Ok(if must_failed {
        Outcome::MustFailed
    } else {
        Outcome::Ok
    })
}

fn timeline(
    register: &Register,
    from: Option<Date>,
    to: Option<Date>,
    council: Option<&str>,
    format: Format,
    colour: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let engine = Engine::new(register);
    let councils = select(&engine, register, council)?;
    let from = match from {
        Some(f) => f,
        None => councils
            .iter()
            .filter_map(CouncilEval::first_day)
            .min()
            .context("the register has no dated facts: give --from")?,
    };
    if let Some(to) = to
        && to < from
    {
        bail!("--to ({to}) is before --from ({from})");
    }
    let timelines: Vec<_> = councils
        .into_par_iter()
        .map(|c| {
            let spans = c.timeline(from, to);
            (c, spans)
        })
        .collect();
    match format {
        Format::Json => {
            let json = TimelineJson {
                from,
                to,
                councils: timelines
                    .iter()
                    .map(|(c, spans)| CouncilTimeline {
                        id: c.council().id.as_str(),
                        intervals: spans,
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        Format::Text => {
            for (c, spans) in &timelines {
                write!(
                    out,
                    "{}",
                    text::timeline(c.council(), engine.catalogue(), from, to, spans, colour)
                )?;
            }
        }
    }
    Ok(())
}

/// The councils to evaluate: the one named by `--council`, or all.
fn select<'e, 'r>(
    engine: &'e Engine<'r>,
    register: &Register,
    council: Option<&str>,
) -> anyhow::Result<Vec<CouncilEval<'e, 'r>>> {
    let known: Vec<&str> = register.councils().map(|c| c.id.as_str()).collect();
    match council {
        Some(id) => match engine.council(id) {
            Some(c) => Ok(vec![c]),
            None => Err(load::BadInput(vec![format!(
                "--council: no council with id `{id}` in the register (councils: {})",
                known.join(", ")
            )])
            .into()),
        },
        None if known.is_empty() => Err(load::BadInput(vec![
            "the register defines no council to evaluate".to_owned(),
        ])
        .into()),
        None => Ok(engine.councils().collect()),
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    at: Date,
    councils: Vec<CouncilResults<'a>>,
}

#[derive(Serialize)]
struct CouncilResults<'a> {
    id: &'a str,
    results: &'a [assure_rules::Finding],
}

#[derive(Serialize)]
struct TimelineJson<'a> {
    from: Date,
    to: Option<Date>,
    councils: Vec<CouncilTimeline<'a>>,
}

#[derive(Serialize)]
struct CouncilTimeline<'a> {
    id: &'a str,
    intervals: &'a [assure_rules::Span],
}
