//! `update`: the only place the explorer's state changes. It returns what the shell must do
//! (save, export, quit); it does no IO itself.

use super::action::Action;
use super::app::{App, Ask, Export, Mode};
use super::layout::{Hit, hit};
use crate::questionnaire::Kind;
use crate::value::Value;
use std::path::PathBuf;
use tui_input::{Input, InputRequest};

/// What the shell must do after an update: `update` itself does no IO, so each shell (the
/// terminal's, a room participant's) carries out what it allows and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    None,
    /// The answers or weights changed: autosave them.
    Save,
    /// The user asked to export: the terminal's shell opens the export dialog
    /// ([`open_export`]); a room participant's refuses.
    OfferExport,
    /// Write the bundle into `dir`.
    Export {
        dir: PathBuf,
        force: bool,
    },
    Quit,
}

/// The weight multipliers the weights view steps through.
const WEIGHT_STEP: f64 = 0.5;

/// Applies an action to the state, keeping the history `u` undoes and what the change did.
pub(crate) fn update(app: &mut App, action: Action) -> Command {
    // Keys typed into one field make one change: its start is already in the history.
    let typing_on = app.in_edit.then_some(app.focus);
    let undo = action == Action::Undo;
    let quiet = matches!(action, Action::Resize(..) | Action::Scroll { .. });
    let before = app.answers.clone();
    let command = apply(app, action);
    if app.answers == before {
        if !quiet {
            app.change = None;
        }
        return command;
    }
    let same_edit = typing_on == Some(app.focus) && app.in_edit;
    if !undo && !same_edit {
        app.history.push(before.clone());
        if app.history.len() > super::app::UNDO_STEPS {
            app.history.remove(0);
        }
    }
    let change = super::app::Change::between(&app.model, &before, &app.answers);
    if let Some(note) = change.shown_hidden(&app.model) {
        app.status = Some(match app.status.take() {
            Some(status) => format!("{status} {note}"),
            None => note,
        });
    }
    app.change = Some(change);
    command
}

/// `u`: the answers before their last change, the focus kept where it is.
fn undo(app: &mut App) -> Command {
    let Some(answers) = app.history.pop() else {
        app.status = Some("Nothing to undo.".to_owned());
        return Command::None;
    };
    app.answers = answers;
    app.refocus();
    app.status = Some(format!(
        "Undone ({} more change{} can be undone).",
        app.history.len(),
        if app.history.len() == 1 { "" } else { "s" }
    ));
    Command::Save
}

fn apply(app: &mut App, action: Action) -> Command {
    match action {
        Action::Quit => return Command::Quit,
        Action::Resize(w, h) => app.size = (w, h),
        Action::Click { column, row } => return click(app, column, row),
        // The wheel scrolls what is under the pointer and never changes an answer: over the
        // sections it moves between questions, elsewhere it moves a choice question's highlight.
        Action::Scroll { column, row, down } => {
            if let Mode::Help { scroll } = app.mode {
                app.mode = Mode::Help {
                    scroll: scroll_by(scroll, 3, down, super::panel::help::max_scroll(app.size)),
                };
                return Command::None;
            }
            if !matches!(app.mode, Mode::Browse) {
                return Command::None;
            }
            match hit(app, column, row) {
                Some(Hit::Question(_) | Hit::Section(_)) => {
                    let step = if down {
                        Action::NextQuestion
                    } else {
                        Action::PrevQuestion
                    };
                    return apply(app, step);
                }
                Some(Hit::Explanation | Hit::Choice(_)) => scroll_help(app, Some(3), down),
                _ => {}
            }
            return Command::None;
        }
        _ => {}
    }
    match app.mode.clone() {
        Mode::Help { scroll } => {
            let max = super::panel::help::max_scroll(app.size);
            let page = app.size.1.saturating_sub(6).max(1);
            app.mode = match action {
                Action::Down => Mode::Help {
                    scroll: scroll_by(scroll, 1, true, max),
                },
                Action::Up => Mode::Help {
                    scroll: scroll_by(scroll, 1, false, max),
                },
                Action::PageDown => Mode::Help {
                    scroll: scroll_by(scroll, page, true, max),
                },
                Action::PageUp => Mode::Help {
                    scroll: scroll_by(scroll, page, false, max),
                },
                _ => Mode::Browse,
            };
            Command::None
        }
        Mode::Search { input, cursor } => search(app, &action, input, cursor),
        Mode::Weights { cursor } => weights(app, &action, cursor),
        Mode::Export(state) => export(app, action, state),
        Mode::NameScenario { input } => name_scenario(app, &action, input),
        Mode::Scenarios { cursor, ask } => scenarios(app, &action, cursor, ask),
        Mode::Review { cursor } => review(app, &action, cursor),
        Mode::Browse => browse(app, &action),
    }
}

