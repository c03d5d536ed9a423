//! Colours and emphasis. With `NO_COLOR` set there is no colour at all; meaning never rests on
//! colour alone (the leader has ★, excluded options ✗, the selection ›).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

const OPTION_COLORS: [Color; 6] = [
    Color::Cyan,
    Color::Magenta,
    Color::Yellow,
    Color::Green,
    Color::Blue,
    Color::Red,
];

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (see no-color.org).
    #[must_use]
    pub(crate) fn from_env() -> Self {
        Self {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    #[must_use]
    pub(crate) fn option(self, o: usize) -> Style {
        self.fg(OPTION_COLORS[o % OPTION_COLORS.len()])
    }

    #[must_use]
    pub(crate) fn option_color(self, o: usize) -> Color {
        if self.color {
            OPTION_COLORS[o % OPTION_COLORS.len()]
        } else {
            Color::Reset
        }
    }

    #[must_use]
    pub(crate) fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub(crate) fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    #[must_use]
    #[allow(clippy::unused_self)] // asked of the theme like every style, so panels need not know
    pub(crate) fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    #[must_use]
    #[allow(clippy::unused_self)] // as `strong`
    pub(crate) fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    #[must_use]
    pub(crate) fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub(crate) fn good(self) -> Style {
        self.fg(Color::Green)
    }

    #[must_use]
    pub(crate) fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }

    #[must_use]
    pub(crate) fn focused_border(self) -> Style {
        self.fg(Color::Cyan)
    }
}
