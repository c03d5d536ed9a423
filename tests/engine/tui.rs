//! The explorer without a terminal: whole screens rendered into a `TestBackend`, and real key and
//! mouse events driven through the same `handle` the terminal loop uses.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use std::path::PathBuf;
use tradeoff::tui::app::App;
use tradeoff::tui::{handle, panel, snapshot::Snapshot};
use tradeoff::value::Value;

use crate::common;

use common::{PLAIN, app, options, screen};

fn key(app: &mut App, code: KeyCode) {
    assert!(handle(
        app,
        &options(),
        &Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    ));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn focus(app: &mut App, id: &str) {
    let i = app.model.questionnaire.question_index(id).unwrap();
    app.focus_question(i);
}

fn answer(app: &App, id: &str) -> Option<Value> {
    app.answers
        .get(app.model.questionnaire.question_index(id).unwrap())
        .cloned()
}

fn choice(app: &App, id: &str, choice: &str) -> Value {
    let q = app.model.questionnaire.question(id).unwrap();
    Value::Choice(q.choice_index(choice).unwrap())
}

fn score(app: &App, option: &str) -> f64 {
    let o = app.model.questionnaire.option_index(option).unwrap();
    Snapshot::of(app).decision.assessment.evaluation.options[o].score
}

// ── Screens ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn first_screen() {
    let mut app = app();
    insta::assert_snapshot!("first-120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("first-80x24", screen(&mut app, 80, 24));
}

#[test]
fn a_question_answered() {
    let mut app = app();
    // A digit answers and moves on: the first two questions answered, the second shown.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::BackTab);
    insta::assert_snapshot!("answered-120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("answered-80x24", screen(&mut app, 80, 24));
}

#[test]
fn an_excluded_option() {
    let mut app = app();
    focus(&mut app, "gpu");
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::BackTab);
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("✗ AWS ECS on Fargate"),
        "excluded is marked by a symbol, not colour alone"
    );
    assert!(text.contains("excluded: Fargate offers no GPUs"));
    insta::assert_snapshot!("excluded-120x40", text);
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('v'));
    insta::assert_snapshot!("excluded-80x24", screen(&mut app, 80, 24));
}

#[test]
fn the_help_overlay() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    let text = screen(&mut app, 120, 40);
    for (keys, _) in panel::help::keys().iter().filter(|(k, _)| !k.is_empty()) {
        assert!(text.contains(keys), "help lists {keys}");
    }
    insta::assert_snapshot!("help-120x40", text);
    insta::assert_snapshot!("help-80x24", screen(&mut app, 80, 24));
    key(&mut app, KeyCode::Char('z'));
    assert!(
        !screen(&mut app, 120, 40).contains("Any key closes this"),
        "any key closes help"
    );
}

