//! `e`: the folder to write the bundle into, a question before replacing, and what was written.

use super::super::app::Export;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, state: &Export, theme: Theme) {
    let width = 76.min(area.width);
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
            cursor = Some(u16::try_from(input.visual_cursor().saturating_sub(scroll)).unwrap_or(0));
            let mut lines = vec![
                Line::raw(" Write the bundle into this folder:"),
                Line::from(vec![
                    Span::styled(" Folder: ", theme.strong()),
                    Span::raw(shown),
                ]),
                Line::raw(""),
            ];
            if let Export::Failed { message, .. } = state {
                lines.extend(super::sentences(
                    &format!("✗ {message}"),
                    inner_width,
                    theme.error(),
                ));
            } else {
                lines.extend(super::sentences(
                    "recommendation.md, .json, answers.toml and the deployable sample",
                    inner_width,
                    theme.dim(),
                ));
            }
            lines
        }
        Export::Confirm { dir, plan } => {
            let mut lines = vec![Line::raw(format!(
                " {} already holds files.",
                super::fit(&dir.display().to_string(), inner_width.saturating_sub(20))
            ))];
            lines.extend(super::sentences(
                "Replace the bundle's files in it? Other files are left alone.",
                inner_width,
                ratatui::style::Style::new(),
            ));
            for line in plan {
                lines.extend(super::sentences(
                    &format!("· It {}", crate::text::clean(line)),
                    inner_width,
                    theme.dim(),
                ));
            }
            lines.push(Line::raw(""));
            lines.extend(super::sentences(
                &super::super::action::hint_line(
                    super::super::action::Context::ExportConfirm,
                    false,
                ),
                inner_width,
                theme.strong(),
            ));
            lines
        }
        Export::Done { files, notes } => {
            let mut lines = vec![Line::styled(" ✓ Written:", theme.good())];
            lines.extend(files.iter().map(|f| {
                Line::raw(format!(
                    "   {}",
                    super::fit(&f.display().to_string(), inner_width.saturating_sub(3))
                ))
            }));
            for note in notes {
                lines.extend(super::sentences(
                    &crate::text::clean(note),
                    inner_width,
                    theme.dim(),
                ));
            }
            lines.push(Line::styled(" Any key closes this.", theme.dim()));
            lines
        }
    };
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = super::centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Export ", theme, true)),
        popup,
    );
    // The folder is the second line, after the label " Folder: ".
    if let Some(at) = cursor
        && popup.height > 3
    {
        let col = (popup.x + 1 + 9 + at).min(popup.x + popup.width.saturating_sub(2));
        frame.set_cursor_position(Position::new(col, popup.y + 2));
    }
}
