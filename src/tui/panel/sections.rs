//! The section list with progress; the focused section unfolds into its questions.

use super::super::app::App;
use super::super::layout::{SectionRow, inner, section_rows};
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, sections: &[Vec<usize>], theme: Theme) {
    let q = &app.model.questionnaire;
    let width = usize::from(inner(area).width);
    let current = q.questions[app.focus].section;
    let lines: Vec<Line> = section_rows(app, sections)
        .into_iter()
        .map(|row| match row {
            SectionRow::Section(s) => {
                let ids = &sections[s];
                let done = ids
                    .iter()
                    .filter(|&&i| app.answers.get(i).is_some())
                    .count();
                let mark = if s == current {
                    "▸"
                } else if done == ids.len() {
                    "✓"
                } else {
                    " "
                };
                let count = format!("{done}/{}", ids.len());
                let title = super::fit(&q.sections[s].title, width.saturating_sub(count.len() + 3));
                let pad = width.saturating_sub(crate::text::width(&title) + count.len() + 2);
                let style = if s == current {
                    theme.strong()
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(vec![
                    Span::styled(format!("{mark} {title}"), style),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(count, theme.dim()),
                ])
            }
            SectionRow::Question(i) => {
                let mark = if app.answers.get(i).is_some() {
                    "✓"
                } else {
                    "·"
                };
                let text = format!("  {mark} {}", q.questions[i].driver);
                let style = if i == app.focus {
                    theme.selected()
                } else {
                    theme.dim()
                };
                Line::styled(super::fit(&text, width), style)
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Sections ", theme, false)),
        area,
    );
}