#[test]
fn the_export_dialog() {
    let mut app = app();
    key(&mut app, KeyCode::Char('e'));
    insta::assert_snapshot!("export-120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("export-80x24", screen(&mut app, 80, 24));
}

#[test]
fn the_weights_view() {
    let mut app = app();
    key(&mut app, KeyCode::Char('w'));
    key(&mut app, KeyCode::Right);
    insta::assert_snapshot!("weights-120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("weights-80x24", screen(&mut app, 80, 24));
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let mut app = app();
    let text = screen(&mut app, 40, 10);
    assert!(text.contains("Enlarge the terminal"), "{text}");
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (50, 14),
        (49, 14),
        (50, 13),
        (100, 30),
        (99, 29),
        (300, 100),
    ] {
        screen(&mut app, w, h);
    }
}

#[test]
fn every_panel_draws_into_empty_and_single_cells() {
    let mut app = app();
    // A saved scenario, so the scenarios table has columns to squeeze.
    app.scenarios
        .push(("before".to_owned(), app.answers.clone()));
    let snap = Snapshot::of(&app);
    let mut terminal = Terminal::new(TestBackend::new(8, 8)).unwrap();
    for area in [
        Rect::new(0, 0, 0, 0),
        Rect::new(0, 0, 1, 1),
        Rect::new(3, 3, 1, 1),
        Rect::new(0, 0, 2, 3),
    ] {
        terminal
            .draw(|f| {
                panel::header::render(f, area, &app, &snap, PLAIN);
                panel::sections::render(f, area, &app, &snap.sections, PLAIN);
                panel::question::render(f, area, &app, &snap, PLAIN, true);
                panel::flips::render(f, area, &app, &snap, PLAIN);
                panel::scenarios::render(f, area, &app, 0, None, PLAIN);
                panel::scenarios::render_name(f, area, &tui_input::Input::new("n".into()), PLAIN);
                panel::scores::render(f, area, &app, &snap, PLAIN);
                panel::cost::render(f, area, &app, &snap, PLAIN);
                panel::chart::render(f, area, &app, &snap, PLAIN);
                panel::why::render(f, area, &app, &snap, PLAIN);
                panel::hints::render(f, area, &app, PLAIN, true);
                panel::help::render(f, area, 0, PLAIN);
                panel::weights::render(f, area, &app, 0, PLAIN);
                panel::search::render(f, area, &app, &tui_input::Input::default(), 0, PLAIN);
                panel::export::render(
                    f,
                    area,
                    &tradeoff::tui::app::Export::Done {
                        files: vec![PathBuf::from("x")],
                        notes: vec!["removed k8s/hpa.yaml".to_owned()],
                    },
                    PLAIN,
                );
                panel::export::render(
                    f,
                    area,
                    &tradeoff::tui::app::Export::Editing {
                        input: tui_input::Input::new("d".into()),
                    },
                    PLAIN,
                );
            })
            .unwrap();
    }
}

// ── Keys ────────────────────────────────────────────────────────────────────────────────────

#[test]
fn digits_answer_and_move_on_arrows_select_and_enter_confirms() {
    let mut app = app();
    focus(&mut app, "workload_pattern");
    // 1–9 select the choice and go to the next question.
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(
        answer(&app, "workload_pattern"),
        Some(choice(&app, "workload_pattern", "steady"))
    );
    assert_eq!(app.question().id, "app_shape", "a digit moves on");
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('9'));
    assert_eq!(
        answer(&app, "workload_pattern"),
        Some(choice(&app, "workload_pattern", "steady")),
        "no 9th choice: nothing changes"
    );
    assert_eq!(app.question().id, "workload_pattern");
    // ↑↓ select as a radio group does; Enter keeps it and moves on.
    key(&mut app, KeyCode::Up);
    assert_eq!(
        answer(&app, "workload_pattern"),
        Some(choice(&app, "workload_pattern", "mixed")),
        "↑ selects"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.question().id, "app_shape", "Enter moves on");
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(
        answer(&app, "workload_pattern"),
        None,
        "x goes back to the default"
    );
}

#[test]
fn enter_alone_walks_the_defaults_to_the_review() {
    let mut app = app();
    let shown = tradeoff::answers::resolve(&app.model.questionnaire, &app.answers)
        .progress()
        .1;
    for _ in 0..shown {
        key(&mut app, KeyCode::Enter);
    }
    assert!(
        matches!(app.mode, tradeoff::tui::app::Mode::Review { .. }),
        "{:?}",
        app.mode
    );
    assert_eq!(app.answers.given_count(), 0, "the defaults stay assumed");
}

#[test]
fn tab_skips_questions_hidden_by_show_if() {
    let mut app = app();
    focus(&mut app, "k8s_expertise");
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        app.question().id,
        "k8s_learning",
        "shown while expertise is not strong"
    );
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(
        app.question().id,
        "workload_pattern",
        "k8s_learning is skipped once expertise is strong"
    );
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.question().id, "k8s_expertise");
}

