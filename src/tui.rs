//! The interactive explorer: a ratatui shell around the library. Keys become actions
//! (`action`), actions change state (`update`), and every frame is drawn from the state
//! (`ui`, one file per panel). The loop is generic over the backend, so whole screens are tested
//! with `TestBackend`; the only IO here is the terminal, the autosave and the export.

pub mod action;
pub mod app;
pub mod layout;
pub mod panel;
pub mod snapshot;
pub mod theme;
pub mod ui;
pub mod update;

use action::{Context, map_event};
use anyhow::{Context as _, Result};
use app::{App, Export, Mode};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use std::path::PathBuf;
use theme::Theme;
pub use update::Command;
use update::update;

/// Where the keyboard is aimed, which decides what keys mean.
#[must_use]
pub(crate) fn context(app: &App) -> Context {
    match &app.mode {
        Mode::Browse if app.editing() && app.in_edit => Context::Field,
        Mode::Browse if app.editing() => Context::FieldIdle,
        Mode::Browse => Context::Choices,
        Mode::Search { .. } => Context::Search,
        Mode::Weights { .. } => Context::Weights,
        Mode::Export(Export::Editing { .. } | Export::Failed { .. }) => Context::ExportField,
        Mode::Export(Export::Confirm { .. }) => Context::ExportConfirm,
        Mode::Export(Export::Done { .. }) => Context::Message,
        Mode::Help { .. } => Context::Help,
        Mode::NameScenario { .. } => Context::ScenarioName,
        Mode::Scenarios { ask: Some(_), .. } => Context::ScenarioConfirm,
        Mode::Scenarios { ask: None, .. } => Context::Scenarios,
        Mode::Review { .. } => Context::Review,
    }
}

/// How the explorer was asked to start.
pub struct Options {
    /// What the session records as the questionnaire: a bundled id or a file's path.
    pub questionnaire_ref: String,
    pub focus: Option<String>,
}

/// The terminal's shell: handles one event and carries out the resulting command (the autosave,
/// the export). Returns false when the user quits.
///
/// # Panics
/// Only in debug builds, on `!` with `TRADEOFF_TEST_PANIC` set: how tests prove that a panic
/// restores the terminal.
pub fn handle(app: &mut App, options: &Options, event: &Event) -> bool {
    // Debug builds only: a way for tests to prove a panic restores the terminal.
    #[cfg(debug_assertions)]
    if std::env::var_os("TRADEOFF_TEST_PANIC").is_some()
        && matches!(event, Event::Key(k) if k.code == event::KeyCode::Char('!'))
    {
        panic!("a deliberate panic for testing (TRADEOFF_TEST_PANIC)");
    }
    match step(app, event) {
        Command::Quit => return false,
        Command::Save => autosave(app, options),
        Command::OfferExport => update::open_export(app),
        Command::Export { dir, force } => {
            let result = export(app, &dir, force);
            update::exported(app, &dir, result);
        }
        Command::None => {}
    }
    true
}

/// One event through the pure part: the key map, then `update`. What it returns is for the shell
/// to carry out, or refuse.
pub fn step(app: &mut App, event: &Event) -> Command {
    match map_event(context(app), event) {
        Some(action) => update(app, action),
        None => Command::None,
    }
}

fn autosave(app: &mut App, options: &Options) {
    let Some(saver) = app.saver.as_mut() else {
        return;
    };
    match saver.save(
        &options.questionnaire_ref,
        &app.model.questionnaire,
        &app.answers,
        app.focus,
        &app.scenarios,
    ) {
        Ok(Some(_)) => app.notice = saver.kept_note(),
        Ok(None) => {}
        Err(e) => app.status = Some(format!("Could not save the session: {e:#}")),
    }
}

/// Writes the bundle for the current answers, with the saved scenarios.
///
/// # Errors
/// A refused or failed write, with the file that failed.
pub(crate) fn export(
    app: &App,
    dir: &std::path::Path,
    force: bool,
) -> Result<crate::report::Written> {
    crate::report::bundle(
        &crate::report::Subject {
            model: &app.model,
            answers: &app.answers,
            scenarios: &app.scenarios,
            room: None,
            artifacts: crate::report::Artifacts::Recommended,
        },
        dir,
        force,
    )
    .map(|(_, written)| written)
}

/// Draws and handles events until the user quits. Generic over the backend and the event source
/// so tests drive it without a terminal.
///
/// # Errors
/// The terminal could not be drawn or read.
pub(crate) fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    options: &Options,
    mut next_event: impl FnMut() -> std::io::Result<Event>,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let theme = Theme::from_env();
    loop {
        terminal.draw(|frame| ui::render(frame, app, theme))?;
        let event = next_event()?;
        if !handle(app, options, &event) {
            return Ok(());
        }
    }
}

/// Runs the explorer in the real terminal, restoring it however the run ends.
///
/// # Errors
/// The terminal could not be set up, drawn or read.
pub(crate) fn run(mut app: App, options: &Options) -> Result<App> {
    install_panic_hook(app.saver.as_ref().map(|s| s.path.clone()));
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    if let Some(id) = &options.focus
        && let Some(q) = app.model.questionnaire.question_index(id)
    {
        app.focus_question(q);
    }
    let result = event_loop(&mut terminal, &mut app, options, event::read);
    restore();
    result.map(|()| app)
}

fn restore() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// On a panic: restore the terminal first (mouse capture too, which ratatui's own hook leaves on),
/// then say where the answers are, then the usual report.
fn install_panic_hook(session: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        if let Some(path) = &session {
            eprintln!(
                "tradeoff stopped on an internal error. Your answers are saved in {}; run `tradeoff --resume` to continue.",
                path.display()
            );
        }
        previous(info);
    }));
}
