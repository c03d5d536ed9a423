//! The bottom line: the keys that work now, or a status message.

use super::super::action::BROWSE;
use super::super::app::{App, Export, Mode};
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The question view's hint line, from the one table of its keys.
fn browse_hint(narrow: bool) -> String {
    let hints: Vec<&str> = BROWSE
        .iter()
        .map(|b| if narrow { b.narrow_hint } else { b.hint })
        .filter(|h| !h.is_empty())
        .collect();
    hints.join(" · ")
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: Theme, narrow: bool) {
    let keys = match &app.mode {
        Mode::Browse if app.editing() && !app.field_left => {
            "type to edit · ↑↓ step · Enter/Tab next · S-Tab back · Esc leave the field · Ctrl-C quit"
        }
        Mode::Browse if app.editing() => &format!("Enter edit · {}", browse_hint(narrow)),
        Mode::Browse => &browse_hint(narrow),
        Mode::Search { .. } => "type to search  ↑↓ pick  Enter go  Esc cancel",
        Mode::Weights { .. } => "↑↓ criterion  ←→ weight  0 reset  Esc done",
        Mode::Export(Export::Confirm { .. }) => {
            "y replace the bundle's files  n choose another folder"
        }
        Mode::Export(Export::Done { .. }) | Mode::Help => "any key to close",
        Mode::Export(_) => "Enter write the bundle  Esc cancel",
        Mode::NameScenario { .. } => "type a name  Enter save  Esc cancel",
        Mode::Scenarios { .. } => "←→ pick  Enter load  d delete  Esc close",
        Mode::Review { .. } => "↑↓ pick an assumed answer  Enter answer it  e export  Esc back",
    };
    let line = match &app.status {
        Some(status) if matches!(app.mode, Mode::Browse) => {
            Line::styled(format!(" {status}"), theme.good())
        }
        _ => Line::styled(format!(" {keys}"), theme.dim()),
    };
    frame.render_widget(Paragraph::new(line), area);
}
