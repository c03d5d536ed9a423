//! Whatever a user does in the explorer, what it saves is something the rest of the tool reads
//! back exactly: the exported `answers.toml` replays with `report`, and the autosaved session
//! resumes to the same answers and scenarios. And the cross-answer rule (peak ≥ replicas) holds
//! on screen as it does in the engine.

use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tradeoff::answers::{Answers, resolve};
use tradeoff::tui::app::App;
use tradeoff::tui::handle;

use crate::common;

use common::{app, options, screen};

fn key(app: &mut App, code: KeyCode) -> bool {
    handle(
        app,
        &options(),
        &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    )
}

fn question(app: &App, id: &str) -> usize {
    app.model.questionnaire.question_index(id).unwrap()
}

/// One thing a user does: a key, or a click on a question in the section list.
#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode),
    Focus(usize),
}

fn step() -> impl Strategy<Value = Step> {
    // Every key the explorer binds, and digits and signs for number fields, except the ones
    // that leave (q) or write into the working folder (e).
    let keys = prop_oneof![
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Backspace),
        "[0-9 .=+wsSxov/-]".prop_map(|s: String| KeyCode::Char(s.chars().next().unwrap())),
    ];
    prop_oneof![
        4 => keys.prop_map(Step::Key),
        1 => (0..40_usize).prop_map(Step::Focus),
    ]
}

fn replay(app: &App) {
    let q = &app.model.questionnaire;
    // The exported answers file, read as `report --answers` reads it.
    let text = app.answers.to_toml(q);
    let back = Answers::parse(q, "answers.toml", &text)
        .unwrap_or_else(|e| panic!("report refuses the exported answers:\n{e}\n{text}"));
    assert_eq!(back, app.answers, "{text}");
    // The session, saved and resumed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.toml");
    tradeoff::session::save(
        &path,
        "fargate-vs-gke",
        q,
        &app.answers,
        app.focus,
        &app.scenarios,
    )
    .unwrap();
    let session = tradeoff::session::load(&path).unwrap();
    assert_eq!(
        Answers::parse(q, "s", &session.answers).unwrap(),
        app.answers
    );
    assert_eq!(session.scenarios.len(), app.scenarios.len());
    for (saved, (name, answers)) in session.scenarios.iter().zip(&app.scenarios) {
        assert_eq!(&saved.name, name);
        assert_eq!(&Answers::parse(q, "s", &saved.answers).unwrap(), answers);
    }
    // The rule holds on the effective answers the engine scores.
    let r = resolve(q, &app.answers);
    let (replicas, peak) = (question(app, "replicas"), question(app, "peak_replicas"));
    assert!(r.values[peak].as_number() >= r.values[replicas].as_number());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_sequence_of_actions_saves_what_replays(steps in proptest::collection::vec(step(), 1..80)) {
        let mut app = app();
        let n = app.model.questionnaire.questions.len();
        for s in steps {
            match s {
                Step::Key(code) => {
                    prop_assert!(key(&mut app, code), "only q quits, and q is not sent");
                }
                Step::Focus(i) => app.focus_question(i % n),
            }
        }
        replay(&app);
    }
}

fn type_into(app: &mut App, id: &str, text: &str) {
    let i = question(app, id);
    app.focus_question(i);
    for _ in 0..app.field.value().chars().count() {
        key(app, KeyCode::Backspace);
    }
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn replicas_above_the_default_peak_raise_the_peak_on_screen_and_in_the_export() {
    let mut app = app();
    type_into(&mut app, "replicas", "20");
    key(&mut app, KeyCode::Enter);
    // The peak question, left to its default, shows the peak the engine uses.
    app.focus_question(question(&app, "peak_replicas"));
    assert_eq!(app.field.value(), "20");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("› 20"), "{shown}");
    // ↓ cannot take the peak below the average.
    key(&mut app, KeyCode::Down);
    assert_eq!(
        app.value(question(&app, "peak_replicas")).as_number(),
        Some(20.0)
    );
    // Typing a lower peak is refused with the rule's own words.
    type_into(&mut app, "peak_replicas", "6");
    let why = app.field_error.clone().unwrap_or_default();
    assert!(why.contains("may not be below"), "{why}");
    replay(&app);
}

#[test]
fn a_given_peak_rises_with_the_replicas() {
    let mut app = app();
    type_into(&mut app, "peak_replicas", "6");
    key(&mut app, KeyCode::Enter);
    type_into(&mut app, "replicas", "12");
    key(&mut app, KeyCode::Enter);
    let peak = question(&app, "peak_replicas");
    assert_eq!(
        app.answers
            .get(peak)
            .and_then(tradeoff::value::Value::as_number),
        Some(12.0)
    );
    replay(&app);
}
