//! Rendering the 2023 Statement of Assurance (Coventry) as PDF and as DOCX.
//! Results and how to reproduce them: BENCHMARKS.md.

use assure_docs::{Kind, build};
use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let text = include_str!("../../../examples/coventry.toml");
    let reg = read(&[Source::new("coventry.toml", text)]).expect("example reads");
    let at = parse_date("2023-06-20").expect("date");
    let doc = build(&reg, "coventry", at, Kind::Statement, Some("coventry-2023")).expect("builds");
    // The first render loads the fonts and compiles the template once per process.
    let _ = assure_pdf::pdf(&doc);
    c.bench_function(
        "statement of assurance: build the document from the register",
        |b| {
            b.iter(|| {
                build(
                    black_box(&reg),
                    "coventry",
                    at,
                    Kind::Statement,
                    Some("coventry-2023"),
                )
            })
        },
    );
    c.bench_function("statement of assurance: PDF", |b| {
        b.iter(|| assure_pdf::pdf(black_box(&doc)))
    });
    c.bench_function("statement of assurance: DOCX", |b| {
        b.iter(|| assure_docs::docx::docx(black_box(&doc)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
