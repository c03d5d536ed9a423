//! Keys and mouse events become `Action`s here, in one pure function: no state is changed.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tui_input::InputRequest;

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
    /// `u`: the answers as they were before their last change.
    Undo,
    /// PgUp/PgDn: scroll the explanation (or the help) a page.
    PageUp,
    PageDown,
    OpenSearch,
    OpenWeights,
    OpenExport,
    OpenHelp,
    /// Esc in a dialog: close it. In a field: drop the edit.
    Cancel,
    /// Enter in a field or dialog.
    Confirm,
    /// An edit of the focused text field or dialog input, as tui-input reads the key.
    Edit(InputRequest),
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
    /// A text, number or key/value field has focus with no edit in progress: command keys act,
    /// and a value typed (a digit, or a letter no command takes) replaces the one shown.
    FieldIdle,
    /// An edit of the focused field is in progress: printable keys edit it.
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
    /// The scenarios view asking before it loads over unsaved answers, or deletes.
    ScenarioConfirm,
    /// The review at the end of the questionnaire.
    Review,
    /// The help screen: it scrolls, and any other key closes it.
    Help,
    /// A message (the export result) that any key closes.
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

/// Ctrl-C (and Ctrl-Q) quit from every context, fields included: the one binding with a
/// modifier, and how the hint line of a field names it.
const QUIT_ANYWHERE: &str = "Ctrl-C quit";

fn map_key(context: Context, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'q')) {
        return Some(Action::Quit);
    }
    let keys = keys(context);
    if keys.any_key_closes {
        return Some(bound(keys.bindings, key).unwrap_or(Action::Cancel));
    }
    // Alt-modified keys are never text (a terminal sends Alt-e as Esc then e), and act on
    // nothing in a field.
    if keys.typing.is_some() && key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    if let Some(action) = bound(keys.bindings, key).or_else(|| bound(keys.base, key)) {
        return Some(action);
    }
    keys.typing?;
    if context == Context::FieldIdle {
        // Only a character starts an edit: the editing keys wait for one.
        return match key.code {
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL) => {
                Some(Action::Edit(InputRequest::InsertChar(c)))
            }
            _ => None,
        };
    }
    tui_input::backend::crossterm::to_input_request(&Event::Key(key)).map(Action::Edit)
}

/// The action a table binds a key to.
fn bound(table: &[Binding], key: KeyEvent) -> Option<Action> {
    let binding = table.iter().find(|b| b.codes.contains(&key.code))?;
    Some(match binding.action {
        Action::Pick(_) => Action::Pick(binding.codes.iter().position(|c| *c == key.code)?),
        // A character a table types: the one pressed.
        Action::Edit(InputRequest::InsertChar(_)) => match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Action::Edit(InputRequest::InsertChar(c))
            }
            _ => return None,
        },
        ref action => action.clone(),
    })
}

/// A context's keys: its bindings, whether other keys type into a field (and how the hint line
/// says so), or whether any key closes it.
pub(crate) struct Keys {
    pub bindings: &'static [Binding],
    /// The table under `bindings`: its keys act where `bindings` does not bind them.
    pub base: &'static [Binding],
    /// Unbound keys edit the field; the hint line's first entry.
    pub typing: Option<&'static str>,
    /// A message: any key closes it.
    pub any_key_closes: bool,
}

/// The one table of keys for each context: the key handling, the hint line and the help screen
/// all read it.
#[must_use]
pub(crate) fn keys(context: Context) -> Keys {
    let plain = |bindings| Keys {
        bindings,
        base: &[],
        typing: None,
        any_key_closes: false,
    };
    let typed = |bindings, typing| Keys {
        bindings,
        base: &[],
        typing: Some(typing),
        any_key_closes: false,
    };
    match context {
        Context::Choices => plain(BROWSE),
        // A field nobody is editing: the question view's keys, with a few of its own on top.
        Context::FieldIdle => Keys {
            base: BROWSE,
            ..typed(FIELD_IDLE, "type to replace")
        },
        Context::Field => typed(FIELD, "type to edit"),
        Context::Search => typed(SEARCH, "type to search"),
        Context::Weights => plain(WEIGHTS),
        Context::ExportField => typed(EXPORT_FIELD, "type a folder"),
        Context::ScenarioName => typed(SCENARIO_NAME, "type a name"),
        Context::ExportConfirm => plain(EXPORT_CONFIRM),
        Context::Scenarios => plain(SCENARIOS),
        Context::ScenarioConfirm => plain(SCENARIO_CONFIRM),
        Context::Review => plain(REVIEW),
        Context::Help => Keys {
            bindings: HELP,
            base: &[],
            typing: None,
            any_key_closes: true,
        },
        Context::Message => Keys {
            bindings: &[],
            base: &[],
            typing: None,
            any_key_closes: true,
        },
    }
}

