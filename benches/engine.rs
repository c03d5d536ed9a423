//! Engine benchmarks: `evaluate` runs on every keystroke in the explorer, so it must stay in
//! microseconds. Run: `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tradeoff::answers::Answers;
use tradeoff::engine::{evaluate, flip_points};
use tradeoff::questionnaire::builtin;

fn answers(q: &tradeoff::questionnaire::Questionnaire) -> Answers {
    let text = include_str!("../tests/fixtures/answers/autopilot.toml");
    Answers::parse(q, "autopilot.toml", text).expect("the fixture is valid")
}

fn bench(c: &mut Criterion) {
    let q = builtin("fargate-vs-gke").expect("the bundled questionnaire is valid");
    let a = answers(&q);
    let costs = [412.0, 455.0, 298.0];
    c.bench_function("evaluate/default questionnaire", |b| {
        b.iter(|| evaluate(black_box(&q), black_box(&a), Some(black_box(&costs))));
    });
    c.bench_function("flip_points/default questionnaire", |b| {
        b.iter(|| flip_points(black_box(&q), black_box(&a), Some(black_box(&costs))));
    });
    c.bench_function("load/default questionnaire", |b| {
        let text = tradeoff::questionnaire::BUILTIN[0].2;
        b.iter(|| tradeoff::questionnaire::parse("q.toml", black_box(text)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
