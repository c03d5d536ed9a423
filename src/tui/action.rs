//! Keys and mouse events become `Action`s here, in one pure function: no state is changed.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Everything the user can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextQuestion,
    PrevQuestion,
    Up,
    Down,
    /// Enter or Space on a choice: select it (toggle, for multi).
    Select,
    /// 1–9: the n-th choice (0-based here).
    Pick(usize),
    /// Back to the questionnaire's default for the focused question.
    ClearAnswer,
    OpenSearch,
    OpenWeights,
    OpenExport,
    OpenHelp,
    /// Esc in a dialog: close it. In a field: drop the edit.
    Cancel,
    /// Enter in a field or dialog.
    Confirm,
    /// A key for the focused text field or dialog input.
    Edit(KeyEvent),
    /// Left/Right (or -/+) on a weight.
    Less,
    More,
    /// `s`: save the answers as a named scenario.
    SaveScenario,
    /// `S`: the scenarios side by side.
    OpenScenarios,
    /// Which option's bill the cost panel itemizes.
    CycleCostOption,
    /// Small terminals: which panel shows below the question.
    CycleView,
    /// y/n when asked.
    Yes,
    No,
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize(u16, u16),
}

/// What the keyboard is aimed at, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Answering a choice or multi question.
    Choices,
    /// A text, number or key/value field has focus: printable keys edit it.
    Field,
    Search,
    Weights,
    /// The export dialog's folder field.
    ExportField,
    /// The export dialog asking whether to replace.
    ExportConfirm,
    /// Naming a scenario.
    ScenarioName,
    /// The scenarios view.
    Scenarios,
    /// A message (help, export result) that any key closes.
    Message,
}

/// The action an event asks for in a context, if any.
#[must_use]
pub fn map_event(context: Context, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => map_key(context, *key),
        Event::Mouse(mouse) => map_mouse(*mouse),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn map_key(context: Context, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'q')) {
        return Some(Action::Quit);
    }
    match context {
        Context::Message => Some(Action::Cancel),
        Context::Choices => choices_key(key),
        Context::Field => match key.code {
            KeyCode::Tab => Some(Action::NextQuestion),
            KeyCode::BackTab => Some(Action::PrevQuestion),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            _ => Some(Action::Edit(key)),
        },
        Context::Search => match key.code {
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down | KeyCode::Tab => Some(Action::Down),
            _ => Some(Action::Edit(key)),
        },
        Context::Weights => match key.code {
            KeyCode::Esc | KeyCode::Char('w' | 'q') => Some(Action::Cancel),
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => Some(Action::Down),
            KeyCode::Left | KeyCode::Char('-' | 'h') => Some(Action::Less),
            KeyCode::Right | KeyCode::Char('+' | '=' | 'l') => Some(Action::More),
            KeyCode::Char('0') | KeyCode::Backspace | KeyCode::Delete => Some(Action::ClearAnswer),
            KeyCode::Char('?') => Some(Action::OpenHelp),
            _ => None,
        },
        Context::ExportField | Context::ScenarioName => match key.code {
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Enter => Some(Action::Confirm),
            _ => Some(Action::Edit(key)),
        },
        Context::Scenarios => match key.code {
            KeyCode::Esc | KeyCode::Char('S' | 'q') => Some(Action::Cancel),
            KeyCode::Up | KeyCode::Left | KeyCode::Char('k' | 'h') | KeyCode::BackTab => {
                Some(Action::Up)
            }
            KeyCode::Down | KeyCode::Right | KeyCode::Char('j' | 'l') | KeyCode::Tab => {
                Some(Action::Down)
            }
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('d') | KeyCode::Delete | KeyCode::Backspace => Some(Action::ClearAnswer),
            _ => None,
        },
        Context::ExportConfirm => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Yes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::No),
            _ => None,
        },
    }
}

fn choices_key(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Enter | KeyCode::Char(' ') => Action::Select,
        KeyCode::Char(c @ '1'..='9') => Action::Pick(c as usize - '1' as usize),
        KeyCode::Tab | KeyCode::Right => Action::NextQuestion,
        KeyCode::BackTab | KeyCode::Left => Action::PrevQuestion,
        KeyCode::Backspace | KeyCode::Delete | KeyCode::Char('x') => Action::ClearAnswer,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('w') => Action::OpenWeights,
        KeyCode::Char('e') => Action::OpenExport,
        KeyCode::Char('?') => Action::OpenHelp,
        KeyCode::Char('o') => Action::CycleCostOption,
        KeyCode::Char('s') => Action::SaveScenario,
        KeyCode::Char('S') => Action::OpenScenarios,
        KeyCode::Char('v') => Action::CycleView,
        KeyCode::Esc => Action::Cancel,
        _ => return None,
    })
}

fn map_mouse(mouse: MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            column,
            row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            down: false,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn digits_pick_choices_but_type_into_fields() {
        assert_eq!(
            map_event(Context::Choices, &key(KeyCode::Char('3'))),
            Some(Action::Pick(2))
        );
        assert!(matches!(
            map_event(Context::Field, &key(KeyCode::Char('3'))),
            Some(Action::Edit(_))
        ));
    }

    #[test]
    fn q_quits_except_where_it_is_typed() {
        assert_eq!(
            map_event(Context::Choices, &key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert!(matches!(
            map_event(Context::Field, &key(KeyCode::Char('q'))),
            Some(Action::Edit(_))
        ));
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(map_event(Context::Field, &ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn tab_leaves_a_field() {
        assert_eq!(
            map_event(Context::Field, &key(KeyCode::Tab)),
            Some(Action::NextQuestion)
        );
        assert_eq!(
            map_event(Context::Field, &key(KeyCode::BackTab)),
            Some(Action::PrevQuestion)
        );
    }
}
