//! What the explorer's tests share: the explorer on the default questionnaire, its options, and
//! a whole screen rendered without a terminal.
#![allow(dead_code)] // each test file uses its own part of it

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use tradeoff::answers::Answers;
use tradeoff::model::Model;
use tradeoff::tui::app::App;
use tradeoff::tui::theme::Theme;
use tradeoff::tui::{Options, ui};

pub const PLAIN: Theme = Theme { color: false };

/// The explorer on the bundled questionnaire, nothing answered.
pub fn app() -> App {
    let model = Model::new(
        tradeoff::questionnaire::builtin("fargate-vs-gke").unwrap(),
        tradeoff::pricing::builtin().unwrap(),
    );
    let answers = Answers::new(&model.questionnaire);
    let mut app = App::new(model, answers, PathBuf::from("decision"));
    // The prices' age on screen counts to a fixed day, so the screens do not change with time.
    app.today = jiff::civil::date(2026, 12, 7);
    app
}

pub fn options() -> Options {
    Options {
        questionnaire_ref: "fargate-vs-gke".to_owned(),
        focus: None,
    }
}

/// The whole screen at `width`×`height`, without colour.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(f, app, PLAIN)).unwrap();
    terminal.backend().to_string()
}

/// A bundle's `recommendation.json` without the time it was written: what two runs on the
/// same answers must agree on.
pub fn recommendation(bundle: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(bundle.join("recommendation.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("generated_at");
    v
}

/// `tradeoff report --answers ANSWERS --out OUT`, which must succeed: a bundle's replay.
pub fn replay(answers: &std::path::Path, out: &std::path::Path) {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["report", "--answers"])
        .arg(answers)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}