impl Keys {
    /// Every binding that acts: the context's own, then the base's that it does not override.
    pub(crate) fn acting(&self) -> impl Iterator<Item = &'static Binding> {
        let own = self.bindings;
        own.iter().chain(self.base.iter().filter(move |b| {
            !b.codes
                .iter()
                .all(|c| own.iter().any(|o| o.codes.contains(c)))
        }))
    }
}

/// The hint line for a context, from its table: the typing entry first, then each binding's
/// hint (`narrow` for the stacked layout).
#[must_use]
pub(crate) fn hint_line(context: Context, narrow: bool) -> String {
    let keys = keys(context);
    if keys.any_key_closes && keys.bindings.is_empty() {
        return "any key to close".to_owned();
    }
    keys.typing
        .into_iter()
        .chain(
            keys.acting()
                .map(|b| if narrow { b.narrow_hint } else { b.hint }),
        )
        // In a field q is typed: say how to quit.
        .chain(
            keys.typing
                .filter(|_| context != Context::FieldIdle)
                .map(|_| QUIT_ANYWHERE),
        )
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A binding whose hint is the same at every width.
const fn key(
    codes: &'static [KeyCode],
    action: Action,
    keys: &'static str,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        codes,
        action,
        keys,
        help,
        hint,
        narrow_hint: hint,
    }
}

/// A field with no edit in progress: the question view's commands act (digits type a value
/// instead of picking), Enter keeps the value and moves on, Backspace edits the value shown,
/// and ↑↓ step a number without an edit.
pub(crate) const FIELD_IDLE: &[Binding] = &[
    key(
        NUMBER_CHARS,
        Action::Edit(InputRequest::InsertChar('0')),
        "0 – 9",
        "type a number: it replaces the value shown",
        "",
    ),
    key(
        &[KeyCode::Backspace],
        Action::Edit(InputRequest::DeletePrevChar),
        "Backspace",
        "edit the value shown, from its end",
        "",
    ),
    key(
        &[KeyCode::Up, KeyCode::Char('k')],
        Action::Up,
        "↑  k",
        "step a number up",
        "↑↓ step",
    ),
    key(
        &[KeyCode::Down, KeyCode::Char('j')],
        Action::Down,
        "↓  j",
        "step a number down",
        "",
    ),
];

/// What starts typing a number on a field nobody is editing (not picks, as in the question view).
const NUMBER_CHARS: &[KeyCode] = &[
    KeyCode::Char('0'),
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('3'),
    KeyCode::Char('4'),
    KeyCode::Char('5'),
    KeyCode::Char('6'),
    KeyCode::Char('7'),
    KeyCode::Char('8'),
    KeyCode::Char('9'),
    KeyCode::Char('.'),
    KeyCode::Char('-'),
    KeyCode::Char(' '),
];

/// A text or number field: typing edits it (tui-input's editing keys), and these act.
pub(crate) const FIELD: &[Binding] = &[
    key(
        &[KeyCode::Up],
        Action::Up,
        "↑",
        "step a number up",
        "↑↓ step",
    ),
    key(
        &[KeyCode::Down],
        Action::Down,
        "↓",
        "step a number down",
        "",
    ),
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "keep a valid value and go to the next question",
        "Enter/Tab next",
    ),
    key(
        &[KeyCode::Tab],
        Action::NextQuestion,
        "Tab",
        "next question",
        "",
    ),
    key(
        &[KeyCode::BackTab],
        Action::PrevQuestion,
        "Shift-Tab",
        "previous question",
        "S-Tab back",
    ),
    key(
        &[KeyCode::Esc],
        Action::Cancel,
        "Esc",
        "undo the edit and leave the field, so the keys act again",
        "Esc leave the field",
    ),
    key(
        &[KeyCode::PageDown],
        Action::PageDown,
        "PgDn  PgUp",
        "scroll the explanation under the question",
        "",
    ),
    key(&[KeyCode::PageUp], Action::PageUp, "", "", ""),
];

pub(crate) const SEARCH: &[Binding] = &[
    key(&[KeyCode::Up], Action::Up, "↑", "previous match", "↑↓ pick"),
    key(
        &[KeyCode::Down, KeyCode::Tab],
        Action::Down,
        "↓  Tab",
        "next match",
        "",
    ),
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "go to the question",
        "Enter go",
    ),
    key(
        &[KeyCode::Esc],
        Action::Cancel,
        "Esc",
        "cancel",
        "Esc cancel",
    ),
];