#[test]
fn slash_finds_a_question_by_its_prompt() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "pytorch");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("GPUs — Does it need GPUs"), "{text}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.question().id, "gpu");
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "port");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.question().id, "gpu", "Esc cancels");
}

#[test]
fn weights_change_the_scores_live() {
    let mut app = app();
    focus(&mut app, "cloud");
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::BackTab);
    let before = score(&app, "ecs-fargate");
    key(&mut app, KeyCode::Char('w'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Right);
    }
    let cloud = app.model.questionnaire.question_index("cloud").unwrap();
    assert_eq!(
        app.answers.weight(cloud),
        Some(3.0),
        "the weights view opens on the focused criterion"
    );
    assert!(score(&app, "ecs-fargate") > before + 5.0);
    assert!(screen(&mut app, 120, 40).contains("×3"));
    key(&mut app, KeyCode::Char('0'));
    assert_eq!(app.answers.weight(cloud), None);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Browse));
}

#[test]
fn fields_take_typing_validate_inline_and_undo_with_esc() {
    let mut app = app();
    focus(&mut app, "services");
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "40");
    assert_eq!(
        answer(&app, "services"),
        Some(Value::Number(40.0)),
        "valid text is the answer at once"
    );
    typed(&mut app, ".5");
    assert_eq!(
        answer(&app, "services"),
        Some(Value::Number(40.0)),
        "an invalid value is not taken"
    );
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("✗ 'services' must be a whole number"),
        "{text}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        answer(&app, "services"),
        None,
        "Esc goes back to before the edit"
    );
    // Esc also left the field: Backspace edits the value shown again, and then q is typed,
    // not a quit.
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "q");
    assert_eq!(
        app.field.value(),
        "q",
        "q types into a field being edited instead of quitting"
    );
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.question().id, "replicas");
}

#[test]
fn esc_leaves_a_field_so_the_hinted_keys_act_instead_of_typing() {
    let mut app = app();
    focus(&mut app, "env");
    typed(&mut app, "APP_ENV=production");
    // Enter on the last question commits it and ends the questionnaire in its review.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Review { .. }));
    key(&mut app, KeyCode::Esc);
    let env = app.model.questionnaire.question_index("env").unwrap();
    let kept = app.answers.get(env).cloned();
    assert!(kept.is_some(), "the answer was taken");
    // Back on the field, as after walking the questionnaire: Esc, then e exports.
    focus(&mut app, "env");
    key(&mut app, KeyCode::Esc);
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("type to replace"),
        "the hint says what typing does:\n{text}"
    );
    key(&mut app, KeyCode::Char('e'));
    assert!(
        matches!(app.mode, tradeoff::tui::app::Mode::Export(_)),
        "e opened the export"
    );
    assert_eq!(app.answers.get(env).cloned(), kept, "and typed nothing");
    key(&mut app, KeyCode::Esc);
    // Every key the hint line lists acts from a left field: ? help, / find, w weights.
    for (code, what) in [('?', "help"), ('/', "search"), ('w', "weights")] {
        focus(&mut app, "env");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char(code));
        assert!(
            !matches!(app.mode, tradeoff::tui::app::Mode::Browse),
            "{what}"
        );
        key(&mut app, KeyCode::Esc);
    }
    assert_eq!(app.answers.get(env).cloned(), kept);
}

#[test]
fn ctrl_c_and_q_quit() {
    let mut app = app();
    let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(!handle(&mut app, &options(), &q));
    focus(&mut app, "app_name");
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!handle(&mut app, &options(), &ctrl_c));
}

