//! `w`: every scoring criterion's weight, changed live while the scores follow.

use super::super::app::App;
use super::super::layout::inner;
use super::super::theme::Theme;
use crate::engine::weight;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, cursor: usize, theme: Theme) {
    let q = &app.model.questionnaire;
    let rows = app.weighted();
    let body = inner(area);
    let width = usize::from(body.width);
    let height = usize::from(body.height).saturating_sub(3).max(1);
    let first = cursor.saturating_sub(height - 1);
    let mut lines: Vec<Line> = textwrap::wrap(
        "Each criterion's points × its weight (0 ignores it; exclusions still apply):",
        width.max(1),
    )
    .into_iter()
    .map(|l| Line::styled(l.into_owned(), theme.dim()))
    .collect();
    lines.push(Line::raw(""));
    for (row, &i) in rows.iter().enumerate().skip(first).take(height) {
        let w = weight(q, &app.answers, i);
        let changed = app.answers.weight(i).is_some();
        let label = crate::text::pad(&q.questions[i].driver, width.saturating_sub(22));
        let bar = super::scores::bar(w / 4.0, 8);
        let text = format!(
            "{label} ×{:<4} {bar}{}",
            crate::cost::num(w),
            if changed { " *" } else { "" },
        );
        let style = if row == cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(super::fit(&text, width), style)));
    }
    frame.render_widget(
        Paragraph::new(lines).block(super::block(
            super::title(" Weights · ←→ change · 0 reset · Esc done ", area),
            theme,
            true,
        )),
        area,
    );
}