fn browse(app: &mut App, action: &Action) -> Command {
    app.status = None;
    let choices = app.question().kind.choices().len();
    let multi = matches!(app.question().kind, Kind::Multi(_));
    match action {
        Action::NextQuestion | Action::PrevQuestion => {
            let forward = *action == Action::NextQuestion;
            let next = app.step(forward);
            if app.field_error.is_some() {
                app.status = Some(format!(
                    "Not kept: {}",
                    app.field_error.clone().unwrap_or_default()
                ));
                revert_field(app);
            }
            go_to(app, next, forward);
        }
        Action::Up | Action::Down if app.editing() => {
            return step_number(app, *action == Action::Up);
        }
        Action::Up | Action::Down | Action::Select | Action::Pick(_) | Action::Confirm
            if choices > 0 =>
        {
            return answer_choice(app, action, choices, multi);
        }
        Action::ClearAnswer => {
            app.answers.clear(app.focus);
            app.focus_question(app.focus);
            app.status = Some("Back to the default answer.".to_owned());
            return Command::Save;
        }
        // A value typed on a field with no edit in progress replaces the value shown.
        Action::Edit(request) if app.editing() && !app.in_edit => {
            // Backspace edits the value shown; anything typed replaces it.
            if *request != InputRequest::DeletePrevChar {
                app.field = Input::default();
            }
            app.in_edit = true;
            return edit(app, *request);
        }
        Action::Edit(request) if app.editing() => return edit(app, *request),
        Action::Confirm if app.editing() && app.field_error.is_none() => advance(app),
        Action::OpenReview => open_review(app),
        // Esc undoes an unsaved edit and leaves the field, so that every key the hint line
        // lists (e, q, ?, /, w, s) acts again instead of being typed into the answer.
        Action::Cancel if app.editing() && app.in_edit => {
            revert_field(app);
            app.focus_question(app.focus);
            return Command::Save;
        }
        Action::OpenSearch => {
            app.mode = Mode::Search {
                input: Input::default(),
                cursor: 0,
            };
        }
        Action::OpenWeights => {
            let cursor = app
                .weighted()
                .iter()
                .position(|&q| q == app.focus)
                .unwrap_or(0);
            app.mode = Mode::Weights { cursor };
        }
        Action::OpenExport => return Command::OfferExport,
        Action::OpenHelp => app.mode = Mode::Help { scroll: 0 },
        Action::SaveScenario => {
            app.mode = Mode::NameScenario {
                input: Input::new(format!("Scenario {}", app.scenarios.len() + 1)),
            };
        }
        Action::OpenScenarios => {
            if app.scenarios.is_empty() {
                app.status =
                    Some("No scenarios yet: press s to save the answers as one.".to_owned());
            } else {
                app.mode = Mode::Scenarios {
                    cursor: 0,
                    ask: None,
                };
            }
        }
        Action::CycleCostOption => {
            let n = app.model.questionnaire.options.len();
            app.cost_option = match app.cost_option {
                None => Some(0),
                Some(o) if o + 1 < n => Some(o + 1),
                Some(_) => None,
            };
        }
        Action::CycleView => app.view = app.view.next(),
        Action::Cancel => app.notice = None,
        Action::Undo => return undo(app),
        Action::PageDown | Action::PageUp => scroll_help(app, None, *action == Action::PageDown),
        _ => {}
    }
    Command::None
}

/// `now` moved `by` rows, within 0..=`max`.
fn scroll_by(now: u16, by: u16, down: bool, max: u16) -> u16 {
    if down {
        now.saturating_add(by).min(max)
    } else {
        now.saturating_sub(by)
    }
}

/// Scrolls the focused question's explanation `lines` rows (a page of the panel when `None`),
/// within what it has to show.
fn scroll_help(app: &mut App, lines: Option<u16>, down: bool) {
    let area = super::layout::regions(app, app.area()).question;
    let by = lines.unwrap_or_else(|| area.height.saturating_sub(4).max(1));
    let max = super::panel::question::max_help_scroll(app, area);
    app.help_scroll = scroll_by(app.help_scroll, by, down, max);
}

/// The export dialog, on the last folder written to (or the default): what the terminal's shell
/// does with [`Command::OfferExport`].
pub(crate) fn open_export(app: &mut App) {
    app.mode = Mode::Export(Export::Editing {
        input: Input::new(app.out_dir.display().to_string()),
    });
}

