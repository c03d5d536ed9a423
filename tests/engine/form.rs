//! The form loop as users know it from the best terminal forms: the layout gives the question
//! its room, explanations and help scroll, every answer shows what it changed, `u` undoes, and
//! nothing a user made is replaced or deleted without asking. Keys and clicks go through the
//! same `handle` the terminal loop uses.

use proptest::prelude::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tradeoff::tui::app::{App, Mode};
use tradeoff::tui::{handle, snapshot::Snapshot};
use tradeoff::value::Value;

use crate::common::{app, options, screen};

fn key(app: &mut App, code: KeyCode) -> bool {
    handle(
        app,
        &options(),
        &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    )
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

fn scores(app: &App) -> Vec<f64> {
    Snapshot::of(app)
        .decision
        .assessment
        .evaluation
        .options
        .iter()
        .map(|o| o.score)
        .collect()
}

// ── Layout ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn snapshots_at_the_four_sizes_users_run() {
    let mut app = app();
    for (w, h) in [(120, 40), (100, 30), (80, 24), (60, 20)] {
        insta::assert_snapshot!(format!("form-first-{w}x{h}"), screen(&mut app, w, h));
    }
    // After an answer: what it changed, beside the scores.
    key(&mut app, KeyCode::Char('1'));
    for (w, h) in [(100, 30), (60, 20)] {
        insta::assert_snapshot!(format!("form-answered-{w}x{h}"), screen(&mut app, w, h));
    }
}

#[test]
fn the_question_gets_its_width_before_the_side_panels() {
    let mut app = app();
    // From 94 columns the panels sit beside the question, which never gets fewer than 48
    // columns inside its border: the first prompt takes at most three lines at every width.
    for width in (94..=160).step_by(3) {
        let text = screen(&mut app, width, 40);
        // The prompt's lines, read inside the question's column.
        let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let top = lines
            .iter()
            .position(|l| l.iter().collect::<String>().contains("How much does"))
            .unwrap();
        let line: String = lines[top].iter().collect();
        let column = line[..line.find("How").unwrap()].chars().count();
        let joined: String = lines[top..top + 3]
            .iter()
            .map(|l| {
                l[column..]
                    .iter()
                    .take_while(|c| **c != '│')
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(joined.contains("operations matter?"), "{width}: {joined}");
        // The choices' labels are cut at no width: each is wrapped whole.
        assert!(text.contains("Critical: our primary goal is to"), "{width}");
        // The score column keeps its price dates and legend whole.
        assert!(
            text.contains("Google 2026-11-01") && text.contains("• now"),
            "{width}:\n{text}"
        );
    }
    // The sections list comes in from 120 columns, with whole section titles.
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Team & operations  0/3"), "{text}");
    let text = screen(&mut app, 119, 40);
    assert!(!text.contains("Sections"), "{text}");
}

#[test]
fn a_terminal_too_short_for_the_choices_says_so_and_every_other_shows_them_all() {
    let mut app = app();
    let q = app.model.questionnaire.clone();
    for (i, question) in q.questions.iter().enumerate() {
        let choices = match &question.kind {
            tradeoff::questionnaire::Kind::Choice(c) | tradeoff::questionnaire::Kind::Multi(c) => {
                c.len()
            }
            _ => continue,
        };
        app.focus_question(i);
        for (w, h) in [
            (50, 14),
            (60, 15),
            (60, 16),
            (60, 20),
            (80, 24),
            (100, 30),
            (120, 40),
        ] {
            let text = screen(&mut app, w, h);
            if text.contains("Enlarge the terminal") {
                assert!(
                    text.contains("this question and its choices need"),
                    "{text}"
                );
                continue;
            }
            // The score table below the question shows every option or is not shown at all.
            if text.contains("Score and monthly cost") {
                for name in ["Fargate ", "Autopilot ", "Standard "] {
                    assert!(text.contains(name), "{name} missing at {w}x{h}:\n{text}");
                }
            }
            // Every choice's key and mark is on screen, the highlighted one included.
            for k in 0..choices.min(9) {
                let mark = format!("{} (", k + 1);
                let checkbox = format!("{} [", k + 1);
                assert!(
                    text.contains(&mark) || text.contains(&checkbox),
                    "{} at {w}x{h}: choice {} is not shown:\n{text}",
                    question.id,
                    k + 1
                );
            }
        }
    }
}

/// Every word the screens could show: the questionnaire's, the price book's and the source's.
fn vocabulary() -> std::collections::HashSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words = std::collections::HashSet::new();
    let mut stack = vec![
        root.join("src"),
        root.join("questionnaires"),
        root.join("assets"),
    ];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            words.extend(
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    words
}

#[test]
fn text_is_never_cut_inside_a_word() {
    let words = vocabulary();
    let mut app = app();
    key(&mut app, KeyCode::Char('1'));
    for (w, h) in [(120, 40), (100, 30), (80, 24), (60, 20)] {
        for view in 0..4 {
            let text = screen(&mut app, w, h);
            for line in text.lines() {
                let cuts = line.matches('…').count();
                for before in line.split('…').take(cuts) {
                    // The word before an ellipsis is whole: "Willingness to…", never
                    // "Willingness to lear…".
                    let word = before
                        .rsplit(|c: char| !c.is_alphanumeric())
                        .next()
                        .unwrap_or("");
                    assert!(
                        word.is_empty() || words.contains(word),
                        "{w}x{h}: cut inside a word: “{word}…” in\n{line}"
                    );
                }
            }
            if view < 3 {
                key(&mut app, KeyCode::Char('v'));
            }
        }
        key(&mut app, KeyCode::Char('v'));
    }
}

// ── Scrolling ───────────────────────────────────────────────────────────────────────────────

#[test]
fn the_explanation_scrolls_with_pgdn_and_the_wheel() {
    let mut app = app();
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("PgDn more"), "{text}");
    assert!(!text.contains("(document:"), "{text}");
    for _ in 0..3 {
        key(&mut app, KeyCode::PageDown);
    }
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("(document: Operational Overhead"), "{text}");
    assert!(text.contains("PgUp"), "{text}");
    // The question and its choices stay in view while the explanation scrolls.
    assert!(text.contains("2 (•) Important"), "{text}");
    key(&mut app, KeyCode::PageUp);
    key(&mut app, KeyCode::PageUp);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.help_scroll, 0);
    // The wheel over the question scrolls the same text, and answers nothing.
    let before = app.answers.clone();
    handle(
        &mut app,
        &options(),
        &Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 20,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert!(app.help_scroll > 0);
    assert_eq!(app.answers, before);
}

