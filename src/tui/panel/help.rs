//! `?`: every key, the contract the README repeats. It scrolls when the terminal is short.

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
        .filter(|b| !b.keys.is_empty())
        .map(|b| (b.keys, b.help))
        .chain([
            ("", ""),
            ("In a text or number field", "type to edit; Ctrl-U clears"),
        ])
        .chain(
            FIELD
                .iter()
                .filter(|b| !b.keys.is_empty())
                .map(|b| (b.keys, b.help)),
        )
        .chain([
            ("", ""),
            ("Mouse", "click a choice, question, section or option;"),
            ("", "the wheel scrolls what is under it"),
        ])
        .collect()
}

/// The keys' column: wide enough for the longest.
const KEYS_COLUMN: usize = 26;

/// The popup: where it goes in `area`, and its lines (each description wrapped beside its keys,
/// at word boundaries, to the popup's width).
fn popup(area: Rect) -> (Rect, Vec<(String, String)>, bool) {
    let keys = keys();
    let widest = keys
        .iter()
        .map(|(_, what)| KEYS_COLUMN + 2 + crate::text::width(what))
        .max()
        .unwrap_or(60);
    let width = u16::try_from(widest + 2)
        .unwrap_or(u16::MAX)
        .min(area.width);
    // A narrow popup puts each description under its keys.
    let inside = usize::from(width.saturating_sub(2));
    let stacked = inside < KEYS_COLUMN + 24;
    let mut rows = Vec::new();
    for (k, what) in keys {
        let room = if stacked {
            inside.saturating_sub(3)
        } else {
            inside.saturating_sub(KEYS_COLUMN + 1)
        };
        let wrapped = textwrap::wrap(what, room.max(8));
        if stacked {
            if !k.is_empty() || what.is_empty() {
                rows.push((k.to_owned(), String::new()));
            }
            rows.extend(
                wrapped
                    .into_iter()
                    .map(|w| (String::new(), format!("  {w}"))),
            );
        } else {
            let mut first = true;
            for w in wrapped {
                rows.push((
                    if first { k.to_owned() } else { String::new() },
                    w.into_owned(),
                ));
                first = false;
            }
        }
    }
    let height = u16::try_from(rows.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    (super::centered(area, width, height), rows, stacked)
}

/// How far the help can scroll in a terminal of `size`.
#[must_use]
pub(crate) fn max_scroll(size: (u16, u16)) -> u16 {
    let (popup, rows, _) = popup(Rect::new(0, 0, size.0, size.1));
    u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(popup.height.saturating_sub(2))
}

pub fn render(frame: &mut Frame, area: Rect, scroll: u16, theme: Theme) {
    let (popup, rows, stacked) = popup(area);
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(k, what)| {
            let keys = if stacked {
                format!(" {k}")
            } else {
                format!(" {k:<KEYS_COLUMN$}")
            };
            Line::from(vec![Span::styled(keys, theme.strong()), Span::raw(what)])
        })
        .collect();
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let shown = popup.height.saturating_sub(2);
    let scroll = scroll.min(total.saturating_sub(shown));
    let title = if total > shown {
        format!(
            " Keys · {}–{} of {total} · ↑↓ PgUp PgDn · any other key closes ",
            scroll + 1,
            (scroll + shown).min(total)
        )
    } else {
        " Keys · any key closes ".to_owned()
    };
    let title = crate::text::fit_words(&title, usize::from(popup.width.saturating_sub(2)));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(super::block(title, theme, true)),
        popup,
    );
}