pub(crate) const WEIGHTS: &[Binding] = &[
    key(
        &[KeyCode::Up, KeyCode::Char('k'), KeyCode::BackTab],
        Action::Up,
        "↑  k",
        "previous criterion",
        "↑↓ criterion",
    ),
    key(
        &[KeyCode::Down, KeyCode::Char('j'), KeyCode::Tab],
        Action::Down,
        "↓  j",
        "next criterion",
        "",
    ),
    key(
        &[KeyCode::Left, KeyCode::Char('-'), KeyCode::Char('h')],
        Action::Less,
        "←  -",
        "less weight (0 ignores the criterion)",
        "←→ weight",
    ),
    key(
        &[
            KeyCode::Right,
            KeyCode::Char('+'),
            KeyCode::Char('='),
            KeyCode::Char('l'),
        ],
        Action::More,
        "→  +",
        "more weight",
        "",
    ),
    key(
        &[KeyCode::Char('0'), KeyCode::Backspace, KeyCode::Delete],
        Action::ClearAnswer,
        "0",
        "back to the questionnaire's weight",
        "0 reset",
    ),
    key(&[KeyCode::Char('?')], Action::OpenHelp, "?", "help", ""),
    key(
        &[KeyCode::Esc, KeyCode::Char('w'), KeyCode::Char('q')],
        Action::Cancel,
        "Esc  w",
        "done",
        "Esc done",
    ),
];

pub(crate) const EXPORT_FIELD: &[Binding] = &[
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "write the bundle",
        "Enter write the bundle",
    ),
    key(
        &[KeyCode::Esc],
        Action::Cancel,
        "Esc",
        "cancel",
        "Esc cancel",
    ),
];

pub(crate) const SCENARIO_NAME: &[Binding] = &[
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "save the scenario",
        "Enter save",
    ),
    key(
        &[KeyCode::Esc],
        Action::Cancel,
        "Esc",
        "cancel",
        "Esc cancel",
    ),
];

pub(crate) const EXPORT_CONFIRM: &[Binding] = &[
    key(
        &[KeyCode::Char('y'), KeyCode::Char('Y'), KeyCode::Enter],
        Action::Yes,
        "y",
        "replace the bundle's files",
        "y replace the bundle's files",
    ),
    key(
        &[KeyCode::Char('n'), KeyCode::Char('N'), KeyCode::Esc],
        Action::No,
        "n",
        "choose another folder",
        "n choose another folder",
    ),
];

pub(crate) const SCENARIOS: &[Binding] = &[
    key(
        &[
            KeyCode::Up,
            KeyCode::Left,
            KeyCode::Char('k'),
            KeyCode::Char('h'),
            KeyCode::BackTab,
        ],
        Action::Up,
        "←  ↑",
        "previous scenario",
        "←→ pick",
    ),
    key(
        &[
            KeyCode::Down,
            KeyCode::Right,
            KeyCode::Char('j'),
            KeyCode::Char('l'),
            KeyCode::Tab,
        ],
        Action::Down,
        "→  ↓",
        "next scenario",
        "",
    ),
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "load the scenario",
        "Enter load",
    ),
    key(
        &[KeyCode::Char('d'), KeyCode::Delete, KeyCode::Backspace],
        Action::ClearAnswer,
        "d",
        "delete the scenario",
        "d delete",
    ),
    key(
        &[KeyCode::Esc, KeyCode::Char('S'), KeyCode::Char('q')],
        Action::Cancel,
        "Esc  S",
        "close",
        "Esc close",
    ),
];

/// The help screen's keys: it scrolls; every other key closes it.
pub(crate) const HELP: &[Binding] = &[
    key(
        &[KeyCode::Down, KeyCode::Char('j')],
        Action::Down,
        "↓  j",
        "scroll down a line",
        "↑↓ scroll",
    ),
    key(
        &[KeyCode::Up, KeyCode::Char('k')],
        Action::Up,
        "↑  k",
        "scroll up a line",
        "",
    ),
    key(
        &[KeyCode::PageDown, KeyCode::Char(' ')],
        Action::PageDown,
        "PgDn  Space",
        "scroll down a page",
        "PgUp/PgDn page",
    ),
    key(
        &[KeyCode::PageUp],
        Action::PageUp,
        "PgUp",
        "scroll up a page",
        "",
    ),
];

pub(crate) const SCENARIO_CONFIRM: &[Binding] = &[
    key(
        &[KeyCode::Char('y'), KeyCode::Char('Y'), KeyCode::Enter],
        Action::Yes,
        "y  Enter",
        "yes",
        "y yes",
    ),
    key(
        &[KeyCode::Char('n'), KeyCode::Char('N'), KeyCode::Esc],
        Action::No,
        "n  Esc",
        "no",
        "n no",
    ),
];

