//! One line: the answers that decide it now, and the nearest answer that would flip it.

use super::super::app::App;
use super::super::snapshot::Snapshot;
use super::super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, snap: &Snapshot, theme: Theme) {
    let q = &app.model.questionnaire;
    let r = &snap.assessment.evaluation.resolved;
    let reasons: Vec<String> = snap
        .reasons()
        .into_iter()
        .take(3)
        .map(|(i, gain)| {
            let question = &q.questions[i];
            format!(
                "{} “{}” +{gain:.1}",
                super::fit(&question.driver, 18),
                super::fit(&question.short_value(&r.values[i]), 16)
            )
        })
        .collect();
    let why = if reasons.is_empty() {
        "Why: no answer separates the leader yet".to_owned()
    } else {
        format!("Why: {}", reasons.join(" · "))
    };
    let flip = snap
        .flips
        .iter()
        .find(|f| f.recommendation_changes)
        .map(|f| format!("Would flip: {}", crate::report::flip_text::change(q, f)));
    let width = usize::from(area.width);
    let mut spans = vec![Span::styled(format!(" {why}"), theme.strong())];
    if let Some(flip) = flip {
        let used = why.chars().count() + 1;
        let room = width.saturating_sub(used + 3);
        if room > 12 {
            spans.push(Span::raw("   "));
            spans.push(Span::styled(super::fit(&flip, room), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