/// Opens the review on the first answer still assumed (on the first answer when none is).
fn open_review(app: &mut App) {
    let resolved = app.resolved();
    let cursor = app
        .sections()
        .concat()
        .iter()
        .position(|&i| resolved.assumed[i])
        .unwrap_or(0);
    app.mode = Mode::Review { cursor };
}

/// The review: ↑↓ over every question shown, by section (as the review lists them), Enter goes
/// to one, e exports.
fn review(app: &mut App, action: &Action, cursor: usize) -> Command {
    let assumed = app.sections().concat();
    match action {
        Action::Up => {
            app.mode = Mode::Review {
                cursor: cursor.saturating_sub(1),
            }
        }
        Action::Down => {
            app.mode = Mode::Review {
                cursor: (cursor + 1).min(assumed.len().saturating_sub(1)),
            }
        }
        Action::Confirm => {
            app.mode = Mode::Browse;
            if let Some(&i) = assumed.get(cursor) {
                app.focus_question(i);
            }
        }
        Action::OpenExport => return Command::OfferExport,
        Action::OpenHelp => app.mode = Mode::Help { scroll: 0 },
        Action::Quit => return Command::Quit,
        Action::Cancel => app.mode = Mode::Browse,
        _ => app.mode = Mode::Review { cursor },
    }
    Command::None
}

/// A key typed into the focused field: a valid value is the answer at once; an invalid one is
/// shown with why, and not taken.
fn edit(app: &mut App, request: InputRequest) -> Command {
    let changed = app.field.handle(request).is_some_and(|c| c.value);
    // A key that only moves the cursor (or does nothing) answers nothing: the default stays
    // assumed.
    if !changed {
        return Command::None;
    }
    let q = &app.model.questionnaire;
    match app.answers.typed(q, app.focus, app.field.value()) {
        Ok(value) => {
            app.field_error = None;
            if app.answers.get(app.focus) != Some(&value) {
                app.answers.set(q, app.focus, value);
                return Command::Save;
            }
        }
        Err(why) => app.field_error = Some(why),
    }
    Command::None
}

/// Focuses `next`, the question `app.step(forward)` found. Stepping forward past the last
/// question wraps around, and there the questionnaire ends in its review.
fn go_to(app: &mut App, next: usize, forward: bool) {
    let wrapped = forward && next <= app.focus;
    if wrapped {
        // The review opens over the last question, so that Esc comes back to it.
        app.focus_question(app.focus);
        open_review(app);
    } else {
        app.focus_question(next);
    }
}

/// The next question (which also ends any edit: focusing a question does), or the review past
/// the last one.
fn advance(app: &mut App) {
    let next = app.step(true);
    go_to(app, next, true);
}

/// Moves a choice question's highlight one choice, within its choices.
fn move_highlight(app: &mut App, down: bool) {
    let last = app.question().kind.choices().len().saturating_sub(1);
    app.cursor = if down {
        (app.cursor + 1).min(last)
    } else {
        app.cursor.saturating_sub(1)
    };
}

/// Puts the focused answer back as it was when the field took focus.
fn revert_field(app: &mut App) {
    match app.field_before.clone() {
        Some(v) => app.answers.set(&app.model.questionnaire, app.focus, v),
        None => app.answers.clear(app.focus),
    }
    app.field_error = None;
}

/// A choice question's keys: ↑↓ select (move, for several), Space selects the highlighted
/// choice, 1–9 select and move on, Enter keeps the answer and moves on.
fn answer_choice(app: &mut App, action: &Action, choices: usize, multi: bool) -> Command {
    match action {
        Action::Up | Action::Down => {
            move_highlight(app, *action == Action::Down);
            if multi {
                Command::None
            } else {
                choose(app, app.cursor, false)
            }
        }
        Action::Select => choose(app, app.cursor, multi),
        Action::Pick(n) if *n < choices => {
            app.cursor = *n;
            let command = choose(app, *n, multi);
            if !multi {
                advance(app);
            }
            command
        }
        // Enter: the highlighted choice, when it is not already the answer (the default stays
        // assumed), then the next question.
        Action::Confirm => {
            let command = if !multi && app.value(app.focus) != Value::Choice(app.cursor) {
                choose(app, app.cursor, false)
            } else {
                Command::None
            };
            advance(app);
            command
        }
        _ => Command::None,
    }
}

fn choose(app: &mut App, choice: usize, multi: bool) -> Command {
    let value = if multi {
        let mut picked = match app.value(app.focus) {
            Value::Multi(cs) => cs,
            _ => Vec::new(),
        };
        if let Some(at) = picked.iter().position(|&c| c == choice) {
            picked.remove(at);
        } else {
            picked.push(choice);
            picked.sort_unstable();
        }
        Value::Multi(picked)
    } else {
        Value::Choice(choice)
    };
    app.answers.set(&app.model.questionnaire, app.focus, value);
    Command::Save
}