#[test]
fn the_mouse_selects_choices_and_questions() {
    let mut app = app();
    let text = screen(&mut app, 120, 40);
    let row = text
        .lines()
        .position(|l| l.contains("3 ( ) Low: control"))
        .unwrap();
    let col = text
        .lines()
        .nth(row)
        .unwrap()
        .chars()
        .position(|c| c == '3')
        .unwrap();
    let click = |column: usize, row: usize| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: u16::try_from(column).unwrap(),
            row: u16::try_from(row).unwrap(),
            modifiers: KeyModifiers::NONE,
        })
    };
    handle(&mut app, &options(), &click(col, row));
    assert_eq!(
        answer(&app, "ops_priority"),
        Some(choice(&app, "ops_priority", "low"))
    );
    let text = screen(&mut app, 120, 40);
    let row = text.lines().position(|l| l.contains("Sizing")).unwrap();
    handle(&mut app, &options(), &click(4, row));
    assert_eq!(
        app.question().id,
        "services",
        "a click on a section opens its first question"
    );
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 4,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    handle(&mut app, &options(), &wheel);
    assert_eq!(
        app.question().id,
        "replicas",
        "the wheel over the sections moves between questions"
    );
}

#[test]
fn export_writes_the_bundle_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle");
    let mut app = app();
    app.out_dir = out.clone();
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Enter);
    assert!(out.join("recommendation.md").exists());
    assert!(screen(&mut app, 120, 40).contains("✓ Written:"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 120, 40).contains("already holds files"));
    key(&mut app, KeyCode::Char('y'));
    assert!(screen(&mut app, 120, 40).contains("✓ Written:"));
}

#[test]
fn scenarios_are_saved_compared_loaded_and_exported() {
    let mut app = app();
    focus(&mut app, "k8s_expertise");
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Char('s'));
    for _ in 0.."Scenario 1".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "no k8s");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.scenarios.len(), 1);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('S'));
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("no k8s"), "{text}");
    assert!(text.contains("Answers that differ:"));
    assert!(
        text.lines().any(|l| l.contains("Kubernetes experience")
            && l.contains("Strong")
            && l.contains("None")),
        "the differing answer, per column: {text}"
    );
    insta::assert_snapshot!("scenarios-120x40", text);
    insta::assert_snapshot!("scenarios-80x24", screen(&mut app, 80, 24));
    // The answers now are in no scenario: Enter asks before it loads over them.
    key(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 120, 40).contains("over the current answers?"));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        answer(&app, "k8s_expertise"),
        Some(choice(&app, "k8s_expertise", "none")),
        "y loads the scenario"
    );

    let dir = tempfile::tempdir().unwrap();
    app.out_dir = dir.path().join("b");
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Enter);
    let md = std::fs::read_to_string(dir.path().join("b/recommendation.md")).unwrap();
    assert!(
        md.contains("### Scenarios") && md.contains("| no k8s |"),
        "the bundle carries the scenario table"
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("b/recommendation.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["scenarios"]["columns"][1]["name"], "no k8s");

    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.scenarios.is_empty());
}

#[test]
fn what_would_change_it_is_shown_live() {
    let mut app = app();
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("What would change it"));
    assert!(text.contains("★ "), "recommendation flips are marked");
    focus(&mut app, "privileged");
    key(&mut app, KeyCode::Char('2'));
    let text = screen(&mut app, 120, 40);
    let flips: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("What would change it"))
        .take(8)
        .collect();
    assert!(
        flips
            .iter()
            .any(|l| l.contains("Privileged") && l.contains("“No”") && l.contains("→")),
        "{}",
        flips.join("\n")
    );
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('v'));
    insta::assert_snapshot!("flips-80x24", screen(&mut app, 80, 24));
}

