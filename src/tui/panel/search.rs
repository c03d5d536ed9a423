//! `/`: type part of a question's prompt or id, pick it, Enter to go there.

use super::super::app::App;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use tui_input::Input;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    input: &Input,
    cursor: usize,
    theme: Theme,
) {
    let width = 70.min(area.width);
    let height = 14.min(area.height);
    let popup = super::centered(area, width, height);
    let inner_width = usize::from(width.saturating_sub(2));
    let found = app.search(input.value());
    let mut lines = vec![Line::from(vec![
        Span::styled(" Find: ", theme.strong()),
        Span::raw(input.value().to_owned()),
    ])];
    if found.is_empty() {
        lines.push(Line::styled(" No question matches.", theme.dim()));
    }
    let room = usize::from(height.saturating_sub(3));
    let first = cursor.saturating_sub(room.saturating_sub(1));
    for (k, &i) in found.iter().enumerate().skip(first).take(room) {
        let question = &app.model.questionnaire.questions[i];
        let text = format!(" {} — {}", question.driver, question.prompt);
        let style = if k == cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(super::fit(&text, inner_width), style));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(super::block(" Find a question ", theme, true)),
        popup,
    );
    let col = popup.x + 8 + u16::try_from(input.visual_cursor()).unwrap_or(0);
    if col < popup.x + popup.width && popup.height > 2 {
        frame.set_cursor_position(Position::new(col, popup.y + 1));
    }
}
