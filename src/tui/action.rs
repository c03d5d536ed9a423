//! Keys and mouse events become `Action`s here, in one pure function: no state is changed.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Everything the user can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
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
    /// `r`: the review of the outcome and what is still assumed.
    OpenReview,
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
pub(crate) enum Context {
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
    /// The review at the end of the questionnaire.
    Review,
    /// A message (help, export result) that any key closes.
    Message,
}

/// The action an event asks for in a context, if any.
#[must_use]
pub(crate) fn map_event(context: Context, event: &Event) -> Option<Action> {
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
        // Alt-modified keys are never text (a terminal sends Alt-e as Esc then e).
        Context::Field | Context::ExportField | Context::ScenarioName | Context::Search
            if key.modifiers.contains(KeyModifiers::ALT) =>
        {
            None
        }
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
        Context::Review => match key.code {
            KeyCode::Esc | KeyCode::Char('r') => Some(Action::Cancel),
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => Some(Action::Down),
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Char('e') => Some(Action::OpenExport),
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('?') => Some(Action::OpenHelp),
            _ => None,
        },
        Context::ExportConfirm => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Yes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::No),
            _ => None,
        },
    }
}

/// One key binding of the question view: the keys, what they do, and how the help screen and
/// the hint line name them. [`BROWSE`] is the only place these keys are written: the key
/// handling, the help screen and the hint line are all read from it.
#[derive(Debug)]
pub(crate) struct Binding {
    pub codes: &'static [KeyCode],
    /// For `Pick`, the first of nine codes: the n-th picks the n-th choice.
    pub action: Action,
    /// The keys as the help screen shows them.
    pub keys: &'static str,
    pub help: &'static str,
    /// In the hint line at full size ("" when not shown).
    pub hint: &'static str,
    /// In the hint line when the panels stack under the question ("" when not shown).
    pub narrow_hint: &'static str,
}

const DIGITS: &[KeyCode] = &[
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('3'),
    KeyCode::Char('4'),
    KeyCode::Char('5'),
    KeyCode::Char('6'),
    KeyCode::Char('7'),
    KeyCode::Char('8'),
    KeyCode::Char('9'),
];

/// The question view's keys, in the order the help screen lists them.
pub(crate) const BROWSE: &[Binding] = &[
    Binding {
        codes: &[KeyCode::Up, KeyCode::Char('k')],
        action: Action::Up,
        keys: "↑  k",
        help: "previous choice",
        hint: "↑↓ choose",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Down, KeyCode::Char('j')],
        action: Action::Down,
        keys: "↓  j",
        help: "next choice",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Enter, KeyCode::Char(' ')],
        action: Action::Select,
        keys: "Enter  Space",
        help: "select the choice (toggle, for several)",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: DIGITS,
        action: Action::Pick(0),
        keys: "1 – 9",
        help: "select the n-th choice directly",
        hint: "1-9 answer",
        narrow_hint: "↑↓ 1-9 answer",
    },
    Binding {
        codes: &[KeyCode::Tab, KeyCode::Right],
        action: Action::NextQuestion,
        keys: "Tab  →",
        help: "next question (hidden ones skipped)",
        hint: "Tab next",
        narrow_hint: "Tab next",
    },
    Binding {
        codes: &[KeyCode::BackTab, KeyCode::Left],
        action: Action::PrevQuestion,
        keys: "Shift-Tab  ←",
        help: "previous question",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Backspace, KeyCode::Delete, KeyCode::Char('x')],
        action: Action::ClearAnswer,
        keys: "x  Delete  Backspace",
        help: "back to the default answer",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('/')],
        action: Action::OpenSearch,
        keys: "/",
        help: "find a question by part of its prompt or id",
        hint: "/ find",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('w')],
        action: Action::OpenWeights,
        keys: "w",
        help: "weights: change each criterion's weight live",
        hint: "w weights",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('s')],
        action: Action::SaveScenario,
        keys: "s",
        help: "save the answers as a named scenario",
        hint: "s/S scenarios",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('S')],
        action: Action::OpenScenarios,
        keys: "S",
        help: "compare the scenarios side by side; Enter loads one",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('o')],
        action: Action::CycleCostOption,
        keys: "o",
        help: "itemize the next option's monthly bill",
        hint: "o cost",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('v')],
        action: Action::CycleView,
        keys: "v",
        help: "small terminals: switch score / cost / chart / flips",
        hint: "",
        narrow_hint: "v view",
    },
    Binding {
        codes: &[KeyCode::Char('r')],
        action: Action::OpenReview,
        keys: "r",
        help: "review: the outcome, what is still assumed, export",
        hint: "r review",
        narrow_hint: "r review",
    },
    Binding {
        codes: &[KeyCode::Char('e')],
        action: Action::OpenExport,
        keys: "e",
        help: "export the recommendation bundle",
        hint: "e export",
        narrow_hint: "e export",
    },
    Binding {
        codes: &[KeyCode::Esc],
        action: Action::Cancel,
        keys: "Esc",
        help: "clear the status message",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Char('?')],
        action: Action::OpenHelp,
        keys: "?",
        help: "this help",
        hint: "? help",
        narrow_hint: "? help",
    },
    Binding {
        codes: &[KeyCode::Char('q')],
        action: Action::Quit,
        keys: "q  Ctrl-C",
        help: "quit (answers are saved as you go)",
        hint: "q quit",
        narrow_hint: "q quit",
    },
];

fn choices_key(key: KeyEvent) -> Option<Action> {
    let binding = BROWSE.iter().find(|b| b.codes.contains(&key.code))?;
    Some(match binding.action {
        Action::Pick(_) => Action::Pick(binding.codes.iter().position(|c| *c == key.code)?),
        ref action => action.clone(),
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

    #[test]
    fn every_key_of_the_table_does_what_the_help_says() {
        let mut seen = std::collections::HashSet::new();
        for b in super::BROWSE {
            for (n, code) in b.codes.iter().enumerate() {
                assert!(seen.insert(*code), "{code:?} is bound twice");
                let expected = match b.action {
                    Action::Pick(_) => Action::Pick(n),
                    ref a => a.clone(),
                };
                assert_eq!(
                    map_event(Context::Choices, &key(*code)),
                    Some(expected),
                    "{}",
                    b.keys
                );
            }
        }
    }
}