#[test]
fn tab_past_the_last_question_opens_the_review_with_the_export_next() {
    let mut app = app();
    let last = (0..app.model.questionnaire.questions.len())
        .rev()
        .find(|&i| tradeoff::answers::resolve(&app.model.questionnaire, &app.answers).visible[i])
        .unwrap();
    app.focus_question(last);
    key(&mut app, KeyCode::Esc); // leave the field, as a user at the end would
    key(&mut app, KeyCode::Tab);
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Review { .. }));
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("leads by") && text.contains("Answers (0 given, 31 still assumed)"),
        "{text}"
    );
    assert!(
        text.contains("e export the recommendation bundle"),
        "{text}"
    );
    insta::assert_snapshot!("review-120x40", text);
    insta::assert_snapshot!("review-80x24", screen(&mut app, 80, 24));
    // At the smallest size, options go by their short names rather than cut ones.
    let tiny = screen(&mut app, 50, 14);
    assert!(
        tiny.contains("Fargate") && !tiny.contains("AWS ECS on F "),
        "{tiny}"
    );
    // Esc (or q, as in every dialog) goes back to where the review was opened from: the last
    // question, not the first.
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Browse));
    assert_eq!(app.focus, last);
    key(&mut app, KeyCode::Char('r'));
    // Enter goes to the highlighted assumed answer; r comes back; e exports from there.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.question().id, "k8s_expertise");
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Browse));
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Export(_)));
}

#[test]
fn score_and_cost_show_together_at_80x24_and_60x20() {
    let mut app = app();
    for (w, h) in [(80, 24), (60, 20)] {
        let text = screen(&mut app, w, h);
        for shown in [
            "37.4", "$142.07", "37.8", "$137.27", "35.9", "$126.09", "cheapest",
        ] {
            assert!(text.contains(shown), "{w}x{h} lacks {shown}:\n{text}");
        }
    }
    // A click on a row of the table itemizes that option's bill.
    app.size = (80, 24);
    let row = screen(&mut app, 80, 24)
        .lines()
        .position(|l| l.contains("Standard") && l.contains("$126.09"))
        .unwrap();
    handle(
        &mut app,
        &options(),
        &Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row: u16::try_from(row).unwrap(),
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.cost_option, Some(2));
}

#[test]
fn a_rooms_scenarios_at_80x24_show_every_cost_whole_and_page_the_rest() {
    let mut app = app();
    let q = app.model.questionnaire.clone();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/room");
    for (k, name) in ["alice", "bob", "carol", "alice", "bob", "carol"]
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap();
        let answers = tradeoff::answers::Answers::parse(&q, name, &text).unwrap();
        app.scenarios.push((format!("{name}{k}"), answers));
    }
    key(&mut app, KeyCode::Char('S'));
    let cut_cost = regex::Regex::new(r"\$[0-9,.]*…").unwrap();
    let text = screen(&mut app, 80, 24);
    assert!(!cut_cost.is_match(&text), "a cost was cut:\n{text}");
    assert!(text.contains("Columns 1–"), "the rest are paged:\n{text}");
    assert!(!text.contains("carol5"), "{text}");
    // ←→ brings the last one into view.
    for _ in 0..6 {
        key(&mut app, KeyCode::Right);
    }
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("carol5") && !cut_cost.is_match(&text),
        "{text}"
    );
}

#[test]
fn at_80x24_esc_then_e_exports_and_esc_then_q_quits_from_a_number_and_the_env_field() {
    let alt_e = Event::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::ALT));
    for id in ["services", "env"] {
        let mut app = app();
        app.size = (80, 24);
        focus(&mut app, id);
        let i = app.model.questionnaire.question_index(id).unwrap();
        let before = app.answers.get(i).cloned();
        screen(&mut app, 80, 24);
        // Alt-e is never text, and does nothing in a field.
        assert!(handle(&mut app, &options(), &alt_e));
        assert_eq!(app.answers.get(i).cloned(), before, "{id}: Alt-e typed");
        typed(&mut app, "9");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.answers.get(i).cloned(), before, "{id}: Esc undoes");
        key(&mut app, KeyCode::Char('e'));
        assert!(
            matches!(app.mode, tradeoff::tui::app::Mode::Export(_)),
            "{id}: e opens the export"
        );
        assert_eq!(app.answers.get(i).cloned(), before, "{id}: e typed");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("Export"), "{text}");
        key(&mut app, KeyCode::Esc);
        focus(&mut app, id);
        key(&mut app, KeyCode::Esc);
        let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
        assert!(!handle(&mut app, &options(), &q), "{id}: q quits");
        assert_eq!(app.answers.get(i).cloned(), before);
    }
}

