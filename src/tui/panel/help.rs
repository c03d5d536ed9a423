//! `?`: every key, the contract the README repeats.

use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  k j", "move between the choices"),
    ("Enter  Space", "select the choice (toggle, for several)"),
    ("1 – 9", "select the n-th choice directly"),
    (
        "Tab  Shift-Tab",
        "next / previous question (hidden ones skipped)",
    ),
    ("→ ←", "next / previous question"),
    ("x  Delete", "back to the default answer"),
    ("/", "find a question by part of its prompt or id"),
    ("w", "weights: change each criterion's weight live"),
    ("o", "itemize the next option's monthly bill"),
    ("s", "save the answers as a named scenario"),
    ("S", "compare the scenarios side by side; Enter loads one"),
    ("v", "small terminals: switch score / cost / chart"),
    ("e", "export the recommendation bundle"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit (answers are saved as you go)"),
    ("", ""),
    (
        "In a text or number field",
        "type to edit; ↑↓ step a number;",
    ),
    ("", "Enter or Tab: next; Esc: undo the edit"),
    ("Mouse", "click a choice, question, section or option;"),
    ("", "the wheel scrolls"),
];

pub fn render(frame: &mut Frame, area: Rect, theme: Theme) {
    let widest = KEYS
        .iter()
        .map(|(_, what)| 28 + what.chars().count())
        .max()
        .unwrap_or(60);
    let width = u16::try_from(widest + 2)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(KEYS.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = super::centered(area, width, height);
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<26}"), theme.strong()),
                Span::raw(*what),
            ])
        })
        .chain([
            Line::raw(""),
            Line::styled(" Any key closes this.", theme.dim()),
        ])
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Keys ", theme, true)),
        popup,
    );
}
