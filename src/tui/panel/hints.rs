//! The bottom line: the keys that work now, or a status message.

use super::super::action::hint_line;
use super::super::app::{App, Mode};
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The hint line cut to whole entries, never mid-word: the first entry (what the keys do here)
/// and the last three (export, help, quit or leave) are kept longest; the entries between them
/// go first, nearest the end first.
fn fit_entries(text: &str, width: usize) -> String {
    let sep = if text.contains(" · ") { " · " } else { "  " };
    let mut entries: Vec<&str> = text.split(sep).collect();
    while entries.len() > 1 && crate::text::width(&entries.join(sep)) > width {
        let at = if entries.len() > 4 {
            entries.len() - 4
        } else {
            entries.len() - 2
        };
        entries.remove(at.max(1).min(entries.len() - 1));
    }
    crate::text::fit(&entries.join(sep), width)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: Theme, narrow: bool) {
    let context = crate::tui::context(app);
    let keys = hint_line(context, narrow);
    let width = usize::from(area.width).saturating_sub(1);
    let browsing = matches!(app.mode, Mode::Browse);
    let line = match (&app.status, &app.notice) {
        (Some(status), _) if browsing => Line::styled(
            format!(" {}", crate::text::shorten(status, width)),
            theme.good(),
        ),
        // A note that stays until dismissed says how where there is room; where there is
        // less, what follows its "label: " (the command to run) is kept whole longest.
        (None, Some(notice)) if browsing => {
            let command = notice.split_once(": ").map_or(notice.as_str(), |(_, c)| c);
            let text = [
                format!("{notice} · Esc hides"),
                notice.clone(),
                command.to_owned(),
            ]
            .into_iter()
            .find(|t| crate::text::width(t) <= width)
            .unwrap_or_else(|| crate::text::shorten(command, width));
            Line::styled(format!(" {text}"), theme.good())
        }
        _ => Line::styled(
            format!(
                " {}",
                fit_entries(&keys, usize::from(area.width).saturating_sub(1))
            ),
            theme.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(line), area);
}

#[cfg(test)]
mod tests {
    use super::fit_entries;

    #[test]
    fn the_hint_line_drops_whole_entries_and_keeps_help_and_quit() {
        let line =
            "↑↓ choose · 1-9 answer · Tab next · / find · w weights · e export · ? help · q quit";
        for width in [79, 60, 40, 30] {
            let fitted = fit_entries(line, width);
            assert!(crate::text::width(&fitted) <= width, "{fitted}");
            assert!(fitted.ends_with("q quit"), "{width}: {fitted}");
            // Every entry shown is whole.
            for entry in fitted.split(" · ") {
                assert!(line.contains(entry), "{entry}");
            }
        }
        assert_eq!(fit_entries(line, 200), line);
    }
}
