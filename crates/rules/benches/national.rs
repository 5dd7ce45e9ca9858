//! Benchmarks of the rules engine on a synthetic national register (`assure generate
//! --councils 150 --years 20 --seed 1`): reading it, checking one council on one date, and the
//! timelines of every council over the 20 years on one core. Results and how to reproduce them:
//! BENCHMARKS.md.

use assure_domain::date::parse_date;
use assure_domain::reader::{Source, Syntax, read};
use assure_rules::Engine;
use assure_synth::{Params, generate, render};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn day(s: &str) -> assure_domain::Date {
    parse_date(s).expect("valid date")
}

fn bench(c: &mut Criterion) {
    let params = Params::new(150, 20, 1).expect("valid parameters");
    let register = generate(&params);
    let text = render(&params, &register, Syntax::Toml);
    // Benchmark what a user has: the register as read from its file.
    let register = read(&[Source::new("national.toml", &text)]).expect("generated register reads");
    let first = register
        .councils()
        .next()
        .map(|c| c.id.to_string())
        .expect("a council");
    let at = day("2024-01-01");

    let mut slow = c.benchmark_group("national");
    slow.sample_size(10)
        .measurement_time(Duration::from_secs(10));
    slow.bench_function("read national.toml (150 councils, 20 years)", |b| {
        b.iter(|| black_box(read(&[Source::new("national.toml", black_box(&text))])))
    });
    slow.bench_function("index the national register", |b| {
        b.iter(|| black_box(Engine::new(black_box(&register))))
    });
    slow.bench_function("timeline of 150 councils over 20 years, one core", |b| {
        let engine = Engine::new(&register);
        b.iter(|| {
            let spans: usize = engine
                .councils()
                .map(|c| c.timeline(params.start(), Some(day("2026-03-31"))).len())
                .sum();
            black_box(spans)
        })
    });
    slow.finish();

    let engine = Engine::new(&register);
    c.bench_function("check one council of 150 at 2024-01-01 (29 rules)", |b| {
        b.iter(|| {
            let council = engine.council(black_box(&first)).expect("council");
            black_box(council.check(at))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
