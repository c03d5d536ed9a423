//! `e`: the folder to write the bundle into, a question before replacing, and what was written.

use super::super::app::Export;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, state: &Export, theme: Theme) {
    let width = 76.min(area.width);
    let height = match state {
        Export::Done { files } => u16::try_from(files.len() + 5).unwrap_or(u16::MAX),
        _ => 8,
    }
    .min(area.height);
    let popup = super::centered(area, width, height);
    let inner_width = usize::from(width.saturating_sub(2));
    let mut cursor = None;
    let lines: Vec<Line> = match state {
        Export::Editing { input } | Export::Failed { input, .. } => {
            let field_width = inner_width.saturating_sub(10);
            let scroll = input.visual_scroll(field_width);
            let shown: String = input
                .value()
                .chars()
                .skip(scroll)
                .take(field_width)
                .collect();
            let col = popup.x
                + 1
                + 9
                + u16::try_from(input.visual_cursor().saturating_sub(scroll)).unwrap_or(0);
            cursor = Some(Position::new(
                col.min(popup.x + popup.width.saturating_sub(2)),
                popup.y + 2,
            ));
            let mut lines = vec![
                Line::raw(" Write the recommendation bundle into this folder:"),
                Line::from(vec![
                    Span::styled(" Folder: ", theme.strong()),
                    Span::raw(shown),
                ]),
                Line::raw(""),
            ];
            if let Export::Failed { message, .. } = state {
                for l in textwrap::wrap(&format!("✗ {message}"), inner_width.saturating_sub(1)) {
                    lines.push(Line::styled(format!(" {l}"), theme.error()));
                }
            } else {
                lines.push(Line::styled(
                    " recommendation.md, .json, answers.toml and the deployable sample",
                    theme.dim(),
                ));
            }
            lines
        }
        Export::Confirm { dir } => vec![
            Line::raw(format!(
                " {} already holds files.",
                super::fit(&dir.display().to_string(), inner_width.saturating_sub(20))
            )),
            Line::raw(" Replace the bundle's files in it? Other files are left alone."),
            Line::raw(""),
            Line::styled(" y  replace     n  choose another folder", theme.strong()),
        ],
        Export::Done { files } => {
            let mut lines = vec![Line::styled(" ✓ Written:", theme.good())];
            lines.extend(files.iter().map(|f| {
                Line::raw(format!(
                    "   {}",
                    super::fit(&f.display().to_string(), inner_width.saturating_sub(3))
                ))
            }));
            lines.push(Line::styled(" Any key closes this.", theme.dim()));
            lines
        }
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Export ", theme, true)),
        popup,
    );
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
}
