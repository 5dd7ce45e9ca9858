//! `assure`: the command line of Assure, the local assurance framework for statutory roles in
//! English councils.
//!
//! This crate is only glue: it reads files ([`load`]), hands them to the domain reader and the
//! rules engine, and prints what they say ([`text`], JSON). The contract it keeps is DESIGN.md §6:
//! exit 0 when no `must` rule fails, 1 when one does, 2 on bad input.

#![forbid(unsafe_code)]

mod load;
mod text;

use anyhow::{Context, bail};
use assure_domain::date::parse_date;
use assure_domain::{Date, Register};
use assure_rules::{CouncilEval, Engine, Level, Status};
use clap::{Parser, Subcommand, ValueEnum};
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

#[derive(Debug, Subcommand)]
enum Command {
    /// Check register files against the `assure/v1` format (exit 0 valid, 2 with every error).
    Validate {
        /// Register files (TOML, or JSON with the same structure), read together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Evaluate every rule for each council on one date (exit 1 if a `must` rule fails).
    Check {
        /// Register files (TOML, or JSON with the same structure), read together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
        /// Register files (TOML, or JSON with the same structure), read together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
    /// List the rule catalogue: ids, levels, citations and in-force dates.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
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

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = std::io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Validate { files } => {
            let register = load::load(&files)?;
            writeln!(out, "{}", text::validated(&register))?;
            Outcome::Ok
        }
        Command::Check {
            files,
            at,
            council,
            format,
        } => {
            let register = load::load(&files)?;
            let engine = Engine::new(&register);
            let councils = select(&engine, &register, council.as_deref())?;
            let results: Vec<(CouncilEval<'_, '_>, Vec<assure_rules::Finding>)> = councils
                .into_iter()
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
                    serde_json::to_writer_pretty(&mut out, &json)?;
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
            if must_failed {
                Outcome::MustFailed
            } else {
                Outcome::Ok
            }
        }
        Command::Timeline {
            files,
            from,
            to,
            council,
            format,
        } => {
            let register = load::load(&files)?;
            let engine = Engine::new(&register);
            let councils = select(&engine, &register, council.as_deref())?;
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
            let timelines: Vec<_> = councils.iter().map(|c| (c, c.timeline(from, to))).collect();
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
                    serde_json::to_writer_pretty(&mut out, &json)?;
                    writeln!(out)?;
                }
                Format::Text => {
                    for (c, spans) in &timelines {
                        write!(
                            out,
                            "{}",
                            text::timeline(
                                c.council(),
                                engine.catalogue(),
                                from,
                                to,
                                spans,
                                colour
                            )
                        )?;
                    }
                }
            }
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
    };
    out.flush()?;
    Ok(outcome)
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
                "--council: no council with id `{id}` in the files (councils: {})",
                known.join(", ")
            )])
            .into()),
        },
        None if known.is_empty() => {
            Err(load::BadInput(vec!["the files define no council to evaluate".to_owned()]).into())
        }
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
