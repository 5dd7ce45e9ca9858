//! `assure generate`: a synthetic national register for scale tests (DESIGN.md §6).
//!
//! The register itself comes from `assure-synth`, which documents what it contains and how often
//! things happen in it; this module only turns the flags into its parameters, picks TOML or JSON
//! from the file name and writes the file. The period always ends on 2026-03-31, so the same flags
//! give the same bytes whenever and wherever they are run.

use anyhow::Context;
use assure_domain::reader::Syntax;
use assure_synth::{MAX_COUNCILS, MAX_YEARS, Params};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// The flags of `assure generate`.
#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// How many councils (1 to 1000; England has 317 principal councils, about 153 of them
    /// children's services authorities).
    #[arg(long, default_value_t = 317,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_COUNCILS)))]
    councils: u32,
    /// How many years the register covers (1 to 30), ending on 2026-03-31.
    #[arg(long, default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_YEARS)))]
    years: u32,
    /// The seed: the same seed with the same flags gives the same file, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The file to write: JSON if its name ends in .json, TOML otherwise.
    #[arg(short, long)]
    output: PathBuf,
}

/// Generates the register and writes it to `--output`, then says what it wrote.
pub(crate) fn run(args: &GenerateArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let params = Params::new(args.councils, args.years, args.seed)?;
    let register = assure_synth::generate(&params);
    let syntax = Syntax::from_name(&args.output.to_string_lossy());
    let text = assure_synth::render(&params, &register, syntax);
    std::fs::write(&args.output, &text)
        .with_context(|| format!("writing {}", args.output.display()))?;
    let authorities = register
        .councils()
        .filter(|c| c.kind.is_childrens_services_authority())
        .count();
    writeln!(
        out,
        "wrote {} (assure/v1 {}, {} KB): {} councils ({authorities} children's services \
         authorities), {} people, {} posts, {} appointments, {} designations, {} reviews, \
         {} to {}, seed {}",
        args.output.display(),
        match syntax {
            Syntax::Toml => "TOML",
            Syntax::Json => "JSON",
        },
        text.len().div_ceil(1024),
        register.councils().count(),
        register.people.len(),
        register.posts.len(),
        register.appointments.len(),
        register.designations.len(),
        register.reviews.len(),
        params.start(),
        assure_synth::END,
        params.seed(),
    )?;
    Ok(())
}
