//! The top line: what is being decided, progress, and who leads.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let e = &snap.assessment.evaluation;
    let (answered, shown) = snap.resolved().progress();
    let leading = match e.recommended {
        Some(o) if e.options.iter().filter(|r| !r.excluded()).count() == 1 => {
            format!(
                "leading: {} (the only option not excluded)",
                q.options[o].name
            )
        }
        Some(o) => format!("leading: {} (+{:.1})", q.options[o].name, e.margin),
        None => "no option qualifies".to_owned(),
    };
    let right = format!("{answered}/{shown} answered · {leading} ");
    let left = format!(" tradeoff · {}", q.title);
    let width = usize::from(area.width);
    let room = width.saturating_sub(crate::text::width(&right));
    let line = if crate::text::width(&left) < room {
        let pad = room - crate::text::width(&left);
        Line::from(vec![
            Span::styled(left, theme.title()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, theme.strong()),
        ])
    } else {
        // Narrow: the leader matters more than the title.
        Line::from(Span::styled(
            super::fit(&format!(" {right}"), width),
            theme.strong(),
        ))
    };
    frame.render_widget(Paragraph::new(line), area);
}
