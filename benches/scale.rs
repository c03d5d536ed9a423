//! A generated questionnaire of 5,000 questions in 50 sections: loading, evaluating, and a
//! keystroke's full cycle in the explorer. Run: `cargo bench --bench scale`.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use tradeoff::answers::Answers;
use tradeoff::model::Model;
use tradeoff::questionnaire::{parse, synthetic};
use tradeoff::tui::app::App;
use tradeoff::tui::{Options, handle, ui};

fn bench(c: &mut Criterion) {
    let text = synthetic(5000, 50);
    let mut group = c.benchmark_group("scale 5000 questions");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("load and validate", |b| {
        b.iter(|| parse("synthetic.toml", black_box(&text)));
    });
    let q = parse("synthetic.toml", &text).expect("the generated questionnaire is valid");
    let model = Model::new(q, tradeoff::pricing::builtin().expect("price book"));
    let answers = Answers::new(&model.questionnaire);
    group.bench_function("evaluate (scores and bills)", |b| {
        b.iter(|| model.assess(black_box(&answers)));
    });
    let mut app = App::new(model, answers, PathBuf::from("out"));
    let options = Options {
        questionnaire_ref: "synthetic".to_owned(),
        focus: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let theme = tradeoff::tui::theme::Theme { color: true };
    let keys = [KeyCode::Char('1'), KeyCode::Char('2')];
    let mut k = 0;
    group.bench_function("keystroke: answer, assess, flips, draw 120x40", |b| {
        b.iter(|| {
            k = (k + 1) % keys.len();
            handle(
                &mut app,
                &options,
                &Event::Key(KeyEvent::new(keys[k], KeyModifiers::NONE)),
            );
            terminal.draw(|f| ui::render(f, &app, theme)).expect("draw");
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