#[test]
fn help_scrolls_in_a_short_terminal_and_any_other_key_closes_it() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    let text = screen(&mut app, 60, 20);
    assert!(text.contains("Keys · 1–"), "{text}");
    assert!(!text.contains("the wheel scrolls what is under"), "{text}");
    for _ in 0..6 {
        key(&mut app, KeyCode::PageDown);
    }
    let text = screen(&mut app, 60, 20);
    assert!(text.contains("the wheel scrolls what is under"), "{text}");
    assert!(matches!(app.mode, Mode::Help { .. }));
    key(&mut app, KeyCode::Char('x'));
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(answer(&app, "ops_priority"), None);
}

// ── Feedback and undo ───────────────────────────────────────────────────────────────────────

#[test]
fn an_answer_shows_what_it_changed_until_the_next_key() {
    let mut app = app();
    let before = scores(&app);
    key(&mut app, KeyCode::Char('1'));
    let after = scores(&app);
    let fargate = format!("+{:.1}", after[0] - before[0]);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains(&fargate), "{fargate} not in\n{text}");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(&fargate), "{fargate} not in\n{text}");
    // A bill moves too: Services 3 → 6 doubles each.
    focus(&mut app, "services");
    let bills = |app: &App| Snapshot::of(app).decision.assessment.total(0).unwrap();
    let was = bills(&app);
    key(&mut app, KeyCode::Char('6'));
    let delta = bills(&app) - was;
    let text = screen(&mut app, 120, 40);
    let shown = format!("+${delta:.0}/mo");
    assert!(text.contains(&shown), "{shown} not in\n{text}");
    // The next key clears it.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    let text = screen(&mut app, 120, 40);
    assert!(!text.contains(&shown), "{text}");
}

#[test]
fn a_question_that_appears_or_disappears_is_named() {
    let mut app = app();
    focus(&mut app, "k8s_expertise");
    key(&mut app, KeyCode::Char('3'));
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("No longer asked: Willingness to learn Kubernetes."),
        "{text}"
    );
    focus(&mut app, "k8s_expertise");
    key(&mut app, KeyCode::Char('1'));
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("Now asked: Willingness to learn Kubernetes."),
        "{text}"
    );
}

#[test]
fn u_undoes_answers_one_change_at_a_time_for_more_than_fifty_steps() {
    let mut app = app();
    // Typing 12 into a field is one change, undone in one step.
    focus(&mut app, "services");
    for c in "12".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(answer(&app, "services"), Some(Value::Number(12.0)));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(answer(&app, "services"), None);
    // Sixty changes back and forth on one question, then fifty-five undone.
    focus(&mut app, "ops_priority");
    let mut seen = vec![app.answers.clone()];
    for n in 0..60 {
        let code = if n % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        key(&mut app, code);
        seen.push(app.answers.clone());
    }
    for back in 1..=55 {
        key(&mut app, KeyCode::Char('u'));
        assert_eq!(app.answers, seen[60 - back], "undo step {back}");
    }
    // A weight is an answer too.
    key(&mut app, KeyCode::Char('w'));
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Esc);
    let weighted = app.answers.clone();
    key(&mut app, KeyCode::Char('u'));
    assert_ne!(app.answers, weighted);
}

// ── Scenarios ───────────────────────────────────────────────────────────────────────────────