pub(crate) const REVIEW: &[Binding] = &[
    key(
        &[KeyCode::Up, KeyCode::Char('k'), KeyCode::BackTab],
        Action::Up,
        "↑  k",
        "previous answer",
        "↑↓ pick an answer",
    ),
    key(
        &[KeyCode::Down, KeyCode::Char('j'), KeyCode::Tab],
        Action::Down,
        "↓  j",
        "next answer",
        "",
    ),
    key(
        &[KeyCode::Enter],
        Action::Confirm,
        "Enter",
        "go to its question",
        "Enter go to it",
    ),
    key(
        &[KeyCode::Char('e')],
        Action::OpenExport,
        "e",
        "export",
        "e export",
    ),
    key(&[KeyCode::Char('?')], Action::OpenHelp, "?", "help", ""),
    key(
        &[KeyCode::Esc, KeyCode::Char('r'), KeyCode::Char('q')],
        Action::Cancel,
        "Esc  r  q",
        "back to the question you came from (q closes every dialog)",
        "Esc back",
    ),
];

/// One key binding: the keys, what they do, and how the help screen and the hint line name
/// them. The tables ([`keys`]) are the only place keys are written: the key handling, the help
/// screen and the hint line are all read from them.
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
        help: "select the previous choice (move, for several)",
        hint: "↑↓ choose",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Down, KeyCode::Char('j')],
        action: Action::Down,
        keys: "↓  j",
        help: "select the next choice (move, for several)",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::Enter],
        action: Action::Confirm,
        keys: "Enter",
        help: "keep the choice and go to the next question",
        hint: "Enter next",
        narrow_hint: "Enter next",
    },
    Binding {
        codes: &[KeyCode::Char(' ')],
        action: Action::Select,
        keys: "Space",
        help: "select the highlighted choice (toggle, for several)",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: DIGITS,
        action: Action::Pick(0),
        keys: "1 – 9",
        help: "select the n-th choice and go on (toggle, for several)",
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
        codes: &[KeyCode::Char('u')],
        action: Action::Undo,
        keys: "u",
        help: "undo the last change of an answer or weight; again for the one before",
        hint: "u undo",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::PageDown],
        action: Action::PageDown,
        keys: "PgDn  PgUp",
        help: "scroll the explanation under the question",
        hint: "",
        narrow_hint: "",
    },
    Binding {
        codes: &[KeyCode::PageUp],
        action: Action::PageUp,
        keys: "",
        help: "",
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
        help: "hide the note in the status line",
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
    fn every_key_of_every_table_does_what_the_help_says() {
        for context in [
            Context::Choices,
            Context::FieldIdle,
            Context::Field,
            Context::Search,
            Context::Weights,
            Context::ExportField,
            Context::ExportConfirm,
            Context::ScenarioName,
            Context::Scenarios,
            Context::ScenarioConfirm,
            Context::Review,
            Context::Help,
        ] {
            let keys = super::keys(context);
            let mut seen = std::collections::HashSet::new();
            for b in keys.acting() {
                let own = keys.bindings.iter().any(|x| std::ptr::eq(x, b));
                for (n, code) in b.codes.iter().enumerate() {
                    if !seen.insert(*code) {
                        // The base's key under one of the context's own is overridden, not
                        // bound twice.
                        assert!(!own, "{context:?}: {code:?} is bound twice");
                        continue;
                    }
                    let expected = match (&b.action, code) {
                        (Action::Pick(_), _) => Action::Pick(n),
                        (Action::Edit(InputRequest::InsertChar(_)), KeyCode::Char(c)) => {
                            Action::Edit(InputRequest::InsertChar(*c))
                        }
                        (a, _) => a.clone(),
                    };
                    assert_eq!(
                        map_event(context, &key(*code)),
                        Some(expected),
                        "{context:?}: {}",
                        b.keys
                    );
                }
                // What the hint line shows is what the table says.
                if !b.hint.is_empty() {
                    assert!(super::hint_line(context, false).contains(b.hint));
                }
            }
        }
    }

    #[test]
    fn fields_edit_with_tui_inputs_requests() {
        let ctrl_u = Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(
            map_event(Context::Field, &ctrl_u),
            Some(Action::Edit(InputRequest::DeleteLine))
        );
        assert_eq!(
            map_event(Context::ExportField, &key(KeyCode::Char('x'))),
            Some(Action::Edit(InputRequest::InsertChar('x')))
        );
        // Alt is never text.
        let alt_e = Event::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::ALT));
        assert_eq!(map_event(Context::Field, &alt_e), None);
        assert!(super::hint_line(Context::Field, false).starts_with("type to edit"));
        assert!(super::hint_line(Context::Field, false).ends_with("Ctrl-C quit"));
    }
}
