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

pub(crate) use crate::text::fit;

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