/// Up/Down on a number: one step of the question, within its range.
fn step_number(app: &mut App, up: bool) -> Command {
    let Kind::Number(spec) = &app.question().kind else {
        return Command::None;
    };
    let Value::Number(now) = app.value(app.focus) else {
        return Command::None;
    };
    let next = if up { now + spec.step } else { now - spec.step };
    // Keep to the step's grid and the range.
    let next = (next / spec.step).round() * spec.step;
    let q = &app.model.questionnaire;
    if spec.problem(next).is_some()
        || app
            .answers
            .below_floor(q, app.focus, &Value::Number(next))
            .is_some()
    {
        return Command::None;
    }
    app.answers.set(q, app.focus, Value::Number(next));
    let focus = app.focus;
    app.focus_question(focus);
    Command::Save
}

fn search(app: &mut App, action: &Action, mut input: Input, cursor: usize) -> Command {
    let found = app.search(input.value()).len();
    match action {
        Action::Cancel => {
            app.mode = Mode::Browse;
            return Command::None;
        }
        Action::Confirm => {
            if let Some(&q) = app.search(input.value()).get(cursor) {
                app.focus_question(q);
            }
            app.mode = Mode::Browse;
            return Command::None;
        }
        Action::Up => {
            app.mode = Mode::Search {
                cursor: cursor.saturating_sub(1),
                input,
            }
        }
        Action::Down => {
            app.mode = Mode::Search {
                cursor: (cursor + 1).min(found.saturating_sub(1)),
                input,
            };
        }
        Action::Edit(request) => {
            input.handle(*request);
            app.mode = Mode::Search { input, cursor: 0 };
        }
        _ => app.mode = Mode::Search { input, cursor },
    }
    Command::None
}

fn weights(app: &mut App, action: &Action, cursor: usize) -> Command {
    let rows = app.weighted();
    let Some(&question) = rows.get(cursor) else {
        app.mode = Mode::Browse;
        return Command::None;
    };
    let now = app.answers.multiplier(question);
    match action {
        Action::Cancel => app.mode = Mode::Browse,
        Action::OpenHelp => app.mode = Mode::Help { scroll: 0 },
        Action::Up => {
            app.mode = Mode::Weights {
                cursor: cursor.saturating_sub(1),
            }
        }
        Action::Down => {
            app.mode = Mode::Weights {
                cursor: (cursor + 1).min(rows.len() - 1),
            }
        }
        Action::Less | Action::More => {
            let delta = if *action == Action::More {
                WEIGHT_STEP
            } else {
                -WEIGHT_STEP
            };
            let next = (now + delta).clamp(0.0, crate::answers::MAX_WEIGHT);
            app.answers.set_weight(
                question,
                ((next - 1.0).abs() > f64::EPSILON).then_some(next),
            );
            return Command::Save;
        }
        Action::ClearAnswer => {
            app.answers.set_weight(question, None);
            return Command::Save;
        }
        _ => {}
    }
    Command::None
}

fn export(app: &mut App, action: Action, state: Export) -> Command {
    match (state, action) {
        (Export::Done { .. }, _) | (_, Action::Cancel) => app.mode = Mode::Browse,
        (Export::Editing { input } | Export::Failed { input, .. }, Action::Confirm) => {
            let text = input.value().trim();
            if text.is_empty() {
                app.mode = Mode::Export(Export::Failed {
                    input,
                    message: "Type the folder to write the bundle into.".to_owned(),
                });
                return Command::None;
            }
            // A folder that holds files comes back as `FolderNotEmpty`, and then the dialog asks.
            return Command::Export {
                dir: PathBuf::from(text),
                force: false,
            };
        }
        (
            Export::Editing { mut input } | Export::Failed { mut input, .. },
            Action::Edit(request),
        ) => {
            input.handle(request);
            app.mode = Mode::Export(Export::Editing { input });
        }
        (Export::Confirm { dir, .. }, Action::Yes) => {
            return Command::Export { dir, force: true };
        }
        (Export::Confirm { dir, .. }, Action::No) => {
            app.mode = Mode::Export(Export::Editing {
                input: Input::new(dir.display().to_string()),
            });
        }
        (state, _) => app.mode = Mode::Export(state),
    }
    Command::None
}

