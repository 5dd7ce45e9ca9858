//! Benchmarks of the rules engine on the Coventry example (2013–2023): `check` for one council on
//! one date, and the whole-period timeline. Results and how to reproduce them: BENCHMARKS.md.

use assure_domain::date::parse_date;
use assure_domain::reader::{Source, read};
use assure_rules::Engine;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn coventry() -> assure_domain::Register {
    let text = include_str!("../../../examples/coventry.toml");
    match read(&[Source::new("coventry.toml", text)]) {
        Ok(r) => r,
        Err(e) => panic!("example does not read: {e:?}"),
    }
}

fn day(s: &str) -> assure_domain::Date {
    parse_date(s).expect("valid date")
}

fn bench(c: &mut Criterion) {
    let register = coventry();
    let at = day("2019-02-12");
    c.bench_function("check coventry at 2019-02-12 (index + 29 rules)", |b| {
        b.iter(|| {
            let engine = Engine::new(black_box(&register));
            let council = engine.council("coventry").expect("council");
            black_box(council.check(at))
        })
    });
    c.bench_function("timeline coventry 2013-01-01..2024-01-01", |b| {
        b.iter(|| {
            let engine = Engine::new(black_box(&register));
            let council = engine.council("coventry").expect("council");
            black_box(council.timeline(day("2013-01-01"), Some(day("2024-01-01"))))
        })
    });
    c.bench_function("read coventry.toml", |b| {
        let text = include_str!("../../../examples/coventry.toml");
        b.iter(|| black_box(read(&[Source::new("coventry.toml", black_box(text))])))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
