//! `?`: every key, the contract the README repeats.

use super::super::action::{BROWSE, FIELD};
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// What the help screen lists: the question view's bindings, then how fields and the mouse work.
#[must_use]
pub fn keys() -> Vec<(&'static str, &'static str)> {
    BROWSE
        .iter()
        .map(|b| (b.keys, b.help))
        .chain([
            ("", ""),
            ("In a text or number field", "type to edit; Ctrl-U clears"),
        ])
        .chain(FIELD.iter().map(|b| (b.keys, b.help)))
        .chain([
            ("", ""),
            ("Mouse", "click a choice, question, section or option;"),
            ("", "the wheel scrolls"),
        ])
        .collect()
}

pub fn render(frame: &mut Frame, area: Rect, theme: Theme) {
    let keys = keys();
    let widest = keys
        .iter()
        .map(|(_, what)| 28 + crate::text::width(what))
        .max()
        .unwrap_or(60);
    let width = u16::try_from(widest + 2)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(keys.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = super::centered(area, width, height);
    let lines: Vec<Line> = keys
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
