//! A keystroke's full cycle in the explorer: the key is mapped and applied (with the undo
//! history and what the change did), the answers are scored and costed, and a 120x40 frame is
//! drawn into a `TestBackend`. ↓ and ↑ on the first question change its answer on every key
//! and stay on it, so each iteration is the same work (digits would walk into a number field
//! and type an ever longer value).
//! Run: `cargo bench --bench keystroke`.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::PathBuf;
use tradeoff::answers::Answers;
use tradeoff::model::Model;
use tradeoff::tui::app::App;
use tradeoff::tui::theme::Theme;
use tradeoff::tui::{Options, handle, ui};

fn bench(c: &mut Criterion) {
    let model = Model::new(
        tradeoff::questionnaire::builtin("fargate-vs-gke").expect("bundled questionnaire"),
        tradeoff::pricing::builtin().expect("bundled price book"),
    );
    let answers = Answers::new(&model.questionnaire);
    let mut app = App::new(model, answers, PathBuf::from("out"));
    let options = Options {
        questionnaire_ref: "fargate-vs-gke".to_owned(),
        focus: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let theme = Theme { color: true };
    let keys = [KeyCode::Down, KeyCode::Up];
    let mut k = 0;
    c.bench_function("keystroke/answer, assess and draw 120x40", |b| {
        b.iter(|| {
            k = (k + 1) % keys.len();
            let event = Event::Key(KeyEvent::new(keys[k], KeyModifiers::NONE));
            handle(&mut app, &options, black_box(&event));
            terminal.draw(|f| ui::render(f, &app, theme)).expect("draw");
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
