//! Engine benchmarks: scoring and costing run on every keystroke in the explorer, so they must
//! stay in microseconds. Run: `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::hint::black_box;
use tradeoff::answers::Answers;
use tradeoff::answers::resolve;
use tradeoff::cost::{Workload, curve, estimate};
use tradeoff::engine::evaluate;
use tradeoff::model::Model;
use tradeoff::questionnaire::builtin;

fn bench(c: &mut Criterion) {
    let q = builtin("fargate-vs-gke").expect("the bundled questionnaire is valid");
    let book = tradeoff::pricing::builtin().expect("the bundled price book is valid");
    let text = include_str!("../tests/fixtures/answers/autopilot.toml");
    let a = Answers::parse(&q, "autopilot.toml", text).expect("the fixture is valid");
    let w = Workload::from_answers(&q, &resolve(&q, &a)).expect("sizing questions exist");
    let costs = [412.0, 455.0, 298.0];

    c.bench_function("evaluate/scores only", |b| {
        b.iter(|| evaluate(black_box(&q), black_box(&a), Some(black_box(&costs))));
    });
    c.bench_function("cost/all options with breakdowns", |b| {
        b.iter(|| estimate(black_box(&q), black_box(&book), black_box(&w)));
    });
    c.bench_function("cost/break-even curve", |b| {
        b.iter(|| curve(black_box(&q), black_box(&book), black_box(&w), &[false; 3]));
    });
    let model = Model::new(q.clone(), book.clone());
    c.bench_function("assess/scores and bills", |b| {
        b.iter(|| model.assess(black_box(&a)));
    });
    // Everything the answers decide: scores, bills, flips (choices, number thresholds and
    // weights) and the break-even curve. Flips must stay within 2 ms.
    c.bench_function("decide/scores, bills, flips and curve", |b| {
        b.iter(|| model.decide(black_box(&a)));
    });
    // A room's tally, as the facilitator's screen computes it on every change: 50
    // participants, each with a few answers of their own.
    let room: Vec<(String, Answers)> = (0..50)
        .map(|k| {
            let mut answers = Answers::new(&q);
            for (i, question) in q.questions.iter().enumerate().take(12) {
                let count = match &question.kind {
                    tradeoff::questionnaire::Kind::Choice(c) => c.len(),
                    _ => 0,
                };
                if count > 0 && (k + i) % 3 != 0 {
                    answers.set(&q, i, tradeoff::value::Value::Choice((k * 7 + i) % count));
                }
            }
            (format!("p{k}"), answers)
        })
        .collect();
    c.bench_function("compare/room tally, 50 participants", |b| {
        b.iter(|| tradeoff::compare::compare(black_box(&model), black_box(&room)));
    });
    c.bench_function("load/questionnaire", |b| {
        let text = tradeoff::questionnaire::BUILTIN[0].2;
        b.iter(|| tradeoff::questionnaire::parse("q.toml", black_box(text)));
    });
    // An answers file of 100,000 unknown keys: the budget is 1 s (was 63 s, quadratic).
    c.bench_function("load/answers with 100,000 unknown keys", |b| {
        let mut typos = String::from("questionnaire = \"fargate-vs-gke\"\n[answers]\n");
        for i in 0..100_000 {
            let _ = writeln!(typos, "k{i} = 1");
        }
        let q = builtin("fargate-vs-gke").expect("the bundled questionnaire is valid");
        b.iter(|| Answers::parse(&q, "typos.toml", black_box(&typos)).map(|_| ()));
    });
    c.bench_function("load/price book", |b| {
        b.iter(|| tradeoff::pricing::parse("p.toml", black_box(tradeoff::pricing::BUILTIN)));
    });
    // `prices refresh` of three regions from the recorded price-list files (read from disk,
    // parsed, matched, the book rewritten and checked): the budget is 2 s.
    c.bench_function("refresh/three regions from the recorded files", |b| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prices");
        let fetcher = tradeoff::pricing::refresh::Fetcher::Dir(dir);
        let regions = [
            tradeoff::pricing::Region::Us,
            tradeoff::pricing::Region::Eu,
            tradeoff::pricing::Region::Asia,
        ];
        let today = jiff::civil::date(2026, 12, 7);
        b.iter(|| {
            tradeoff::pricing::refresh::refresh(
                &fetcher,
                &book,
                tradeoff::pricing::BUILTIN,
                black_box(&regions),
                today,
            )
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