fn name_scenario(app: &mut App, action: &Action, mut input: Input) -> Command {
    match action {
        Action::Cancel => app.mode = Mode::Browse,
        Action::Confirm => {
            let name = input.value().trim().to_owned();
            if name.is_empty() {
                app.mode = Mode::NameScenario { input };
                return Command::None;
            }
            // Saving under a name already used replaces that scenario.
            app.scenarios.retain(|(n, _)| *n != name);
            app.scenarios.push((name.clone(), app.answers.clone()));
            app.status = Some(format!(
                "Saved the answers as scenario '{name}' (S compares them)."
            ));
            app.mode = Mode::Browse;
            return Command::Save;
        }
        Action::Edit(request) => {
            input.handle(*request);
            app.mode = Mode::NameScenario { input };
        }
        _ => app.mode = Mode::NameScenario { input },
    }
    Command::None
}

fn scenarios(app: &mut App, action: &Action, cursor: usize, ask: Option<Ask>) -> Command {
    let n = app.scenarios.len();
    let stay = |ask| Mode::Scenarios { cursor, ask };
    match (ask, action) {
        (Some(_), Action::No) => app.mode = stay(None),
        (Some(Ask::Load), Action::Yes) => return load_scenario(app, cursor),
        (Some(Ask::Delete), Action::Yes) if cursor < n => {
            let (name, _) = app.scenarios.remove(cursor);
            app.status = Some(format!("Deleted scenario '{name}'."));
            app.mode = if app.scenarios.is_empty() {
                Mode::Browse
            } else {
                Mode::Scenarios {
                    cursor: cursor.min(app.scenarios.len() - 1),
                    ask: None,
                }
            };
            return Command::Save;
        }
        (None, Action::Cancel) => app.mode = Mode::Browse,
        (None, Action::Up) => {
            app.mode = Mode::Scenarios {
                cursor: cursor.saturating_sub(1),
                ask: None,
            }
        }
        (None, Action::Down) => {
            app.mode = Mode::Scenarios {
                cursor: (cursor + 1).min(n.saturating_sub(1)),
                ask: None,
            }
        }
        // Answers given and kept in no scenario would be lost: ask first.
        (None, Action::Confirm) if cursor < n => {
            let kept = app.answers.given_count() == 0
                || app.scenarios.iter().any(|(_, a)| *a == app.answers);
            if kept {
                return load_scenario(app, cursor);
            }
            app.mode = stay(Some(Ask::Load));
        }
        (None, Action::ClearAnswer) if cursor < n => app.mode = stay(Some(Ask::Delete)),
        _ => {}
    }
    Command::None
}

/// Replaces the answers with a saved scenario's (`u` brings them back).
fn load_scenario(app: &mut App, cursor: usize) -> Command {
    let Some((name, answers)) = app.scenarios.get(cursor).cloned() else {
        return Command::None;
    };
    app.answers = answers;
    app.refocus();
    app.status = Some(format!("Loaded scenario '{name}' (u undoes it)."));
    app.mode = Mode::Browse;
    Command::Save
}

/// What the shell reports back after writing a bundle.
pub(crate) fn exported(
    app: &mut App,
    dir: &std::path::Path,
    result: anyhow::Result<crate::report::Written>,
) {
    match result {
        Ok(written) => {
            app.status = Some(format!(
                "Exported {} files to {}",
                written.files.len(),
                dir.display()
            ));
            app.out_dir = dir.to_path_buf();
            app.mode = Mode::Export(Export::Done {
                files: written.files,
                notes: written.plan.lines(true),
            });
        }
        Err(e) if e.is::<crate::report::FolderNotEmpty>() => {
            let plan = e
                .downcast_ref::<crate::report::FolderNotEmpty>()
                .map(|f| f.plan.clone())
                .unwrap_or_default();
            app.mode = Mode::Export(Export::Confirm {
                dir: dir.to_path_buf(),
                plan,
            });
        }
        Err(e) => {
            app.mode = Mode::Export(Export::Failed {
                input: Input::new(dir.display().to_string()),
                message: format!("{e:#}"),
            });
        }
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Command {
    if !matches!(app.mode, Mode::Browse) {
        return Command::None;
    }
    match hit(app, column, row) {
        Some(Hit::Choice(c)) => {
            let multi = matches!(app.question().kind, Kind::Multi(_));
            app.cursor = c;
            choose(app, c, multi)
        }
        Some(Hit::Question(q)) => {
            app.focus_question(q);
            Command::None
        }
        Some(Hit::Section(s)) => {
            if let Some(&q) = app.sections().get(s).and_then(|m| m.first()) {
                app.focus_question(q);
            }
            Command::None
        }
        Some(Hit::Option(o)) => {
            app.cost_option = Some(o);
            Command::None
        }
        Some(Hit::Explanation) | None => Command::None,
    }
}