#[test]
fn loading_over_unsaved_answers_and_deleting_a_scenario_ask_first() {
    let mut app = app();
    key(&mut app, KeyCode::Char('1')); // ops_priority: critical
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Enter); // saved as "Scenario 1"
    focus(&mut app, "cloud");
    key(&mut app, KeyCode::Char('2')); // unsaved: in no scenario
    let unsaved = app.answers.clone();
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("Load 'Scenario 1' over the current answers?"),
        "{text}"
    );
    assert_eq!(app.answers, unsaved);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.answers, unsaved);
    assert!(matches!(app.mode, Mode::Scenarios { ask: None, .. }));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    assert_ne!(app.answers, unsaved);
    // What the load replaced is one u away.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.answers, unsaved);
    // d asks before it deletes.
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('d'));
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Delete scenario 'Scenario 1'?"), "{text}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.scenarios.len(), 1);
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.scenarios.is_empty());
}

// ── Review and notes ────────────────────────────────────────────────────────────────────────

#[test]
fn the_review_lists_every_answer_by_section() {
    let mut app = app();
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('r'));
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("Answers (1 given, 30 still assumed)"),
        "{text}"
    );
    assert!(text.contains(" Team & operations"), "{text}");
    assert!(text.contains("✓ Minimizing operations: Critical"), "{text}");
    assert!(
        text.contains("· Kubernetes experience: Some (assumed)"),
        "{text}"
    );
    // The cursor starts on the first answer still assumed; Enter goes to it.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.question().id, "k8s_expertise");
}

#[test]
fn a_note_stays_in_the_status_line_until_esc() {
    let mut app = app();
    app.notice = Some("Earlier session kept: tradeoff --resume session-x.toml".to_owned());
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('2'));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("tradeoff --resume session-x.toml"), "{text}");
    // Narrower, the command stays whole.
    app.notice =
        Some("Earlier session kept: tradeoff --resume session-20261207-214500-01.toml".to_owned());
    let text = screen(&mut app, 60, 20);
    assert!(
        text.contains(" tradeoff --resume session-20261207-214500-01.toml"),
        "{text}"
    );
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Esc);
    let text = screen(&mut app, 80, 24);
    assert!(!text.contains("session-x.toml"), "{text}");
}

// ── The property ────────────────────────────────────────────────────────────────────────────

/// Keys and clicks a user might press anywhere: every command key, navigation, digits, and
/// the mouse over the question, the panels and the chart.
fn event() -> impl Strategy<Value = Event> {
    let keys = prop_oneof![
        Just(KeyCode::Char('q')),
        Just(KeyCode::Char('w')),
        Just(KeyCode::Char('e')),
        Just(KeyCode::Char('s')),
        Just(KeyCode::Char('S')),
        Just(KeyCode::Char('r')),
        Just(KeyCode::Char('x')),
        Just(KeyCode::Char('u')),
        Just(KeyCode::Char('v')),
        Just(KeyCode::Char('o')),
        Just(KeyCode::Char('/')),
        Just(KeyCode::Char('?')),
        Just(KeyCode::Char('j')),
        Just(KeyCode::Char('k')),
        Just(KeyCode::Char('3')),
        Just(KeyCode::Char('7')),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Backspace),
        Just(KeyCode::PageDown),
    ];
    prop_oneof![
        8 => keys.prop_map(|code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE))),
        1 => (0u16..120, 0u16..40, 0u8..3).prop_map(|(column, row, kind)| {
            Event::Mouse(MouseEvent {
                kind: match kind {
                    0 => MouseEventKind::Down(MouseButton::Left),
                    1 => MouseEventKind::ScrollDown,
                    _ => MouseEventKind::ScrollUp,
                },
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        }),
    ]
}

/// Command keys: typed into a text answer only when an edit was started by typing.
const COMMANDS: &[char] = &[
    'q', 'w', 'e', 's', 'S', 'r', 'x', 'u', 'v', 'o', '/', '?', 'j', 'k',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_keys_or_clicks_type_a_command_key_into_an_answer(
        events in proptest::collection::vec(event(), 1..40),
        start in 0usize..32,
    ) {
        let mut app = app();
        app.size = (120, 40);
        // `e` then Enter exports: into a folder of this test's own.
        let out = tempfile::tempdir().unwrap();
        app.out_dir = out.path().join("decision");
        let n = app.model.questionnaire.questions.len();
        app.focus_question(start % n);
        for event in &events {
            let editing = app.in_edit;
            let before = app.answers.clone();
            if !handle(&mut app, &options(), event) {
                break;
            }
            // A command key pressed with no edit in progress never becomes part of an answer:
            // no text answer it changed now ends with it.
            if let Event::Key(k) = event
                && let KeyCode::Char(c) = k.code
                && COMMANDS.contains(&c)
                && !editing
            {
                for i in 0..n {
                    let now = app.answers.get(i);
                    if let Some(Value::Text(t)) = now
                        && before.get(i) != now
                    {
                        prop_assert!(
                            !t.ends_with(c),
                            "{c:?} was typed into {}: {t:?}",
                            app.model.questionnaire.questions[i].id
                        );
                    }
                }
            }
        }
    }
}
