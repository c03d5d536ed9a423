//! One file per screen area. Each panel draws from the state and the frame's snapshot only.

pub mod chart;
pub mod cost;
pub mod export;
pub mod flips;
pub mod header;
pub mod help;
pub mod hints;
pub mod question;
pub mod review;
pub mod scenarios;
pub mod scores;
pub mod search;
pub mod sections;
pub mod summary;
pub mod weights;
pub mod why;

use super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

/// Panels shorten text at word boundaries ([`crate::text::shorten`]).
pub(crate) use crate::text::shorten as fit;

/// A bordered panel with a title.
#[must_use]
pub(crate) fn block<'a>(title: impl Into<Line<'a>>, theme: Theme, focused: bool) -> Block<'a> {
    Block::bordered()
        .title(title.into())
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
}

/// A rectangle `width` × `height` centred in `area`, never larger than it.
#[must_use]
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// An option's name for a place `width` wide: the full name, else its short name, never cut
/// mid-word.
#[must_use]
pub(crate) fn option_name(def: &crate::questionnaire::OptionDef, width: usize) -> String {
    if crate::text::width(&def.name) <= width {
        def.name.clone()
    } else if crate::text::width(&def.short) <= width {
        def.short.clone()
    } else {
        crate::text::shorten(&def.short, width)
    }
}

/// A panel title fitted to the panel's width at a word boundary (`area` is the whole panel).
#[must_use]
pub(crate) fn title(text: &str, area: Rect) -> String {
    let room = usize::from(area.width.saturating_sub(2));
    let fitted = crate::text::fit_words(text.trim_end(), room.saturating_sub(1));
    if fitted.is_empty() {
        String::new()
    } else {
        format!("{fitted} ")
    }
}

/// `text` wrapped at word boundaries to `width` columns, each line indented one space: the
/// sentences of a dialog, which must never be cut mid-word.
#[must_use]
pub(crate) fn sentences(
    text: &str,
    width: usize,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    textwrap::wrap(text, width.saturating_sub(1).max(8))
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), style))
        .collect()
}