#[test]
fn typing_a_number_replaces_the_default_and_command_keys_act_on_an_unedited_field() {
    let mut app = app();
    focus(&mut app, "services");
    // Services shows its default, 3: typing 12 gives 12, not 312.
    typed(&mut app, "12");
    assert_eq!(answer(&app, "services"), Some(Value::Number(12.0)));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.question().id, "replicas");
    // On a field nobody has started editing, the hinted keys act: w opens the weights and
    // nothing is typed into the answer.
    key(&mut app, KeyCode::Char('w'));
    assert!(matches!(app.mode, tradeoff::tui::app::Mode::Weights { .. }));
    key(&mut app, KeyCode::Esc);
    assert_eq!(answer(&app, "replicas"), None);
    // The hint line says what a key does now, never "1-9 answer" on a field.
    let text = screen(&mut app, 120, 40);
    let hint = text.lines().last().unwrap();
    assert!(
        hint.contains("type to replace") && !hint.contains("1-9"),
        "{hint}"
    );
    // q quits from a focused, unedited field.
    assert!(!handle(
        &mut app,
        &options(),
        &Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))
    ));
}

#[test]
fn the_wheel_scrolls_and_never_changes_an_answer() {
    let mut app = app();
    focus(&mut app, "vcpu");
    let text = screen(&mut app, 120, 40);
    // The chart's top row, found on the screen.
    let row = text
        .lines()
        .position(|l| l.contains("Cost vs utilization"))
        .unwrap()
        + 2;
    let before = app.answers.clone();
    for down in [true, false, true] {
        handle(
            &mut app,
            &options(),
            &Event::Mouse(MouseEvent {
                kind: if down {
                    MouseEventKind::ScrollDown
                } else {
                    MouseEventKind::ScrollUp
                },
                column: 100,
                row: u16::try_from(row).unwrap(),
                modifiers: KeyModifiers::NONE,
            }),
        );
    }
    assert_eq!(
        app.answers, before,
        "the wheel over the chart answered something"
    );
    assert_eq!(app.question().id, "vcpu");
    // Over a choice question it scrolls the explanation, and neither moves the highlight nor
    // answers anything.
    focus(&mut app, "k8s_expertise");
    let cursor = app.cursor;
    handle(
        &mut app,
        &options(),
        &Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 40,
            row: 6,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.cursor, cursor);
    assert_eq!(app.answers, before);
}

#[test]
fn the_review_marks_what_each_change_would_change() {
    let mut app = app();
    // A landslide for Fargate: the review lists the changes of recommendation first, each
    // marked, and none of them leads back to Fargate.
    for (id, c) in [
        ("k8s_expertise", "none"),
        ("ops_priority", "critical"),
        ("cloud", "aws"),
        ("k8s_learning", "no"),
    ] {
        let i = app.model.questionnaire.question_index(id).unwrap();
        let v = choice(&app, id, c);
        let q = app.model.questionnaire.clone();
        app.answers.set(&q, i, v);
    }
    app.mode = tradeoff::tui::app::Mode::Review { cursor: 0 };
    let text = screen(&mut app, 120, 40);
    let changes: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("What would change it"))
        .skip(1)
        .take(3)
        .collect();
    assert!(
        changes
            .iter()
            .all(|l| l.contains("│★ ") || l.contains("│$ ")),
        "every change is marked:\n{}",
        changes.join("\n")
    );
    assert!(
        changes
            .iter()
            .filter(|l| l.contains("│★ "))
            .all(|l| !l.contains("→ Fargate")),
        "a ★ change leads away from the recommendation:\n{}",
        changes.join("\n")
    );
}
